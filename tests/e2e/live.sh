#!/bin/sh
# The bundled example live, against the loopback server: every URL of the
# example served in the publisher's real shape (THE's edition pages with
# their data-file links and the data files, QS's ranking pages with the
# nid and the rankings endpoint paged, the ARWU API by edition, the
# OpenAlex /works API, the national ranking, the news page). The example
# is pointed at the server by a copy of indicators/ whose https://HOST/
# become http://127.0.0.1:PORT/HOST/ (docs/configuration.md, "Testing
# against a local server"). `intlkpi run` (not offline) exits 0 with every
# source fresh; a second run within ttl makes no request.
. tests/e2e/lib.sh

. tests/server/serve.sh
export QS_PAGE_SIZE=4 OA_GROUP_PAGE_SIZE=16
unset OPENALEX_API_KEY
SNAP=$(pwd)/indicators/snapshots
W=$TMP/www
mkdir -p "$W"
serve "$W"

# ---- the web as the example sees it ----
python3 tests/server/live_web.py "$W" "$SNAP" "$BASE"
# every group_by answer of the example, paged by the server in pages of OA_GROUP_PAGE_SIZE
python3 tests/server/oa_groups.py indicators "$W"
rm -rf "$TMP/ex"
cp -r indicators "$TMP/ex"
sed -i "s#https://#$BASE/#g" "$TMP"/ex/sources/*.json
grep -q 'https://' "$TMP"/ex/sources/*.json && bad "a source still names the real web" || ok

# ---- the live run ----
run_cmd "live run of the example" 0 run -v --config "$TMP/ex" --output "$TMP/out1"
first=$(requests)
# the figures of docs/operations.md ("Requests per refresh")
echo "live: a refresh of the example made $first requests, $(grep -c '/works?' "$LOG") of them to OpenAlex ($(grep -c 'group_by=' "$LOG") group_by pages)"
pycheck "live: every source fresh, from the loopback server" "$TMP/out1/kpis.json" '
web = [s for s in d["sources"] if s["url"]]
assert len(web) == 42, len(web)
for s in d["sources"]:
    assert s["state"] == "fresh", (s["id"], s["state"], s.get("error"))
for s in web:
    assert s["url"].startswith("http://127.0.0.1:"), s["url"]
# THE: the data file the page links, not the page
the = [s["url"] for s in web if s["id"] == "the-wur"]
assert len(the) == 8 and all("/the_data_rankings/world_university_rankings_" in u for u in the), the
qs = [s["url"] for s in web if s["id"] == "qs-wur"]
assert qs[0].endswith("/rankings/endpoint?nid=3902019&page=0&items_per_page=500&tab=indicators"), qs[0]
assert [p["value"] for p in kpi("qs_wur_rank")["series"]] == [1100.5, 1100.5, 1100.5, 1100.5, 1300.5]
assert [p["value"] for p in kpi("qs_eeca_rank")["series"]] == [185.5, 165.5, 145.5, 126, 112]
assert [p["value"] for p in kpi("the_wur_rank")["series"]] == [None] * 5
assert [p["value"] for p in kpi("intl_coauthored_works")["series"]][-1] == 129
'
pycheck "live: the facts of THE 2024 and 2026, and KMU not listed" "$TMP/out1/observations.json" '
o = {(x["metric"], x["year"], x["key"]): x["value"] for x in d["observations"]}
assert o[("peer_the_wur_low", 2024, "Tongji University")] == 185
assert o[("peer_the_wur_low", 2026, "Tongji University")] == 141
assert o[("peer_the_wur_low", 2024, "Beihang University")] == 301
assert o[("peer_the_wur_low", 2026, "Beihang University")] == 251
assert o[("peer_the_wur_low", 2026, "L. N. Gumilyov Eurasian National University")] == 1501
assert o[("peer_the_wur_low", 2024, "Narxoz University")] is None
assert o[("peer_the_wur_listed", 2024, "Narxoz University")] == 1
assert all(o[("the_wur_listed", y, None)] == 0 for y in range(2019, 2027))
# no rank in any edition: null (not ranked), never a number
assert all(o[("the_wur", y, None)] is None for y in range(2019, 2027))
assert all(o[("arwu_listed", y, None)] == 0 for y in range(2019, 2024))
'
# QS: every row through pages of 4 (10 or 8 rows: 3 or 2 pages, then the total is reached)
n=$(grep -c '/rankings/endpoint?' "$LOG")
want=$(python3 -c "
import json, math
print(sum(math.ceil(len(json.load(open('$SNAP/%s-%d.json' % (k, y)))['score_nodes']) / 4)
          for k, last in (('qs-wur', 2026), ('qs-eeca', 2023)) for y in range(2019, last + 1)))")
[ "$n" -eq "$want" ] && ok || bad "live: $want QS endpoint pages, got $n"
[ "$(grep -c 'world-ranking inm=- ' "$LOG")" -eq 8 ] && ok || bad "live: 8 THE pages"
[ "$(grep -c 'the_data_rankings/' "$LOG")" -eq 8 ] && ok || bad "live: 8 THE data files"
[ "$(grep -c 'arwu/rank?version=' "$LOG")" -eq 5 ] && ok || bad "live: 5 ARWU editions"
# pages of 16 groups: a year's 18 to 28 countries take two
[ "$(grep -c '/works?.*group_by=authorships.countries' "$LOG")" -eq 10 ] && ok || bad "live: 10 group_by pages by country"
# per period: one request per institution (KMU and the 6 peers), twice; names: one
[ "$(grep -c '/works?filter=authorships.institutions.lineage:I[0-9]*,publication_year:2019-2023&group_by=publication_year&cursor=' "$LOG")" -eq 7 ] &&
	[ "$(grep -c '/works?filter=authorships.institutions.lineage:I[0-9]*,publication_year:2019-2023,countries_distinct_count:>1&group_by=publication_year&cursor=' "$LOG")" -eq 7 ] &&
	[ "$(grep -c '/works?filter=raw_affiliation_strings.search:Karaganda%20Medical%20University|.*,authorships.institutions.lineage:!I4210102424,publication_year:2019-2023&group_by=publication_year' "$LOG")" -eq 1 ] &&
	ok || bad "live: the group_by queries over the period"
# by co-author institution: pages of 16 groups along the cursors, every page merged
pages=$(grep -c 'group_by=authorships.institutions.lineage' "$LOG")
want=$(python3 -c "
import json
print(sum(-(-len(json.load(open('$SNAP/openalex-institutions/%d.json' % y))['group_by']) // 16) for y in range(2019, 2024)))")
[ "$pages" -eq "$want" ] && [ "$pages" -gt 10 ] && ok || bad "live: $want group_by pages by institution, got $pages"
grep 'group_by=authorships.institutions.lineage' "$LOG" | grep -q 'cursor=p3&' && ok || bad "live: the cursor followed"
pycheck "live: openalex requests and budget recorded" "$TMP/out1/kpis.json" '
g = [s for s in d["sources"] if s["id"] == "openalex-countries"]
assert len(g) == 5 and all(s["requests"] == 2 and s["budget_remaining"] == 99990 for s in g), g
assert all("mailto" not in (s["url"] or "") and "api_key" not in (s["url"] or "") for s in d["sources"])
inst = [s["requests"] for s in d["sources"] if s["id"] == "openalex-institutions"]
assert inst == [3, 3, 4, 4, 5], inst
assert [s["requests"] for s in d["sources"] if s["id"] == "openalex-works-per-year"] == [7]
metered = {s["id"] for s in d["sources"] if "requests" in s}
assert metered == {"openalex", "openalex-countries", "openalex-institutions", "openalex-works-per-year",
                   "openalex-intl-per-year", "openalex-unlinked"}, metered
r = d["openalex_requests"]
assert r["least_per_refresh"] == 26 and r["paged"] and r["budget_remaining"] == 99990, r
assert r["made"] == sum(s["requests"] for s in d["sources"] if "requests" in s), r
'
pycheck "live: group_by agrees with the paged works" "$TMP/out1/observations.json" '
o = {(x["metric"], x["year"], x["key"]): x["value"] for x in d["observations"]}
snap = json.load(open("'"$SNAP"'/openalex-institutions/2023.json"))
byi = {k[2]: v for k, v in o.items() if k[0] == "works_by_institution" and k[1] == 2023}
assert len(byi) == len(snap["group_by"]) - 1 and "I4210102424" not in byi, len(byi)
assert d["labels"]["I116953780"] == "Tongji University"
for y in range(2019, 2024):
    assert o[("cov_works", y, None)] == o[("works_total", y, None)], y
assert [o[("works_intl", y, None)] for y in range(2019, 2024)] == [63, 77, 96, 112, 129]
assert o[("peer_works_total", 2023, "I116953780")] > 0 and o[("peer_works_intl", 2023, "I116953780")] > 0
assert [o[("cov_works_unlinked", y, None)] for y in range(2019, 2024)] == [5, 6, 8, 9, 21]
'
pycheck "live: the rankings internationalization indicators, KMU and peers" "$TMP/out1/observations.json" '
o = {(x["metric"], x["year"], x["key"]): x["value"] for x in d["observations"]}
assert [o[("qs_wur_isr", y, None)] for y in range(2019, 2027)] == [6.1, 6.8, 8.2, 9.9, 11.4, 12.6, 13.5, 14.1]
assert ("qs_wur_irn", 2023, None) not in o and o[("qs_wur_irn", 2024, None)] == 8.9
assert ("qs_wur_isd", 2025, None) not in o and o[("qs_wur_isd", 2026, None)] == 9.4
assert o[("peer_qs_wur_ifr", 2026, "Tongji University")] == 20.1
assert o[("peer_qs_wur_low", 2026, "Beihang University")] == 349 == o[("peer_qs_wur_high", 2026, "Beihang University")]
assert o[("peer_the_wur_io", 2023, "Tongji University")] == 53.9
assert o[("peer_the_wur_intl_students", 2023, "L. N. Gumilyov Eurasian National University")] == 6
# a Reporter row: listed, its cells empty (not published); no row: not ranked
assert o[("peer_the_wur_io", 2023, "Narxoz University")] is None and o[("peer_the_wur_listed", 2023, "Narxoz University")] == 1
assert ("peer_the_wur_io", 2023, "University of Perpignan Via Domitia") not in o
assert o[("peer_the_wur_high", 2024, "Beihang University")] == 350
'
pycheck "live: against peers in kpis.json" "$TMP/out1/kpis.json" '
p = d["peers"]
assert [g["id"] for g in p["groups"]] == ["welcome", "kazakhstan"]
ind = {i["id"]: i for i in p["indicators"]}
io = [y for y in ind["the_wur_io"]["years"] if y["year"] == 2023][0]
names = [q["name"] for q in p["institutions"]]
why = dict(zip(names, [v["why"] for v in io["peers"]]))
assert io["university"] == {"value": None, "why": "not_ranked"}, io["university"]
assert why["Narxoz University"] == "not_published" and why["University of Perpignan Via Domitia"] == "not_ranked", why
share = [y for y in ind["intl_coauthored_share"]["years"] if y["year"] == 2023][0]
w = [g for g in share["groups"] if g["group"] == "welcome"][0]
assert ind["intl_coauthored_share"]["kpi"] == "intl_coauthored_share" and w["n"] == 6 and w["of"] == 7, w
'
pycheck "live: the partner portfolio" "$TMP/out1/partners.json" '
st = {q["name"]: q["state"] for q in d["partners"]}
assert d["schema"] == "intlkpi.partners/1" and d["as_of"] == 2023
assert st["Lithuanian University of Health Sciences"] == "active"
assert st["Tbilisi State Medical University"] == "dormant"
assert st["Kazan State Medical University"] == "candidate"
assert {"active", "dormant", "candidate", "new", "expired"} <= set(st.values())
assert st["Mahidol University"] == "new"
order = [q["state"] for q in d["partners"]]
assert order == sorted(order, key=["dormant", "candidate", "active", "new", "expired"].index), order
'
# the budget stops the run cleanly: 2 of 5 years asked (two pages each),
# the others kept (stale); the estimate is a floor (one request per year)
cp -r "$TMP/ex" "$TMP/budget"
sed -i 's/"max_requests": 10/"max_requests": 4/' "$TMP/budget/sources/openalex-countries.json"
n=$(requests)
run_cmd "live: max_requests reached" 1 run --force --only openalex-countries --config "$TMP/budget" --output "$TMP/out1"
[ "$(tail -n +$((n + 1)) "$LOG" | grep -c 'group_by=')" -eq 4 ] && ok || bad "live: max_requests 4 made $(tail -n +$((n + 1)) "$LOG" | grep -c 'group_by=') requests"
expect_err "live: the estimate" "openalex-group 'openalex-countries': 4 requests due of 5 (one per year, more for an answer of more than 200 groups; max_requests 4)"
expect_err "live: the budget spent mid-way" "this run reached the source's max_requests (4) before the last page of I4210102424"
pycheck "live: over budget, the last good copies" "$TMP/out1/kpis.json" '
st = [s["state"] for s in d["sources"] if s["id"] == "openalex-countries"]
assert st == ["fresh", "fresh", "stale", "stale", "stale"], st
assert all("max_requests" in s["error"] for s in d["sources"] if s["id"] == "openalex-countries" and s["state"] == "stale")
'
first=$(requests)

# ---- within ttl: no request ----
run_cmd "live run again, within ttl" 0 run --config "$TMP/ex" --output "$TMP/out1"
[ "$(requests)" = "$first" ] && ok || bad "live: the run within ttl made $(($(requests) - first)) requests"
pycheck "live: within ttl, every source from the cache" "$TMP/out1/kpis.json" '
assert all(s["state"] == "cached" for s in d["sources"] if s["url"]), [(s["id"], s["state"]) for s in d["sources"]]
assert all("/the_data_rankings/" in s["url"] for s in d["sources"] if s["id"] == "the-wur")
'

# ---- --force: the THE page and its data file are asked for conditionally ----
run_cmd "live run with --force" 0 run --force --config "$TMP/ex" --output "$TMP/out1"
[ "$(tail -n +$((first + 1)) "$LOG" | grep 'world-ranking' | grep -c 'inm="')" -eq 8 ] && ok ||
	bad "live --force: 8 conditional THE pages"
[ "$(tail -n +$((first + 1)) "$LOG" | grep 'the_data_rankings/' | grep -c 'inm="')" -eq 8 ] && ok ||
	bad "live --force: 8 conditional THE data files"
pycheck "live --force: 304s keep every source fresh" "$TMP/out1/kpis.json" '
assert all(s["state"] == "fresh" for s in d["sources"]), [(s["id"], s["state"]) for s in d["sources"]]
'

# ---- a new edition's link: the new data file, found again ----
python3 - "$W" <<'PY'
import os, re, sys
w = sys.argv[1]
p = os.path.join(w, "www.timeshighereducation.com/world-university-rankings/2024/world-ranking")
s = open(p).read()
old = re.search(r"world_university_rankings_2024_0__[0-9a-f]+\.json", s).group(0)
d = os.path.join(w, "www.timeshighereducation.com/sites/default/files/the_data_rankings")
os.rename(os.path.join(d, old), os.path.join(d, "world_university_rankings_2024_0__feed.json"))
open(p, "w").write(s.replace(old, "world_university_rankings_2024_0__feed.json"))
PY
run_cmd "live: the page links a new file" 0 run --force --only the-wur --config "$TMP/ex" --output "$TMP/out1"
pycheck "live: the new link is followed" "$TMP/out1/kpis.json" '
u = [s["url"] for s in d["sources"] if s["id"] == "the-wur"]
assert sum(x.endswith("_2024_0__feed.json") for x in u) == 1, u
'

# ---- the page stops linking its data: stale, and the error says why ----
sed -i 's/the_data_rankings/moved_elsewhere/g' "$W/www.timeshighereducation.com/world-university-rankings/2025/world-ranking"
run_cmd "live: a page without its data link" 1 run --force --only the-wur --config "$TMP/ex" --output "$TMP/out1"
expect_err "live: no link, the pattern named" "nothing in the page matches the 'discover' pattern"
pycheck "live: the edition without its link is stale, the others fresh" "$TMP/out1/kpis.json" '
st = [s["state"] for s in d["sources"] if s["id"] == "the-wur"]
assert st.count("stale") == 1 and st.count("fresh") == 7, st
'

# ---- a discover step's failure carries its class (kpis.json, the JSON log) ----
# failed_class NAME SOURCE CLASS N: N records of SOURCE in out1's kpis.json
# have an error, each of class CLASS, the others none; every error record
# of SOURCE in the JSON log ($TMP/err) has that class, and only they.
failed_class() {
	pycheck "$1: class $3 in kpis.json" "$TMP/out1/kpis.json" '
s = [x for x in d["sources"] if x["id"] == "'"$2"'"]
bad = [x for x in s if x["error"]]
assert len(bad) == '"$4"' and all(x["class"] == "'"$3"'" for x in bad), bad
assert all(x["class"] is None for x in d["sources"] if not x["error"]), d["sources"]
'
	python3 - "$TMP/err" "$2" "$3" <<'PY' && ok || bad "$1: class $3 in the JSON log"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
errs = [l for l in lines if l["level"] == "error" and l.get("source") == sys.argv[2]]
assert errs and all(l.get("class") == sys.argv[3] for l in errs), lines
assert all("class" not in l for l in lines if l.get("source") != sys.argv[2]), lines
PY
}
run_cmd "live: no data link, JSON log" 1 run --force --only the-wur --log-format json --config "$TMP/ex" --output "$TMP/out1"
failed_class "live: a page without its data link" the-wur data 1
# the edition page itself cannot be fetched (503): the network's
cp "$TMP/ex/sources/the-wur.json" "$TMP/the-wur.json"
sed -i "s#$BASE/www.timeshighereducation.com/world-university-rankings/{year}#$BASE/fault/503/www.timeshighereducation.com/world-university-rankings/{year}#" "$TMP/ex/sources/the-wur.json"
run_cmd "live: the edition pages answer 503" 1 run --force --only the-wur --log-format json --config "$TMP/ex" --output "$TMP/out1"
failed_class "live: a discover page that fails" the-wur network 8
cp "$TMP/the-wur.json" "$TMP/ex/sources/the-wur.json"
sed -i 's/moved_elsewhere/the_data_rankings/g' "$W/www.timeshighereducation.com/world-university-rankings/2025/world-ranking"
# the data file the page links is not JSON: the data's
f=$(ls "$W"/www.timeshighereducation.com/sites/default/files/the_data_rankings/world_university_rankings_2023_0__*.json)
cp "$f" "$TMP/the-2023.json"
printf '{"data": [' >"$f"
run_cmd "live: a data file cut short" 1 run --force --only the-wur --log-format json --config "$TMP/ex" --output "$TMP/out1"
failed_class "live: a malformed data file" the-wur data 1
expect_err "live: the malformed file named" "invalid JSON near here"
cp "$TMP/the-2023.json" "$f"

# ---- a ranking page read as a table: it is built by JavaScript, and the error names the data ----
cp -r "$TMP/ex" "$TMP/js"
# only the positions are read here: no peers' positions, no sub-indicators
rm "$TMP/js/peers.json" "$TMP/js/kpi/qs_isr_score.json" "$TMP/js/kpi/qs_ifr_score.json"
python3 - "$TMP/js/sources" "$BASE" <<'PY'
import json, sys
d, base = sys.argv[1], sys.argv[2]
for name, page in (("the-wur", "/www.timeshighereducation.com/world-university-rankings/{year}/world-ranking"),
                   ("qs-wur", "/www.topuniversities.com/world-university-rankings/{year}")):
    s = json.load(open("%s/%s.json" % (d, name)))
    json.dump({"id": s["id"], "kind": "html-table", "url": base + page, "years": [2021, 2021],
               "table": "table#qs-rankings", "match": 2,
               "metrics": [{"name": s["metrics"][0]["name"], "value": 1, "rank": "mid"}]},
              open("%s/%s.json" % (d, name), "w"))
PY
run_cmd "live: pages read as tables" 1 fetch --config "$TMP/js" the-wur qs-wur
expect_err "live: THE's page is recognised" "builds its table with JavaScript from a data file"
expect_err "live: THE's data file is named" "$BASE/www.timeshighereducation.com/sites/default/files/the_data_rankings/world_university_rankings_2021_0__"
expect_err "live: QS's endpoint is named" "rankings/endpoint?nid=3902021&page=0&items_per_page=500"

# ---- institutions: candidates from OpenAlex and ROR; check --online ----
# Test records in the registries' shapes: Tongji's and Beihang's ids are
# the verified ones; the others are this test's own (I4210100001 answers
# as another institution, to be warned about).
mkdir -p "$W/institutions"
cat >"$W/institutions/openalex.json" <<'JSON'
[{"id": "https://openalex.org/I116953780", "ror": "https://ror.org/03rc6as71", "display_name": "Tongji University",
  "country_code": "CN", "type": "education", "works_count": 250000, "geo": {"city": "Shanghai", "country": "China"}},
 {"id": "https://openalex.org/I82880672", "ror": "https://ror.org/00wk2mp56", "display_name": "Beihang University",
  "country_code": "CN", "type": "education", "works_count": 200000, "geo": {"city": "Beijing", "country": "China"}},
 {"id": "https://openalex.org/I4210102424", "ror": "https://ror.org/05pc6w891", "display_name": "Karaganda Medical University",
  "country_code": "KZ", "type": "education", "works_count": 4000, "geo": {"city": "Karaganda", "country": "Kazakhstan"}},
 {"id": "https://openalex.org/I4210100001", "ror": null, "display_name": "Some Other Institute\u001b[31m",
  "country_code": "US", "type": "facility", "works_count": 10, "geo": {"city": "Nowhere"}}]
JSON
cat >"$W/institutions/ror.json" <<'JSON'
[{"id": "https://ror.org/03rc6as71", "names": [{"value": "Tongji University", "types": ["ror_display", "label"]},
  {"value": "同济大学", "types": ["label"]}], "locations": [{"geonames_details": {"country_code": "CN", "name": "Shanghai"}}],
  "types": ["education"]},
 {"id": "https://ror.org/00wk2mp56", "name": "Beihang University", "country": {"country_code": "CN"},
  "addresses": [{"city": "Beijing"}], "types": ["Education"]},
 {"id": "https://ror.org/05pc6w891", "name": "Karaganda Medical University", "country": {"country_code": "KZ"},
  "addresses": [{"city": "Karaganda"}], "types": ["Education"]}]
JSON
export INTLKPI_OPENALEX_API=$BASE/api.openalex.org INTLKPI_ROR_API=$BASE/api.ror.org OPENALEX_API_KEY=k-$$
n=$(requests)
run_cmd "institutions: a table" 0 institutions --config "$TMP/ex" "Tongji University" Beihang
grep -q 'I116953780    03rc6as71' "$TMP/out" && grep -q 'Tongji University (Shanghai)' "$TMP/out" &&
	grep -q '^  1  openalex  I82880672' "$TMP/out" && grep -q 'ror       -             00wk2mp56' "$TMP/out" && ok ||
	{ bad "institutions: the table"; cat "$TMP/out"; }
tail -n +$((n + 1)) "$LOG" | grep -q '/api.openalex.org/institutions?search=Tongji%20University&per-page=25&mailto=intlkpi-example%40example.org&api_key=' &&
	tail -n +$((n + 1)) "$LOG" | grep -q '/api.ror.org/organizations?query=Beihang' && ok || bad "institutions: the requests"
grep -q "k-$$" "$TMP/out" "$TMP/err" && bad "institutions: the key shown" || ok
run_cmd "institutions: JSON" 0 institutions --format json --config "$TMP/ex" Karaganda "Other Institute"
pycheck "institutions: JSON candidates" "$TMP/out" '
assert [q["query"] for q in d] == ["Karaganda", "Other Institute"]
c = d[0]["candidates"]
assert [(x["source"], x["openalex_id"], x["ror"], x["country"], x["works_count"]) for x in c] == \
    [("openalex", "I4210102424", "05pc6w891", "KZ", 4000), ("ror", None, "05pc6w891", "KZ", None)], c
'
# the control characters of a hostile name do not reach the terminal
run_cmd "institutions: a hostile name" 0 institutions --config "$TMP/ex" "Other Institute"
LC_ALL=C grep -q "$(printf '\033')" "$TMP/out" && bad "institutions: escape sequence printed" || ok
# --write-profile: Beihang's candidate 1 into a copy of the profile
cp -r "$TMP/ex" "$TMP/wp"
python3 - "$TMP/wp/profile.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for q in p["peers"]:
    if q["name"] == "Beihang University":
        q["openalex_id"], q["ids_verified"] = "I4210100004", False
        del q["ror"]
json.dump(p, open(sys.argv[1], "w"), indent=2)
PY
run_cmd "institutions --write-profile" 0 institutions --write-profile --pick 1 --config "$TMP/wp" "Beihang University"
pycheck "institutions --write-profile: the ids written" "$TMP/wp/profile.json" '
b = [q for q in d["peers"] if q["name"] == "Beihang University"][0]
assert (b["openalex_id"], b["ror"], b["ids_verified"]) == ("I82880672", "https://ror.org/00wk2mp56", True), b
assert d["name"] == "Karaganda Medical University" and len(d["peers"]) == 6
'
run_cmd "institutions --write-profile: check" 0 check --config "$TMP/wp"
run_cmd "institutions --write-profile: no such entry" 2 institutions --write-profile --config "$TMP/wp" "Tongji"
expect_err "institutions --write-profile: no such entry" "no entry named 'Tongji' in profile.json"
# check --online: the verified ids confirm; I4210100001 is another institution; the unknown fail
run_cmd "check --online" 1 check --online --config "$TMP/ex"
expect_err "check --online: Tongji confirmed" "'Tongji University': openalex_id I116953780 confirmed"
expect_err "check --online: Beihang's ror confirmed" "'Beihang University': ror https://ror.org/00wk2mp56 confirmed"
expect_err "check --online: KMU confirmed" "'Karaganda Medical University': openalex_id I4210102424 confirmed"
expect_err "check --online: a wrong id" "'L. N. Gumilyov Eurasian National University': openalex_id I4210100001 is 'Some Other Institute"
expect_err "check --online: an id OpenAlex does not know" "'Narxoz University': openalex_id I4210100002 could not be confirmed: "
expect_err "check --online: the count" "ids not confirmed online"
unset INTLKPI_OPENALEX_API INTLKPI_ROR_API OPENALEX_API_KEY

e2e_summary live
