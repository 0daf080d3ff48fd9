#!/bin/sh
# The bibliographic kinds end to end: openalex-works against the loopback
# server's /works API (cursor paging, the key, the quota, whole-set
# fallback, the real recorded works.json), its snapshot offline, the local
# kinds (scopus-csv, wos, openalex-jsonl) on fixtures and real exports,
# their configuration errors, and no secret anywhere in what is written.
. tests/e2e/lib.sh

. tests/server/serve.sh
OFIX=$(pwd)/tests/fixtures/openalex
RD=$(pwd)/../shared/realdata
# a key no file holds: any trace of it in what intlkpi writes is a leak
KEY="intlkpi-secret-$$-$(date +%s)-k&y/="
KEYMARK="intlkpi-secret-$$-"
mkdir -p "$TMP/www"
cp -r "$OFIX/server/openalex" "$TMP/www/"
serve "$TMP/www" OA_EXPECT_KEY="$KEY"
export OPENALEX_API_KEY="$KEY"

# every run's stdout and stderr is kept for the secrets check at the end
oa() {
	run_cmd "$@"
	cat "$TMP/out" >>"$TMP/stdout.all"
	cat "$TMP/err" >>"$TMP/stderr.all"
}
oa_fixture() {
	rm -rf "$TMP/cfg"
	cp -r "$OFIX" "$TMP/cfg"
	rm -rf "$TMP/cfg/server"
	sed -i "s#http://127.0.0.1:1/openalex/works#$BASE/${1:-}openalex/works#" "$TMP/cfg/sources/openalex.json"
}
obs() {	# obs FILE: observations as {(metric, year, key): value}
	echo 'o = {(x["metric"], x["year"], x["key"]): x["value"] for x in d["observations"]}'
}

# ---- offline: the bundled snapshot, cursor pages followed ----
oa_fixture
oa "check the fixture" 0 check --config "$TMP/cfg"
oa "compute offline" 0 compute -v --config "$TMP/cfg" --output "$TMP/snap"
# snapshot I100: S1 2021 {KZ, US}, S2 2022 {KZ} (page 2, by next_cursor);
# I200: S3 2021 {CN}; I300: S4 2022 {FR, ES}. Years 2021-2022, home KZ.
pycheck "snapshot: hand-checked values" "$TMP/snap/observations.json" "$(obs)"'
assert o[("works_total", 2021, None)] == 1 and o[("works_intl", 2021, None)] == 1
assert o[("works_total", 2022, None)] == 1 and o[("works_intl", 2022, None)] == 0
assert o[("works_by_country", 2021, "US")] == 1 and o[("works_by_partner", 2021, "I903")] == 1
assert not [k for k in o if k[0] == "works_by_country" and k[1] == 2022]
# the peers, keyed by id; a peer without works in a year has 0 works
assert o[("peer_works_total", 2021, "I200")] == 1 and o[("peer_works_intl", 2021, "I200")] == 0
assert o[("peer_works_total", 2021, "I300")] == 0 and o[("peer_works_total", 2022, "I200")] == 0
assert o[("peer_works_intl", 2022, "I300")] == 1
assert not [k for k in o if k[0].startswith("peer_") and k[2] not in ("I200", "I300")]
'
pycheck "snapshot: provenance of the whole set" "$TMP/snap/kpis.json" '
import hashlib
s = [x for x in d["sources"] if x["id"] == "openalex"]
pages = ["I100/page-1.json", "I100/page-2.json", "I200/page-1.json", "I300/page-1.json"]
raw = b"".join(open("'"$OFIX"'/snapshots/openalex/" + p, "rb").read() for p in pages)
assert len(s) == 1 and s[0]["state"] == "snapshot" and s[0]["path"] == "snapshots/openalex"
assert s[0]["sha256"] == hashlib.sha256(raw).hexdigest() and s[0]["bytes"] == len(raw)
assert [p["value"] for p in kpi("share")["series"]] == [100, 0]
'
[ "$(requests)" = 0 ] && ok || bad "compute opened connections"

