#!/bin/sh
# make bench: intlkpi works against DuckDB on the same jobs over the same
# generated OpenAlex JSON Lines file (plain and gzip): ALL institutions of
# the file (`--institutions all`, and DuckDB grouping by every institution
# id and lineage id) and 100 of them (a list). Checks that both give the
# same numbers and prints seconds, MB/s, peak RSS, cores busy and the ratios
# the targets of docs/works.md name, all measured in this one run: the jobs
# are interleaved round by round (a load that comes and goes hits every
# tool alike) and the fastest round of each counts.
#
#   BENCH_SIZE=1G         size of the generated file (K, M, G suffixes)
#   BENCH_DIR=/tmp/...    where data and DuckDB's npm package live
#                         (default ${TMPDIR:-/tmp}/intlkpi-bench; outside the repo)
#   BENCH_REPEAT=3        rounds; the fastest of each job counts (the machine is shared)
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
REPEAT=${BENCH_REPEAT:-3}
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
MANY=$DIR/many10k.jsonl
[ -s "$MANY" ] || python3 "$HERE/gen_many.py" --institutions 10000 --works 100000 "$MANY" >/dev/null
BYTES=$(wc -c <"$DATA")
ZBYTES=$(wc -c <"$DATA.gz")
LINES=$(wc -l <"$DATA")
echo "input: $DATA, $BYTES bytes, $LINES works; gzip $ZBYTES bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

RES=$DIR/results
rm -f "$RES"
OUT=$DIR/out
rm -rf "$OUT"
mkdir -p "$OUT"

# job NAME NORMALISER CMD...: one round of CMD (stdout to a file); figures to $RES
job() {
	name=$1 norm=$2
	shift 2
	f=$(python3 "$HERE/measure.py" "$OUT/$name.raw" "$@") || { echo "bench: $name failed" >&2; exit 1; }
	echo "$name $f" >>"$RES"
	if [ ! -e "$OUT/$name.txt" ]; then
		case $norm in
		intlkpi) python3 "$HERE/normalise.py" "$OUT/$name.raw" >"$OUT/$name.txt" ;;
		sorted) sort "$OUT/$name.raw" >"$OUT/$name.txt" ;;
		none) : >"$OUT/$name.txt" ;;
		esac
	fi
	rm -f "$OUT/$name.raw"
	echo "  $name: $f (s, KiB, CPU s)" >&2
}

W="$BIN works -q --years $FROM-$TO"
r=0
while [ $r -lt "$REPEAT" ]; do
	r=$((r + 1))
	echo "round $r of $REPEAT (load $(cut -d' ' -f1 /proc/loadavg))" >&2
	cat "$DATA" "$DATA.gz" >/dev/null	# every tool reads from the page cache
	for set in 100 all; do
		case $set in 100) I=$INST ;; all) I=all ;; esac
		job "duckdb-$set-2" sorted node "$DIR/duckdb.mjs" "$DATA" "$I" 2 $FROM $TO
		job "intlkpi-$set-1" intlkpi $W --institutions "$I" "$DATA"
		job "intlkpi-$set-2" intlkpi $W --institutions "$I" --jobs 2 "$DATA"
		job "duckdb-$set-gz-2" sorted node "$DIR/duckdb.mjs" "$DATA.gz" "$I" 2 $FROM $TO
		job "intlkpi-$set-gz-2" intlkpi $W --institutions "$I" --jobs 2 "$DATA.gz"
	done
	job "intlkpi-leiden-2" none $W --institutions all --institution-records "$REC" --format leiden \
		--jobs 2 "$DATA"
done
# once: DuckDB with one thread, the gzip file with one, 10,000 institutions
job "duckdb-all-1" sorted node "$DIR/duckdb.mjs" "$DATA" all 1 $FROM $TO
job "intlkpi-all-gz-1" intlkpi $W --institutions all "$DATA.gz"
job "many-10k-2" none "$BIN" works -q --institutions all --format csv --jobs 2 "$MANY"
job "many-10k-1" none "$BIN" works -q --institutions all --format csv "$MANY"
head -1 "$MANY" >"$DIR/one.jsonl"
job "baseline-1" none "$BIN" works -q --institutions all --format csv "$DIR/one.jsonl"
"$BIN" works -q --institutions all --format csv "$MANY" | tail -n +2 | wc -l >"$OUT/many.rows"
if [ "${BENCH_JQ:-0}" != 0 ]; then
	job jq-100-1 sorted jq -n -r --rawfile subj "$INST" --argjson from $FROM --argjson to $TO \
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

