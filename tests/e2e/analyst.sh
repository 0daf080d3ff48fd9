#!/bin/sh
# The analyst's interface: outputs validated against the JSON Schemas with a
# real validator (ajv), show and extract, CSV that spreadsheets read right,
# README's jq/Python/DuckDB examples run, the man page and bash completion
# checked against the binary's own --help.
. tests/e2e/lib.sh
ROOT=$(pwd)

# ---- outputs of every fixture configuration, of a failed source, of the example ----
run_cmd "compute the fixture" 0 compute --config "$FIX" --output "$TMP/fx"
FIXOUT=""
for p in tests/fixtures/*/profile.json; do
	f=$(basename "$(dirname "$p")")
	"$BIN" compute --config "$(dirname "$p")" --output "$TMP/fix-$f" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -le 1 ] && ok || { bad "compute the fixture $f: exit $rc"; head -5 "$TMP/err"; }
	FIXOUT="$FIXOUT $TMP/fix-$f"
done
copy_fixture
printf 'year;enrolment;rank\n2019;"1000;300\n' >"$TMP/cfg/data/totals.csv"
run_cmd "compute with a failed source" 1 compute --config "$TMP/cfg" --output "$TMP/fail"
mkdir -p "$TMP/ex"
run_cmd "compute the example" 0 compute --config indicators --output "$TMP/ex/output"
EX=$TMP/ex/output

# ---- JSON Schemas, with a real validator ----
KS=$ROOT/schemas/kpis.schema.json
OS=$ROOT/schemas/observations.schema.json
find_ajv

# ajv_run SCHEMA ARGS...: ajv on draft 2020-12 with formats, kpis.schema.json
# added as a referenced schema unless it is SCHEMA
ajv_run() {
	s=$1
	shift
	if [ "$s" = "$KS" ]; then set -- -s "$s" "$@"; else set -- -s "$s" -r "$KS" "$@"; fi
	"$AJV" validate --spec=draft2020 -c ajv-formats --all-errors --errors=text "$@" >"$TMP/ajv" 2>&1
}
# validate NAME SCHEMA DATA...: every DATA file (named *.json) is valid against SCHEMA
validate() {
	name=$1 schema=$2
	shift 2
	[ -n "$AJV" ] || return 0
	if ajv_run "$schema" $(for f in "$@"; do printf -- '-d %s ' "$f"; done); then ok
	else bad "schema: $name"; sed 's/^/  | /' "$TMP/ajv" | head -20; fi
}
# invalid NAME SCHEMA DATA: DATA is rejected (the validator really validates)
invalid() {
	[ -n "$AJV" ] || return 0
	if ajv_run "$2" -d "$3"; then bad "schema rejects $1"; else ok; fi
}
# The schema of a part of kpis.json (for show --format json).
part_schema() {
	printf '{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:intlkpi:test:%s",%s}\n' \
		"$1" "$2" >"$TMP/$1.schema.json"
}
part_schema kpi '"$ref":"urn:intlkpi:schema:kpis:3#/$defs/kpi"'
part_schema kpi-array '"type":"array","items":{"$ref":"urn:intlkpi:schema:kpis:3#/$defs/kpi"}'

validate "kpis.json of the fixtures, the failed run and the example" "$KS" \
	$(for d in $FIXOUT "$TMP/fail" "$EX"; do echo "$d/kpis.json"; done)
validate "observations.json of the fixtures, the failed run and the example" "$OS" \
	$(for d in $FIXOUT "$TMP/fail" "$EX"; do echo "$d/observations.json"; done)
python3 - "$EX/kpis.json" "$TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [dict(d, extra=1), dict(d, schema="intlkpi.kpis/1")]
k = json.loads(json.dumps(d))
k["kpis"][0]["status"] = "fine"
bad.append(k)
k = json.loads(json.dumps(d))
k["kpis"][0]["series"][0]["value"] = "12"
bad.append(k)
k = json.loads(json.dumps(d))
k["sources"][0]["fetched_at"] = "yesterday"
bad.append(k)
for i, b in enumerate(bad):
    json.dump(b, open("%s/bad%d.json" % (sys.argv[2], i), "w"))
PY
for i in 0 1 2 3 4; do invalid "broken kpis.json $i" "$KS" "$TMP/bad$i.json"; done
# the partner portfolio: partners.json of the example, and broken ones rejected
PS=$ROOT/schemas/partners.schema.json
validate "partners.json of the example" "$PS" "$EX/partners.json"
python3 - "$EX/partners.json" "$TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [dict(d, schema="intlkpi.partners/2")]
k = json.loads(json.dumps(d))
k["partners"][0]["state"] = "sleeping"
bad.append(k)
k = json.loads(json.dumps(d))
k["partners"][0]["years"][0]["joint_works"] = "3"
bad.append(k)
for i, b in enumerate(bad):
    json.dump(b, open("%s/badp%d.json" % (sys.argv[2], i), "w"))
PY
for i in 0 1 2; do invalid "broken partners.json $i" "$PS" "$TMP/badp$i.json"; done

# ---- show ----
show() { run_cmd "show $*" 0 show --output "$EX" "$@"; }
# cols80 FILE: every line fits 80 terminal columns (East Asian wide characters take two)
cols80() {
	python3 - "$1" <<'PY'
import sys, unicodedata
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.rstrip("\n"))
    if w > 80:
        sys.exit("line %d: %d columns" % (n, w))
PY
}
fits80() { cols80 "$TMP/out" && ok || bad "$1 fits 80 columns"; }
show
fits80 "show"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["kpis"]))' "$EX/kpis.json")
[ "$(grep -c '^[a-z]' "$TMP/out")" -eq $((n + 0)) ] && head -1 "$TMP/out" | grep -q '^AREA  *KPI  *YEAR  *LATEST  *TARGET  *PROG  *STATUS$' &&
	ok || bad "show: a header and a row per KPI"
grep -q "$(printf '\033')" "$TMP/out" && bad "show: no colour into a pipe" || ok

# every KPI's detail, and every source's, fit 80 columns
for k in $(python3 -c 'import json,sys; print(" ".join(k["id"] for k in json.load(open(sys.argv[1]))["kpis"]))' "$EX/kpis.json"); do
	"$BIN" show "$k" --output "$EX" >"$TMP/out" 2>&1 || bad "show $k"
	fits80 "show $k"
done
# every source's table fits, and its JSON is its part of observations.json
for s in $(python3 -c 'import json,sys; print(" ".join(sorted({s["id"] for s in json.load(open(sys.argv[1]))["sources"]})))' "$EX/kpis.json"); do
	"$BIN" show --source "$s" --output "$EX" >"$TMP/out" 2>&1 || bad "show --source $s"
	fits80 "show --source $s"
	"$BIN" show --source "$s" --output "$EX" --format json >"$TMP/src-$s.json" 2>"$TMP/err" || bad "show --source $s --format json"
	pycheck "show --source $s --format json: its records and observations" "$EX/observations.json" '
s = json.load(open("'"$TMP/src-$s.json"'"))
assert s["sources"] == [x for x in d["sources"] if x["id"] == "'"$s"'"]
assert s["observations"] == [o for o in d["observations"] if o["source"] == "'"$s"'"]
'
done
validate "show --source --format json (every source)" "$OS" "$TMP"/src-*.json

# text from the configuration or the web never puts control characters on a terminal
if [ -d "$TMP/fix-hostile" ]; then
	H=$TMP/fix-hostile
	{
		"$BIN" show --output "$H"
		"$BIN" show --peers --output "$H"
		for k in $(python3 -c 'import json,sys; print(" ".join(k["id"] for k in json.load(open(sys.argv[1]))["kpis"]))' "$H/kpis.json"); do
			"$BIN" show "$k" --output "$H"
		done
		for s in $(python3 -c 'import json,sys; print(" ".join(sorted({s["id"] for s in json.load(open(sys.argv[1]))["sources"]})))' "$H/kpis.json"); do
			"$BIN" show --source "$s" --output "$H"
		done
	} >"$TMP/hostile" 2>/dev/null
	[ -s "$TMP/hostile" ] && ! tr -d '\n' <"$TMP/hostile" | LC_ALL=C grep -q '[[:cntrl:]]' &&
		ok || bad "show: no control characters from hostile names"
	cols80 "$TMP/hostile" && ok || bad "show: hostile names fit 80 columns"
fi

# filters: the rows are exactly those python selects from kpis.json
# filter_check NAME PYTHON-CONDITION-ON-k SHOW-ARGS...
filter_check() {
	name=$1 cond=$2
	shift 2
	run_cmd "show $name" 0 show --output "$EX" --format csv "$@"
	pycheck "show $name: the KPIs it should" "$EX/kpis.json" '
import csv
rows = list(csv.DictReader(open("'"$TMP/out"'", newline="")))
want = [k["id"] for k in d["kpis"] if '"$cond"']
assert [r["kpi"] for r in rows] == want, ([r["kpi"] for r in rows], want)
'
}
filter_check "--status off_track,at_risk" 'k["status"] in ("off_track", "at_risk")' --status off_track,at_risk
filter_check "--area 1" 'k["area"] == d["areas"][0]["id"]' --area 1
filter_check "--area rankings" 'k["area"] == "rankings"' --area rankings
filter_check "AREA --status" 'k["area"] == "rankings" and k["status"] == "achieved"' rankings --status achieved
run_cmd "show --year 2021" 0 show --output "$EX" --format csv --year 2021
pycheck "show --year: that year's values" "$EX/kpis.json" '
import csv
rows = {r["kpi"]: r for r in csv.DictReader(open("'"$TMP/out"'", newline=""))}
for k in d["kpis"]:
    p = next(p for p in k["series"] if p["year"] == 2021)
    r = rows[k["id"]]
    same = r["value"] == "" if p["value"] is None else float(r["value"]) == p["value"]
    assert r["year"] == "2021" and same, (k["id"], r)
    assert r["status"] == k["status"] and r["stale"] == "false"
'
show --status at_risk --format json
cp "$TMP/out" "$TMP/show-array.json"
validate "show --format json (KPI objects)" "$TMP/kpi-array.schema.json" "$TMP/show-array.json"
show --format json
pycheck "show --format json: the KPI objects of kpis.json, every digit kept" "$EX/kpis.json" '
assert json.load(open("'"$TMP/out"'")) == d["kpis"]
'
show intl_students --format json --year 2022
cp "$TMP/out" "$TMP/show-kpi.json"
validate "show KPI --format json" "$TMP/kpi.schema.json" "$TMP/show-kpi.json"
python3 -c 'import json,sys; s = json.load(open(sys.argv[1]))["series"]; assert [p["year"] for p in s] == [2022]' "$TMP/out" &&
	ok || bad "show KPI --year: only that year of the series"

# a KPI as CSV is its rows of kpis.csv; a source as CSV its rows of observations.csv
show intl_students --format csv
{ head -1 "$EX/kpis.csv"; grep '^intl_students,' "$EX/kpis.csv"; } | cmp -s - "$TMP/out" &&
	ok || bad "show KPI --format csv equals its kpis.csv rows"
show --source kmu-staff --format csv
{ head -1 "$EX/observations.csv"; grep '^[^,]*,[^,]*,[^,]*,[^,]*,kmu-staff,' "$EX/observations.csv"; } | cmp -s - "$TMP/out" &&
	ok || bad "show --source --format csv equals its observations.csv rows"
show --source kmu-staff --format json
cp "$TMP/out" "$TMP/show-source.json"
validate "show --source --format json" "$OS" "$TMP/show-source.json"
pycheck "show --source json: that source's observations" "$EX/observations.json" '
s = json.load(open("'"$TMP/out"'"))
mine = [o for o in d["observations"] if o["source"] == "kmu-staff"]
assert s["observations"] == mine and len(mine) > 0
assert [x["id"] for x in s["sources"]] == ["kmu-staff"] and s["sources"][0]["observations"] == len(mine)
'
show --source kmu-staff
grep -q '^kmu-staff (csv, fresh)' "$TMP/out" && grep -q 'used by KPIs: .*intl_staff_share' "$TMP/out" &&
	grep -q '^staff_total  *2021  *[0-9]' "$TMP/out" && ok || bad "show --source table"

# the university beside its peers: kpis.json's peers, as a table, JSON and CSV
show --peers --format json
pycheck "show --peers --format json: kpis.json's peers" "$EX/kpis.json" '
assert json.load(open("'"$TMP/out"'")) == d["peers"] and d["peers"]["rankings"]
'
show --peers --format csv
pycheck "show --peers --format csv: a row per institution and edition or indicator year" "$EX/kpis.json" '
import csv
rows = list(csv.DictReader(open("'"$TMP/out"'", newline="")))
p = d["peers"]
names = [d["profile"]["name"]] + [i["name"] for i in p["institutions"]]
want = []
for r in p["rankings"]:
    for e in r["editions"]:
        for n, x in zip(names, [e["university"]] + e["peers"]):
            want.append(("position", r["id"], str(e["year"]), n, "" if x["low"] is None else str(x["low"])))
for i in p["indicators"]:
    for y in i["years"]:
        for n, x in zip(names, [y["university"]] + y["peers"]):
            want.append(("indicator", i["id"], str(y["year"]), n, ""))
got = [(r["what"], r["id"], r["year"], r["institution"], r["low"]) for r in rows]
assert got == want, (got[:3], want[:3])
vals = [r["value"] for r in rows if r["what"] == "indicator"]
num = lambda v: "" if v is None else str(int(v)) if v == int(v) else repr(float(v))
assert vals == [num(x["value"]) for i in p["indicators"] for y in i["years"] for x in [y["university"]] + y["peers"]]
'
show --peers
fits80 "show --peers"
grep -q '^Karaganda Medical Univers.* 1001–1200 ' "$TMP/out" && grep -q '^Tongji University  .* 141 ' "$TMP/out" &&
	grep -q '^  us: .*welcome median .*place [0-9]* of [0-9]*' "$TMP/out" && ok || bad "show --peers table"
run_cmd "show --peers without peers" 0 show --output "$TMP/fx" --peers
grep -q '^No peers: the profile names none' "$TMP/out" && ok || bad "show --peers without peers says so"

# the partner portfolio: the partners of partners.json in the states asked for
show --partners --state dormant,candidate --format json
pycheck "show --partners --state: those partners, in partners.json's order" "$EX/partners.json" '
s = json.load(open("'"$TMP/out"'"))
want = [p for p in d["partners"] if p["state"] in ("dormant", "candidate")]
assert s["partners"] == want and len(want) > 0 and s["counts"] == d["counts"]
'
cp "$TMP/out" "$TMP/show-partners.json"
validate "show --partners --format json" "$PS" "$TMP/show-partners.json"
show --partners --state active --format csv
pycheck "show --partners --format csv: a row per active partner" "$EX/partners.json" '
import csv
rows = list(csv.DictReader(open("'"$TMP/out"'", newline="")))
want = [p for p in d["partners"] if p["state"] == "active"]
assert [r["partner"] for r in rows] == [p["name"] for p in want] and want
assert [float(r["works_window"]) for r in rows] == [p["works_window"] for p in want]
assert all(r["state"] == "active" and r["reason"] for r in rows)
'
show --partners
fits80 "show --partners"
n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["dormant"])' "$EX/partners.json")
grep -q "^Partners in 20[0-9][0-9]: [0-9]* active, $n dormant," "$TMP/out" &&
	grep -q '^    agreement in force, but no joint works' "$TMP/out" && ok || bad "show --partners table"
run_cmd "show --partners --state with an unknown state" 2 show --output "$EX" --partners --state sleeping
expect_err "show --partners: names the states" "--state takes active, dormant"
run_cmd "show --state without --partners" 2 show --output "$EX" --state active
run_cmd "show --partners without partners.json" 3 show --output "$TMP/fx" --partners
expect_err "show --partners without partners.json: says where it comes from" "partners.json is written by"

# the failed run: stale marks and the source's error
run_cmd "show after a failed source" 0 show --output "$TMP/fail"
grep -q '^a2  *rank .*no_data!$' "$TMP/out" && grep -q '^! stale' "$TMP/out" && ok || bad "show marks stale KPIs"
run_cmd "show --source of a failed source" 0 show --output "$TMP/fail" --source totals
grep -q '^totals (csv, failed)' "$TMP/out" && grep -q 'error: .*unterminated' "$TMP/out" && ok ||
	bad "show --source shows the failure"

# colour: only on a terminal, never with NO_COLOR, always when asked
ESC=$(printf '\033')
show --color always
grep -q "${ESC}\[31mmissed" "$TMP/out" && ok || bad "show --color always paints statuses"
# tty_show ENV...: show on a pseudo-terminal, in an environment changed by env(1)
tty_show() { env "$@" script -qec "$BIN show --output $EX" /dev/null >"$TMP/tty" 2>&1 </dev/null; }
if command -v script >/dev/null; then
	tty_show -u NO_COLOR TERM=xterm
	grep -q "$ESC\[" "$TMP/tty" && ok || bad "show on a terminal is in colour"
	tty_show NO_COLOR=1 TERM=xterm
	grep -q "$ESC\[" "$TMP/tty" && bad "show respects NO_COLOR" || ok
	grep -q "missed" "$TMP/tty" && ok || bad "show on a terminal prints the table"
else
	echo "SKIP: show on a terminal ('script' not found)"
fi

# usage errors
for args in "--status fine" "--status ," "--area 9" "--area nowhere" "--format xml" \
	"--color sometimes" "intl_students --status achieved" "rankings --area 1" \
	"--source kmu-staff --status achieved" "--source nothing" "--year 20x1"; do
	run_cmd "show $args" 2 show --output "$EX" $args
done
run_cmd "show --status with no match" 0 show --output "$TMP/fx" --status no_data
[ "$(wc -l <"$TMP/out")" -eq 1 ] && ok || bad "show: no match is a header alone"

# ---- extract ----
copy_fixture
mkdir "$TMP/empty"
find "$TMP/cfg" "$TMP/empty" -exec ls -ld --time-style=full-iso {} + >"$TMP/before"
cd "$TMP/empty"
run_cmd "extract SOURCE-FILE" 0 extract "$TMP/cfg/sources/students.json"
grep -q '^students (csv, fresh)' "$TMP/out" && grep -q '^intl_students  *2021  *IN  *120  *8$' "$TMP/out" &&
	ok || bad "extract table: a source line and the observations with their lines"
run_cmd "extract --format json" 0 extract "$TMP/cfg/sources/students.json" --format json
cp "$TMP/out" "$TMP/extract.json"
run_cmd "extract --format csv, from the configuration's directory" 0 \
	extract --format csv ../cfg/sources/students.json
cp "$TMP/out" "$TMP/extract.csv"
cd "$TMP/cfg"
run_cmd "extract sources/NAME.json in the configuration" 0 extract sources/totals.json
run_cmd "extract --config" 0 extract --config . sources/totals.json --format json
cd "$ROOT"
find "$TMP/cfg" "$TMP/empty" -exec ls -ld --time-style=full-iso {} + >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && ok || bad "extract writes nothing"
validate "extract --format json" "$OS" "$TMP/extract.json"
pycheck "extract json: the observations compute gets from that source" "$TMP/fx/observations.json" '
e = json.load(open("'"$TMP/extract.json"'"))
key = lambda o: (o["metric"], o["year"], o["key"], o["value"], o["line"], o["sha256"], o["path"])
mine = [key(o) for o in d["observations"] if o["source"] == "students"]
assert [key(o) for o in e["observations"]] == mine and mine, (e["observations"][:2], mine[:2])
'
cut -d, -f1-9 "$TMP/extract.csv" >"$TMP/e.csv"
{ head -1 "$TMP/fx/observations.csv"; grep ',students,' "$TMP/fx/observations.csv"; } | cut -d, -f1-9 |
	cmp -s - "$TMP/e.csv" && ok || bad "extract csv: the rows of observations.csv"

cp "$FIX/sources/students.json" "$TMP/loose.json"
run_cmd "extract a file outside sources/" 2 extract "$TMP/loose.json"
expect_err "extract outside sources/" "not in a sources/ directory"
run_cmd "extract a file that is not a source of --config" 2 extract --config "$FIX" "$TMP/loose.json"
expect_err "extract: not a source" "is not a source of the configuration"
run_cmd "extract a missing file" 2 extract "$TMP/cfg/sources/nothing.json"
run_cmd "extract without a file" 2 extract
copy_fixture
mutate kpi/share.json 's = s.replace("\"unit\"", "\"units\"")'
run_cmd "extract in a broken configuration" 2 extract "$TMP/cfg/sources/students.json"
expect_err "extract: configuration errors" "kpi/share.json:5:3: unknown key 'units'"
copy_fixture
printf 'year;enrolment;rank\n2019;1000;300\n2020;12x0;250\n' >"$TMP/cfg/data/totals.csv"
run_cmd "extract a failing source" 1 extract "$TMP/cfg/sources/totals.json"
expect_err "extract: the source's error" "totals.csv:3: column 'enrolment': '12x0' is not a number"
grep -q '^totals (csv, failed)' "$TMP/out" && ok || bad "extract shows the failed state"

# ---- CSV outputs ----
copy_fixture
mutate data/students.csv 's = s.replace("2022,NP,20", "2022,\"Korea, \"\"South\"\"\",20")'
run_cmd "compute with an awkward key" 0 compute --config "$TMP/cfg" --output "$TMP/q"
pycheck "csv: RFC 4180, CRLF, no BOM, ISO times, . decimals, empty null" "$TMP/q/kpis.json" '
import csv, io, re
for name in ("kpis.csv", "observations.csv"):
    raw = open("'"$TMP/q"'/" + name, "rb").read()
    assert not raw.startswith(b"\xef\xbb\xbf"), name
    assert raw.count(b"\r\n") == raw.count(b"\n") and raw.endswith(b"\r\n"), name
    raw.decode("utf-8")
obs = list(csv.DictReader(io.StringIO(open("'"$TMP/q"'/observations.csv", newline="").read())))
assert any(o["key"] == "Korea, \"South\"" and o["value"] == "20" for o in obs)
assert any(o["key"] == "RU" and o["value"] == "" for o in obs), "null is an empty cell"
assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", o["fetched_at"]) for o in obs)
rows = list(csv.DictReader(open("'"$TMP/q"'/kpis.csv", newline="")))
assert any("." in r["target"] for r in rows), "16.25: a decimal point"
assert not any("," in r["value"] + r["target"] + r["progress"] for r in rows)
'
run_cmd "compute --csv-excel" 0 compute --config "$FIX" --output "$TMP/xl" --csv-excel
pycheck "--csv-excel: BOM, ; and decimal comma" "$TMP/xl/kpis.json" '
raw = open("'"$TMP/xl"'/kpis.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbfkpi;area;year;value;"), raw[:40]
assert b";16,25;" in raw or b";17,5;" in raw
'

# ---- docs/analyst.md: the jq examples, the Python and DuckDB ones ----
python3 - docs/analyst.md "$TMP/readme" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
sec = text.split("\n## Querying the outputs\n", 1)[1].split("\n## ", 1)[0]
m = re.search(r"<!-- jq examples:[^\n]*-->\n```console\n(.*?)```", sec, re.S)
cmds, outs = [], []
for line in m.group(1).splitlines():
    if line.startswith("$ "):
        cmds.append(line[2:])
        outs.append([])
    else:
        outs[-1].append(line)
for i, (c, o) in enumerate(zip(cmds, outs)):
    open("%s/jq%02d.sh" % (out, i), "w").write(c + "\n")
    open("%s/jq%02d.want" % (out, i), "w").write("\n".join(o) + "\n")
for lang in ("python", "sql"):
    for i, b in enumerate(re.findall(r"```%s\n(.*?)```" % lang, sec, re.S)):
        open("%s/%s%02d" % (out, lang, i), "w").write(b)
PY
ls "$TMP"/readme/jq*.sh >/dev/null 2>&1 && [ "$(ls "$TMP"/readme/jq*.sh | wc -l)" -ge 5 ] &&
	ok || bad "README: the marked block of jq examples is found"
# The expected output of an example whose numbers depend on the data is
# computed here from the same JSON with Python; the others must print
# what README shows ("..." ends a cut output).
cat >"$TMP/oracle.py" <<'PY'
import json, math, sys
cmd = open(sys.argv[1]).read().strip()
k = json.load(open("output/kpis.json"))
o = json.load(open("output/observations.json"))
def num(v):
    return "" if v is None else json.dumps(v)
def rnd(v):
    return int(math.floor(v + 0.5))
oracles = {
    """jq -r '.areas[] | "\\(.order) \\(.id): \\(.kpis | length) KPIs, index \\(.index | round)"' output/kpis.json""":
        lambda: ["%d %s: %d KPIs, index %d" % (a["order"], a["id"], len(a["kpis"]), rnd(a["index"])) for a in k["areas"]],
    """jq -r '.kpis[] | select(.status == "missed" or .status == "off_track" or .status == "at_risk") | .id' output/kpis.json""":
        lambda: [x["id"] for x in k["kpis"] if x["status"] in ("missed", "off_track", "at_risk")],
    """jq -c '[.kpis[].status] | group_by(.) | map({(.[0]): length}) | add' output/kpis.json""":
        lambda: [json.dumps({s: [x["status"] for x in k["kpis"]].count(s) for s in sorted({x["status"] for x in k["kpis"]})}, separators=(",", ":"))],
    """jq -r '.kpis[] | select(.id == "intl_students") | .series[] | [.year, .value, .target] | @tsv' output/kpis.json""":
        lambda: ["%d\t%s\t%s" % (p["year"], num(p["value"]), num(p["target"])) for x in k["kpis"] if x["id"] == "intl_students" for p in x["series"]],
    """jq -c '.observations[] | select(.metric == "enrolment_total" and .year == 2023) | {value, source, path, line}' output/observations.json""":
        lambda: [json.dumps({f: x[f] for f in ("value", "source", "path", "line")}, separators=(",", ":")) for x in o["observations"] if x["metric"] == "enrolment_total" and x["year"] == 2023],
    """jq -r '.sources[] | "\\(.id)\\t\\(.state)\\t\\(.observations)"' output/kpis.json""":
        lambda: ["%s\t%s\t%d" % (s["id"], s["state"], s["observations"]) for s in k["sources"]],
}
if cmd in oracles:
    print("\n".join(oracles[cmd]()))
else:
    sys.exit(3)
PY
cd "$TMP/ex"
for c in "$TMP"/readme/jq*.sh; do
	w=${c%.sh}.want
	label="README: $(cat "$c")"
	if ! sh "$c" >"$TMP/got" 2>"$TMP/err"; then
		bad "$label: exits non-zero"; sed 's/^/  | /' "$TMP/err" | head -5; continue
	fi
	[ -s "$TMP/got" ] || { bad "$label: prints nothing"; continue; }
	python3 "$TMP/oracle.py" "$c" >"$TMP/want"
	case $? in
	0) ;;
	3)	# no oracle: README's own output, maybe cut by "..."
		if [ "$(tail -1 "$w")" = "..." ]; then
			sed '$d' "$w" >"$TMP/want"
			head -n "$(wc -l <"$TMP/want")" "$TMP/got" >"$TMP/got.head"
			mv "$TMP/got.head" "$TMP/got"
		else
			cp "$w" "$TMP/want"
		fi ;;
	*) bad "$label: its oracle failed"; continue ;;
	esac
	if cmp -s "$TMP/want" "$TMP/got"; then ok; else
		bad "$label: prints other than expected"; diff "$TMP/want" "$TMP/got" | head -10 | sed 's/^/  | /'
	fi
done
for p in "$TMP"/readme/python*; do
	if grep -q '^import pandas' "$p" && ! python3 -c 'import pandas' 2>/dev/null; then
		echo "SKIP: README pandas example (pandas not installed)"; continue
	fi
	python3 "$p" >"$TMP/got" 2>"$TMP/err" && [ -s "$TMP/got" ] && ok ||
		{ bad "README: Python example $(basename "$p") runs"; tail -5 "$TMP/err" | sed 's/^/  | /'; }
done
if command -v duckdb >/dev/null; then
	for q in "$TMP"/readme/sql*; do
		duckdb <"$q" >"$TMP/got" 2>"$TMP/err" && [ -s "$TMP/got" ] && ! grep -q Error "$TMP/err" && ok ||
			{ bad "README: DuckDB example runs"; tail -5 "$TMP/err" | sed 's/^/  | /'; }
	done
else
	echo "SKIP: README DuckDB examples (duckdb not installed)"
fi
cd "$ROOT"

# ---- the man page covers every command and every option --help prints ----
MAN=$ROOT/intlkpi.1
if command -v groff >/dev/null; then
	groff -man -ww -z "$MAN" >"$TMP/groff" 2>&1 && [ ! -s "$TMP/groff" ] && ok ||
		{ bad "intlkpi.1: groff warnings"; head -5 "$TMP/groff"; }
fi
# the roff source as text: \- is -, font escapes dropped
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" >"$TMP/man.txt"
# man_section NAME: the section ".SS intlkpi NAME" (to the next .SS/.SH) and
# COMMON OPTIONS, the items (the line after each .TP) marked "ITEM "
man_section() {
	awk -v name="$1" '
		/^\.S[HS] / { on = 0 }
		/^\.SS / && (index($0, "\"intlkpi " name " ") == 5 || index($0, "\"intlkpi " name "\"") == 5) { on = 1 }
		/^\.SH "?COMMON OPTIONS/ { on = 1 }
		on { print (tp ? "ITEM " : "") $0 }
		{ tp = $0 == ".TP" }' "$TMP/man.txt"
}
# help_options: the options of a --help text's option list ("  -o, --output OUT  ...")
help_options() {
	awk '/^ +-/ { print $1; if ($1 ~ /,$/) print $2 }' | sed 's/,$//' | sort -u
}
grep -q -- '--version' "$TMP/man.txt" && ok || bad "intlkpi.1 documents --version"
"$BIN" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' >"$TMP/commands"
[ "$(wc -l <"$TMP/commands")" -ge 10 ] && ok || bad "intlkpi --help lists the commands"
while read -r c; do
	man_section "$c" >"$TMP/sec"
	grep -q "^\.SS .*intlkpi $c" "$TMP/sec" && ok || { bad "intlkpi.1 has a section for '$c'"; continue; }
	"$BIN" "$c" --help >"$TMP/help" 2>/dev/null && ok || { bad "intlkpi $c --help exits 0"; continue; }
	help_options <"$TMP/help" | grep -qx -- --help && ok || bad "the option list of 'intlkpi $c --help' is read"
	for opt in $(help_options <"$TMP/help"); do
		grep -q -- "^ITEM .*$opt\\([^a-z-]\\|\$\\)" "$TMP/sec" && ok ||
			bad "intlkpi.1: '$c' section lacks $opt (from 'intlkpi $c --help')"
	done
done <"$TMP/commands"

# ---- make install ships the man page, the schemas and the completion ----
# (the dry run's commands, continuation lines joined)
make -n -s install DESTDIR=/nonexistent PREFIX=/usr/local 2>&1 |
	sed -e :a -e '/\\$/N; s/\\\n//; ta' >"$TMP/install"
for f in 'intlkpi .*/bin/intlkpi' 'intlkpi\.1 .*/share/man/man1' 'kpis\.schema\.json' \
	'observations\.schema\.json' 'intlkpi\.bash .*/share/bash-completion/completions/intlkpi'; do
	grep -q "$f" "$TMP/install" && ok || bad "make install: $f"
