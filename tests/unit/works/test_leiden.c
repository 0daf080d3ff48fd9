/*
 * Leiden collaboration indicators, the bootstrap and institution records:
 * the hand-checked fixture tests/fixtures/works/leiden_*.jsonl, and
 * --institutions all with its filters and merges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/works.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define REC "tests/fixtures/works/leiden_records.jsonl"
#define WORKS "tests/fixtures/works/leiden_works.jsonl"
#define CORE "tests/fixtures/works/leiden_core_sources.csv"

static struct country_table ct;
static struct inst_records rec;
static struct works_core core;

static int setup(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	inst_records_init(&rec);
	works_core_init(&core);
	if (country_table_load(&ct, NULL, &err) || inst_records_load(&rec, REC, &err) ||
	    works_core_load(&core, CORE, &err)) {
		buf_release(&err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	country_table_release(&ct);
	inst_records_release(&rec);
	works_core_release(&core);
	return 0;
}

/* Works of the fixture whose number (line - 1) is in [from, to). */
struct slice {
	struct works_agg *a;
	uint64_t from, to;
};

static int add_slice(const struct work *w, void *arg)
{
	struct slice *s = arg;

	if (w->line - 1 >= s->from && w->line - 1 < s->to)
		works_agg_add(w, s->a);
	return 0;
}

static void fill_core(struct works_agg *a, uint64_t from, uint64_t to,
		      const struct works_filter *f, bool with_core)
{
	struct works_opts o = { .year_from = 2019, .year_to = 2023, .leiden = true };
	struct works_read_stats st = { 0 };
	struct buf err = BUF_INIT;
	struct slice s = { a, from, to };

	works_agg_init(a, &o);
	works_agg_set_records(a, &rec);
	works_agg_set_core(a, with_core ? &core : NULL);
	works_agg_keep_leiden(a);
	works_agg_every(a, f);
	assert_int_equal(works_read_file(WORKS, WORKS_FMT_AUTO, &ct, add_slice, &s, &st, &err), 0);
	buf_release(&err);
}

static void fill(struct works_agg *a, uint64_t from, uint64_t to, const struct works_filter *f)
{
	fill_core(a, from, to, f, false);
}

/* Index of subject id in id order, or -1. */
static long find(const struct works_index *ix, const char *id)
{
	for (size_t i = 0; i < ix->nsubjects; i++)
		if (!strcmp(works_index_id(ix, i), id))
			return (long)i;
	return -1;
}

static void leiden_of(const struct works_agg *a, const char *id, int from, int to,
		      enum works_pubset set, struct works_leiden *l)
{
	struct works_index ix;
	struct works_result r;
	struct works_boot b;
	long i;

	works_boot_init(&b);
	works_index_build(&ix, &a, 1, 1);
	i = find(&ix, id);
	assert_true(i >= 0);
	works_index_result(&ix, (size_t)i, &r);
	works_leiden(&r, from, to, set, a->has_rec, &b, l);
	works_result_release(&r);
	works_index_release(&ix);
}

static void records__fixture__are_read_with_their_fields(void **state)
{
	const struct inst_rec *r;

	(void)state;
	/* six records and the line "not a record" (line 7) */
	assert_int_equal(rec.records, 6);
	assert_int_equal(rec.malformed, 1);
	assert_int_equal(rec.first_bad, 7);
	r = inst_records_find(&rec, "I2");
	assert_non_null(r);
	assert_string_equal(inst_records_type(&rec, r), "company");
	assert_string_equal(inst_records_ror(&rec, r), "0aaaaaa02");
	assert_string_equal(inst_records_name(&rec, r), "Company B (Astana)");
	assert_string_equal(r->country, "KZ");
	assert_true(fabs(r->lat - 51.10) < 1e-12);
	assert_false(inst_rec_located(inst_records_find(&rec, "I5")));	/* null coordinates */
	assert_null(inst_records_find(&rec, "I9"));
}

static void distance__astana_to_boston__is_about_9000_km(void **state)
{
	(void)state;
	/* Astana-Karaganda 192 km, Astana-Boston 9,001 km (CWTS: R 6371.01 km) */
	double d1 = inst_distance_km(51.17, 71.45, 49.80, 73.10);
	double d2 = inst_distance_km(51.17, 71.45, 42.36, -71.06);
	assert_true(d1 > 191 && d1 < 193);
	assert_true(d2 > 9000 && d2 < 9003);
	assert_true(inst_distance_km(10, 20, 10, 20) == 0);
}

