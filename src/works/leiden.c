/* Leiden Ranking collaboration indicators and their stability intervals. */
#include "works/works.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define BOOT_SEED 42u

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
double *works_binom_cdf(uint64_t n, uint64_t k, uint64_t *from_out, size_t *len_out)
{
	double p = (double)k / (double)n, sd = sqrt((double)n * p * (1 - p)), pmf, sum = 0;
	double odds = p / (1 - p), *cdf;
	uint64_t from = (double)k > 12 * sd + 1 ? (uint64_t)((double)k - 12 * sd - 1) : 0;
	uint64_t to = (double)k + 12 * sd + 1 < (double)n ? (uint64_t)((double)k + 12 * sd + 1) : n;
	size_t len = (size_t)(to - from + 1);
	int sign;

	cdf = xmalloc(len * sizeof(*cdf));
	/* lgamma_r: lgamma sets the global signgam, and the writers run on threads */
	pmf = exp(lgamma_r((double)n + 1, &sign) - lgamma_r((double)from + 1, &sign) -
		  lgamma_r((double)(n - from) + 1, &sign) + (double)from * log(p) +
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
uint64_t works_binom_invert(const double *cdf, size_t len, uint64_t from, double u)
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

double works_boot_uniform(uint64_t *st)
{
	return (double)(splitmix(st) >> 11) * 0x1.0p-53;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

void works_boot_init(struct works_boot *b)
{
	for (unsigned ind = 0; ind < WORKS_BOOT_STREAMS; ind++) {
		double u[WORKS_BOOTSTRAP];
		uint64_t st = works_boot_seed(ind);
		for (int d = 0; d < WORKS_BOOTSTRAP; d++)
			u[d] = works_boot_uniform(&st);
		qsort(u, WORKS_BOOTSTRAP, sizeof(u[0]), cmp_double);
		b->u_lo[ind] = u[WORKS_BOOTSTRAP / 40];
		b->u_hi[ind] = u[WORKS_BOOTSTRAP - WORKS_BOOTSTRAP / 40 - 1];
	}
}

/*
 * The same as drawing 1000 resamples with the stream works_boot_seed(ind),
 * Binomial(n, k/n) by inverting its CDF (tests/unit/works/test_leiden.c
 * keeps that reference), in O(the CDF):
 * inversion is monotone in u, so the 26th and 975th smallest draws are
 * the inverses of the 26th and 975th smallest uniforms of the stream.
 */
void works_boot_interval(const struct works_boot *b, unsigned ind, uint64_t n, uint64_t k,
			 double *lo, double *hi)
{
	uint64_t from;
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
	*lo = (double)works_binom_invert(cdf, len, from, b->u_lo[ind]) / (double)n;
	*hi = (double)works_binom_invert(cdf, len, from, b->u_hi[ind]) / (double)n;
	free(cdf);
}

uint64_t works_boot_seed(unsigned ind)
{
	return BOOT_SEED * 1000003ull + ind;
}

static void pp(struct works_pp *x, uint64_t n, uint64_t k, bool defined,
	       const struct works_boot *b, unsigned ind)
{
	x->n = n;
	x->k = k;
	if (!defined || !n) {
		x->pp = x->lo = x->hi = NAN;
		return;
	}
	x->pp = (double)k / (double)n;
	works_boot_interval(b, ind, n, k, &x->lo, &x->hi);
}

void works_leiden(const struct works_result *r, int from, int to, enum works_pubset set,
		  bool has_records, const struct works_boot *b, struct works_leiden *l)
{
	struct works_lsum t = { 0 };

	memset(l, 0, sizeof(*l));
	l->from = from;
	l->to = to;
	l->set = set;
	l->has_records = has_records;
	for (size_t i = 0; i < r->nyears; i++)
		if (r->years[i].year >= from && r->years[i].year <= to)
			works_lsum_add(&t, &r->years[i].l[set]);
	l->p = t.p;
	l->located = t.located;
	l->p_frac = (double)(t.frac / WORKS_FRAC_UNIT) +
		    (double)(t.frac % WORKS_FRAC_UNIT) / (double)WORKS_FRAC_UNIT;
	l->p_frac_inst = (double)(t.frac_inst / WORKS_FRAC_UNIT) +
			 (double)(t.frac_inst % WORKS_FRAC_UNIT) / (double)WORKS_FRAC_UNIT;
	pp(&l->collab, t.p, t.collab, true, b, 0);
	pp(&l->intl, t.p, t.intl, true, b, 1);
	pp(&l->industry, t.p, t.industry, has_records, b, 2);
	pp(&l->short_dist, t.p, t.short_dist, has_records, b, 3);
	pp(&l->long_dist, t.p, t.long_dist, has_records, b, 4);
}

void works_windows(const struct works_index *ix, int len, int *first, int *last)
{
	int lo = ix->head.o.year_from ? ix->head.o.year_from : ix->year_lo;
	int hi = ix->head.o.year_to ? ix->head.o.year_to : ix->year_hi;

	*first = *last = 0;
	if (!lo || !hi || hi - lo + 1 < len)
		return;
	*first = lo;
	*last = hi - len + 1;
}
