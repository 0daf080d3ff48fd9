#!/bin/sh
# Web sources end to end against the loopback server (tests/server): fetch,
# cache, ttl, conditional GET, offline, and every fault mode, each keeping
# the last good copy of the cache and the KPI values it gives.
. tests/e2e/lib.sh

. tests/server/start.sh

# ---- a first run fills the rankings area from HTTP ----
web_fixture
run_cmd "check the web fixture" 0 check --config "$TMP/cfg"
run_cmd "run against the loopback server" 0 run --config "$TMP/cfg" --output "$TMP/good"
# served pages: rank-a 2021 "=401" (the exact name beats "Fixture University
# of Technology"), 2022 "801–1000" (name and city in one cell) → 900.5;
# rank-b (JSON) 2021 "=12" for "Université Fixture", 2022 10 for "FU";
# news: 2021 rankings 2 + partnerships 1 = 3, 2022 rankings 1 (one item
# has no tag, one no date) = 1
pycheck "values come from HTTP" "$TMP/good/kpis.json" '
v = lambda i: [p["value"] for p in kpi(i)["series"] if p["year"] in (2021, 2022)]
assert v("rank_a") == [401, 900.5], v("rank_a")
assert v("rank_b") == [12, 10], v("rank_b")
assert v("news") == [3, 1], v("news")
s = d["sources"]
assert [x["state"] for x in s] == ["fresh"] * 5, [x["state"] for x in s]
assert [x["url"] for x in s if x["id"] == "rank-a"] == ["'"$BASE"'/rank-a-2021.html", "'"$BASE"'/rank-a-2022.html"]
assert not d["stale"] and not kpi("rank_a")["stale"]
'
pycheck "observations: keys, bands, provenance" "$TMP/good/observations.json" '
import hashlib
o = {(x["metric"], x["year"], x["key"]): x for x in d["observations"]}
assert o[("rank_a_low", 2022, None)]["value"] == 801 and o[("rank_a_high", 2022, None)]["value"] == 1000
assert o[("score_a", 2021, None)]["value"] == 35.5 and o[("score_a", 2022, None)]["value"] is None
assert o[("ranking_news", 2021, "QS")]["value"] == 1 and o[("ranking_news", 2021, "THE")]["value"] == 1
assert o[("news_items", 2021, "partnerships")]["value"] == 1
x = o[("rank_b", 2021, None)]
raw = open("tests/server/files/rank-b.json", "rb").read()
assert x["url"].endswith("/rank-b.json") and x["path"] is None and x["line"] > 0
assert x["sha256"] == hashlib.sha256(raw).hexdigest()
'
for c in rank-a/2021 rank-a/2022 rank-b news totals; do
	[ -s "$TMP/good/cache/$c/body" ] && [ -s "$TMP/good/cache/$c/meta.json" ] && ok ||
		bad "cache holds body and meta.json for $c"
done
pycheck "cache meta.json" "$TMP/good/cache/rank-b/meta.json" '
import hashlib
body = open("'"$TMP"'/good/cache/rank-b/body", "rb").read()
assert d["url"] == "'"$BASE"'/rank-b.json" and d["status"] == 200
assert d["etag"].startswith("\"") and d["last_modified"].endswith("GMT")
assert d["sha256"] == hashlib.sha256(body).hexdigest() and d["bytes"] == len(body)
assert d["fetched_at"].endswith("Z")
'
grep -q 'tests@example.org' "$TMP/good/cache/rank-b/meta.json" && bad "contact e-mail in the cache" || ok

# ---- within ttl: no connection; past ttl: conditional GETs answered 304 ----
n=$(requests)
run_cmd "second run within ttl" 0 run --config "$TMP/cfg" --output "$TMP/good"
[ "$(requests)" = "$n" ] && ok || bad "a run within ttl opened connections ($n -> $(requests) requests)"
pycheck "within ttl: cached" "$TMP/good/kpis.json" '
assert {x["state"] for x in d["sources"] if x["url"]} == {"cached"}
assert [p["value"] for p in kpi("rank_a")["series"] if p["year"] == 2021] == [401]
'
for m in "$TMP"/good/cache/*/meta.json "$TMP"/good/cache/*/*/meta.json; do
	sed -i 's/"fetched_at": "[^"]*"/"fetched_at": "2001-01-01T00:00:00Z"/' "$m"