static void core__sources_list__is_read_as_cwts_publishes_it(void **state)
{
	struct works_core c;
	struct buf err = BUF_INIT;

	(void)state;
	/* the fixture: S1 and S3 core (is_core_source 1), S2 and S4 not */
	assert_true(works_core_has(&core, 1) && works_core_has(&core, 3));
	assert_false(works_core_has(&core, 2) || works_core_has(&core, 4));
	assert_int_equal(core.sources, 2);
	assert_int_equal(works_core_source_num("https://openalex.org/S42", 24), 42);
	assert_int_equal(works_core_source_num("S42", 3), 42);
	assert_int_equal(works_core_source_num("W42", 3), 0);
	/* a list without core sources is refused, naming the file */
	works_core_init(&c);
	assert_int_equal(works_core_load(&c, REC, &err), -1);
	assert_non_null(strstr(err.buf, REC));
	works_core_release(&c);
	buf_release(&err);
}

/*
 * The fixture, subject I1 (University A, Astana) in 2020-2023 (W6 is of
 * 2019), each work and what CWTS's SQL makes of it:
 *   W1 I1 alone: not collaborative, so no distance class (CWTS counts
 *      short and long distances over collaborative works only).
 *   W2 I1 + company I2 (8 km): collab, industry, short (<= 100 km).
 *   W3 I1 + I3 (Boston, KZ-US, 9,001 km): collab, int collab, long.
 *   W4 I1 + I4 (Karaganda, 192 km) + an author without affiliation:
 *      collab, neither short nor long.
 *   W5 I1 + I5 (RU, no coordinates) + I3: collab, int collab; measured
 *      between I1 and I3: long.
 *   W7 I1 + I6, I1's hospital (lineage I6 -> I1): the university's own
 *      lineage, so not a collaboration of I1 (one unified institution).
 *   W8 I1 + I5: collab, int collab (KZ-RU); one institution with
 *      coordinates, so the distance is unmeasured, which CWTS takes as 0:
 *      short.
 *   W9 I1 + I3 whose authorship lists country KZ only: CWTS counts the
 *      institutions' countries too, so int collab (KZ-US); long.
 * Every work: P = 8 (W1-W5, W7-W9); P(collab) 6 (W2-W5, W8, W9); P(int
 * collab) 4 (W3, W5, W8, W9); P(industry) 1 (W2); P(short) 2 (W2, W8);
 * P(long) 3 (W3, W5, W9); located 5 (collaborative with two institutions
 * with coordinates: W2-W5, W9).
 * Fractional by author (1 / authors, over an author's affiliations, over
 * an affiliation's institutions): W1 1, W2 1/2, W3 1/3 (author A) + 1/3 x
 * (1/2 [Univ A] + 1/2 x 1/2 [Univ A and Univ C lab]) = 7/12, W4 1/3, W5
 * 1/3, W7 1 (both authors are the lineage's), W8 1/2, W9 1/2: 57/12.
 * By institution: 1 + 1/2 + 1/2 + 1/2 + 1/3 + 1 + 1/2 + 1/2 = 29/6.
 * Intervals: the inverses of the Binomial(n, k/n) CDF at the 26th and
 * 975th smallest of the 1000 uniforms of the indicator's stream, u =
 * (.026773, .975969) collab, (.023330, .981731) int collab, (.020670,
 * .986659) industry, (.025685, .965030) short, (.021629, .977074) long:
 *   collab Bin(8, .75): CDF(2) .0042, CDF(3) .0273, CDF(7) .8999 -> [3, 8]/8
 *   int collab Bin(8, .5): CDF(0) .0039, CDF(1) .0352; CDF(6) .9648, CDF(7) .9961 -> [1, 7]/8
 *   industry Bin(8, .125): CDF(0) .3436; CDF(2) .9327, CDF(3) .9888 -> [0, 3]/8
 *   short Bin(8, .25): CDF(0) .1001; CDF(3) .8862, CDF(4) .9727 -> [0, 4]/8
 *   long Bin(8, .375): CDF(0) .0233; CDF(5) .9640, CDF(6) .9944 -> [0, 6]/8
 */
