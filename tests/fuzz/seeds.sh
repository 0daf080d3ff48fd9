#!/bin/sh
# Fills DIR with the seed corpus of fuzzer NAME, taken from the fixtures:
#   sh tests/fuzz/seeds.sh NAME DIR
# Seeds are copied or cut out of the fixtures, never committed twice; small
# hand-made seeds live in tests/fuzz/seeds/NAME; regressions come along too.
# The real-world files of ../shared/realdata ($INTLKPI_REALDATA) are used
# when present and never copied into the repository.
set -eu
name=$1 dir=$2
real=${INTLKPI_REALDATA:-../shared/realdata}
mkdir -p "$dir"
add() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; done; return 0; }
# lines FILE PREFIX: the first field of each line of a golden file, one seed each
lines() {
	i=0
	grep -v '^#' "$1" | cut -f1 | while IFS= read -r line; do
		i=$((i + 1)); printf '%s' "$line" | sed 's/\\s/ /g; s/\\n/\xc2\xa0/g' >"$dir/$2$i"
	done
}
# web KIND: one seed per metric of each source of that kind in indicators/
# and tests/fixtures/web: its rules as the harness reads them (see the
# harness's header), a newline, then each snapshot of the source.
web() {
	python3 - "$1" "$dir" <<'PY'
import glob, json, os, sys
kind, out = sys.argv[1], sys.argv[2]
menu = ["(QS|THE)", "([0-9]{4})", "news", "^[A-Z]", "[0-9]+ (students|staff)"]
def col(v):
    return "" if v is None else str(v)
def rule(r):
    if r is None:
        return ""
    if isinstance(r, str):
        return r
    s = r.get("selector", "") + ("@" + r["attr"] if "attr" in r else "")
    if "regex" in r:
        s += "/%d" % (0 if "QS" in r["regex"] else 1)
    return s
n = 0
for conf in ("indicators", "tests/fixtures/web"):
    for path in sorted(glob.glob(conf + "/sources/*.json")):
        s = json.load(open(path))
        if s["kind"] != kind:
            continue
        snaps = s.get("snapshot") or s.get("path")
        first, last = s.get("years", [0, 0])
        docs = [os.path.join(conf, snaps.replace("{year}", str(y))) for y in range(first, last + 1)]
        for m in s["metrics"]:
            if kind == "json":
                rules = "\t".join([m["value"], s.get("year", ""), s.get("match", ""),
                                   m.get("key", ""), m.get("rank", "")])
            elif kind == "html-table":
                dt = s.get("decimal", ".") + (s.get("thousands") or "_")
                rules = "\t".join(["table", s["table"], col(s.get("match")), col(s.get("year")),
                                   col(m["value"]), col(m.get("key")), m.get("rank", ""), dt])
            else:
                rules = "\t".join(["list", s["items"], rule(s.get("year")), rule(m.get("key")),
                                   "3" if "filter" in m else ""])
            for d in docs:
                if os.path.exists(d):
                    n += 1
                    with open(os.path.join(out, "%s-%d" % (s["id"], n)), "wb") as f:
                        f.write(rules.encode() + b"\n" + open(d, "rb").read())
PY
}
# records FILE PREFIX SEP: the header (first line) with each record of a
# file, records ending with a line SEP (WoS "ER") or one per line (CSV)
records() {
	[ -f "$1" ] || return 0
	python3 - "$1" "$dir/$2" "$3" <<'PY'
import sys
path, out, sep = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(path, "rb").read().split(b"\n")
head, recs, cur = lines[0], [], []
for l in lines[1:]:
    cur.append(l)
    if sep == "line" or l.rstrip(b"\r") == sep.encode():
        recs.append(cur)
        cur = []
for i, r in enumerate(recs):
    if any(x.strip() for x in r):
        open("%s%d" % (out, i + 1), "wb").write(b"\n".join([head] + r) + b"\n")
PY
}
case $name in
csv)
	add tests/fixtures/csv/* tests/fixtures/small/data/* indicators/data/*.csv ;;
formula)
	# one seed per formula of the golden file and of the KPIs
	i=0
	grep -v '^#' tests/golden/formula/cases.txt | cut -f1 | while IFS= read -r line; do
		i=$((i + 1)); printf '%s' "$line" >"$dir/case$i"
	done
	for f in indicators/kpi/*.json tests/fixtures/small/kpi/*.json; do
		python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["formula"])' "$f" \
			>"$dir/$(basename "$f" .json).formula"
	done ;;
config)
	add indicators/kpi/*.json tests/fixtures/small/kpi/*.json ;;
selector)
	# one line: a selector of the golden file, or a rank cell
	lines tests/golden/selector/cases.txt sel
	lines tests/golden/rank/cases.txt rank ;;
rank)
	lines tests/golden/rank/cases.txt case ;;
web)
	add tests/fixtures/web/snapshots/* tests/server/files/* ;;
json)
	web json ;;
html)
	web html-table
	web html-list ;;
jsonl)
	add tests/fixtures/works/*.jsonl "$real/works.json" indicators/snapshots/openalex/*/page-1.json
	# works of the /works pages (the real one, the bundled snapshots), a line each
	python3 - "$dir/work" "$real/works.json" indicators/snapshots/openalex/*/page-1.json <<'PY'
import json, os, sys
n = 0
for path in sys.argv[2:]:
    if os.path.exists(path):
        for w in json.load(open(path))["results"][:50]:
            n += 1
            open("%s%d" % (sys.argv[1], n), "w").write(json.dumps(w, separators=(",", ":")) + "\n")
PY
	;;
scopus)
	add "$real/scopus_sample.csv"
	records "$real/scopus_sample.csv" scopus line ;;
wos)
	add "$real/wos_sample.txt" "$real/OnePaper.isi" "$real/TwoPaper.isi" indicators/data/*wos*.txt
	records "$real/wos_sample.txt" wos ER
	records indicators/data/kmu_wos_sample.txt kmu ER ;;
oacsv)
	add "$real/openalex_sample.csv"
	records "$real/openalex_sample.csv" oacsv line ;;
records)
	add tests/fixtures/works/leiden_records.jsonl ;;
xlsx)
	# small workbooks written part by part (the harness wants sheet "Data"):
	# shared and inline strings, numbers, a date style, a boolean, an error
	# cell, a formula with and without its value, the 1904 date system
	python3 - "$dir/wb" <<'PY'
import sys, zipfile
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
def book(path, rows, d1904=False, sst=("year", "country", "IN", "Pakistan")):
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook %s><workbookPr date1904="%d"/><sheets>'
               '<sheet name="Notes" sheetId="1" r:id="rId2"/><sheet name="Data" sheetId="2" r:id="rId1"/>'
               '</sheets></workbook>' % (ns, d1904))
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="%sworksheet" Target="/xl/worksheets/sheet2.xml"/>'
               '<Relationship Id="rId3" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
               '<Relationship Id="rId4" Type="%sstyles" Target="styles.xml"/></Relationships>' % (rel, rel, rel, rel))
    z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst %s>%s<si><r><t>ri</t></r><r><t xml:space="preserve">ch </t></r>'
               '<rPh><t>x</t></rPh></si></sst>' % (ns, "".join("<si><t>%s</t></si>" % t for t in sst)))
    z.writestr("xl/styles.xml", '<?xml version="1.0"?><styleSheet %s><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
               '</numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs></styleSheet>' % ns)
    z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (ns, rows))
    z.writestr("xl/worksheets/sheet2.xml", '<?xml version="1.0"?><worksheet %s><sheetData/></worksheet>' % ns)
    z.close()
out = sys.argv[1]
book(out + "1.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>n</t></is></c></row>'
     '<row r="2"><c r="A2" s="1"><v>44440</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="3"><v>0.055</v></c></row>'
     '<row r="4"><c r="A4"><v>2022</v></c><c r="B4" t="s"><v>4</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="e"><v>#N/A</v></c></row>'
     '<row r="5"><c r="A5" s="2"><v>44805.4375</v></c><c r="C5"><f>A5+1</f><v>44806.4375</v></c></row>')
book(out + "2.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="1"><v>1</v></c></row>'
     '<row r="3"><c r="XFD3" t="str"><f>"a"</f><v>a</v></c></row>', d1904=True)
book(out + "3.xlsx", '<row r="1"><c r="A1"><f>1+1</f></c></row>')
# the parts alone (the harness packs them): shared strings, "--", the sheet
open(out + "parts1", "w").write('<sst><si><t>year</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si></sst>\n--\n'
    '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="3"><c r="A3" s="1"><v>44440.5</v></c><c r="C3" t="b"><v>0</v></c><c t="inlineStr"><is><t>x</t></is></c>'
    '<c r="E3" s="2"><v>1</v></c><c r="F3" t="e"><v>#DIV/0!</v></c></row></sheetData></worksheet>')
open(out + "parts2", "w").write('<sst/>\n--\n<worksheet><sheetData><row><c><f>1</f></c></row></sheetData></worksheet>')
PY
	;;
partial)
	;;	# hand-made partials in seeds/partial
esac
[ -d "tests/fuzz/seeds/$name" ] && add tests/fuzz/seeds/"$name"/*
[ -d "tests/fuzz/regressions/$name" ] && add tests/fuzz/regressions/"$name"/*
exit 0
