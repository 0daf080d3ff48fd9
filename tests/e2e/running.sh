#!/bin/sh
# A strategy in progress (tests/fixtures/running): 2024-2028 with data
# through 2026, run with INTLKPI_TODAY=2026-12-05. Nothing after 2026 is
# counted, drawn or judged; at_risk by the 80% interval; an interim target
# judged in its year; a QS band as published; a never-ranked KPI; gaps in
# words; the report's first screen; docs/report.md's worked example line
# by line; and the browser at 390 and 1280 px. Numbers worked by hand in
# the fixture's KPI descriptions and in docs/report.md.
. tests/e2e/lib.sh
# dates in the report are local: these tests read them in UTC
export TZ=UTC

RUN=$(pwd)/tests/fixtures/running
export INTLKPI_TODAY=2026-12-05

run_cmd "running: check" 0 check --config "$RUN"
run_cmd "running: run" 0 run --offline --config "$RUN" --output "$TMP/r"

pycheck "running: data through 2026, open-ended rows stop there" "$TMP/r/kpis.json" '
assert d["schema"] == "intlkpi.kpis/3"
assert d["period"]["data_through"] == 2026 and d["period"]["calendar_year"] == 2026
assert d["period"]["as_of"] is None
# 18 open-ended agreements + 2 signed in 2024 (2024); + 2 in 2025; one ends
# mid-2026, one more signed: 23. Counted on to 2028 (and the one signed for
# 2027) they gave 23 and 22, and a "missed" judged on 2028.
assert [pt("agreements", y)["value"] for y in range(2024, 2029)] == [20, 22, 23, None, None]
# the admissions plan has a 2027 row: a plan is no value
assert pt("intl_students", 2027)["value"] is None and pt("intl_students", 2026)["value"] == 500
for k in d["kpis"]:
    assert all(p["value"] is None and p["band"] is None for p in k["series"] if p["year"] > 2026), k["id"]
    assert k["status"] not in ("achieved", "nearly", "missed"), k["id"]
    assert k["data_through"] is None or k["data_through"] <= 2026, k["id"]
src = {s["id"]: s["data_through"] for s in d["sources"]}
assert src == {"agreements": 2026, "enrolment": 2026, "mobility": 2026, "rankings": 2026, "staff": 2025}, src
'
pycheck "running: no observation after 2026 from an open-ended row" "$TMP/r/observations.json" '
years = [o["year"] for o in d["observations"] if o["metric"] == "agreements"]
assert max(years) == 2026, sorted(set(years))
'

pycheck "running: statuses by the 80% interval, interim target, bands, not ranked" "$TMP/r/kpis.json" '
k = kpi("agreements")
f = k["forecast"]
# 20, 22, 23: slope 1.5, 2028 = 21.667 + 4.5 = 26.167; half width
# t(0.9, 1) 3.0777 * s 0.40825 * sqrt(1 + 1/3 + 9/2) 2.41523 = 3.0346
assert near(f["value"], 26.1666667, 1e-6) and near(f["low"], 23.132, 1e-4) and near(f["high"], 29.201, 1e-4)
assert k["status"] == "at_risk" and f["low"] <= 28 <= f["high"]
k = kpi("intl_student_share")
assert k["status"] == "off_track" and k["forecast"]["high"] < 10
m = k["interim"][0]
assert (m["year"], m["status"], m["gap_text"]) == (2026, "missed", "2.0 points short"), m
assert near(m["gap"], 7.5 - 100 * 500 / 9090) and k["attention_interim"] == 2026
m = kpi("outbound_mobility")["interim"][0]
assert (m["status"], m["gap_text"]) == ("achieved", "3 students above target"), m
assert kpi("outbound_mobility")["attention_interim"] is None
k = kpi("qs_rank")
assert k["latest"]["band"] == {"low": 1001, "high": 1200} and k["gap"] == -101
assert k["gap_text"] == "at best 101 places short" and k["status"] == "at_risk"
assert k["forecast"]["low"] >= 1
k = kpi("the_rank")
assert k["status"] == "not_ranked" and k["gap"] is None and k["latest"] is None
assert k["data_through"] == 2026 and k["reason"] == "not ranked in 2026, nor in any earlier year"
k = kpi("intl_staff_share")
assert k["data_through"] == 2025 and k["status"] == "at_risk" and "too few for a forecast" in k["reason"]
a = {a["id"]: a for a in d["areas"]}["rankings"]
# not ranked counts as 0 with its weight: (2 * progress(qs) + 1 * 0) / 3
qs = kpi("qs_rank")["latest"]["progress"]
assert near(a["index"], 100 * 2 * min(max(qs, 0), 1) / 3) and a["counts"]["not_ranked"] == 1
'

