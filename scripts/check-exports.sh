#!/bin/sh
# Exports are honest: every function a header under src/ declares is used
# outside the .c file that defines it (by another module or a test); one
# used only at home is static there. Prints each offender and exits 1.
set -u
cd "$(dirname "$0")/.."
# NAME HEADER: the functions each header declares
decls=$(grep -oE '^[a-zA-Z_][a-zA-Z0-9_ *]*[ *][a-z_][a-z0-9_]*\(' src/*/*.h |
	sed -E 's/^([^:]*):.*[ *]([a-z_][a-z0-9_]*)\($/\2 \1/' | sort -u)
# NAME FILE: where each is defined (a line starting with its type)
defs=$(grep -oE '^[a-zA-Z][a-zA-Z0-9_ *]*[ *][a-z_][a-z0-9_]*\(' src/*/*.c |
	sed -E 's/^([^:]*):.*[ *]([a-z_][a-z0-9_]*)\($/\2 \1/' | sort -u)
# FILE NAME: every identifier of every file, once per file
uses=$(grep -rowE '[a-z_][a-z0-9_]*' src tests --include=*.c --include=*.h | sort -u)
out=$(printf '%s\n--\n%s\n--\n%s\n' "$decls" "$defs" "$uses" | awk '
	$0 == "--" { part++; next }
	part == 0 { hdr[$1] = $2; next }
	part == 1 { if ($1 in hdr && !($1 in home)) home[$1] = $2; next }
	{ split($0, a, ":"); if ((a[2] in home) && a[1] != home[a[2]] && a[1] != hdr[a[2]]) used[a[2]] = 1 }
	END { for (f in home) if (!(f in used)) printf "check-exports: %s declares %s, used only in %s: make it static there\n", hdr[f], f, home[f] }' | sort)
if [ -n "$out" ]; then
	echo "$out" >&2
	exit 1
fi
echo "check-exports: every exported function is used beyond its file"
