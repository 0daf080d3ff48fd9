#!/bin/sh
# intlkpi init: the configuration it writes passes check and run --offline
# as written, with a sane result; it refuses to overwrite a non-empty DIR.
. tests/e2e/lib.sh

run_cmd "init a new directory" 0 init "$TMP/new/uni"
for f in profile.json areas.json sources/students.json data/students.csv \
	sources/national-ranking.json data/national-ranking.json kpi/intl_student_share.json kpi/intl_effective_countries.json kpi/intl_top_country_share.json; do
	[ -s "$TMP/new/uni/$f" ] && ok || bad "init writes $f"
done
grep -l 'docs/configuration.md' "$TMP/new/uni"/*.json "$TMP/new/uni"/sources/*.json "$TMP/new/uni"/kpi/*.json |
	wc -l | grep -q '^ *7$' && ok || bad "every JSON file points at docs/configuration.md"
run_cmd "check the written configuration" 0 check --config "$TMP/new/uni"
run_cmd "run it offline as written" 0 run --offline --config "$TMP/new/uni" --output "$TMP/new/out"
# 2024: 600 of 8000 = 7.5%; 2025: 690 / 8200; 2026: 760 / 8300
pycheck "init: three KPIs in two areas, each judged" "$TMP/new/out/kpis.json" '
assert [a["id"] for a in d["areas"]] == ["recruitment", "diversity"]
ks = {k["id"]: k for k in d["kpis"]}
assert set(ks) == {"intl_student_share", "intl_effective_countries", "intl_top_country_share"}
assert near(ks["intl_student_share"]["series"][0]["value"], 7.5)
assert ks["intl_top_country_share"]["direction"] == "decrease"
# 420 / 600 = 70% in 2024
assert near(ks["intl_top_country_share"]["series"][0]["value"], 70)
for k in ks.values():
    assert k["status"] in ("on_track", "at_risk", "off_track") and k["reason"], k["id"]
'
[ -s "$TMP/new/out/report.html" ] && ok || bad "init: the report is written"
# init's numbers are made up: until its notes are replaced the report says so on its first screen
grep -q 'id="illustrative"' "$TMP/new/out/report.html" && ok || bad "init: the report of its sample data has the illustrative-data notice"
pycheck "init: the ranking's positions, by name and alias" "$TMP/new/out/observations.json" '
r = [(o["year"], o["value"]) for o in d["observations"] if o["metric"] == "national_rank"]
assert r == [(2024, 5), (2025, 4), (2026, 4)], r
'

# the expect blocks init writes refuse a ranking x100 and an enrolment typo,
# keeping the last good copy (exit 1), until --accept
cp "$TMP/new/uni/data/national-ranking.json" "$TMP/nr.json"
sed -i 's/"position": 4,/"position": 400,/' "$TMP/new/uni/data/national-ranking.json"
run_cmd "init: a ranking x100 is refused" 1 run --offline --config "$TMP/new/uni" --output "$TMP/new/out"
expect_err "init: x100 named" "national_rank 2025: 400 is outside expect.range [1, 200]"
pycheck "init: the last good positions kept" "$TMP/new/out/observations.json" '
r = [(o["year"], o["value"]) for o in d["observations"] if o["metric"] == "national_rank"]
assert r == [(2024, 5), (2025, 4), (2026, 4)], r
'
cp "$TMP/nr.json" "$TMP/new/uni/data/national-ranking.json"
sed -i 's/^2025,all,,8200$/2025,all,,82000/' "$TMP/new/uni/data/students.csv"
run_cmd "init: an enrolment typo is refused" 1 run --offline --config "$TMP/new/uni" --output "$TMP/new/out"
expect_err "init: the typo named" "enrolment 2025: 8200 -> 82000 is a change of 900%, more than expect.max_change 0.5"
run_cmd "init: --accept takes it" 0 run --offline --accept students --config "$TMP/new/uni" --output "$TMP/new/out"

# an existing empty directory is fine; a non-empty one is refused, untouched
mkdir -p "$TMP/empty"
run_cmd "init an empty directory" 0 init "$TMP/empty"
mkdir -p "$TMP/full" && echo keep >"$TMP/full/mine.txt"
run_cmd "init refuses a non-empty directory" 2 init "$TMP/full"
expect_err "init: says why" "is not empty"
[ "$(ls "$TMP/full")" = "mine.txt" ] && [ "$(cat "$TMP/full/mine.txt")" = keep ] && ok || bad "init leaves a non-empty directory alone"
run_cmd "init again over its own output" 2 init "$TMP/new/uni"
run_cmd "init without a directory" 2 init
run_cmd "init --help" 0 init --help
grep -q '^usage: intlkpi init' "$TMP/err" "$TMP/out" && ok || bad "init --help prints its usage"
e2e_summary init
