#!/bin/sh
# run-all: alone
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
# bad input is exit 2 (usage or input), never 3 (an output not written),
# and the message names the file and what is wrong with it
run_cmd "works on a missing file" 2 works "$TMP/none.jsonl"
expect_err "a missing file: named, with the reason" "cannot open '$TMP/none.jsonl': No such file or directory"
: >"$TMP/empty.jsonl"
run_cmd "works on an empty file" 2 works "$TMP/empty.jsonl"
expect_err "an empty file: named, said to be empty" "'$TMP/empty.jsonl': the file is empty"
printf 'just some text\nand more\n' >"$TMP/notes.txt"
run_cmd "works on a file of no known format" 2 works "$TMP/notes.txt"
expect_err "no known format: the option that sets it" "name it with --input-format"
run_cmd "an --input-format that does not exist" 2 works --input-format bibtex "$TMP/notes.txt"
# a named format is used as named: JSON Lines under a name that hides it
cp "$W/small.jsonl" "$TMP/small.data"
run_cmd "--input-format openalex-jsonl" 0 works --input-format openalex-jsonl "$TMP/small.data" -o "$TMP/named.json"
pycheck "--input-format: the same works as detected" "$TMP/named.json" '
assert d["input"]["works"] == 9 and d["input"]["malformed"] == 3, d["input"]
'
# a Scopus record cut short, a WoS tab row with a cell too few: counted as
# malformed with their line, never as works without affiliations
cat >"$TMP/scopus.csv" <<'CSV'
"Authors","Title","Year","EID","Affiliations"
"A. B.","One","2021","2-s2.0-1","Univ X, Almaty, Kazakhstan; Univ Y, Berlin, Germany"
"C. D.","Two","2021","2-s2.0-2"
"E. F.","Three","2022","2-s2.0-3","Univ X, Almaty, Kazakhstan"
CSV
run_cmd "a Scopus record cut short" 0 works --format csv "$TMP/scopus.csv" -o "$TMP/scopus.out"
expect_err "the cut record's line named" "scopus.csv':3: malformed record skipped"
grep -q '^\*,2021,1,1,' "$TMP/scopus.out" && ok || { bad "2021 counts one work, international"; cat "$TMP/scopus.out"; }
printf 'PT\tAU\tTI\tC1\tPY\tUT\n' >"$TMP/wos.txt"
printf 'J\tA, B\tOne\t[A, B] Univ X, Almaty, Kazakhstan; [C] Univ Y, Berlin, Germany.\t2020\tWOS:1\n' >>"$TMP/wos.txt"
printf 'J\tC, D\tTwo\t[C] Univ X, Almaty, Kazakhstan.\t2020\n' >>"$TMP/wos.txt"
run_cmd "a WoS tab row a cell short" 0 works --input-format wos-tab --format csv "$TMP/wos.txt" -o "$TMP/wos.out"
expect_err "the short row's line named" "wos.txt':3: malformed record skipped"
grep -q '^\*,2020,1,1,' "$TMP/wos.out" && ok || { bad "2020 counts one work, international"; cat "$TMP/wos.out"; }

# ---- exports as people have them (issue 18): every vintage read right ----
# OpenAlex CSV follows the same field-count rule as Scopus (issue 17): a
# row of 5 cells under a header of 3 is malformed, not a work
printf 'id,publication_year,authorships.countries\nW1,2020,KZ|DE\nW2,2020,KZ,extra,cells\nW3,2021,KZ\n' >"$TMP/oa.csv"
run_cmd "an OpenAlex CSV row with cells past the header" 0 works --format csv "$TMP/oa.csv"
expect_err "the long row named" "oa.csv':3: malformed record skipped"
grep -q '^\*,2020,1,1,' "$TMP/out" && ok || { bad "OpenAlex CSV: 2020 has one work"; cat "$TMP/out"; }
# the classic WoS tab layout: every row one empty cell longer than the header
printf 'PT\tAU\tC1\tPY\tUT\n' >"$TMP/classic.txt"
printf 'J\tA, B\t[A, B] Univ X, Almaty, Kazakhstan; [C] Univ Y, Berlin, Germany.\t2020\tWOS:1\t\n' >>"$TMP/classic.txt"
printf 'J\tC, D\t[C] Univ X, Almaty, Kazakhstan.\t2020\tWOS:2\t\n' >>"$TMP/classic.txt"
printf 'J\tE, F\t[E] Univ X, Almaty, Kazakhstan.\t2021\tWOS:3\tjoined\n' >>"$TMP/classic.txt"
run_cmd "the classic WoS tab layout (a trailing tab)" 0 works --format csv "$TMP/classic.txt"
grep -q '^\*,2020,2,1,' "$TMP/out" && ok || { bad "classic layout: 2020 has 2 works, 1 international"; cat "$TMP/out"; }
expect_err "a row with an extra non-empty cell is malformed" "classic.txt':4: malformed record skipped"
# the same export saved as "Tab-delimited (Win, UTF-16)": UTF-16LE, a BOM, CRLF
python3 -c 'import sys; d = open(sys.argv[1]).read().replace("\n", "\r\n"); open(sys.argv[2], "wb").write(b"\xff\xfe" + d.encode("utf-16-le"))' \
	"$TMP/classic.txt" "$TMP/classic16.txt"
