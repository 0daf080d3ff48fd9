/*
 * collect/expect.c: a fresh body replaces the last good copy only when it
 * is plausible (docs/operations.md, "Expectations"). A web source's body
 * must name the university, keep every value of the last good copy and
 * stay within its expect block; one that falls short adds nothing and is
 * a data failure naming why, unless --accept takes it.
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

/* body kept as u's last good copy (the cache) */
static void keep(struct cfx *f, struct unit *u, const struct buf *body)
{
	unit_store(&f->r, u, body->buf, body->len, 200, NULL, NULL);
}

static int fresh(struct cfx *f, struct unit *u, size_t idx, const struct buf *body)
{
	buf_reset(&f->err);
	return unit_extract_fresh(&f->r, u, idx, body->buf, body->len, u->url.buf, &f->err);
}

static void plausible_body__is_added_fresh_with_its_sha256(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);
	char sha[65];

	cfx_rank_b(&body, "Fixture University", 7, 9);
	sha256_hex(body.buf, body.len, sha);
	assert_int_equal(fresh(f, u, idx, &body), 0);
	assert_int_equal(f->t.sources[idx].state, SRC_FRESH);
	assert_string_equal(f->t.sources[idx].sha256, sha);
	assert_true(cfx_value(f, idx, "rank_b", 2022) == 9);
	assert_false(u->implausible);
	buf_release(&body);
}

static void university_missing__is_refused_as_data_and_adds_nothing(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);

	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body);
	cfx_rank_b(&body, "Some Other University", 7, 9);
	assert_int_equal(fresh(f, u, idx, &body), ERR_DATA);
	/* the editions are there, the university's values null in both */
	assert_non_null(strstr(f->err.buf, "rank-b.json: not taken: yield fell from 2 to 0 "
				"observations: 2 values of the last good copy are missing or "
				"null (first: rank_b 2021)"));
	assert_non_null(strstr(f->err.buf, "; if the change is real: --accept rank-b"));
	assert_true(u->implausible);
	assert_int_equal(f->t.n, 0);
	assert_int_equal(f->t.sources[idx].state, SRC_FAILED);
	buf_release(&body);
}

static void table_without_the_university__is_refused_as_row_missing(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-a", 2021);
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);

	buf_addstr(&body, "<div class=results><table class=ranking><tr><th>Rank<th>Institution"
		   "<th>Overall score<tr><td>1<td>Other University<td>90</table></div>\n");
	assert_int_equal(fresh(f, u, idx, &body), ERR_DATA);
	assert_non_null(strstr(f->err.buf, "not taken: the university's row is missing "
				"(no row matches it in 'Institution'"));
	assert_true(u->implausible && u->row_missing);
	assert_int_equal(f->t.n, 0);
	buf_release(&body);
}

static void value_of_the_last_good_copy_lost__is_refused(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);

	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body);
	/* the 2022 edition dropped */
	cfx_rank_b(&body, "Fixture University", 7, 0);
	assert_int_equal(fresh(f, u, idx, &body), ERR_DATA);
	assert_non_null(strstr(f->err.buf, "yield fell from 2 to 1 observations: 1 value of the "
				"last good copy is missing or null (first: rank_b 2022)"));
	assert_false(u->row_missing);
	assert_int_equal(u->good_values, 2);
	assert_int_equal(u->fresh_values, 1);
	assert_int_equal(f->t.n, 0);
	buf_release(&body);
}

static void accept__takes_an_implausible_body_once(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	char *accept[] = { "rank-b" };
	size_t idx = cfx_record(f, u);

	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body);
	cfx_rank_b(&body, "Fixture University", 7, 0);
	f->o.accept = accept;
	f->o.naccept = 1;
	assert_int_equal(fresh(f, u, idx, &body), 0);
	assert_true(cfx_value(f, idx, "rank_b", 2021) == 7);
	assert_int_equal(f->t.sources[idx].state, SRC_FRESH);
	buf_release(&body);
}

static void expect_range__a_value_outside__is_refused_naming_it(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct source *s = (struct source *)u->s;
	struct expect_bound b = { "rank_b", 1, 500 };
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);

	s->expect.ranges = &b;
	s->expect.nranges = 1;
	/* a ranking served x100: rank 9 became 900 */
	cfx_rank_b(&body, "Fixture University", 7, 900);
	assert_int_equal(fresh(f, u, idx, &body), ERR_DATA);
	assert_non_null(strstr(f->err.buf, "rank_b 2022: 900 is outside expect.range [1, 500]"));
	assert_int_equal(f->t.n, 0);
	s->expect.ranges = NULL;
	s->expect.nranges = 0;
	buf_release(&body);
}

static void extraction_failure__keeps_its_class(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "totals", 0);
	struct buf body = BUF_INIT;
	size_t idx = cfx_record(f, u);

	buf_addstr(&body, "year,enrolment\n2021,1200\n");
	buf_reset(&f->err);
	assert_int_equal(unit_extract_fresh(&f->r, u, idx, body.buf, body.len, "data/totals.csv",
					    &f->err), ERR_CONFIG);
	assert_false(u->implausible);
	buf_release(&body);
}

#define T(name) cmocka_unit_test_setup_teardown(name, cfx_setup, cfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(plausible_body__is_added_fresh_with_its_sha256),
		T(university_missing__is_refused_as_data_and_adds_nothing),
		T(table_without_the_university__is_refused_as_row_missing),
		T(value_of_the_last_good_copy_lost__is_refused),
		T(accept__takes_an_implausible_body_once),
		T(expect_range__a_value_outside__is_refused_naming_it),
		T(extraction_failure__keeps_its_class),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
