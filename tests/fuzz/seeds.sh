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
partial)
	;;	# hand-made partials in seeds/partial
esac
[ -d "tests/fuzz/seeds/$name" ] && add tests/fuzz/seeds/"$name"/*
[ -d "tests/fuzz/regressions/$name" ] && add tests/fuzz/regressions/"$name"/*
exit 0
