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
grep -q '^1 of 3 KPIs changed; 1 observation and 1 source page changed$' "$TMP/out" && ok ||
	bad "diff: one KPI changed: $(cat "$TMP/out")"
# a one-cell edit: exactly that cell, its KPI and its source's line, nothing else
sed -E 's/[0-9]{8}T[0-9]{6}Z-[0-9]{2}/RUN/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g;
	s/[0-9a-f]{12} -> [0-9a-f]{12}/SHA -> SHA/g' "$TMP/out" >"$TMP/diff.txt"
cat >"$TMP/diff.want" <<'TXT'
From RUN (generated TIME)
  to RUN (generated TIME):
1 of 3 KPIs changed; 1 observation and 1 source page changed

share - International students, % of enrolment
  2021: 16.0% -> 15.4% (-0.6, -3.8%)
  forecast 2023: 16.5% -> 16.2%
  because of 1 observation:
    enrolment 2021: 1250 -> 1300 (source totals, data/totals.csv line 4)
      sha256 SHA -> SHA, fetched_at TIME -> TIME

sources whose data or state changed:
  totals: sha256 SHA -> SHA, fetched_at TIME -> TIME
TXT
diff -u "$TMP/diff.want" "$TMP/diff.txt" >"$TMP/diff.d" && ok || { bad "diff: a one-cell edit, exactly"; cat "$TMP/diff.d"; }
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
grep -q '^1 of 3 KPIs changed;' "$TMP/out" && ok || bad "diff NAME DIR"
run_cmd "diff a run with itself" 0 diff --output "$OUT" "$first" "$OUT/history/$first.kpis.json"
grep -q '^nothing changed (3 KPIs, 2 source pages, 22 observations compared)$' "$TMP/out" && ok ||
	bad "diff with itself: nothing changed: $(cat "$TMP/out")"
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

# ---- a night is its real events, nothing else ----
copy_fixture
O3=$TMP/o3
run_cmd "night 1" 0 run --offline --config "$TMP/cfg" --output "$O3"
run_cmd "night 2, nothing changed" 0 run --offline --config "$TMP/cfg" --output "$O3"
run_cmd "diff of two identical runs" 0 diff --output "$O3"
[ "$(sed -n 3p "$TMP/out")" = "nothing changed (3 KPIs, 2 source pages, 22 observations compared)" ] &&
	[ "$(wc -l <"$TMP/out")" -eq 3 ] && ok || bad "two identical runs: nothing changed: $(cat "$TMP/out")"
run_cmd "diff --format json of two identical runs" 0 diff --format json --output "$O3"
pycheck "diff json: nothing changed" "$TMP/out" '
assert d["changed"] is False and d["kpis"] == [] and d["observations"] == [] and d["sources"] == []
assert (d["kpis_compared"], d["sources_compared"], d["observations_compared"]) == (3, 2, 22)
'
# an observation outside every KPI'"'"'s years changes: listed, no KPI moved
printf '2018;900;310\r\n' >>"$TMP/cfg/data/totals.csv"
run_cmd "night 3, a row before the period" 0 run --offline --config "$TMP/cfg" --output "$O3"
run_cmd "diff: observations that moved no KPI" 0 diff --output "$O3"
grep -q '^no KPI changed (3 KPIs); 2 observations and 1 source page changed$' "$TMP/out" && ok ||
	bad "diff: no KPI, two observations: $(cat "$TMP/out")"
grep -q '^2 observations changed without moving a KPI:$' "$TMP/out" && ok || bad "diff: the unmoved observations are said"
grep -q '^    enrolment 2018: (none) -> 900 (source totals, data/totals.csv line 7)$' "$TMP/out" && ok ||
	bad "diff: the new observation, its line"
grep -q '^    rank 2018: (none) -> 310 (source totals, data/totals.csv line 7)$' "$TMP/out" && ok ||
	bad "diff: the new rank observation"
