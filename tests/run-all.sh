#!/bin/sh
# Runs every unit test program and every end-to-end script, then prints the
# closing line "N passed, N failed" over all of them. Exit 0 only if all pass.
# The e2e scripts run TEST_JOBS at a time (default 2, the cores CI has), the
# slowest of the last run first; a script marked "# run-all: alone" compares
# timings measured within itself, which a neighbour's load would skew, so
# those run afterwards, one at a time. Outputs are printed in name order.
# Usage: sh tests/run-all.sh BUILD_DIR INTLKPI_BINARY
set -u

# one PART: runs a unit program or an e2e script into $dir/NAME.{log,rc,secs}
one() {
	n=$(echo "$1" | tr / _)
	start=$(date +%s)
	case $1 in *.sh) sh "$1" ;; *) "$1" ;; esac >"$dir/$n.log" 2>&1
	echo $? >"$dir/$n.rc"
	echo $(($(date +%s) - start)) >"$dir/$n.secs"
}

if [ "${1:-}" = --one ]; then	# a part run by xargs below ($dir exported)
	one "$2"
	exit 0
fi
build=$1
export INTLKPI=$2
export BUILD=$build
jobs=${TEST_JOBS:-2}
pass=0
fail=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
last=$build/.e2e-times

# tally LOG RC SECS NAME: adds a part's counts (cmocka's or e2e_summary's line)
tally() {
	p=$(sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' \
		-e '$s/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$1" | tail -1)
	f=$(sed -n -e 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' \
		-e '$s/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$1" | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	# a crash or a failure that was not counted
	[ "$2" -eq 0 ] || [ "${f:-0}" -gt 0 ] || fail=$((fail + 1))
	echo "-- $4: ${3}s"
	echo "$3 $4" >>"$dir/times"
}

# report PART: prints a finished part and adds it up
report() {
	n=$(echo "$1" | tr / _)
	echo "== $1"
	cat "$dir/$n.log"
	tally "$dir/$n.log" "$(cat "$dir/$n.rc")" "$(cat "$dir/$n.secs")" "$1"
}

for t in "$build"/tests/*/test_*; do
	[ -x "$t" ] || continue
	one "$t"
	report "$t"
done

together="" alone=""
for t in tests/e2e/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	if grep -q '^# run-all: alone' "$t"; then alone="$alone $t"; else together="$together $t"; fi
done
# the slowest of the last run first, so that the last to finish is short
order=$(for t in $together; do
	s=$(awk -v t="$t" '$2 == t { print $1 }' "$last" 2>/dev/null)
	echo "${s:-0} $t"
done | sort -rn | cut -d' ' -f2)
export dir
# shellcheck disable=SC2086
printf '%s\n' $order | xargs -P "$jobs" -I{} sh "$0" --one {}
for t in $together; do report "$t"; done
for t in $alone; do
	one "$t"
	report "$t"
done
grep ' tests/e2e/' "$dir/times" >"$last" 2>/dev/null || true

echo "== the slowest parts of the suite (seconds)"
sort -rn "$dir/times" | head -8
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
