/* Per-subject results of the aggregate, and the one-call summary for sources. */
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

static const struct works_agg *sort_agg;	/* qsort has no context argument */

static int cmp_subject(const void *x, const void *y)
{
	return strcmp(strtab_str(&sort_agg->subjects, *(const uint32_t *)x),
		      strtab_str(&sort_agg->subjects, *(const uint32_t *)y));
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

struct pair_ent {
	uint32_t partner;
	int year;
	uint64_t n;
};

static int cmp_pair(const void *x, const void *y)
{
	const struct pair_ent *a = x, *b = y;

	if (a->partner != b->partner)
		return a->partner < b->partner ? -1 : 1;
	return a->year - b->year;
}

static struct works_year *year_of(struct works_result *r, int y)
{
	for (size_t i = 0; i < r->nyears; i++)
		if (r->years[i].year == y)
			return &r->years[i];
	return NULL;
}

static void add_count(struct works_count **v, size_t *n, const char *key,
		      const char cc[3], uint64_t works)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].key = key;
	memcpy((*v)[*n].country, cc, 3);
	(*v)[*n].works = works;
	(*n)++;
}

/* P, L and the index over the window ending with y->year. */
static void irn(const struct works_agg *a, struct works_year *y,
		const struct pair_ent *pe, size_t npe)
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

void works_agg_result(const struct works_agg *a, size_t idx, struct works_result *r)
{
	uint32_t *order = xmalloc((a->subjects.n + 1) * sizeof(*order)), s;
	struct pair_ent *pe = NULL;
	size_t npe = 0, ape = 0;

	for (uint32_t i = 0; i < a->subjects.n; i++)
		order[i] = i;
	sort_agg = a;
	qsort(order, a->subjects.n, sizeof(*order), cmp_subject);
	s = order[idx];
	free(order);
	memset(r, 0, sizeof(*r));
	r->subject = strtab_str(&a->subjects, s);
	for (size_t i = 0; i < a->rowix.cap; i++) {
		uint64_t k = a->rowix.keys[i];
		if (k == UINT64_MAX || (k >> 14) != s)
			continue;
		const struct works_row *w = &a->rows[a->rowix.vals[i] - 1];
		struct works_year *y;
		r->years = xrealloc(r->years, (r->nyears + 1) * sizeof(*r->years));
		y = &r->years[r->nyears++];
		memset(y, 0, sizeof(*y));
		y->year = (int)(k & 0x3fff);
		y->works = w->works;
		y->works_intl = w->intl;
		y->works_collab = w->collab;
		y->share_intl = w->works ? (double)w->intl / (double)w->works : NAN;
		y->p_collab = w->works ? (double)w->collab / (double)w->works : NAN;
	}
	for (size_t i = 0; i < r->nyears; i++)	/* few years: insertion sort */
		for (size_t j = i; j > 0 && r->years[j].year < r->years[j - 1].year; j--) {
			struct works_year t = r->years[j];
			r->years[j] = r->years[j - 1];
			r->years[j - 1] = t;
		}
	for (size_t i = 0; i < a->countries.cap; i++) {
		uint64_t k = a->countries.keys[i];
		struct works_year *y;
		if (k == UINT64_MAX || (k >> 24) != s)
			continue;
		y = year_of(r, (int)((k >> 10) & 0x3fff));
		if (!y)
			continue;
		unsigned c = (unsigned)(k & 0x3ff);
		char cc[3] = { (char)('A' + c / 26 % 26), (char)('A' + c % 26), '\0' };
		add_count(&y->countries, &y->ncountries, "", cc, a->countries.vals[i]);
	}
	for (size_t i = 0; i < a->pairs.cap; i++) {
		uint64_t k = a->pairs.keys[i];
		if (k == UINT64_MAX || (k >> 44) != s)
			continue;
		pe = xgrow(pe, &ape, npe + 1, sizeof(*pe));
		pe[npe].partner = (uint32_t)(k & 0x3fffffff);
		pe[npe].year = (int)((k >> 30) & 0x3fff);
		pe[npe].n = a->pairs.vals[i];
		npe++;
	}
	if (npe)
		qsort(pe, npe, sizeof(*pe), cmp_pair);
	for (size_t i = 0; i < npe; i++) {
		struct works_year *y = year_of(r, pe[i].year);
		if (y)
			add_count(&y->partners, &y->npartners,
				  strtab_str(&a->partners, pe[i].partner),
				  a->partner_cc[pe[i].partner], pe[i].n);
	}
	for (size_t i = 0; i < r->nyears; i++) {
		struct works_year *y = &r->years[i];
		/* sorted on country with key "", then key points at the code */
		if (y->ncountries)
			qsort(y->countries, y->ncountries, sizeof(*y->countries), cmp_count);
		for (size_t j = 0; j < y->ncountries; j++)
			y->countries[j].key = y->countries[j].country;
		if (y->npartners)
			qsort(y->partners, y->npartners, sizeof(*y->partners), cmp_count);
		irn(a, y, pe, npe);
	}
	free(pe);
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

int works_summarise_file(const char *path, enum works_format fmt,
			 const char home[3], const struct country_table *ct,
			 struct works_summary *s, struct buf *err)
{
	struct works_opts o = { 0 };
	struct country_table own;
	struct works_read_stats st = { 0 };
	int rc;

	memset(s, 0, sizeof(*s));
	if (!ct) {
		if (country_table_load(&own, NULL, err))
			return -1;
		ct = &own;
	}
	if (home)
		memcpy(o.home, home, 3);
	o.leiden = ct->leiden;
	works_agg_init(&s->agg, &o);
	rc = works_read_file(path, fmt, ct, works_agg_add, &s->agg, &st, err);
	works_agg_add_stats(&s->agg, &st);
	if (ct == &own)
		country_table_release(&own);
	if (rc) {
		works_agg_release(&s->agg);
		return -1;
	}
	works_agg_result(&s->agg, 0, &s->r);
	return 0;
}

void works_summary_release(struct works_summary *s)
{
	works_result_release(&s->r);
	works_agg_release(&s->agg);
}
