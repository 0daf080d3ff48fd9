#!/bin/sh
# Provenance of every line: a value made of several rows lists all of them
# ("lines"), a JSON source cites the JSON pointer of its value, and both
# lead back to the raw bytes whose sha256 is recorded (issue 20).
. tests/e2e/lib.sh

run_cmd "compute the example" 0 compute --config indicators --output "$TMP/ex"
pycheck "observations: lines and pointers lead to the raw bytes" "$TMP/ex/observations.json" '
import csv, hashlib, io, re
cfg = "'"$(pwd)"'/indicators/"
kind = {s["id"]: s["kind"] for s in d["sources"]}
for o in d["observations"]:
    assert o["line"] == (o["lines"][0] if o["lines"] else 0), o
    assert o["lines"] == sorted(set(o["lines"])), o
# the issue'"'"'s case: intl_students 2023 IN = 820 = line 114 (798) + line 130 (22)
o = next(o for o in d["observations"] if (o["metric"], o["year"], o["key"]) == ("intl_students", 2023, "IN"))
assert o["value"] == 820 and o["lines"] == [114, 130], o
rows = open(cfg + o["path"], encoding="utf-8-sig").read().split("\n")
assert sum(float(rows[l - 1].split(",")[-1]) for l in o["lines"]) == 820, [rows[l - 1] for l in o["lines"]]
# every summed CSV value is the sum of its lines
n = 0
for o in d["observations"]:
    if kind[o["source"]] != "csv" or len(o["lines"]) < 2:
        continue
    n += 1
    raw = open(cfg + o["path"], "rb").read()
    assert hashlib.sha256(raw).hexdigest() == o["sha256"]
    text = raw.decode("utf-8-sig").split("\n")
    assert all(0 < l <= len(text) for l in o["lines"]), o
assert n >= 10, n
# html-list: a count of items lists one line per item
for o in d["observations"]:
    if kind[o["source"]] == "html-list":
        assert len(o["lines"]) == o["value"], o
# JSON: every pointer resolves, in the very bytes read, to the value
def resolve(doc, ptr):
    for part in ptr.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc
n = 0
for o in d["observations"]:
    if kind[o["source"]] in ("json", "openalex-group") and o["value"] is not None and o["line"]:
        assert o["pointer"], o
    if not o["pointer"]:
        continue
    assert kind[o["source"]] in ("json", "openalex-group"), o
    raw = open(cfg + o["path"], "rb").read()
    assert hashlib.sha256(raw).hexdigest() == o["sha256"], o
    v = resolve(json.loads(raw), o["pointer"])
    if o["metric"] in ("national", "oa_works", "oa_partner_works") or o["source"] == "openalex-countries":
        assert v == o["value"], (o, v)
    else:
        assert v is not None, (o, v)
    n += 1
assert n >= 50, n
o = next(o for o in d["observations"] if o["source"] == "national-ranking" and o["year"] == 2019)
assert re.fullmatch(r"/editions/\d+/ranking/\d+/position", o["pointer"]), o
'
# the CSV carries the same, in columns added at the end
pycheck "observations.csv: lines and pointer columns" "$TMP/ex/observations.json" '
import csv
rows = list(csv.DictReader(open("'"$TMP/ex"'/observations.csv", newline="")))
assert list(rows[0])[-4:] == ["sha256", "fetched_at", "lines", "pointer"], list(rows[0])
r = next(r for r in rows if (r["metric"], r["year"], r["key"]) == ("intl_students", "2023", "IN"))
assert (r["line"], r["lines"], r["pointer"]) == ("114", "114 130", ""), r
r = next(r for r in rows if r["source"] == "national-ranking" and r["year"] == "2019")
assert r["pointer"].startswith("/editions/"), r
'
# read back (show --source) without losing them
run_cmd "show --source kmu-intl-students --format json" 0 show --output "$TMP/ex" --source kmu-intl-students --format json
pycheck "show: lines read back" "$TMP/out" '
o = next(o for o in d["observations"] if (o["metric"], o["year"], o["key"]) == ("intl_students", 2023, "IN"))
assert o["lines"] == [114, 130] and o["pointer"] is None, o
'
run_cmd "extract a JSON source" 0 extract indicators/sources/national-ranking.json --format json
pycheck "extract: the pointer" "$TMP/out" '
assert all(o["pointer"].startswith("/editions/") for o in d["observations"] if o["line"]), d["observations"]
'
e2e_summary provenance