# ---- the local kinds on small fixtures (hand-checked) ----
# scopus.csv: 2021 two works, one with Germany; 2022 one with Turkey and Russia
# wos.txt: 2021 one with Japan (two institutions), 2022 one alone
# works.jsonl.gz: 2021 J1 {KZ, CN}, J2 {KZ}; 2022 J3 {KZ, US, GB}
pycheck "local kinds: hand-checked values" "$TMP/snap/observations.json" "$(obs)"'
assert (o[("scopus_works", 2021, None)], o[("scopus_intl", 2021, None)]) == (2, 1)
assert (o[("scopus_works", 2022, None)], o[("scopus_intl", 2022, None)]) == (1, 1)
assert {k[2] for k in o if k[0] == "scopus_countries"} == {"DE", "TR", "RU"}
assert (o[("wos_works", 2021, None)], o[("wos_intl", 2021, None)], o[("wos_p_collab", 2021, None)]) == (1, 1, 1)
assert (o[("wos_works", 2022, None)], o[("wos_intl", 2022, None)], o[("wos_p_collab", 2022, None)]) == (1, 0, 0)
assert (o[("jsonl_works", 2021, None)], o[("jsonl_intl", 2021, None)]) == (2, 1)
assert o[("jsonl_partners", 2021, "I200")] == 1 and o[("jsonl_partners", 2022, "I907")] == 1
assert not [k for k in o if k[0] == "jsonl_partners" and k[2] == "I100"]
'

# ---- online: the key, cursor paging, the cache of the set ----
oa_fixture
n=$(requests)
oa "run against the loopback API" 0 run -v --config "$TMP/cfg" --output "$TMP/good"
# I100 in pages of 2 (W1, W2 | W3, W4 | W5), I200 and I300 one page each
[ "$(($(requests) - n))" -eq 5 ] && ok || bad "five pages requested, got $(($(requests) - n))"
grep -c 'api_key=<ok>' "$LOG" | grep -q '^5$' && ok || bad "every request carries the key"
grep -q 'lineage:I100,publication_year:2021-2022&select=id,publication_year,authorships&per-page=2&cursor=\*&mailto=tests%40example.org&api_key=' "$LOG" &&
	ok || bad "the query: filter, select, per-page, cursor, mailto"
[ "$(grep 'lineage:I100' "$LOG" | sed 's/.*cursor=\([^&]*\).*/\1/' | tr '\n' ' ')" = "* c2 c3 " ] && ok ||
	bad "I100 paged along next_cursor: $(grep 'lineage:I100' "$LOG" | sed 's/.*cursor=\([^&]*\).*/\1/' | tr '\n' ' ')"
grep -q 'lineage:I300,' "$LOG" && ! grep -q 'lineage:I1[0-9][0-9],.*lineage' "$LOG" && ok || bad "each peer queried"
# 2021: W1 {KZ, RU}, W2 {KZ} (I100 + I101): 2 works, 1 intl, 2 collab
# 2022: W3 {KZ, DE} by country_code (empty countries), W4 {KZ, TR}, W5 {KZ}: 3, 2
# peers: I200 P1 2021 {CN, US}, P2 2022 {CN}; I300 P3 2022 {FR, DE, IT}
pycheck "online: hand-checked values" "$TMP/good/observations.json" "$(obs)"'
assert (o[("works_total", 2021, None)], o[("works_intl", 2021, None)], o[("works_collab", 2021, None)]) == (2, 1, 2)
assert (o[("works_total", 2022, None)], o[("works_intl", 2022, None)], o[("works_collab", 2022, None)]) == (3, 2, 2)
assert {k[2]: v for k, v in o.items() if k[0] == "works_by_country" and k[1] == 2022} == {"DE": 1, "TR": 1}
assert {k[2] for k in o if k[0] == "works_by_partner" and k[1] == 2022} == {"I901", "I902"}
assert (o[("peer_works_total", 2021, "I200")], o[("peer_works_intl", 2021, "I200")]) == (1, 1)
assert (o[("peer_works_total", 2022, "I200")], o[("peer_works_intl", 2022, "I200")]) == (1, 0)
assert (o[("peer_works_total", 2021, "I300")], o[("peer_works_intl", 2022, "I300")]) == (0, 1)
'
pycheck "online: fresh, one record, the pages' digest" "$TMP/good/kpis.json" '
import hashlib
pages = ["I100/page-1.json", "I100/page-2.json", "I100/page-3.json", "I200/page-1.json", "I300/page-1.json"]
raw = b"".join(open("'"$OFIX"'/server/openalex/" + p, "rb").read() for p in pages)
s = [x for x in d["sources"] if x["id"] == "openalex"]
assert len(s) == 1 and s[0]["state"] == "fresh" and s[0]["url"] == "'"$BASE"'/openalex/works"
assert s[0]["sha256"] == hashlib.sha256(raw).hexdigest() and s[0]["bytes"] == len(raw)
assert abs(kpi("share")["series"][1]["value"] - 200 / 3) < 1e-9 and not d["stale"]
'
C=$TMP/good/cache/openalex
pycheck "online: the cache holds the set" "$C/set.json" '
import hashlib
assert d["set"] == "a" and [(x["id"], x["pages"]) for x in d["institutions"]] == [("I100", 3), ("I200", 1), ("I300", 1)]
assert d["institutions"][0]["query"].endswith("lineage:I100,publication_year:2021-2022&select=id,publication_year,authorships&per-page=2&cursor=*")
m = json.load(open("'"$C"'/set-a/I100/2/meta.json"))
body = open("'"$C"'/set-a/I100/2/body", "rb").read()
assert body == open("'"$OFIX"'/server/openalex/I100/page-2.json", "rb").read()
assert m["sha256"] == hashlib.sha256(body).hexdigest() and m["status"] == 200
assert m["url"].endswith("&cursor=c2") and "api_key" not in m["url"] and "mailto" not in m["url"]
'

