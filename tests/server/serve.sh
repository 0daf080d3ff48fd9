# Sourced by the e2e scripts that run the loopback server (start.sh,
# live.sh, openalex.sh): a short retry backoff and no proxy for 127.0.0.1,
# LOG (one line per request, empty), serve and requests.
export INTLKPI_RETRY_BASE_MS=20 INTLKPI_RETRY_BUDGET_MS=4000
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
LOG=$TMP/server.log
: >"$LOG"

# serve DOCROOT [NAME=VALUE...]: starts tests/server/server.py on DOCROOT
# (with those variables in its environment) and sets SRV (its pid, killed
# on exit), PORT and BASE
serve() {
	srv_root=$1
	shift
	env "$@" python3 tests/server/server.py "$srv_root" "$TMP/port" "$LOG" &
	SRV=$!
	trap 'kill $SRV 2>/dev/null; rm -rf "$TMP"' EXIT
	i=0
	while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	PORT=$(cat "$TMP/port")
	BASE=http://127.0.0.1:$PORT
}

# requests: how many requests the server has answered
requests() { wc -l <"$LOG" | tr -d ' '; }
