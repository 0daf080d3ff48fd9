#!/bin/sh
# Reliability: a run killed with SIGKILL at any moment leaves every output
# whole (the previous version or the new one, never a part); SIGINT and
# SIGTERM stop cleanly with 130 / 143 and remove temporary files.
. tests/e2e/lib.sh

copy_fixture
python3 - "$TMP/cfg/data/students.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("year,country,students\n")
    for i in range(400000):
        f.write("%d,K%03d,%d\n" % (2019 + i % 5, (i // 5) % 150, i % 97))
PY
OUT=$TMP/outdir
run_cmd "first complete run" 0 compute --config "$TMP/cfg" --output "$OUT"
python3 -c 'import json, sys; k = json.load(open(sys.argv[1]))
assert len(k["kpis"]) == 3
json.dump({x["id"]: x["status"] for x in k["kpis"]}, open(sys.argv[2], "w"))' "$OUT/kpis.json" "$TMP/statuses.json"

# every output parses and is complete; CSVs end with a whole line
check_outputs() {
	python3 - "$OUT" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
for name, schema in (("kpis.json", "intlkpi.kpis/3"), ("observations.json", "intlkpi.observations/1")):
    d = json.load(open(os.path.join(out, name)))
    assert d["schema"] == schema, name
k = json.load(open(os.path.join(out, "kpis.json")))
# the KPIs and statuses of the first complete run (saved beside it)
want = json.load(open(os.path.join(out, "..", "statuses.json")))
assert {x["id"]: x["status"] for x in k["kpis"]} == want, k["kpis"]
for name, first in (("kpis.csv", "kpi,"), ("observations.csv", "metric,")):
    data = open(os.path.join(out, name), newline="").read()
    assert data.startswith(first) and data.endswith("\r\n"), name
    rows = list(csv.reader(data.splitlines()))
    assert all(len(r) == len(rows[0]) for r in rows), name
kr = list(csv.reader(open(os.path.join(out, "kpis.csv"), newline="")))
assert len(kr) == 1 + 3 * 5
PY
}

# SIGKILL at 50 points spread over a run of a few hundred milliseconds
kill_sweep 50 check_outputs "$BIN" compute --config "$TMP/cfg" --output "$OUT"
echo "one run: about ${span} ms; $kills runs killed at points across it"
[ $kills -ge 35 ] && ok || bad "only $kills of 50 runs were still running when killed"
# temporary files of killed runs are removed by the next run
run_cmd "run after kills" 0 compute --config "$TMP/cfg" --output "$OUT"
[ -z "$(find "$OUT" -name '*.tmp.*')" ] && ok || bad "temporary files left after a clean run: $(find "$OUT" -name '*.tmp.*' | head -3)"

for sig in INT:130 TERM:143; do
	name=${sig%:*} want=${sig#*:}
	"$BIN" compute --config "$TMP/cfg" --output "$OUT" 2>/dev/null &
	pid=$!
	sleep 0.1
	kill -$name $pid
	wait $pid
	rc=$?
	[ $rc -eq "$want" ] && ok || bad "SIG$name: exit $rc, expected $want"
	[ -z "$(find "$OUT" -name '*.tmp.*')" ] && ok || bad "SIG$name left temporary files"
	check_outputs && ok || bad "SIG$name damaged the outputs"
done

# one run at a time: a held lock gives 75 at once naming the holder,
# --wait waits for it, and a lock file left by a dead process never blocks
echo "424242 2026-01-01T00:00:00Z" >"$OUT/.lock"
run_cmd "stale lock file of a dead process" 0 compute --config "$FIX" --output "$OUT"
( echo "$$ 2026-11-28T02:30:00Z" >"$OUT/.lock"; exec flock "$OUT/.lock" sleep 2 ) &
holder=$!
sleep 0.3
run_cmd "second run while the lock is held" 75 compute --config "$FIX" --output "$OUT"
expect_err "lock message names the holder" "another intlkpi (pid $$, started 2026-11-28T02:30:00Z) holds"
# for a timer another run at work is normal: a notice, not an error (issue 12)
grep -q 'error' "$TMP/err" && bad "a held lock is a notice, not an error" || ok
run_cmd "--wait outlasts the holder" 0 run --offline --wait 10 --config "$FIX" --output "$OUT"
wait $holder
run_cmd "--wait takes seconds" 2 compute --wait soon --config "$FIX" --output "$OUT"
# only the commands that take the lock take --wait; elsewhere a usage error says so
for c in show diff check extract works merge institutions init; do
	run_cmd "$c --wait" 2 $c --wait 5
	expect_err "$c --wait: why" "--wait is for the commands that take the output lock"
done
for c in fetch plot report; do
	"$BIN" $c --help | grep -q -- '--wait SECONDS' && ok || bad "$c --help lists --wait"
done

e2e_summary reliability
