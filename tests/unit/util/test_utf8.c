#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/utf8.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define FFFD "\xef\xbf\xbd"

/*
 * utf8_seq of the bytes in a heap block of exactly their size plus the
 * NUL: under ASan, a read past the NUL is caught.
 */
static size_t seq(const char *s)
{
	size_t n = strlen(s);
	unsigned char *p = xmalloc(n + 1);
	size_t r;

	memcpy(p, s, n + 1);
	r = utf8_seq(p);
	free(p);
	return r;
}

static void utf8_seq__valid_sequences__have_their_length(void **state)
{
	(void)state;
	assert_int_equal(seq("a"), 1);
	assert_int_equal(seq("\x7f"), 1);
	assert_int_equal(seq("\xc3\xa9"), 2);		/* é */
	assert_int_equal(seq("\xc2\x80"), 2);		/* U+0080, the smallest */
	assert_int_equal(seq("\xdf\xbf"), 2);		/* U+07FF */
	assert_int_equal(seq("\xe0\xa0\x80"), 3);	/* U+0800 */
	assert_int_equal(seq("\xe2\x82\xac"), 3);	/* € */
	assert_int_equal(seq("\xed\x9f\xbf"), 3);	/* U+D7FF, below the surrogates */
	assert_int_equal(seq("\xee\x80\x80"), 3);	/* U+E000, above them */
	assert_int_equal(seq("\xef\xbf\xbd"), 3);	/* U+FFFD */
	assert_int_equal(seq("\xf0\x90\x80\x80"), 4);	/* U+10000 */
	assert_int_equal(seq("\xf0\x9d\x84\x9e"), 4);	/* 𝄞 */
	assert_int_equal(seq("\xf4\x8f\xbf\xbf"), 4);	/* U+10FFFF, the largest */
	/* only the first character counts */
	assert_int_equal(seq("\xc3\xa9\xc3\xa9"), 2);
}

static void utf8_seq__nul__is_a_one_byte_character(void **state)
{
	unsigned char nul[1] = { 0 };

	(void)state;
	assert_int_equal(utf8_seq(nul), 1);
}

static void utf8_seq__overlong_forms__are_refused(void **state)
{
	(void)state;
	assert_int_equal(seq("\xc0\x80"), 0);
	assert_int_equal(seq("\xc1\xbf"), 0);
	assert_int_equal(seq("\xe0\x80\x80"), 0);
	assert_int_equal(seq("\xe0\x9f\xbf"), 0);
	assert_int_equal(seq("\xf0\x80\x80\x80"), 0);
	assert_int_equal(seq("\xf0\x8f\xbf\xbf"), 0);
}

static void utf8_seq__surrogates_and_past_10ffff__are_refused(void **state)
{
	(void)state;
	assert_int_equal(seq("\xed\xa0\x80"), 0);	/* U+D800 */
	assert_int_equal(seq("\xed\xbf\xbf"), 0);	/* U+DFFF */
	assert_int_equal(seq("\xf4\x90\x80\x80"), 0);	/* U+110000 */
	assert_int_equal(seq("\xf5\x80\x80\x80"), 0);
	assert_int_equal(seq("\xf8\x88\x80\x80\x80"), 0);
	assert_int_equal(seq("\xff"), 0);
	assert_int_equal(seq("\xfe"), 0);
}

static void utf8_seq__cut_or_stray_bytes__are_refused_without_reading_past_the_nul(void **state)
{
	(void)state;
	assert_int_equal(seq("\x80"), 0);		/* a continuation alone */
	assert_int_equal(seq("\xbf" "a"), 0);
	assert_int_equal(seq("\xc3"), 0);		/* cut at the end */
	assert_int_equal(seq("\xc3" "a"), 0);		/* cut by an ASCII byte */
	assert_int_equal(seq("\xe2\x82"), 0);
	assert_int_equal(seq("\xe2"), 0);
	assert_int_equal(seq("\xe2\x82" "a"), 0);
	assert_int_equal(seq("\xf0\x9d\x84"), 0);
	assert_int_equal(seq("\xf0\x9d"), 0);
	assert_int_equal(seq("\xf0"), 0);
}

/* utf8_add_xml_char over the whole of s; the bytes used each time into used. */
static void xml_all(struct buf *out, const char *s, size_t *used, size_t nused)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_reset(out);
	while (*p) {
		size_t n = utf8_add_xml_char(out, p);
		assert_true(n >= 1 && n <= 4);
		if (i < nused)
			used[i] = n;
		i++;
		p += n;
	}
}

static void utf8_add_xml_char__valid_characters__are_copied(void **state)
{
	struct buf out = BUF_INIT;
	size_t used[4] = { 0 };

	(void)state;
	xml_all(&out, "a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e", used, 4);
	assert_string_equal(out.buf, "a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e");
	assert_int_equal(used[0], 1);
	assert_int_equal(used[1], 2);
	assert_int_equal(used[2], 3);
	assert_int_equal(used[3], 4);
	/* markup is the caller's */
	xml_all(&out, "<&>\"'", NULL, 0);
	assert_string_equal(out.buf, "<&>\"'");
	buf_release(&out);
}