python3 - "$RES" "$BYTES" "$(cat "$OUT/many.rows")" <<'PY'
import sys
size, many_rows = int(sys.argv[2]), int(sys.argv[3])
fig = {}
for line in open(sys.argv[1]):
    n, s, k, c = line.split()
    s, k, c = float(s), int(k), float(c)
    if n not in fig or s < fig[n][0]:
        fig[n] = (s, k, c)
print("%-18s %7s %7s %9s %6s %12s" % ("run (fastest)", "s", "MB/s", "peak MiB", "busy", "vs duckdb-2"))
for n, (s, k, c) in fig.items():
    parts = n.split("-")
    ref = None
    if parts[0] in ("intlkpi", "duckdb") and parts[1] in ("100", "all"):
        ref = "duckdb-%s-%s2" % (parts[1], "gz-" if "gz" in parts else "")
    ratio = "%11.2fx" % (fig[ref][0] / s) if ref in fig else "%12s" % "-"
    print("%-18s %7.2f %7.0f %9.1f %6.2f %s" % (n, s, size / s / 1e6, k / 1024, c / s, ratio))
print("(MB/s of uncompressed JSON; busy: CPU seconds over wall seconds; each run against")
print(" DuckDB with 2 threads on the same job and input)")

def ratio(a, b):
    return fig[b][0] / fig[a][0] if a in fig and b in fig else float("nan")
rss10k = max(fig[n][1] for n in ("many-10k-1", "many-10k-2")) / 1024
rss_all = max(fig[n][1] for n in fig if n.startswith("intlkpi-")) / 1024
t = [
    ("plain --jobs 2, all, vs DuckDB 2 threads", ratio("intlkpi-all-2", "duckdb-all-2"), ">=", 5.0, "x"),
    ("plain --jobs 2, 100, vs DuckDB 2 threads", ratio("intlkpi-100-2", "duckdb-100-2"), ">=", 5.0, "x"),
    ("one thread, all, vs DuckDB 2 threads", ratio("intlkpi-all-1", "duckdb-all-2"), ">=", 3.0, "x"),
    ("one thread, 100, vs DuckDB 2 threads", ratio("intlkpi-100-1", "duckdb-100-2"), ">=", 3.0, "x"),
    ("gzip --jobs 2, all, vs DuckDB 2 threads", ratio("intlkpi-all-gz-2", "duckdb-all-gz-2"), ">=", 3.5, "x"),
    ("gzip --jobs 2, 100, vs DuckDB 2 threads", ratio("intlkpi-100-gz-2", "duckdb-100-gz-2"), ">=", 3.5, "x"),
    ("all / 100 institutions, --jobs 2", fig["intlkpi-all-2"][0] / fig["intlkpi-100-2"][0], "<=", 1.3, "x"),
    ("all / 100 institutions, one thread", fig["intlkpi-all-1"][0] / fig["intlkpi-100-1"][0], "<=", 1.3, "x"),
    ("cores busy at --jobs 2, all", fig["intlkpi-all-2"][2] / fig["intlkpi-all-2"][0], ">=", 1.85, ""),
    ("peak RSS, 10,000 institutions (MiB)", rss10k, "<=", 64, ""),
    ("peak RSS, any run of the bench file (MiB)", rss_all, "<=", 64, ""),
]
print("\ntargets (docs/works.md), this run:")
for name, v, op, goal, unit in t:
    ok = v >= goal if op == ">=" else v <= goal
    print("  %-44s %7.2f%s  target %s %g%s  %s" % (name, v, unit, op, goal, unit, "met" if ok else "NOT MET"))
base = fig["baseline-1"][1] / 1024
print("10,000 institutions (gen_many, 100,000 works): %d institution-years, peak %.1f MiB, "
      "%.1f MiB over the baseline of one work (%.1f MiB): %.0f bytes per institution-year"
      % (many_rows, rss10k, rss10k - base, base,
         (rss10k - base) * 1048576 / many_rows if many_rows else 0))
PY

if [ "${BENCH_10G:-0}" = 1 ]; then
	BIG=$DIR/works-10x.jsonl
	[ -s "$BIG" ] || for i in 1 2 3 4 5 6 7 8 9 10; do cat "$DATA"; done >"$BIG"
	fig=$(python3 "$HERE/measure.py" /dev/null $W --institutions all --jobs 2 "$BIG")
	echo "10x input ($(wc -c <"$BIG") bytes), all institutions, --jobs 2: $fig (s, peak KiB, CPU s)"
fi
[ "$same" = yes ]
