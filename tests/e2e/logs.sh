#!/bin/sh
# The operator's log contract (docs/operations.md, "Logs"): syslog's level
# names; under journald (JOURNAL_STREAM names stderr's device and inode)
# every line starts with its priority; the JSON log's last record on every
# exit path (0, 1, 2, 3, 75, 130, 143) is the closing record with exit,
# duration_s, run_id and, for a command that reads sources, their counts;
# every error record of a failed source carries its class.
. tests/e2e/lib.sh
. tests/server/start.sh

# closing NAME EXIT LEVEL [sources]: every line of $TMP/err is a JSON record
# and the last is the closing record of that exit code, at that level
closing() {
	python3 - "$TMP/err" "$2" "$3" "${4:-}" <<'PY' && ok || bad "$1: the closing JSON record"
import json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
r, code, level, sources = recs[-1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "sources"
assert r["exit"] == code and r["level"] == level, r
assert isinstance(r["duration_s"], (int, float)) and 0 <= r["duration_s"] < 600, r
assert re.fullmatch(r"\d{8}T\d{6}Z-\d+", r["run_id"]), r
assert r["message"].startswith("%s finished: exit=%d" % (r["command"], code)), r
if sources:
    assert sorted(r["sources"]) == sorted(["fresh", "cached", "snapshot", "stale", "failed"]), r
    assert all(isinstance(v, int) and v >= 0 for v in r["sources"].values()), r
    assert r["message"].endswith("sources fresh=%(fresh)d cached=%(cached)d snapshot=%(snapshot)d "
                                 "stale=%(stale)d failed=%(failed)d" % r["sources"]), r
else:
    assert "sources" not in r, r
assert code not in (130, 143) or r["signal"] == ("SIGINT" if code == 130 else "SIGTERM"), r
# every failure of a source says its class
for x in recs:
    assert x["level"] in ("error", "warning", "notice", "debug"), x
    assert not (x["level"] == "error" and "source" in x) or x.get("class") in ("config", "network", "data"), x
assert sum(x.get("exit") is not None for x in recs) == 1, "one closing record"
PY
}

# ---- 0: a good run; its counts ----
run_cmd "exit 0" 0 run --offline --log-format json --config "$FIX" --output "$TMP/o"
closing "exit 0" 0 notice sources
tail -1 "$TMP/err" | grep -q '"sources":{"fresh":2,"cached":0,"snapshot":0,"stale":0,"failed":0}' && ok ||
	bad "exit 0: two fresh sources"
run_cmd "show: exit 0" 0 show --log-format json --output "$TMP/o"
closing "show: exit 0" 0 notice
# -q: a clean run ends silently
run_cmd "-q: exit 0" 0 run -q --offline --log-format json --config "$FIX" --output "$TMP/o"
[ ! -s "$TMP/err" ] && ok || bad "-q: a clean run said something: $(head -2 "$TMP/err")"

# ---- 1: web sources that cannot be fetched, from their snapshots ----
rm -rf "$TMP/w" && cp -r "$WFIX" "$TMP/w"
run_cmd "exit 1" 1 run --log-format json --config "$TMP/w" --output "$TMP/o1"
closing "exit 1" 1 warning sources
grep -q '"class":"network"' "$TMP/err" && ok || bad "exit 1: the failed fetches have class network"

# ---- 2: usage and configuration ----
run_cmd "exit 2: no configuration" 2 run --log-format json --config "$TMP/none" --output "$TMP/o"
closing "exit 2: no configuration" 2 error sources
grep -v '"exit"' "$TMP/err" | grep -q '"level":"error".*"class":"config"' && ok ||
	bad "exit 2: the configuration's errors have class config"
run_cmd "exit 2: an unknown option" 2 compute --log-format json --bogus
closing "exit 2: an unknown option" 2 error sources
expect_err "exit 2: the option named" "unknown option '--bogus'"

# ---- 3: output/cache is a file ----
mkdir -p "$TMP/o3" && : >"$TMP/o3/cache"
run_cmd "exit 3" 3 run --offline --log-format json --config "$FIX" --output "$TMP/o3"
closing "exit 3" 3 error sources
run_cmd "show: exit 3" 3 show --log-format json --output "$TMP/none"
closing "show: exit 3" 3 error

# ---- 75: another run holds the lock ----
mkdir -p "$TMP/o75"
( exec flock "$TMP/o75/.lock" sleep 3 ) &
holder=$!
sleep 0.3
run_cmd "exit 75" 75 run --offline --log-format json --config "$FIX" --output "$TMP/o75"
closing "exit 75" 75 notice sources
kill $holder 2>/dev/null
wait $holder 2>/dev/null

# ---- 130, 143: stopped while a fetch waits on the server ----
web_fixture "$TMP/d"
sed -i "s#$BASE/rank-b.json#$BASE/fault/delay/8000/rank-b.json#" "$TMP/d/sources/rank-b.json"
for sig in INT:130 TERM:143; do
	name=${sig%:*} want=${sig#*:}
	"$BIN" run --log-format json --config "$TMP/d" --output "$TMP/o$want" 2>"$TMP/err" &
	pid=$!
	sleep 0.5
	kill -"$name" $pid
	wait $pid
	rc=$?
	[ $rc -eq "$want" ] && ok || bad "SIG$name: exit $rc, expected $want"
	closing "SIG$name" "$want" warning sources
done

# ---- journald: the priority before every line ----
: >"$TMP/err"
JOURNAL_STREAM=$(stat -c '%d:%i' "$TMP/err")
export JOURNAL_STREAM
run_cmd "journal: text" 1 run -v --config "$TMP/w" --output "$TMP/j"
# every line has one; error 3, warning 4, notice 5, debug 7
grep -qv '^<[3457]>intlkpi: ' "$TMP/err" && bad "journal: a line without its priority: $(grep -v '^<[3457]>' "$TMP/err" | head -1)" || ok
grep -q '^<3>intlkpi: error: source ' "$TMP/err" && grep -q '^<4>intlkpi: warning: ' "$TMP/err" &&
	grep -q '^<7>intlkpi: debug: ' "$TMP/err" && grep -q '^<5>intlkpi: [0-9]* KPIs in ' "$TMP/err" && ok ||
	{ bad "journal: the priorities of error, warning, notice, debug"; head -5 "$TMP/err"; }
tail -1 "$TMP/err" | grep -q '^<4>intlkpi: warning: run finished: exit=1 sources ' && ok || bad "journal: the closing line at warning"
run_cmd "journal: json" 1 run --log-format json --config "$TMP/w" --output "$TMP/j"
[ "$(grep -c '^<[3457]>{' "$TMP/err")" -eq "$(wc -l <"$TMP/err")" ] && ok || bad "journal: a JSON line without its priority"
python3 - "$TMP/err" <<'PY' && ok || bad "journal: the prefix is the record's level"
import json, sys
prio = {"error": "3", "warning": "4", "notice": "5", "debug": "7"}
for l in open(sys.argv[1]):
    r = json.loads(l[3:])
    assert l[1] == prio[r["level"]], l
PY
# another stream (a terminal, a file the journal does not own): no prefix
JOURNAL_STREAM=1:1
run_cmd "not the journal" 1 run --config "$TMP/w" --output "$TMP/j"
grep -q '^<' "$TMP/err" && bad "a prefix when stderr is not the journal" || ok
unset JOURNAL_STREAM

e2e_summary logs