run_cmd "a UTF-16 WoS tab export" 0 works --format csv "$TMP/classic16.txt"
grep -q '^\*,2020,2,1,' "$TMP/out" && ok || { bad "UTF-16: 2020 has 2 works, 1 international"; cat "$TMP/out"; }
# an OpenAlex page and an array saved pretty-printed (json.dump(indent=2), jq .)
python3 - "$TMP" <<'PY'
import json, sys
w = [{"id": "https://openalex.org/W%d" % i, "publication_year": 2020 + i % 2,
      "authorships": [{"countries": ["KZ"], "institutions": [{"id": "https://openalex.org/I1"}]},
                      {"countries": ["DE" if i % 2 else "KZ"], "institutions": []}]} for i in range(5)]
json.dump({"meta": {"count": 5}, "results": w}, open(sys.argv[1] + "/pretty.json", "w"), indent=2)
json.dump(w, open(sys.argv[1] + "/pretty_array.json", "w"), indent=2)
open(sys.argv[1] + "/stream.json", "w").write("".join(json.dumps(x, indent=2) + "\n" for x in w))
PY
for f in pretty pretty_array stream; do
	# W0, W2, W4: 2020, national; W1, W3: 2021 with DE
	run_cmd "a pretty-printed $f" 0 works --strict --format csv "$TMP/$f.json"
	grep -q '^\*,2020,3,0,' "$TMP/out" && grep -q '^\*,2021,2,2,' "$TMP/out" && ok ||
		{ bad "$f: 3 national works in 2020, 2 international in 2021"; cat "$TMP/out"; }
done
run_cmd "a pretty page split over --jobs" 0 works --jobs 2 --format csv "$TMP/pretty.json"
grep -q '^\*,2021,2,2,' "$TMP/out" && ok || bad "--jobs 2 reads the pretty page whole"
# a WoS tagged record without ER, and a file cut inside a record
cat >"$TMP/cut.txt" <<'WOS'
FN Clarivate Analytics Web of Science
VR 1.0
PT J
C1 [A] Univ X, Almaty, Kazakhstan.
PY 2020
ER

PT J
C1 [B] Univ X, Almaty, Kazakhstan.
   [C] Univ Y, Berlin, Germany.
PY 2021

PT J
C1 [C] Univ X, Almaty, Kazakhstan.
PY 2022
ER

PT J
C1 [C] Univ X, Almaty, Kazakhstan.
PY
WOS
run_cmd "a WoS record without ER and a file cut short" 0 works --format csv "$TMP/cut.txt"
expect_err "the record without ER named" "cut.txt':8: malformed record skipped"
expect_err "the cut record named" "cut.txt':18: malformed record skipped"
grep -q '^\*,2021,' "$TMP/out" && bad "the record without ER is not a work" || ok
run_cmd "--strict on a cut WoS file" 2 works --strict --format csv "$TMP/cut.txt"
expect_err "--strict says why it exits 2" "error: --strict: 2 malformed records (the first named above); nothing written"
# nothing read from a file that is not empty: exit 2 naming the first bad line
printf 'PT\tAU\tC1\tPY\tUT\nJ\tA\tcut\n' >"$TMP/allbad.txt"
run_cmd "a file of malformed records only" 2 works "$TMP/allbad.txt"
expect_err "no work read, first bad line named" "allbad.txt':2: no work read: 1 malformed record"
printf '{"meta": {"count": 0}, "results": []}\n' >"$TMP/nothing.json"
run_cmd "a page without works" 2 works "$TMP/nothing.json"
expect_err "no work read, said so" "nothing.json': no work read"
# old US addresses: a state (with or without ZIP) is the US; UK is an alias
cat >"$TMP/us.txt" <<'WOS'
PT J
C1 ST LOUIS UNIV,MED CTR,ST LOUIS,MO.
   UNIV ZURICH,ZURICH,SWITZERLAND.
PY 1990
ER
PT J
C1 UNIV CALIF IRVINE,IRVINE,CA.
   UNIV MISSISSIPPI,MED CTR,JACKSON,MS 39216.
   UNIV MISSISSIPPI,DEPT MED,JACKSON,MS 39216.
   UNIV TORONTO,TORONTO,ON.
   UNIV TORONTO,DEPT MED,TORONTO,ON.
PY 1991
ER
PT J
C1 LONDON SCH ECON, LONDON, WC2A 2AE, UK
   SCRIPPS CLIN,LA JOLLA,CA 92093.
