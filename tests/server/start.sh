# Sourced by e2e scripts after tests/e2e/lib.sh: starts tests/server/server.py
# (tests/server/serve.sh: PORT, BASE, LOG, SRV, requests) on a copy of
# tests/server/files (and the example's snapshots) in $TMP/www; web_fixture
# below.
. tests/server/serve.sh
mkdir "$TMP/www"
cp tests/server/files/* "$TMP/www/"
[ -d indicators/snapshots ] && cp -r indicators/snapshots/* "$TMP/www/"
# the server answers the example's group_by queries (tests/server/oa_groups.py)
[ -d indicators/snapshots ] && python3 tests/server/oa_groups.py indicators "$TMP/www"
serve "$TMP/www"

# web_fixture [DIR]: a fresh copy of tests/fixtures/web in DIR ($TMP/cfg),
# its sources' URLs (http://127.0.0.1:1/, where nothing listens) on this server
WFIX=$(pwd)/tests/fixtures/web
web_fixture() {
	rm -rf "${1:-$TMP/cfg}"
	cp -r "$WFIX" "${1:-$TMP/cfg}"
	sed -i "s#http://127.0.0.1:1/#$BASE/#" "${1:-$TMP/cfg}"/sources/*.json
}
