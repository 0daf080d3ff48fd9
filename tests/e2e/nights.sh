#!/bin/sh
# Nights of the example against the loopback server (the web of live.sh):
# a discover page answered 304 keeps its cached body's meta whole; two
# identical nights diff as "nothing changed"; the example's expect blocks
# refuse a national ranking served x100 and a QS page of the wrong
# edition (exit 1, the last good copy intact, diff says why).
. tests/e2e/lib.sh

export INTLKPI_RETRY_BASE_MS=20 INTLKPI_RETRY_BUDGET_MS=4000 QS_PAGE_SIZE=4
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY OPENALEX_API_KEY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
SNAP=$(pwd)/indicators/snapshots
LOG=$TMP/server.log
W=$TMP/www
: >"$LOG"
mkdir -p "$W"
python3 tests/server/server.py "$W" "$TMP/port" "$LOG" &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
BASE=http://127.0.0.1:$(cat "$TMP/port")

# the web as the example sees it: live.sh's builder, so that both serve the same
sed -n '/^python3 - "\$W" "\$SNAP" "\$BASE" <<.PY.$/,/^PY$/p' tests/e2e/live.sh | sed '1d;$d' >"$TMP/web.py"
[ -s "$TMP/web.py" ] && python3 "$TMP/web.py" "$W" "$SNAP" "$BASE" && ok ||
	bad "the loopback web of live.sh could not be built"
cp -r indicators "$TMP/ex"
sed -i "s#https://#$BASE/#g" "$TMP"/ex/sources/*.json
O=$TMP/o

# ---- night 1 and 2: nothing changed on the web ----
run_cmd "night 1" 0 run --config "$TMP/ex" --output "$O"
metas() { find "$O/cache" -name meta.json | sort | xargs cat; }
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
assert n == 18, n  # 8 THE pages, 10 QS pages
'
: >"$LOG"
run_cmd "night 3, revalidated again" 0 run --force --config "$TMP/ex" --output "$O"
[ "$(grep -c 'world-ranking inm="' "$LOG")" -eq 8 ] && [ "$(grep -c 'world-ranking inm=- ' "$LOG")" -eq 0 ] &&
	ok || bad "the THE pages are still asked conditionally: $(grep world-ranking "$LOG" | head -3)"
run_cmd "diff of two nights on an unchanged web" 0 diff --output "$O"
grep -q '^nothing changed (' "$TMP/out" && ok || bad "unchanged web: nothing changed: $(head -20 "$TMP/out")"

e2e_summary nights
