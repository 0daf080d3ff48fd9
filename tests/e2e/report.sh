#!/bin/sh
# Charts and the report end to end: every chart file valid (SVG parses as
# XML, PNG has its magic and a real size), the report self-contained with
# every chart, hostile names inert in gnuplot and HTML, gnuplot missing or
# failing, stale data and stale charts, and a headless browser render.
. tests/e2e/lib.sh
# dates in the report are local: these tests read them in UTC
export TZ=UTC

# chart_files NAME DIR: every chart index.json lists as drawn is a valid SVG
# and PNG; with "all", every listed chart must be drawn
chart_files() {
	if python3 - "$2" "${3:-}" <<'PY' 2>"$TMP/pyerr"
import json, os, sys, xml.etree.ElementTree as ET
d, want_all = sys.argv[1], sys.argv[2] == "all"
idx = json.load(open(os.path.join(d, "index.json")))
assert idx["schema"] == "intlkpi.charts/1" and idx["charts"]
for c in idx["charts"]:
    svg, png = os.path.join(d, c["svg"]), os.path.join(d, c["png"])
    if not c["drawn"]:
        assert not want_all, "%s not drawn: %s" % (c["name"], c["error"])
        assert not os.path.exists(svg) and not os.path.exists(png), c["name"]
        continue
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", (svg, root.tag)
    b = open(png, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n", png
    w, h = int.from_bytes(b[16:20], "big"), int.from_bytes(b[20:24], "big")
    assert (w, h) == (c["width"], c["height"]), (png, w, h)
    assert len(b) > 5000, (png, len(b))
    assert c["alt"] and c["title"], c["name"]
leftovers = [f for f in os.listdir(d) if f.startswith(".") or ".tmp" in f]
assert not leftovers, leftovers
PY
	then ok; else bad "$1"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; fi
}

# html_check NAME DIR: report.html loads nothing, runs nothing, and shows
# every drawn chart of index.json and a figure for every KPI
html_check() {
	if python3 - "$2" <<'PY' 2>"$TMP/pyerr"
import json, os, re, sys
from html.parser import HTMLParser
d = sys.argv[1]
text = open(os.path.join(d, "report.html"), encoding="utf-8").read()
kpis = json.load(open(os.path.join(d, "kpis.json")))
idx = json.load(open(os.path.join(d, "charts", "index.json")))

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels, self.figures, self.stack, self.bad = [], {}, [], []
        self.svg_in_figure, self.img_alt = set(), 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "link", "base", "img",
                   "foreignobject", "image", "audio", "video", "source"):
            self.bad.append("element <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append("handler %s" % k)
            if k in ("src", "srcset", "action", "formaction", "data", "poster"):
                self.bad.append("%s=%s" % (k, v))
            if k in ("href", "xlink:href") and not (v or "").startswith("#"):
                self.bad.append("%s=%s" % (k, v))
            if v and re.search(r"url\(\s*['\"]?(?!#)", v, re.I):
                self.bad.append("url() in %s" % k)
        if tag == "figure":
            self.stack.append(a.get("id"))
            self.figures[a.get("id")] = True
        if tag == "svg":
            assert a.get("role") == "img" and a.get("aria-label"), "svg without alt text"
            self.labels.append(a["aria-label"])
            if self.stack:
                self.svg_in_figure.add(self.stack[-1])
    def handle_endtag(self, tag):
        if tag == "figure":
            self.stack.pop()

p = P()
p.feed(text)
assert not p.bad, p.bad
assert "Content-Security-Policy" in text and "default-src 'none'" in text
assert not re.search(r"@import|url\(\s*['\"]?(?!#)", text, re.I), "a CSS load"
shown = [c for c in idx["charts"] if c["drawn"] and c["kind"] != "area"]
for c in shown:
    assert c["alt"] in p.labels, "chart %s not in the report" % c["name"]
for k in kpis["kpis"]:
    assert "kpi-" + k["id"] in p.svg_in_figure, "no chart for KPI " + k["id"]
assert len(p.labels) == len(shown), (len(p.labels), len(shown))
assert "<th scope=\"col\">" in text and "<caption>" in text
assert "Chart not available" not in text and "could not be shown" not in text
PY
	then ok; else bad "$1"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; fi
}

# run_path DIRS NAME EXPECTED_RC ARGS...: run_cmd with PATH set to DIRS
run_path() {
	path=$1 name=$2 want=$3
	shift 3
	PATH=$path "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok; else
		bad "$name: exit $rc, expected $want"; sed 's/^/  | /' "$TMP/err" | head -20
	fi
}

# ---- the command line ----
for c in plot report; do
	run_cmd "$c --help" 0 "$c" --help
	grep -q "usage: intlkpi $c" "$TMP/out" && ok || bad "$c --help prints its usage"
	run_cmd "$c without kpis.json" 3 "$c" --output "$TMP/none"
	expect_err "$c without kpis.json" "cannot open"
	run_cmd "$c with an argument" 2 "$c" extra
done

# ---- the bundled example: 26 KPIs, 5 areas, every chart ----
if [ -d indicators ]; then
	"$BIN" compute -q --config indicators --output "$TMP/ex" || bad "compute the example"
	mkdir -p "$TMP/ex/charts"
	: >"$TMP/ex/charts/kpi-gone.svg.tmp.123456"	# left by a killed run
	run_cmd "plot the example" 0 plot --output "$TMP/ex"
	[ ! -e "$TMP/ex/charts/kpi-gone.svg.tmp.123456" ] && ok || bad "plot removes what a killed run left"
	chart_files "example: every chart drawn, valid SVG and PNG" "$TMP/ex/charts" all
	pycheck "example: the charts of the issue" "$TMP/ex/charts/index.json" '
import os
names = {c["name"]: c for c in d["charts"]}
assert names["radar"]["kind"] == "radar"
for a in ("recruitment", "at_home", "research", "rankings", "partnerships"):
    assert names["area-" + a]["kind"] == "area"
kpis = json.load(open(os.path.dirname(sys.argv[1]) + "/../kpis.json"))["kpis"]
assert sorted(c["subject"] for c in d["charts"] if c["kind"] == "kpi") == sorted(k["id"] for k in kpis)
assert names["students-by-country"]["area"] == "recruitment"
assert "largest" in names["students-by-country"]["alt"]
assert names["coauthors-by-country"]["kind"] == "bars"
# the peers of profile.json with an openalex_id, from peer_works_intl / peer_works_total
share = names["coauthorship-share"]["alt"]
assert "No peer data yet" not in share and "Tongji University 2019" in share, share
assert "University of Perpignan Via Domitia 2019" in share, share
assert "reversed" in names["kpi-qs_wur_rank"]["alt"]
'
	grep -q "peers: no data yet" "$TMP/ex/charts/coauthorship-share.svg" && bad "share chart says there are no peers" || ok
	# a rank axis as drawn: rank 1 at the top (a larger rank lower on the
	# page), no place 0 (the script's text alone does not show it)
	for r in qs_wur_rank national_rank; do
		python3 - "$TMP/ex/charts/kpi-$r.svg" <<'PY' 2>"$TMP/pyerr" && ok || { bad "example: $r's axis reversed as drawn"; sed 's/^/  | /' "$TMP/pyerr" | tail -3; }
import re, sys
svg = open(sys.argv[1]).read()
tics = [(float(v), float(y)) for x, y, v in re.findall(
    r'translate\(([\d.]+),([\d.]+)\)"[^>]*text-anchor="end">\s*<text> ?(-?[\d.]+)</text>', svg)
    if float(x) < 100]
assert len(tics) >= 2, tics
tics.sort()
assert all(a[1] < b[1] for a, b in zip(tics, tics[1:])), ("rank 1 is not at the top", tics)
assert all(v >= 1 for v, _ in tics), ("a place above 1", tics)
PY
	done
	# without the peers' metrics the chart says so
	rm -rf "$TMP/nopeer" && cp -r indicators "$TMP/nopeer"
	python3 - "$TMP/nopeer" <<'PY'
import glob, json, sys
for f in glob.glob(sys.argv[1] + "/sources/openalex*.json"):
    d = json.load(open(f))
    d["metrics"] = [m for m in d["metrics"] if m.get("of") != "peers"]
    json.dump(d, open(f, "w"))
f = sys.argv[1] + "/kpi/intl_coauthored_share.json"
d = json.load(open(f))
del d["peers"]
json.dump(d, open(f, "w"))
PY
	"$BIN" compute -q --config "$TMP/nopeer" --output "$TMP/nopeer/out" && "$BIN" plot -q --output "$TMP/nopeer/out" ||
		bad "compute and plot the example without peers"
	grep -q "peers: no data yet" "$TMP/nopeer/out/charts/coauthorship-share.svg" && ok || bad "share chart says there are no peers"
	run_cmd "report the example" 0 report --output "$TMP/ex"
	html_check "example: report self-contained, every chart present" "$TMP/ex"
	n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["kpis"]))' "$TMP/ex/kpis.json")
	grep -q "of $n KPIs are achieved or on track" "$TMP/ex/report.html" && ok || bad "report counts the $n KPIs"
	grep -q 'class="banner"' "$TMP/ex/report.html" && bad "no stale banner when all is fresh" || ok
	# every badge agrees with the numbers beside it: the status follows
	# from the final value, the target and the band (docs/report.md)
	pycheck "example: every status agrees with its numbers" "$TMP/ex/kpis.json" '