done
n=$(requests)
run_cmd "run past ttl" 0 run --config "$TMP/cfg" --output "$TMP/good"
[ "$(($(requests) - n))" -eq 4 ] && ok || bad "past ttl: expected 4 requests, got $(($(requests) - n))"
tail -4 "$LOG" | grep -c 'inm="' | grep -q '^4$' && ok || bad "past ttl: every request is conditional"
pycheck "past ttl: 304 keeps the body, refreshes fetched_at" "$TMP/good/cache/rank-a/2021/meta.json" '
assert d["status"] == 304 and not d["fetched_at"].startswith("2001")
'
pycheck "past ttl: fresh, same values" "$TMP/good/kpis.json" '
assert {x["state"] for x in d["sources"]} == {"fresh"}
assert [p["value"] for p in kpi("rank_b")["series"] if p["year"] in (2021, 2022)] == [12, 10]
'
n=$(requests)
run_cmd "run --force" 0 run --force --config "$TMP/cfg" --output "$TMP/good"
[ "$(($(requests) - n))" -eq 4 ] && ok || bad "--force fetches within ttl"
n=$(requests)
run_cmd "run --force --only rank-b" 0 run --force --only rank-b --config "$TMP/cfg" --output "$TMP/good"
[ "$(($(requests) - n))" -eq 1 ] && tail -1 "$LOG" | grep -q '/rank-b.json' && ok ||
	bad "--only fetches that source only"
run_cmd "--only an unknown source" 2 run --only nosuch --config "$TMP/cfg" --output "$TMP/good"
expect_err "--only unknown" "no source 'nosuch'"

# ---- fetch refreshes the cache only; offline opens no connection ----
n=$(requests)
run_cmd "fetch --force rank-b news" 0 fetch --force --config "$TMP/cfg" --output "$TMP/good" rank-b news
[ "$(($(requests) - n))" -eq 2 ] && ok || bad "fetch SOURCE... fetches those"
expect_err "fetch says what happened" "not modified (HTTP 304)"
run_cmd "fetch an unknown source" 2 fetch --config "$TMP/cfg" --output "$TMP/good" nosuch
n=$(requests)
run_cmd "run --offline with a cache" 0 run --offline --force --config "$TMP/cfg" --output "$TMP/good"
run_cmd "fetch --offline" 0 fetch --offline --config "$TMP/cfg" --output "$TMP/good"
[ "$(requests)" = "$n" ] && ok || bad "--offline opened connections"
run_cmd "run --offline without a cache" 0 run --offline --config "$TMP/cfg" --output "$TMP/snap"
[ "$(requests)" = "$n" ] && ok || bad "--offline without a cache opened connections"
# snapshots: rank-a 2021 "=451", 2022 "1001+" (open: no midpoint, low 1001)
pycheck "offline: the snapshots" "$TMP/snap/kpis.json" '
assert {x["state"] for x in d["sources"] if x["url"]} == {"snapshot"}
assert all(x["path"].startswith("snapshots/") for x in d["sources"] if x["url"])
v = lambda i: [p["value"] for p in kpi(i)["series"] if p["year"] in (2021, 2022)]
assert v("rank_a") == [451, None] and v("rank_b") == [15, 13] and v("news") == [1, None]
assert not d["stale"]
'
[ -d "$TMP/snap/cache/rank-b" ] && bad "offline snapshots are not cached as fetched" || ok
rm -rf "$TMP/tamper"
cp -r "$TMP/good" "$TMP/tamper"
echo ' ' >>"$TMP/tamper/cache/rank-b/body"
run_cmd "a tampered cached copy" 0 run --offline --config "$TMP/cfg" --output "$TMP/tamper"
expect_err "tampered: refused" "cache/rank-b/body' does not match its meta.json (sha256 or size); not used"
pycheck "tampered: the snapshot instead" "$TMP/tamper/kpis.json" '
assert [x["state"] for x in d["sources"] if x["id"] == "rank-b"] == ["snapshot"]
'

