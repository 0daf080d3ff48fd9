/*
 * collect/record.c: bytes into a unit's source record, with the provenance
 * a reader of kpis.json traces a number back with (size, sha256, when
 * fetched, state), and an extractor's failure class passed on unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../collect_fx.h"
#include "util/err.h"
#include "util/fs.h"
#include <math.h>
#include "util/banned.h"

static void unit_extract__a_body__records_its_size_sha256_time_and_state(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);
	char sha[65];

	cfx_rank_b(&body, "Fixture University", 7, 9);
	sha256_hex(body.buf, body.len, sha);
	/* 2026-12-02T02:30:00Z, when a cached copy was fetched */
	assert_int_equal(unit_extract(&f->r, u, idx, body.buf, body.len, u->url.buf,
				      1796178600LL, SRC_CACHED, &f->err), 0);
	assert_int_equal(f->t.sources[idx].bytes, (long long)body.len);
	assert_string_equal(f->t.sources[idx].sha256, sha);
	assert_string_equal(f->t.sources[idx].fetched_at, "2026-12-02T02:30:00Z");
	assert_int_equal(f->t.sources[idx].state, SRC_CACHED);
	assert_true(cfx_value(f, idx, "rank_b", 2021) == 7);
	assert_true(cfx_value(f, idx, "rank_b", 2022) == 9);
	buf_release(&body);
}

static void unit_provenance__capture_time_unknown__is_null_not_the_epoch(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	size_t idx = cfx_record(f, u);

	unit_provenance(&f->r, idx, 10, 1796178600LL, SRC_FRESH);
	assert_non_null(f->t.sources[idx].fetched_at);
	/* a bundled snapshot without its sidecar: when captured is unknown */
	unit_provenance(&f->r, idx, 10, -1, SRC_SNAPSHOT);
	assert_null(f->t.sources[idx].fetched_at);
	assert_int_equal(f->t.sources[idx].state, SRC_SNAPSHOT);
}

static void unit_extract__a_column_the_file_lacks__is_config_and_adds_nothing(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "totals", 0);
	static const char csv[] = "year,enrolment\n2021,1200\n";
	size_t idx = cfx_record(f, u);

	/* totals.json names the column "students" */
	assert_int_equal(unit_extract(&f->r, u, idx, csv, strlen(csv), "data/totals.csv",
				      f->r.now, SRC_FRESH, &f->err), ERR_CONFIG);
	assert_non_null(strstr(f->err.buf, "no column 'students'"));
	assert_int_equal(f->t.n, 0);
	assert_int_equal(f->t.sources[idx].state, SRC_FAILED);
	assert_null(f->t.sources[idx].fetched_at);
}

static void unit_extract__bytes_that_are_not_the_format__are_data(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	static const char html[] = "<html><body>maintenance</body></html>\n";
	size_t idx = cfx_record(f, u);

	assert_int_equal(unit_extract(&f->r, u, idx, html, strlen(html), u->url.buf,
				      f->r.now, SRC_FRESH, &f->err), ERR_DATA);
	assert_int_equal(f->t.n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, cfx_setup, cfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(unit_extract__a_body__records_its_size_sha256_time_and_state),
		T(unit_provenance__capture_time_unknown__is_null_not_the_epoch),
		T(unit_extract__a_column_the_file_lacks__is_config_and_adds_nothing),
		T(unit_extract__bytes_that_are_not_the_format__are_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
