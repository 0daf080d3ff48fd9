#!/bin/sh
# A JSON Schema for every JSON output: diff, works (and merge), leiden-json
# and charts/index.json are validated with ajv, as kpis.json and
# observations.json are by analyst.sh; a broken document is rejected (the
# validator really validates); the validation commands of docs/analyst.md
# are run as written.
. tests/e2e/lib.sh
ROOT=$(pwd)
S=$ROOT/schemas
W=$ROOT/tests/fixtures/works
REAL=$ROOT/../shared/realdata

if ! find_ajv; then
	e2e_summary schemas
	exit
fi
# valid NAME SCHEMA FILE...: every FILE is valid (a schema stands alone)
valid() {
	name=$1 schema=$2
	shift 2
	if "$AJV" validate --spec=draft2020 --all-errors --errors=text -s "$S/$schema.schema.json" \
		$(for f in "$@"; do printf -- '-d %s ' "$f"; done) >"$TMP/ajv" 2>&1; then ok
	else bad "schema $schema: $name"; sed 's/^/  | /' "$TMP/ajv" | head -20; fi
}
# invalid NAME SCHEMA FILE: FILE is rejected
invalid() {
	if "$AJV" validate --spec=draft2020 -s "$S/$2.schema.json" -d "$3" >"$TMP/ajv" 2>&1; then
		bad "schema $2 rejects $1"
	else ok; fi
}
# broken SCHEMA FILE PYTHON...: each Python expression edits a copy of FILE (d), which must fail
broken() {
	schema=$1 file=$2
	shift 2
	i=0
	for edit in "$@"; do
		i=$((i + 1))
		python3 - "$file" "$TMP/broken.json" "$edit" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
		invalid "$schema broken $i ($edit)" "$schema" "$TMP/broken.json"
	done
}

# ---- diff: nothing changed, a change, a source failing, a KPI gone ----
copy_fixture
O=$TMP/o
run_cmd "run 1" 0 run --offline --config "$TMP/cfg" --output "$O"
run_cmd "run 2" 0 run --offline --config "$TMP/cfg" --output "$O"
"$BIN" diff --format json --output "$O" >"$TMP/diff-same.json" || bad "diff same"
sed -i 's/^2021;"1 250"/2021;"1 300"/' "$TMP/cfg/data/totals.csv"
printf '2018;900;310\r\n' >>"$TMP/cfg/data/totals.csv"
run_cmd "run 3, two cells" 0 run --offline --config "$TMP/cfg" --output "$O"
"$BIN" diff --format json --output "$O" >"$TMP/diff-cell.json" || bad "diff cell"
printf 'year;enrolment;rank\n2019;"1000;300\n' >"$TMP/cfg/data/totals.csv"
rm "$TMP/cfg/kpi/countries.json"
run_cmd "run 4, a source fails, a KPI gone" 1 run --offline --config "$TMP/cfg" --output "$O"
"$BIN" diff --format json --output "$O" >"$TMP/diff-fail.json" || bad "diff fail"
valid "diff of the fixture" diff "$TMP/diff-same.json" "$TMP/diff-cell.json" "$TMP/diff-fail.json"
pycheck "the diffs hold what they should" "$TMP/diff-fail.json" '
assert d["changed"] and any(s["state"]["new"] == "stale" for s in d["sources"]), d["sources"]
assert any(k["id"] == "countries" and k["status"]["new"] is None for k in d["kpis"])
c = json.load(open("'"$TMP/diff-cell.json"'"))
assert c["observations"] and not c["observations"][0]["moved_kpi"]
'
broken diff "$TMP/diff-cell.json" 'd["extra"] = 1' 'd["changed"] = "yes"' \
	'd["kpis"][0]["values"][0]["old"] = "16"' 'd["sources"][0]["state"]["new"] = "fine"' \
	'd["kpis"][0]["forecast"]["year"] = -2147483648'

# ---- works and merge JSON, leiden-json (their warnings are not the point) ----
exec 3>&2 2>/dev/null
"$BIN" works -q "$W/small.jsonl" -o "$TMP/works-small.json" || bad "works small"
"$BIN" works -q --years 2020-2021 --no-leiden "$W/small.jsonl" -o "$TMP/works-years.json" || bad "works --years"
"$BIN" works -q --institutions all --institution-records "$W/leiden_records.jsonl" "$W/leiden_works.jsonl" \
	-o "$TMP/works-all.json" || bad "works --institutions all"