# ---- faults: the last good copy and the values stay ----
# fault NAME RC SOURCE URL-PATH MESSAGE [EDIT]: points SOURCE at the fault on
# a copy of the good output, runs --force (-v: retries are debug messages),
# expects RC and MESSAGE; on RC 1
# the source's cache is byte for byte the same and the KPI values are the good ones
fault() {
	name=$1 want=$2 src=$3 path=$4 msg=$5 edit=${6:-}
	web_fixture
	mutate "sources/$src.json" "import re; s = re.sub(r'\"url\": \"[^\"]*\"', '\"url\": \"$BASE/$path\"', s)
$edit"
	rm -rf "$TMP/f" "$TMP/cache.before"
	cp -r "$TMP/good" "$TMP/f"
	cp -r "$TMP/good/cache/$src" "$TMP/cache.before"
	t0=$(now_ms)
	run_cmd "fault $name" "$want" run -v --force --config "$TMP/cfg" --output "$TMP/f"
	elapsed=$(($(now_ms) - t0))
	expect_err "fault $name: message" "$msg"
	[ "$want" -eq 1 ] || return 0
	diff -r "$TMP/cache.before" "$TMP/f/cache/$src" >/dev/null && ok || bad "fault $name: the cache of $src changed"
	pycheck "fault $name: stale, last good values" "$TMP/f/kpis.json" '
good = json.load(open("'"$TMP"'/good/kpis.json"))
for k in good["kpis"]:
    assert [p["value"] for p in k["series"]] == [p["value"] for p in kpi(k["id"])["series"]], k["id"]
s = [x for x in d["sources"] if x["id"] == "'"$src"'"]
assert all(x["state"] == "stale" and x["error"] for x in s), s
assert all(x["fetched_at"] == y["fetched_at"] for x, y in zip(s, [x for x in good["sources"] if x["id"] == "'"$src"'"]))
dep = {"rank-a": "rank_a", "rank-b": "rank_b", "news": "news"}["'"$src"'"]
assert kpi(dep)["stale"] and not kpi("students")["stale"] and d["stale"]
'
	expect_err "fault $name: the age of the data used" "using the last good copy, fetched"
}

fault "500 then 200" 0 rank-b fault/500-then-200/rank-b.json "HTTP 500; retrying in"
grep -c '/fault/500-then-200/rank-b.json' "$LOG" | grep -q '^2$' && ok || bad "500 then 200: two requests"
fault "503 forever" 1 rank-b fault/503/rank-b.json "/fault/503/rank-b.json': HTTP 503 (4 attempts in"
fault "503 on every page of a paged source" 1 rank-a "fault/503/rank-a-{year}.html" "/fault/503/rank-a-2022.html': HTTP 503"
fault "429 with Retry-After: 1" 0 rank-b fault/429/1/rank-b.json "HTTP 429; retrying in 1000 ms"
[ "$elapsed" -ge 1000 ] && ok || bad "429: Retry-After honoured (took $elapsed ms)"
fault "429 with Retry-After as an HTTP date" 0 rank-b fault/429-date/rank-b.json "HTTP 429; retrying in"
[ "$elapsed" -ge 1000 ] && ok || bad "429 date: Retry-After honoured (took $elapsed ms)"
fault "429 with Retry-After past the budget" 1 rank-b fault/429-forever/3600/rank-b.json \
	"HTTP 429; Retry-After 3600 s is past the retry budget of 4 s"
