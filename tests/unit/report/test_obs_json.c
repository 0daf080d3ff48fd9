#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "obs/obs.h"
#include "report/obs_json.h"
#include "report/report.h"
#include "util/buf.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Two sources: a fresh one with three observations and a failed one. */
static void two_sources(struct obs_table *t)
{
	struct obs_source a = { 0 }, b = { 0 };
	char *warned[] = { "data/students.csv:5: the same row as line 3 (every cell equal; 1 such row in all): \"sum\" adds them up, so each counts again" };
	size_t i;

	obs_init(t);
	a.id = "students";
	a.kind = "csv";
	a.title = "Students \"by\" country";
	a.path = "data/students.csv";
	a.fetched_at = "2024-01-31T02:00:00Z";
	a.bytes = 120;
	a.state = SRC_FRESH;
	memcpy(a.sha256, SHA, 65);
	a.warnings = warned;
	a.nwarnings = 1;
	i = obs_add_source(t, &a);
	obs_add(t, i, "intl_students", 2021, "IN", 100, 3);
	obs_add(t, i, "intl_students", 2021, "RU", NAN, 4);
	obs_add(t, i, "intl_students", 2022, "IN", 0.25, 5);
	b.id = "ranks";
	b.kind = "html-table";
	b.url = "https://example.org/";
	b.state = SRC_FAILED;
	b.error = "https://example.org/: HTTP 503";
	obs_add_source(t, &b);
	obs_sort(t);
}

static void obs_json_read__report_obs_json__reads_back_the_same_table(void **state)
{
	struct obs_table t, back;
	struct buf doc = BUF_INIT, stamp = BUF_INIT, err = BUF_INIT;
	(void)state;

	two_sources(&t);
	report_obs_json(&doc, &t, "2024-02-01T00:00:00Z");
	obs_init(&back);
	assert_int_equal(obs_json_read(&back, doc.buf, NULL, 0, &stamp, &err), 0);
	assert_string_equal(stamp.buf, "2024-02-01T00:00:00Z");
	assert_int_equal(back.nsources, 2);
	assert_int_equal(back.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(back.v[i].metric, t.v[i].metric);
		assert_int_equal(back.v[i].year, t.v[i].year);
		assert_string_equal(back.v[i].key, t.v[i].key);
		assert_int_equal(back.v[i].line, t.v[i].line);
		assert_int_equal(back.v[i].src, t.v[i].src);
		if (isnan(t.v[i].value))
			assert_true(isnan(back.v[i].value));
		else
			assert_float_equal(back.v[i].value, t.v[i].value, 0);
	}
	assert_string_equal(back.sources[0].title, "Students \"by\" country");
	assert_string_equal(back.sources[0].sha256, SHA);
	assert_int_equal(back.sources[0].bytes, 120);
	assert_int_equal(back.sources[0].nobs, 3);
	assert_int_equal(back.sources[0].nwarnings, 1);
	assert_string_equal(back.sources[0].warnings[0], t.sources[0].warnings[0]);
	assert_int_equal(back.sources[1].nwarnings, 0);
	assert_null(strstr(doc.buf + (strstr(doc.buf, "\"ranks\"") - doc.buf), "warnings"));
	assert_int_equal(back.sources[1].state, SRC_FAILED);
	assert_string_equal(back.sources[1].error, "https://example.org/: HTTP 503");
	assert_null(back.sources[1].fetched_at);
	assert_string_equal(back.sources[1].sha256, "");
	obs_release(&back);
	obs_release(&t);
	buf_release(&doc);
	buf_release(&stamp);
	buf_release(&err);
}

static void obs_json_read__source_and_year__keep_only_those(void **state)
{
	struct obs_table t, back;
	struct buf doc = BUF_INIT, err = BUF_INIT;
	(void)state;

	two_sources(&t);
	report_obs_json(&doc, &t, "2024-02-01T00:00:00Z");
	obs_init(&back);
	assert_int_equal(obs_json_read(&back, doc.buf, "students", 2021, NULL, &err), 0);
	assert_int_equal(back.nsources, 1);
	assert_int_equal(back.n, 2);
	assert_int_equal(back.sources[0].nobs, 2);
	assert_string_equal(back.v[1].key, "RU");
	obs_release(&back);

	obs_init(&back);
	assert_int_equal(obs_json_read(&back, doc.buf, "nothing", 0, NULL, &err), 0);
	assert_int_equal(back.nsources, 0);
	assert_int_equal(back.n, 0);
	obs_release(&back);
	obs_release(&t);
	buf_release(&doc);
	buf_release(&err);
}

