#!/bin/sh
# Scale-out of `intlkpi works` on a Slurm cluster: one array task per
# snapshot shard writes a partial, then one dependent job merges them.
#   sh scripts/slurm/submit.sh SHARD_LIST OUT_DIR [works options...]
# SHARD_LIST: one input file per line (e.g. the OpenAlex snapshot's
# data/works/updated_date=*/part_*.gz); blank lines are skipped; relative
# paths are taken from the directory submit.sh is run from. The works
# options (--institutions, --years) are passed to every task; merge refuses
# partials made with different ones. The result is OUT_DIR/works.json; the
# logs are in OUT_DIR/logs. OUT_DIR, its list and files must be on a file
# system that every node sees.
#
# Prints the merge job's id on standard output (poll it with
# `scontrol show job ID`); the array job's id goes to standard error.
# Environment:
#   INTLKPI        the binary, default `intlkpi` on the jobs' PATH (the
#                  jobs get this environment: --export=ALL)
#   INTLKPI_TASKS  at most this many array tasks; shards are dealt out
#                  round-robin when there are more (also capped by the
#                  cluster's MaxArraySize)
#   SBATCH_ACCOUNT, SBATCH_PARTITION, SBATCH_QOS, SBATCH_TIMELIMIT, ...
#                  sbatch's own input variables; they override the
#                  #SBATCH lines of both scripts
# A run replaces the partials and works.json of an earlier run in OUT_DIR.
# When a task fails, the merge job is cancelled (--kill-on-invalid-dep)
# rather than left pending; see OUT_DIR/logs/ARRAYID_TASK.log.
set -eu
[ $# -ge 2 ] || { echo "usage: submit.sh SHARD_LIST OUT_DIR [works options...]" >&2; exit 2; }
list=$1 out=$2
shift 2
[ -r "$list" ] || { echo "submit: cannot read $list" >&2; exit 2; }
n=$(awk 'NF { n++ } END { print n + 0 }' "$list")
[ "$n" -gt 0 ] || { echo "submit: $list lists no shard" >&2; exit 2; }
mkdir -p "$out/partials" "$out/logs"
# absolute paths: the jobs read them whatever their working directory
list=$(cd "$(dirname "$list")" && pwd)/$(basename "$list")
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# array indices run up to MaxArraySize - 1 (1001 by default)
max=$(scontrol show config 2>/dev/null | awk '$1 == "MaxArraySize" { print $3 }')
case $max in '' | *[!0-9]*) max=1001 ;; esac
tasks=$n
[ "$tasks" -lt "$max" ] || tasks=$((max - 1))
case ${INTLKPI_TASKS:-} in
'') ;;
*[!0-9]*) echo "submit: INTLKPI_TASKS=$INTLKPI_TASKS is not a number" >&2; exit 2 ;;
*) [ "$INTLKPI_TASKS" -ge "$tasks" ] || tasks=$INTLKPI_TASKS ;;
esac
[ "$tasks" -gt 0 ] || { echo "submit: no array task allowed" >&2; exit 2; }
rm -f "$out"/partials/*.partial "$out/works.json"
# --parsable prints "ID" or "ID;CLUSTER"
array=$(sbatch --parsable --export=ALL --array=1-"$tasks" --output="$out/logs/%A_%a.log" \
	"$here/works-task.sbatch" "$list" "$out" "$tasks" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
	--output="$out/logs/merge.log" "$here/works-merge.sbatch" "$out" "$tasks")
merge=${merge%%;*}
echo "submit: $n shards in array job $array ($tasks tasks), merge job $merge" >&2
echo "$merge"