# gives up at once: one request, no retry after a wait
[ "$(grep -c '/fault/429-forever/3600/rank-b.json' "$LOG")" -eq 1 ] && ok || bad "429 past budget: retried"
fault "slow body past the timeout" 1 rank-b fault/slow/rank-b.json "Operation timed out after" \
	's = s.replace("\"timeout\": \"5s\"", "\"timeout\": \"700ms\"")'
fault "body cut short of its Content-Length" 1 rank-b fault/short/rank-b.json "transfer closed with 100 bytes remaining to read (HTTP 200"
fault "chunked body over max_bytes" 1 news fault/big/news.html "the body is larger than max_bytes (100000 bytes)" \
	's = s.replace("\"ttl\"", "\"max_bytes\": 100000, \"ttl\"")'
fault "declared body over max_bytes" 1 news fault/big-cl/news.html "the body is larger than max_bytes (100000 bytes) (HTTP 200)" \
	's = s.replace("\"ttl\"", "\"max_bytes\": 100000, \"ttl\"")'
fault "redirect to file:///etc/passwd" 1 rank-b fault/redirect-file/rank-b.json \
	"a redirect to 'file:///etc/passwd' refused (http and https only) (HTTP 302)"
grep -q 'root:' "$TMP/f/observations.json" "$TMP/err" && bad "file:///etc/passwd was read" || ok
fault "redirect loop" 1 rank-b fault/loop/rank-b.json "Maximum (5) redirects followed"
fault "HTML where JSON was expected" 1 rank-b fault/html/rank-b.json "/fault/html/rank-b.json: expected JSON, found HTML"
fault "invalid JSON" 1 rank-b fault/badjson/rank-b.json "/fault/badjson/rank-b.json:12:15: invalid JSON near here"
fault "empty 200" 1 rank-b fault/empty/rank-b.json "/fault/empty/rank-b.json': the body is empty (HTTP 200)"
fault "404" 1 rank-b fault/404/rank-b.json "/fault/404/rank-b.json': HTTP 404"
grep -c '/fault/404/rank-b.json' "$LOG" | grep -q '^1$' && ok || bad "404 is not retried"
fault "HTML without the table" 1 rank-a "fault/html/rank-a-{year}.html" "no element matches the 'table' selector"
fault "connection refused" 1 news "x/news.html" "Couldn't connect to server" \
	's = s.replace("'"$BASE"'", "http://127.0.0.1:9")'
fault "a redirect that is followed" 0 rank-b redirect/rank-b.json "intlkpi: "

# ---- pages are fetched at once, at most 2 at a time per host ----
web_fixture
mutate sources/rank-a.json "s = s.replace('[2021, 2022]', '[2019, 2022]').replace('$BASE/rank-a-{year}.html', '$BASE/fault/delay/500/rank-a-2021.html?y={year}').replace('\"snapshot\": \"snapshots/rank-a-{year}.html\",', '')"
run_cmd "four pages of one host" 0 fetch --config "$TMP/cfg" --output "$TMP/pages" rank-a
# 4 pages of 500 ms: the server saw two requests in flight at once (the
# count, not the clock, so that a loaded machine does not fail it)
[ "$(grep '/fault/delay/500/' "$LOG" | sed 's/.*inflight=//' | sort -n | tail -1)" = 2 ] && ok ||
	bad "at most 2 requests in flight to one host"
for y in 2019 2020 2021 2022; do
	[ -s "$TMP/pages/cache/rank-a/$y/body" ] || bad "page $y cached"
done