/* A paged source: one record per page under one id, told apart by URL. */
static void obs_json_read__paged_source__observations_go_to_their_page(void **state)
{
	struct obs_table t, back;
	struct obs_source p = { 0 };
	struct buf doc = BUF_INIT, err = BUF_INIT;
	size_t a, b;
	(void)state;

	obs_init(&t);
	p.id = "rank";
	p.kind = "html-table";
	p.state = SRC_SNAPSHOT;
	p.fetched_at = "2024-01-31T02:00:00Z";
	p.url = "https://example.org/2021";
	memcpy(p.sha256, SHA, 65);
	a = obs_add_source(&t, &p);
	p.url = "https://example.org/2022";
	b = obs_add_source(&t, &p);
	obs_add(&t, b, "rank", 2022, NULL, 300, 7);
	obs_add(&t, a, "rank", 2021, NULL, 350, 9);
	obs_add(&t, b, "score", 2022, NULL, 40, 7);
	obs_sort(&t);
	report_obs_json(&doc, &t, "2024-02-01T00:00:00Z");
	obs_init(&back);
	assert_int_equal(obs_json_read(&back, doc.buf, "rank", 0, NULL, &err), 0);
	assert_int_equal(back.nsources, 2);
	assert_int_equal(back.sources[0].nobs, 1);
	assert_int_equal(back.sources[1].nobs, 2);
	for (size_t i = 0; i < back.n; i++)
		assert_string_equal(back.sources[back.v[i].src].url,
				    back.v[i].year == 2021 ? "https://example.org/2021" :
							     "https://example.org/2022");
	obs_release(&back);
	obs_release(&t);
	buf_release(&doc);
	buf_release(&err);
}

static void obs_json_read__other_documents__are_errors(void **state)
{
	static const char *const bad[] = {
		"",
		"[]",
		"{\"schema\":\"intlkpi.kpis/3\"}",
		"{\"schema\":\"intlkpi.observations/1\",\"sources\":[],"
		"\"observations\":[{\"metric\":\"m\",\"year\":2020,\"value\":1,\"source\":\"x\"}]}",
		"{\"schema\":\"intlkpi.observations/1\",\"sources\":[{\"id\":\"x\",\"state\":\"odd\"}]}",
		"{\"schema\":\"intlkpi.observations/1\",\"sources\":[],"
		"\"observations\":[{\"metric\":\"m\",\"year\":2020,\"value\":\"1\",\"source\":\"x\"}]}",
	};
	static const char *const why[] = { "not an intlkpi.observations/1", "not an",
		"not an", "no source 'x'", "sources[0]", "observations[0]" };
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct obs_table t;
		struct buf err = BUF_INIT;
		obs_init(&t);
		assert_int_equal(obs_json_read(&t, bad[i], NULL, 0, NULL, &err), -1);
		assert_non_null(strstr(err.buf, why[i]));
		obs_release(&t);
		buf_release(&err);
	}
}

/*
 * A source without a digest: its observations say sha256 null, as the
 * source record and observations.csv do, never "" (the schema allows a
 * 64-digit hex string or null).
 */
static void report_obs_json__source_without_digest__sha256_is_null(void **state)
{
	struct obs_table t;
	struct obs_source a = { 0 };
	struct buf doc = BUF_INIT;
	(void)state;

	obs_init(&t);
	a.id = "s";
	a.kind = "csv";
	obs_add(&t, obs_add_source(&t, &a), "m", 2021, NULL, 1, 2);
	report_obs_json(&doc, &t, "2024-02-01T00:00:00Z");
	assert_null(strstr(doc.buf, "\"sha256\":\"\""));
	assert_non_null(strstr(doc.buf, "\"line\":2,\"lines\":[2],\"pointer\":null,\"sha256\":null"));
	obs_release(&t);
	buf_release(&doc);
}

#define T(f) cmocka_unit_test(f)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(obs_json_read__report_obs_json__reads_back_the_same_table),
		T(obs_json_read__source_and_year__keep_only_those),
		T(obs_json_read__paged_source__observations_go_to_their_page),
		T(obs_json_read__other_documents__are_errors),
		T(report_obs_json__source_without_digest__sha256_is_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