th = d["status_threshold"]
for k in d["kpis"]:
    T, B, st = k["final_target"]["value"], k["baseline"]["value"], k["status"]
    fp = [p for p in k["series"] if p["year"] == k["final_target"]["year"]][0]
    fin, band = fp["value"], fp["band"]
    if fin is None and band is None:
        # an edition without the university is "not ranked", not "no data"
        assert st == ("not_ranked" if k["unit"] == "rank" else "no_data") and k["gap"] is None, k["id"]
        continue
    bp = [p for p in k["series"] if p["year"] == k["baseline"]["year"]][0]
    if band:
        # judged on the band as published: met when its worst end is, the gap from its best
        best, worst = band["low"], band["high"]
        B = bp["band"]["low"] if bp["band"] else B
        assert near(k["gap"], T - best), k["id"]
        meets, inside = worst is not None and worst <= T, best <= T
    else:
        best = fin
        assert near(k["gap"], T - fin), k["id"]
        meets = fin >= T if k["direction"] == "increase" else fin <= T
        inside = meets
    band_t = th * (abs(T - B) if B != T else abs(T))
    want = "achieved" if meets else "nearly" if inside or abs(T - best) <= band_t else "missed"
    assert st == want, (k["id"], st, want)
    assert k["gap_text"] and not k["gap_text"].startswith(("+", "-")), k["id"]
