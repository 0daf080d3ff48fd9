#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/lines.h"
#include "util/buf.h"
#include "util/fs.h"
#include "../lines_fx.h"
#include <string.h>
#include <zlib.h>
#include "util/banned.h"

/*
 * Reads every line of the open reader into f->got, each followed by '|';
 * returns the last lines_next result (0 at the end).
 */
static int read_all(struct fx *f)
{
	const char *line;
	size_t len;
	int rc;

	buf_reset(&f->got);
	while ((rc = lines_next(&f->l, &line, &len, &f->err)) == 1) {
		buf_add(&f->got, line, len);
		buf_addch(&f->got, '|');
	}
	return rc;
}

/* All the lines of path in [from, to), each followed by '|', appended to out. */
static void read_range(struct fx *f, const char *path, uint64_t from, uint64_t to,
		       struct buf *out)
{
	const char *line;
	size_t len;
	int rc;

	if (lines_open(&f->l, path, from, to, &f->err))
		fail_msg("%s", f->err.buf);
	while ((rc = lines_next(&f->l, &line, &len, &f->err)) == 1) {
		buf_add(out, line, len);
		buf_addch(out, '|');
	}
	assert_int_equal(rc, 0);
	lines_close(&f->l);
}

static void lines_next__plain_file__returns_each_line_without_its_newline(void **state)
{
	struct fx *f = *state;
	const char text[] = "first\nsecond line\n\nlast without newline";

	assert_int_equal(lines_open(&f->l, put(f, "a.txt", text, strlen(text)), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), 0);
	assert_string_equal(f->got.buf, "first|second line||last without newline|");
	assert_int_equal(f->l.lineno, 4);
	/* the end stays the end */
	assert_int_equal(read_all(f), 0);
	assert_string_equal(f->got.buf, "");
}

static void lines_next__final_newline__adds_no_empty_line(void **state)
{
	struct fx *f = *state;

	assert_int_equal(lines_open(&f->l, put(f, "b.txt", "a\r\nb\n", 5), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), 0);
	/* only '\n' is taken off */
	assert_string_equal(f->got.buf, "a\r|b|");
	assert_int_equal(f->l.lineno, 2);
}

static void lines_next__empty_file__ends_at_once(void **state)
{
	struct fx *f = *state;

	assert_int_equal(lines_open(&f->l, put(f, "empty", "", 0), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), 0);
	assert_int_equal(f->l.lineno, 0);
}