# ---- no cache: the snapshot is the last good copy; without one, failed ----
web_fixture
mutate sources/rank-b.json "s = s.replace('$BASE/rank-b.json', '$BASE/fault/503/rank-b.json')"
run_cmd "fault on a fresh output: the snapshot" 1 run --config "$TMP/cfg" --output "$TMP/fresh1"
expect_err "fresh output: the snapshot's age" "no usable cached copy; using the bundled snapshot 'snapshots/rank-b.json'"
pycheck "fresh output: stale from the snapshot" "$TMP/fresh1/kpis.json" '
s = {x["id"]: x for x in d["sources"]}
assert s["rank-b"]["state"] == "stale" and "HTTP 503" in s["rank-b"]["error"]
assert s["rank-b"]["path"] == "snapshots/rank-b.json"
assert [p["value"] for p in kpi("rank_b")["series"] if p["year"] in (2021, 2022)] == [15, 13]
assert kpi("rank_b")["stale"] and not kpi("rank_a")["stale"]
'
[ -d "$TMP/fresh1/cache/rank-b" ] && bad "a failed fetch wrote the cache" || ok
mutate sources/rank-b.json 's = s.replace("\"snapshot\": \"snapshots/rank-b.json\",", "")'
run_cmd "fault without cache or snapshot: failed" 1 run --config "$TMP/cfg" --output "$TMP/fresh2"
expect_err "failed: says so" "no last good data"
pycheck "failed source, its KPI without data" "$TMP/fresh2/kpis.json" '
s = {x["id"]: x for x in d["sources"]}
assert s["rank-b"]["state"] == "failed" and s["rank-b"]["sha256"] is None
assert kpi("rank_b")["stale"] and kpi("rank_b")["status"] == "no_data"
assert s["rank-a"]["state"] == "fresh"
'
run_cmd "compute without cache or snapshot: failed" 1 compute --config "$TMP/cfg" --output "$TMP/fresh3"
expect_err "compute: how to fix it" "run 'intlkpi fetch'"

# ---- a local CSV keeps its last good copy too ----
web_fixture
run_cmd "local csv: a good run" 0 run --offline --config "$TMP/cfg" --output "$TMP/loc"
cp -r "$TMP/loc/cache/totals" "$TMP/totals.before"
printf 'year,students\n2019,100\n2020,1x0\n' >"$TMP/cfg/data/totals.csv"
run_cmd "local csv: malformed" 1 run --offline --config "$TMP/cfg" --output "$TMP/loc"
expect_err "local csv: why" "totals.csv:3: column 'students': '1x0' is not a number"
expect_err "local csv: age of the data used" "using the last good copy, fetched"
diff -r "$TMP/totals.before" "$TMP/loc/cache/totals" >/dev/null && ok || bad "local csv: the cache changed"
pycheck "local csv: stale, last good values" "$TMP/loc/kpis.json" '
s = {x["id"]: x for x in d["sources"]}
assert s["totals"]["state"] == "stale" and "not a number" in s["totals"]["error"]
assert [p["value"] for p in kpi("students")["series"]][:4] == [100, 110, 120, 130]
assert kpi("students")["stale"] and not kpi("rank_a")["stale"]
'
rm "$TMP/cfg/data/totals.csv"
run_cmd "local csv: missing" 1 compute --config "$TMP/cfg" --output "$TMP/loc"
expect_err "local csv missing: why" "cannot open"
pycheck "local csv missing: stale" "$TMP/loc/kpis.json" '
assert [x["state"] for x in d["sources"] if x["id"] == "totals"] == ["stale"]
assert kpi("students")["series"][3]["value"] == 130
'

