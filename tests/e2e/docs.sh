#!/bin/sh
# The documents stand on their own: no page points outside the repository,
# every relative link of README.md and docs/*.md names a file that exists,
# README links a page per audience and stays short enough to read in two
# minutes.
. tests/e2e/lib.sh

for f in README.md docs/*.md; do
	if grep -n '\.\./shared\|\.\./\.\.' "$f" >"$TMP/out"; then
		bad "$f points outside the repository: $(head -1 "$TMP/out")"
	else ok; fi
	dir=$(dirname "$f")
	# markdown links and images: ](target) without a scheme or an anchor
	sed -n 's/[^]]*](\([^)#:]*\))/\1\n/gp' "$f" | grep -v '^$' | grep -v ' ' | sort -u >"$TMP/links"
	while read -r l; do
		[ -e "$dir/$l" ] && ok || bad "$f links '$l', which does not exist"
	done <"$TMP/links"
done
for page in docs/report.md docs/analyst.md docs/operations.md docs/configuration.md docs/works.md docs/hacking.md; do
	grep -q "($page)" README.md && ok || bad "README links $page"
done
n=$(wc -l <README.md)
[ "$n" -le 220 ] && ok || bad "README has $n lines (a two-minute read is at most ~200)"
e2e_summary docs