static void lines_open__missing_file__fails_naming_it(void **state)
{
	struct fx *f = *state;

	path_join(&f->path, f->dir.buf, "absent.jsonl");
	assert_int_equal(lines_open(&f->l, f->path.buf, 0, 0, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_int_equal(lines_is_gzip(f->path.buf), -1);
}

static void lines_is_gzip__magic_bytes__decide(void **state)
{
	struct fx *f = *state;
	struct buf gz = BUF_INIT;

	gzip_member(&gz, "x\n", 2, 6);
	assert_int_equal(lines_is_gzip(put(f, "x.gz", gz.buf, gz.len)), 1);
	/* the name does not matter, the bytes do */
	assert_int_equal(lines_is_gzip(put(f, "plain.gz", "x\n", 2)), 0);
	assert_int_equal(lines_is_gzip(put(f, "one", "\x1f", 1)), 0);
	assert_int_equal(lines_is_gzip(put(f, "gz.txt", gz.buf, gz.len)), 1);
	buf_release(&gz);
}

static void lines_next__gzip_file__returns_the_decoded_lines(void **state)
{
	struct fx *f = *state;
	struct buf gz = BUF_INIT;
	const char text[] = "{\"id\":1}\n{\"id\":2}\n\n{\"id\":3}";

	gzip_member(&gz, text, strlen(text), 6);
	assert_int_equal(lines_open(&f->l, put(f, "w.jsonl.gz", gz.buf, gz.len), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), 0);
	assert_string_equal(f->got.buf, "{\"id\":1}|{\"id\":2}||{\"id\":3}|");
	assert_int_equal(f->l.lineno, 4);
	assert_int_equal(f->l.in_bytes, gz.len);
	buf_release(&gz);
}

static void lines_next__concatenated_gzip_members__are_read_in_turn(void **state)
{
	struct fx *f = *state;
	struct buf gz = BUF_INIT;

	/* as `cat a.gz b.gz`: the decoded streams join, even inside a line */
	gzip_member(&gz, "a1\na2\nhalf", 10, 6);
	gzip_member(&gz, "-line\nb1\n", 9, 6);
	gzip_member(&gz, "", 0, 6);
	gzip_member(&gz, "c1\n", 3, 6);
	assert_int_equal(lines_open(&f->l, put(f, "cat.gz", gz.buf, gz.len), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), 0);
	assert_string_equal(f->got.buf, "a1|a2|half-line|b1|c1|");
	buf_release(&gz);
}

static void lines_next__truncated_gzip__fails_naming_the_file(void **state)
{
	struct fx *f = *state;
	struct buf gz = BUF_INIT;
	const char text[] = "line one\nline two\nline three\n";

	gzip_member(&gz, text, strlen(text), 6);
	assert_int_equal(lines_open(&f->l, put(f, "cut.gz", gz.buf, gz.len - 12), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, "gzip"));
	buf_release(&gz);
}

static void lines_next__corrupt_gzip__fails_naming_the_file(void **state)
{
	struct fx *f = *state;
	struct buf gz = BUF_INIT;
	char text[4000];

	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = i % 50 == 49 ? '\n' : (char)('a' + (i * 7919) % 26);
	gzip_member(&gz, text, sizeof(text), 6);
	for (size_t i = 12; i < gz.len - 8; i += 3)
		gz.buf[i] = (char)~gz.buf[i];
	assert_int_equal(lines_open(&f->l, put(f, "bad.gz", gz.buf, gz.len), 0, 0, &f->err), 0);
	assert_int_equal(read_all(f), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	buf_release(&gz);
}

static void lines_open__gzip_with_a_range__is_refused(void **state)
{
	struct fx *f = *state;
	struct buf gz = BUF_INIT;

	gzip_member(&gz, "a\nb\n", 4, 6);
	put(f, "r.gz", gz.buf, gz.len);
	assert_int_equal(lines_open(&f->l, f->path.buf, 2, 0, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, "cannot be split"));
	lines_close(&f->l);
	assert_int_equal(lines_open(&f->l, f->path.buf, 0, 3, &f->err), -1);
	buf_release(&gz);
}

static void lines_decode_thread__large_gzip__returns_the_same_lines(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT, gz = BUF_INIT;
	const char *line;
	size_t len, n = 0;
	int rc;

	/* past several 4 MB chunks of the decoder's ring */
	for (int i = 0; i < 600000; i++)
		buf_addf(&text, "{\"id\":\"W%d\",\"year\":%d}\n", i, 1990 + i % 35);
	gzip_member(&gz, text.buf, text.len, 6);
	assert_int_equal(lines_open(&f->l, put(f, "big.gz", gz.buf, gz.len), 0, 0, &f->err), 0);
	assert_int_equal(lines_decode_thread(&f->l, &f->err), 0);
	assert_non_null(f->l.pipe);
	buf_reset(&f->got);
	while ((rc = lines_next(&f->l, &line, &len, &f->err)) == 1) {
		buf_reset(&f->got);
		buf_addf(&f->got, "{\"id\":\"W%zu\",\"year\":%zu}", n, 1990 + n % 35);
		if (len != f->got.len || memcmp(line, f->got.buf, len))
			fail_msg("line %zu differs", n + 1);
		n++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 600000);
	assert_int_equal(f->l.lineno, 600000);
	assert_int_equal(f->l.in_bytes, gz.len);
	buf_release(&text);
	buf_release(&gz);
}

static void lines_decode_thread__plain_file__does_nothing(void **state)
{
	struct fx *f = *state;

	assert_int_equal(lines_open(&f->l, put(f, "p", "x\ny\n", 4), 0, 0, &f->err), 0);
	assert_int_equal(lines_decode_thread(&f->l, &f->err), 0);
	assert_null(f->l.pipe);
	assert_int_equal(read_all(f), 0);
	assert_string_equal(f->got.buf, "x|y|");
}

static void lines_open__any_split_in_two__returns_every_line_once(void **state)
{
	struct fx *f = *state;
	const char text[] = "alpha\nb\n\n\nlonger line here\nx\nlast";
	const size_t n = strlen(text);
	struct buf both = BUF_INIT;

	put(f, "s.txt", text, n);
	/* from 1: a range [0, 0) would mean the whole file */
	for (size_t k = 1; k <= n + 2; k++) {
		buf_reset(&both);
		read_range(f, f->path.buf, 0, k, &both);
		read_range(f, f->path.buf, k, 0, &both);
		if (strcmp(both.buf, "alpha|b|||longer line here|x|last|"))
			fail_msg("split at %zu: %s", k, both.buf);
	}
	buf_release(&both);
}

static void lines_open__any_split_in_three__returns_every_line_once(void **state)
{
	struct fx *f = *state;
	const char text[] = "ab\ncd\n\nef\ng\n";
	const size_t n = strlen(text);
	struct buf all = BUF_INIT;

	put(f, "t.txt", text, n);
	for (size_t a = 1; a <= n; a++)
		for (size_t b = a; b <= n; b++) {
			buf_reset(&all);
			read_range(f, f->path.buf, 0, a, &all);
			read_range(f, f->path.buf, a, b, &all);
			read_range(f, f->path.buf, b, 0, &all);
			if (strcmp(all.buf, "ab|cd||ef|g|"))
				fail_msg("split at %zu, %zu: %s", a, b, all.buf);
		}
	buf_release(&all);
}

static void lines_open__range_from_a_line_start__owns_that_line(void **state)
{
	struct fx *f = *state;
	struct buf got = BUF_INIT;

	put(f, "u.txt", "aa\nbb\ncc\n", 9);
	read_range(f, f->path.buf, 3, 6, &got);	/* "bb\n" exactly */
	assert_string_equal(got.buf, "bb|");
	buf_reset(&got);
	read_range(f, f->path.buf, 4, 6, &got);	/* starts inside bb: nothing */
	assert_string_equal(got.buf, "");
	buf_reset(&got);
	read_range(f, f->path.buf, 4, 7, &got);	/* cc starts at 6 */
	assert_string_equal(got.buf, "cc|");
	buf_release(&got);
}

static void lines_next__line_past_the_buffer_and_max_line__is_skipped_and_counted(void **state)
{
	enum { LONG = 9 << 20 };
	struct fx *f = *state;
	struct buf text = BUF_INIT;
	const char *line;
	size_t len;

	buf_addstr(&text, "short\n");
	for (int i = 0; i < LONG; i++)
		buf_addch(&text, 'x');
	buf_addstr(&text, "\nafter\n");
	assert_int_equal(lines_open(&f->l, put(f, "long", text.buf, text.len), 0, 0, &f->err), 0);
	f->l.max_line = 1 << 20;
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 1);
	assert_int_equal(len, 5);
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 2);
	assert_int_equal(len, LONG);
	assert_int_equal(f->l.lineno, 2);
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 1);
	assert_int_equal(len, 5);
	assert_memory_equal(line, "after", 5);
	assert_int_equal(f->l.lineno, 3);
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 0);
	/* the buffer stayed bounded */
	assert_true(f->l.alloc <= f->l.max_line + ((size_t)4 << 20) + 1);
	buf_release(&text);
}