# ---- within ttl: no request; the cache ----
n=$(requests)
oa "run within ttl" 0 run --config "$TMP/cfg" --output "$TMP/good"
[ "$(requests)" = "$n" ] && ok || bad "a run within ttl opened connections"
pycheck "within ttl: cached, same values" "$TMP/good/kpis.json" '
assert [x["state"] for x in d["sources"] if x["id"] == "openalex"] == ["cached"]
assert abs(kpi("share")["series"][1]["value"] - 200 / 3) < 1e-9
'

# other years within ttl: the cached set is of another query, so a fetch
# (the server ignores the years: the same 5 pages)
cp -r "$TMP/good" "$TMP/years"
mutate sources/openalex.json 's = s.replace("\"per_page\": 2,", "\"per_page\": 2, \"years\": [2022, 2022],")'
n=$(requests)
oa "other years within ttl" 0 run --config "$TMP/cfg" --output "$TMP/years"
[ "$(($(requests) - n))" -eq 5 ] && grep 'lineage:I100' "$LOG" | tail -1 | grep -q 'publication_year:2022-2022' && ok ||
	bad "other years within ttl: fetched again ($(($(requests) - n)) requests)"
oa_fixture

# ---- a page fails: the whole previous set is used, never a mix ----
# the server's I200 changes (P2 becomes international); then page 2 of I100 fails
cp "$TMP/www/openalex/I200/page-1.json" "$TMP/i200.orig"
python3 - "$TMP/www/openalex/I200/page-1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["results"][1]["authorships"].append({"countries": ["JP"], "institutions": []})
open(sys.argv[1], "w").write(json.dumps(d, separators=(",", ":")) + "\n")
PY
sed -i "s#$BASE/openalex/works#$BASE/fault/fail-page/2/openalex/works#" "$TMP/cfg/sources/openalex.json"
cp -r "$C" "$TMP/cache.before"
oa "page 2 of I100 fails" 1 run -v --force --config "$TMP/cfg" --output "$TMP/good"
expect_err "page failure: the page, without the key" "/fault/fail-page/2/openalex/works?filter=authorships.institutions.lineage:I100,publication_year:2021-2022&select=id,publication_year,authorships&per-page=2&cursor=c2': HTTP 500 (4 attempts in"
expect_err "page failure: the previous set used" "using the last good copy, fetched"
diff -r "$TMP/cache.before" "$C" >/dev/null && ok || bad "a failed set changed the cache"
pycheck "page failure: stale, the old set whole" "$TMP/good/observations.json" "$(obs)"'
k = json.load(open("'"$TMP"'/good/kpis.json"))
s = [x for x in k["sources"] if x["id"] == "openalex"][0]
assert s["state"] == "stale" and "HTTP 500" in s["error"] and k["stale"]
# the new I200 page (P2 international) was fetched but is not used
assert o[("peer_works_intl", 2022, "I200")] == 0 and o[("works_total", 2022, None)] == 3
'
sed -i "s#$BASE/fault/fail-page/2/openalex/works#$BASE/openalex/works#" "$TMP/cfg/sources/openalex.json"
oa "the next good fetch" 0 run --force --config "$TMP/cfg" --output "$TMP/good"
pycheck "a good fetch switches to the other set" "$C/set.json" 'assert d["set"] == "b"'
pycheck "the new set whole" "$TMP/good/observations.json" "$(obs)"'
assert o[("peer_works_intl", 2022, "I200")] == 1
'
cp "$TMP/i200.orig" "$TMP/www/openalex/I200/page-1.json"