for a in d["areas"]:
    ks = [k for k in d["kpis"] if k["area"] == a["id"]]
    assert sum(a["counts"].values()) == len(ks), a["id"]
    # within the band everywhere never shows as failing
    if all(k["status"] in ("achieved", "nearly") for k in ks):
        assert a["status"] in ("achieved", "nearly"), a["id"]
assert {a["id"]: a["status"] for a in d["areas"]}["research"] == "nearly"
'
	# docs/report.md's worked example of the finished strategy: status and gap
	python3 - "$TMP/ex/kpis.json" docs/report.md <<'PY' 2>"$TMP/pyerr" && ok || { bad "example: docs/report.md's worked example matches the output"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; }
import json, sys
d = json.load(open(sys.argv[1]))
kpis = {k["id"]: k for k in d["kpis"]}
block = open(sys.argv[2], encoding="utf-8").read().split("<!-- worked example: indicators -->", 1)[1]
rows = [r for r in block.strip().split("\n\n")[0].splitlines() if r.startswith("| `")]
assert len(rows) >= 8, rows
for r in rows:
    cells = [c.strip() for c in r.strip("|").split("|")]
    k = kpis[cells[0].split("`")[1]]
    assert cells[-2].split()[0] == k["status"], (k["id"], k["status"], cells[-2])
    assert cells[-1] == (k["gap_text"] or "–"), (k["id"], k["gap_text"], cells[-1])
PY
	python3 - "$TMP/ex/report.html" "$TMP/ex/kpis.json" <<'PY' 2>"$TMP/pyerr" && ok || { bad "example: attention list first, sorted, with facts"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; }
import json, re, sys
from html import escape
html = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2]))
assert html.index('id="headline"') < html.index('id="attention"') < html.index('id="glance"') < html.index('id="summary"')
att = html[html.index('id="attention"'):html.index('id="glance"')]
ids = re.findall(r'<li>.*?href="#kpi-([a-z0-9_]+)"', att)
want = [k for k in d["kpis"] if k["status"] in ("missed", "off_track", "at_risk", "not_ranked")
        or k["attention_interim"]]
