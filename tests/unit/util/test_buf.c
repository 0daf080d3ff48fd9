#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/buf.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* buf_vaddf through a variadic wrapper, as its callers use it. */
static int vaddf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int vaddf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

static void buf_init__fresh_buffer__is_an_empty_string_not_null(void **state)
{
	struct buf a = BUF_INIT, b;

	(void)state;
	buf_init(&b, 10);
	assert_non_null(a.buf);
	assert_non_null(b.buf);
	assert_string_equal(a.buf, "");
	assert_string_equal(b.buf, "");
	assert_int_equal(a.len, 0);
	assert_int_equal(b.max, 10);
	/* reset and release of a buffer that never allocated are harmless */
	buf_reset(&a);
	buf_release(&b);
	assert_string_equal(a.buf, "");
	assert_string_equal(b.buf, "");
}

static void buf_add__bytes_with_a_nul__are_kept_and_terminated(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(buf_add(&b, "ab\0cd", 5), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.buf, "ab\0cd", 5);
	assert_int_equal(b.buf[5], '\0');
	assert_int_equal(buf_add(&b, NULL, 0), 0);
	assert_int_equal(b.len, 5);
	buf_release(&b);
}

static void buf_add__many_appends__grow_and_keep_every_byte(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_addch(&b, 'a' + i % 26), 0);
	assert_int_equal(b.len, 10000);
	assert_true(b.alloc > b.len);
	assert_int_equal(strlen(b.buf), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.buf[i], 'a' + i % 26);
	buf_release(&b);
}

static void buf_addstr__exactly_to_the_cap__succeeds(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 6);
	assert_int_equal(buf_addstr(&b, "abc"), 0);
	assert_int_equal(buf_addstr(&b, "def"), 0);
	assert_string_equal(b.buf, "abcdef");
	assert_int_equal(b.len, 6);
	buf_release(&b);
}

static void buf_addstr__past_the_cap__fails_and_keeps_the_text(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 6);
	assert_int_equal(buf_addstr(&b, "abcd"), 0);
	assert_int_equal(buf_addstr(&b, "efg"), -1);
	assert_string_equal(b.buf, "abcd");
	assert_int_equal(b.len, 4);
	assert_int_equal(buf_addch(&b, 'e'), 0);
	assert_int_equal(buf_addch(&b, 'f'), 0);
	assert_int_equal(buf_addch(&b, 'g'), -1);
	assert_string_equal(b.buf, "abcdef");
	buf_release(&b);
}

static void buf_addf__formats_like_printf(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(buf_addf(&b, "%s=%d;", "x", 42), 0);
	assert_int_equal(buf_addf(&b, "%05.1f|%-3s|%c", 3.14159, "y", 'z'), 0);
	assert_string_equal(b.buf, "x=42;003.1|y  |z");
	assert_int_equal(b.len, strlen("x=42;003.1|y  |z"));
	assert_int_equal(buf_addf(&b, "%s", ""), 0);
	assert_int_equal(b.len, strlen("x=42;003.1|y  |z"));
	buf_release(&b);
}

static void buf_addf__long_output__is_not_truncated(void **state)
{
	struct buf b = BUF_INIT;
	char big[5000];

	(void)state;
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(buf_addf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, sizeof(big) + 1);
	assert_int_equal(b.buf[0], '<');
	assert_int_equal(b.buf[b.len - 1], '>');
	assert_int_equal(b.buf[b.len], '\0');
	buf_release(&b);
}

static void buf_addf__past_the_cap__fails_and_keeps_the_text(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_addf(&b, "%d", 1234), 0);
	assert_int_equal(buf_addf(&b, "%s", "56789"), -1);
	assert_string_equal(b.buf, "1234");
	assert_int_equal(b.len, 4);
	assert_int_equal(vaddf(&b, "%s", "567890"), -1);
	assert_string_equal(b.buf, "1234");
	assert_int_equal(vaddf(&b, "%s", "5678"), 0);
	assert_string_equal(b.buf, "12345678");
	buf_release(&b);
}

static void buf_setf__replaces_the_contents(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addstr(&b, "an old message that is long");
	buf_setf(&b, "new %d", 7);
	assert_string_equal(b.buf, "new 7");
	assert_int_equal(b.len, 5);
	buf_release(&b);
}

static void buf_prefixf__puts_the_text_before_the_contents(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addstr(&b, "line 3: bad cell");
	buf_prefixf(&b, "%s: ", "data.csv");
	assert_string_equal(b.buf, "data.csv: line 3: bad cell");
	assert_int_equal(b.len, strlen("data.csv: line 3: bad cell"));
	buf_reset(&b);
	buf_prefixf(&b, "only %s", "this");
	assert_string_equal(b.buf, "only this");
	buf_release(&b);
}

