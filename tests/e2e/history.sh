#!/bin/sh
# Run history and intlkpi diff: every run keeps its kpis.json and
# observations.json under output/history/ (pruned oldest first), and diff
# explains a change down to the observation, its source line and sha256.
. tests/e2e/lib.sh

copy_fixture
OUT=$TMP/output
run_cmd "first run" 0 run --offline --config "$TMP/cfg" --output "$OUT"
run_cmd "diff with one run kept" 2 diff --output "$OUT"
expect_err "one run: says why" "history holds 1 run; diff needs two"
# one CSV cell differs: enrolment 2021 1 250 -> 1 300 (line 4)
sed -i 's/^2021;"1 250"/2021;"1 300"/' "$TMP/cfg/data/totals.csv"
run_cmd "second run, one cell changed" 0 run --offline --config "$TMP/cfg" --output "$OUT"
[ "$(ls "$OUT/history" | grep -c '\.kpis\.json$')" -eq 2 ] && ok || bad "two runs in the history: $(ls "$OUT/history")"
[ "$(ls "$OUT/history" | grep -c '\.observations\.json$')" -eq 2 ] && ok || bad "two observation files in the history"
cmp -s "$OUT/kpis.json" "$(ls "$OUT"/history/*.kpis.json | tail -1)" && ok || bad "the latest history entry is the current kpis.json"

run_cmd "diff" 0 diff --output "$OUT"
grep -q '^1 of 3 KPIs changed$' "$TMP/out" && ok || bad "diff: one KPI changed: $(cat "$TMP/out")"
# share 2021 = 200 / 1250 = 16.0% before, 200 / 1300 = 15.4% after
grep -q '^  2021: 16.0% -> 15.4% (-0.6, -3.8%)$' "$TMP/out" && ok || bad "diff: the value, by how much"
grep -q '^    enrolment 2021: 1250 -> 1300 (source totals, data/totals.csv line 4)$' "$TMP/out" && ok ||
	bad "diff: the observation and its source line"
old=$(sha256sum "$FIX/data/totals.csv" | cut -c1-12)
new=$(sha256sum "$TMP/cfg/data/totals.csv" | cut -c1-12)
grep -q "sha256 $old -> $new, fetched_at 20" "$TMP/out" && ok || bad "diff: the sha256 of both copies"
grep -q '^  totals: sha256' "$TMP/out" && ok || bad "diff: the source whose data changed"
grep -q '^students\|^countries' "$TMP/out" && bad "diff: an unchanged KPI is listed" || ok

run_cmd "diff --format json" 0 diff --format json --output "$OUT"
pycheck "diff json: the change and its cause" "$TMP/out" '
assert d["schema"] == "intlkpi.diff/1" and d["kpis_compared"] == 3
assert [k["id"] for k in d["kpis"]] == ["share"], d["kpis"]
k = d["kpis"][0]
assert [(v["year"], v["old"], v["new"]) for v in k["values"]] == [(2021, 16, 200 / 1300 * 100)], k["values"]
assert k["status"]["old"] == k["status"]["new"]
o = k["observations"]
assert len(o) == 1 and o[0]["metric"] == "enrolment" and o[0]["year"] == 2021 and o[0]["line"] == 4
assert (o[0]["old"], o[0]["new"]) == (1250, 1300) and o[0]["path"] == "data/totals.csv"
import hashlib
assert o[0]["sha256"]["old"] == hashlib.sha256(open("'"$FIX"'/data/totals.csv", "rb").read()).hexdigest()
assert o[0]["sha256"]["new"] == hashlib.sha256(open("'"$TMP"'/cfg/data/totals.csv", "rb").read()).hexdigest()
assert [s["id"] for s in d["sources"]] == ["totals"]
'

# OLD and NEW named: a run's name (or its start), a directory, a file
first=$(ls "$OUT/history" | head -1 | sed 's/\.kpis\.json$//; s/\.observations\.json$//')
run_cmd "diff NAME DIR" 0 diff --output "$OUT" "$first" "$OUT"
grep -q '^1 of 3 KPIs changed$' "$TMP/out" && ok || bad "diff NAME DIR"
run_cmd "diff a run with itself" 0 diff --output "$OUT" "$first" "$OUT/history/$first.kpis.json"
grep -q '^no KPI changed (3 KPIs)$' "$TMP/out" && ok || bad "diff with itself: nothing changed"
run_cmd "diff an unknown run" 2 diff --output "$OUT" 1999 "$OUT"
expect_err "unknown run: names the history" "no run '1999' in $OUT/history (2 runs kept"
run_cmd "diff a prefix of two runs" 2 diff --output "$OUT" 20 "$OUT"
expect_err "ambiguous prefix" "names 2 runs"
run_cmd "diff --format bad" 2 diff --format xml --output "$OUT"

# --history N keeps N runs, pruned oldest first; 0 keeps none
for i in 1 2 3; do
	run_cmd "run $i with --history 3" 0 run --offline --history 3 --config "$TMP/cfg" --output "$OUT"
done
[ "$(ls "$OUT/history" | grep -c '\.kpis\.json$')" -eq 3 ] && ok || bad "--history 3 keeps 3 runs: $(ls "$OUT/history")"
[ "$(ls "$OUT/history" | grep -c '\.observations\.json$')" -eq 3 ] && ok || bad "--history 3: observations pruned too"
[ -e "$OUT/history/$first.kpis.json" ] && bad "--history 3: the oldest run was not pruned first" || ok
[ -z "$(find "$OUT/history" -name '*.tmp.*')" ] && ok || bad "no temporary file left in the history"
rm -rf "$TMP/o0"
run_cmd "--history 0" 0 run --offline --history 0 --config "$TMP/cfg" --output "$TMP/o0"
[ -d "$TMP/o0/history" ] && bad "--history 0 kept a run" || ok
run_cmd "--history bad" 2 run --offline --history x --config "$TMP/cfg" --output "$TMP/o0"
run_cmd "compute keeps no history" 0 compute --config "$TMP/cfg" --output "$TMP/o1"
[ -d "$TMP/o1/history" ] && bad "compute kept a run" || ok

# a history that cannot be written is an output not written: exit 3
rm -rf "$TMP/o2"
mkdir -p "$TMP/o2"
: >"$TMP/o2/history"
run_cmd "history not writable" 3 run --offline --config "$TMP/cfg" --output "$TMP/o2"
expect_err "history not writable: says so" "the run history could not be kept"

e2e_summary history
