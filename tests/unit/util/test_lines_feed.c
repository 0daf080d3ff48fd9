/*
 * The line feed (lines.h, lines_feed.c): a file, plain or gzip, as chunks
 * of whole lines that several threads take. The chunks in order of their
 * numbers hold every line once, each ended by '\n'; too long lines keep
 * their place; errors are told once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/lines.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include "../lines_fx.h"
#include <pthread.h>
#include <string.h>
#include <zlib.h>
#include "util/banned.h"

/* What takers saw: the chunks' bytes by number. */
struct seen {
	struct lines_feed *f;
	pthread_mutex_t mu;
	struct buf *by_seq;
	size_t n;
	int rc;
	struct buf err;
};

static void *taker(void *arg)
{
	struct seen *s = arg;
	struct lines_chunk *c;
	struct buf err = BUF_INIT;
	int r;

	while ((r = lines_feed_take(s->f, &c, &err)) > 0) {
		pthread_mutex_lock(&s->mu);
		if (c->seq >= s->n || !c->len || c->data[c->len - 1] != '\n')
			s->rc = -2;
		else
			buf_add(&s->by_seq[c->seq], c->data, c->len);
		pthread_mutex_unlock(&s->mu);
		lines_feed_give(s->f, c);
	}
	pthread_mutex_lock(&s->mu);
	if (r < 0) {
		s->rc = -1;
		buf_setf(&s->err, "%s", err.buf);
	}
	pthread_mutex_unlock(&s->mu);
	buf_release(&err);
	return NULL;
}

/* Every chunk of path taken by `threads` threads, joined in order into out;
 * returns what the takers saw (0, or -1). */
static int feed_all(struct fx *f, const char *path, int threads, struct buf *out)
{
	struct seen s = { 0 };
	pthread_t t[4];

	s.n = 4096;
	s.by_seq = xcalloc(s.n, sizeof(*s.by_seq));
	pthread_mutex_init(&s.mu, NULL);
	buf_init(&s.err, 0);
	assert_int_equal(lines_feed_open(&s.f, path, 3, &f->err), 0);
	for (int i = 0; i < threads; i++)
		assert_int_equal(pthread_create(&t[i], NULL, taker, &s), 0);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	lines_feed_close(s.f);
	for (size_t i = 0; i < s.n && s.by_seq[i].len; i++)
		buf_add(out, s.by_seq[i].buf, s.by_seq[i].len);
	for (size_t i = 0; i < s.n; i++)
		buf_release(&s.by_seq[i]);
	buf_reset(&f->err);
	buf_add(&f->err, s.err.buf, s.err.len);
	buf_release(&s.err);
	free(s.by_seq);
	pthread_mutex_destroy(&s.mu);
	assert_int_not_equal(s.rc, -2);
	return s.rc;
}

/* About 10 MB of numbered lines of varied length (several chunks). */
static void many_lines(struct buf *b)
{
	for (int i = 0; b->len < (size_t)10 << 20; i++) {
		buf_addf(b, "{\"line\":%d,\"pad\":\"", i);
		for (int k = 0; k < i % 300; k++)
			buf_addch(b, 'a' + k % 26);
		buf_addstr(b, "\"}\n");
	}
}

static void lines_feed__plain_file_by_two_threads__gives_every_line_once_in_order(void **state)
{
	struct fx *f = *state;
	struct buf data = BUF_INIT, got = BUF_INIT;

	many_lines(&data);
	assert_int_equal(feed_all(f, put(f, "p.jsonl", data.buf, data.len), 2, &got), 0);
	assert_int_equal(got.len, data.len);
	assert_memory_equal(got.buf, data.buf, data.len);
	buf_release(&data);
	buf_release(&got);
}