# ---- the quota, errors before parsing, a missing key ----
oa_fault() {	# oa_fault NAME PREFIX MESSAGE [REQUESTS]
	oa_fixture "$2"
	rm -rf "$TMP/f"
	cp -r "$TMP/good" "$TMP/f"
	n=$(requests)
	oa "$1" 1 run -v --force --config "$TMP/cfg" --output "$TMP/f"
	expect_err "$1: message" "$3"
	[ -z "${4:-}" ] || [ "$(($(requests) - n))" -eq "$4" ] && ok ||
		bad "$1: $4 requests expected, got $(($(requests) - n))"
	pycheck "$1: stale, the last good set" "$TMP/f/kpis.json" '
assert [x["state"] for x in d["sources"] if x["id"] == "openalex"] == ["stale"]
assert abs(kpi("share")["series"][1]["value"] - 200 / 3) < 1e-9 and kpi("share")["stale"]
'
}
oa_fault "quota spent on page 1" fault/spent/ \
	"the OpenAlex quota is spent (X-RateLimit-Remaining: 0) after page 1 of I100; this source stops until the quota resets" 3
oa_fault "429 with the quota spent" fault/429-spent/ \
	"HTTP 429: the quota is spent (X-RateLimit-Remaining: 0); not retried" 3
oa_fault "503 with an HTML body" fault/503-html/ "openalex/works?filter=authorships.institutions.lineage:I100,publication_year:2021-2022&select=id,publication_year,authorships&per-page=2&cursor=*': HTTP 503 (4 attempts in"
grep -q 'not valid JSON\|HTML, not JSON' "$TMP/err" && bad "a 503 body was parsed" || ok
oa_fault "HTML with 200" fault/html/ "cursor=*': not a /works page: HTML, not JSON"
unset OPENALEX_API_KEY
oa_fault "no key" "" "HTTP 403"
export OPENALEX_API_KEY="$KEY"

# a page whose next_cursor repeats its cursor stops the paging
oa_fixture
mkdir -p "$TMP/www/openalex/I301"
sed 's/"next_cursor":null/"next_cursor":"*"/' "$OFIX/server/openalex/I300/page-1.json" >"$TMP/www/openalex/I301/page-1.json"
sed -i 's#https://openalex.org/I300#I301#' "$TMP/cfg/profile.json"
mkdir -p "$TMP/cfg/snapshots/openalex/I301"
cp "$OFIX/snapshots/openalex/I300/page-1.json" "$TMP/cfg/snapshots/openalex/I301/"
oa "a cursor that does not advance" 1 run --config "$TMP/cfg" --output "$TMP/loop"
expect_err "cursor loop: named" "meta.next_cursor repeats the cursor; paging stopped"
expect_err "cursor loop: the snapshot instead" "using the bundled snapshot 'snapshots/openalex'"

# ---- offline with a cache; the snapshot when there is none ----
oa_fixture
n=$(requests)
oa "offline: the cached set" 0 run --offline --force --config "$TMP/cfg" --output "$TMP/good"
[ "$(requests)" = "$n" ] && ok || bad "--offline opened connections"
pycheck "offline: cached" "$TMP/good/kpis.json" '
assert [x["state"] for x in d["sources"] if x["id"] == "openalex"] == ["cached"]
'
rm "$TMP/good/cache/openalex/set-b/I100/2/body"
oa "offline: a torn cached set" 0 compute --config "$TMP/cfg" --output "$TMP/good"
expect_err "torn set: refused" "the cached copy is not usable"
pycheck "torn set: the snapshot whole" "$TMP/good/kpis.json" '
assert [x["state"] for x in d["sources"] if x["id"] == "openalex"] == ["snapshot"]
assert [p["value"] for p in kpi("share")["series"]] == [100, 0]
'

