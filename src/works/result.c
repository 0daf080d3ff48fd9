/*
 * Per-subject results of the aggregate: the index that groups every table
 * once (so that all results cost one sort), and the one-call summary for
 * sources.
 */
#include "works/works.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

size_t works_agg_nsubjects(const struct works_agg *a)
{
	return a->subjects.n;
}

/* LSD radix sort of 64-bit keys, 8 bits a pass; passes where every key has
 * the same digit are skipped. */
static void radix_u64(uint64_t *k, size_t n)
{
	uint64_t *tmp, *src = k, *dst, all_or = 0, all_and = ~(uint64_t)0;

	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		all_or |= k[i];
		all_and &= k[i];
	}
	tmp = xmalloc(n * sizeof(*tmp));
	dst = tmp;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t cnt[256] = { 0 }, pos = 0;
		if (!(((all_or ^ all_and) >> shift) & 0xff))
			continue;
		for (size_t i = 0; i < n; i++)
			cnt[(src[i] >> shift) & 0xff]++;
		for (unsigned d = 0; d < 256; d++) {
			size_t c = cnt[d];
			cnt[d] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i] >> shift) & 0xff]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != k)
		memcpy(k, src, n * sizeof(*k));
	free(tmp);
}

/* The keys of m, sorted, and per subject (key >> shift) where they start. */
static uint64_t *sorted_keys(const struct u64map *m, unsigned shift, size_t nsub,
			     size_t **at)
{
	uint64_t *k = xmalloc((m->n + 1) * sizeof(*k));
	size_t n = 0, j = 0;

	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i] != UINT64_MAX)
			k[n++] = m->keys[i];
	radix_u64(k, n);
	*at = xmalloc((nsub + 1) * sizeof(**at));
	for (size_t s = 0; s <= nsub; s++) {
		while (j < n && (k[j] >> shift) < s)
			j++;
		(*at)[s] = j;
	}
	return k;
}

struct subject_ent {
	const char *id;
	uint32_t s;
};

static int cmp_subject(const void *x, const void *y)
{
	return strcmp(((const struct subject_ent *)x)->id, ((const struct subject_ent *)y)->id);
}

void works_index_build(struct works_index *ix, const struct works_agg *a)
{
	size_t n = a->subjects.n;
	struct subject_ent *e = xmalloc((n + 1) * sizeof(*e));

	memset(ix, 0, sizeof(*ix));
	ix->a = a;
	for (uint32_t i = 0; i < n; i++) {
		e[i].id = strtab_str(&a->subjects, i);
		e[i].s = i;
	}
	qsort(e, n, sizeof(*e), cmp_subject);
	ix->order = xmalloc((n + 1) * sizeof(*ix->order));
	for (size_t i = 0; i < n; i++)
		ix->order[i] = e[i].s;
	free(e);
	ix->rows = sorted_keys(&a->rowix, 14, n, &ix->row_at);
	ix->ccs = sorted_keys(&a->countries, 24, n, &ix->cc_at);
	ix->pairs = sorted_keys(&a->pairs, 44, n, &ix->pair_at);
}

void works_index_release(struct works_index *ix)
{
	free(ix->order);
	free(ix->rows);
	free(ix->ccs);
	free(ix->pairs);
	free(ix->row_at);
	free(ix->cc_at);
	free(ix->pair_at);
	free(ix->pe);
	memset(ix, 0, sizeof(*ix));
}

static int cmp_count(const void *x, const void *y)
{
	const struct works_count *a = x, *b = y;
	int c;

	if (a->works != b->works)
		return a->works > b->works ? -1 : 1;
	c = strcmp(a->key, b->key);
	return c ? c : strcmp(a->country, b->country);
}

static int cmp_pair(const void *x, const void *y)
{
	const struct works_pair_ent *a = x, *b = y;

	if (a->partner != b->partner)
		return a->partner < b->partner ? -1 : 1;
	return a->year - b->year;
}

/* P, L and the index over the window ending with y->year. */
static void irn(const struct works_agg *a, struct works_year *y,
		const struct works_pair_ent *pe, size_t npe)
{
	unsigned char seen[676] = { 0 };

	y->irn_to = y->year;
	y->irn_from = y->year - WORKS_IRN_WINDOW + 1;
	y->irn_partners = y->irn_countries = 0;
	for (size_t i = 0; i < npe;) {
		uint64_t sum = 0;
		size_t j = i;
		for (; j < npe && pe[j].partner == pe[i].partner; j++)
			if (pe[j].year >= y->irn_from && pe[j].year <= y->irn_to)
				sum += pe[j].n;
		if (sum >= WORKS_IRN_MIN) {
			const char *cc = a->partner_cc[pe[i].partner];
			unsigned k = (unsigned)(cc[0] - 'A') * 26u + (unsigned)(cc[1] - 'A');
			y->irn_partners++;
			if (k < 676 && !seen[k]) {
				seen[k] = 1;
				y->irn_countries++;
			}
		}
		i = j;
	}
	y->irn = y->irn_partners > 1 ?
		(double)y->irn_countries / log((double)y->irn_partners) : NAN;
}

/* The year entry of y in r (years ascending), from *at on; NULL when none. */
static struct works_year *year_at(struct works_result *r, size_t *at, int y)
{
	while (*at < r->nyears && r->years[*at].year < y)
		(*at)++;
	return *at < r->nyears && r->years[*at].year == y ? &r->years[*at] : NULL;
}