PY 1991
ER
EF
WOS
run_cmd "old US addresses" 0 works --format csv-countries "$TMP/us.txt"
cat >"$TMP/want.csv" <<'CSV'
institution,year,country,works
*,1990,CH,1
*,1990,US,1
*,1991,US,2
*,1991,GB,1
CSV
tr -d '\r' <"$TMP/out" | cmp -s - "$TMP/want.csv" && ok || { bad "US states, UK: the countries"; cat "$TMP/out"; }
# ON (Ontario) is unknown, counted once for the one work with two such addresses
expect_err "unknown countries counted per work" "unknown country 'ON' in 1 work(s)"
# a Scopus export re-saved by Excel with ';', and a partner named in Princeton
cat >"$TMP/semi.csv" <<'CSV'
Authors;Title;Year;EID;Affiliations
A. B.;One;2021;2-s2.0-1;"Univ X, Almaty, Kazakhstan; Dept Chemistry, Princeton, NJ, United States"
C. D.;"Two; a title";2022;2-s2.0-2;"Univ X, Almaty, Kazakhstan"
;;;;
CSV
run_cmd "a Scopus export re-saved with ';'" 0 works --strict --format csv "$TMP/semi.csv"
grep -q '^\*,2021,1,1,' "$TMP/out" && grep -q '^\*,2022,1,0,' "$TMP/out" && ok ||
	{ bad "';' re-save: 2021 international, 2022 national"; cat "$TMP/out"; }
# company keywords on whole words: 'inc' is not in Princeton, but is Pfizer Inc
cat >"$TMP/inc.csv" <<'CSV'
"Authors","Title","Year","EID","Affiliations"
"A. B.","One","2021","2-s2.0-1","Univ X, Almaty, Kazakhstan; Dept Chemistry, Princeton, NJ, United States"
"C. D.","Two","2021","2-s2.0-2","Univ X, Almaty, Kazakhstan; Res Div, Pfizer Inc, New York, NY, United States"
CSV
run_cmd "partner names" 0 works --format csv-partners "$TMP/inc.csv"
grep -q ',Princeton,' "$TMP/out" && bad "'inc' matched inside Princeton" || ok
grep -q ',Pfizer Inc,US,1' "$TMP/out" && ok || { bad "Pfizer Inc is the partner"; cat "$TMP/out"; }
printf 'Authors|Title|Year|Affiliations\nA|B|2021|C\n' >"$TMP/pipe.csv"
run_cmd "a Scopus header in one column" 2 works --input-format scopus-csv "$TMP/pipe.csv"
expect_err "the separator named" "separated by ','"
expect_err "the header's file and line named" "pipe.csv':1: a Scopus CSV export needs"
# two exports joined with cat (Scopus exports at most 20,000 records, WoS
# 1,000 at a time): the second header is not a work
cat >"$TMP/joined.csv" <<'CSV'
"Authors","Title","Year","EID","Affiliations"
"A. B.","One","2021","2-s2.0-1","Univ X, Almaty, Kazakhstan; Univ Y, Berlin, Germany"
"Authors","Title","Year","EID","Affiliations"
"C. D.","Two","2022","2-s2.0-2","Univ X, Almaty, Kazakhstan"
CSV
run_cmd "two Scopus exports joined" 0 works "$TMP/joined.csv" -o "$TMP/joined.json"
pycheck "the repeated header is skipped, not a work" "$TMP/joined.json" '
assert d["input"]["works"] == 2 and d["input"]["no_year"] == 0, d["input"]
assert d["unknown_countries"] == [], d["unknown_countries"]
'
# more than ten unknown country strings: the ten in most works named, the
# others counted (the CSV outputs list none of them)
{
	printf 'FN Clarivate Analytics Web of Science\nVR 1.0\n'
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		printf 'PT J\nUT WOS:%s\nPY 2020\nC1 Univ X, Town, Atlantis %s.\nER\n' "$i" "$i"
	done
	for i in 12 13 14; do
		printf 'PT J\nUT WOS:%s\nPY 2020\nC1 Univ Y, Town, Lemuria.\nER\n' "$i"
	done
	printf 'EF\n'
} >"$TMP/unknown12.txt"
run_cmd "twelve unknown countries" 0 works --format csv "$TMP/unknown12.txt"
expect_err "the most frequent named" "unknown country 'Lemuria' in 3 work(s)"
expect_err "the others past ten counted" "2 more unknown country strings"
# a work without a year is said on stderr: the CSV outputs cannot show it
printf 'FN x\nVR 1.0\nPT J\nUT WOS:1\nC1 Univ X, Almaty, Kazakhstan.\nER\nPT J\nUT WOS:2\nPY 2020\nC1 Univ X, Almaty, Kazakhstan.\nER\nEF\n' >"$TMP/noyear.txt"
run_cmd "a WoS record without PY or EA" 0 works --format csv "$TMP/noyear.txt"
expect_err "the work without a year said" "1 work without a publication year left out"
# a bad element of a pretty-printed page is named by its line in the file
printf '{\n  "results": [\n    {"id": "W1", "publication_year": 2020},\n    42\n  ]\n}\n' >"$TMP/bad42.json"
run_cmd "a page with a number among its works" 0 works --format csv "$TMP/bad42.json"
expect_err "the element's line" "bad42.json':4: malformed record skipped"
# exports kept gzip-compressed are read as what they hold, not as JSON Lines
run_cmd "the joined Scopus export, plain" 0 works --format csv "$TMP/joined.csv" -o "$TMP/joined.plain.csv"
gzip -c "$TMP/joined.csv" >"$TMP/joined.csv.gz"
gzip -c "$TMP/unknown12.txt" >"$TMP/unknown12.txt.gz"
run_cmd "the WoS tagged file, plain" 0 works --format csv "$TMP/unknown12.txt" -o "$TMP/unknown12.plain.csv"
printf '{\n  "results": [\n    {"id": "W1", "publication_year": 2020,\n     "authorships": [{"countries": ["KZ", "DE"]}]}\n  ]\n}\n' >"$TMP/pretty.json"
gzip -c "$TMP/pretty.json" >"$TMP/pretty.json.gz"
run_cmd "the pretty page, plain" 0 works --format csv "$TMP/pretty.json" -o "$TMP/pretty.plain.csv"
for j in 1 2; do
	for f in joined.csv unknown12.txt pretty.json; do
		run_cmd "$f.gz, --jobs $j" 0 works --jobs $j --format csv "$TMP/$f.gz" -o "$TMP/$f.gz.csv"
		cmp -s "$TMP/$f.gz.csv" "$TMP/${f%.*}.plain.csv" && ok || bad "$f.gz --jobs $j: not the plain file's output"
	done
