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

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * A resample of the n works draws each with replacement, so the number
 * with the property is Binomial(n, k/n): each of the 1000 resamples draws
 * it by inverting that distribution's CDF with one uniform number (over
 * the range mean +- 12 standard deviations, past which the mass is below
 * 1e-30). The interval is the 26th and 975th smallest of the 1000 PPs.
 */
void works_bootstrap(uint64_t n, uint64_t k, uint64_t seed, double *lo, double *hi)
{
	double p, sd, *cdf, sum = 0;
	uint64_t from, to, draws[WORKS_BOOTSTRAP], st = seed;
	size_t len;

	if (!n) {
		*lo = *hi = NAN;
		return;
	}
	if (!k || k == n) {
		*lo = *hi = (double)k / (double)n;
		return;
	}
	p = (double)k / (double)n;
	sd = sqrt((double)n * p * (1 - p));
	from = (double)k > 12 * sd + 1 ? (uint64_t)((double)k - 12 * sd - 1) : 0;
	to = (double)k + 12 * sd + 1 < (double)n ? (uint64_t)((double)k + 12 * sd + 1) : n;
	len = (size_t)(to - from + 1);
	cdf = xmalloc(len * sizeof(*cdf));
	for (size_t i = 0; i < len; i++) {
		double x = (double)(from + i);
		sum += exp(lgamma((double)n + 1) - lgamma(x + 1) - lgamma((double)n - x + 1) +
			   x * log(p) + ((double)n - x) * log1p(-p));
		cdf[i] = sum;
	}
	for (int d = 0; d < WORKS_BOOTSTRAP; d++) {
		double u = (double)(splitmix(&st) >> 11) * 0x1.0p-53 * sum;
		size_t a = 0, b = len - 1;
		while (a < b) {		/* the first i with cdf[i] > u */
			size_t m = a + (b - a) / 2;
			if (cdf[m] > u)
				b = m;
			else
				a = m + 1;
		}
		draws[d] = from + a;
	}
	free(cdf);
	qsort(draws, WORKS_BOOTSTRAP, sizeof(draws[0]), cmp_u64);
	*lo = (double)draws[WORKS_BOOTSTRAP / 40] / (double)n;
	*hi = (double)draws[WORKS_BOOTSTRAP - WORKS_BOOTSTRAP / 40 - 1] / (double)n;
}

static uint64_t seed_of(const char *subject, int from, int to, unsigned indicator)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ BOOT_SEED;

	for (const unsigned char *c = (const unsigned char *)subject; *c; c++)
		h = (h ^ *c) * 0x100000001b3ULL;
	h ^= (uint64_t)(unsigned)from << 32 | (uint64_t)(unsigned)to << 8 | indicator;
	return splitmix(&h);
}

static void pp(struct works_pp *x, uint64_t n, uint64_t k, bool defined, uint64_t seed)
{
	x->n = n;
	x->k = k;
	if (!defined || !n) {
		x->pp = x->lo = x->hi = NAN;
		return;
	}
	x->pp = (double)k / (double)n;
	works_bootstrap(n, k, seed, &x->lo, &x->hi);
}

void works_leiden(const struct works_result *r, int from, int to, bool has_records,
		  struct works_leiden *l)
{
	uint64_t collab = 0, intl = 0, industry = 0, located = 0, near = 0, far = 0, frac = 0;

	memset(l, 0, sizeof(*l));
	l->from = from;
	l->to = to;
	l->has_records = has_records;
	for (size_t i = 0; i < r->nyears; i++) {
		const struct works_year *y = &r->years[i];
		if (y->year < from || y->year > to)
			continue;
		l->p += y->works;
		collab += y->works_collab;
		intl += y->works_intl;
		industry += y->industry;
		located += y->located;
		near += y->near;
		far += y->far;
		frac += y->frac;
	}
	l->p_frac = (double)(frac / WORKS_FRAC_UNIT) +
		    (double)(frac % WORKS_FRAC_UNIT) / (double)WORKS_FRAC_UNIT;
	pp(&l->collab, l->p, collab, true, seed_of(r->subject, from, to, 1));
	pp(&l->intl, l->p, intl, true, seed_of(r->subject, from, to, 2));
	pp(&l->industry, l->p, industry, has_records, seed_of(r->subject, from, to, 3));
	pp(&l->near, located, near, has_records, seed_of(r->subject, from, to, 4));
	pp(&l->far, located, far, has_records, seed_of(r->subject, from, to, 5));
}