# the worked example of docs/report.md, line by line
python3 - "$TMP/r/kpis.json" docs/report.md <<'PY' 2>"$TMP/pyerr" && ok || { bad "running: docs/report.md's worked example matches the output"; sed 's/^/  | /' "$TMP/pyerr" | tail -6; }
import json, re, sys
d = json.load(open(sys.argv[1]))
doc = open(sys.argv[2], encoding="utf-8").read()
block = doc.split("<!-- worked example: tests/fixtures/running -->", 1)[1].split("\n\n**", 1)[0]
items = [" ".join(x.split()) for x in re.split(r"\n- ", "\n" + block.strip()) if x.strip()]
kpis = {k["id"]: k for k in d["kpis"]}
assert len(items) == len(kpis), (len(items), len(kpis))
for it in items:
    m = re.match(r'`([a-z_]+)` \(.*?\): \*\*([a-z_]+)\*\*, (?:"([^"]*)"|no gap): "(.*?)"(?:; interim (\d{4}) \*\*([a-z_]+)\*\*, "([^"]*)")?', it)
    assert m, it
    k = kpis[m.group(1)]
    assert k["status"] == m.group(2), (k["id"], k["status"])
    assert k["gap_text"] == m.group(3), (k["id"], k["gap_text"], m.group(3))
    assert k["reason"] == m.group(4), (k["id"], k["reason"], m.group(4))
    if m.group(5):
        im = [x for x in k["interim"] if x["year"] == int(m.group(5))][0]
        assert (im["status"], im["gap_text"]) == (m.group(6), m.group(7)), (k["id"], im)
PY

# kpis.csv: nothing after 2026, the interim judgement, the band
python3 - "$TMP/r/kpis.csv" <<'PY' 2>"$TMP/pyerr" && ok || { bad "running: kpis.csv"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; }
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = {(x["kpi"], int(x["year"])): x for x in rows}
assert r[("agreements", 2027)]["value"] == "" and r[("agreements", 2026)]["value"] == "23"
assert r[("intl_student_share", 2026)]["interim_status"] == "missed"
assert r[("qs_rank", 2026)]["band_low"] == "1001" and r[("qs_rank", 2026)]["band_high"] == "1200"
assert r[("the_rank", 2026)]["final_status"] == "not_ranked"
assert r[("intl_staff_share", 2024)]["data_through"] == "2025"
PY

# show: the words, and not_ranked as a status to filter on
run_cmd "running: show --status not_ranked" 0 show --status not_ranked --output "$TMP/r"
grep -q '^rankings  *the_rank ' "$TMP/out" && [ "$(wc -l <"$TMP/out")" -eq 2 ] && ok ||
	bad "show --status not_ranked lists the_rank alone: $(cat "$TMP/out")"
run_cmd "running: show qs_rank" 0 show qs_rank --output "$TMP/r"
grep -q 'latest 2026: 1001–1200' "$TMP/out" && grep -q 'at best 101 places short' "$TMP/out" &&
	grep -q 'data through 2026' "$TMP/out" && ! grep -q 'gap to target' "$TMP/out" && ok ||
	bad "show qs_rank: the band and the gap in words: $(cat "$TMP/out")"
