#!/bin/sh
# Expectations end to end against the loopback server: a 200 that carries
# something else (a table without the university's row, a page cut in half
# with an honest Content-Length, JSON whose numbers became text, a cached
# fetched_at in the future) keeps the good values and the good cached body
# byte for byte, and exits 1 with the reason; --accept takes it once.
. tests/e2e/lib.sh
. tests/server/start.sh
# changed NAME PYTHON: $TMP/www/changed/NAME from tests/server/files/NAME
# (bytes in s) edited by PYTHON; every other file is copied unchanged
mkdir "$TMP/www/changed"
cp tests/server/files/* "$TMP/www/changed/"
changed() {
	python3 - "tests/server/files/$1" "$TMP/www/changed/$1" "$2" <<'PY'
import sys
s = open(sys.argv[1], "rb").read()
exec(sys.argv[3])
open(sys.argv[2], "wb").write(s)
PY
}
reset_changed() { cp tests/server/files/* "$TMP/www/changed/"; }
point() { # point SOURCE: the source's url at changed/
	mutate "sources/$1.json" "s = s.replace('$BASE/', '$BASE/changed/')"
}

web_fixture
run_cmd "a good run" 0 run --config "$TMP/cfg" --output "$TMP/good"
pycheck "the good values" "$TMP/good/kpis.json" '
v = lambda i: [p["value"] for p in kpi(i)["series"] if p["year"] in (2021, 2022)]
assert v("rank_a") == [401, 900.5] and v("rank_b") == [12, 10] and v("news") == [3, 1]
'

# case NAME SOURCE CACHE MESSAGE: runs --force on a copy of the good output
# with SOURCE pointed at changed/; expects exit 1, MESSAGE, the cache dir
# CACHE byte for byte the same, every KPI value the good one, SOURCE stale
# with the reason in kpis.json and in the JSON log
case_() {
	cn=$1 src=$2 cache=$3 msg=$4
	rm -rf "$TMP/f" "$TMP/before"
	cp -r "$TMP/good" "$TMP/f"
	cp -r "$TMP/good/cache/$cache" "$TMP/before"
	run_cmd "$cn: exit 1" 1 run --force --log-format json --config "$TMP/cfg" --output "$TMP/f"
	expect_err "$cn: the reason" "$msg"
	diff -r "$TMP/before" "$TMP/f/cache/$cache" >/dev/null && ok || bad "$cn: the cached copy of $cache changed"
	pycheck "$cn: good values, stale with the reason" "$TMP/f/kpis.json" '
good = json.load(open("'"$TMP"'/good/kpis.json"))
for k in good["kpis"]:
    assert [p["value"] for p in k["series"]] == [p["value"] for p in kpi(k["id"])["series"]], k["id"]
    assert k["status"] == kpi(k["id"])["status"], k["id"]
s = [x for x in d["sources"] if x["id"] == "'"$src"'" and x["state"] == "stale"]
assert s and all("'"$msg"'" in x["error"] for x in s), [x.get("error") for x in d["sources"]]
assert all(x["class"] == "data" for x in s), [x.get("class") for x in s]
assert d["stale"]
'
	python3 - "$TMP/err" "$msg" <<'PY' && ok || bad "$cn: the JSON log carries the reason"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
assert any(sys.argv[2] in l.get("message", l.get("msg", "")) for l in lines), lines[:3]
PY
}

# ---- a table without the university's row ----
web_fixture
point rank-a
changed rank-a-2021.html 's = b"\n".join(l for l in s.split(b"\n") if b">Fixture University" not in l)'
case_ "table without the row" rank-a rank-a/2021 "yield fell from 4 to 0 observations: the university's row is missing"
expect_err "table without the row: names the page" "/changed/rank-a-2021.html: not taken"
expect_err "table without the row: how to take it" "--accept rank-a"
expect_err "table without the row: the source in one line" "yield fell from 7 to 3 observations: the university's row is missing in 1 of 2 pages"
changed rank-a-2022.html 'import re; s = re.sub(rb"<tr><td>801.*?</tr>", b"", s, flags=re.S)'
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
run_cmd "no page with the row" 1 run --force --config "$TMP/cfg" --output "$TMP/f"
expect_err "no page with the row: one line for the source" "source 'rank-a': yield fell from 7 to 0 observations: the university's row is missing in 2 of 2 pages; their last good copies are kept"
cmp -s "$TMP/good/cache/rank-a/2022/body" "$TMP/f/cache/rank-a/2022/body" && ok || bad "no page with the row: the 2022 copy changed"
reset_changed

# ---- an HTML page cut in half, with an honest Content-Length ----
reset_changed
changed rank-a-2021.html 's = s[:len(s) // 2]'
case_ "HTML cut in half" rank-a rank-a/2021 "the university's row is missing"

# ---- JSON whose numbers became text ----
web_fixture
point rank-b
reset_changed
changed rank-b.json 'import re; s = re.sub(rb"\"rank\": [^,\n}]+", b"\"rank\": \"n/a\"", s)'
case_ "JSON with non-numeric strings" rank-b rank-b "yield fell from 2 to 0 observations: 2 values of the last good copy are missing or null (first: rank_b 2021)"
changed rank-b.json 'import re; s = re.sub(rb"\"rank\": [^,\n}]+", b"\"rank\": \"twelve\"", s)'
case_ "JSON with words for ranks" rank-b rank-b "'twelve' is not a rank"

# ---- one edition fewer: shrink ----
changed rank-b.json 'import json; d = json.loads(s); d["editions"] = d["editions"][1:]; s = json.dumps(d).encode()'
case_ "an edition dropped" rank-b rank-b "yield fell from 2 to 1 observations"
mutate sources/rank-b.json 's = s.replace("\"metrics\"", "\"expect\": {\"shrink\": true},\n  \"metrics\"")'
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
run_cmd "an edition dropped, expect.shrink" 0 run --force --config "$TMP/cfg" --output "$TMP/f"
pycheck "shrink: the new body taken" "$TMP/f/kpis.json" '
assert [p["value"] for p in kpi("rank_b")["series"] if p["year"] in (2021, 2022)] == [None, 10]
'

# ---- --accept takes the new body once ----
web_fixture
point rank-a
changed rank-a-2021.html 's = b"\n".join(l for l in s.split(b"\n") if b">Fixture University" not in l)'
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
run_cmd "without --accept" 1 run --force --config "$TMP/cfg" --output "$TMP/f"
run_cmd "run --accept rank-a" 0 run --accept rank-a --config "$TMP/cfg" --output "$TMP/f"
expect_err "--accept says so" "as it is (--accept)"
cmp -s "$TMP/f/cache/rank-a/2021/body" "$TMP/www/changed/rank-a-2021.html" && ok || bad "--accept: the new body is kept"
pycheck "--accept: the new values" "$TMP/f/kpis.json" '
assert [p["value"] for p in kpi("rank_a")["series"] if p["year"] in (2021, 2022)] == [None, 900.5]
assert all(x["state"] == "fresh" for x in d["sources"] if x["id"] == "rank-a")
'
run_cmd "the next run compares with the accepted copy" 0 run --force --config "$TMP/cfg" --output "$TMP/f"
run_cmd "fetch --accept an unknown source" 2 fetch --accept nosuch --config "$TMP/cfg" --output "$TMP/f"
expect_err "--accept unknown" "--accept: no source 'nosuch'"
reset_changed
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
changed rank-a-2021.html 's = s.replace(b">=401<", b">=9<")'
run_cmd "fetch --accept rank-a: a deliberate fetch" 0 fetch --accept rank-a --config "$TMP/cfg" --output "$TMP/f"
grep -q '>=9<' "$TMP/f/cache/rank-a/2021/body" && ok || bad "fetch --accept keeps the new body"

# ---- optional: a ranking the university may leave ----
web_fixture
point rank-a
changed rank-a-2021.html 's = b"\n".join(l for l in s.split(b"\n") if b">Fixture University" not in l)'
mutate sources/rank-a.json 's = s.replace("\"metrics\"", "\"expect\": {\"optional\": true},\n  \"metrics\"")'
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
run_cmd "optional: the row may be missing" 0 run --force --config "$TMP/cfg" --output "$TMP/f"
pycheck "optional: no value for 2021" "$TMP/f/kpis.json" '
assert [p["value"] for p in kpi("rank_a")["series"] if p["year"] in (2021, 2022)] == [None, 900.5]
'

# ---- explicit expectations: range, max_change, min_observations ----
reset_changed
web_fixture
point rank-a
mutate sources/rank-a.json 's = s.replace("\"metrics\"", "\"expect\": {\"range\": {\"rank_a\": [1, 500]}},\n  \"metrics\"")'
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
changed rank-a-2021.html 's = s.replace(b">=401<", b">=501<")'
run_cmd "range" 1 run --force --config "$TMP/cfg" --output "$TMP/f"
expect_err "range: the value and the bounds" "rank_a 2021: 501 is outside expect.range [1, 500] (line 20)"
web_fixture
point rank-a
changed rank-a-2021.html 's = s.replace(b">=401<", b">=9<")'
mutate sources/rank-a.json 's = s.replace("\"metrics\"", "\"expect\": {\"max_change\": {\"rank_a\": 0.5}},\n  \"metrics\"")'
case_ "max_change" rank-a rank-a/2021 "rank_a 2021: 401 -> 9 is a change of 98%, more than expect.max_change 0.5"
reset_changed
web_fixture
point news
changed news.html 's += b"<!-- changed -->\n"'
mutate sources/news.json 's = s.replace("\"metrics\"", "\"expect\": {\"min_observations\": 50},\n  \"metrics\"")'
case_ "min_observations" news news "fewer than expect.min_observations 50"

# ---- a cached fetched_at in the future counts as expired ----
web_fixture
rm -rf "$TMP/f"; cp -r "$TMP/good" "$TMP/f"
sed -i 's/"fetched_at": "[^"]*"/"fetched_at": "2999-01-01T00:00:00Z"/' "$TMP/f/cache/rank-b/meta.json"
n=$(requests)
run_cmd "fetched_at in the future" 0 run --config "$TMP/cfg" --output "$TMP/f"
expect_err "future: a warning" "says it was fetched at 2999-01-01T00:00:00Z, in the future; fetching it again"
[ "$(($(requests) - n))" -eq 1 ] && tail -1 "$LOG" | grep -q '/rank-b.json' && ok || bad "future: rank-b fetched again"
pycheck "future: the stamp is now" "$TMP/f/cache/rank-b/meta.json" '
assert not d["fetched_at"].startswith("2999")
'

# ---- the expect block is checked ----
cfg_error() {
	web_fixture
	mutate "sources/$1.json" "s = s.replace('\"metrics\"', '\"expect\": $2,\n  \"metrics\"')"
	run_cmd "check: $3" 2 check --config "$TMP/cfg"
	expect_err "check: $3" "$3"
}
cfg_error rank-a '{"shrunk": true}' "unknown key 'shrunk'"
cfg_error rank-a '{"range": {"nosuch": [0, 1]}}' "'expect.range': 'nosuch' is not a metric of this source"
cfg_error rank-a '{"range": {"rank_a": [5, 1]}}' "min 5 is above max 1"
cfg_error rank-a '{"max_change": -1}' "expected a positive number"
cfg_error rank-a '{"min_observations": 0}' "expected 'expect.min_observations' to be a positive integer"
cfg_error news '{"optional": true}' "'expect.optional' is for a source with 'match'"
cfg_error rank-a '{"shrink": "yes"}' "expected 'expect.shrink' to be true or false"

e2e_summary expect
