#!/bin/sh
# Fills DIR with the seed corpus of fuzzer NAME, taken from the fixtures:
#   sh tests/fuzz/seeds.sh NAME DIR
# Seeds are copied, never committed twice; regressions come along too.
set -eu
name=$1 dir=$2
mkdir -p "$dir"
add() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; done; return 0; }
case $name in
csv)
	add tests/fixtures/csv/* tests/fixtures/small/data/* indicators/data/*.csv ;;
formula)
	# one seed per formula of the golden file and of the KPIs
	i=0
	grep -v '^#' tests/formula/cases.txt | cut -f1 | while IFS= read -r line; do
		i=$((i + 1)); printf '%s' "$line" >"$dir/case$i"
	done
	for f in indicators/kpi/*.json tests/fixtures/small/kpi/*.json; do
		python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["formula"])' "$f" \
			>"$dir/$(basename "$f" .json).formula"
	done ;;
config)
	add indicators/kpi/*.json tests/fixtures/small/kpi/*.json ;;
*)
	# a harness added later brings its own seeds under tests/fuzz/seeds/NAME
	[ -d "tests/fuzz/seeds/$name" ] && add tests/fuzz/seeds/"$name"/* ;;
esac
[ -d "tests/fuzz/regressions/$name" ] && add tests/fuzz/regressions/"$name"/*
exit 0