done
run_cmd "a gzip WoS file named by --input-format" 0 works --input-format wos --format csv "$TMP/unknown12.txt.gz" -o "$TMP/named.gz.csv"
cmp -s "$TMP/named.gz.csv" "$TMP/unknown12.plain.csv" && ok || bad "--input-format wos on gzip: not the plain file's output"

# ---- the small fixture (14 lines: 3 malformed, 2 blank, 9 works) ----
run_cmd "works on the fixture" 0 works "$W/small.jsonl" -o "$TMP/small.json"
expect_err "malformed line 7 named" "small.jsonl':7: malformed record skipped"
expect_err "malformed line 13 named" "small.jsonl':13: malformed record skipped"
expect_err "malformed count" "3 malformed records skipped (of 14 lines)"
expect_err "unknown country reported" "unknown country 'ZZ' in 1 work(s)"
# 2020: W1 {KZ,US}, W2 {KZ (fallback), CN (HK, Leiden)}: 2 works, both intl
# 2021: W3 {KZ}, W4 {KZ; ZZ unknown}: 2 works, none intl, W4 collab (I1, I4)
# 2022: W8 (BOM) {KZ,RU}, W9 (2022.0, escapes) {KZ,RU}, W11 {KZ,CN (MO)}
pycheck "fixture counts" "$TMP/small.json" '
assert d["schema"] == "intlkpi.works/2" and d["home"] is None
assert d["input"] == {"records": 14, "works": 9, "duplicates": 0, "blank": 2, "malformed": 3, "too_long": 0, "no_year": 1, "out_of_range": 0}, d["input"]
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
run_cmd "--strict fails on malformed lines" 2 works --strict "$W/small.jsonl" -o "$TMP/strict.json"
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
	# the bytes of the engine before the one-pass results (issue 14), by SHA-256
	# prefix: the rewrites of the engine must not change them (issue 21 changed
	# the JSON's head only: schema works/2, "home", input.records; the
	# duplicate records added input.duplicates, 0 here, and nothing else)
	for fh in json:7cb8b5e00da0f647 csv:8e95c0c76c8ace7a csv-countries:de65ec1b7f3938b7 \
		csv-partners:e209b9b703592a3b; do
		h=$("$BIN" works -q "$@" --format "${fh%%:*}" "$TMP/g.jsonl" 2>/dev/null | sha256sum | cut -c1-16)
		[ "$h" = "${fh#*:}" ] && ok || bad "--format ${fh%%:*}: bytes differ from the engine before (sha256 $h)"
	done
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

# ---- --institutions all: every institution seen, as a list of all ids would ----
if [ -s "$TMP/g.jsonl" ]; then
	python3 - "$TMP/g.jsonl" >"$TMP/allids.txt" <<'PY'
import json, sys
ids = set()
for line in open(sys.argv[1]):
    try:
        w = json.loads(line)
    except ValueError:
        continue
    for a in w.get("authorships", []):
        for i in a.get("institutions", []):
            ids.add(i["id"].rsplit("/", 1)[1])
            ids.update(x.rsplit("/", 1)[1] for x in i.get("lineage") or [])
