#!/bin/sh
# scripts/check-layers.sh on copies of src/ with one bad include each: an
# include that reaches up a stage, one without its folder, a circle
# between two modules of one folder, a folder missing from src/LAYERS and a
# circle in src/LAYERS itself must each fail and name the file.
. tests/e2e/lib.sh

# layers NAME WANT_RC TEXT: runs the check in $TMP/tree, expects rc and TEXT
layers() {
	(cd "$TMP/tree" && sh scripts/check-layers.sh) >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq "$2" ]; then ok; else bad "$1: exit $rc, expected $2"; sed 's/^/  | /' "$TMP/err" | head; fi
	[ -z "$3" ] || expect_err "$1" "$3"
}
fresh() {
	rm -rf "$TMP/tree"
	mkdir -p "$TMP/tree/scripts"
	cp -r src "$TMP/tree/src"
	cp scripts/check-layers.sh "$TMP/tree/scripts/"
	# the real tree may still carry known violations; start each case clean
	(cd "$TMP/tree" && sh scripts/check-layers.sh 2>&1) | sed -n 's/^\(src\/[^:]*\):\([0-9]*\):.*/\1 \2/p' |
		while read -r f l; do sed -i "${l}s/.*/\/\* removed by the test \*\//" "$TMP/tree/$f"; done
}

fresh
layers "the tree as it is (violations blanked)" 0 ""

fresh
echo '#include "cli/cli.h"' >>"$TMP/tree/src/util/buf.h"
layers "util including cli" 1 'src/util/buf.h:'
expect_err "the message names both folders" "util/ may not include cli/"

# the renderers read the written documents, never the computation
for stage in kpi/kpi.h report/report.h obs/obs.h config/config.h extract/extract.h; do
	fresh
	echo "#include \"$stage\"" >>"$TMP/tree/src/render/html.c"
	layers "render including ${stage%%/*}" 1 "render/ may not include ${stage%%/*}/"
done

fresh
echo '#include "kpi.h"' >>"$TMP/tree/src/kpi/stats.c"
layers "an include without its folder" 1 'src/kpi/stats.c:'
expect_err "the message says to name the folder" "names no folder"

fresh
echo '#include "kpi/kpi.h"' >>"$TMP/tree/src/kpi/stats.h"
layers "two modules of kpi/ in a circle" 1 "circle"

fresh
mkdir "$TMP/tree/src/extra"
printf 'int extra;\n' >"$TMP/tree/src/extra/x.c"
layers "a folder not in LAYERS" 1 "src/extra/ is not listed"

# the stages below the runners do not speak: a log call or util/log.h fails
for f in extract/html.c kpi/kpi.c render/plot.c config/load.c; do
	fresh
	printf 'static void said(void) { warnf("x"); }\n' >>"$TMP/tree/src/$f"
	layers "a log call in ${f%%/*}" 1 "src/$f:"
	expect_err "${f%%/*}: the message names notes" "${f%%/*}/ does not log"
done
fresh
echo '#include "util/log.h"' >>"$TMP/tree/src/obs/obs.h"
layers "util/log.h in obs" 1 "src/obs/obs.h:"
fresh
printf 'static void said(void) { notef("x"); }\n' >>"$TMP/tree/src/collect/collect.c"
layers "collect/ may speak" 0 ""

# exports are honest: a function declared in a header and used only at home fails
rm -rf "$TMP/tree" && mkdir -p "$TMP/tree/scripts" && cp -r src tests "$TMP/tree/"
cp scripts/check-exports.sh "$TMP/tree/scripts/"
(cd "$TMP/tree" && sh scripts/check-exports.sh) >/dev/null 2>&1 && ok || bad "check-exports on the tree as it is"
printf 'int obs_only_here(void);\n' >>"$TMP/tree/src/obs/obs.h"
printf 'int obs_only_here(void) { return 0; }\nint obs_caller(void);\nint obs_caller(void) { return obs_only_here(); }\n' >>"$TMP/tree/src/obs/obs.c"
(cd "$TMP/tree" && sh scripts/check-exports.sh) >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && ok || bad "check-exports: an export used only at home passes"
expect_err "check-exports names it" "src/obs/obs.h declares obs_only_here, used only in src/obs/obs.c"

fresh
sed -i 's/^util:.*/util: cli/' "$TMP/tree/src/LAYERS"
layers "LAYERS that make a circle" 1 "make a circle"

e2e_summary layers
