#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sources/cache.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

static void parse_iso_time__valid_and_invalid__parse_or_refuse(void **state)
{
	(void)state;
	assert_true(parse_iso_time("1970-01-01T00:00:00Z") == 0);
	/* 2024-02-29 is day 19782 since the epoch: 19782 * 86400 + 12:34:56 */
	assert_true(parse_iso_time("2024-02-29T12:34:56Z") == 19782LL * 86400 + 45296);
	assert_true(parse_iso_time("2024-02-29 12:34:56Z") == -1);
	assert_true(parse_iso_time("2024-13-01T00:00:00Z") == -1);
	assert_true(parse_iso_time("2024-01-01T00:00:00") == -1);
	assert_true(parse_iso_time("") == -1);
	assert_true(parse_iso_time(NULL) == -1);
}

static void cache_write__then_read__round_trips_and_refuses_a_changed_body(void **state)
{
	char tmpl[] = "/tmp/intlkpi-cache-XXXXXX";
	struct buf dir = BUF_INIT, err = BUF_INIT, body = BUF_INIT, path = BUF_INIT;
	struct cache_meta m = { 0 }, r;
	char *d = mkdtemp(tmpl);
	FILE *f;

	(void)state;
	assert_non_null(d);
	cache_dir(&dir, d, "src", 2021);
	assert_string_equal(dir.buf + strlen(d), "/cache/src/2021");
	m.url = xstrdup("https://example.org/x");
	m.status = 200;
	m.etag = xstrdup("\"abc\"");
	m.fetched_at = 1700000000;
	assert_int_equal(cache_write(dir.buf, "hello", 5, &m, &err), 0);
	assert_int_equal(cache_read_meta(dir.buf, &r, &err), 0);
	assert_string_equal(r.url, "https://example.org/x");
	assert_null(r.path);
	assert_null(r.last_modified);
	assert_string_equal(r.etag, "\"abc\"");
	assert_int_equal(r.status, 200);
	assert_true(r.fetched_at == 1700000000 && r.bytes == 5);
	/* sha256("hello") */
	assert_string_equal(r.sha256,
		"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	assert_int_equal(cache_read_body(dir.buf, &r, &body, &err), 0);
	assert_string_equal(body.buf, "hello");
	/* same size, other bytes: refused */
	path_join(&path, dir.buf, "body");
	f = fopen(path.buf, "wb");
	assert_non_null(f);
	fputs("hellO", f);
	fclose(f);
	assert_int_equal(cache_read_body(dir.buf, &r, &body, &err), -1);
	assert_non_null(strstr(err.buf, "does not match its meta.json"));
	assert_int_equal(body.len, 0);
	cache_meta_release(&r);
	cache_meta_release(&m);
	/* no meta.json at all */
	cache_dir(&dir, d, "none", 0);
	assert_int_equal(cache_read_meta(dir.buf, &r, &err), -1);
	/* clean up: the two files, then the directories from the leaf up */
	cache_dir(&dir, d, "src", 2021);
	unlink(path.buf);
	path_join(&path, dir.buf, "meta.json");
	unlink(path.buf);
	for (int i = 0; i < 3; i++) {
		rmdir(dir.buf);
		*strrchr(dir.buf, '/') = '\0';
	}
	rmdir(d);
	buf_release(&dir);
	buf_release(&err);
	buf_release(&body);
	buf_release(&path);
}

/*
 * A crash between writing body and meta.json: the old meta.json and
 * body.prev (a link to the old body) are still a good pair.
 */
static void cache_read_body__write_interrupted_before_meta__uses_the_previous_body(void **state)
{
	char tmpl[] = "/tmp/intlkpi-cache-XXXXXX";
	struct buf dir = BUF_INIT, err = BUF_INIT, body = BUF_INIT, path = BUF_INIT,
		   prev = BUF_INIT;
	struct cache_meta m = { 0 }, r;
	char *d = mkdtemp(tmpl);
	FILE *f;

	(void)state;
	assert_non_null(d);
	cache_dir(&dir, d, "src", 0);
	m.fetched_at = 1700000000;
	assert_int_equal(cache_write(dir.buf, "old body", 8, &m, &err), 0);
	path_join(&path, dir.buf, "body");
	path_join(&prev, dir.buf, "body.prev");
	/* a completed write leaves no body.prev */
	assert_int_equal(access(prev.buf, F_OK), -1);
	/* what cache_write does before a crash: link, then the new body */
	assert_int_equal(link(path.buf, prev.buf), 0);
	assert_int_equal(unlink(path.buf), 0);
	f = fopen(path.buf, "wb");
	assert_non_null(f);
	fputs("new body, longer", f);
	fclose(f);
	assert_int_equal(cache_read_meta(dir.buf, &r, &err), 0);
	assert_int_equal(cache_read_body(dir.buf, &r, &body, &err), 0);
	assert_string_equal(body.buf, "old body");
	/* the next complete write keeps the pair consistent and drops body.prev */
	assert_int_equal(cache_write(dir.buf, "newest", 6, &m, &err), 0);
	cache_meta_release(&r);
	assert_int_equal(cache_read_meta(dir.buf, &r, &err), 0);
	assert_int_equal(cache_read_body(dir.buf, &r, &body, &err), 0);
	assert_string_equal(body.buf, "newest");
	assert_int_equal(access(prev.buf, F_OK), -1);
	cache_meta_release(&r);
	cache_meta_release(&m);
	unlink(path.buf);
	path_join(&path, dir.buf, "meta.json");
	unlink(path.buf);
	for (int i = 0; i < 3; i++) {
		rmdir(dir.buf);
		*strrchr(dir.buf, '/') = '\0';
	}
	buf_release(&dir);
	buf_release(&err);
	buf_release(&body);
	buf_release(&path);
	buf_release(&prev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_iso_time__valid_and_invalid__parse_or_refuse),
		cmocka_unit_test(cache_write__then_read__round_trips_and_refuses_a_changed_body),
		cmocka_unit_test(cache_read_body__write_interrupted_before_meta__uses_the_previous_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