# a year further from its target than the baseline is said in words, never "-498%"
# (a copy whose 2025 band went the wrong way: progress -0.5)
mkdir -p "$TMP/worse" && cp "$TMP/r/observations.json" "$TMP/worse/" &&
	jq '(.kpis[] | select(.id == "qs_rank") | .series[] | select(.year == 2025) | .progress) = -0.5' \
		"$TMP/r/kpis.json" >"$TMP/worse/kpis.json"
run_cmd "running: show qs_rank, a year worse than the baseline" 0 show qs_rank --output "$TMP/worse"
grep -q '^2025 .* worse ' "$TMP/out" && ! grep -q -- '-[0-9]*%' "$TMP/out" && ok ||
	bad "show qs_rank: a negative progress in words: $(cat "$TMP/out")"
run_cmd "running: show intl_student_share" 0 show intl_student_share --output "$TMP/r"
tr '\n' ' ' <"$TMP/out" | tr -s ' ' | grep -q '2026 target 7.5: missed, 2.0 points short' && ok ||
	bad "show: the interim target: $(cat "$TMP/out")"

# two points are too few for a forecast: no number quoted as one (it said
# "forecast 2028: 3.8 (trend)")
run_cmd "running: show intl_staff_share" 0 show intl_staff_share --output "$TMP/r"
grep -q '^forecast 2028: too few points' "$TMP/out" && ! grep -q '3\.8' "$TMP/out" && ok ||
	bad "show: a two-point forecast is no number: $(cat "$TMP/out")"

# an exact line has no interval (kpi.c): said, never "67-67" nor "too few points"
mkdir -p "$TMP/exact" && cp -r "$TMP/r/observations.json" "$TMP/r/charts" "$TMP/exact/" &&
	jq '(.kpis[] | select(.id == "outbound_mobility") | .forecast) |= (.low = null | .high = null)' \
		"$TMP/r/kpis.json" >"$TMP/exact/kpis.json"
run_cmd "running: show, an exact line" 0 show outbound_mobility --output "$TMP/exact"
grep -q '^forecast 2028: 67 (trend: an exact line, no interval)' "$TMP/out" && ok ||
	bad "show: an exact line: $(cat "$TMP/out")"
run_cmd "running: report, an exact line" 0 report -q --output "$TMP/exact"
grep -q '67 students<br><span class="note">exact line, no interval</span>' "$TMP/exact/report.html" && ok ||
	bad "report: an exact line's forecast cell"

# every chart file says what it shows; no axis made up, no rank above 1
python3 - "$TMP/r/charts" <<'PY' 2>"$TMP/pyerr" && ok || { bad "running: chart files"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; }
import glob, json, os, re, sys
import xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
index = json.load(open(os.path.join(sys.argv[1], "index.json")))
for c in index["charts"]:
    root = ET.parse(os.path.join(sys.argv[1], c["svg"])).getroot()
    title = root.find(ns + "title").text
    assert title == c["title"] and "gnuplot" not in title.lower(), (c["name"], title)
    # nor a tooltip: gnuplot titles each plot group "gnuplot_plot_1"
    inner = [t.text for t in root.iter(ns + "title") if t.text and "gnuplot" in t.text.lower()]
    assert not inner, (c["name"], inner[:2])
def texts(name):
    return [t.text.strip() for t in ET.parse(os.path.join(sys.argv[1], name)).iter(ns + "text") if t.text and t.text.strip()]
t = texts("kpi-the_rank.svg")
assert "not ranked in any edition up to 2026" in t, t
assert not [x for x in t if re.fullmatch(r"-?\d+", x) and not re.fullmatch(r"20\d\d", x)], t   # no value axis
t = texts("kpi-qs_rank.svg")
ticks = [int(x) for x in t if re.fullmatch(r"-?\d+", x) and not re.fullmatch(r"20\d\d", x)]
assert ticks and min(ticks) >= 1, ticks
assert "no data yet" in texts("kpi-agreements.svg")
PY