cat >"$TMP/scopus.csv" <<'CSV'
"Authors","Title","Year","EID","Affiliations"
"A. B.","One","2021","2-s2.0-1","Univ X, Almaty, Kazakhstan; =Univ Y, Berlin, Germany"
CSV
"$BIN" works -q "$TMP/scopus.csv" -o "$TMP/works-scopus.json" || bad "works scopus"
"$BIN" works -q --partial "$TMP/a.partial" "$W/small.jsonl" && "$BIN" works -q --partial "$TMP/b.partial" "$W/leiden_works.jsonl" &&
	"$BIN" merge -q "$TMP/a.partial" "$TMP/b.partial" -o "$TMP/works-merge.json" || bad "merge"
set -- "$TMP"/works-*.json
if [ -d "$REAL" ]; then
	for f in scopus_sample.csv wos_sample.txt openalex_sample.csv works.json; do
		"$BIN" works -q "$REAL/$f" -o "$TMP/works-real-$f.json" || bad "works on the real $f"
	done
	set -- "$@" "$TMP"/works-real-*.json
else
	echo "SKIP: works JSON of the real exports (no ../shared/realdata)"
fi
valid "works and merge JSON ($# documents)" works "$@"
broken works "$TMP/works-all.json" 'd["input"]["lines"] = -1' 'd["institutions"][0]["years"][0]["share_intl"] = 2' \
	'd["institutions"][0]["extra"] = 1' 'd["schema"] = "intlkpi.works/1"' 'd["input"]["records"] = -1' \
	'd["institutions"][0]["ror"] = 5' 'del d["home"]"'
for c in full fractional; do
	"$BIN" works -q --format leiden-json --counting $c --institutions all \
		--institution-records "$W/leiden_records.jsonl" "$W/leiden_works.jsonl" -o "$TMP/leiden-$c.json" || bad "leiden $c"
done
"$BIN" works -q --format leiden-json "$W/small.jsonl" -o "$TMP/leiden-norec.json" || bad "leiden without records"
valid "leiden-json" leiden "$TMP"/leiden-*.json
pycheck "leiden-json: fractional P, records or not" "$TMP/leiden-fractional.json" '
assert d["counting"] == "fractional" and d["rows"]
n = json.load(open("'"$TMP/leiden-norec.json"'"))
assert not n["institution_records"] and all(r["industry_collab"] is None and r["name"] is None for r in n["rows"])
'
broken leiden "$TMP/leiden-full.json" 'd["rows"][0]["collab"]["pp"] = 1.5' 'd["counting"] = "half"' \
	'd["rows"][0]["collab"]["interval"] = [0]' 'd["rows"][0]["publications"] = "some"' \
	'd["schema"] = "intlkpi.leiden/1"'

exec 2>&3 3>&-

# ---- charts/index.json: drawn, and gnuplot missing ----
run_cmd "plot" 0 plot --output "$O"
cp "$O/charts/index.json" "$TMP/charts-drawn.json"
PATH=/nonexistent "$BIN" plot -q --output "$O" >/dev/null 2>&1
cp "$O/charts/index.json" "$TMP/charts-nognuplot.json"
valid "charts/index.json" charts "$TMP/charts-drawn.json" "$TMP/charts-nognuplot.json"
pycheck "charts: the undrawn index says why" "$TMP/charts-nognuplot.json" '
assert "gnuplot" in d["error"] and not any(c["drawn"] for c in d["charts"])
'
broken charts "$TMP/charts-drawn.json" 'd["charts"][0]["kind"] = "pie"' 'd["charts"][0]["drawn"] = 1'

# ---- docs/analyst.md's validation commands, as written ----
python3 - "$ROOT/docs/analyst.md" "$TMP/cmds" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"<!-- validation commands:[^\n]*-->\n```sh\n(.*?)```", text, re.S)
open(sys.argv[2], "w").write(m.group(1))
PY
[ "$(grep -c '^ajv validate\|&& ajv validate' "$TMP/cmds")" -eq 7 ] && ok || bad "docs: seven validation commands (partners.json's too)"
mkdir -p "$TMP/doc"
cp -r "$S" "$TMP/doc/schemas"
cp -r "$O" "$TMP/doc/output"
# the fixture has no partner portfolio: the example's partners.json
run_cmd "the example, for its partners.json" 0 run -q --offline --config "$ROOT/indicators" --output "$TMP/ex"
cp "$TMP/ex/partners.json" "$TMP/doc/output/"
cp "$W/small.jsonl" "$TMP/doc/works.jsonl"
n=0
while IFS= read -r cmd; do
	n=$((n + 1))
	(cd "$TMP/doc" && PATH=$(dirname "$BIN"):$PATH && eval "$cmd") >"$TMP/doc.out" 2>&1 &&
		grep -q ' valid$' "$TMP/doc.out" && ok || { bad "docs command $n: $cmd"; sed 's/^/  | /' "$TMP/doc.out" | head; }
done <"$TMP/cmds"
e2e_summary schemas