static void leiden__fixture__indicators_as_cwts_computes_them(void **state)
{
	struct works_agg a;
	struct works_leiden l;

	(void)state;
	fill(&a, 0, 99, NULL);
	leiden_of(&a, "I1", 2020, 2023, WORKS_SET_EVERY, &l);
	assert_int_equal(l.p, 8);
	assert_true(fabs(l.p_frac - 57.0 / 12) < 1e-12);
	assert_true(fabs(l.p_frac_inst - 29.0 / 6) < 1e-12);
	assert_int_equal(l.collab.k, 6);
	assert_true(l.collab.pp == 0.75);
	assert_true(l.collab.lo == 0.375 && l.collab.hi == 1);
	assert_int_equal(l.intl.k, 4);
	assert_true(l.intl.lo == 0.125 && l.intl.hi == 0.875);
	assert_int_equal(l.industry.k, 1);
	assert_true(l.industry.lo == 0 && l.industry.hi == 0.375);
	assert_int_equal(l.short_dist.n, 8);
	assert_int_equal(l.short_dist.k, 2);
	assert_true(l.short_dist.pp == 0.25);
	assert_true(l.short_dist.lo == 0 && l.short_dist.hi == 0.5);
	assert_int_equal(l.long_dist.n, 8);
	assert_int_equal(l.long_dist.k, 3);
	assert_true(l.long_dist.pp == 0.375);
	assert_true(l.long_dist.lo == 0 && l.long_dist.hi == 0.75);
	assert_int_equal(l.located, 5);
	/* 2019-2022: W6, W1, W2, W3, W7, W8, W9 -> P 7; by author 1 + 1 + 1/2
	 * + 7/12 + 1 + 1/2 + 1/2 = 61/12 */
	leiden_of(&a, "I1", 2019, 2022, WORKS_SET_EVERY, &l);
	assert_int_equal(l.p, 7);
	assert_true(fabs(l.p_frac - 61.0 / 12) < 1e-12);
	/* the company's own works are not industry collaborations */
	leiden_of(&a, "I2", 2020, 2023, WORKS_SET_EVERY, &l);
	assert_int_equal(l.p, 1);
	assert_int_equal(l.industry.k, 0);
	assert_true(l.industry.lo == 0 && l.industry.hi == 0);
	/* the hospital's lineage holds the university, not the other way: for
	 * I6, W7 is a collaboration (with I1), 3 km apart */
	leiden_of(&a, "I6", 2020, 2023, WORKS_SET_EVERY, &l);
	assert_int_equal(l.p, 1);
	assert_int_equal(l.collab.k, 1);
	assert_int_equal(l.short_dist.k, 1);
	works_agg_release(&a);
}

/*
 * With --core (S1 and S3 core): W1 article in journal S1, W3 review in S1,
 * W5 book chapter in book series S3 are core publications; W2 (S2 not a
 * core source), W4 (Spanish) and W9 (book chapter on an ebook platform)
 * are publications but not core; W7 (retracted) and W8 (no references)
 * are neither. Core, 2020-2023: P 3, collab 2 (W3, W5), int collab 2,
 * industry 0, short 0, long 2 (W3, W5), located 2; by author 1 + 7/12 +
 * 1/3 = 23/12. All publications: P 6 (W1-W5, W9), collab 5, int collab 3
 * (W3, W5, W9), industry 1 (W2), short 1 (W2), long 3, located 5.
 */
