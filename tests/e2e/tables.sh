#!/bin/sh
# Spreadsheets kept by hand (issue 18): a strategy office's CSV files in the
# shapes they really have (rows pasted twice, a blank in a sum, countries by
# name, academic years, numbers written for a European Excel, ',,,' rows),
# `check` in one pass, and the .xlsx workbook itself. Every fixture is
# written here; each case gives the right number or a located error.
. tests/e2e/lib.sh

# obs METRIC YEAR KEY: the value extract gives ("" when null, "none" when absent)
obs() {
	"$BIN" extract -q --format csv "$TMP/cfg/sources/$SRC.json" 2>/dev/null |
		awk -F, -v m="$1" -v y="$2" -v k="$3" 'BEGIN { v = "none" }
			$1 == m && $2 == y && $3 == k { v = $4 } END { print v }'
}

# ---- rows pasted twice ----
copy_fixture
SRC=students
printf '2022,IN,130\n2022,PK,70\n' >>"$TMP/cfg/data/students.csv"
run_cmd "rows pasted twice, summed" 0 extract "$TMP/cfg/sources/students.json"
expect_err "the repeat named with both lines" "students.csv:15: the same row as line 11"
run_cmd "check warns about rows pasted twice" 0 check --config "$TMP/cfg"
expect_err "check names both lines" "the same row as line 11"
mutate sources/students.json 's = s.replace(", \"sum\": true", "")'
run_cmd "rows pasted twice without sum" 2 check --config "$TMP/cfg"
expect_err "an error naming both lines" "students.csv:15: the same row as line 11 (every cell equal)"

# ---- the duplicate-key error names the first repeat and what sum does ----
copy_fixture
mutate sources/students.json 's = s.replace(", \"sum\": true", "")'
mutate data/students.csv 's = s.replace("2020,NP,10", "2020,IN,10").replace("2022,NP,20", "2022,IN,20")'
run_cmd "two values for one key" 2 check --config "$TMP/cfg"
expect_err "the first repeat named" "students.csv:7: a second value for metric 'intl_students', year 2020, key 'IN' (first at line 5)"
expect_err "what sum does" "\"sum\": true on the metric adds them up"

# ---- a blank cell inside a summed group ----
copy_fixture
printf '2023,IN,297\n2023,IN,\n2023,PK,5\n' >>"$TMP/cfg/data/students.csv"
run_cmd "a blank cell in a sum" 0 extract "$TMP/cfg/sources/students.json"
expect_err "the blank's line named" "students.csv:16: column 'students' is empty in a sum"
[ "$(obs intl_students 2023 IN)" = "" ] && ok || bad "IN 2023 is null, not 297 ($(obs intl_students 2023 IN))"
[ "$(obs intl_students 2023 PK)" = "5" ] && ok || bad "PK 2023 is 5"
mutate sources/students.json 's = s.replace("\"year\": \"year\",", "\"year\": \"year\", \"blank\": \"zero\",")'
[ "$(obs intl_students 2023 IN)" = "297" ] && ok || bad "with blank zero, IN 2023 is 297"
# ... and a sum over the keys is not the sum of the others: the share of
# 2022 (IN 130 + PK 70 + NP 20 = 220 of 1375, 16%) becomes null with a word
# on the formula, never 150 of 1375 without one
copy_fixture
printf '2022,PK,\n' >>"$TMP/cfg/data/students.csv"
run_cmd "a blank in a sum, computed" 0 compute --config "$TMP/cfg" --output "$TMP/blank"
expect_err "the formula says why it is null" "sum(intl_students) in year 2022 is null: a key's value is null"
pycheck "the share of 2022 is null, not 150 / 1375" "$TMP/blank/kpis.json" '
assert pt("share", 2022)["value"] is None, pt("share", 2022)
assert near(pt("share", 2021)["value"], 16)
'

# ---- countries by name and code ----
copy_fixture
printf '2023,India,3\n2023,in,4\n2023,IND,1\n2023,uk,2\n' >>"$TMP/cfg/data/students.csv"
mutate sources/students.json 's = s.replace("\"year\": \"year\",", "\"year\": \"year\", \"country_columns\": [\"country\"],")'
[ "$(obs intl_students 2023 IN)" = "8" ] && ok || bad "India, in and IND are IN: 8 ($(obs intl_students 2023 IN))"
[ "$(obs intl_students 2023 GB)" = "2" ] && ok || bad "uk is GB"
printf '2023,Indai,1\n' >>"$TMP/cfg/data/students.csv"
run_cmd "a country that is none" 2 check --config "$TMP/cfg"
expect_err "located" "students.csv:19: column 'country': 'Indai' is not a country"

