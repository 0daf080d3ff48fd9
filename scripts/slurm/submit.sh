#!/bin/sh
# Scale-out of `intlkpi works` on a Slurm cluster: one array task per
# snapshot shard writes a partial, then one dependent job merges them.
#   sh scripts/slurm/submit.sh SHARD_LIST OUT_DIR [works options...]
# SHARD_LIST: one input file per line (e.g. the OpenAlex snapshot's
# data/works/updated_date=*/part_*.gz). The works options (--institutions,
# --years) are passed to every task; merge refuses partials made with
# different ones. The result is OUT_DIR/works.json.
set -eu
list=$1 out=$2
shift 2
n=$(grep -c . "$list")
[ "$n" -gt 0 ] || { echo "submit: $list lists no shard" >&2; exit 2; }
mkdir -p "$out/partials" "$out/logs"
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array=1-"$n" --output="$out/logs/%A_%a.log" \
	--export=ALL,SHARDS="$list",OUT="$out" "$here/works-task.sbatch" "$@")
sbatch --parsable --dependency=afterok:"$array" --output="$out/logs/merge.log" \
	--export=ALL,OUT="$out" "$here/works-merge.sbatch"