print("\n".join(sorted(ids)))
PY
	# (every work of g.jsonl has a year; with --years a listed institution
	# without works in them is still listed, 'all' sees only counted works)
	run_cmd "works --institutions all" 0 works --institutions all "$TMP/g.jsonl" -o "$TMP/all0.json"
	run_cmd "works with the list of every id" 0 works --institutions "$TMP/allids.txt" \
		"$TMP/g.jsonl" -o "$TMP/allids.json"
	cmp -s "$TMP/all0.json" "$TMP/allids.json" && ok || bad "--institutions all is the list of every id seen"
	run_cmd "works --institutions all --years" 0 works --institutions all --years 2014-2023 "$TMP/g.jsonl" \
		-o "$TMP/all.json"
	run_cmd "all, two threads" 0 works --institutions all --years 2014-2023 --jobs 2 "$TMP/g.jsonl" -o "$TMP/all2.json"
	cmp -s "$TMP/all.json" "$TMP/all2.json" && ok || bad "--institutions all --jobs 2 gives the same bytes"
	i=0
	for f in "$TMP"/piece.*; do
		i=$((i + 1))
		"$BIN" works -q --institutions all --years 2014-2023 --partial "$TMP/a$i.partial" "$f" >/dev/null 2>&1 ||
			bad "all partial $f"
	done
	# shellcheck disable=SC2046
	run_cmd "merge partials of all" 0 merge $(ls "$TMP"/a*.partial) -o "$TMP/allm.json"
	cmp -s "$TMP/all.json" "$TMP/allm.json" && ok || bad "merged partials of all give the one-run bytes"
	sed 's/partial\t3$/partial\t2/' "$TMP/a1.partial" >"$TMP/v2.partial"
	run_cmd "merge refuses a format-2 partial" 2 merge "$TMP/v2.partial"
	expect_err "format-2 partial named" "older intlkpi (format 2"
	run_cmd "merge refuses all with a list" 2 merge "$TMP/a1.partial" "$TMP/p1.partial"
fi

# ---- Leiden indicators as CWTS computes them: the hand-checked fixture ----
# (every figure is worked out in tests/unit/works/test_leiden.c)
LR=$W/leiden_records.jsonl
CORE=$W/leiden_core_sources.csv
set -- --institutions all --institution-records "$LR" --years 2019-2023
run_cmd "leiden table" 0 works "$@" --format leiden "$W/leiden_works.jsonl"
expect_err "malformed record named" "leiden_records.jsonl':7: 1 malformed institution record skipped"
head -1 "$TMP/out" | grep -q '^institution,ror,name,from,to,publications,counting,p,p_collab,pp_collab,pp_collab_lb,pp_collab_ub,' &&
	ok || bad "leiden header: CWTS's column names"
# I1, 2020-2023: P 8; collab 6 (0.75, [0.375, 1]); int collab 4 (0.5, [0.125, 0.875]);
# industry 1 (0.125, [0, 0.375]); located 5; short distance 2 (0.25, [0, 0.5]);
# long distance 3 (0.375, [0, 0.75])
grep -q '^I1,0aaaaaa01,University A (Astana),2020,2023,every,full,8,6,0.75,0.375,1,4,0.5,0.125,0.875,1,0.125,0,0.375,5,2,0.25,0,0.5,3,0.375,0,0.75' "$TMP/out" &&
	ok || bad "leiden row of I1 2020-2023 as CWTS computes it"
# I5 has no coordinates: its works' distances are measured between the others
# (W5: I1-I3, long), or unmeasured and taken as 0 (W8: short), as CWTS does
grep -q '^I5,0aaaaaa05,Institute E (no coordinates),2020,2023,every,full,2,2,1,1,1,2,1,1,1,0,0,0,0,1,1,0.5,' "$TMP/out" &&
	ok || bad "I5: distance classes from the work's other institutions"
[ "$(grep -c '^I' "$TMP/out")" -eq 11 ] && ok || bad "one row per institution and window with works"
run_cmd "leiden json, fractional" 0 works "$@" --format leiden-json --counting fractional \
	"$W/leiden_works.jsonl" -o "$TMP/leiden.json"
pycheck "leiden json" "$TMP/leiden.json" '
assert d["schema"] == "intlkpi.leiden/2" and d["counting"] == "fractional" and d["window"] == 4
assert d["publications"] == ["every"]
r = next(r for r in d["rows"] if r["institution"] == "I1" and r["from"] == 2020)
assert near(r["p"], 57 / 12), r["p"]          # by author: W3 7/12, W4 1/3, W5 1/3, ...
assert r["ror"] == "0aaaaaa01" and r["name"] == "University A (Astana)"
assert r["collab"] == {"n": 8, "p": 6, "pp": 0.75, "interval": [0.375, 1]}, r["collab"]
assert r["long_dist_collab"]["interval"] == [0, 0.75] and r["located"] == 5
'
run_cmd "leiden, fractional by institution" 0 works "$@" --format leiden --counting fractional-institution \
	"$W/leiden_works.jsonl"
grep -q '^I1,0aaaaaa01,University A (Astana),2020,2023,every,fractional-institution,4.833333333333333,' "$TMP/out" &&
	ok || bad "fractional-institution: 29/6"
run_cmd "leiden without records" 0 works --institutions all --years 2019-2023 --format leiden-json \
	"$W/leiden_works.jsonl" -o "$TMP/leiden0.json"
pycheck "without records the record indicators are null" "$TMP/leiden0.json" '
r = next(r for r in d["rows"] if r["institution"] == "I1" and r["from"] == 2020)
assert r["industry_collab"] is None and r["short_dist_collab"] is None and r["located"] is None
assert r["collab"]["p"] == 6 and r["name"] is None
'
# --core: the core publications and CWTS's all publications, each its row
run_cmd "leiden --core" 0 works "$@" --core "$CORE" --format leiden "$W/leiden_works.jsonl"
grep -q '^I1,0aaaaaa01,University A (Astana),2020,2023,core,full,3,2,' "$TMP/out" &&
	grep -q '^I1,0aaaaaa01,University A (Astana),2020,2023,all,full,6,5,' "$TMP/out" && ok ||
	bad "core: W1, W3, W5; all: W1-W5, W9"
