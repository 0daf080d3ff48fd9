#!/bin/sh
# Outputs that a full disk cannot half-write: on a small tmpfs filled to
# the last byte, charts keep their previous files byte for byte,
# charts/index.json records the error and the exit code is 3; a run that
# cannot write its JSON keeps the previous outputs. Needs root (mount);
# skipped with a message otherwise. Also: output/cache that is not a
# directory is exit 3.
. tests/e2e/lib.sh

copy_fixture
# ---- output/cache that is not a directory ----
mkdir -p "$TMP/oc"
: >"$TMP/oc/cache"
run_cmd "output/cache is a file" 3 run --offline --config "$TMP/cfg" --output "$TMP/oc"
expect_err "output/cache is a file: says so" "oc/cache' is not a directory"

# ---- what an interrupted works --partial or merge left is removed by the next ----
W=$(pwd)/tests/fixtures/works
mkdir -p "$TMP/p"
echo junk >"$TMP/p/a.partial.tmp.Ab12Cd"
echo junk >"$TMP/p/b.json.tmp.Xy34Zw"
echo keep >"$TMP/p/a.partial.tmp.notours"
run_cmd "works --partial after an interrupted one" 0 works -q --partial "$TMP/p/a.partial" "$W/small.jsonl"
[ -e "$TMP/p/a.partial.tmp.Ab12Cd" ] && bad "works --partial: the left-over temporary file is still there" || ok
[ -e "$TMP/p/a.partial.tmp.notours" ] && ok || bad "works --partial removed a file that is not its temporary"
run_cmd "merge after an interrupted one" 0 merge "$TMP/p/a.partial" -o "$TMP/p/b.json"
[ -e "$TMP/p/b.json.tmp.Xy34Zw" ] && bad "merge: the left-over temporary file is still there" || ok

DISK=$TMP/disk
if [ "$(id -u)" -ne 0 ] || ! mkdir -p "$DISK" || ! mount -t tmpfs -o size=4m tmpfs "$DISK" 2>/dev/null; then
	echo "disk: skipping the full-disk cases (they need root to mount a small tmpfs)"
	e2e_summary disk
	exit $?
fi
trap 'umount "$DISK" 2>/dev/null; rm -rf "$TMP"' EXIT
OUT=$DISK/output
run_cmd "a good run on the small disk" 0 run --offline --config "$TMP/cfg" --output "$OUT"
ls "$OUT"/charts/*.svg >/dev/null 2>&1 && ok || bad "the good run drew charts"
rm -rf "$TMP/before"
cp -r "$OUT" "$TMP/before"
# the disk fills while the charts are drawn: 64 KiB left for them
fill() { dd if=/dev/zero of="$DISK/fill" bs=4k 2>/dev/null; sync; }
dd if=/dev/zero of="$DISK/reserve" bs=4k count=16 2>/dev/null
fill
rm "$DISK/reserve"

run_cmd "plot on a disk that fills" 3 plot --output "$OUT"
expect_err "disk fills: says so" "could not be written"
python3 - "$TMP/before/charts" "$OUT/charts" <<'PY' 2>"$TMP/pyerr" && ok || { bad "disk fills: each chart is the old one or a whole new one"; cat "$TMP/pyerr"; }
import json, os, sys
old, new = sys.argv[1], sys.argv[2]
d = json.load(open(os.path.join(new, "index.json")))
assert d["error"], "index.json: no error"
kept = 0
for c in d["charts"]:
    for ext in ("svg", "png"):
        a = open(os.path.join(old, c["name"] + "." + ext), "rb").read()
        b = open(os.path.join(new, c["name"] + "." + ext), "rb").read()
        if c["drawn"]:
            assert b.rstrip().endswith(b"</svg>") if ext == "svg" else b.endswith(b"IEND\xaeB`\x82"), c["name"]
        else:
            assert a == b, c["name"] + "." + ext + " changed"
            assert "could not be written" in c["error"] and "the chart of an earlier run is kept" in c["error"], c["error"]
            kept += 1
assert kept, "no chart met the full disk"
PY
[ -z "$(find "$OUT" -name '*.tmp.*')" ] && ok || bad "disk fills: temporary files left: $(find "$OUT" -name '*.tmp.*' | head -3)"
fill
run_cmd "run on a full disk" 3 run --offline --config "$TMP/cfg" --output "$OUT"
for f in kpis.json observations.json kpis.csv observations.csv; do
	cmp -s "$TMP/before/$f" "$OUT/$f" && ok || bad "full disk: $f changed"
done
rm -f "$DISK/fill"
run_cmd "space again: a good run" 0 run --offline --config "$TMP/cfg" --output "$OUT"
pycheck "space again: every chart drawn" "$OUT/charts/index.json" '
assert not d["error"] and all(c["drawn"] for c in d["charts"])
'
umount "$DISK"
e2e_summary disk
