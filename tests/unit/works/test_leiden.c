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

static struct country_table ct;
static struct inst_records rec;

static int setup(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	inst_records_init(&rec);
	if (country_table_load(&ct, NULL, &err) || inst_records_load(&rec, REC, &err)) {
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

static void fill(struct works_agg *a, uint64_t from, uint64_t to, const struct works_filter *f)
{
	struct works_opts o = { .year_from = 2019, .year_to = 2023, .leiden = true };
	struct works_read_stats st = { 0 };
	struct buf err = BUF_INIT;
	struct slice s = { a, from, to };

	works_agg_init(a, &o);
	works_agg_set_records(a, &rec);
	works_agg_every(a, f);
	assert_int_equal(works_read_file(WORKS, WORKS_FMT_AUTO, &ct, add_slice, &s, &st, &err), 0);
	buf_release(&err);
}

/* Index of subject id in id order, or -1. */
static long find(struct works_index *ix, const char *id)
{
	for (size_t i = 0; i < works_agg_nsubjects(ix->a); i++)
		if (!strcmp(strtab_str(&ix->a->subjects, ix->order[i]), id))
			return (long)i;
	return -1;
}

static void leiden_of(const struct works_agg *a, const char *id, int from, int to,
		      struct works_leiden *l)
{
	struct works_index ix;
	struct works_result r;
	struct works_boot b;
	long i;

	works_boot_init(&b);
	works_index_build(&ix, a);
	i = find(&ix, id);
	assert_true(i >= 0);
	works_index_result(&ix, (size_t)i, &r);
	works_leiden(&r, from, to, a->has_rec, &b, l);
	works_result_release(&r);
	works_index_release(&ix);
}

static void records__fixture__are_read_with_their_fields(void **state)
{
	const struct inst_rec *r;

	(void)state;
	/* five records and the line "not a record" (line 6) */
	assert_int_equal(rec.records, 5);
	assert_int_equal(rec.malformed, 1);
	assert_int_equal(rec.first_bad, 6);
	r = inst_records_find(&rec, "I2");
	assert_non_null(r);
	assert_string_equal(inst_records_type(&rec, r), "company");
	assert_string_equal(inst_records_ror(&rec, r), "0aaaaaa02");
	assert_string_equal(r->country, "KZ");
	assert_true(fabs(r->lat - 51.10) < 1e-12);
	assert_false(inst_rec_located(inst_records_find(&rec, "I5")));	/* null coordinates */
	assert_null(inst_records_find(&rec, "I9"));
}

static void distance__astana_to_boston__is_about_9000_km(void **state)
{
	(void)state;
	/* Astana-Karaganda 192 km, Astana-Boston 9,001 km (haversine, R 6371 km) */
	double d1 = inst_distance_km(51.17, 71.45, 49.80, 73.10);
	double d2 = inst_distance_km(51.17, 71.45, 42.36, -71.06);
	assert_true(d1 > 191 && d1 < 193);
	assert_true(d2 > 9000 && d2 < 9003);
	assert_true(inst_distance_km(10, 20, 10, 20) == 0);
}

/*
 * I1 in 2020-2023: W1 (I1 alone, 0 km), W2 (I1 + company I2, 8 km), W3
 * (I1 + I3 Boston, KZ-US, ~9,000 km), W4 (I1 + I4 Karaganda, ~190 km),
 * W5 (I1 + I5 + I3, KZ-RU-US; I5 has no coordinates). W6 is of 2019.
 *   P = 5; P(collab) = 4 (W2-W5), PP 0.8; P(int collab) = 2 (W3, W5), PP 0.4;
 *   P(industry) = 1 (W2), PP 0.2; distance known for W1-W4: <100 km W1, W2
 *   (PP 2/4), >5000 km W3 (PP 1/4); fractional P = 1 + 1/2 + 1/2 + 1/2 + 1/3.
 * Intervals: the 2.5% and 97.5% quantiles of Binomial(n, k/n), over n:
 *   collab Bin(5, .8): P(X<=1) = .0067, P(X<=2) = .058, P(X<=4) = .67 -> [2, 5]/5
 *   int collab Bin(5, .4): P(X=0) = .078, P(X<=3) = .913, P(X<=4) = .990 -> [0, 4]/5
 *   industry Bin(5, .2): P(X=0) = .33, P(X<=2) = .942, P(X<=3) = .993 -> [0, 3]/5
 *   <100 km Bin(4, .5): P(X=0) = .0625, P(X<=3) = .9375 -> [0, 4]/4
 *   >5000 km Bin(4, .25): P(X=0) = .32, P(X<=2) = .949, P(X<=3) = .996 -> [0, 3]/4
 * (1000 resamples put the 26th and 975th smallest there with a margin of
 * more than four standard deviations of the counts.)
 */
static void leiden__fixture__indicators_as_computed_by_hand(void **state)
{
	struct works_agg a;
	struct works_leiden l;

	(void)state;
	fill(&a, 0, 99, NULL);
	leiden_of(&a, "I1", 2020, 2023, &l);
	assert_int_equal(l.p, 5);
	assert_true(fabs(l.p_frac - (2.5 + 1.0 / 3)) < 1e-12);
	assert_int_equal(l.collab.k, 4);
	assert_true(l.collab.pp == 0.8);
	assert_true(l.collab.lo == 0.4 && l.collab.hi == 1);
	assert_int_equal(l.intl.k, 2);
	assert_true(l.intl.pp == 0.4);
	assert_true(l.intl.lo == 0 && l.intl.hi == 0.8);
	assert_int_equal(l.industry.k, 1);
	assert_true(l.industry.pp == 0.2);
	assert_true(l.industry.lo == 0 && l.industry.hi == 0.6);
	assert_int_equal(l.near.n, 4);
	assert_int_equal(l.near.k, 2);
	assert_true(l.near.pp == 0.5);
	assert_true(l.near.lo == 0 && l.near.hi == 1);
	assert_int_equal(l.far.n, 4);
	assert_int_equal(l.far.k, 1);
	assert_true(l.far.pp == 0.25);
	assert_true(l.far.lo == 0 && l.far.hi == 0.75);
	/* 2019-2022: W6, W1, W2, W3 -> P 4, fractional 1 + 1 + 1/2 + 1/2 */
	leiden_of(&a, "I1", 2019, 2022, &l);
	assert_int_equal(l.p, 4);
	assert_true(l.p_frac == 3);
	/* the company's own works are not industry collaborations */
	leiden_of(&a, "I2", 2020, 2023, &l);
	assert_int_equal(l.p, 1);
	assert_int_equal(l.industry.k, 0);
	assert_true(l.industry.lo == 0 && l.industry.hi == 0);
	/* I5's only work has no known distance: PP(<100 km) is null */
	leiden_of(&a, "I5", 2020, 2023, &l);
	assert_int_equal(l.near.n, 0);
	assert_true(isnan(l.near.pp) && isnan(l.near.lo));
	works_agg_release(&a);
}

static void leiden__without_records__record_indicators_are_null(void **state)
{
	struct works_agg a;
	struct works_leiden l;

	(void)state;
	fill(&a, 0, 99, NULL);
	works_agg_set_records(&a, NULL);
	leiden_of(&a, "I1", 2020, 2023, &l);
	assert_int_equal(l.p, 5);
	assert_true(l.collab.pp == 0.8);
	assert_true(isnan(l.industry.pp) && isnan(l.near.pp) && isnan(l.far.pp));
	works_agg_release(&a);
}

/*
 * The reference the shortcut (works_boot_interval) is checked against:
 * leiden.c's Binomial CDF, its inversion and its uniform stream, copied
 * here so that the binary carries no test-only code.
 */
static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * The Binomial(n, k/n) CDF over from..from+len-1 (mean +- 12 standard
 * deviations, past which the mass is below 1e-30), by the pmf recurrence
 * from its first value. Caller frees.
 */
static double *binom_cdf(uint64_t n, uint64_t k, uint64_t *from_out, size_t *len_out)
{
	double p = (double)k / (double)n, sd = sqrt((double)n * p * (1 - p)), pmf, sum = 0;
	double odds = p / (1 - p), *cdf;
	uint64_t from = (double)k > 12 * sd + 1 ? (uint64_t)((double)k - 12 * sd - 1) : 0;
	uint64_t to = (double)k + 12 * sd + 1 < (double)n ? (uint64_t)((double)k + 12 * sd + 1) : n;
	size_t len = (size_t)(to - from + 1);

	cdf = xmalloc(len * sizeof(*cdf));
	pmf = exp(lgamma((double)n + 1) - lgamma((double)from + 1) -
		  lgamma((double)(n - from) + 1) + (double)from * log(p) +
		  (double)(n - from) * log1p(-p));
	for (size_t i = 0; i < len; i++) {
		uint64_t x = from + i;
		sum += pmf;
		cdf[i] = sum;
		pmf *= (double)(n - x) / (double)(x + 1) * odds;
	}
	*from_out = from;
	*len_out = len;
	return cdf;
}

/* The first x with cdf > u * total (the inversion of one uniform u). */
static uint64_t invert(const double *cdf, size_t len, uint64_t from, double u)
{
	double t = u * cdf[len - 1];
	size_t a = 0, b = len - 1;

	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (cdf[m] > t)
			b = m;
		else
			a = m + 1;
	}
	return from + a;
}

static double uniform(uint64_t *st)
{
	return (double)(splitmix(st) >> 11) * 0x1.0p-53;
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
	cdf = binom_cdf(n, k, &from, &len);
	for (int d = 0; d < WORKS_BOOTSTRAP; d++)
		draws[d] = invert(cdf, len, from, uniform(&st));
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
	fill(&all, 0, 99, NULL);
	assert_int_equal(works_agg_nsubjects(&all), 5);
	out(&all, &b1);
	for (uint64_t cut = 0; cut <= 6; cut++) {
		fill(&x, 0, cut, NULL);
		fill(&y, cut, 99, NULL);
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
		fill(&x, 0, cut, NULL);
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
	/* education in KZ: I1 and I4 (I2 is a company, I3 is in the US) */
	assert_int_equal(works_agg_nsubjects(&a), 2);
	assert_true(strtab_find(&a.subjects, "I1", 2) >= 0);
	assert_true(strtab_find(&a.subjects, "I4", 2) >= 0);
	works_agg_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records__fixture__are_read_with_their_fields),
		cmocka_unit_test(distance__astana_to_boston__is_about_9000_km),
		cmocka_unit_test(leiden__fixture__indicators_as_computed_by_hand),
		cmocka_unit_test(leiden__without_records__record_indicators_are_null),
		cmocka_unit_test(bootstrap__shortcut__equals_the_1000_resamples),
		cmocka_unit_test(bootstrap__half_of_100__is_about_40_to_60_percent),
		cmocka_unit_test(every__any_split_and_partials__give_the_same_bytes),
		cmocka_unit_test(every__type_and_country__filter_the_subjects),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