done

# ---- bash completion ----
COMP=$ROOT/scripts/completion/intlkpi.bash
if command -v bash >/dev/null; then
	# complete WORDS...: what the completion offers for the last word
	complete_words() {
		(cd "$TMP/ex" && bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _intlkpi
			printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP" "$BIN" "$@")
	}
	expect_words() {
		name=$1 want=$2
		shift 2
		got=$(complete_words "$@" | tr '\n' ' ')
		case " $got" in *" $want "*) ok ;; *) bad "completion: $name offers '$want' (got: $got)" ;; esac
	}
	expect_words "commands" show sh
	expect_words "commands" extract ""
	expect_words "show options" --status show --s
	expect_words "show options" --source show --s
	expect_words "extract options" --config extract --
	expect_words "a status list" off_track,at_risk show --status off_track,at
	expect_words "a partner state list" dormant,candidate show --partners --state dormant,ca
	expect_words "formats" json show --format ""
	cp -r "$ROOT/indicators" "$TMP/ex/indicators"
	expect_words "KPI ids" intl_students show intl_stu
	expect_words "area ids" rankings show --area ""
	expect_words "source ids" kmu-staff show --source kmu-st
	expect_words "source files" indicators/sources/kmu-staff.json extract indicators/sources/kmu-st
else
	echo "SKIP: completion (bash not found)"
fi

e2e_summary analyst
