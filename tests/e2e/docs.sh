#!/bin/sh
# The documents stand on their own: no page points outside the repository,
# every relative link of README.md and docs/*.md names a file that exists,
# every path a document or a comment names exists, README links a page per
# audience and stays short enough to read in two minutes.
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
# Every path a document or a comment names exists: src/..., tests/...,
# docs/..., scripts/..., schemas/... (a placeholder such as NAME or
# test_*.c aside), FOLDER/NAME.c of a module (src/FOLDER/NAME.c), and a
# bare NAME.c or NAME.h in a comment (some file of the tree has that name).
# Read: README.md, docs/*.md, tests/fuzz/README.md, the comments of
# src/*/*.[ch], tests/**/*.[ch], *.sh and *.py under tests/ and scripts/.
python3 - "$TMP/out" <<'PY'
import glob, os, re, sys
files = ["README.md"] + sorted(glob.glob("docs/*.md")) + ["tests/fuzz/README.md"]
code = sorted(glob.glob("src/*/*.[ch]") + glob.glob("tests/**/*.[ch]", recursive=True) +
              glob.glob("tests/**/*.sh", recursive=True) + glob.glob("tests/**/*.py", recursive=True) +
              glob.glob("scripts/*.sh") + glob.glob("scripts/*.py"))
names = set()
for root in ("src", "tests", "docs", "scripts", "schemas", "indicators"):
    for d, _, fs in os.walk(root):
        names.update(fs)
names.update(os.listdir("."))
system = set()
for f in code:
    if f.endswith((".c", ".h")):
        system.update(re.findall(r"#\s*include\s*<([^>]+)>", open(f, errors="replace").read()))
def comments(f):
    """(line number, text) of the comments of a source file."""
    text = open(f, errors="replace").read()
    if f.endswith((".sh", ".py")):
        for i, l in enumerate(text.split("\n"), 1):
            if l.lstrip().startswith("#"):
                yield i, l
        return
    for m in re.finditer(r"/\*.*?\*/|//[^\n]*", text, re.S):
        line = text.count("\n", 0, m.start()) + 1
        for k, l in enumerate(m.group(0).split("\n")):
            yield line + k, l
prefixed = re.compile(r"(?<![\w./$-])((?:src|tests|docs|scripts|schemas)/[\w./*{}-]*)")
module = re.compile(r"(?<![\w./$-])((?:util|lang|obs|config|sources|works|extract|collect|kpi|report|render|cli)/\w+\.[ch])\b")
bare = re.compile(r"(?<![\w./$-])(\w+\.[ch])\b")
def placeholder(p):
    """NAME, FOLDER, cmd_NAME.c, src/F/NAME, test_*.c, leiden_{a,b}: not a file"""
    return "*" in p or "{" in p or re.search(r"[A-Z]{2,}|(^|/)[A-Z](/|$)", p) is not None
bad = []
def check(f, i, l, with_bare):
    for m in prefixed.finditer(l):
        p = m.group(1).rstrip(".,:;")
        if not os.path.exists(p) and not placeholder(p):
            bad.append("%s:%d names '%s', which does not exist" % (f, i, p))
    for m in module.finditer(l):
        if not os.path.exists("src/" + m.group(1)):
            bad.append("%s:%d names '%s', which is not src/%s" % (f, i, m.group(1), m.group(1)))
    if with_bare:
        for m in bare.finditer(l):
            if m.group(1) not in names and m.group(1) not in system and not placeholder(m.group(1)):
                bad.append("%s:%d names '%s', which no file of the tree is" % (f, i, m.group(1)))
for f in files:
    for i, l in enumerate(open(f).read().split("\n"), 1):
        check(f, i, l, True)
for f in code:
    for i, l in comments(f):
        check(f, i, l, True)
open(sys.argv[1], "w").write("\n".join(bad) + ("\n" if bad else ""))
PY
if [ -s "$TMP/out" ]; then
	while read -r l; do bad "$l"; done <"$TMP/out"
else ok; fi

for page in docs/report.md docs/analyst.md docs/operations.md docs/configuration.md docs/works.md docs/hacking.md; do
	grep -q "($page)" README.md && ok || bad "README links $page"
done
n=$(wc -l <README.md)
[ "$n" -le 220 ] && ok || bad "README has $n lines (a two-minute read is at most ~200)"
e2e_summary docs
