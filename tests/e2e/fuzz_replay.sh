#!/bin/sh
# Replays every fuzz harness over its seed corpus and its saved regressions
# (tests/fuzz/regressions/NAME): an input that once crashed must not again.
. tests/e2e/lib.sh
BUILD=${BUILD:-build}
for h in tests/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c)
	name=${name#fuzz_}
	bin=$BUILD/replay/fuzz_$name
	if [ ! -x "$bin" ]; then bad "replay binary $bin missing (make test builds it)"; continue; fi
	sh tests/fuzz/seeds.sh "$name" "$TMP/seeds-$name"
	if "$bin" "$TMP/seeds-$name" >"$TMP/out" 2>"$TMP/err"; then ok; else
		bad "fuzz_$name replay"; tail -20 "$TMP/err"; fi
	grep -q 'replayed [1-9]' "$TMP/out" && ok || bad "fuzz_$name replayed no input"
done
e2e_summary fuzz_replay
