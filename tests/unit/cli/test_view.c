#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/log.h"
#include "cli/view.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static void view_text__control_characters__are_shown_as_question_marks(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_text(&o, "a\033[31mb\nc\x7f", 0);
	assert_string_equal(o.buf, "a?[31mb?c?");
	buf_release(&o);
}

static void view_text__width__pads_or_cuts_with_a_tilde(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_text(&o, "abc", 5);
	assert_string_equal(o.buf, "abc  ");
	buf_reset(&o);
	view_text(&o, "abcdef", 5);
	assert_string_equal(o.buf, "abcd~");
	buf_reset(&o);
	view_text(&o, "abcde", 5);
	assert_string_equal(o.buf, "abcde");
	buf_release(&o);
}

/* "Қарағанды" is 9 characters in 18 bytes: padded by columns, not bytes. */
static void view_text__utf8__counts_characters_not_bytes(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_text(&o, "Қарағанды", 10);
	assert_string_equal(o.buf, "Қарағанды ");
	buf_reset(&o);
	view_text(&o, "Қарағанды", 4);
	assert_string_equal(o.buf, "Қар~");
	buf_release(&o);
}

/* 中 and 国 take two columns each on a terminal; a cut never splits one. */
static void view_text__east_asian_wide__counts_two_columns(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_text(&o, "中国", 6);
	assert_string_equal(o.buf, "中国  ");
	buf_reset(&o);
	view_text(&o, "中国", 4);
	assert_string_equal(o.buf, "中国");
	buf_reset(&o);
	view_text(&o, "中国", 3);
	assert_string_equal(o.buf, "中~");
	buf_release(&o);
}

static void view_text__invalid_utf8__is_a_question_mark(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_text(&o, "a\xff" "b\xc3", 5);
	assert_string_equal(o.buf, "a?b? ");
	buf_release(&o);
}

/*
 * U+0080-U+009F are control characters too: U+009B is CSI, which terminals
 * that honour C1 controls run like ESC [ (a colour, a cursor move).
 */
static void view_text__c1_control_characters__are_shown_as_question_marks(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_text(&o, "a\xc2\x9b" "31mb\xc2\x85" "c\xc2\xa0" "d", 0);
	assert_string_equal(o.buf, "a?31mb?c\xc2\xa0" "d");
	buf_reset(&o);
	view_wrap(&o, "x\xc2\x9b" "2J", 80, 0);
	assert_string_equal(o.buf, "x?2J\n");
	buf_release(&o);
}

static void view_wrap__long_text__breaks_at_spaces_within_width(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_wrap(&o, "one two three four", 9, 2);
	assert_string_equal(o.buf, "one two\n  three\n  four\n");
	buf_reset(&o);
	view_wrap(&o, "averyveryverylongword x", 5, 0);
	assert_string_equal(o.buf, "averyveryverylongword\nx\n");
	buf_release(&o);
}

static void view_num__null_and_decimals__dash_and_rounding(void **state)
{
	struct buf o = BUF_INIT;
	(void)state;

	view_num(&o, NAN, 1, 6);
	view_num(&o, 2.25, 1, 6);
	view_num(&o, 1380, 0, 0);
	assert_string_equal(o.buf, "     -   2.21380");
	buf_release(&o);
}

static void view_paint__colour__wraps_in_sgr_and_pads_outside(void **state)
{
	struct buf o = BUF_INIT;
	struct view v = VIEW_INIT;
	(void)state;

	v.color = true;
	view_paint(&o, &v, view_status_sgr("off_track"), "off", 5);
	assert_string_equal(o.buf, "\033[31moff\033[0m  ");
	buf_reset(&o);
	v.color = false;
	view_paint(&o, &v, "31", "off", 5);
	assert_string_equal(o.buf, "off  ");
	buf_release(&o);
	assert_string_equal(view_status_sgr("achieved"), "32");
	assert_string_equal(view_status_sgr("unknown"), "");
}

static void view_option__values__are_checked(void **state)
{
	struct view v = VIEW_INIT;
	(void)state;

	assert_int_equal(view_option(&v, VIEW_OPT_FORMAT, "csv"), 0);
	assert_int_equal(v.format, VIEW_CSV);
	assert_int_equal(view_option(&v, VIEW_OPT_COLOR, "always"), 0);
	assert_int_equal(v.color_when, VIEW_ALWAYS);
	assert_int_equal(view_option(&v, VIEW_OPT_FORMAT, "xml"), -1);
	assert_int_equal(view_option(&v, VIEW_OPT_COLOR, "yes"), -1);
	assert_int_equal(view_option(&v, 'o', "x"), 1);
}

/* The tests run with stdout to a file: auto is off; NO_COLOR does not beat always. */
static void view_ready__auto_always_never__decide_colour(void **state)
{
	struct view v = VIEW_INIT;
	(void)state;

	view_ready(&v);
	assert_false(v.color);
	setenv("NO_COLOR", "1", 1);
	v.color_when = VIEW_ALWAYS;
	view_ready(&v);
	assert_true(v.color);
	v.color_when = VIEW_NEVER;
	view_ready(&v);
	assert_false(v.color);
	unsetenv("NO_COLOR");
}

#define T(f) cmocka_unit_test(f)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(view_text__control_characters__are_shown_as_question_marks),
		T(view_text__width__pads_or_cuts_with_a_tilde),
		T(view_text__utf8__counts_characters_not_bytes),
		T(view_text__east_asian_wide__counts_two_columns),
		T(view_text__invalid_utf8__is_a_question_mark),
		T(view_text__c1_control_characters__are_shown_as_question_marks),
		T(view_wrap__long_text__breaks_at_spaces_within_width),
		T(view_num__null_and_decimals__dash_and_rounding),
		T(view_paint__colour__wraps_in_sgr_and_pads_outside),
		T(view_option__values__are_checked),
		T(view_ready__auto_always_never__decide_colour),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
