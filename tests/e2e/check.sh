#!/bin/sh
# intlkpi check catches what run would fail on (a missing data file, a
# column not in the header, a snapshot that does not extract), and in run a
# source's error carries its class (config, network, data) in kpis.json and
# in the JSON log.
. tests/e2e/lib.sh

# class_of OUT SOURCE CLASS: kpis.json and the JSON log ($TMP/err) agree
class_is() {
	pycheck "$1: class $3 in kpis.json" "$2/kpis.json" '
s = [x for x in d["sources"] if x["id"] == "'"$3"'"]
assert s and all(x["class"] == "'"$4"'" and x["error"] for x in s), s
assert all(x["class"] is None for x in d["sources"] if x["id"] != "'"$3"'"), d["sources"]
'
	python3 - "$TMP/err" "$3" "$4" <<'PY' && ok || bad "$1: class $4 in the JSON log"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
errs = [l for l in lines if l["level"] == "error" and l.get("source") == sys.argv[2]]
assert errs and all(l.get("class") == sys.argv[3] for l in errs), lines
assert all("class" not in l for l in lines if l.get("source") != sys.argv[2]), lines
PY
}

copy_fixture
run_cmd "the fixture checks" 0 check --config "$TMP/cfg"
run_cmd "a good run" 0 run --offline --config "$TMP/cfg" --output "$TMP/o"
pycheck "a good run: no class" "$TMP/o/kpis.json" '
assert all("class" in x and x["class"] is None for x in d["sources"])
'

# ---- a missing local data file ----
mv "$TMP/cfg/data/totals.csv" "$TMP/totals.csv"
run_cmd "check: missing data file" 2 check --config "$TMP/cfg"
expect_err "check: names the file" "sources/totals.json: cannot open '$TMP/cfg/data/totals.csv'"
run_cmd "run: missing data file" 1 run --offline --log-format json --config "$TMP/cfg" --output "$TMP/o"
class_is "missing data file" "$TMP/o" totals config
mv "$TMP/totals.csv" "$TMP/cfg/data/totals.csv"

# ---- a column that is not in the header ----
mutate sources/students.json 's = s.replace("\"value\": \"students\"", "\"value\": \"studnets\"")'
run_cmd "check: column not in the header" 2 check --config "$TMP/cfg"
expect_err "check: names the column" "no column 'studnets' in the header"
run_cmd "run: column not in the header" 1 run --offline --log-format json --config "$TMP/cfg" --output "$TMP/o"
class_is "column not in the header" "$TMP/o" students config
copy_fixture

# ---- bad data is class data ----
sed -i 's/^2020;1 200;250/2020;1x00;250/' "$TMP/cfg/data/totals.csv"
run_cmd "run: a value that is not a number" 1 run --offline --log-format json --config "$TMP/cfg" --output "$TMP/o"
class_is "a value that is not a number" "$TMP/o" totals data
copy_fixture

# ---- a local file's expectations; compute --accept takes its new data ----
copy_fixture
mutate sources/totals.json 's = s.replace("\"metrics\"", "\"expect\": {\"max_change\": {\"enrolment\": 0.1}},\n  \"metrics\"")'
run_cmd "local expectations: a good run" 0 compute --config "$TMP/cfg" --output "$TMP/lx"
sed -i 's/^2021;"1 250"/2021;"2 500"/' "$TMP/cfg/data/totals.csv"
run_cmd "local expectations: a jump past max_change" 1 compute --config "$TMP/cfg" --output "$TMP/lx"
expect_err "local expectations: why" "enrolment 2021: 1250 -> 2500 is a change of 100%, more than expect.max_change 0.1"
run_cmd "compute --accept totals" 0 compute --accept totals --config "$TMP/cfg" --output "$TMP/lx"
pycheck "compute --accept: the new value" "$TMP/lx/observations.json" '
assert [o["value"] for o in d["observations"] if o["metric"] == "enrolment" and o["year"] == 2021] == [2500]
'
run_cmd "the next compute compares with the accepted data" 0 compute --config "$TMP/cfg" --output "$TMP/lx"

# ---- web: a snapshot that does not extract; a fetch that fails ----
rm -rf "$TMP/cfg"
cp -r tests/fixtures/web "$TMP/cfg"
run_cmd "the web fixture checks" 0 check --config "$TMP/cfg"
printf '{"editions": [' >"$TMP/cfg/snapshots/rank-b.json"
run_cmd "check: a snapshot that does not extract" 2 check --config "$TMP/cfg"
expect_err "check: the snapshot and where" "sources/rank-b.json: $TMP/cfg/snapshots/rank-b.json:1:"
cp -r tests/fixtures/web/snapshots/rank-b.json "$TMP/cfg/snapshots/"
# the fixture's URLs are on 127.0.0.1:1, where nothing listens
export INTLKPI_RETRY_BASE_MS=20 INTLKPI_RETRY_BUDGET_MS=500
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
mutate sources/rank-b.json 'pass'
for f in news rank-a; do rm "$TMP/cfg/sources/$f.json"; done
rm "$TMP/cfg/kpi/news.json" "$TMP/cfg/kpi/rank_a.json"
run_cmd "run: a fetch that fails" 1 run --log-format json --config "$TMP/cfg" --output "$TMP/w"
class_is "a fetch that fails" "$TMP/w" rank-b network

e2e_summary check
