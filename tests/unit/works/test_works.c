/* The aggregate: definitions on hand-made works, merge and partials. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/works.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

/* inst: "I1:KZ" (institution:country, country may be empty) */
static void add_work(struct works_agg *a, int year, const char *countries,
		     const char *const *insts, size_t ninst)
{
	struct work_builder b;

	wb_init(&b);
	b.year = year;
	for (const char *c = countries; *c; c += c[2] ? 3 : 2) {
		char cc[3] = { c[0], c[1], '\0' };
		wb_country(&b, cc);
	}
	for (size_t i = 0; i < ninst; i++) {
		const char *colon = strchr(insts[i], ':');
		wb_inst(&b, insts[i], (size_t)(colon - insts[i]), NULL, 0, colon + 1);
	}
	works_agg_add(wb_finish(&b), a);
	wb_release(&b);
}

/*
 * I1 (KZ) with: 2019 W1 {KZ,US} I1,I2:US; 2020 W2 {KZ,US} I1,I2:US,I3:KZ;
 * 2021 W3 {KZ,US,DE} I1,I2:US,I4:DE; 2021 W4 {KZ} I1,I3:KZ; 2021 W5 {KZ} I1.
 * Not I1's: 2021 W6 {FR} I9:FR.
 */
static void fill(struct works_agg *a, int from, int to)
{
	static const char *w1[] = { "I1:KZ", "I2:US" };
	static const char *w2[] = { "I1:KZ", "I2:US", "I3:KZ" };
	static const char *w3[] = { "I1:KZ", "I2:US", "I4:DE" };
	static const char *w4[] = { "I1:KZ", "I3:KZ" };
	static const char *w5[] = { "I1:KZ" };
	static const char *w6[] = { "I9:FR" };
	int n = 0;

#define W(...) do { if (n >= from && n < to) add_work(a, __VA_ARGS__); n++; } while (0)
	W(2019, "KZ,US", w1, 2);
	W(2020, "KZ,US", w2, 3);
	W(2021, "DE,KZ,US", w3, 3);
	W(2021, "KZ", w4, 2);
	W(2021, "KZ", w5, 1);
	W(2021, "FR", w6, 1);
#undef W
}

static void init(struct works_agg *a)
{
	struct works_opts o = { .leiden = true };

	works_agg_init(a, &o);
	works_agg_add_subject(a, "https://openalex.org/I1");
}

static void works_agg__one_institution__counts_by_hand(void **state)
{
	struct works_agg a;
	struct works_result r;

	(void)state;
	init(&a);
	fill(&a, 0, 99);
	assert_int_equal(works_agg_nsubjects(&a), 1);
	works_agg_result(&a, 0, &r);
	assert_string_equal(r.subject, "I1");
	assert_int_equal(r.nyears, 3);
	/* 2021: W3, W4, W5; intl W3; collab W3, W4 (two institutions) */
	assert_int_equal(r.years[2].year, 2021);
	assert_int_equal(r.years[2].works, 3);
	assert_int_equal(r.years[2].works_intl, 1);
	assert_int_equal(r.years[2].works_collab, 2);
	assert_true(fabs(r.years[2].share_intl - 1.0 / 3) < 1e-15);
	assert_true(fabs(r.years[2].p_collab - 2.0 / 3) < 1e-15);
	/* partner countries 2021: DE 1, US 1 (KZ is home) */
	assert_int_equal(r.years[2].ncountries, 2);
	assert_string_equal(r.years[2].countries[0].key, "DE");
	assert_string_equal(r.years[2].countries[1].key, "US");
	/* international partner institutions 2021: I2 (US), I4 (DE); not I3 (KZ) */
	assert_int_equal(r.years[2].npartners, 2);
	assert_string_equal(r.years[2].partners[0].key, "I2");
	assert_string_equal(r.years[2].partners[1].key, "I4");
	/*
	 * IRN 2021 (window 2017-2021): I2 has 3 joint works (>= 3), I4 one:
	 * P = 1, L = 1, index undefined (ln 1 = 0) -> null.
	 */
	assert_int_equal(r.years[2].irn_from, 2017);
	assert_int_equal(r.years[2].irn_partners, 1);
	assert_int_equal(r.years[2].irn_countries, 1);
	assert_true(isnan(r.years[2].irn));
	/* 2019: P = 0 */
	assert_int_equal(r.years[0].irn_partners, 0);
	works_result_release(&r);
	works_agg_release(&a);
}

