# Sourced by e2e scripts after tests/e2e/lib.sh: starts tests/server/server.py
# on a copy of tests/server/files (and the example's snapshots) in $TMP/www,
# and sets PORT, BASE, LOG (one line per request) and SRV (its pid, killed
# on exit); requests and web_fixture below. Also: a short retry backoff and
# no proxy for 127.0.0.1.
export INTLKPI_RETRY_BASE_MS=20 INTLKPI_RETRY_BUDGET_MS=4000
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

LOG=$TMP/server.log
: >"$LOG"
mkdir "$TMP/www"
cp tests/server/files/* "$TMP/www/"
[ -d indicators/snapshots ] && cp -r indicators/snapshots/* "$TMP/www/"
# the server answers the example's group_by queries (tests/server/oa_groups.py)
[ -d indicators/snapshots ] && python3 tests/server/oa_groups.py indicators "$TMP/www"
python3 tests/server/server.py "$TMP/www" "$TMP/port" "$LOG" &
SRV=$!
trap 'kill $SRV 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$TMP/port")
BASE=http://127.0.0.1:$PORT

requests() { wc -l <"$LOG" | tr -d ' '; }

# web_fixture [DIR]: a fresh copy of tests/fixtures/web in DIR ($TMP/cfg),
# its sources' URLs (http://127.0.0.1:1/, where nothing listens) on this server
WFIX=$(pwd)/tests/fixtures/web
web_fixture() {
	rm -rf "${1:-$TMP/cfg}"
	cp -r "$WFIX" "${1:-$TMP/cfg}"
	sed -i "s#http://127.0.0.1:1/#$BASE/#" "${1:-$TMP/cfg}"/sources/*.json
}
