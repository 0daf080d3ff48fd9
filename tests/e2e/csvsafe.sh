#!/bin/sh
# Formula-safe CSV by default: a text cell that starts like a spreadsheet
# formula (= + - @ tab CR) gets a leading quote in every CSV the program
# writes (observations.csv, show --format csv, works, merge), the way
# --csv-excel always did; numbers stay numbers (docs/analyst.md).
. tests/e2e/lib.sh

copy_fixture
mutate data/students.csv 's = s.replace("2020,IN,110", "2020,\"=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\",110").replace("2019,PK,50", "2019,@SUM(A1),50")'
run_cmd "compute with formula-like keys" 0 compute --config "$TMP/cfg" --output "$TMP/o"
pycheck "observations.csv: formula-like keys are text, numbers are numbers" "$TMP/o/kpis.json" '
import csv
rows = list(csv.DictReader(open("'"$TMP/o"'/observations.csv", newline="")))
keys = {r["key"]: r for r in rows}
assert "'"'"'=HYPERLINK(\"http://x/\",\"y\")" in keys, sorted(keys)
assert keys["'"'"'=HYPERLINK(\"http://x/\",\"y\")"]["value"] == "110"
assert "'"'"'@SUM(A1)" in keys and keys["'"'"'@SUM(A1)"]["value"] == "50"
assert not any(r["key"].startswith(("=", "@", "+", "-")) for r in rows)
raw = open("'"$TMP/o"'/observations.csv", "rb").read()
assert b"\r\n=" not in raw and b",=" not in raw and b",@" not in raw
'
# observations.json keeps the text as it was: the quote is CSV-only
pycheck "observations.json: the key unchanged" "$TMP/o/observations.json" '
assert any(o["key"] == "=HYPERLINK(\"http://x/\",\"y\")" for o in d["observations"])
'
run_cmd "show --source --format csv" 0 show --output "$TMP/o" --source students --format csv
grep -qF "'@SUM(A1)" "$TMP/out" && ok || bad "show csv: quoted key: $(head -3 "$TMP/out")"
grep -q ',@SUM\|^@SUM' "$TMP/out" && bad "show csv: a raw formula cell" || ok
run_cmd "compute --csv-excel" 0 compute --config "$TMP/cfg" --output "$TMP/x" --csv-excel
grep -q ";'@SUM(A1);" "$TMP/x/observations.csv" && ok || bad "--csv-excel: one quote, not two"
grep -q "''@" "$TMP/x/observations.csv" && bad "--csv-excel: quoted twice" || ok

# works and merge: affiliations of a Scopus export become partner keys
cat >"$TMP/scopus.csv" <<'CSV'
"Authors","Title","Year","EID","Affiliations"
"A. B.","One","2021","2-s2.0-1","Univ X, Almaty, Kazakhstan; =HYPERLINK(""http://evil/""), Berlin, Germany"
"E. F.","Two","2022","2-s2.0-3","@SUM(1), Almaty, Kazakhstan; -Univ Z, Paris, France; +Univ W, Rome, Italy"
CSV
run_cmd "works csv-partners" 0 works --format csv-partners "$TMP/scopus.csv" -o "$TMP/w.csv"
for k in "\"'=HYPERLINK(\"\"http://evil/\"\")\"" "'@SUM(1)" "'-Univ Z" "'+Univ W"; do
	grep -qF ",$k," "$TMP/w.csv" && ok || bad "works: $k quoted: $(cat "$TMP/w.csv")"
done
grep -q ',[=@+-]' "$TMP/w.csv" && bad "works: a raw formula cell: $(cat "$TMP/w.csv")" || ok
grep -q '^\*,2021,.*,DE,1' "$TMP/w.csv" && ok || bad "works: the counts stay numbers"
run_cmd "works partial" 0 works --partial "$TMP/w.partial" "$TMP/scopus.csv"
run_cmd "merge csv-partners" 0 merge --format csv-partners "$TMP/w.partial" -o "$TMP/m.csv"
cmp -s "$TMP/w.csv" "$TMP/m.csv" && ok || bad "merge writes the same safe cells as works"

e2e_summary csvsafe
