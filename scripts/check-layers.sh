#!/bin/sh
# Checks every #include "..." under src/ against src/LAYERS: a file in
# src/F may include its own folder and the folders listed for F, always
# spelled FOLDER/NAME.h. Prints each offending FILE:LINE and exits 1.
# Also fails when the allowed edges make a circle, when modules (a .c/.h
# pair, src/F/NAME) include each other in a circle (tsort), or when a
# stage that does not speak (QUIET below) logs: it returns what it noticed
# as a struct notes (util/notes.h) and its runner says it.
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
# one awk pass over every include line: FILE:LINE: what is wrong
out=$(awk -v layers="$layers" '
BEGIN {
	while ((getline l < layers) > 0) {
		if (l ~ /^#/ || l !~ /:/) continue
		f = l; sub(/:.*/, "", f)
		rest = l; sub(/^[^:]*:/, "", rest)
		ok[f, f] = 1
		n = split(rest, d, " ")
		for (i = 1; i <= n; i++) ok[f, d[i]] = 1
	}
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
	from = FILENAME; sub(/^src\//, "", from); sub(/\/.*/, "", from)
	if (inc !~ /\//) {
		printf "%s:%d: #include \"%s\" names no folder (write FOLDER/%s)\n", FILENAME, FNR, inc, inc
		next
	}
	to = inc; sub(/\/.*/, "", to)
	if (!((from, to) in ok))
		printf "%s:%d: #include \"%s\": %s/ may not include %s/ (src/LAYERS)\n", FILENAME, FNR, inc, from, to
}' src/*/*.[ch])
modules=$(awk '/^[ \t]*#[ \t]*include[ \t]*"[^"]*\.h"/ {
	m = FILENAME; sub(/^src\//, "", m); sub(/\.[ch]$/, "", m)
	d = $0; sub(/^[^"]*"/, "", d); sub(/\.h".*/, "", d)
	if (d != m) print m, d
}' src/*/*.[ch] | sort -u)
if ! echo "$modules" | tsort >/dev/null 2>/tmp/check-layers.$$; then
	echo "check-layers: modules include each other in a circle:" >&2
	sed -n 's/^tsort: //p' /tmp/check-layers.$$ | grep -v 'input contains a loop' >&2
	st=1
fi
rm -f /tmp/check-layers.$$
QUIET="lang obs config extract kpi report render"
for f in $QUIET; do
	out="$out$(grep -nE '(^|[^A-Za-z0-9_])(errorf|warnf|notef|debugf|log_set_[a-z]+)[ \t]*\(|#[ \t]*include[ \t]*"util/log\.h"' src/"$f"/*.[ch] |
		sed "s|^\([^:]*:[0-9]*\):.*|\1: $f/ does not log: a struct notes (util/notes.h) for its runner to say|")
"
done
out=$(printf '%s' "$out" | sed '/^$/d')
if [ -n "$out" ]; then
	echo "$out" >&2
	st=1
fi
[ $st -eq 0 ] && echo "check-layers: $(ls src/*/*.[ch] | wc -l) files follow src/LAYERS"
exit $st