# the report: the first screen and its words
python3 - "$TMP/r/report.html" <<'PY' 2>"$TMP/pyerr" && ok || { bad "running: the report's words"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; }
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
head = h[:h.index('id="attention"')]
assert "<b>Data through 2026</b>. Lagging: Academic staff through 2025." in head
assert 'id="illustrative"' in head and "1 of 5 sources is illustrative" in head
assert re.search(r"KPIs computed \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d \w+ by intlkpi", head), "a readable time"
assert "are we on track for 2028?" in head
att = h[h.index('id="attention"'):h.index('id="glance"')]
# on 5 December 2026 the year is not over: the target is not met so far
assert "<b>2026 target 7.5% not met so far: 5.5%, 2.0 points short.</b>" in att
assert "5 KPIs need attention" in att
assert "The 2028 forecast 26 agreements (80% interval 23–29) falls 2 agreements short" in att
assert "+0" not in h and "-100%" not in h and "gap +" not in h
summ = h[h.index('id="summary"'):h.index('class="area"')]
assert "rank 1001–1200" in summ and "at best 101 places short" in summ and "2026: 7.5% <b>missed</b>" in summ
row = summ[summ.index('href="#kpi-intl_staff_share"'):]
row = row[:row.index("</tr>")]
# a two-point forecast (3.8%) is no number to quote: the cell says why instead
assert '<td class="words">too few points</td>' in row and "3.8%" not in row, row
PY

# "now" moves: as_of overrides the calendar; an earlier calendar stops the rows earlier
rm -rf "$TMP/asof" && cp -r "$RUN" "$TMP/asof"
python3 - "$TMP/asof/profile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["period"]["as_of"] = 2025
json.dump(d, open(sys.argv[1], "w"))
PY
run_cmd "running: as_of 2025" 0 compute --config "$TMP/asof" --output "$TMP/a"
pycheck "running: as_of 2025 overrides the calendar" "$TMP/a/kpis.json" '
assert d["period"]["data_through"] == 2025
assert [pt("agreements", y)["value"] for y in range(2024, 2029)] == [20, 22, None, None, None]
assert kpi("intl_student_share")["interim"][0]["status"] == "pending"
'
INTLKPI_TODAY=2025-03-01 run_cmd "running: in 2025" 0 compute --config "$RUN" --output "$TMP/y25"
pycheck "running: in 2025 open-ended rows stop at 2025" "$TMP/y25/kpis.json" '
assert d["period"]["calendar_year"] == 2025 and d["period"]["data_through"] == 2025
# on 1 March 2025, Partner 22 (signed 2025-10-01) is a plan: 21, not 22
assert [pt("agreements", y)["value"] for y in range(2024, 2029)] == [20, 21, None, None, None]
'
expect_err "running: in 2025, the plan named" "agreements.csv:24: 1 row dated after today (2025-03-01) not counted"
# "now" is a date (review item 3): on 10 January 2027 Partner 25 (signed
# 2027-01-15) is a plan, and no agreement has started in 2027, so the
# open-ended ones do not make 2027 a year with data: the agreements stay
# through 2026, judged as on 5 December 2026
INTLKPI_TODAY=2027-01-10 run_cmd "running: on 10 January 2027" 0 compute --config "$RUN" --output "$TMP/y27"
pycheck "running: a year just begun is no data of open-ended rows" "$TMP/y27/kpis.json" '
assert d["period"]["calendar_year"] == 2027
assert [pt("agreements", y)["value"] for y in range(2024, 2029)] == [20, 22, 23, None, None]
k = kpi("agreements")
assert k["data_through"] == 2026 and k["status"] == "at_risk", (k["data_through"], k["status"])
assert {s["id"]: s["data_through"] for s in d["sources"]}["agreements"] == 2026
'
expect_err "running: 10 January 2027, the plan named" "agreements.csv:27: 1 row dated after today (2027-01-10) not counted"
expect_err "running: 10 January 2027, the year withheld" "no row starts in 2027 by today (2027-01-10), so the rows that started earlier count up to 2026"
# once an agreement of 2027 is signed (15 January), 2027 has data: 22 + 1
INTLKPI_TODAY=2027-01-20 run_cmd "running: on 20 January 2027" 0 compute --config "$RUN" --output "$TMP/y27b"
pycheck "running: a year with a row of its own counts" "$TMP/y27b/kpis.json" '
assert [pt("agreements", y)["value"] for y in range(2024, 2029)] == [20, 22, 23, 23, None]
assert kpi("agreements")["data_through"] == 2027
'