# ---- academic years; a malformed year is an error, never a prefix ----
copy_fixture
SRC=totals
cat >"$TMP/cfg/data/totals.csv" <<'CSV'
year;enrolment;rank
2019/20;1 000;300
2020/21;1 200;250
CSV
run_cmd "academic years without a rule" 2 check --config "$TMP/cfg"
expect_err "the rule named" "totals.csv:2: column 'year': '2019/20' is an academic year: say \"academic_year\""
mutate sources/totals.json 's = s.replace("\"year\": 1,", "\"year\": 1, \"academic_year\": \"end\",")'
[ "$(obs enrolment 2021 '')" = "1200" ] && ok || bad "2020/21 counts in 2021 with \"end\""
printf '2020-13-45;1 300;240\n' >>"$TMP/cfg/data/totals.csv"
run_cmd "a date that does not exist" 2 check --config "$TMP/cfg"
expect_err "not taken as 2020" "totals.csv:4: column 'year': expected a year"

# ---- numbers written for a European Excel, and ',,,' rows ----
copy_fixture
mutate sources/totals.json 's = s.replace("\"decimal\": \",\",", "\"decimal\": \".\",")'
run_cmd "a decimal comma under decimal point" 2 check --config "$TMP/cfg"
expect_err "the fix named" "is not a number: a decimal comma; say \"decimal\": \",\" on the source (the file is separated by ';'"
copy_fixture
printf ';;\n;;\n' >>"$TMP/cfg/data/totals.csv"
run_cmd "empty rows at the end" 0 extract "$TMP/cfg/sources/totals.json"
expect_err "one note" "2 empty rows skipped (this is the first)"
printf '2024;1,19%%;150\n' >>"$TMP/cfg/data/totals.csv"
run_cmd "a percent sign" 2 check --config "$TMP/cfg"
expect_err "the percent sign named" "'1,19%' is not a number: a percent sign"

# ---- a file saved as Excel's "Unicode Text" (UTF-16, tab-separated) ----
copy_fixture
SRC=students
python3 -c 'import sys; d = open(sys.argv[1]).read().replace(",", "\t").replace("\n", "\r\n"); open(sys.argv[1], "wb").write(b"\xff\xfe" + d.encode("utf-16-le"))' \
	"$TMP/cfg/data/students.csv"
[ "$(obs intl_students 2021 IN)" = "120" ] && ok || bad "UTF-16: IN 2021 is 120 ($(obs intl_students 2021 IN))"

# ---- check: configuration and data errors in one pass ----
copy_fixture
mutate kpi/share.json 's = s.replace("\"baseline\": 2019", "\"baseline\": \"2019\"")'
mutate data/students.csv 's = s.replace("2021,IN,120", "2021,IN,12O")'
run_cmd "check with a KPI error and a data error" 2 check --config "$TMP/cfg"
expect_err "the configuration error" "kpi/share.json:"
expect_err "the data error, in the same pass" "students.csv:8: column 'students': '12O' is not a number"
expect_err "both counted" "2 errors in"

# ---- the .xlsx workbook, read directly ----
PY=python3
$PY -c 'import openpyxl' 2>/dev/null || PY=/usr/bin/python3
if $PY -c 'import openpyxl' 2>/dev/null; then
	copy_fixture
	SRC=wb
	$PY - "$TMP/cfg/data/office.xlsx" <<'PY'
import datetime, sys
from openpyxl import Workbook
wb = Workbook()
wb.active.title = "Notes"
wb.active["A1"] = "kept by the international office"
ws = wb.create_sheet("Data")
ws.append(["year", "country", "students", "share", "intake"])
rows = [(2021, "IN", 120, 0.055, datetime.date(2021, 9, 1)),
        (2021, "Pakistan", 60, 0.0275, datetime.date(2021, 9, 1)),
        (2022, "IN", 130.5, 0.061, datetime.date(2022, 9, 1)),
        ("2022/23", "NP", 20, 0.01, datetime.datetime(2022, 9, 1, 10, 30))]
for r in rows:
    ws.append(r)
for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
    row[0].number_format = "0.0%"          # shown 5.5%, stored 0.055