static void works_agg__irn__is_countries_over_log_partners(void **state)
{
	static const char *w[] = { "I1:KZ", "I2:US", "I3:US", "I4:DE" };
	struct works_agg a;
	struct works_result r;

	(void)state;
	init(&a);
	for (int y = 2018; y <= 2020; y++)
		add_work(&a, y, "DE,KZ,US", w, 4);
	works_agg_result(&a, 0, &r);
	/* 2020: I2, I3, I4 each 3 joint works: P = 3, L = 2 (US, DE): 2 / ln 3 */
	assert_int_equal(r.years[2].irn_partners, 3);
	assert_int_equal(r.years[2].irn_countries, 2);
	assert_true(fabs(r.years[2].irn - 2 / log(3)) < 1e-15);
	/* 2019: each 2 works: P = 0 */
	assert_int_equal(r.years[1].irn_partners, 0);
	works_result_release(&r);
	works_agg_release(&a);
}

/* Whole output of an aggregate as a string (caller releases). */
static void out(const struct works_agg *a, struct buf *b)
{
	buf_reset(b);
	works_write(a, WORKS_OUT_JSON, b);
	works_write(a, WORKS_OUT_CSV, b);
	works_write(a, WORKS_OUT_CSV_COUNTRIES, b);
	works_write(a, WORKS_OUT_CSV_PARTNERS, b);
}

static void works_agg_merge__any_split__gives_the_same_bytes(void **state)
{
	struct works_agg all, x, y;
	struct buf b1 = BUF_INIT, b2 = BUF_INIT, err = BUF_INIT;

	(void)state;
	init(&all);
	fill(&all, 0, 99);
	out(&all, &b1);
	for (int cut = 0; cut <= 6; cut++) {
		init(&x);
		init(&y);
		fill(&y, cut, 99);
		fill(&x, 0, cut);
		assert_int_equal(works_agg_merge(&x, &y, &err), 0);
		out(&x, &b2);
		assert_string_equal(b1.buf, b2.buf);
		works_agg_release(&x);
		works_agg_release(&y);
	}
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&err);
	works_agg_release(&all);
}

static void works_partial__written_and_read__gives_the_same_bytes(void **state)
{
	struct works_agg all, back;
	struct works_opts o = { 0 };
	struct buf p = BUF_INIT, b1 = BUF_INIT, b2 = BUF_INIT, err = BUF_INIT;

	(void)state;
	init(&all);
	fill(&all, 0, 99);
	works_agg_unknown(&all, "Tab\there", 2);
	works_write_partial(&all, &p);
	works_agg_init(&back, &o);
	assert_int_equal(works_read_partial(&back, p.buf, p.len, "p", &err), 0);
	out(&all, &b1);
	out(&back, &b2);
	assert_string_equal(b1.buf, b2.buf);
	/* a cut partial is refused */
	works_agg_release(&back);
	works_agg_init(&back, &o);
	assert_int_equal(works_read_partial(&back, p.buf, p.len - 4, "p", &err), -1);
	assert_non_null(strstr(err.buf, "truncated"));
	works_agg_release(&back);
	works_agg_release(&all);
	buf_release(&p);
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&err);
}

static void works_agg_merge__different_options__is_refused(void **state)
{
	struct works_agg x, y;
	struct works_opts o = { .year_from = 2019, .year_to = 2020 };
	struct buf err = BUF_INIT;

	(void)state;
	init(&x);
	works_agg_init(&y, &o);
	works_agg_add_subject(&y, "I1");
	assert_int_equal(works_agg_merge(&x, &y, &err), -1);
	works_agg_release(&x);
	works_agg_release(&y);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(works_agg__one_institution__counts_by_hand),
		cmocka_unit_test(works_agg__irn__is_countries_over_log_partners),
		cmocka_unit_test(works_agg_merge__any_split__gives_the_same_bytes),
		cmocka_unit_test(works_partial__written_and_read__gives_the_same_bytes),
		cmocka_unit_test(works_agg_merge__different_options__is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
