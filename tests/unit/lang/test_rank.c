#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "lang/rank.h"
#include "util/buf.h"
#include "util/fs.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* "\s" is a space and "\n" a no-break space in the golden file. */
static void unescape(const char *s, size_t len, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == 's') {
			buf_addch(out, ' ');
			i++;
		} else if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'n') {
			buf_addstr(out, "\xc2\xa0");
			i++;
		} else {
			buf_addch(out, s[i]);
		}
	}
}

static void rank_parse__golden_cases__match(void **state)
{
	struct buf file = BUF_INIT, err = BUF_INIT, in = BUF_INIT, got = BUF_INIT;
	int n = 0, bad = 0;
	char *line;

	(void)state;
	assert_int_equal(file_read("tests/golden/rank/cases.txt", &file, 0, &err), 0);
	for (line = file.buf; *line;) {
		char *nl = strchr(line, '\n'), *tab;
		struct rank_band b;
		int rc;
		if (nl)
			*nl = '\0';
		tab = strchr(line, '\t');
		if (strncmp(line, "# ", 2) && tab) {
			unescape(line, (size_t)(tab - line), &in);
			rc = rank_parse(in.buf, &b);
			buf_reset(&got);
			if (rc < 0)
				buf_addstr(&got, "invalid");
			else if (rc == 0)
				buf_addstr(&got, "null");
			else if (isinf(b.high))
				buf_addf(&got, "%.0f inf", b.low);
			else
				buf_addf(&got, "%.0f %.0f", b.low, b.high);
			if (strcmp(got.buf, tab + 1)) {
				print_message("rank_parse(\"%s\"): got %s, expected %s\n",
					      line, got.buf, tab + 1);
				bad++;
			}
			n++;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	buf_release(&file);
	buf_release(&err);
	buf_release(&in);
	buf_release(&got);
	assert_true(n >= 50);
	assert_int_equal(bad, 0);
}

static void rank_value__band__gives_low_high_and_midpoint(void **state)
{
	struct rank_band b = { 801, 1000 };
	(void)state;
	assert_float_equal(rank_value(&b, RANK_LOW), 801, 0);
	assert_float_equal(rank_value(&b, RANK_HIGH), 1000, 0);
	/* (801 + 1000) / 2 = 900.5 */
	assert_float_equal(rank_value(&b, RANK_MID), 900.5, 0);
}

static void rank_value__exact_rank__is_its_own_midpoint(void **state)
{
	struct rank_band b;
	(void)state;
	assert_int_equal(rank_parse("=126", &b), 1);
	assert_float_equal(rank_value(&b, RANK_MID), 126, 0);
}

static void rank_value__open_band__has_low_only(void **state)
{
	struct rank_band b;
	(void)state;
	assert_int_equal(rank_parse("1001+", &b), 1);
	assert_float_equal(rank_value(&b, RANK_LOW), 1001, 0);
	assert_true(isnan(rank_value(&b, RANK_HIGH)));
	assert_true(isnan(rank_value(&b, RANK_MID)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rank_parse__golden_cases__match),
		cmocka_unit_test(rank_value__band__gives_low_high_and_midpoint),
		cmocka_unit_test(rank_value__exact_rank__is_its_own_midpoint),
		cmocka_unit_test(rank_value__open_band__has_low_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