grep -q ',every,' "$TMP/out" && bad "--core writes core and all rows only" || ok
run_cmd "--core needs a Leiden output" 2 works "$@" --core "$CORE" "$W/leiden_works.jsonl"
run_cmd "--core of a missing file" 2 works "$@" --core "$TMP/none.csv" --format leiden "$W/leiden_works.jsonl"
run_cmd "window 2" 0 works "$@" --window 2 --format leiden "$W/leiden_works.jsonl"
grep -q '^I1,0aaaaaa01,University A (Astana),2022,2023,every,full,4,' "$TMP/out" && ok ||
	bad "--window 2: I1 2022-2023 has 4 works"
run_cmd "--years shorter than the window" 2 works --years 2022-2023 --format leiden "$W/leiden_works.jsonl"
expect_err "no window in --years" "holds no 4-year Leiden window"
# the windows are fixed by --years or the years of the works, never shortened:
# an institution's row is the same whatever else is in the run
(cat "$W/leiden_works.jsonl"
 echo '{"id":"W90","publication_year":2001,"authorships":[{"institutions":[{"id":"I90"}]}]}') >"$TMP/more.jsonl"
run_cmd "leiden of the fixture" 0 works --institutions all --format leiden "$W/leiden_works.jsonl" -o "$TMP/l_a.csv"
run_cmd "leiden with another institution's work" 0 works --institutions all --format leiden "$TMP/more.jsonl" \
	-o "$TMP/l_b.csv"
grep '^I1,.*,2020,2023,' "$TMP/l_a.csv" >"$TMP/l_a1"
grep '^I1,.*,2020,2023,' "$TMP/l_b.csv" >"$TMP/l_b1"
[ -s "$TMP/l_a1" ] && cmp -s "$TMP/l_a1" "$TMP/l_b1" && ok || bad "I1's row 2020-2023 whatever else is in the run"
grep '/W4"' "$W/leiden_works.jsonl" >"$TMP/short.jsonl"
run_cmd "works spanning fewer years than the window" 0 works --institutions all --format leiden "$TMP/short.jsonl"
[ "$(grep -c '^I' "$TMP/out")" -eq 0 ] && ok || bad "no window shorter than 4 years"
expect_err "the span named" "shorter than the 4-year Leiden window"
# a year far from the others: only windows holding a year of the institution are walked
(cat "$W/leiden_works.jsonl"
 echo '{"id":"W99","publication_year":1,"authorships":[{"institutions":[{"id":"I1"}]}]}') >"$TMP/far.jsonl"
run_cmd "leiden with a work of the year 1" 0 works --institutions all --format leiden "$TMP/far.jsonl"
grep -q '^I1,0aaaaaa01,,1,4,every,full,1,0,0,0,0,' "$TMP/out" && grep -q '^I1,0aaaaaa01,,2020,2023,every,full,8,' "$TMP/out" &&
	ok || bad "windows 1-4 and 2020-2023 of I1"
run_cmd "--type education --country KZ" 0 works "$@" --type education --country KZ --format csv \
	"$W/leiden_works.jsonl"
[ "$(cut -d, -f1 "$TMP/out" | sort -u | tr '\n' ' ')" = "I1 I4 institution " ] && ok ||
	bad "education in KZ: I1 and I4"
"$BIN" works -q "$@" --type education --country KZ --partial "$TMP/f1.partial" "$W/leiden_works.jsonl" 2>/dev/null
run_cmd "merge of filtered partials" 0 merge --format csv "$TMP/f1.partial"
[ "$(cut -d, -f1 "$TMP/out" | sort -u | tr '\n' ' ')" = "I1 I4 institution " ] && ok ||
	bad "merged filtered partial keeps I1 and I4"