# ---- the bundled example: area 4 (rankings) from HTTP ----
if [ -d indicators/snapshots ]; then
	rm -rf "$TMP/ex"
	cp -r indicators "$TMP/ex"
	for f in "$TMP"/ex/sources/*.json; do
		python3 - "$f" "$BASE" <<'PY'
import json, re, sys
p, base = sys.argv[1], sys.argv[2]
d = json.load(open(p))
if d.get("kind") in ("openalex-works", "openalex-group"):
    # the server answers /openalex/works queries from its copy of the snapshot
    d["url"] = base + "/openalex/works"
    json.dump(d, open(p, "w"), indent=2)
elif "url" in d:
    # the snapshot served as the data itself (live.sh serves the pages
    # that link it and the endpoint pages)
    d.pop("discover", None)
    d.pop("paging", None)
    d["url"] = base + "/" + d["snapshot"].split("/", 1)[1]
    json.dump(d, open(p, "w"), indent=2)
PY
	done
	# the /works pages, and one page per group_by query (tests/server/oa_groups.py)
	oa_pages=$(( $(ls indicators/snapshots/openalex/*/page-*.json | wc -l) + $(ls "$TMP/www/openalex-groupby" | wc -l) ))
	n=$(requests)
	run_cmd "the example against the loopback server" 0 run --config "$TMP/ex" --output "$TMP/exo"
	m=$(tail -n +$((n + 1)) "$LOG" | grep -vc '/openalex/works?')
	[ "$m" -eq 28 ] && ok || bad "the example: 28 pages fetched, got $m"
	m=$(tail -n +$((n + 1)) "$LOG" | grep -c '/openalex/works?')
	[ "$m" -eq "$oa_pages" ] && ok || bad "the example: $oa_pages OpenAlex pages fetched, got $m"
	pycheck "the example: areas 3 and 4 from HTTP" "$TMP/exo/kpis.json" '