static void leiden__core__core_and_all_publications_as_cwts_selects_them(void **state)
{
	struct works_agg a;
	struct works_leiden l;

	(void)state;
	fill_core(&a, 0, 99, NULL, true);
	leiden_of(&a, "I1", 2020, 2023, WORKS_SET_CORE, &l);
	assert_int_equal(l.p, 3);
	assert_true(fabs(l.p_frac - 23.0 / 12) < 1e-12);
	assert_int_equal(l.collab.k, 2);
	assert_int_equal(l.intl.k, 2);
	assert_int_equal(l.industry.k, 0);
	assert_int_equal(l.short_dist.k, 0);
	assert_int_equal(l.long_dist.k, 2);
	assert_int_equal(l.located, 2);
	leiden_of(&a, "I1", 2020, 2023, WORKS_SET_ALL, &l);
	assert_int_equal(l.p, 6);
	assert_int_equal(l.collab.k, 5);
	assert_int_equal(l.intl.k, 3);
	assert_int_equal(l.industry.k, 1);
	assert_int_equal(l.short_dist.k, 1);
	assert_int_equal(l.long_dist.k, 3);
	assert_int_equal(l.located, 5);
	/* every work is still counted for the JSON and CSV outputs */
	leiden_of(&a, "I1", 2020, 2023, WORKS_SET_EVERY, &l);
	assert_int_equal(l.p, 8);
	works_agg_release(&a);
}

static void leiden__without_records__record_indicators_are_null(void **state)
{
	struct works_agg a;
	struct works_leiden l;

	(void)state;
	fill(&a, 0, 99, NULL);
	works_agg_set_records(&a, NULL);
	leiden_of(&a, "I1", 2020, 2023, WORKS_SET_EVERY, &l);
	assert_int_equal(l.p, 8);
	assert_true(l.collab.pp == 0.75);
	assert_true(isnan(l.industry.pp) && isnan(l.short_dist.pp) && isnan(l.long_dist.pp));
	works_agg_release(&a);
}

/*
 * The reference the shortcut (works_boot_interval) is checked against:
 * 1000 resamples drawn one by one with leiden.c's own CDF, inversion and
 * uniform stream, so that what is checked is the shortcut (the order
 * statistics of the uniforms inverted, in place of those of the draws).
 */
static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The reference: 1000 resamples, each drawing how many of the n works
 * (drawn with replacement) have the property, Binomial(n, k/n), by
 * inverting its CDF with the next uniform of the stream seeded by seed;
 * the interval is the 26th and the 975th smallest of the 1000 PPs.
 */
static void works_bootstrap(uint64_t n, uint64_t k, uint64_t seed, double *lo, double *hi)
{
	uint64_t from, draws[WORKS_BOOTSTRAP], st = seed;
	size_t len;
	double *cdf;

	if (!n) {
		*lo = *hi = NAN;
		return;
	}
	if (!k || k == n) {
		*lo = *hi = (double)k / (double)n;
		return;
	}
	cdf = works_binom_cdf(n, k, &from, &len);
	for (int d = 0; d < WORKS_BOOTSTRAP; d++)
		draws[d] = works_binom_invert(cdf, len, from, works_boot_uniform(&st));
	free(cdf);
	qsort(draws, WORKS_BOOTSTRAP, sizeof(draws[0]), cmp_u64);
	*lo = (double)draws[WORKS_BOOTSTRAP / 40] / (double)n;
	*hi = (double)draws[WORKS_BOOTSTRAP - WORKS_BOOTSTRAP / 40 - 1] / (double)n;
}

static void bootstrap__shortcut__equals_the_1000_resamples(void **state)
{
	static const uint64_t nk[][2] = { { 2, 1 }, { 5, 4 }, { 7, 3 }, { 10, 1 }, { 40, 39 },
		{ 100, 50 }, { 333, 17 }, { 1000, 999 }, { 12345, 6000 }, { 1000000, 3 } };
	struct works_boot b;

	(void)state;
	works_boot_init(&b);
	for (unsigned ind = 0; ind < WORKS_BOOT_STREAMS; ind++)
		for (size_t i = 0; i < sizeof(nk) / sizeof(nk[0]); i++) {
			double lo1, hi1, lo2, hi2;
			works_bootstrap(nk[i][0], nk[i][1], works_boot_seed(ind), &lo1, &hi1);
			works_boot_interval(&b, ind, nk[i][0], nk[i][1], &lo2, &hi2);
			assert_true(lo1 == lo2);
			assert_true(hi1 == hi2);
			assert_true(lo1 <= (double)nk[i][1] / (double)nk[i][0]);
			assert_true(hi1 >= (double)nk[i][1] / (double)nk[i][0]);
		}
}