# ---- the real recorded /works response (../shared/realdata/works.json) ----
if [ -f "$RD/works.json" ]; then
	mkdir -p "$TMP/www/openalex/I999"
	cp "$RD/works.json" "$TMP/www/openalex/I999/page-1.json"
	oa_fixture
	sed -i 's#"openalex_id": "I100"#"openalex_id": "I999"#' "$TMP/cfg/profile.json"
	mkdir -p "$TMP/cfg/snapshots/openalex/I999"
	cp "$RD/works.json" "$TMP/cfg/snapshots/openalex/I999/page-1.json"
	mutate sources/openalex.json 's = s.replace("\"per_page\": 2,", "\"per_page\": 200, \"years\": [2013, 2024],")'
	oa "the real works.json as an API page" 0 run --config "$TMP/cfg" --output "$TMP/real"
	grep -q 'lineage:I999,publication_year:2013-2024&select=id,publication_year,authorships&per-page=200&cursor=\*' "$LOG" &&
		ok || bad "works.json: asked for as a page"
	# The oracle, from the file itself: a work is international when the
	# union of its authorships' countries (an authorship without any: its
	# institutions' country_code) has two or more; partner countries are
	# its countries but KZ (the home country of the fixture)
	pycheck "works.json: counts verified from the file" "$TMP/real/observations.json" "$(obs)"'
import collections
w = json.load(open("'"$RD"'/works.json"))
tot, intl, partner = collections.Counter(), collections.Counter(), collections.Counter()
for x in w["results"]:
    cs = set()
    for a in x["authorships"]:
        cs |= set(a.get("countries") or []) or {i["country_code"] for i in a.get("institutions") or [] if i.get("country_code")}
    y = x["publication_year"]
    tot[y] += 1
    intl[y] += len(cs) >= 2
    for c in cs - {"KZ"}:
        partner[(y, c)] += 1
assert sum(tot.values()) == 49 and sum(intl.values()) == 11 and tot[2023] == 16
for y in range(2013, 2025):
    assert o[("works_total", y, None)] == tot[y], (y, o[("works_total", y, None)], tot[y])
    assert o[("works_intl", y, None)] == intl[y], (y, o[("works_intl", y, None)], intl[y])
assert {(k[1], k[2]): v for k, v in o.items() if k[0] == "works_by_country"} == dict(partner)
# by hand: 2014 1, 2017 1, 2019 1, 2021 4, 2022 1, 2023 1, 2024 2
assert [intl[y] for y in (2014, 2017, 2019, 2021, 2022, 2023, 2024)] == [1, 1, 1, 4, 1, 1, 2]
'
	# the same file read as a local openalex-jsonl source (a saved /works page)
	mutate sources/jsonl.json 's = s.replace("data/works.jsonl.gz", "data/works.json")'
	cp "$RD/works.json" "$TMP/cfg/data/"
	oa "works.json as a local source" 0 compute --config "$TMP/cfg" --output "$TMP/real2"
	pycheck "works.json: the local kind agrees" "$TMP/real2/observations.json" "$(obs)"'
assert sum(v for k, v in o.items() if k[0] == "jsonl_works") == 49
assert sum(v for k, v in o.items() if k[0] == "jsonl_intl") == 11
assert o[("jsonl_works", 2023, None)] == 16 and o[("jsonl_intl", 2021, None)] == 4
'
else
	echo "SKIP: ../shared/realdata/works.json not present"
fi

# ---- the local kinds on real exports (../shared/realdata/README.md) ----
if [ -f "$RD/scopus_sample.csv" ]; then
	oa_fixture
	cp "$RD/scopus_sample.csv" "$RD/wos_sample.txt" "$RD/openalex_sample.csv" "$RD/OnePaper.isi" "$TMP/cfg/data/"
	mutate sources/scopus.json 's = s.replace("data/scopus.csv", "data/scopus_sample.csv")'
	mutate sources/wos.json 's = s.replace("data/wos.txt", "data/wos_sample.txt")'
	mutate sources/jsonl.json 's = s.replace("data/works.jsonl.gz", "data/openalex_sample.csv")'
	oa "real exports" 0 compute --config "$TMP/cfg" --output "$TMP/rx"
	# scopus: 8 records of 2025-2026, none international (one country each)
	# wos: 8 records (2017, 2019, 2022, 2024 x2, 2025, 2026 x2), one
	# international (2025: Brazil, Germany, England)
	# openalex csv: 8 records 2017-2022; 2022 has 3, one international (MY, PK)
	pycheck "real exports: the README counts" "$TMP/rx/observations.json" "$(obs)"'
