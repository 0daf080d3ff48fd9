#!/bin/sh
# Checks every #include "..." under src/ against src/LAYERS: a file in
# src/F may include its own folder and the folders listed for F, always
# spelled FOLDER/NAME.h. Prints each offending FILE:LINE and exits 1.
# Also fails when the allowed edges make a circle, or when modules (a
# .c/.h pair, src/F/NAME) include each other in a circle (tsort).
set -u
cd "$(dirname "$0")/.."
layers=src/LAYERS
st=0
edges=$(awk -F: '!/^#/ && NF >= 2 { n = split($2, d, " "); for (i = 1; i <= n; i++) print $1, d[i]; print $1, $1 }' "$layers")
if ! echo "$edges" | tsort >/dev/null 2>/tmp/check-layers.$$; then
	echo "check-layers: $layers: the allowed includes make a circle:" >&2
	cat /tmp/check-layers.$$ >&2
	st=1
fi
rm -f /tmp/check-layers.$$
for d in src/*/; do
	f=$(basename "$d")
	grep -q "^$f:" "$layers" || { echo "check-layers: src/$f/ is not listed in $layers" >&2; st=1; }
done
out=$(for file in src/*/*.[ch]; do
	from=$(basename "$(dirname "$file")")
	allowed=" $from $(sed -n "s/^$from:\(.*\)/\1/p" "$layers") "
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" | while IFS= read -r l; do
		line=${l%%:*}
		inc=$(echo "$l" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
		case $inc in
		*/*) to=${inc%%/*} ;;
		*) echo "$file:$line: #include \"$inc\" names no folder (write FOLDER/$inc)"; continue ;;
		esac
		case $allowed in
		*" $to "*) ;;
		*) echo "$file:$line: #include \"$inc\": $from/ may not include $to/ (src/LAYERS)" ;;
		esac
	done
done)
modules=$(for file in src/*/*.[ch]; do
	m=${file%.*}
	m=${m#src/}
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$file" |
		while read -r d; do [ "$d" = "$m" ] || echo "$m $d"; done
done | sort -u)
if ! echo "$modules" | tsort >/dev/null 2>/tmp/check-layers.$$; then
	echo "check-layers: modules include each other in a circle:" >&2
	sed -n 's/^tsort: //p' /tmp/check-layers.$$ | grep -v 'input contains a loop' >&2
	st=1
fi
rm -f /tmp/check-layers.$$
if [ -n "$out" ]; then
	echo "$out" >&2
	st=1
fi
[ $st -eq 0 ] && echo "check-layers: $(ls src/*/*.[ch] | wc -l) files follow src/LAYERS"
exit $st
