#!/bin/sh
# run-all: alone
# Pathological input: huge or deeply nested files either work in bounded
# time and memory or fail with a clear error; growth from N to 4N stays
# roughly linear (a ratio, not a timing, so machine noise matters less).
. tests/e2e/lib.sh

# big_csv ROWS FILE: a students file with ROWS rows over 5 years and 200 keys
big_csv() {
	python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("year,country,students\n")
    for i in range(n):
        f.write("%d,K%03d,%d\n" % (2019 + i % 5, (i // 5) % 200, i % 97))
PY
}

# elapsed CMD...: the CPU time (user + system) of a command in
# milliseconds, into $ms. CPU time, not wall time: a process waiting for a
# core on a loaded machine is not charged for the wait, so the ratios below
# measure the work (a loaded run once made 4x the rows take 10x the wall time).
elapsed() {
	/usr/bin/time -f '%U %S' -o "$TMP/cpu" "$@" >/dev/null 2>"$TMP/err"
	rc=$?
	ms=$(tail -1 "$TMP/cpu" | awk '{ printf "%d", ($1 + $2) * 1000 }')
}

copy_fixture
big_csv 250000 "$TMP/cfg/data/students.csv"
elapsed "$BIN" compute --config "$TMP/cfg" --output "$TMP/o1"
small=$ms
[ "$rc" -eq 0 ] && ok || bad "250k-row CSV: exit $rc"
big_csv 1000000 "$TMP/cfg/data/students.csv"
/usr/bin/time -f '%M' -o "$TMP/rss" "$BIN" compute --config "$TMP/cfg" --output "$TMP/o2" 2>/dev/null
rc=$?
elapsed "$BIN" compute --config "$TMP/cfg" --output "$TMP/o2"
large=$ms
[ "$rc" -eq 0 ] && ok || bad "1M-row CSV: exit $rc"
echo "csv rows 250k: ${small} ms, 1M: ${large} ms, peak RSS at 1M: $(cat "$TMP/rss") KiB"
# linear growth is 4x; allow noise up to 8x (quadratic would be 16x)
ratio_at_most "1M rows against 250k: linear" "$large" "$small" 8
csv250k=$small
# 1M rows × ~20 bytes are summed into 1,000 observations: memory stays modest
[ "$(cat "$TMP/rss")" -lt 600000 ] && ok || bad "1M-row CSV used $(cat "$TMP/rss") KiB"
pycheck "1M rows summed per year and key" "$TMP/o2/observations.json" '
obs = [o for o in d["observations"] if o["metric"] == "intl_students"]
assert len(obs) == 5 * 200, len(obs)
total = sum(o["value"] for o in obs)
assert total == sum(i % 97 for i in range(1000000)), total
'

# a single 10 MB field: a clear error, quickly
copy_fixture
python3 -c '
import sys
f = open(sys.argv[1], "w")
f.write("year;enrolment;rank\n2019;\"" + "9" * 10_000_000 + "x\";1\n")' "$TMP/cfg/data/totals.csv"
elapsed "$BIN" compute --config "$TMP/cfg" --output "$TMP/o3"
[ "$rc" -eq 1 ] && ok || bad "10 MB field: exit $rc"
expect_err "10 MB field" "is not a number"
[ "$(wc -c <"$TMP/err")" -lt 2000 ] && ok || bad "10 MB field: the message should not repeat the cell whole"
# refused in about the time a 250k-row file (4 MB) is read: the field is
# scanned once, never copied or parsed again and again
echo "10 MB field refused in ${ms} ms (250k rows: ${csv250k} ms)"
ratio_at_most "10 MB field against 250k rows" "$ms" "$csv250k" 4

# JSON nested 100,000 levels deep in a configuration file
copy_fixture
python3 -c 'import sys; open(sys.argv[1], "w").write("[" * 100000 + "]" * 100000)' "$TMP/cfg/kpi/share.json"
run_cmd "JSON nested 100k deep" 2 check --config "$TMP/cfg"
expect_err "JSON nested 100k deep" "kpi/share.json:1:1001: invalid JSON near here (nested deeper than 1000 levels)"

# a formula nested 10,000 parentheses deep
copy_fixture
mutate kpi/rank.json 's = s.replace("\"formula\": \"rank\"", "\"formula\": \"" + "(" * 10000 + "rank" + ")" * 10000 + "\"")'
run_cmd "formula nested 10k deep" 2 check --config "$TMP/cfg"
expect_err "formula nested 10k deep" "nesting deeper than 256"

# ---- HTML: a big page through html-table and html-list, deep pages ----

# gumbo keeps a page as a tree of some 17 bytes a byte (46 under ASan).
# The sanitizer build is some 3x slower: it reads a 20 MB page where the
# plain build reads the 100 MB one.
case $BIN in *-san) MB=20 per=64 ;; *) MB=100 per=24 ;; esac

# big_html MB: a ranking table of about MB megabytes in data/page.html
# (rows of 5 years; row 8, of 2021, names the university), rows in $rows
big_html() {
	rows=$(python3 - "$1" "$TMP/cfg/data/page.html" <<'PY'
import sys
mb, path = float(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('<!DOCTYPE html>\n<html><head><title>Ranking</title></head><body>'
            '<div class="results">\n<table class="ranking"><thead><tr><th>Year</th>'
            '<th>Rank</th><th>Institution</th><th>Score</th></tr></thead><tbody>\n')
    n = i = 0
    while n < mb * 1000000:
        name = "Fixture University" if i == 7 else "University number %d of somewhere" % i
        row = ('<tr class="row" data-id="%d"><td class="year">%d</td><td class="rank">%d</td>'
               '<td class="name"><a href="/u/%s">%s</a> <span class="place">Town, Country %d'
               '</span></td><td class="score">%d.%d</td></tr>\n') % (
            i, 2019 + i % 5, i + 1, name.lower().replace(" ", "-"), name, i % 200, i % 100, i % 10)
        f.write(row)
        n += len(row)
        i += 1
    f.write("</tbody></table></div></body></html>\n")
print(i)
PY
)
}

# html_sources: the fixture with an html-table and an html-list source of data/page.html
html_sources() {
	copy_fixture
	cat >"$TMP/cfg/sources/page-table.json" <<'EOF'
{ "id": "page-table", "kind": "html-table", "path": "data/page.html",
  "table": "div.results table.ranking", "match": "Institution", "year": "Year",
  "metrics": [ { "name": "page_rank", "value": "Rank", "rank": "mid" } ] }
EOF
	cat >"$TMP/cfg/sources/page-list.json" <<'EOF'
{ "id": "page-list", "kind": "html-list", "path": "data/page.html",
  "items": "table.ranking tr", "year": "td:nth-of-type(1)",
  "metrics": [ { "name": "page_rows", "count": true } ] }
EOF
}

# measure SOURCE: intlkpi extract of one source; exit in $rc, CPU time (as
# elapsed) in $ms, peak RSS in $kib, observations (CSV) in $TMP/out
measure() {
	/usr/bin/time -f '%U %S %M' -o "$TMP/time" "$BIN" extract --format csv \
		"$TMP/cfg/sources/$1.json" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	ms=$(tail -1 "$TMP/time" | awk '{ printf "%d", ($1 + $2) * 1000 }')
	kib=$(tail -1 "$TMP/time" | awk '{ print $3 }')
}

html_sources
big_html $((MB / 4))
measure page-table
small=$ms quarter=$ms
[ "$rc" -eq 0 ] && ok || bad "$((MB / 4)) MB page, html-table: exit $rc"
big_html $MB
bytes=$(wc -c <"$TMP/cfg/data/page.html")
measure page-table
echo "html-table page $((MB / 4)) MB: ${small} ms, $MB MB: ${ms} ms, peak RSS ${kib} KiB"
[ "$rc" -eq 0 ] && ok || bad "$MB MB page, html-table: exit $rc"
grep -q '^page_rank,2021,,8,' "$TMP/out" && ok || bad "$MB MB page: the university's rank (8 in 2021) not found"
# linear growth is 4x; allow noise up to 8x (quadratic would be 16x)
ratio_at_most "$MB MB page against a quarter: linear" "$ms" "$small" 8
[ "$kib" -lt $((bytes / 1024 * per)) ] && ok || bad "$MB MB page used ${kib} KiB"
measure page-list
echo "html-list page $MB MB: ${ms} ms, peak RSS ${kib} KiB"
[ "$rc" -eq 0 ] && ok || bad "$MB MB page, html-list: exit $rc"
got=$(awk -F, 'NR > 1 { n += $4 } END { print n }' "$TMP/out")
[ "$got" = "$rows" ] && ok || bad "$MB MB page, html-list: counted $got rows of $rows"
[ "$kib" -lt $((bytes / 1024 * per)) ] && ok || bad "$MB MB page, html-list used ${kib} KiB"

# a table where every row names the university: the best rows of each year
# are picked in one pass (a pass per row was quadratic: 50,000 rows, 3.4 s)
match_rows() {
	python3 - "$1" "$TMP/cfg/data/page.html" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('<div class="results"><table class="ranking"><tr><th>Year<th>Rank<th>Institution\n')
    for i in range(n):
        f.write("<tr><td>%d<td>%d<td>Fixture University, Kazakhstan\n" % (1900 + i % 301, i + 1))
    f.write("</table></div>")
PY
}
match_rows 20000
measure page-table
small=$ms
match_rows 80000
measure page-table
echo "html-table, every row matching: 20k rows ${small} ms, 80k rows ${ms} ms"
expect_err "80k matching rows" "a second value for metric 'page_rank'"
ratio_at_most "80k matching rows against 20k: linear" "$ms" "$small" 8

# pages nested 100,000 deep: refused before gumbo parses them (its time
# grows with the square of the depth), quickly and in little memory
deep_html() {
	python3 - "$1" "$2" "$TMP/cfg/data/page.html" <<'PY'
import sys
open_, close, path = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, "w") as f:
    f.write('<html><body><div class="results"><table class="ranking"><tr><th>Year<th>Rank'
            '<th>Institution</table>\n' + open_ * 100000 + "x" + close * 100000 + "</div>\n")
PY
}
for shape in '<div>|</div>' '<b>|</b>' '<ul><li>|</li></ul>' '<table><tr><td>|</td></tr></table>' \
	'<span></i>|' '<div/>|'; do
	deep_html "${shape%%|*}" "${shape#*|}"
	open=${shape%%|*}
	for src in page-table page-list; do
		measure $src
		[ "$rc" -eq 1 ] && ok || bad "HTML $open nested 100k deep, $src: exit $rc"
		# the 512th start tag of line 2 (line 1 leaves a div open)
		expect_err "HTML $open nested 100k deep, $src" \
			"data/page.html:2:$((1 + ${#open} * 511)): elements nested deeper than 512; the page is not read"
		# refused before parsing: quicker than the parse of the quarter page
		ratio_at_most "HTML $open nested 100k deep, $src, against a $((MB / 4)) MB page" "$ms" "$quarter" 1
		[ "$kib" -lt 100000 ] && ok || bad "HTML $open nested 100k deep, $src: ${kib} KiB"
	done
done
echo "HTML nested 100k deep: ${ms} ms, peak RSS ${kib} KiB"

# JSON nested 100,000 levels deep in a json source (cJSON stops at 1,000)
copy_fixture
cat >"$TMP/cfg/sources/deep.json" <<'EOF'
{ "id": "deep", "kind": "json", "path": "data/deep.json", "year": "/editions/*/year",
  "metrics": [ { "name": "deep_value", "value": "/editions/*/value" } ] }
EOF
python3 -c 'import sys; open(sys.argv[1], "w").write("{\"editions\": [{\"year\": 2021, \"value\": " + "[" * 100000 + "]" * 100000 + "}]}")' "$TMP/cfg/data/deep.json"
measure deep
echo "JSON nested 100k deep: ${ms} ms, peak RSS ${kib} KiB"
[ "$rc" -eq 1 ] && ok || bad "JSON source nested 100k deep: exit $rc"
expect_err "JSON source nested 100k deep" "data/deep.json:1:1036: invalid JSON near here (nested deeper than 1000 levels)"
ratio_at_most "JSON source nested 100k deep against a $((MB / 4)) MB page" "$ms" "$quarter" 1
[ "$kib" -lt 100000 ] && ok || bad "JSON source nested 100k deep: ${kib} KiB"

e2e_summary pathological
