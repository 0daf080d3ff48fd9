#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sources/cache.h"
#include "util/fs.h"
#include "../tmpdir.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
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

static void parse_iso_time__impossible_dates__are_refused(void **state)
{
	(void)state;
	assert_true(parse_iso_time("2023-02-29T00:00:00Z") == -1);	/* not a leap year */
	assert_true(parse_iso_time("2024-04-31T00:00:00Z") == -1);
	assert_true(parse_iso_time("2024-02-30T00:00:00Z") == -1);
	assert_true(parse_iso_time("2024-00-10T00:00:00Z") == -1);
	assert_true(parse_iso_time("2024-01-00T00:00:00Z") == -1);
	assert_true(parse_iso_time("2024-01-01T24:00:00Z") == -1);
	assert_true(parse_iso_time("2024-01-01T00:60:00Z") == -1);
	/* the last day of each month is fine */
	assert_true(parse_iso_time("2024-02-29T00:00:00Z") == 19782LL * 86400);
	assert_true(parse_iso_time("2023-12-31T23:59:59Z") == 19722LL * 86400 + 86399);
	assert_true(parse_iso_time("2000-02-29T00:00:00Z") > 0);	/* divisible by 400 */
	assert_true(parse_iso_time("2100-02-29T00:00:00Z") == -1);	/* by 100 only */
	/* a leap second is a time */
	assert_true(parse_iso_time("2016-12-31T23:59:60Z") == 17166LL * 86400 + 86400);
}

/* One cache record's directory under a fresh temporary OUTPUT. */
struct cfx {
	struct buf out, dir, err, body, path;
	struct cache_meta m, r;
};

static int cfx_setup(void **state)
{
	static struct cfx f;

	memset(&f, 0, sizeof(f));
	buf_init(&f.out, 0);
	buf_init(&f.dir, 0);
	buf_init(&f.err, 0);
	buf_init(&f.body, 0);
	buf_init(&f.path, 0);
	if (tmpdir_make(&f.out, "cache"))
		return -1;
	cache_dir(&f.dir, f.out.buf, "students", 0);
	*state = &f;
	return 0;
}

static int cfx_teardown(void **state)
{
	struct cfx *f = *state;
	int rc = tmpdir_remove(f->out.buf);

	cache_meta_release(&f->m);
	cache_meta_release(&f->r);
	buf_release(&f->out);
	buf_release(&f->dir);
	buf_release(&f->err);
	buf_release(&f->body);
	buf_release(&f->path);
	return rc;
}

static void cache_dir__not_paged__has_no_year(void **state)
{
	struct cfx *f = *state;
	struct buf d = BUF_INIT;

	cache_dir(&d, "out/", "web", 0);
	assert_string_equal(d.buf, "out/cache/web");
	cache_dir(&d, "out", "web", 2019);
	assert_string_equal(d.buf, "out/cache/web/2019");
	assert_string_equal(f->dir.buf + f->out.len, "/cache/students");
	buf_release(&d);
}

static void cache_write__sets_sha256_and_bytes_in_the_callers_meta(void **state)
{
	struct cfx *f = *state;

	f->m.path = xstrdup("data/students.csv");
	f->m.fetched_at = 1700000000;
	assert_int_equal(cache_write(f->dir.buf, "abc", 3, &f->m, &f->err), 0);
	assert_string_equal(f->m.sha256,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(f->m.bytes == 3);
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), 0);
	assert_string_equal(f->r.path, "data/students.csv");
	assert_null(f->r.url);
	assert_int_equal(f->r.status, 0);
}

static void cache_write_meta__a_304__keeps_the_body_and_updates_the_meta(void **state)
{
	struct cfx *f = *state;

	f->m.url = xstrdup("http://127.0.0.1/x.csv");
	f->m.status = 200;
	f->m.etag = xstrdup("\"v1\"");
	f->m.fetched_at = 1700000000;
	assert_int_equal(cache_write(f->dir.buf, "year,n\n2020,5\n", 14, &f->m, &f->err), 0);
	f->m.status = 304;
	f->m.fetched_at = 1700086400;
	assert_int_equal(cache_write_meta(f->dir.buf, &f->m, &f->err), 0);
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), 0);
	assert_int_equal(f->r.status, 304);
	assert_true(f->r.fetched_at == 1700086400);
	assert_string_equal(f->r.etag, "\"v1\"");
	assert_true(f->r.bytes == 14);
	assert_int_equal(cache_read_body(f->dir.buf, &f->r, &f->body, &f->err), 0);
	assert_string_equal(f->body.buf, "year,n\n2020,5\n");
}