static void buf_prefixf__past_the_cap__keeps_the_message(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 12);
	buf_addstr(&b, "bad cell");
	buf_prefixf(&b, "%s: ", "a-long-file-name.csv");
	/* the append would pass the cap: the buffer stays as it was */
	assert_string_equal(b.buf, "bad cell");
	assert_int_equal(b.len, 8);
	buf_release(&b);
}

static void buf_add_excerpt__short_text__is_added_whole(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add_excerpt(&b, "abc", 3);
	assert_string_equal(b.buf, "abc");
	buf_add_excerpt(&b, "", 3);
	assert_string_equal(b.buf, "abc");
	buf_release(&b);
}

static void buf_add_excerpt__long_text__is_cut_and_marked(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add_excerpt(&b, "abcdefgh", 4);
	assert_string_equal(b.buf, "abcd...");
	buf_release(&b);
}

static void buf_add_excerpt__cut_inside_a_character__cuts_before_it(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* "a" then U+20AC (3 bytes) then "b": a cut at 2 or 3 bytes would split the euro */
	buf_add_excerpt(&b, "a\xe2\x82\xac" "b", 2);
	assert_string_equal(b.buf, "a...");
	buf_reset(&b);
	buf_add_excerpt(&b, "a\xe2\x82\xac" "b", 3);
	assert_string_equal(b.buf, "a...");
	buf_reset(&b);
	buf_add_excerpt(&b, "a\xe2\x82\xac" "b", 4);
	assert_string_equal(b.buf, "a\xe2\x82\xac...");
	buf_release(&b);
}

static void buf_detach__hands_over_the_string_and_resets(void **state)
{
	struct buf b;
	size_t len = 99;
	char *s;

	(void)state;
	buf_init(&b, 100);
	buf_addstr(&b, "owned by the caller");
	s = buf_detach(&b, &len);
	assert_string_equal(s, "owned by the caller");
	assert_int_equal(len, strlen("owned by the caller"));
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	assert_true(b.buf != s);
	/* the buffer is usable again and does not share memory with s */
	buf_addstr(&b, "again");
	assert_string_equal(s, "owned by the caller");
	assert_string_equal(b.buf, "again");
	free(s);
	buf_release(&b);
}

static void buf_detach__empty_buffer__returns_a_freeable_empty_string(void **state)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *s;

	(void)state;
	s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	assert_true(s != buf_empty);
	free(s);
	/* NULL for len is allowed */
	buf_addstr(&b, "x");
	s = buf_detach(&b, NULL);
	assert_string_equal(s, "x");
	free(s);
}

static void buf_reset__keeps_the_memory_and_empties_the_text(void **state)
{
	struct buf b = BUF_INIT;
	char *mem;

	(void)state;
	buf_addstr(&b, "something");
	mem = b.buf;
	buf_reset(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.buf, mem);
	buf_addstr(&b, "ok");
	assert_string_equal(b.buf, "ok");
	buf_release(&b);
}

static void buf_release__keeps_the_cap_and_the_buffer_usable(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	buf_addstr(&b, "abcd");
	buf_release(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_int_equal(b.max, 4);
	assert_int_equal(buf_addstr(&b, "abcde"), -1);
	assert_int_equal(buf_addstr(&b, "abcd"), 0);
	buf_release(&b);
	/* releasing twice is harmless */
	buf_release(&b);
	assert_string_equal(b.buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_init__fresh_buffer__is_an_empty_string_not_null),
		cmocka_unit_test(buf_add__bytes_with_a_nul__are_kept_and_terminated),
		cmocka_unit_test(buf_add__many_appends__grow_and_keep_every_byte),
		cmocka_unit_test(buf_addstr__exactly_to_the_cap__succeeds),
		cmocka_unit_test(buf_addstr__past_the_cap__fails_and_keeps_the_text),
		cmocka_unit_test(buf_addf__formats_like_printf),
		cmocka_unit_test(buf_addf__long_output__is_not_truncated),
		cmocka_unit_test(buf_addf__past_the_cap__fails_and_keeps_the_text),
		cmocka_unit_test(buf_setf__replaces_the_contents),
		cmocka_unit_test(buf_prefixf__puts_the_text_before_the_contents),
		cmocka_unit_test(buf_prefixf__past_the_cap__keeps_the_message),
		cmocka_unit_test(buf_add_excerpt__short_text__is_added_whole),
		cmocka_unit_test(buf_add_excerpt__long_text__is_cut_and_marked),
		cmocka_unit_test(buf_add_excerpt__cut_inside_a_character__cuts_before_it),
		cmocka_unit_test(buf_detach__hands_over_the_string_and_resets),
		cmocka_unit_test(buf_detach__empty_buffer__returns_a_freeable_empty_string),
		cmocka_unit_test(buf_reset__keeps_the_memory_and_empties_the_text),
		cmocka_unit_test(buf_release__keeps_the_cap_and_the_buffer_usable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
