#!/bin/sh
# make bench: intlkpi works against DuckDB (threads 1 and 2) and jq on the
# same generated OpenAlex JSON Lines file (plain and gzip), checks that all
# produce the same numbers, and prints MB/s, peak RSS and the ratios.
#
#   BENCH_SIZE=1G         size of the generated file (K, M, G suffixes)
#   BENCH_DIR=/tmp/...    where data and DuckDB's npm package live
#                         (default ${TMPDIR:-/tmp}/intlkpi-bench; outside the repo)
#   BENCH_JQ=0            skip jq (it is slow: minutes per GB)
#   BENCH_10G=1           also the peak RSS of intlkpi over a 10x larger
#                         file (the generated one concatenated ten times)
#   BENCH_REPEAT=3        runs per tool; the fastest counts (the machine is shared)
#   BENCH_BIN=./intlkpi   the binary to time
set -eu
cd "$(dirname "$0")/../.."
HERE=$(pwd)/scripts/bench
BIN=${BENCH_BIN:-$(pwd)/intlkpi}
SIZE=${BENCH_SIZE:-1G}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/intlkpi-bench}
FROM=2014
TO=2023
mkdir -p "$DIR"

missing=""
for t in python3 node npm jq gzip; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	echo "bench: missing:$missing (Debian: apt-get install python3 nodejs npm jq gzip)" >&2
	exit 1
fi
[ -x "$BIN" ] || { echo "bench: build intlkpi first (make)" >&2; exit 1; }
if [ ! -d "$DIR/node_modules/@duckdb/node-api" ]; then
	echo "bench: installing @duckdb/node-api into $DIR (npm)" >&2
	(cd "$DIR" && npm install --no-audit --no-fund --silent @duckdb/node-api >/dev/null) || {
		echo "bench: npm could not install @duckdb/node-api" >&2; exit 1; }
fi
cp "$HERE/duckdb.mjs" "$DIR/duckdb.mjs"	# ESM resolves packages beside the script

DATA=$DIR/works-$SIZE.jsonl
INST=$DIR/institutions.txt
if [ ! -s "$DATA" ] || [ ! -s "$INST" ]; then
	echo "bench: generating $DATA" >&2
	python3 "$HERE/gen_works.py" --bytes "$SIZE" --seed 42 --institutions-out "$INST" "$DATA.tmp"
	mv "$DATA.tmp" "$DATA"
	rm -f "$DATA.gz"
fi
if [ ! -s "$DATA.gz" ]; then
	echo "bench: compressing (gzip -6)" >&2
	gzip -6 -c "$DATA" >"$DATA.gz.tmp" && mv "$DATA.gz.tmp" "$DATA.gz"
fi
BYTES=$(wc -c <"$DATA")
ZBYTES=$(wc -c <"$DATA.gz")
LINES=$(wc -l <"$DATA")
echo "input: $DATA, $BYTES bytes, $LINES works; gzip $ZBYTES bytes; $(nproc) cores"
echo "institutions: $(grep -vc '^#' "$INST") ($INST), years $FROM-$TO"

RES=$DIR/results
rm -f "$RES"
OUT=$DIR/out
mkdir -p "$OUT"

# bench NAME NORMALISER CMD...: times CMD (stdout to a file), records the figures
bench() {
	name=$1 norm=$2
	shift 2
	cat /dev/null >"$OUT/$name.raw"
	# cache the file's pages first so every tool reads from memory
	cat "$DATA" "$DATA.gz" >/dev/null
	best=""
	r=0
	while [ $r -lt "${BENCH_REPEAT:-3}" ]; do
		r=$((r + 1))
		f=$(python3 "$HERE/measure.py" "$OUT/$name.raw" "$@") || { echo "bench: $name failed" >&2; exit 1; }
		best=$(printf '%s\n%s\n' "$best" "$f" | awk 'NF == 2 && (b == "" || $1 < b) { b = $1; l = $0 } END { print l }')
	done
	fig=$best
	case $norm in
	intlkpi) python3 "$HERE/normalise.py" "$OUT/$name.raw" >"$OUT/$name.txt" ;;
	sorted) sort "$OUT/$name.raw" >"$OUT/$name.txt" ;;
	esac
	echo "$name $fig" >>"$RES"
	echo "  $name: $fig (s, KiB)" >&2
}

W="$BIN works -q --institutions $INST --years $FROM-$TO"
bench intlkpi-1 intlkpi $W "$DATA"
bench intlkpi-2 intlkpi $W --jobs 2 "$DATA"
bench intlkpi-gz-1 intlkpi $W "$DATA.gz"
bench intlkpi-gz-2 intlkpi $W --jobs 2 "$DATA.gz"
bench duckdb-1 sorted node "$DIR/duckdb.mjs" "$DATA" "$INST" 1 $FROM $TO
bench duckdb-2 sorted node "$DIR/duckdb.mjs" "$DATA" "$INST" 2 $FROM $TO
bench duckdb-gz-2 sorted node "$DIR/duckdb.mjs" "$DATA.gz" "$INST" 2 $FROM $TO
if [ "${BENCH_JQ:-1}" != 0 ]; then
	BENCH_REPEAT=1 bench jq sorted jq -n -r --rawfile subj "$INST" --argjson from $FROM --argjson to $TO \
		-f "$HERE/works.jq" "$DATA"
fi

same=yes
for f in "$OUT"/*.txt; do
	cmp -s "$OUT/intlkpi-1.txt" "$f" || { same=no; echo "bench: $(basename "$f" .txt) differs from intlkpi-1" >&2; }
done
echo "same numbers (works, international works, partner countries; $(wc -l <"$OUT/intlkpi-1.txt") rows): $same"

python3 - "$RES" "$BYTES" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
size = int(sys.argv[2])
fig = {n: (float(s), int(k)) for n, s, k in rows}
print("%-14s %9s %10s %12s" % ("run", "MB/s", "peak MiB", "vs duckdb-2"))
for n, (s, k) in fig.items():
    base = fig["duckdb-gz-2" if "gz" in n else "duckdb-2"][0]
    print("%-14s %9.0f %10.1f %11.2fx" % (n, size / s / 1e6, k / 1024, base / s))
print("(MB/s of uncompressed JSON; gzip runs compared with duckdb-gz-2)")
PY

if [ "${BENCH_10G:-0}" = 1 ]; then
	BIG=$DIR/works-10x.jsonl
	[ -s "$BIG" ] || for i in 1 2 3 4 5 6 7 8 9 10; do cat "$DATA"; done >"$BIG"
	fig=$(python3 "$HERE/measure.py" /dev/null $W --jobs 2 "$BIG")
	echo "10x input ($(wc -c <"$BIG") bytes), --jobs 2: $fig (s, peak KiB)"
fi
[ "$same" = yes ]
