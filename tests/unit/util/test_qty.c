#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/qty.h"
#include <math.h>
#include "util/banned.h"

/* qty_fmt, qty_fmt_diff, qty_fmt_band into a fresh buffer, compared. */
#define FMT(want, call) do {			\
	struct buf b = BUF_INIT;		\
	call;					\
	assert_string_equal(b.buf, want);	\
	buf_release(&b);			\
} while (0)

static void qty_fmt__one__makes_a_plural_unit_singular(void **state)
{
	(void)state;
	FMT("1 course", qty_fmt(&b, 1, 0, "courses"));
	FMT("1 ranking", qty_fmt(&b, 1, 0, "rankings"));
	FMT("1 country", qty_fmt(&b, 1, 0, "countries"));
	FMT("2 courses", qty_fmt(&b, 2, 0, "courses"));
	/* "1.0 courses" is what people write with a decimal */
	FMT("1.0 courses", qty_fmt(&b, 1, 1, "courses"));
	FMT("1 staff", qty_fmt(&b, 1, 0, "staff"));
	FMT("rank 1", qty_fmt(&b, 1, 0, "rank"));
	FMT("14.4%", qty_fmt(&b, 14.449, 1, "%"));
}

static void qty_fmt__minus_zero__reads_as_zero(void **state)
{
	(void)state;
	FMT("0 students", qty_fmt(&b, -0.2, 0, "students"));
	FMT("0.0%", qty_fmt(&b, -0.04, 1, "%"));
}

static void qty_fmt_diff__units__read_as_words(void **state)
{
	(void)state;
	FMT("400 places", qty_fmt_diff(&b, -400, 0, "rank"));
	FMT("1 place", qty_fmt_diff(&b, 1, 0, "rank"));
	FMT("5.6 points", qty_fmt_diff(&b, 5.56, 1, "%"));
	FMT("1 point", qty_fmt_diff(&b, -1, 0, "%"));
	FMT("1 ranking", qty_fmt_diff(&b, 1, 0, "rankings"));
	FMT("0.01", qty_fmt_diff(&b, 0.01, 2, "ratio"));
}

static void qty_fmt_band__bands__as_published(void **state)
{
	(void)state;
	FMT("rank 1201\u20131400", qty_fmt_band(&b, 1201, 1400, "rank"));
	FMT("rank 1001+", qty_fmt_band(&b, 1001, INFINITY, "rank"));
	FMT("rank 1001+", qty_fmt_band(&b, 1001, NAN, "rank"));
	FMT("rank 1300", qty_fmt_point(&b, 1300, NAN, NAN, 0, "rank"));
	FMT("rank 801\u20131000", qty_fmt_point(&b, 900.5, 801, 1000, 0, "rank"));
	assert_false(qty_is_band(112, 112));
	assert_true(qty_is_band(1001, INFINITY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qty_fmt__one__makes_a_plural_unit_singular),
		cmocka_unit_test(qty_fmt__minus_zero__reads_as_zero),
		cmocka_unit_test(qty_fmt_diff__units__read_as_words),
		cmocka_unit_test(qty_fmt_band__bands__as_published),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