sc = {k[1]: v for k, v in o.items() if k[0] == "scopus_works"}
assert sum(sc.values()) == 8 and set(sc) <= {2025, 2026}, sc
assert sum(v for k, v in o.items() if k[0] == "scopus_intl") == 0
wo = {k[1]: v for k, v in o.items() if k[0] == "wos_works"}
assert wo == {2017: 1, 2019: 1, 2022: 1, 2024: 2, 2025: 1, 2026: 2}, wo
assert {k[1]: v for k, v in o.items() if k[0] == "wos_intl" and v} == {2025: 1}
assert sum(v for k, v in o.items() if k[0] == "jsonl_works") == 8
assert (o[("jsonl_works", 2022, None)], o[("jsonl_intl", 2022, None)]) == (3, 1)
'
	mutate sources/wos.json 's = s.replace("data/wos_sample.txt", "data/OnePaper.isi")'
	oa "OnePaper.isi (BOM, old header)" 0 compute --config "$TMP/cfg" --output "$TMP/rx"
	pycheck "OnePaper.isi: one 2013 work, domestic" "$TMP/rx/observations.json" "$(obs)"'
assert o[("wos_works", 2013, None)] == 1 and o[("wos_intl", 2013, None)] == 0
'
	# a source's export joined to itself: each record (EID) counted once, said
	cat "$RD/scopus_sample.csv" "$RD/scopus_sample.csv" >"$TMP/cfg/data/scopus_sample.csv"
	oa "a Scopus export joined to itself" 0 compute --config "$TMP/cfg" --output "$TMP/rx"
	pycheck "scopus twice: still 8 works" "$TMP/rx/observations.json" "$(obs)"'
sc = {k[1]: v for k, v in o.items() if k[0] == "scopus_works"}
assert sum(sc.values()) == 8, sc
'
	expect_err "the duplicates said" "scopus_sample.csv':11: the record 2-s2.0-105030721984 was read before"
	expect_err "the duplicates counted" "8 duplicate records counted once"
	# a Scopus export given as the WoS kind fails that source, not the run
	mutate sources/wos.json 's = s.replace("data/OnePaper.isi", "data/scopus_sample.csv")'
	oa "a Scopus file as wos" 1 compute --config "$TMP/cfg" --output "$TMP/rx2"
	expect_err "wrong export: named" "scopus_sample.csv': not a Web of Science export"
else
	echo "SKIP: ../shared/realdata exports not present"
fi

# ---- the example's snapshot: reproducible, in the API's format ----
if [ -d indicators/snapshots/openalex ]; then
	rm -rf "$TMP/gen"
	cp -r indicators "$TMP/gen"
	python3 scripts/gen_openalex_snapshots.py "$TMP/gen" >/dev/null &&
		diff -r indicators/snapshots/openalex "$TMP/gen/snapshots/openalex" >/dev/null &&
		diff -r indicators/snapshots/openalex-group "$TMP/gen/snapshots/openalex-group" >/dev/null &&
		diff -r indicators/snapshots/openalex-institutions "$TMP/gen/snapshots/openalex-institutions" >/dev/null &&
		(for f in openalex-works-per-year openalex-intl-per-year openalex-unlinked; do
			cmp -s indicators/snapshots/$f.json "$TMP/gen/snapshots/$f.json" || exit 1
		done) && ok ||
		bad "scripts/gen_openalex_snapshots.py does not reproduce the example's OpenAlex snapshots"
	grep -qi "illustrative" indicators/snapshots/openalex/README.md && ok || bad "the snapshot is marked illustrative"
	python3 - indicators <<'PY' 2>"$TMP/pyerr" && ok || { bad "the example's snapshot: API format, cursor chains"; tail -3 "$TMP/pyerr"; }
import glob, json, os, sys
cfg = sys.argv[1]
p = json.load(open(cfg + "/profile.json"))
# KMU's works only: the peers are asked by group_by (openalex-works-per-year)
ids = [p["openalex_id"]]
for i in ids:
    pages = sorted(glob.glob("%s/snapshots/openalex/%s/page-*.json" % (cfg, i)))
    assert pages, i
    n = 0
    for k in range(1, len(pages) + 1):
        d = json.load(open("%s/snapshots/openalex/%s/page-%d.json" % (cfg, i, k)))
        assert set(d) == {"meta", "results", "group_by"} and d["meta"]["per_page"] == 100
        assert (d["meta"]["next_cursor"] is None) == (k == len(pages)), (i, k)
        for w in d["results"]:
            assert set(w) == {"id", "publication_year", "authorships"} and 2019 <= w["publication_year"] <= 2023
            for a in w["authorships"]:
                assert set(a) == {"countries", "institutions"}
                assert all(set(x) == {"id", "display_name", "country_code", "lineage"} for x in a["institutions"])
        n += len(d["results"])
    assert n == d["meta"]["count"], (i, n)
    if i == p["openalex_id"]:
        assert len(pages) >= 2 and 250 <= n / 5 <= 600, (len(pages), n)
