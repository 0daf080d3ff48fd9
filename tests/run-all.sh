#!/bin/sh
# Runs every unit test program and every end-to-end script, then prints the
# closing line "N passed, N failed" over all of them. Exit 0 only if all pass.
# Usage: sh tests/run-all.sh BUILD_DIR INTLKPI_BINARY
set -u
build=$1
export INTLKPI=$2
export BUILD=$build
pass=0
fail=0
log=$(mktemp)
times=$(mktemp)
trap 'rm -f "$log" "$times"' EXIT
# took NAME START: records how long NAME ran (printed again at the end)
took() {
	secs=$(($(date +%s) - $2))
	echo "-- $1: ${secs}s"
	echo "$secs $1" >>"$times"
}
for t in "$build"/tests/*/test_*; do
	[ -x "$t" ] || continue
	echo "== $t"
	start=$(date +%s)
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log")
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	# a crash or a failure that cmocka did not count
	[ "$rc" -eq 0 ] || [ -n "$f" ] || fail=$((fail + 1))
	took "$t" "$start"
done
for t in tests/e2e/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	echo "== $t"
	start=$(date +%s)
	sh "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(tail -1 "$log")
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	[ "$rc" -eq 0 ] || [ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
	took "$t" "$start"
done
echo "== the slowest parts of the suite (seconds)"
sort -rn "$times" | head -8
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