static void utf8_add_xml_char__control_characters__become_spaces(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	xml_all(&out, "a\x01" "b\x1f" "c\x7f" "d\te\nf\rg", NULL, 0);
	assert_string_equal(out.buf, "a b c d e f g");
	buf_release(&out);
}

static void utf8_add_xml_char__invalid_bytes__become_one_replacement_each(void **state)
{
	struct buf out = BUF_INIT;
	size_t used[3] = { 0 };

	(void)state;
	xml_all(&out, "\xff" "a\xc3", used, 3);
	assert_string_equal(out.buf, FFFD "a" FFFD);
	assert_int_equal(used[0], 1);
	assert_int_equal(used[2], 1);
	xml_all(&out, "\xed\xa0\x80", NULL, 0);	/* a surrogate: three bad bytes */
	assert_string_equal(out.buf, FFFD FFFD FFFD);
	buf_release(&out);
}

static void utf8_add_xml_char__fffe_and_ffff__become_replacements(void **state)
{
	struct buf out = BUF_INIT;
	size_t used[2] = { 0 };

	(void)state;
	xml_all(&out, "\xef\xbf\xbe\xef\xbf\xbf", used, 2);
	assert_string_equal(out.buf, FFFD FFFD);
	assert_int_equal(used[0], 3);
	assert_int_equal(used[1], 3);
	/* U+FFFD and U+FFFC are characters */
	xml_all(&out, "\xef\xbf\xbd\xef\xbf\xbc", NULL, 0);
	assert_string_equal(out.buf, "\xef\xbf\xbd\xef\xbf\xbc");
	buf_release(&out);
}

static void html_escape__markup_characters__become_references(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	buf_addstr(&out, "x=");
	html_escape(&out, "<a href=\"u\" title='t'>Tom & Jerry</a>");
	assert_string_equal(out.buf,
		"x=&lt;a href=&quot;u&quot; title=&#39;t&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
	buf_reset(&out);
	/* an entity in the input is text, escaped again */
	html_escape(&out, "&amp;");
	assert_string_equal(out.buf, "&amp;amp;");
	buf_release(&out);
}

static void html_escape__controls_but_tab_and_newline__become_spaces(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	html_escape(&out, "a\tb\nc\rd\x01" "e\x1b[31mf\x7fg");
	assert_string_equal(out.buf, "a\tb\nc d e [31mf g");
	buf_release(&out);
}

static void html_escape__c1_control_characters__become_spaces(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	/*
	 * U+0080-U+009F are control characters too (HTML's parser reports
	 * them as errors); U+00A0 is the first that is not
	 */
	html_escape(&out, "a\xc2\x80" "b\xc2\x85" "c\xc2\x9b" "d\xc2\x9f" "e\xc2\xa0" "f");
	assert_string_equal(out.buf, "a b c d e\xc2\xa0" "f");
	buf_release(&out);
}

static void html_escape__utf8_is_kept_and_invalid_bytes_replaced(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	html_escape(&out, "\xd0\x90\xd0\xbb\xd0\xbc\xd0\xb0\xd1\x82\xd1\x8b \xe2\x80\x94 <\xff>");
	assert_string_equal(out.buf,
		"\xd0\x90\xd0\xbb\xd0\xbc\xd0\xb0\xd1\x82\xd1\x8b \xe2\x80\x94 &lt;" FFFD "&gt;");
	buf_reset(&out);
	html_escape(&out, "");
	assert_string_equal(out.buf, "");
	buf_release(&out);
}

static void utf8_sanitize__invalid_bytes__become_one_replacement_each(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(utf8_sanitize("C\xf4te \xe2\x82", &out), 3);
	assert_string_equal(out.buf, "C\xef\xbf\xbdte \xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(utf8_sanitize("Almat\xc4\xb1", &out), 0);
	assert_string_equal(out.buf, "Almat\xc4\xb1");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_seq__valid_sequences__have_their_length),
		cmocka_unit_test(utf8_seq__nul__is_a_one_byte_character),
		cmocka_unit_test(utf8_seq__overlong_forms__are_refused),
		cmocka_unit_test(utf8_seq__surrogates_and_past_10ffff__are_refused),
		cmocka_unit_test(utf8_seq__cut_or_stray_bytes__are_refused_without_reading_past_the_nul),
		cmocka_unit_test(utf8_add_xml_char__valid_characters__are_copied),
		cmocka_unit_test(utf8_add_xml_char__control_characters__become_spaces),
		cmocka_unit_test(utf8_add_xml_char__invalid_bytes__become_one_replacement_each),
		cmocka_unit_test(utf8_add_xml_char__fffe_and_ffff__become_replacements),
		cmocka_unit_test(html_escape__markup_characters__become_references),
		cmocka_unit_test(html_escape__controls_but_tab_and_newline__become_spaces),
		cmocka_unit_test(html_escape__c1_control_characters__become_spaces),
		cmocka_unit_test(html_escape__utf8_is_kept_and_invalid_bytes_replaced),
		cmocka_unit_test(utf8_sanitize__invalid_bytes__become_one_replacement_each),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