void works_index_result(struct works_index *ix, size_t idx, struct works_result *r)
{
	const struct works_agg *a = ix->a;
	uint32_t s = ix->order[idx];
	size_t at, npe = 0;

	memset(r, 0, sizeof(*r));
	r->subject = strtab_str(&a->subjects, s);
	/* rows: keys sorted by year */
	r->nyears = ix->row_at[s + 1] - ix->row_at[s];
	r->years = xcalloc(r->nyears + 1, sizeof(*r->years));
	for (size_t i = 0; i < r->nyears; i++) {
		uint64_t k = ix->rows[ix->row_at[s] + i];
		const struct works_row *w = &a->rows[*u64map_get(&a->rowix, k) - 1];
		struct works_year *y = &r->years[i];
		y->year = (int)(k & 0x3fff);
		y->works = w->works;
		y->works_intl = w->intl;
		y->works_collab = w->collab;
		y->industry = w->industry;
		y->located = w->located;
		y->near = w->near;
		y->far = w->far;
		y->frac = w->frac;
		y->share_intl = w->works ? (double)w->intl / (double)w->works : NAN;
		y->p_collab = w->works ? (double)w->collab / (double)w->works : NAN;
	}
	/* partner countries: keys sorted by year, then country */
	at = 0;
	for (size_t i = ix->cc_at[s]; i < ix->cc_at[s + 1]; i++) {
		struct works_year *y = year_at(r, &at, (int)((ix->ccs[i] >> 10) & 0x3fff));
		if (y)
			y->ncountries++;
	}
	for (size_t i = 0; i < r->nyears; i++) {
		r->years[i].countries = xmalloc((r->years[i].ncountries + 1) *
						sizeof(*r->years[i].countries));
		r->years[i].ncountries = 0;
	}
	at = 0;
	for (size_t i = ix->cc_at[s]; i < ix->cc_at[s + 1]; i++) {
		uint64_t k = ix->ccs[i];
		struct works_year *y = year_at(r, &at, (int)((k >> 10) & 0x3fff));
		struct works_count *c;
		unsigned ci = (unsigned)(k & 0x3ff);
		if (!y)
			continue;
		c = &y->countries[y->ncountries++];
		c->country[0] = (char)('A' + ci / 26 % 26);
		c->country[1] = (char)('A' + ci % 26);
		c->country[2] = '\0';
		c->key = "";
		c->works = *u64map_get(&a->countries, k);
	}
	/* partner institutions: keys sorted by year, then partner number */
	at = 0;
	for (size_t i = ix->pair_at[s]; i < ix->pair_at[s + 1]; i++) {
		struct works_year *y = year_at(r, &at, (int)((ix->pairs[i] >> 30) & 0x3fff));
		if (y)
			y->npartners++;
	}
	for (size_t i = 0; i < r->nyears; i++) {
		r->years[i].partners = xmalloc((r->years[i].npartners + 1) *
					       sizeof(*r->years[i].partners));
		r->years[i].npartners = 0;
	}
	at = 0;
	for (size_t i = ix->pair_at[s]; i < ix->pair_at[s + 1]; i++) {
		uint64_t k = ix->pairs[i];
		uint32_t p = (uint32_t)(k & 0x3fffffff);
		int yr = (int)((k >> 30) & 0x3fff);
		struct works_year *y = year_at(r, &at, yr);
		uint64_t n = *u64map_get(&a->pairs, k);
		ix->pe = xgrow(ix->pe, &ix->ape, npe + 1, sizeof(*ix->pe));
		ix->pe[npe].partner = p;
		ix->pe[npe].year = yr;
		ix->pe[npe].n = n;
		npe++;
		if (y) {
			struct works_count *c = &y->partners[y->npartners++];
			c->key = strtab_str(&a->partners, p);
			memcpy(c->country, a->partner_cc[p], 3);
			c->works = n;
		}
	}
	if (npe > 1)
		qsort(ix->pe, npe, sizeof(*ix->pe), cmp_pair);
	for (size_t i = 0; i < r->nyears; i++) {
		struct works_year *y = &r->years[i];
		/* sorted on country with key "", then key points at the code */
		if (y->ncountries > 1)
			qsort(y->countries, y->ncountries, sizeof(*y->countries), cmp_count);
		for (size_t j = 0; j < y->ncountries; j++)
			y->countries[j].key = y->countries[j].country;
		if (y->npartners > 1)
			qsort(y->partners, y->npartners, sizeof(*y->partners), cmp_count);
		irn(a, y, ix->pe, npe);
	}
}

const char *works_index_ror(const struct works_index *ix, size_t i)
{
	const struct works_agg *a = ix->a;
	uint32_t s = ix->order[i];
	const char *ror = inst_records_ror(a->rec,
					   inst_records_find(a->rec, strtab_str(&a->subjects, s)));

	if (!ror && a->subject_ror && s < a->asror && a->subject_ror[s] != UINT32_MAX)
		ror = strtab_str(&a->rors, a->subject_ror[s]);
	return ror;
}

void works_agg_result(const struct works_agg *a, size_t i, struct works_result *r)
{
	struct works_index ix;

	works_index_build(&ix, a);
	works_index_result(&ix, i, r);
	works_index_release(&ix);
}

void works_result_release(struct works_result *r)
{
	for (size_t i = 0; i < r->nyears; i++) {
		free(r->years[i].countries);
		free(r->years[i].partners);
	}
	free(r->years);
	memset(r, 0, sizeof(*r));
}