static void lines_feed__gzip_members_by_three_threads__give_the_decoded_lines(void **state)
{
	struct fx *f = *state;
	struct buf data = BUF_INIT, gz = BUF_INIT, got = BUF_INIT;

	many_lines(&data);
	gzip_member(&gz, data.buf, data.len / 2 + 7, 1);	/* a member ends inside a line */
	gzip_member(&gz, data.buf + data.len / 2 + 7, data.len - data.len / 2 - 7, 1);
	assert_int_equal(feed_all(f, put(f, "g.jsonl.gz", gz.buf, gz.len), 3, &got), 0);
	assert_int_equal(got.len, data.len);
	assert_memory_equal(got.buf, data.buf, data.len);
	buf_release(&data);
	buf_release(&gz);
	buf_release(&got);
}

static void lines_feed__last_line_without_newline__gets_one(void **state)
{
	struct fx *f = *state;
	struct buf got = BUF_INIT;

	assert_int_equal(feed_all(f, put(f, "n.txt", "a\n\nb", 4), 1, &got), 0);
	assert_string_equal(got.buf, "a\n\nb\n");
	buf_reset(&got);
	assert_int_equal(feed_all(f, put(f, "e.txt", "", 0), 2, &got), 0);
	assert_int_equal(got.len, 0);
	buf_release(&got);
}

static void lines_feed__truncated_gzip__fails_once_naming_the_file(void **state)
{
	struct fx *f = *state;
	struct buf data = BUF_INIT, gz = BUF_INIT, got = BUF_INIT;

	many_lines(&data);
	gzip_member(&gz, data.buf, data.len, 1);
	assert_int_equal(feed_all(f, put(f, "t.gz", gz.buf, gz.len / 2), 2, &got), -1);
	assert_non_null(strstr(f->err.buf, "t.gz"));
	assert_true(got.len < data.len);
	buf_release(&data);
	buf_release(&gz);
	buf_release(&got);
}

static void lines_feed__missing_file__fails_naming_it(void **state)
{
	struct fx *f = *state;
	struct lines_feed *feed;

	path_join(&f->path, f->dir.buf, "none.gz");
	assert_int_equal(lines_feed_open(&feed, f->path.buf, 2, &f->err), -1);
	assert_non_null(strstr(f->err.buf, "none.gz"));
	lines_feed_close(feed);
}

/* A line past LINES_MAX_LINE_DEFAULT: an empty line in its place, marked. */
static void lines_feed__line_past_max_line__is_marked_in_its_place(void **state)
{
	struct fx *f = *state;
	struct buf data = BUF_INIT, got = BUF_INIT;
	struct lines_feed *feed;
	struct lines_chunk *c;
	size_t marked = 0, lines = 0;
	int r;

	buf_addstr(&data, "first\n");
	for (size_t i = 0; i < LINES_MAX_LINE_DEFAULT + 10; i++)
		buf_addch(&data, 'x');
	buf_addstr(&data, "\nlast\n");
	assert_int_equal(lines_feed_open(&feed, put(f, "long.txt", data.buf, data.len), 2,
					 &f->err), 0);
	while ((r = lines_feed_take(feed, &c, &f->err)) > 0) {
		for (size_t i = 0; i < c->ntoo_long; i++) {
			assert_true(c->too_long[i] < c->len && c->data[c->too_long[i]] == '\n');
			marked++;
		}
		for (size_t i = 0; i < c->len; i++)
			lines += c->data[i] == '\n';
		buf_add(&got, c->data, c->len);
		lines_feed_give(feed, c);
	}
	assert_int_equal(r, 0);
	lines_feed_close(feed);
	assert_int_equal(marked, 1);
	assert_int_equal(lines, 3);
	assert_string_equal(got.buf, "first\n\nlast\n");
	buf_release(&data);
	buf_release(&got);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(lines_feed__plain_file_by_two_threads__gives_every_line_once_in_order),
		T(lines_feed__gzip_members_by_three_threads__give_the_decoded_lines),
		T(lines_feed__last_line_without_newline__gets_one),
		T(lines_feed__truncated_gzip__fails_once_naming_the_file),
		T(lines_feed__missing_file__fails_naming_it),
		T(lines_feed__line_past_max_line__is_marked_in_its_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