# the rank column emptied: the rank KPI has no data, said without sentinels
mutate data/totals.csv 's = "\n".join(l.rsplit(";", 1)[0] + ";" if l[:1].isdigit() else l for l in s.split("\n"))'
run_cmd "night 4, no rank at all" 0 run --offline --config "$TMP/cfg" --output "$O3"
run_cmd "diff: a KPI became no_data" 0 diff --output "$O3"
grep -q -- '-2147483648\|nan\|inf' "$TMP/out" && bad "diff: a sentinel number: $(cat "$TMP/out")" || ok
# a rank without any rank is not_ranked (kpis/3), any other KPI no_data
grep -q '^  status: achieved -> \(no_data\|not_ranked\)$' "$TMP/out" && ok || bad "diff: the status changed: $(cat "$TMP/out")"
grep -q '^  forecast 2023: rank 180 -> no data$' "$TMP/out" && ok || bad "diff: the forecast went: $(cat "$TMP/out")"
grep -q '^    rank 2019: 300 -> null (source totals, data/totals.csv line 2)$' "$TMP/out" && ok ||
	bad "diff: an emptied cell is null"
[ "$(grep -c '^      sha256 ' "$TMP/out")" -eq 1 ] && ok || bad "diff: one sha256 line per copy, not per observation"
run_cmd "diff --format json: a KPI became no_data" 0 diff --format json --output "$O3"
pycheck "diff json: no sentinels, nulls" "$TMP/out" '
k = next(k for k in d["kpis"] if k["id"] == "rank")
assert k["status"]["new"] in ("no_data", "not_ranked") and k["forecast"]["new"] is None, k
assert k["forecast"]["year"] == 2023, k["forecast"]
assert all(v["new"] is None for v in k["values"])
assert all(o["moved_kpi"] for o in k["observations"])
'

# a value derived from an unchanged file (the portfolio's partners_dormant,
# from partnerships.csv, moved by mobility.csv): no sha256 line claiming a
# copy changed, no empty fetched_at
rm -rf "$TMP/ex" "$TMP/o4"
cp -r indicators "$TMP/ex"
run_cmd "example, night 1" 0 run --offline --config "$TMP/ex" --output "$TMP/o4"
sed -i 's/,Medical University of Łódź$/,MU Lodz/' "$TMP/ex/data/mobility.csv"
run_cmd "example, night 2: a mobility partner renamed" 0 run --offline --config "$TMP/ex" --output "$TMP/o4"
run_cmd "diff: a derived value" 0 diff --output "$TMP/o4"
grep -q '^    partners_dormant 2023: 6 -> 7 (source partners, data/partnerships.csv)$' "$TMP/out" && ok ||
	bad "diff: the derived value: $(cat "$TMP/out")"
grep -q 'fetched_at  \|-> $\|sha256 \([0-9a-f]*\) -> \1,' "$TMP/out" &&
	bad "diff: a copy line for an unchanged copy: $(grep -A1 'source partners' "$TMP/out")" || ok
sed -i 's/^Universitat Rovira i Virgili,/URV,/' "$TMP/ex/data/partnerships.csv"
run_cmd "example, night 3: a partner renamed" 0 run --offline --config "$TMP/ex" --output "$TMP/o4"
run_cmd "diff: a partner renamed" 0 diff --output "$TMP/o4"
grep -q '^  partners: sha256 [0-9a-f]\{12\} -> [0-9a-f]\{12\}$' "$TMP/out" && ok ||
	bad "diff: the derived source partners, no empty fetched_at: $(grep '^  partners' "$TMP/out")"
grep -q 'fetched_at  \|-> $' "$TMP/out" && bad "diff: an empty fetched_at: $(grep -- '-> $' "$TMP/out")" || ok
# a source failing two nights for different reasons: the new reason, said as such
printf '2022,961\n' >>"$TMP/ex/data/staff.csv"
run_cmd "example, night 4: a short row at the end of staff.csv" 1 run --offline --config "$TMP/ex" --output "$TMP/o4"
sed -i '3s/^2019,921,8,45$/2019,921/' "$TMP/ex/data/staff.csv"
run_cmd "example, night 5: another short row" 1 run --offline --config "$TMP/ex" --output "$TMP/o4"
run_cmd "diff: a failing source, another reason" 0 diff --output "$TMP/o4"
grep -q '^  kmu-staff: still stale (.*staff\.csv:3: expected 4 fields' "$TMP/out" && ok ||
	bad "diff: a new reason of a stale source: $(grep kmu-staff "$TMP/out")"

# a history that cannot be written is an output not written: exit 3
rm -rf "$TMP/o2"
mkdir -p "$TMP/o2"
: >"$TMP/o2/history"
run_cmd "history not writable" 3 run --offline --config "$TMP/cfg" --output "$TMP/o2"
expect_err "history not writable: says so" "the run history could not be kept"

e2e_summary history
