# Shared helpers of the end-to-end tests; sourced by tests/e2e/*.sh.
# Each script runs the real binary ($INTLKPI) and ends with e2e_summary.
set -u
BIN=${INTLKPI:-./intlkpi}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
FIX=$(pwd)/tests/fixtures/small
TMP=$(mktemp -d "${TMPDIR:-/tmp}/intlkpi-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run_cmd NAME EXPECTED_RC ARGS...: runs the binary, keeps stdout/stderr
run_cmd() {
	name=$1 want=$2
	shift 2
	"$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok; else
		bad "$name: exit $rc, expected $want"; sed 's/^/  | /' "$TMP/err" | head -20
	fi
}

# expect_err NAME TEXT: stderr of the last command contains TEXT
expect_err() {
	if grep -qF -- "$2" "$TMP/err"; then ok; else
		bad "$1: stderr lacks '$2'"; sed 's/^/  | /' "$TMP/err" | head -20
	fi
}

# pycheck NAME FILE PYTHON: asserts in Python over the JSON document d
pycheck() {
	if python3 - "$2" "$3" <<'PY' 2>"$TMP/pyerr"
import json, math, sys
d = json.load(open(sys.argv[1]))
def near(a, b, eps=1e-9):
    return a is not None and abs(a - b) <= eps * max(1.0, abs(b))
def kpi(i):
    return next(k for k in d["kpis"] if k["id"] == i)
def pt(i, y):
    return next(p for p in kpi(i)["series"] if p["year"] == y)
exec(sys.argv[2])
PY
	then ok; else bad "$1"; sed 's/^/  | /' "$TMP/pyerr" | tail -5; fi
}

# copy_fixture: a fresh copy of the small fixture in $TMP/cfg
copy_fixture() {
	rm -rf "$TMP/cfg"
	cp -r "$FIX" "$TMP/cfg"
}

# mutate FILE PYTHON: edits $TMP/cfg/FILE with Python (its text is in s)
mutate() {
	python3 - "$TMP/cfg/$1" "$2" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
exec(sys.argv[2])
open(p, "w").write(s)
PY
}

# find_ajv: sets AJV to the JSON Schema validator, or to "" with a SKIP
# line (a failure in CI, where scripts/install-deps.sh installs it)
find_ajv() {
	AJV=$(command -v ajv || true)
	[ -n "$AJV" ] && return 0
	if [ "${CI:-}" = true ]; then
		bad "schemas: the validator 'ajv' is missing (scripts/install-deps.sh installs ajv-cli)"
	else
		echo "SKIP: schemas: 'ajv' not found (npm install -g ajv-cli@5 ajv-formats@3)"
	fi
	return 1
}

# e2e_summary NAME: the closing line, and the exit status
e2e_summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# now_ms: the wall clock in milliseconds. Timings in the tests are only
# compared with other timings of the same run (ratio_at_most), never with a
# fixed number: CI's machine may be loaded or run the sanitizer build.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ratio_at_most NAME MS BASE_MS RATIO: MS is at most RATIO times BASE_MS
# (both measured in this run; a base under 50 ms counts as 50 ms, the
# resolution of starting a process)
ratio_at_most() {
	base=$3
	[ "$base" -ge 50 ] || base=50
	if [ "$2" -le $((base * $4)) ]; then ok; else
		bad "$1: ${2} ms against ${3} ms, more than ${4}x"
	fi
}

# kill_sweep N CHECK CMD...: runs CMD once to learn how long it takes, then
# N more times, each killed with SIGKILL at a point spread across that span,
# and runs CHECK (a shell function) after each. A run that ends before its
# kill point shows the span was too long: the span shrinks to that point and
# the point is tried again (at most 3N attempts), so the kills land inside
# runs however fast or loaded the machine is. Sets $kills and $span (ms).
kill_sweep() {
	n=$1 check=$2
	shift 2
	t0=$(now_ms)
	"$@" >/dev/null 2>&1
	span=$(($(now_ms) - t0))
	kills=0 i=0 tries=0
	while [ $i -lt "$n" ] && [ $tries -lt $((3 * n)) ]; do
		tries=$((tries + 1))
		d=$((span * i / (n + n / 10)))
		"$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
		if kill -KILL $pid 2>/dev/null; then
			kills=$((kills + 1)) i=$((i + 1))
			wait $pid 2>/dev/null
		else
			wait $pid 2>/dev/null
			span=$d
		fi
		if $check 2>"$TMP/pyerr"; then ok; else
			bad "SIGKILL at ${d} ms damaged an output or the cache"; tail -3 "$TMP/pyerr"; fi
	done
}