# validated against the schema, when ajv is here (analyst.sh requires it in CI)
if command -v ajv >/dev/null; then
	if ajv validate --spec=draft2020 -c ajv-formats --all-errors --errors=text \
		-s schemas/kpis.schema.json -d "$TMP/r/kpis.json" -d "$TMP/a/kpis.json" >"$TMP/ajv" 2>&1
	then ok; else bad "running: kpis.json against its schema"; sed 's/^/  | /' "$TMP/ajv" | head; fi
else
	echo "SKIP: running: schema: ajv not found"
fi

# the browser: data through 2026 above the fold, nothing later drawn or
# judged, chart text, provenance; and a copy with 2027 and 2028 values
# (what open-ended rows used to give) that it must reject
if command -v node >/dev/null; then
	node tests/browser/layout.js "$TMP/r/report.html" --through 2026 --illustrative >"$TMP/layout.log" 2>&1
	rc=$?
	if [ "$rc" -eq 77 ]; then
		echo "SKIP: $(tail -1 "$TMP/layout.log")"
	elif [ "$rc" -eq 0 ]; then ok
	else bad "running: browser layout"; sed 's/^/  | /' "$TMP/layout.log" | grep -v '^  | ok' | tail -8; fi
	if [ "$rc" -ne 77 ]; then
		cp -r "$TMP/r" "$TMP/late"
		python3 - "$TMP/late/kpis.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
k = next(k for k in d["kpis"] if k["id"] == "agreements")
for p in k["series"]:
    p["value"] = {2027: 23, 2028: 22}.get(p["year"], p["value"])
k["latest"] = {"year": 2028, "value": 22, "progress": 0.25, "band": None}
json.dump(d, open(sys.argv[1], "w"))
PY
		"$BIN" plot -q --output "$TMP/late" && "$BIN" report -q --output "$TMP/late"
		node tests/browser/layout.js "$TMP/late/report.html" --through 2026 >"$TMP/layout.log" 2>&1
		grep -q 'FAIL 390px: no value after 2026 drawn as an observation (in kpi-agreements)' "$TMP/layout.log" &&
			grep -q 'FAIL 1280px: no value after 2026 stated or judged' "$TMP/layout.log" && ok ||
			bad "running: the browser test sees a 2028 value: $(grep FAIL "$TMP/layout.log")"
	fi
else
	echo "SKIP: running: browser test: node is not installed"
fi

# diff: a line through two points is no forecast to quote there either
rm -rf "$TMP/dcfg" "$TMP/dout" && cp -r "$RUN" "$TMP/dcfg"
run_cmd "running: diff, first run" 0 run --offline --config "$TMP/dcfg" --output "$TMP/dout"
sed -i 's/^2025,610,15$/2025,610,18/' "$TMP/dcfg/data/staff.csv"
run_cmd "running: diff, the 2025 staff edited" 0 run --offline --config "$TMP/dcfg" --output "$TMP/dout"
run_cmd "running: diff of two points each" 0 diff --output "$TMP/dout"
grep -q '^  2025: 2.5% -> 3.0%' "$TMP/out" && ok || bad "running: diff names the staff share's change: $(cat "$TMP/out")"
grep -q 'forecast' "$TMP/out" && bad "running: diff quotes a two-point forecast: $(grep forecast "$TMP/out")" || ok
printf '2026,620,20\n' >>"$TMP/dcfg/data/staff.csv"
run_cmd "running: diff, a third year" 0 run --offline --config "$TMP/dcfg" --output "$TMP/dout"
run_cmd "running: diff to three points" 0 diff --output "$TMP/dout"
grep -q '^  forecast 2028: too few points -> [0-9.]*%$' "$TMP/out" && ok ||
	bad "running: diff from two points to three: $(grep forecast "$TMP/out")"

e2e_summary running
