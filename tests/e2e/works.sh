#!/bin/sh
# intlkpi works and merge end to end: the command line, hand-checked counts
# of the small fixture and of the real exports, --jobs, gzip, partials and
# merge (byte for byte), malformed lines and --strict.
. tests/e2e/lib.sh
W=$(pwd)/tests/fixtures/works
RD=$(pwd)/../shared/realdata

for c in works merge; do
	run_cmd "$c --help" 0 "$c" --help
	grep -q "usage: intlkpi $c" "$TMP/out" && ok || bad "$c --help prints its usage"
done
run_cmd "works without a file" 2 works
run_cmd "works with bad --years" 2 works --years 2020-2019 "$W/small.jsonl"
run_cmd "works with bad --jobs" 2 works --jobs 0 "$W/small.jsonl"
run_cmd "merge without a partial" 2 merge
run_cmd "works on a missing file" 3 works "$TMP/none.jsonl"

# ---- the small fixture (14 lines: 3 malformed, 2 blank, 9 works) ----
run_cmd "works on the fixture" 0 works "$W/small.jsonl" -o "$TMP/small.json"
expect_err "malformed line 7 named" "small.jsonl':7: malformed line skipped"
expect_err "malformed line 13 named" "small.jsonl':13: malformed line skipped"
expect_err "malformed count" "3 malformed lines skipped (of 14)"
expect_err "unknown country reported" "unknown country 'ZZ' in 1 work(s)"
# 2020: W1 {KZ,US}, W2 {KZ (fallback), CN (HK, Leiden)}: 2 works, both intl
# 2021: W3 {KZ}, W4 {KZ; ZZ unknown}: 2 works, none intl, W4 collab (I1, I4)
# 2022: W8 (BOM) {KZ,RU}, W9 (2022.0, escapes) {KZ,RU}, W11 {KZ,CN (MO)}
pycheck "fixture counts" "$TMP/small.json" '
assert d["schema"] == "intlkpi.works/1"
assert d["input"] == {"lines": 14, "works": 9, "blank": 2, "malformed": 3, "too_long": 0, "no_year": 1, "out_of_range": 0}, d["input"]
ys = {y["year"]: y for y in d["institutions"][0]["years"]}
assert sorted(ys) == [2019, 2020, 2021, 2022]
assert (ys[2020]["works"], ys[2020]["works_intl"]) == (2, 2)
assert (ys[2021]["works"], ys[2021]["works_intl"], ys[2021]["works_collab"]) == (2, 0, 1)
assert (ys[2022]["works"], ys[2022]["works_intl"]) == (3, 3)
assert {c["country"]: c["works"] for c in ys[2022]["partner_countries"]} == {"KZ": 3, "RU": 2, "CN": 1}
assert d["unknown_countries"] == [{"value": "ZZ", "works": 1}]
'
run_cmd "--no-leiden keeps HK" 0 works --no-leiden --format csv-countries "$W/small.jsonl"
grep -q '^\*,2020,HK,1' "$TMP/out" && ok || bad "HK counted as itself with --no-leiden"
run_cmd "--strict fails on malformed lines" 3 works --strict "$W/small.jsonl" -o "$TMP/strict.json"
[ ! -e "$TMP/strict.json" ] && ok || bad "--strict writes nothing"

# ---- one institution: I1 (KZ); partner countries leave KZ out ----
printf '# KMU\nhttps://openalex.org/I1\n' >"$TMP/inst.txt"
run_cmd "works --institutions" 0 works --institutions "$TMP/inst.txt" --years 2020-2022 \
	--format csv-countries "$W/small.jsonl"
# 2020: US (W1), CN (W2); 2022: RU 2, CN 1
cat >"$TMP/want.csv" <<'CSV'
institution,year,country,works
I1,2020,CN,1
I1,2020,US,1
I1,2022,RU,2
I1,2022,CN,1
CSV
tr -d '\r' <"$TMP/out" | cmp -s - "$TMP/want.csv" && ok || bad "partner countries of I1"