# not ranked sorts as progress 0, as it counts in the area index (docs/report.md)
prog = lambda k: 0 if k["status"] == "not_ranked" else (k["latest"] or {}).get("progress")
want.sort(key=lambda k: (prog(k) is None, prog(k) or 0, -k["weight"], k["id"]))
assert ids == [k["id"] for k in want], (ids, [k["id"] for k in want])
# each item states its facts once: the reason, as a sentence, and no signed gap
entries = re.findall(r"<li>(.*?)</li>", att, re.S)
for k, li in zip(want, entries):
    r = escape(k["reason"], quote=True).replace("&#x27;", "&#39;")
    assert li.count(r[1:]) == 1 and li.count("target of") <= 1, (k["id"], li)
    assert not re.search(r"gap [+-]|-[0-9]+% of the way", li), li

# what tooltips and screen readers get: the charts' own titles, never gnuplot's
titles = re.findall(r"<(title|desc)>(.*?)</(?:title|desc)>", html, re.S)
assert len(titles) > 20
for tag, t in titles:
    assert "gnuplot" not in t.lower() and "$bd" not in t and t.strip(), (tag, t)
assert "<details" in html  # the long profile note is folded
PY
fi

# ---- two areas: the radar falls back to bars; a rank axis is reversed ----
"$BIN" compute -q --config "$FIX" --output "$TMP/small" || bad "compute the small fixture"
run_cmd "plot the small fixture" 0 plot --output "$TMP/small"
chart_files "small: every chart drawn" "$TMP/small/charts" all
run_cmd "report the small fixture" 0 report --output "$TMP/small"
html_check "small: report with the radar as bars" "$TMP/small"
pycheck "small: radar of two areas is bars" "$TMP/small/charts/index.json" '
names = {c["name"]: c for c in d["charts"]}
assert names["radar"]["kind"] == "radar" and names["radar"]["alt"].startswith("Bar chart")
assert "coauthorship-share" not in names, "no works metrics, no chart"
'
python3 - "$TMP/small/charts/radar.svg" <<'PY' 2>"$TMP/pyerr" && ok || { bad "small: the area bars run 0-100"; sed 's/^/  | /' "$TMP/pyerr" | tail -3; }
import re, sys
t = [x.strip() for x in re.findall(r"<text[^>]*>([^<]*)</text>", open(sys.argv[1]).read())]
assert t[:5] == ["0", "25", "50", "75", "100"] and "120" not in t, t
PY