web = [s for s in d["sources"] if s["url"]]
assert len(web) == 42 and all(s["state"] == "fresh" and s["url"].startswith("http://127.0.0.1:") for s in web)
# the served pages are the snapshot: KMU 2023 129 of 468 works international
assert [p["value"] for p in kpi("intl_coauthored_works")["series"]][-1] == 129
assert abs([p["value"] for p in kpi("intl_coauthored_share")["series"]][-1] - 100 * 129 / 468) < 1e-9
assert all(k["status"] != "no_data" and not k["stale"] for k in d["kpis"] if k["area"] == "research")
r = [k for k in d["kpis"] if k["area"] == "rankings"]
# the_wur_rank: unranked in 2023 (the page gives n/a), so not_ranked since kpis/3
assert len(r) >= 4 and all(not k["stale"] for k in r)
assert all(k["status"] != "no_data" for k in r if k["id"] != "the_wur_rank")
# QS WUR 2023 "1201-1400" -> 1300.5; national 2022: 2; news 2023: 6 rankings
assert [p["value"] for p in kpi("qs_wur_rank")["series"]][-1] == 1300.5
assert [p["value"] for p in kpi("national_rank")["series"] if p["year"] == 2022] == [2]
assert [p["value"] for p in kpi("ranking_presence")["series"]] == [3, 4, 5, 6, 6]
'
	n=$(requests)
	run_cmd "the example again, within ttl" 0 run --config "$TMP/ex" --output "$TMP/exo"
	[ "$(requests)" = "$n" ] && ok || bad "the example within ttl opened connections"
	run_cmd "the example with --force" 0 run --force --config "$TMP/ex" --output "$TMP/exo"
	[ "$(grep -v '/openalex/works?' "$LOG" | tail -25 | grep -c 'inm="')" -eq 25 ] && ok ||
		bad "the example: 25 conditional GETs"
	pycheck "the example: 304s keep it fresh" "$TMP/exo/kpis.json" '
assert all(s["state"] == "fresh" for s in d["sources"])
'
fi

# ---- configuration of web sources ----
web_config_error() {
	name=$1 file=$2 edit=$3 message=$4
	web_fixture
	mutate "$file" "$edit"
	run_cmd "check: $name" 2 check --config "$TMP/cfg"
	expect_err "check: $name" "$message"
}
web_config_error "url not http" sources/rank-b.json "s = s.replace('$BASE', 'ftp://127.0.0.1')" \
	"sources/rank-b.json:5:10: 'url' must be http or https, not ftp"
web_config_error "credentials in url" sources/rank-b.json "s = s.replace('http://', 'http://me:secret@')" \
	"'url' must not carry credentials"
web_config_error "bad ttl" sources/rank-b.json 's = s.replace("\"1h\"", "\"1 week\"")' \
	"sources/rank-b.json:7:10: expected 'ttl' to be a duration"
web_config_error "bad selector" sources/rank-a.json 's = s.replace("div.results table.ranking", "table[class=x]")' \
	"sources/rank-a.json:10:12: 'table': selector \"table[class=x]\": column 6: attribute selectors are not supported"
web_config_error "bad regex" sources/news.json 's = s.replace("(QS|THE)", "(QS|THE")' \
	"'key': invalid regular expression"
web_config_error "bad rank" sources/rank-a.json 's = s.replace("\"rank\": \"mid\"", "\"rank\": \"middle\"")' \
	"expected 'rank' to be \"low\", \"high\" or \"mid\""
web_config_error "json path out of line" sources/rank-b.json 's = s.replace("/editions/*/year", "/years/*")' \
	"'year' path \"/years/*\" must equal the value path"
web_config_error "years without {year}" sources/rank-a.json 's = s.replace("rank-a-{year}.html\"", "rank-a.html\"", 1)' \
	"a source with 'years' needs \"{year}\" in its 'url'"
web_config_error "missing snapshot" sources/rank-b.json 's = s.replace("snapshots/rank-b.json", "snapshots/none.json")' \
	"snapshot 'snapshots/none.json' cannot be read"
web_config_error "unknown key for the kind" sources/news.json 's = s.replace("\"items\"", "\"table\": \"x\", \"items\"")' \
	"unknown key 'table'"
web_config_error "openalex-group without group_by" sources/rank-b.json 's = s.replace("\"json\"", "\"openalex-group\"")' \
	"missing required key 'group_by'"
web_config_error "ttl on a local source" sources/totals.json 's = s.replace("\"year\"", "\"ttl\": \"1h\", \"year\"", 1)' \
	"'ttl' is for web sources"


# ---- SIGKILL at 50 points of a run against the loopback server ----
# every output stays whole, and every cached source keeps a good copy
# (body, or body.prev after a crash between body and meta.json)
if [ -d "$TMP/exo/cache" ]; then
	check_killed() {
		python3 - "$TMP/exo" <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]
for name, schema in (("kpis.json", "intlkpi.kpis/3"), ("observations.json", "intlkpi.observations/1")):
    assert json.load(open(os.path.join(out, name)))["schema"] == schema, name
# a paged OpenAlex source counts only in the set its set.json names: the
# other set-* directory is the one being written
current = {}
for root, dirs, files in os.walk(os.path.join(out, "cache")):
    if "set.json" in files:
        current[root] = "set-" + json.load(open(os.path.join(root, "set.json")))["set"]
for root, dirs, files in os.walk(os.path.join(out, "cache")):
    if "meta.json" not in files:
        continue
    parts = root.split(os.sep)
    sets = [i for i, p in enumerate(parts) if p in ("set-a", "set-b")]
    if sets and current.get(os.sep.join(parts[:sets[0]])) != parts[sets[0]]:
        continue
    meta = json.load(open(os.path.join(root, "meta.json")))
    good = False
    for body in ("body", "body.prev"):
        p = os.path.join(root, body)
        if os.path.exists(p) and hashlib.sha256(open(p, "rb").read()).hexdigest() == meta["sha256"]:
            good = True
    assert good, root + ": no body matches meta.json"
PY
	}
	kill_sweep 50 check_killed "$BIN" run -q --force --config "$TMP/ex" --output "$TMP/exo"
	echo "one run against the loopback server: about ${span} ms; $kills runs killed at points across it"
	[ $kills -ge 35 ] && ok || bad "only $kills of 50 runs were still running when killed"
	# a killed run's gnuplot reads to the end of its pipe and may still
	# finish the chart it was writing: give it a moment, then the next run
	# removes its temporary file
	sleep 2
	run_cmd "a run after the kills" 0 run --config "$TMP/ex" --output "$TMP/exo"
	[ -z "$(find "$TMP/exo" -name '*.tmp.*')" ] && ok || bad "temporary files left after the kills"
fi

e2e_summary web