PY
fi

# ---- configuration errors ----
oa_config_error() {	# NAME FILE EDIT MESSAGE
	oa_fixture
	mutate "$2" "$3"
	oa "check: $1" 2 check --config "$TMP/cfg"
	expect_err "check: $1" "$4"
}
oa_config_error "url with a query" sources/openalex.json 's = s.replace("openalex/works\"", "openalex/works?filter=x\"")' \
	"'url' is the /works endpoint without a query"
oa_config_error "per_page too large" sources/openalex.json 's = s.replace("\"per_page\": 2", "\"per_page\": 500")' \
	"expected 'per_page' to be an integer from 1 to 200"
oa_config_error "unknown value" sources/openalex.json 's = s.replace("\"value\": \"works_intl\"", "\"value\": \"intl\"", 1)' \
	"expected 'value' to be one of works, works_intl, share_intl, works_collab, p_collab, irn, irn_partners, irn_countries, partner_countries, partner_institutions"
oa_config_error "keyed value of the peers" sources/openalex.json 's = s.replace("\"value\": \"partner_countries\"", "\"value\": \"partner_countries\", \"of\": \"peers\"")' \
	"'partner_countries' has a key of its own"
oa_config_error "bad of" sources/openalex.json 's = s.replace("\"of\": \"peers\"", "\"of\": \"others\"", 1)' \
	"expected 'of' to be \"university\" (the default) or \"peers\""
oa_config_error "no openalex_id" profile.json 's = s.replace("\"openalex_id\": \"I100\",", "")' \
	"the university's metrics need 'openalex_id' in profile.json"
oa_config_error "malformed openalex_id" profile.json 's = s.replace("\"I100\"", "\"W100\"")' \
	"profile.json:4:18: expected 'openalex_id' to be an OpenAlex institution id"
oa_config_error "peer without country" profile.json 's = s.replace("\"openalex_id\": \"I200\", \"country\": \"CN\"", "\"openalex_id\": \"I200\"")' \
	"peer 'Fixture Peer One University' needs 'country' in profile.json"
oa_fixture
rm "$TMP/cfg/snapshots/openalex/I300/page-1.json"
oa "check: missing snapshot page" 2 check --config "$TMP/cfg"
expect_err "check: missing snapshot page" "snapshot page 'snapshots/openalex/I300/page-1.json' cannot be read"
oa_config_error "openalex-works from a file" sources/openalex.json 's = s.replace("\"url\": \"'"$BASE"'/openalex/works\"", "\"path\": \"data/scopus.csv\"").replace("\"snapshot\": \"snapshots/openalex\",", "").replace("\"ttl\": \"1h\",", "").replace("\"timeout\": \"20s\",", "")' \
	"an openalex-works source needs 'url'"
oa_config_error "of on a local kind" sources/scopus.json 's = s.replace("\"value\": \"works\"", "\"value\": \"works\", \"of\": \"peers\"")' \
	"unknown key 'of'"
oa_config_error "years backwards" sources/openalex.json 's = s.replace("\"per_page\": 2,", "\"per_page\": 2, \"years\": [2022, 2021],")' \
	"expected 'years' to be [first, last], the publication years asked for"

# ---- secrets: the key never reaches outputs, the cache, logs or messages ----
oa_fixture fault/503-html/
oa "a failing run with json logs" 1 run -v --log-format json --force --config "$TMP/cfg" --output "$TMP/good"
grep -q 'api_key=<ok>' "$LOG" && ok || bad "the server saw the key"
[ -s "$TMP/stderr.all" ] && grep -q 'HTTP 503' "$TMP/stderr.all" && ok || bad "error messages were captured"
# everything under $TMP: every output and cache, the captured stdout and
# stderr of every run (-v, json logs, failures), the server's log
if grep -rlF "$KEYMARK" "$TMP"; then
	bad "the API key was written (files above)"
else ok; fi
grep -rqF "api_key" "$TMP/good" "$TMP/stderr.all" && bad "an api_key parameter was written" || ok

e2e_summary openalex