# ---- the charts of metrics come from the profile's "charts" ----
rm -rf "$TMP/cc" && cp -r "$FIX" "$TMP/cc"
python3 - "$TMP/cc/profile.json" "$TMP/cc/sources/students.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["charts"] = {"students_by_country": "foreign_students", "partners_by_country": "nothing_here"}
json.dump(d, open(sys.argv[1], "w"))
s = json.load(open(sys.argv[2]))
s["metrics"][0]["name"] = "foreign_students"
json.dump(s, open(sys.argv[2], "w"))
PY
sed -i 's/intl_students/foreign_students/g' "$TMP/cc"/kpi/*.json
run_cmd "charts from the profile: run" 0 run --offline --config "$TMP/cc" --output "$TMP/cc-out"
expect_err "charts from the profile: a configured chart that cannot be drawn warns" \
	"chart 'coauthors-by-country' not drawn: the metric 'nothing_here' (profile.json charts.partners_by_country)"
pycheck "charts from the profile: students by country from another metric name" "$TMP/cc-out/charts/index.json" '
names = {c["name"]: c for c in d["charts"]}
assert names["students-by-country"]["subject"] == "foreign_students" and names["students-by-country"]["drawn"]
assert "coauthors-by-country" not in names
'

# ---- hostile names: nothing runs, everything renders ----
rm -rf "$TMP/cfg"
cp -r tests/fixtures/hostile "$TMP/cfg"
mkdir "$TMP/pwn"
for f in $(grep -rl '@PWN@' "$TMP/cfg"); do
	sed "s#@PWN@#$TMP/pwn#g" "$f" >"$TMP/sed" && cat "$TMP/sed" >"$f"
done
run_cmd "hostile: compute" 0 compute --config "$TMP/cfg" --output "$TMP/h"
run_cmd "hostile: plot" 0 plot --output "$TMP/h"
run_cmd "hostile: report" 0 report --output "$TMP/h"
[ -z "$(ls -A "$TMP/pwn")" ] && ok || bad "hostile: a name ran a command: $(ls "$TMP/pwn")"
chart_files "hostile: every chart drawn, valid SVG and PNG" "$TMP/h/charts" all
html_check "hostile: report inert" "$TMP/h"
export PWN="$TMP/pwn"
pycheck "hostile: names render as text in the charts and the page" "$TMP/h/kpis.json" '
import html, os, re, xml.etree.ElementTree as ET
from html.parser import HTMLParser
pwn = os.environ["PWN"]
ch = os.path.dirname(sys.argv[1]) + "/charts/"
def svg_text(name):
    return " ".join(t.text or "" for t in ET.parse(ch + name).iter("{http://www.w3.org/2000/svg}text"))
share = svg_text("kpi-share.svg")
assert "Share \x27 ; system(\"touch %s/kpi-sys\") ; \x27" % pwn in share, share
assert "`touch %s/kpi-bq`" % pwn in svg_text("kpi-countries.svg")
assert "Рейтинг 排名" in svg_text("kpi-rank.svg")
bars = svg_text("students-by-country.svg")
assert "<script>alert(1)</script>" in bars and "Қазақстан" in bars, bars
lines = svg_text("coauthorship-share.svg")
assert "Қарағанды медицина университеті !touch" in lines, lines
assert "同济大学" in lines and "I9" in lines, lines
radar = svg_text("radar.svg")
assert "\x27it\x27\x27s\x27 \\ end\\" in radar, radar
assert "no data" in svg_text("kpi-empty.svg")
page = open(os.path.dirname(sys.argv[1]) + "/report.html", encoding="utf-8").read()
class T(HTMLParser):
    def __init__(self):
        super().__init__(); self.h1 = ""; self.inh1 = False; self.text = []
    def handle_starttag(self, t, a): self.inh1 = t == "h1" or self.inh1
    def handle_endtag(self, t): self.inh1 = False if t == "h1" else self.inh1
    def handle_data(self, x):
        self.text.append(x)
        if self.inh1: self.h1 += x
t = T(); t.feed(page)
assert t.h1 == d["profile"]["name"], t.h1
alltext = "".join(t.text)
assert "</section><script>alert(\x27area\x27)</script>" in alltext
# the area title "Empty\nset output ...": a line break in the page; in the
# radar, wrapped into lines of 15 characters
assert "Empty set output" in " ".join(alltext.split())
assert "Empty set output" in radar
'

# ---- a failed source: the stale banner names it ----
rm -f "$TMP/cfg/data/nothing.csv"
run_cmd "stale: compute" 1 compute --config "$TMP/cfg" --output "$TMP/st"
run_cmd "stale: plot" 0 plot --output "$TMP/st"
run_cmd "stale: report" 0 report --output "$TMP/st"
grep -q 'Stale data: 1 source could not be refreshed' "$TMP/st/report.html" && ok || bad "stale banner"
grep -q '<li><b>nothing</b> (A source with no values &lt;script&gt;' "$TMP/st/report.html" && ok ||
	bad "stale banner names the source, escaped"

# ---- a paged source failing: one banner line, its pages counted together ----
python3 - "$TMP/st/kpis.json" "$TMP/pg" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
pages = []
for y in range(2019, 2024):
    pages.append(dict(d["sources"][0], id="qs-wur", title="", state="stale",
                      path="snapshots/qs-wur-%d.html" % y, error="could not resolve host",
                      fetched_at="2026-11-28T02:00:00Z"))
for i, t in enumerate(("a", "b", "c")):
    pages.append(dict(d["sources"][0], id="src-" + t, title="T" + t, state="failed", error="e"))
d["sources"] = pages + d["sources"]
d["stale"] = True
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(d, open(os.path.join(sys.argv[2], "kpis.json"), "w"))
PY
"$BIN" report -q --output "$TMP/pg" >/dev/null 2>&1
python3 - "$TMP/pg/report.html" <<'PY' 2>"$TMP/pyerr" && ok || { bad "stale banner: one line per source, folded"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; }
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
b = h[h.index('class="banner"'):]
b = b[:b.index("</div>")]
assert "Stale data: 5 sources could not be refreshed" in b, b[:200]
assert b.count("<b>qs-wur</b>") == 1 and "5 pages could not be refreshed (could not resolve host); data from 28 November 2026" in b
assert "qs-wur</b> ()" not in b and " ():" not in b
assert "<details><summary>3 more</summary>" in b
PY

# ---- no KPI has data: the page says so ----
python3 - "$TMP/st/kpis.json" "$TMP/nd" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
for k in d["kpis"]:
    k["latest"] = None
    k["status"] = "no_data"
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(d, open(os.path.join(sys.argv[2], "kpis.json"), "w"))
PY
"$BIN" report -q --output "$TMP/nd" >/dev/null 2>&1
grep -q 'No KPI has data' "$TMP/nd/report.html" && ! grep -q 'Every KPI with data' "$TMP/nd/report.html" &&
	ok || bad "no data: the headline says no KPI has data"

# ---- charts older than kpis.json are not shown ----
sleep 1
"$BIN" compute -q --config "$FIX" --output "$TMP/small"
run_cmd "stale charts: report" 1 report --output "$TMP/small"
expect_err "stale charts: message" "older than kpis.json"
grep -q 'Chart not available' "$TMP/small/report.html" && ok || bad "stale charts: report says so"

# ---- gnuplot missing: exit 1, JSON and CSV kept, report says so ----
"$BIN" compute -q --config "$FIX" --output "$TMP/nog"
run_path /nonexistent "no gnuplot: plot" 1 plot --output "$TMP/nog"
expect_err "no gnuplot: message" "gnuplot was not found (install the Debian package gnuplot-nox)"
for f in kpis.json kpis.csv observations.json observations.csv charts/index.json; do
	[ -s "$TMP/nog/$f" ] && ok || bad "no gnuplot: $f still written"
done
chart_files "no gnuplot: no chart files, none half-written" "$TMP/nog/charts"
run_cmd "no gnuplot: report" 1 report --output "$TMP/nog"
expect_err "no gnuplot: report message" "without"
grep -q 'could not be shown' "$TMP/nog/report.html" && grep -q 'gnuplot was not found' "$TMP/nog/report.html" &&
	ok || bad "no gnuplot: the report says why the charts are missing"
grep -q 'Off track' "$TMP/nog/report.html" && ok || bad "no gnuplot: the summary table is there"

# ---- gnuplot failing, or dying before reading: exit 1, no crash ----
mkdir -p "$TMP/bin"
printf '#!/bin/sh\ncat >/dev/null\necho "fake gnuplot: broken" >&2\nexit 1\n' >"$TMP/bin/gnuplot"
chmod +x "$TMP/bin/gnuplot"
run_path "$TMP/bin:$PATH" "failing gnuplot: plot" 1 plot --output "$TMP/nog"
expect_err "failing gnuplot: status" "gnuplot exited with status 1"
expect_err "failing gnuplot: its message relayed" "gnuplot: fake gnuplot: broken"
printf '#!/bin/sh\nexit 3\n' >"$TMP/bin/gnuplot"
run_path "$TMP/bin:$PATH" "gnuplot dying at once: plot" 1 plot --output "$TMP/nog"
expect_err "gnuplot dying at once: status" "gnuplot exited with status 3"
chart_files "failing gnuplot: no chart files left" "$TMP/nog/charts"

# ---- a browser renders the page ----
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ] || [ ! -s "$TMP/ex/report.html" ]; then
	echo "SKIP: browser test: chromium is not installed (scripts/install-deps.sh installs it)"
else
	profile=$(mktemp -d "${TMPDIR:-/tmp}/intlkpi-chromium.XXXXXX")
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$profile" --window-size=1280,2000 \
		--screenshot="$TMP/shot.png" "file://$TMP/ex/report.html" >"$TMP/browser.log" 2>&1
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --no-pdf-header-footer \
		--print-to-pdf="$TMP/report.pdf" "file://$TMP/ex/report.html" >>"$TMP/browser.log" 2>&1
	rm -rf "$profile"
	if python3 - "$TMP/shot.png" <<'PY' 2>"$TMP/pyerr"
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h, depth, ctype = struct.unpack(">IIBB", b[16:26])
assert (w, h) == (1280, 2000), (w, h)
raw, i = b"", 8
while i < len(b):
    n, kind = struct.unpack(">I4s", b[i:i + 8])
    if kind == b"IDAT":
        raw += b[i + 8:i + 8 + n]
    i += 12 + n
px = zlib.decompress(raw)
stride = len(px) // h
rows = {px[r * stride:(r + 1) * stride] for r in range(h)}
# a blank page is one row repeated; the report has text, tables and charts
assert len(rows) > 300, "blank screenshot: %d distinct rows" % len(rows)
PY
	then ok; else bad "browser: screenshot 1280x2000, not blank"; sed 's/^/  | /' "$TMP/pyerr" "$TMP/browser.log" | tail -8; fi
	# A4 is 595 x 842 points; every chart and the tables make several pages
	if python3 - "$TMP/report.pdf" <<'PY' 2>"$TMP/pyerr"
import re, sys
b = open(sys.argv[1], "rb").read()
assert b[:5] == b"%PDF-", "not a PDF"
pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", b))
assert pages >= 5, "%d pages" % pages
sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", b))
assert sizes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in sizes), sizes
PY
	then ok; else bad "browser: the report prints on A4"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; fi
fi

# ---- the layout at 390 and 1280 px, over the DevTools protocol ----
# tests/browser/layout.js (puppeteer-core): no sideways overflow, every
# badge in view, headline and attention list above the fold at 1280x800;
# on the example and on the example judged as it stood in 2022
# (profile period.as_of), whose statuses are forecasts
if [ -s "$TMP/ex/report.html" ] && command -v node >/dev/null; then
	rm -rf "$TMP/cut22"
	cp -r indicators "$TMP/cut22"
	python3 - "$TMP/cut22/profile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["period"]["as_of"] = 2022
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False, indent=2)
PY
	"$BIN" run -q --offline --config "$TMP/cut22" --output "$TMP/ex22" >/dev/null 2>&1
	pycheck "cut at 2022: forecast statuses, no grade" "$TMP/ex22/kpis.json" '
assert d["period"]["as_of"] == 2022
# the_wur_rank: KMU is in no THE table, not ranked in any edition (not_ranked)
st = {k["status"] for k in d["kpis"] if k["id"] != "the_wur_rank"}
assert st <= {"on_track", "at_risk", "off_track"}, st
assert {k["id"]: k["status"] for k in d["kpis"]}["the_wur_rank"] == "not_ranked"
assert d["period"]["data_through"] == 2022
assert all(k["status_year"] == 2022 and k["reason"] for k in d["kpis"] if k["id"] != "the_wur_rank")
'
	pycheck "cut at 2022: no peer figure, no partner state of a later year" "$TMP/ex22/kpis.json" '
p = d["peers"]
assert all(y["year"] <= 2022 for i in p["indicators"] for y in i["years"])
assert all(e["year"] <= 2022 for r in p["rankings"] for e in r["editions"])
assert json.load(open("'"$TMP/ex22/partners.json"'"))["as_of"] == 2022
'
	for page in "$TMP/ex/report.html 2023" "$TMP/ex22/report.html 2022"; do
		set -- $page
		page=$1
		node tests/browser/layout.js "$page" --through "$2" --illustrative --peers >"$TMP/layout.log" 2>&1
		rc=$?
		if [ "$rc" -eq 77 ]; then
			echo "SKIP: $(tail -1 "$TMP/layout.log")"
		elif [ "$rc" -eq 0 ]; then ok
		else bad "browser layout of $page"; sed 's/^/  | /' "$TMP/layout.log" | grep -v '^  | ok' | tail -8; fi
	done
else
	echo "SKIP: browser layout: no example report or no node"
fi

run_cmd "run draws the charts and the report" 0 run --offline --config "$FIX" --output "$TMP/run"
[ -s "$TMP/run/report.html" ] && [ -s "$TMP/run/charts/index.json" ] && ok || bad "run writes report.html and charts/"
run_path /nonexistent "run without gnuplot" 1 run --offline --config "$FIX" --output "$TMP/run2"
[ -s "$TMP/run2/kpis.json" ] && [ -s "$TMP/run2/report.html" ] && ok || bad "run without gnuplot keeps JSON and writes the report"
e2e_summary report