static void lines_next__line_longer_than_max_line_inside_the_buffer__is_skipped(void **state)
{
	struct fx *f = *state;
	const char text[] = "short\n0123456789abcdef\nok\n";
	const char *line;
	size_t len;

	assert_int_equal(lines_open(&f->l, put(f, "m", text, strlen(text)), 0, 0, &f->err), 0);
	f->l.max_line = 8;
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 1);
	assert_int_equal(len, 5);
	/* 16 bytes > max_line 8, though the whole file sits in the buffer */
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 2);
	assert_int_equal(len, 16);
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 1);
	assert_memory_equal(line, "ok", 2);
	assert_int_equal(f->l.lineno, 3);
	/* a line of exactly max_line bytes is a line */
	lines_close(&f->l);
	assert_int_equal(lines_open(&f->l, put(f, "m8", "12345678", 8), 0, 0, &f->err), 0);
	f->l.max_line = 8;
	assert_int_equal(lines_next(&f->l, &line, &len, &f->err), 1);
	assert_int_equal(len, 8);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(lines_next__plain_file__returns_each_line_without_its_newline),
		T(lines_next__final_newline__adds_no_empty_line),
		T(lines_next__empty_file__ends_at_once),
		T(lines_open__missing_file__fails_naming_it),
		T(lines_is_gzip__magic_bytes__decide),
		T(lines_next__gzip_file__returns_the_decoded_lines),
		T(lines_next__concatenated_gzip_members__are_read_in_turn),
		T(lines_next__truncated_gzip__fails_naming_the_file),
		T(lines_next__corrupt_gzip__fails_naming_the_file),
		T(lines_open__gzip_with_a_range__is_refused),
		T(lines_decode_thread__large_gzip__returns_the_same_lines),
		T(lines_decode_thread__plain_file__does_nothing),
		T(lines_open__any_split_in_two__returns_every_line_once),
		T(lines_open__any_split_in_three__returns_every_line_once),
		T(lines_open__range_from_a_line_start__owns_that_line),
		T(lines_next__line_past_the_buffer_and_max_line__is_skipped_and_counted),
		T(lines_next__line_longer_than_max_line_inside_the_buffer__is_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
