#!/bin/sh
# The same flow without Slurm: N processes at a time (xargs -P), one
# partial per shard, then one merge; the result is OUT_DIR/works.json.
#   sh scripts/slurm/local.sh SHARD_LIST OUT_DIR N [works options...]
# (works options without spaces; INTLKPI names the binary, default intlkpi)
set -eu
list=$1 out=$2 n=$3
shift 3
INTLKPI=${INTLKPI:-intlkpi}
WORKS_OPTS="$*"
export INTLKPI WORKS_OPTS
mkdir -p "$out/partials"
rm -f "$out"/partials/*.partial
# shellcheck disable=SC2016
awk -v out="$out" 'NF { print out "/partials/" NR ".partial"; print }' "$list" |
	xargs -P "$n" -n 2 sh -c '# shellcheck disable=SC2086
exec "$INTLKPI" works -q $WORKS_OPTS --partial "$0" "$1"'
"$INTLKPI" merge "$out"/partials/*.partial -o "$out/works.json"
