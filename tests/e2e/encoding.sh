#!/bin/sh
# One policy for bytes that are not UTF-8: U+FFFD in observations.csv and
# observations.json alike, and one warning naming the file and the line
# where they were first seen.
. tests/e2e/lib.sh

copy_fixture
# a Latin-1 "ô" (0xf4) in two keys of the students file
python3 - "$TMP/cfg/data/students.csv" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, "rb").read().split(b"\n")
first = None
for i, l in enumerate(lines):
    if l.startswith(b"20") and first is None:
        first = i
        f = l.split(b",")
        f[1] = b"C\xf4te"
        lines[i] = b",".join(f)
    elif l.startswith(b"20") and i == first + 2:
        f = l.split(b",")
        f[1] = b"C\xf4te2"
        lines[i] = b",".join(f)
open(p, "wb").write(b"\n".join(lines))
print(first + 1, file=open(p + ".line", "w"))
PY
line=$(cat "$TMP/cfg/data/students.csv.line")
rm "$TMP/cfg/data/students.csv.line"
run_cmd "a run over bytes that are not UTF-8" 0 compute --config "$TMP/cfg" --output "$TMP/o"
expect_err "one warning, file and line" "data/students.csv:$line: text that is not UTF-8"
[ "$(grep -c 'not UTF-8' "$TMP/err")" -eq 1 ] && ok || bad "exactly one warning: $(grep -c 'not UTF-8' "$TMP/err")"
python3 - "$TMP/o" <<'PY' && ok || bad "observations.csv and observations.json agree, with U+FFFD"
import csv, json, os, sys
out = sys.argv[1]
j = json.load(open(os.path.join(out, "observations.json")))
jk = sorted(o["key"] for o in j["observations"] if o["key"] and o["key"].startswith("C"))
raw = open(os.path.join(out, "observations.csv"), "rb").read()
raw.decode("utf-8")  # the CSV is valid UTF-8
rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
ck = sorted(r["key"] for r in rows if r["key"].startswith("C"))
assert jk == ck == ["C\ufffdte", "C\ufffdte2"], (jk, ck)
PY
e2e_summary encoding
