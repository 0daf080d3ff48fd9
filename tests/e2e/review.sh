#!/bin/sh
# Regressions found by review: each block is one problem, the test that
# would have caught it, run against the real binary.
. tests/e2e/lib.sh

# ---- an empty --output is refused, not read past its end (mkdir_p) ----
run_cmd "empty --output" 3 compute --config "$FIX" --output ""
expect_err "empty --output names the problem" "cannot create directory ''"

# ---- C1 controls and stray bytes from a data file stay out of the terminal ----
# U+009B (C2 9B) and a lone 0x9b byte are CSI to terminals that honour C1
# controls; the log shows them as \xNN like the C0 controls.
copy_fixture
printf '\357\273\277year;enrolment;rank\n2019;1 000;300\n2020;12\302\233[31m;250\n' >"$TMP/cfg/data/totals.csv"
run_cmd "C1 in a bad cell: the source fails" 1 compute --config "$TMP/cfg" --output "$TMP/c1"
if LC_ALL=C grep -q "$(printf '\233')" "$TMP/err"; then
	bad "C1: a 0x9b byte reached stderr"
else ok; fi
expect_err "C1: shown escaped" '12\xc2\x9b[31m'
printf '\357\273\277year;enrolment;rank\n2019;1 000;300\n2020;12\233[31m;250\n' >"$TMP/cfg/data/totals.csv"
run_cmd "lone 0x9b in a bad cell: the source fails" 1 compute --config "$TMP/cfg" --output "$TMP/c1"
if LC_ALL=C grep -q "$(printf '\233')" "$TMP/err"; then
	bad "lone 0x9b: reached stderr"
else ok; fi
expect_err "lone 0x9b: shown escaped" '12\x9b[31m'

# ---- gnuplot never writes to our standard output ----
# A chart whose file cannot be created (here a KPI id too long for a file
# name) leaves gnuplot's output at its stdout: 40 KB of SVG and PNG bytes
# went to intlkpi's stdout (a cron mail, a pipe).
copy_fixture
mutate kpi/rank.json "s = s.replace('\"id\": \"rank\"', '\"id\": \"' + 'k' * 245 + '\"')"
run_cmd "long id: compute" 0 compute --config "$TMP/cfg" --output "$TMP/long"
run_cmd "long id: plot says a chart is missing" 1 plot --output "$TMP/long"
[ ! -s "$TMP/out" ] && ok || bad "long id: gnuplot wrote $(wc -c <"$TMP/out") bytes to stdout"
expect_err "long id: the message names the chart" "1 of "

# ---- show --source: an error message only with an error exit ----
# "used by" comes from kpis.json when it can be read; without it the
# source is still shown, exit 0, and no "error:" line contradicts that.
run_cmd "show --source: compute" 0 compute --config "$FIX" --output "$TMP/src"
rm "$TMP/src/kpis.json"
run_cmd "show --source without kpis.json" 0 show --source students --output "$TMP/src"
grep -q "error" "$TMP/err" && bad "show --source: an error with exit 0: $(cat "$TMP/err")" || ok
grep -q "intl_students" "$TMP/out" && ok || bad "show --source: the observations are shown"

# ---- fmt_double: a double past long long is not cast (undefined behaviour) ----
# It formats a JSON source's numeric key (json_extract) and every CSV number.
# gcc's -fsanitize=undefined leaves float-cast-overflow out; clang's checks it.
if command -v clang >/dev/null 2>&1; then
	cat >"$TMP/fmt.c" <<'C'
#include "util/jsonw.h"
#include <math.h>
#include <stdio.h>
int main(void)
{
	struct buf b = BUF_INIT;
	double v[] = { 1e300, -1e19, 9.3e18, INFINITY, 1600, -2.5 };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fmt_double(&b, v[i]);
		buf_addch(&b, ' ');
	}
	puts(b.buf);
	return 0;
}
C
	if clang -std=c11 -D_DEFAULT_SOURCE -Isrc -fsanitize=float-cast-overflow \
		-fno-sanitize-recover=all -o "$TMP/fmt" "$TMP/fmt.c" src/util/jsonw.c \
		src/util/utf8.c src/util/buf.c src/util/xalloc.c src/util/log.c $(pkg-config --cflags --libs libcjson 2>/dev/null || echo -lcjson) -lm 2>"$TMP/cc" &&
	    "$TMP/fmt" >"$TMP/out" 2>"$TMP/err" &&
	    [ "$(cat "$TMP/out")" = "1e+300 -1e+19 9.3e+18 inf 1600 -2.5 " ]; then
		ok
	else
		bad "fmt_double of large numbers: $(cat "$TMP/cc" "$TMP/err" "$TMP/out" | head -3)"
	fi
else
	echo "SKIP: fmt_double cast check (clang not installed)"
fi

e2e_summary review
