/* snapshot_meta_read: a bundled snapshot's sidecar, or honestly nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sources/snapshot.h"
#include "util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

static char dir[] = "/tmp/intlkpi-snap-XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int read_meta(const char *name, struct snapshot_meta *m, struct buf *err)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return snapshot_meta_read(path, m, err);
}

static void snapshot_meta_read__date__is_midnight_utc_with_its_fields(void **state)
{
	struct snapshot_meta m;
	struct buf err = BUF_INIT;
	(void)state;

	write_file("a.html.meta.json", "{\"captured\": \"2024-01-15\", \"origin\": \"https://example.org/r\","
		   " \"illustrative\": true, \"note\": \"n\"}");
	assert_int_equal(read_meta("a.html", &m, &err), 0);
	assert_string_equal(m.captured, "2024-01-15T00:00:00Z");
	/* 2024-01-15 is day 19737 since 1970-01-01: 19737 * 86400 */
	assert_true(m.captured_at == 1705276800LL);
	assert_string_equal(m.origin, "https://example.org/r");
	assert_string_equal(m.note, "n");
	assert_true(m.illustrative);
	snapshot_meta_release(&m);
	buf_release(&err);
}

static void snapshot_meta_read__full_time__is_kept(void **state)
{
	struct snapshot_meta m;
	struct buf err = BUF_INIT;
	(void)state;

	write_file("b.json.meta.json", "{\"captured\": \"2024-01-15T10:30:00Z\"}");
	assert_int_equal(read_meta("b.json", &m, &err), 0);
	assert_true(m.captured_at == 1705276800LL + 10 * 3600 + 30 * 60);
	assert_false(m.illustrative);
	assert_null(m.origin);
	snapshot_meta_release(&m);
	buf_release(&err);
}

static void snapshot_meta_read__no_sidecar__is_unknown_not_the_mtime(void **state)
{
	struct snapshot_meta m;
	struct buf err = BUF_INIT;
	(void)state;

	write_file("c.html", "<table></table>");
	assert_int_equal(read_meta("c.html", &m, &err), 1);
	assert_true(m.captured_at == -1);
	assert_null(m.captured);
	snapshot_meta_release(&m);
	buf_release(&err);
}

static void assert_bad(const char *text, const char *why)
{
	struct snapshot_meta m;
	struct buf err = BUF_INIT;

	write_file("d.html.meta.json", text);
	assert_int_equal(read_meta("d.html", &m, &err), -1);
	assert_true(m.captured_at == -1);
	if (!strstr(err.buf, why) || !strstr(err.buf, "d.html.meta.json"))
		fail_msg("error '%s' lacks '%s' or the file", err.buf, why);
	snapshot_meta_release(&m);
	buf_release(&err);
}

static void snapshot_meta_read__bad_sidecars__are_errors_naming_the_file(void **state)
{
	(void)state;
	assert_bad("{\"captured\": \"2024-01-15\", \"fetched\": 1}", "unknown key 'fetched'");
	assert_bad("{\"origin\": \"x\"}", "missing required key 'captured'");
	assert_bad("{\"captured\": \"15.01.2024\"}", "expected 'captured' to be a date");
	assert_bad("{\"captured\": \"2024-13-01\"}", "expected 'captured' to be a date");
	assert_bad("{\"captured\": \"2024-01-15\", \"illustrative\": \"yes\"}", "true or false");
	assert_bad("[1]", "expected a JSON object");
	assert_bad("{\"captured\": 2024}", "'captured' to be a string");
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	static const char *const names[] = { "a.html.meta.json", "b.json.meta.json",
					     "c.html", "d.html.meta.json" };
	char path[256];
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_meta_read__date__is_midnight_utc_with_its_fields),
		cmocka_unit_test(snapshot_meta_read__full_time__is_kept),
		cmocka_unit_test(snapshot_meta_read__no_sidecar__is_unknown_not_the_mtime),
		cmocka_unit_test(snapshot_meta_read__bad_sidecars__are_errors_naming_the_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