# ---- a generated file: --jobs, gzip, partials and merge, byte for byte ----
if python3 scripts/bench/gen_works.py --bytes 4M --seed 3 --institutions-out "$TMP/gi.txt" \
	"$TMP/g.jsonl" 2>/dev/null; then
	printf '{"id":"W0","publication_year":2020,\n' >>"$TMP/g.jsonl"
	set -- --institutions "$TMP/gi.txt" --years 2014-2023
	run_cmd "one thread" 0 works "$@" "$TMP/g.jsonl" -o "$TMP/g1.json"
	run_cmd "two threads" 0 works "$@" --jobs 2 "$TMP/g.jsonl" -o "$TMP/g2.json"
	cmp -s "$TMP/g1.json" "$TMP/g2.json" && ok || bad "--jobs 2 gives the same bytes"
	n=$(wc -l <"$TMP/g.jsonl")
	expect_err "malformed last line numbered across the split" "g.jsonl':$n: malformed"
	run_cmd "three threads, csv" 0 works "$@" --jobs 3 --format csv-partners "$TMP/g.jsonl" -o "$TMP/g3.csv"
	run_cmd "one thread, csv" 0 works "$@" --format csv-partners "$TMP/g.jsonl" -o "$TMP/g0.csv"
	cmp -s "$TMP/g0.csv" "$TMP/g3.csv" && ok || bad "--jobs 3 csv gives the same bytes"
	gzip -c "$TMP/g.jsonl" >"$TMP/g.jsonl.gz"
	run_cmd "gzip input" 0 works "$@" "$TMP/g.jsonl.gz" -o "$TMP/gz.json"
	cmp -s "$TMP/g1.json" "$TMP/gz.json" && ok || bad "gzip gives the same bytes"
	# any split: three pieces by lines, one gzip-compressed, merged in two stages
	split -l 200 "$TMP/g.jsonl" "$TMP/piece."
	ls "$TMP"/piece.* >"$TMP/pieces"
	gzip "$(head -1 "$TMP/pieces")"
	i=0
	for f in "$TMP"/piece.*; do
		i=$((i + 1))
		"$BIN" works -q "$@" --partial "$TMP/p$i.partial" "$f" >/dev/null 2>&1 || bad "partial $f"
	done
	run_cmd "merge in stages (1)" 0 merge "$TMP/p1.partial" "$TMP/p2.partial" --partial "$TMP/p12.partial"
	rest=""
	k=2
	while [ $k -lt $i ]; do k=$((k + 1)); rest="$rest $TMP/p$k.partial"; done
	# shellcheck disable=SC2086
	run_cmd "merge in stages (2)" 0 merge "$TMP/p12.partial" $rest -o "$TMP/m.json"
	cmp -s "$TMP/g1.json" "$TMP/m.json" && ok || bad "merged partials give the one-run bytes"
	all=""
	k=0
	while [ $k -lt $i ]; do k=$((k + 1)); all="$all $TMP/p$k.partial"; done
	# shellcheck disable=SC2086
	run_cmd "merge to csv" 0 merge --format csv-partners $all
	cmp -s "$TMP/g0.csv" "$TMP/out" && ok || bad "merged csv gives the one-run bytes"
	"$BIN" works -q --years 2000-2001 --partial "$TMP/other.partial" "$TMP/g.jsonl" >/dev/null 2>&1
	run_cmd "merge refuses other options" 2 merge "$TMP/p1.partial" "$TMP/other.partial"
	# the xargs -P flow of scripts/slurm (the Slurm recipe runs the same commands)
	ls "$TMP"/piece.* >"$TMP/shards"
	INTLKPI=$BIN sh scripts/slurm/local.sh "$TMP/shards" "$TMP/flow" 2 "$@" 2>/dev/null
	cmp -s "$TMP/g1.json" "$TMP/flow/works.json" && ok || bad "xargs -P flow gives the one-run bytes"
	head -3 "$TMP/p1.partial" >"$TMP/cut.partial"
	run_cmd "merge refuses a cut partial" 2 merge "$TMP/cut.partial"
	expect_err "cut partial named" "truncated partial"
else
	echo "skipped: python3 cannot run the generator"
fi

# ---- the real exports: international works per year, counted by hand ----
if [ -d "$RD" ]; then
	# works.json: 11 works with two or more countries (2014 1, 2017 1, 2019 1,
	# 2021 4, 2022 1, 2023 1, 2024 2); 49 works, 16 in 2023
	run_cmd "real OpenAlex page" 0 works --format csv "$RD/works.json"
	awk -F, 'NR > 1 { w += $3; i += $4; if ($2 == 2023) y = $3; if ($2 == 2021) x = $4 }
		END { exit !(w == 49 && i == 11 && y == 16 && x == 4) }' "$TMP/out" && ok ||
		bad "works.json: 49 works, 11 international"
	# wos_sample.txt: 8 records, the one of 2025 international (BR, DE, GB)
	run_cmd "real WoS" 0 works --format csv "$RD/wos_sample.txt"
	grep -q '^\*,2025,1,1,' "$TMP/out" && ok || bad "wos_sample: 2025 international"
	awk -F, 'NR > 1 { w += $3; i += $4 } END { exit !(w == 8 && i == 1) }' "$TMP/out" && ok ||
		bad "wos_sample: 8 works, 1 international"
	# openalex_sample.csv: 2022 has 3 works, 1 international (MY, PK)
	run_cmd "real OpenAlex CSV" 0 works --format csv "$RD/openalex_sample.csv"
	grep -q '^\*,2022,3,1,' "$TMP/out" && ok || bad "openalex_sample: 2022"
	# scopus_sample.csv: 2025 5 works, 2026 3, none international
	run_cmd "real Scopus" 0 works --format csv "$RD/scopus_sample.csv"
	grep -q '^\*,2025,5,0,' "$TMP/out" && grep -q '^\*,2026,3,0,' "$TMP/out" && ok ||
		bad "scopus_sample: 5 + 3 national works"
	run_cmd "real old WoS (BOM)" 0 works --format csv "$RD/OnePaper.isi" "$RD/TwoPaper.isi"
	[ "$(grep -c '^\*,20[01][0-9],1,0,' "$TMP/out")" -eq 3 ] && ok || bad "One/TwoPaper: 3 national works"
else
	echo "skipped: ../shared/realdata is absent"
fi

e2e_summary works