grep -q '^I1,0aaaaaa01,University A (Astana),2020,' "$TMP/out" && ok || bad "merged partial keeps names and ROR ids"
run_cmd "--type needs all and records" 2 works --type education "$W/leiden_works.jsonl"
expect_err "--type explained" "--type and --country filter"
run_cmd "--country takes a code" 2 works "$@" --country Kazakhstan "$W/leiden_works.jsonl"
run_cmd "missing records file" 2 works "$@" --institution-records "$TMP/none.jsonl" "$W/leiden_works.jsonl"
run_cmd "bad --window" 2 works "$@" --window 0 "$W/leiden_works.jsonl"
run_cmd "bad --counting" 2 works "$@" --counting half "$W/leiden_works.jsonl"
# partials of the Leiden sums merge exactly, the intervals too, with --core
head -3 "$W/leiden_works.jsonl" >"$TMP/l1.jsonl"
tail -n +4 "$W/leiden_works.jsonl" >"$TMP/l2.jsonl"
"$BIN" works -q "$@" --partial "$TMP/l1.partial" "$TMP/l1.jsonl" 2>/dev/null
"$BIN" works -q "$@" --partial "$TMP/l2.partial" "$TMP/l2.jsonl" 2>/dev/null
run_cmd "merge leiden" 0 merge --format leiden-json --counting fractional "$TMP/l2.partial" "$TMP/l1.partial"
cmp -s "$TMP/out" "$TMP/leiden.json" && ok || bad "merged Leiden partials give the one-run bytes"
"$BIN" works -q "$@" --core "$CORE" --partial "$TMP/c1.partial" "$TMP/l1.jsonl" 2>/dev/null
"$BIN" works -q "$@" --core "$CORE" --partial "$TMP/c2.partial" "$TMP/l2.jsonl" 2>/dev/null
run_cmd "leiden --core, one run" 0 works "$@" --core "$CORE" --format leiden "$W/leiden_works.jsonl" -o "$TMP/core1.csv"
run_cmd "merge core partials" 0 merge --format leiden "$TMP/c1.partial" "$TMP/c2.partial" -o "$TMP/core2.csv"
cmp -s "$TMP/core1.csv" "$TMP/core2.csv" && ok || bad "merged --core partials give the one-run bytes"
run_cmd "merge refuses partials with and without --core" 2 merge "$TMP/c1.partial" "$TMP/l2.partial"
expect_err "core named" "--core"
"$BIN" works -q --institutions all --years 2019-2023 --partial "$TMP/l0.partial" "$TMP/l2.jsonl" 2>/dev/null
run_cmd "merge refuses partials with and without records" 2 merge "$TMP/l1.partial" "$TMP/l0.partial"
expect_err "records named" "--institution-records"

# ---- for joining: names and ROR ids with records, --home, lists that match nothing ----
run_cmd "json with records" 0 works --institutions all --institution-records "$LR" "$W/leiden_works.jsonl" \
	-o "$TMP/names.json"
pycheck "names and ROR ids in the JSON" "$TMP/names.json" '
i = next(i for i in d["institutions"] if i["id"] == "I1")
assert i["ror"] == "0aaaaaa01" and i["name"] == "University A (Astana)", i
'
run_cmd "csv-countries with records" 0 works --institutions all --institution-records "$LR" \
	--format csv-countries "$W/leiden_works.jsonl"
head -1 "$TMP/out" | grep -q '^institution,ror,name,year,country,works' && ok || bad "csv header with ror and name"
grep -q '^I1,0aaaaaa01,University A (Astana),2022,US,' "$TMP/out" && ok || bad "csv rows with ror and name"
run_cmd "--home KZ" 0 works --home KZ --format csv-countries "$W/small.jsonl"
grep -q '^\*,2022,KZ,' "$TMP/out" && bad "--home KZ: KZ is no partner of an export" || ok
grep -q '^\*,2022,RU,2' "$TMP/out" && ok || bad "--home KZ: RU still a partner"
run_cmd "--home takes a code" 2 works --home Kazakhstan "$W/small.jsonl"
printf 'I999\nhttps://ror.org/0zzzzzz99\n' >"$TMP/nomatch.txt"
run_cmd "a list that matches nothing" 1 works --institutions "$TMP/nomatch.txt" "$W/small.jsonl" -o "$TMP/nomatch.json"
expect_err "said, with the list" "no institution of '$TMP/nomatch.txt' has a work"
[ -s "$TMP/nomatch.json" ] && ok || bad "the output is still written"

# ---- 100,000 institutions in one pass: linear, not quadratic ----
# The same 300,000 works over 1,000 and over 100,000 institutions, timed in
# this run: the result has about 60 times the rows, so a linear engine takes
# a few times as long (2.8x measured, plain and under ASan alike) while the
# old quadratic result builder took hours for what takes a second at 1,000.
# A ratio of the two, not a wall time, so a loaded or sanitized build passes.
many() { # many N: csv and leiden of N institutions; wall time in $ms
	python3 scripts/bench/gen_many.py --institutions "$1" --works 300000 "$TMP/many.jsonl" >"$TMP/many.n"
	t0=$(now_ms)
	run_cmd "$1 institutions" 0 works --institutions all --format csv "$TMP/many.jsonl" -o "$TMP/many.csv"
	run_cmd "$1 institutions, leiden" 0 works --institutions all --format leiden "$TMP/many.jsonl" \
		-o "$TMP/many.leiden"
	ms=$(($(now_ms) - t0))
	[ "$(tail -n +2 "$TMP/many.csv" | cut -d, -f1 | sort -u | wc -l)" -eq "$(cat "$TMP/many.n")" ] && ok ||
		bad "$1 institutions: every institution of the file has its rows"
	awk -F, 'NR > 1 { w += $3 } END { exit !(w > 300000) }' "$TMP/many.csv" && ok || bad "$1 institutions: full counting sums"
	rm -f "$TMP/many.jsonl"
}
many 1000
small=$ms
many 100000
echo "300,000 works: csv and leiden over 1,000 institutions ${small} ms, over 100,000 ${ms} ms"
ratio_at_most "100,000 institutions against 1,000 (the quadratic engine took hours)" "$ms" "$small" 20

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

	# ---- duplicate records: counted once, by UT / EID / OpenAlex id ----
	# a Scopus export joined to itself (the same 8 records twice): 5 + 3, not 10 + 6
	cat "$RD/scopus_sample.csv" "$RD/scopus_sample.csv" >"$TMP/scopus2.csv"
	run_cmd "a Scopus export joined to itself" 0 works --format csv "$TMP/scopus2.csv"
	grep -q '^\*,2025,5,0,' "$TMP/out" && grep -q '^\*,2026,3,0,' "$TMP/out" && ok ||
		bad "scopus twice: still 5 + 3 works"
	expect_err "the first duplicate named with the record it repeats" \
		"scopus2.csv':11: the record 2-s2.0-105030721984 was read before ('$TMP/scopus2.csv':2); 8 duplicate records counted once"
	# two WoS exports whose ranges overlap by one record (records 1-4 and 4-8),
	# on two threads, and the same export again gzip-compressed: 8 works
	sed -n '1,364p;689p' "$RD/wos_sample.txt" >"$TMP/wos_a.txt"
	sed -n '1,2p;297,689p' "$RD/wos_sample.txt" >"$TMP/wos_b.txt"
	gzip -c "$RD/wos_sample.txt" >"$TMP/wos_all.txt.gz"
	run_cmd "overlapping WoS exports, --jobs 2" 0 works --jobs 2 "$TMP/wos_a.txt" "$TMP/wos_b.txt" \
		-o "$TMP/dups.json"
	pycheck "overlapping WoS exports: 8 works, 1 duplicate" "$TMP/dups.json" '
