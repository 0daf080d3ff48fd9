#!/bin/sh
# make bench: intlkpi works against DuckDB on the same jobs over the same
# generated OpenAlex JSON Lines file (plain and gzip): ALL institutions of
# the file (`--institutions all`, and DuckDB grouping by every institution
# id and lineage id) and 100 of them (a list). Checks that both give the
# same numbers and prints seconds, MB/s, peak RSS and the ratios, all
# measured in this one run.
#
#   BENCH_SIZE=1G         size of the generated file (K, M, G suffixes)
#   BENCH_DIR=/tmp/...    where data and DuckDB's npm package live
#                         (default ${TMPDIR:-/tmp}/intlkpi-bench; outside the repo)
#   BENCH_REPEAT=2        runs per job; the fastest counts (the machine is shared)
#   BENCH_JQ=1            also jq on the 100 institutions (slow: minutes per GB)
#   BENCH_10G=1           also the peak RSS of intlkpi over a 10x larger
#                         file (the generated one concatenated ten times)
#   BENCH_BIN=./intlkpi   the binary to time
#
# DuckDB comes from npm (@duckdb/node-api, installed into BENCH_DIR): the
# machine reaches Debian's archive and npm, and Debian has no DuckDB.
set -eu
cd "$(dirname "$0")/../.."
HERE=$(pwd)/scripts/bench
BIN=${BENCH_BIN:-$(pwd)/intlkpi}
SIZE=${BENCH_SIZE:-1G}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/intlkpi-bench}
REPEAT=${BENCH_REPEAT:-2}
FROM=2014
TO=2023
mkdir -p "$DIR"

missing=""
for t in python3 node npm gzip; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ "${BENCH_JQ:-0}" = 0 ] || command -v jq >/dev/null 2>&1 || missing="$missing jq"
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
INST=$DIR/institutions100.txt
REC=$DIR/records.jsonl
if [ ! -s "$DATA" ] || [ ! -s "$INST" ] || [ ! -s "$REC" ]; then
	echo "bench: generating $DATA" >&2
	python3 "$HERE/gen_works.py" --bytes "$SIZE" --seed 42 --pick 100 --institutions-out "$INST" \
		--records-out "$REC" "$DATA.tmp"
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
echo "input: $DATA, $BYTES bytes, $LINES works; gzip $ZBYTES bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

RES=$DIR/results
rm -f "$RES"
OUT=$DIR/out
rm -rf "$OUT"
mkdir -p "$OUT"

# bench NAME NORMALISER CMD...: times CMD (stdout to a file), records the figures
bench() {
	name=$1 norm=$2
	shift 2
	# cache the file's pages first so every tool reads from memory
	cat "$DATA" "$DATA.gz" >/dev/null
	best=""
	r=0
	while [ $r -lt "$REPEAT" ]; do
		r=$((r + 1))
		f=$(python3 "$HERE/measure.py" "$OUT/$name.raw" "$@") || { echo "bench: $name failed" >&2; exit 1; }
		best=$(printf '%s\n%s\n' "$best" "$f" | awk 'NF == 2 && (b == "" || $1 < b) { b = $1; l = $0 } END { print l }')
	done
	case $norm in
	intlkpi) python3 "$HERE/normalise.py" "$OUT/$name.raw" >"$OUT/$name.txt" ;;
	sorted) sort "$OUT/$name.raw" >"$OUT/$name.txt" ;;
	none) ;;
	esac
	rm -f "$OUT/$name.raw"
	echo "$name $best" >>"$RES"
	echo "  $name: $best (s, KiB)" >&2
}

W="$BIN works -q --years $FROM-$TO"
for set in 100 all; do
	case $set in 100) I=$INST ;; all) I=all ;; esac
	bench "intlkpi-$set-1" intlkpi $W --institutions "$I" "$DATA"
	bench "intlkpi-$set-2" intlkpi $W --institutions "$I" --jobs 2 "$DATA"
	bench "intlkpi-$set-gz-1" intlkpi $W --institutions "$I" "$DATA.gz"
	bench "intlkpi-$set-gz-2" intlkpi $W --institutions "$I" --jobs 2 "$DATA.gz"
	bench "duckdb-$set-1" sorted node "$DIR/duckdb.mjs" "$DATA" "$I" 1 $FROM $TO
	bench "duckdb-$set-2" sorted node "$DIR/duckdb.mjs" "$DATA" "$I" 2 $FROM $TO
	bench "duckdb-$set-gz-2" sorted node "$DIR/duckdb.mjs" "$DATA.gz" "$I" 2 $FROM $TO
done
# the Leiden table of every institution, with the institution records (not compared)
bench intlkpi-leiden-2 none $W --institutions all --institution-records "$REC" --format leiden --jobs 2 "$DATA"
if [ "${BENCH_JQ:-0}" != 0 ]; then
	REPEAT=1 bench jq-100-1 sorted jq -n -r --rawfile subj "$INST" --argjson from $FROM --argjson to $TO \
		-f "$HERE/works.jq" "$DATA"
fi

same=yes
for set in 100 all; do
	for f in "$OUT"/*-"$set"-*.txt; do
		cmp -s "$OUT/intlkpi-$set-1.txt" "$f" ||
			{ same=no; echo "bench: $(basename "$f" .txt) differs from intlkpi-$set-1" >&2; }
	done
	echo "same numbers, $set institutions (works, international works, partner countries;" \
		"$(wc -l <"$OUT/intlkpi-$set-1.txt") rows, $(cut -d, -f2 "$OUT/intlkpi-$set-1.txt" | sort -u | wc -l)" \
		"institutions): $same"
done

python3 - "$RES" "$BYTES" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
size = int(sys.argv[2])
fig = {n: (float(s), int(k)) for n, s, k in rows}
print("%-18s %8s %8s %10s %12s" % ("run", "s", "MB/s", "peak MiB", "vs duckdb-2"))
for n, (s, k) in fig.items():
    parts = n.split("-")
    ref = None
    if parts[0] in ("intlkpi", "duckdb") and parts[1] in ("100", "all"):
        ref = "duckdb-%s-%s2" % (parts[1], "gz-" if "gz" in parts else "")
    ratio = "%11.2fx" % (fig[ref][0] / s) if ref in fig else "%12s" % "-"
    print("%-18s %8.2f %8.0f %10.1f %s" % (n, s, size / s / 1e6, k / 1024, ratio))
print("(MB/s of uncompressed JSON; each run against DuckDB with 2 threads on the same job and input)")
for t in ("1", "2", "gz-1", "gz-2"):
    a, h = fig.get("intlkpi-all-" + t), fig.get("intlkpi-100-" + t)
    if a and h:
        print("intlkpi %-5s all institutions / 100 institutions: %.2fx the time" % (t, a[0] / h[0]))
d = fig.get("duckdb-all-2"), fig.get("duckdb-100-2")
if d[0] and d[1]:
    print("duckdb  2     all institutions / 100 institutions: %.2fx the time" % (d[0][0] / d[1][0]))
PY

if [ "${BENCH_10G:-0}" = 1 ]; then
	BIG=$DIR/works-10x.jsonl
	[ -s "$BIG" ] || for i in 1 2 3 4 5 6 7 8 9 10; do cat "$DATA"; done >"$BIG"
	fig=$(python3 "$HERE/measure.py" /dev/null $W --institutions all --jobs 2 "$BIG")
	echo "10x input ($(wc -c <"$BIG") bytes), all institutions, --jobs 2: $fig (s, peak KiB)"
fi
[ "$same" = yes ]
