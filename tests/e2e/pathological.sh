#!/bin/sh
# Pathological input: huge or deeply nested files either work in bounded
# time and memory or fail with a clear error; growth from N to 4N stays
# roughly linear (a ratio, not a timing, so machine noise matters less).
. tests/e2e/lib.sh

# big_csv ROWS FILE: a students file with ROWS rows over 5 years and 200 keys
big_csv() {
	python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("year,country,students\n")
    for i in range(n):
        f.write("%d,K%03d,%d\n" % (2019 + i % 5, (i // 5) % 200, i % 97))
PY
}

# seconds CMD...: wall time of a command in milliseconds, into $ms
elapsed() {
	start=$(date +%s%N)
	"$@" >/dev/null 2>"$TMP/err"
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

copy_fixture
big_csv 250000 "$TMP/cfg/data/students.csv"
elapsed "$BIN" compute --config "$TMP/cfg" --output "$TMP/o1"
small=$ms
[ "$rc" -eq 0 ] && ok || bad "250k-row CSV: exit $rc"
big_csv 1000000 "$TMP/cfg/data/students.csv"
/usr/bin/time -f '%M' -o "$TMP/rss" "$BIN" compute --config "$TMP/cfg" --output "$TMP/o2" 2>/dev/null
rc=$?
elapsed "$BIN" compute --config "$TMP/cfg" --output "$TMP/o2"
large=$ms
[ "$rc" -eq 0 ] && ok || bad "1M-row CSV: exit $rc"
echo "csv rows 250k: ${small} ms, 1M: ${large} ms, peak RSS at 1M: $(cat "$TMP/rss") KiB"
# linear growth is 4x; allow noise up to 8x (quadratic would be 16x)
[ "$large" -le $((small * 8 + 500)) ] && ok || bad "1M rows took ${large} ms vs ${small} ms for 250k: worse than linear"
# 1M rows × ~20 bytes are summed into 1,000 observations: memory stays modest
[ "$(cat "$TMP/rss")" -lt 600000 ] && ok || bad "1M-row CSV used $(cat "$TMP/rss") KiB"
pycheck "1M rows summed per year and key" "$TMP/o2/observations.json" '
obs = [o for o in d["observations"] if o["metric"] == "intl_students"]
assert len(obs) == 5 * 200, len(obs)
total = sum(o["value"] for o in obs)
assert total == sum(i % 97 for i in range(1000000)), total
'

# a single 10 MB field: a clear error, quickly
copy_fixture
python3 -c '
import sys
f = open(sys.argv[1], "w")
f.write("year;enrolment;rank\n2019;\"" + "9" * 10_000_000 + "x\";1\n")' "$TMP/cfg/data/totals.csv"
elapsed "$BIN" compute --config "$TMP/cfg" --output "$TMP/o3"
[ "$rc" -eq 1 ] && ok || bad "10 MB field: exit $rc"
expect_err "10 MB field" "is not a number"
[ "$(wc -c <"$TMP/err")" -lt 2000 ] && ok || bad "10 MB field: the message should not repeat the cell whole"
[ "$ms" -lt 10000 ] && ok || bad "10 MB field took $ms ms"

# JSON nested 100,000 levels deep in a configuration file
copy_fixture
python3 -c 'import sys; open(sys.argv[1], "w").write("[" * 100000 + "]" * 100000)' "$TMP/cfg/kpi/share.json"
run_cmd "JSON nested 100k deep" 2 check --config "$TMP/cfg"
expect_err "JSON nested 100k deep" "kpi/share.json:1:"

# a formula nested 10,000 parentheses deep
copy_fixture
mutate kpi/rank.json 's = s.replace("\"formula\": \"rank\"", "\"formula\": \"" + "(" * 10000 + "rank" + ")" * 10000 + "\"")'
run_cmd "formula nested 10k deep" 2 check --config "$TMP/cfg"
expect_err "formula nested 10k deep" "nesting deeper than 256"

e2e_summary pathological