ws.append([])
ws.append([None, None, None])
wb.save(sys.argv[1])
PY
	cat >"$TMP/cfg/sources/wb.json" <<'JSON'
{
  "id": "wb",
  "kind": "xlsx",
  "path": "data/office.xlsx",
  "sheet": "Data",
  "year": "intake",
  "country_columns": ["country"],
  "metrics": [
    { "name": "wb_students", "value": "students", "key": "country", "sum": true },
    { "name": "wb_share", "value": "share", "key": "country" }
  ]
}
JSON
	run_cmd "an xlsx source" 0 extract --format csv "$TMP/cfg/sources/wb.json"
	[ "$(obs wb_students 2021 PK)" = "60" ] && ok || bad "Pakistan is PK, 60 in 2021"
	[ "$(obs wb_students 2022 IN)" = "130.5" ] && ok || bad "a number as stored: 130.5"
	[ "$(obs wb_share 2021 IN)" = "0.055" ] && ok || bad "5.5% as stored: 0.055 ($(obs wb_share 2021 IN))"
	[ "$(obs wb_students 2022 NP)" = "20" ] && ok || bad "a date-time cell is a date: 2022"
	grep -q ',data/office.xlsx,,3,' "$TMP/out" && ok || bad "provenance: row 3 of the sheet"
	run_cmd "check reads the workbook" 0 check --config "$TMP/cfg"
	# a European office: "decimal": "," is for numbers typed as text ('20,25');
	# a number stored as a number (130.5) is read as stored all the same
	$PY - "$TMP/cfg/data/office.xlsx" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
wb["Data"]["C2"] = "120,5"
wb.save(sys.argv[1])
PY
	mutate sources/wb.json 's = s.replace("\"sheet\": \"Data\",", "\"sheet\": \"Data\", \"decimal\": \",\", \"thousands\": \".\",")'
	run_cmd "an xlsx source with a decimal comma" 0 extract --format csv "$TMP/cfg/sources/wb.json"
	[ "$(obs wb_students 2021 IN)" = "120.5" ] && ok || bad "a number typed as text with a decimal comma: 120,5"
	[ "$(obs wb_students 2022 IN)" = "130.5" ] && ok || bad "a number stored as a number, whatever \"decimal\" says: 130.5 ($(obs wb_students 2022 IN))"
	[ "$(obs wb_share 2021 IN)" = "0.055" ] && ok || bad "a share stored as a number: 0.055 ($(obs wb_share 2021 IN))"
	mutate sources/wb.json 's = s.replace(" \"decimal\": \",\", \"thousands\": \".\",", "")'
	$PY -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); wb["Data"]["C2"] = 120; wb.save(sys.argv[1])' "$TMP/cfg/data/office.xlsx"
	# the year column holds an academic year as text: the same rule as CSV
	mutate sources/wb.json 's = s.replace("\"year\": \"intake\"", "\"year\": \"year\"")'
	run_cmd "an academic year in a workbook" 2 check --config "$TMP/cfg"
	expect_err "sheet and row named" "office.xlsx, sheet 'Data', row 5: column 'year': '2022/23' is an academic year"
	# a title row above the header: the row taken as the header is named, and why
	$PY -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["Data"]; ws.insert_rows(1, 2); ws["A1"] = "Students, as of December"; wb.save(sys.argv[1])' "$TMP/cfg/data/office.xlsx"
	run_cmd "a title row above the header" 2 check --config "$TMP/cfg"
	expect_err "the header row named" "office.xlsx, sheet 'Data', row 1: no column 'year' in the header ('Students, as of December'); a title above the header?"
	$PY -c 'import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); wb["Data"].delete_rows(1, 2); wb.save(sys.argv[1])' "$TMP/cfg/data/office.xlsx"
	mutate sources/wb.json 's = s.replace("\"sheet\": \"Data\"", "\"sheet\": \"Daten\"")'
	run_cmd "a sheet that is not there" 2 check --config "$TMP/cfg"
	expect_err "the sheets listed" "the workbook has no sheet 'Daten' (its sheets: 'Notes', 'Data')"
	printf 'not a workbook' >"$TMP/cfg/data/office.xlsx"
	run_cmd "a file that is not a workbook" 2 check --config "$TMP/cfg"
	expect_err "said so" "not an xlsx workbook"
else
	echo "skipped: no python3 with openpyxl (Debian: python3-openpyxl)"
fi

e2e_summary tables
