/* Per-subject results of the index (works.h). */
#include "works/works.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static int cmp_count(const void *x, const void *y)
{
	const struct works_count *a = x, *b = y;

	if (a->works != b->works)
		return a->works > b->works ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return memcmp(a->country, b->country, 2);
}

static int cmp_pair(const void *x, const void *y)
{
	const struct works_pair_ent *a = x, *b = y;

	if (a->partner != b->partner)
		return a->partner < b->partner ? -1 : 1;
	return a->year - b->year;
}

/* P, L and the index over the window ending with y->year. */
static void irn(const struct works_index *ix, struct works_year *y,
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
			const char *cc = ix->partner_cc[pe[i].partner];
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

void works_index_result_r(const struct works_index *ix, size_t i, struct works_result *r,
			  struct works_scratch *sc)
{
	const struct works_chunk *c = &ix->chunks[ix->chunk_of[i]];
	size_t j = i - c->first, at, npe = 0;
	unsigned nsets = ix->head.nsets;

	memset(r, 0, sizeof(*r));
	r->subject = works_index_id(ix, i);
	/* rows: keys sorted by year */
	r->nyears = c->row_at[j + 1] - c->row_at[j];
	r->years = xcalloc(r->nyears + 1, sizeof(*r->years));
	for (size_t k = 0; k < r->nyears; k++) {
		size_t e = c->row_at[j] + k;
		const struct works_row *w = &c->rows[e];
		struct works_year *y = &r->years[k];
		y->year = (int)(c->rowkeys[e] & 0x3fff);
		y->works = w->works;
		y->works_intl = w->intl;
		y->works_collab = w->collab;
		for (unsigned set = 0; set < nsets; set++)
			y->l[set] = c->lsum[e * nsets + set];
		y->share_intl = w->works ? (double)w->intl / (double)w->works : NAN;
		y->p_collab = w->works ? (double)w->collab / (double)w->works : NAN;
	}
	/* partner countries: keys sorted by year, then country */
	at = 0;
	for (size_t e = c->cc_at[j]; e < c->cc_at[j + 1]; e++) {
		struct works_year *y = year_at(r, &at, (int)((c->ccs[e].key >> 10) & 0x3fff));
		if (y)
			y->ncountries++;
	}
	for (size_t k = 0; k < r->nyears; k++) {
		r->years[k].countries = xmalloc((r->years[k].ncountries + 1) *
						sizeof(*r->years[k].countries));
		r->years[k].ncountries = 0;
	}
	at = 0;
	for (size_t e = c->cc_at[j]; e < c->cc_at[j + 1]; e++) {
		uint64_t key = c->ccs[e].key;
		struct works_year *y = year_at(r, &at, (int)((key >> 10) & 0x3fff));
		struct works_count *cc;
		unsigned ci = (unsigned)(key & 0x3ff);
		if (!y)
			continue;
		cc = &y->countries[y->ncountries++];
		cc->country[0] = (char)('A' + ci / 26 % 26);
		cc->country[1] = (char)('A' + ci % 26);
		cc->country[2] = '\0';
		cc->rank = 0;
		cc->works = c->ccs[e].val;
	}
	/* partner institutions: keys sorted by year, then partner number */
	at = 0;
	for (size_t e = c->pair_at[j]; e < c->pair_at[j + 1]; e++) {
		struct works_year *y = year_at(r, &at, (int)((c->pairs[e].key >> 30) & 0x3fff));
		if (y)
			y->npartners++;
	}
	for (size_t k = 0; k < r->nyears; k++) {
		r->years[k].partners = xmalloc((r->years[k].npartners + 1) *
					       sizeof(*r->years[k].partners));
		r->years[k].npartners = 0;
	}
	sc->pe = xgrow(sc->pe, &sc->ape, c->pair_at[j + 1] - c->pair_at[j] + 1, sizeof(*sc->pe));
	at = 0;
	for (size_t e = c->pair_at[j]; e < c->pair_at[j + 1]; e++) {
		uint64_t key = c->pairs[e].key;
		uint32_t p = (uint32_t)(key & 0x3fffffff);
		int yr = (int)((key >> 30) & 0x3fff);
		struct works_year *y = year_at(r, &at, yr);
		sc->pe[npe].partner = p;
		sc->pe[npe].year = yr;
		sc->pe[npe].n = c->pairs[e].val;
		npe++;
		if (y) {
			struct works_count *pc = &y->partners[y->npartners++];
			pc->key = ix->names.buf + ix->partner_name[p];
			memcpy(pc->country, ix->partner_cc[p], 3);
			pc->rank = ix->partner_rank[p];
			pc->works = c->pairs[e].val;
		}
	}
	if (npe > 1)
		qsort(sc->pe, npe, sizeof(*sc->pe), cmp_pair);
	for (size_t k = 0; k < r->nyears; k++) {
		struct works_year *y = &r->years[k];
		if (y->ncountries > 1)
			qsort(y->countries, y->ncountries, sizeof(*y->countries), cmp_count);
		for (size_t e = 0; e < y->ncountries; e++)
			y->countries[e].key = y->countries[e].country;
		if (y->npartners > 1)
			qsort(y->partners, y->npartners, sizeof(*y->partners), cmp_count);
		irn(ix, y, sc->pe, npe);
	}
}

void works_index_result(struct works_index *ix, size_t i, struct works_result *r)
{
	struct works_scratch sc = { ix->pe, ix->ape };

	works_index_result_r(ix, i, r, &sc);
	ix->pe = sc.pe;
	ix->ape = sc.ape;
}

void works_agg_result(const struct works_agg *a, size_t i, struct works_result *r)
{
	struct works_index ix;
	size_t len, at;

	/* the result outlives the index: it gets its own copies of the ids */
	works_index_build(&ix, &a, 1, 1);
	works_index_result(&ix, i, r);
	len = strlen(r->subject) + 1;
	for (size_t k = 0; k < r->nyears; k++)
		for (size_t p = 0; p < r->years[k].npartners; p++)
			len += strlen(r->years[k].partners[p].key) + 1;
	{
		/* the strings after the years, in one block that release frees */
		size_t head = (r->nyears + 1) * sizeof(*r->years);
		char *block = xmalloc(head + len), *str = block + head;
		memcpy(block, r->years, r->nyears * sizeof(*r->years));
		free(r->years);
		r->years = (struct works_year *)(void *)block;
		at = strlen(r->subject) + 1;
		memcpy(str, r->subject, at);
		r->subject = str;
		for (size_t k = 0; k < r->nyears; k++) {
			for (size_t p = 0; p < r->years[k].npartners; p++) {
				struct works_count *c = &r->years[k].partners[p];
				size_t n = strlen(c->key) + 1;
				memcpy(str + at, c->key, n);
				c->key = str + at;
				at += n;
			}
		}
	}
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
