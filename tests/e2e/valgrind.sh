#!/bin/sh
# The end-to-end run of the bundled example under valgrind: no invalid
# access, no uninitialised use, no leak (skipped for the ASan build, which
# valgrind cannot run).
. tests/e2e/lib.sh
case $BIN in
*-san) echo "valgrind: skipped for the sanitizer build"; e2e_summary valgrind; exit ;;
esac
if ! command -v valgrind >/dev/null; then
	bad "valgrind is not installed (scripts/install-deps.sh installs it)"
	e2e_summary valgrind
	exit
fi
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect "$BIN" "$@"
}
vg run --offline --config indicators --output "$TMP/o" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -ne 99 ] && ok || { bad "valgrind found errors in run"; grep '==' "$TMP/err" | head -30; }
[ $rc -le 1 ] && ok || bad "run under valgrind: exit $rc"
vg show --output "$TMP/o" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && ok || { bad "valgrind: show"; grep '==' "$TMP/err" | head -30; }
copy_fixture
mutate kpi/share.json 's = s.replace("\"unit\"", "\"units\"")'
vg check --config "$TMP/cfg" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 2 ] && ok || { bad "valgrind: check on a broken configuration"; grep '==' "$TMP/err" | head -30; }
e2e_summary valgrind