static void bootstrap__half_of_100__is_about_40_to_60_percent(void **state)
{
	double lo, hi;

	(void)state;
	/* Binomial(100, .5): 2.5% quantile 40, 97.5% quantile 60 */
	works_bootstrap(100, 50, works_boot_seed(0), &lo, &hi);
	assert_true(lo >= 0.38 && lo <= 0.42);
	assert_true(hi >= 0.58 && hi <= 0.62);
	works_bootstrap(0, 0, 1, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
}

/* Leiden table, JSON and a partial of an aggregate, as one string. */
static void out(const struct works_agg *a, struct buf *b)
{
	buf_reset(b);
	works_write(a, WORKS_OUT_LEIDEN, b);
	works_write(a, WORKS_OUT_LEIDEN_JSON, b);
	works_write(a, WORKS_OUT_JSON, b);
	works_write(a, WORKS_OUT_CSV_PARTNERS, b);
}

static void every__any_split_and_partials__give_the_same_bytes(void **state)
{
	struct works_agg all, x, y, back;
	struct works_opts o = { 0 };
	struct buf b1 = BUF_INIT, b2 = BUF_INIT, p = BUF_INIT, err = BUF_INIT;

	(void)state;
	fill_core(&all, 0, 99, NULL, true);
	assert_int_equal(works_agg_nsubjects(&all), 6);
	out(&all, &b1);
	for (uint64_t cut = 0; cut <= 9; cut++) {
		fill_core(&x, 0, cut, NULL, true);
		fill_core(&y, cut, 99, NULL, true);
		assert_int_equal(works_agg_merge(&x, &y, &err), 0);
		out(&x, &b2);
		assert_string_equal(b1.buf, b2.buf);
		/* and through the partial format (which carries the records' ROR ids) */
		buf_reset(&p);
		works_write_partial(&y, &p);
		works_agg_release(&y);
		works_agg_init(&back, &o);
		assert_int_equal(works_read_partial(&back, p.buf, p.len, "p", &err), 0);
		works_agg_release(&x);
		fill_core(&x, 0, cut, NULL, true);
		assert_int_equal(works_agg_merge(&x, &back, &err), 0);
		out(&x, &b2);
		assert_string_equal(b1.buf, b2.buf);
		works_agg_release(&back);
		works_agg_release(&x);
	}
	/* a partial made without the records does not merge with one made with them */
	fill(&x, 0, 3, NULL);
	fill(&y, 3, 99, NULL);
	works_agg_set_records(&y, NULL);
	assert_int_equal(works_agg_merge(&x, &y, &err), -1);
	assert_non_null(strstr(err.buf, "--institution-records"));
	works_agg_release(&x);
	works_agg_release(&y);
	works_agg_release(&all);
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&p);
	buf_release(&err);
}

static void every__type_and_country__filter_the_subjects(void **state)
{
	struct works_filter f = { "education", "KZ" };
	struct works_agg a;

	(void)state;
	fill(&a, 0, 99, &f);
	/* education in KZ: I1 and I4 (I2 is a company, I3 is in the US, I6 a hospital) */
	assert_int_equal(works_agg_nsubjects(&a), 2);
	assert_true(works_dict_find(&a.dict, "I1", 2) >= 0);
	assert_true(a.subj_of[works_dict_find(&a.dict, "I1", 2)] < WORKS_SUBJ_NONE);
	assert_true(a.subj_of[works_dict_find(&a.dict, "I4", 2)] < WORKS_SUBJ_NONE);
	works_agg_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records__fixture__are_read_with_their_fields),
		cmocka_unit_test(distance__astana_to_boston__is_about_9000_km),
		cmocka_unit_test(core__sources_list__is_read_as_cwts_publishes_it),
		cmocka_unit_test(leiden__fixture__indicators_as_cwts_computes_them),
		cmocka_unit_test(leiden__core__core_and_all_publications_as_cwts_selects_them),
		cmocka_unit_test(leiden__without_records__record_indicators_are_null),
		cmocka_unit_test(bootstrap__shortcut__equals_the_1000_resamples),
		cmocka_unit_test(bootstrap__half_of_100__is_about_40_to_60_percent),
		cmocka_unit_test(every__any_split_and_partials__give_the_same_bytes),
		cmocka_unit_test(every__type_and_country__filter_the_subjects),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