assert d["input"]["works"] == 9 and d["input"]["duplicates"] == 1, d["input"]
y = {r["year"]: r for r in d["institutions"][0]["years"]}
assert sum(r["works"] for r in y.values()) == 8 and y[2025]["works_intl"] == 1, y
'
	expect_err "the overlap named" \
		"wos_b.txt':3: the record WOS:000502717900001 was read before ('$TMP/wos_a.txt':297); 1 duplicate record counted once"
	run_cmd "the same WoS export plain and gzip, --jobs 2, --strict" 0 works --jobs 2 --strict --format csv \
		"$RD/wos_sample.txt" "$TMP/wos_all.txt.gz" "$TMP/wos_a.txt"
	awk -F, 'NR > 1 { w += $3; i += $4 } END { exit !(w == 8 && i == 1) }' "$TMP/out" && ok ||
		bad "wos plain + gzip + a part: 8 works, 1 international"
	expect_err "12 duplicates counted" "12 duplicate records counted once"
	# the first of two versions of a record counts, whatever --jobs: an
	# early-access record (2024) exported again with its issue year (2025)
	sed 's/^PY 2025$/PY 2024/' "$RD/wos_sample.txt" >"$TMP/wos_ea.txt"
	for j in 1 2 3; do
		run_cmd "two versions of a record, --jobs $j" 0 works --jobs "$j" --format csv \
			"$TMP/wos_ea.txt" "$RD/wos_sample.txt"
		grep -q '^\*,2024,3,1,' "$TMP/out" && ! grep -q '^\*,2025,' "$TMP/out" && ok ||
			bad "--jobs $j: the first file's version (2024) counted"
	done
	# OpenAlex: a page and the OpenAlex CSV saved twice; works named by number
	run_cmd "an OpenAlex page twice, CSV twice" 0 works --jobs 2 --format csv "$RD/works.json" \
		"$RD/openalex_sample.csv" "$RD/works.json" "$RD/openalex_sample.csv"
	awk -F, 'NR > 1 { w += $3 } END { exit !(w == 57) }' "$TMP/out" && ok ||
		bad "works.json and openalex_sample.csv twice: 49 + 8 works"
	expect_err "a page's work named by number" \
		"works.json': work 1: the record W"
	expect_err "57 duplicates" "57 duplicate records counted once"
else
	echo "skipped: ../shared/realdata is absent"
fi

# ---- the JSON outputs against their schemas (works.schema.json, leiden.schema.json) ----
if command -v ajv >/dev/null 2>&1; then
	for f in "$TMP/small.json" "$TMP/names.json" "$TMP/g1.json" "$TMP/dups.json"; do
		[ -s "$f" ] || continue
		ajv validate --spec=draft2020 -s schemas/works.schema.json -d "$f" >"$TMP/ajv" 2>&1 && ok ||
			{ bad "$(basename "$f") against works.schema.json"; head -5 "$TMP/ajv"; }
	done
	for f in "$TMP/leiden.json" "$TMP/leiden0.json"; do
		ajv validate --spec=draft2020 -s schemas/leiden.schema.json -d "$f" >"$TMP/ajv" 2>&1 && ok ||
			{ bad "$(basename "$f") against leiden.schema.json"; head -5 "$TMP/ajv"; }
	done
	"$BIN" works -q "$@" --core "$CORE" --format leiden-json "$W/leiden_works.jsonl" -o "$TMP/lc.json" 2>/dev/null
	ajv validate --spec=draft2020 -s schemas/leiden.schema.json -d "$TMP/lc.json" >/dev/null 2>&1 && ok ||
		bad "leiden-json with --core against leiden.schema.json"
else
	echo "skipped: ajv is not installed (apt-get install node-ajv-cli)"
fi

e2e_summary works