/* The discover page's 304 wrote a meta without the body's digest (issue 20). */
static void cache_write_meta__without_the_bodys_sha256__is_refused_and_the_copy_kept(void **state)
{
	struct cfx *f = *state;
	struct cache_meta bare = { 0 };

	f->m.url = xstrdup("http://127.0.0.1/page");
	f->m.status = 200;
	f->m.fetched_at = 1700000000;
	assert_int_equal(cache_write(f->dir.buf, "<html>", 6, &f->m, &f->err), 0);
	bare.url = "http://127.0.0.1/page";
	bare.status = 304;
	bare.fetched_at = 1700086400;
	assert_int_equal(cache_write_meta(f->dir.buf, &bare, &f->err), -1);
	assert_non_null(strstr(f->err.buf, "needs its sha256"));
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), 0);
	assert_true(f->r.bytes == 6 && f->r.status == 200);
	assert_int_equal(cache_read_body(f->dir.buf, &f->r, &f->body, &f->err), 0);
}

static void cache_read_meta__broken_or_incomplete_meta__is_refused_naming_it(void **state)
{
	struct cfx *f = *state;

	assert_int_equal(mkdir_p(f->dir.buf, &f->err), 0);
	path_join(&f->path, f->dir.buf, "meta.json");
	/* none at all */
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	tmpdir_put(f->dir.buf, "meta.json", "{\"url\": \"http://x\", ");
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, "invalid JSON"));
	tmpdir_put(f->dir.buf, "meta.json",
		   "{\"fetched_at\": \"2024-01-01T00:00:00Z\", \"bytes\": 3}");
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), -1);
	assert_non_null(strstr(f->err.buf, "lacks fetched_at, sha256 or bytes"));
	tmpdir_put(f->dir.buf, "meta.json",
		   "{\"fetched_at\": \"2024-02-30T00:00:00Z\", \"bytes\": 3, \"sha256\": "
		   "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}");
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), -1);
	assert_null(f->r.url);
}

static void cache_read_body__missing_body__fails_naming_it(void **state)
{
	struct cfx *f = *state;

	f->m.fetched_at = 1700000000;
	assert_int_equal(cache_write(f->dir.buf, "abc", 3, &f->m, &f->err), 0);
	path_join(&f->path, f->dir.buf, "body");
	assert_int_equal(unlink(f->path.buf), 0);
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), 0);
	assert_int_equal(cache_read_body(f->dir.buf, &f->r, &f->body, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_int_equal(f->body.len, 0);
}

static void cache_read_body__cut_body__is_refused(void **state)
{
	struct cfx *f = *state;

	f->m.fetched_at = 1700000000;
	assert_int_equal(cache_write(f->dir.buf, "0123456789", 10, &f->m, &f->err), 0);
	tmpdir_put(f->dir.buf, "body", "01234");
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), 0);
	assert_int_equal(cache_read_body(f->dir.buf, &f->r, &f->body, &f->err), -1);
	assert_non_null(strstr(f->err.buf, "does not match its meta.json"));
	assert_string_equal(f->body.buf, "");
}

/*
 * cache_write in a child whose files may not pass limit bytes: the body
 * fits, meta.json does not, as when a run dies between the two writes.
 */
static void cache_write_with_meta_failing(struct cfx *f, const char *body)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 64, 64 };
		struct buf err = BUF_INIT;
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl))
			_exit(2);
		_exit(cache_write(f->dir.buf, body, strlen(body), &f->m, &err) == -1 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void cache_write__meta_fails_twice_in_a_row__the_old_pair_stays_usable(void **state)
{
	struct cfx *f = *state;

	f->m.url = xstrdup("http://127.0.0.1/x.csv");
	f->m.fetched_at = 1700000000;
	assert_int_equal(cache_write(f->dir.buf, "good old body", 13, &f->m, &f->err), 0);
	cache_write_with_meta_failing(f, "torn 1");
	cache_write_with_meta_failing(f, "torn 2, longer");
	/* the body is the last torn one; the meta and body.prev still agree */
	path_join(&f->path, f->dir.buf, "body");
	assert_int_equal(file_read(f->path.buf, &f->body, 0, &f->err), 0);
	assert_string_equal(f->body.buf, "torn 2, longer");
	assert_int_equal(cache_read_meta(f->dir.buf, &f->r, &f->err), 0);
	assert_int_equal(cache_read_body(f->dir.buf, &f->r, &f->body, &f->err), 0);
	assert_string_equal(f->body.buf, "good old body");
}

#define T(name) cmocka_unit_test_setup_teardown(name, cfx_setup, cfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_iso_time__valid_and_invalid__parse_or_refuse),
		cmocka_unit_test(cache_write__then_read__round_trips_and_refuses_a_changed_body),
		cmocka_unit_test(cache_read_body__write_interrupted_before_meta__uses_the_previous_body),
		cmocka_unit_test(parse_iso_time__impossible_dates__are_refused),
		T(cache_dir__not_paged__has_no_year),
		T(cache_write__sets_sha256_and_bytes_in_the_callers_meta),
		T(cache_write_meta__a_304__keeps_the_body_and_updates_the_meta),
		T(cache_write_meta__without_the_bodys_sha256__is_refused_and_the_copy_kept),
		T(cache_read_meta__broken_or_incomplete_meta__is_refused_naming_it),
		T(cache_read_body__missing_body__fails_naming_it),
		T(cache_read_body__cut_body__is_refused),
		T(cache_write__meta_fails_twice_in_a_row__the_old_pair_stays_usable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
