#!/bin/sh
# Nights of the example against the loopback server (the web of live.sh):
# a night within every ttl (cached, not fetched) diffs as no change; a
# discover page answered 304 keeps its cached body's meta whole; two
# identical nights diff as "nothing changed"; the example's expect blocks
# refuse a national ranking served x100 and a QS page of the wrong
# edition (exit 1, the last good copy intact, diff says why).
. tests/e2e/lib.sh

export QS_PAGE_SIZE=4
unset OPENALEX_API_KEY
. tests/server/start.sh
SNAP=$(pwd)/indicators/snapshots
W=$TMP/www

# the web as the example sees it, as live.sh serves it (in place of
# start.sh's files)
rm -rf "${W:?}"/*
python3 tests/server/live_web.py "$W" "$SNAP" "$BASE" &&
	python3 tests/server/oa_groups.py indicators "$W" && ok ||
	bad "the loopback web of live.sh could not be built"
cp -r indicators "$TMP/ex"
sed -i "s#https://#$BASE/#g" "$TMP"/ex/sources/*.json
O=$TMP/o

# ---- night 1 and 2: nothing changed on the web ----
run_cmd "night 1" 0 run --config "$TMP/ex" --output "$O"
metas() { find "$O/cache" -name meta.json | sort | xargs cat; }
# the next night within every ttl: no page is fetched ("cached", not
# "fresh"), which is no change to report
run_cmd "night 1b, every copy within its ttl" 0 run --config "$TMP/ex" --output "$O"
grep -q '"state":"cached"' "$O/kpis.json" && ok || bad "night 1b: no source was cached"
run_cmd "diff of a fresh night and a cached one" 0 diff --output "$O"
grep -q '^nothing changed (' "$TMP/out" && ok || bad "fresh -> cached: nothing changed: $(head -8 "$TMP/out")"
run_cmd "night 2, every copy revalidated (--force: 304s)" 0 fetch --force --config "$TMP/ex" --output "$O"
grep -q 'world-ranking inm="' "$LOG" && ok || bad "the THE pages were asked conditionally"
pycheck "a 304 keeps every meta whole: sha256 and bytes of its body" "$O/kpis.json" '
import glob, hashlib, os
n = 0
for m in glob.glob("'"$O"'/cache/**/meta.json", recursive=True):
    meta = json.load(open(m))
    body = open(os.path.join(os.path.dirname(m), "body"), "rb").read()
    assert meta["sha256"] == hashlib.sha256(body).hexdigest(), (m, meta)
    assert meta["bytes"] == len(body), (m, meta)
    n += "/discover/" in m
want = 0
for f in glob.glob("'"$TMP/ex"'/sources/*.json"):
    src = json.load(open(f))
    if "discover" in src:
        want += src["years"][1] - src["years"][0] + 1
assert n == want and want >= 18, (n, want)  # THE and QS: one page per edition
'
: >"$LOG"
run_cmd "night 3, revalidated again" 0 run --force --config "$TMP/ex" --output "$O"
[ "$(grep -c 'world-ranking inm="' "$LOG")" -eq 8 ] && [ "$(grep -c 'world-ranking inm=- ' "$LOG")" -eq 0 ] &&
	ok || bad "the THE pages are still asked conditionally: $(grep world-ranking "$LOG" | head -3)"
run_cmd "diff of two nights on an unchanged web" 0 diff --output "$O"
grep -q '^nothing changed (' "$TMP/out" && ok || bad "unchanged web: nothing changed: $(head -20 "$TMP/out")"

# ---- night 4: the national ranking served x100 (rank 2 becomes 200) ----
NR=$W/iaar.agency/en/rankings/medical-universities.json
cp "$NR" "$TMP/nr.good"
python3 - "$NR" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d["editions"]:
    for r in e["ranking"]:
        if isinstance(r["position"], int):
            r["position"] *= 100
json.dump(d, open(sys.argv[1], "w"))
PY
good=$(sha256sum <"$O/cache/national-ranking/body")
cp "$O/kpis.json" "$TMP/kpis.night3"
run_cmd "night 4, a national ranking x100" 1 run --force --config "$TMP/ex" --output "$O"
expect_err "x100: the reason, the value and where" "national 2019: 400 is outside expect.range [1, 50] (at /editions/0/ranking/3/position)"
[ "$(sha256sum <"$O/cache/national-ranking/body")" = "$good" ] && ok || bad "x100: the last good copy was replaced"
pycheck "x100: stale, the KPI keeps its values" "$O/kpis.json" '
s = [s for s in d["sources"] if s["id"] == "national-ranking"]
assert len(s) == 1 and s[0]["state"] == "stale" and "expect.range" in s[0]["error"], s
old = json.load(open("'"$TMP/kpis.night3"'"))
k = [k for k in d["kpis"] if "national-ranking" in k["sources"]]
assert k and all(x["series"] == y["series"] for x in k for y in old["kpis"] if y["id"] == x["id"])
assert all(x["stale"] for x in k)
'
run_cmd "diff of night 4" 0 diff --output "$O"
grep -q '^  national-ranking: state fresh -> stale (.*expect.range' "$TMP/out" && ok ||
	bad "diff: the refused source: $(cat "$TMP/out")"
grep -q '^no KPI changed' "$TMP/out" && ok || bad "diff: no KPI moved by a refused body"
cp "$TMP/nr.good" "$NR"

# ---- night 5: the QS 2023 page links the 2021 edition's data ----
QP=$W/www.topuniversities.com/world-university-rankings/2023
sed -i 's/"nid":"3902023"/"nid":"3902021"/' "$QP"
grep -q 3902021 "$QP" && ok || bad "the QS 2023 page could not be pointed at 2021"
good=$(sha256sum <"$O/cache/qs-wur/2023/body")
run_cmd "night 5, QS 2023 of the wrong edition" 1 run --force --config "$TMP/ex" --output "$O"
expect_err "wrong edition: the change named" "more than expect.max_change 0.1"
[ "$(sha256sum <"$O/cache/qs-wur/2023/body")" = "$good" ] && ok || bad "wrong edition: the last good copy was replaced"
pycheck "wrong edition: 2023 keeps its edition" "$O/kpis.json" '
s = [s for s in d["sources"] if s["id"] == "qs-wur"]
bad = [x for x in s if x["state"] != "fresh"]
# the record names the copy whose data it holds; the error names the wrong page
assert len(bad) == 1 and "nid=3902023&" in bad[0]["url"], bad
assert "nid=3902021&" in bad[0]["error"] and "expect.max_change" in bad[0]["error"], bad
assert [p["value"] for p in kpi("qs_wur_rank")["series"]] == [1100.5, 1100.5, 1100.5, 1100.5, 1300.5]
'
sed -i 's/"nid":"3902021"/"nid":"3902023"/' "$QP"
run_cmd "night 6, the web mended" 0 run --force --config "$TMP/ex" --output "$O"
run_cmd "diff of night 6" 0 diff --output "$O"
grep -q '^  qs-wur http[^ ]*: state stale -> fresh, no longer failing$' "$TMP/out" && ok ||
	bad "diff: the mended source: $(cat "$TMP/out")"

e2e_summary nights
