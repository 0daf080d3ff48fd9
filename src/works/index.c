/*
 * The index: one or more aggregates (the threads' of a run, or a merged
 * one) added up and grouped by subject, in parallel: the institution ids
 * are numbered once for all sources (integers for OpenAlex ids, no string
 * is interned again), the subjects put in id order and cut into chunks of
 * similar size; each source scatters its table entries to the chunks,
 * then each chunk sorts and adds up its entries on its own thread.
 */
#include "works/works.h"
#include "works/par.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* An entry of a source on its way to a chunk. */
struct gather {
	struct works_ent *rows, *ccs, *pairs;
	size_t nrows, nccs, npairs, arows, accs, apairs;
};

struct build {
	struct works_index *ix;
	const struct works_agg *const *src;
	size_t nsrc;
	uint32_t **dmap;		/* per source: dense id -> global number */
	uint32_t **smap;		/* per source: subject -> subject in id order */
	struct gather *g;		/* [source * nchunks + chunk] */
	int *lo, *hi;			/* per chunk: years of its rows */
};

/* LSD radix sort of entries by key, 8 bits a pass; passes where every key
 * has the same digit are skipped. */
static void radix_ent(struct works_ent *e, size_t n)
{
	struct works_ent *tmp, *src = e, *dst;
	uint64_t all_or = 0, all_and = ~(uint64_t)0;

	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		all_or |= e[i].key;
		all_and &= e[i].key;
	}
	tmp = xmalloc(n * sizeof(*tmp));
	dst = tmp;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t cnt[256] = { 0 }, pos = 0;
		struct works_ent *t;
		if (!(((all_or ^ all_and) >> shift) & 0xff))
			continue;
		for (size_t i = 0; i < n; i++)
			cnt[(src[i].key >> shift) & 0xff]++;
		for (unsigned d = 0; d < 256; d++) {
			size_t c = cnt[d];
			cnt[d] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i].key >> shift) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != e)
		memcpy(e, src, n * sizeof(*e));
	free(tmp);
}

/* An id's place in string order: OpenAlex ids by their digits, left-aligned. */
struct name_ent {
	uint64_t la;		/* numeric: the digits left-aligned to 18 */
	uint32_t gid;
	uint8_t len, num;	/* digits; whether the id is an OpenAlex id */
	const char *s;
};

static int cmp_name(const void *x, const void *y)
{
	const struct name_ent *a = x, *b = y;

	if (a->num && b->num) {
		if (a->la != b->la)
			return a->la < b->la ? -1 : 1;
		return (int)a->len - (int)b->len;
	}
	return strcmp(a->s, b->s);
}

static const uint64_t pow10[19] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
	1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
	1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL,
};

static void append(struct works_ent **v, size_t *n, size_t *a, uint64_t key, uint64_t val)
{
	if (*n + 1 > *a) {
		*a = *a ? *a * 2 : 64;
		*v = xrealloc(*v, *a * sizeof(**v));
	}
	(*v)[*n].key = key;
	(*v)[(*n)++].val = val;
}

/* Source s's entries to the chunks, with global keys. */
static void scatter(void *arg, size_t s, unsigned t)
{
	struct build *b = arg;
	const struct works_agg *a = b->src[s];
	const uint32_t *sm = b->smap[s], *dm = b->dmap[s], *chunk_of = b->ix->chunk_of;
	struct gather *g = &b->g[s * b->ix->nchunks];

	(void)t;
	for (size_t i = 0; i < a->rowix.cap; i++) {
		const struct wmap_slot *e = &a->rowix.s[i];
		uint32_t k;
		struct gather *c;
		if (e->k == WMAP_EMPTY)
			continue;
		k = sm[e->k >> 14];
		c = &g[chunk_of[k]];
		append(&c->rows, &c->nrows, &c->arows, ((uint64_t)k << 14) | (e->k & 0x3fff),
		       ((uint64_t)s << 40) | (e->v - 1));
	}
	for (size_t i = 0; i < a->countries.cap; i++) {
		const struct wmap_slot *e = &a->countries.s[i];
		uint32_t k;
		struct gather *c;
		if (e->k == WMAP_EMPTY)
			continue;
		k = sm[e->k >> 24];
		c = &g[chunk_of[k]];
		append(&c->ccs, &c->nccs, &c->accs, ((uint64_t)k << 24) | (e->k & 0xffffff), e->v);
	}
	for (size_t i = 0; i < a->pairs.cap; i++) {
		const struct wmap_slot *e = &a->pairs.s[i];
		uint32_t k;
		struct gather *c;
		if (e->k == WMAP_EMPTY)
			continue;
		k = sm[e->k >> 44];
		c = &g[chunk_of[k]];
		append(&c->pairs, &c->npairs, &c->apairs,
		       ((uint64_t)k << 44) | (e->k & ((uint64_t)0x3fff << 30)) |
		       dm[e->k & 0x3fffffff], e->v);
	}
}

/* Sorted and added up: entries with equal keys become one. */
static size_t combine(struct works_ent *e, size_t n)
{
	size_t m = 0;

	radix_ent(e, n);
	for (size_t i = 0; i < n; i++) {
		if (m && e[m - 1].key == e[i].key)
			e[m - 1].val += e[i].val;
		else
			e[m++] = e[i];
	}
	return m;
}

/* Per subject of the chunk, where its entries (keys >> shift) start. */
static size_t *starts(const struct works_ent *e, const uint64_t *keys, size_t n,
		      unsigned shift, const struct works_chunk *c)
{
	size_t ns = c->end - c->first, *at = xmalloc((ns + 1) * sizeof(*at)), j = 0;

	for (size_t s = 0; s <= ns; s++) {
		while (j < n && ((e ? e[j].key : keys[j]) >> shift) < c->first + s)
			j++;
		at[s] = j;
	}
	return at;
}

/* Chunk ci: every source's entries gathered, sorted and added up. */
static void build_chunk(void *arg, size_t ci, unsigned t)
{
	struct build *b = arg;
	struct works_index *ix = b->ix;
	struct works_chunk *c = &ix->chunks[ci];
	unsigned nsets = ix->head.nsets;
	size_t nr = 0, nc = 0, np = 0, m;
	struct works_ent *rows;

	(void)t;
	for (size_t s = 0; s < b->nsrc; s++) {
		const struct gather *g = &b->g[s * ix->nchunks + ci];
		nr += g->nrows;
		nc += g->nccs;
		np += g->npairs;
	}
	rows = xmalloc((nr + 1) * sizeof(*rows));
	c->ccs = xmalloc((nc + 1) * sizeof(*c->ccs));
	c->pairs = xmalloc((np + 1) * sizeof(*c->pairs));
	nr = nc = np = 0;
	for (size_t s = 0; s < b->nsrc; s++) {
		struct gather *g = &b->g[s * ix->nchunks + ci];
		if (g->nrows)
			memcpy(rows + nr, g->rows, g->nrows * sizeof(*rows));
		if (g->nccs)
			memcpy(c->ccs + nc, g->ccs, g->nccs * sizeof(*c->ccs));
		if (g->npairs)
			memcpy(c->pairs + np, g->pairs, g->npairs * sizeof(*c->pairs));
		nr += g->nrows;
		nc += g->nccs;
		np += g->npairs;
		free(g->rows);
		free(g->ccs);
		free(g->pairs);
		memset(g, 0, sizeof(*g));
	}
	c->nccs = combine(c->ccs, nc);
	c->npairs = combine(c->pairs, np);
	radix_ent(rows, nr);
	c->rowkeys = xmalloc((nr + 1) * sizeof(*c->rowkeys));
	c->rows = xcalloc(nr + 1, sizeof(*c->rows));
	c->lsum = nsets ? xcalloc((nr + 1) * nsets, sizeof(*c->lsum)) : NULL;
	m = 0;
	b->lo[ci] = b->hi[ci] = 0;
	for (size_t i = 0; i < nr; i++) {
		const struct works_agg *a = b->src[rows[i].val >> 40];
		size_t r = (size_t)(rows[i].val & (((uint64_t)1 << 40) - 1));
		int y = (int)(rows[i].key & 0x3fff);
		if (!m || c->rowkeys[m - 1] != rows[i].key) {
			c->rowkeys[m++] = rows[i].key;
			if (!b->lo[ci] || y < b->lo[ci])
				b->lo[ci] = y;
			if (y > b->hi[ci])
				b->hi[ci] = y;
		}
		c->rows[m - 1].works += a->rows[r].works;
		c->rows[m - 1].intl += a->rows[r].intl;
		c->rows[m - 1].collab += a->rows[r].collab;
		for (unsigned set = 0; set < nsets; set++)
			works_lsum_add(&c->lsum[(m - 1) * nsets + set], &a->lsum[r * nsets + set]);
	}
	c->nrows = m;
	free(rows);
	c->row_at = starts(NULL, c->rowkeys, c->nrows, 14, c);
	c->cc_at = starts(c->ccs, NULL, c->nccs, 24, c);
	c->pair_at = starts(c->pairs, NULL, c->npairs, 44, c);
}

static void add_name(struct works_index *ix, size_t *off, const char *s)
{
	*off = ix->names.len;
	buf_addstr(&ix->names, s);
	buf_addch(&ix->names, '\0');
}

/* The head: options, statistics and unknown countries of all sources. */
static void head(struct works_index *ix, const struct works_agg *const *src, size_t n)
{
	struct works_agg *h = &ix->head;
	const struct works_agg *a = src[0];

	works_agg_init_options(h, a);
	for (size_t s = 0; s < n; s++) {
		for (size_t i = 0; i < src[s]->unknown.n; i++)
			works_agg_unknown(h, strtab_str(&src[s]->unknown, (uint32_t)i),
					  src[s]->unknown_n[i]);
		works_agg_add_stats(h, &src[s]->st);
		h->no_year += src[s]->no_year;
		h->out_of_range += src[s]->out_of_range;
		h->too_many_subjects += src[s]->too_many_subjects;
		h->no_core_fields += src[s]->no_core_fields;
	}
}

/* Numbers every id of every source once, in one dictionary; names and ranks. */
static void number(struct build *b, struct works_dict *gd, uint8_t **is_subject)
{
	struct works_index *ix = b->ix;
	struct name_ent *e;
	uint8_t *subj;
	size_t *name_off;

	works_dict_init(gd);
	for (size_t s = 0; s < b->nsrc; s++) {
		const struct works_agg *a = b->src[s];
		b->dmap[s] = xmalloc((a->dict.n + 1) * sizeof(**b->dmap));
		for (uint32_t d = 0; d < a->dict.n; d++) {
			uint64_t k = a->dict.key[d];
			if (k & WORKS_DICT_STR) {
				const char *str = strtab_str(&a->dict.str, (uint32_t)(k & ~WORKS_DICT_STR));
				b->dmap[s][d] = works_dict_id(gd, str, strlen(str));
			} else {
				b->dmap[s][d] = works_dict_key(gd, k);
			}
		}
	}
	ix->npartners = gd->n;
	subj = xcalloc(gd->n + 1, 1);
	ix->partner_cc = xcalloc(gd->n + 1, sizeof(*ix->partner_cc));
	for (size_t s = 0; s < b->nsrc; s++) {
		const struct works_agg *a = b->src[s];
		for (size_t j = 0; j < a->nsubjects; j++)
			subj[b->dmap[s][a->subjects[j]]] = 1;
		for (uint32_t d = 0; d < a->dict.n; d++) {
			char *have = ix->partner_cc[b->dmap[s][d]];
			if (a->cc[d][0] && (!have[0] || memcmp(a->cc[d], have, 2) < 0))
				memcpy(have, a->cc[d], 3);
		}
	}
	/* names, then every id in string order */
	name_off = xmalloc((gd->n + 1) * sizeof(*name_off));
	e = xmalloc((gd->n + 1) * sizeof(*e));
	for (uint32_t g = 0; g < gd->n; g++) {
		char tmp[WORKS_DICT_NAME];
		uint64_t k = gd->key[g];
		add_name(ix, &name_off[g], works_dict_name(gd, g, tmp));
		e[g].gid = g;
		e[g].num = !(k & WORKS_DICT_STR);
		e[g].len = 0;
		e[g].la = 0;
		if (e[g].num) {
			uint64_t v = k;
			while (v) {
				e[g].len++;
				v /= 10;
			}
			e[g].la = k * pow10[18 - e[g].len];
		}
	}
	for (uint32_t g = 0; g < gd->n; g++)
		e[g].s = ix->names.buf + name_off[g];
	qsort(e, gd->n, sizeof(*e), cmp_name);
	ix->partner_name = name_off;
	ix->partner_rank = xmalloc((gd->n + 1) * sizeof(*ix->partner_rank));
	ix->nsubjects = 0;
	for (uint32_t r = 0; r < gd->n; r++) {
		ix->partner_rank[e[r].gid] = r;
		ix->nsubjects += subj[e[r].gid];
	}
	/* subjects in id order: their numbers */
	ix->subject_name = xmalloc((ix->nsubjects + 1) * sizeof(*ix->subject_name));
	{
		uint32_t *sub_of = xmalloc((gd->n + 1) * sizeof(*sub_of));
		size_t k = 0;
		for (uint32_t r = 0; r < gd->n; r++) {
			if (!subj[e[r].gid])
				continue;
			sub_of[e[r].gid] = (uint32_t)k;
			ix->subject_name[k++] = name_off[e[r].gid];
		}
		for (size_t s = 0; s < b->nsrc; s++) {
			const struct works_agg *a = b->src[s];
			b->smap[s] = xmalloc((a->nsubjects + 1) * sizeof(**b->smap));
			for (size_t j = 0; j < a->nsubjects; j++)
				b->smap[s][j] = sub_of[b->dmap[s][a->subjects[j]]];
		}
		free(sub_of);
	}
	free(e);
	*is_subject = subj;
}

/* Per subject: ROR id and name (the records', else the sources'). */
static void labels(struct build *b)
{
	struct works_index *ix = b->ix;
	const char **ror = xcalloc(ix->nsubjects + 1, sizeof(*ror));
	const char **name = xcalloc(ix->nsubjects + 1, sizeof(*name));

	for (size_t s = 0; s < b->nsrc; s++) {
		const struct works_agg *a = b->src[s];
		for (size_t j = 0; j < a->nsubjects; j++) {
			uint32_t k = b->smap[s][j];
			if (a->subject_ror[j] != UINT32_MAX) {
				const char *r = strtab_str(&a->rors, a->subject_ror[j]);
				if (!ror[k] || strcmp(r, ror[k]) < 0)
					ror[k] = r;
			}
			if (a->subject_name[j] != UINT32_MAX && !name[k])
				name[k] = strtab_str(&a->names, a->subject_name[j]);
		}
	}
	ix->subject_ror = xmalloc((ix->nsubjects + 1) * sizeof(*ix->subject_ror));
	ix->subject_label = xmalloc((ix->nsubjects + 1) * sizeof(*ix->subject_label));
	for (size_t k = 0; k < ix->nsubjects; k++) {
		const struct inst_rec *r = ix->head.rec ?
			inst_records_find(ix->head.rec, ix->names.buf + ix->subject_name[k]) : NULL;
		const char *rr = inst_records_ror(ix->head.rec, r), *nn = inst_records_name(ix->head.rec, r);
		if (rr)
			ror[k] = rr;
		if (nn)
			name[k] = nn;
		ix->subject_ror[k] = SIZE_MAX;
		ix->subject_label[k] = SIZE_MAX;
		if (ror[k])
			add_name(ix, &ix->subject_ror[k], ror[k]);
		if (name[k])
			add_name(ix, &ix->subject_label[k], name[k]);
	}
	free(ror);
	free(name);
}

/* Chunks of similar size (table entries), in id order. */
static void plan(struct build *b, int jobs)
{
	struct works_index *ix = b->ix;
	uint64_t *w = xcalloc(ix->nsubjects + 1, sizeof(*w)), total = 0, target, acc = 0;
	size_t n = 0;

	for (size_t s = 0; s < b->nsrc; s++) {
		const struct works_agg *a = b->src[s];
		const uint32_t *sm = b->smap[s];
		for (size_t i = 0; i < a->rowix.cap; i++)
			if (a->rowix.s[i].k != WMAP_EMPTY)
				w[sm[a->rowix.s[i].k >> 14]] += 4;
		for (size_t i = 0; i < a->countries.cap; i++)
			if (a->countries.s[i].k != WMAP_EMPTY)
				w[sm[a->countries.s[i].k >> 24]]++;
		for (size_t i = 0; i < a->pairs.cap; i++)
			if (a->pairs.s[i].k != WMAP_EMPTY)
				w[sm[a->pairs.s[i].k >> 44]]++;
	}
	for (size_t k = 0; k < ix->nsubjects; k++)
		total += w[k] + 1;
	/* a few chunks per thread, and none too big to stream (about 1 MiB of output) */
	target = total / (uint64_t)(jobs > 1 ? 8 * jobs : 1) + 1;
	if (target > 16384)
		target = 16384;
	ix->chunk_of = xmalloc((ix->nsubjects + 1) * sizeof(*ix->chunk_of));
	ix->chunks = xcalloc(total / target + 2, sizeof(*ix->chunks));
	for (size_t k = 0; k < ix->nsubjects; k++) {
		if (!n || acc >= target) {
			if (n)
				ix->chunks[n - 1].end = (uint32_t)k;
			ix->chunks[n].first = (uint32_t)k;
			n++;
			acc = 0;
		}
		acc += w[k] + 1;
		ix->chunks[n - 1].weight += w[k] + 1;
		ix->chunk_of[k] = (uint32_t)(n - 1);
	}
	if (n)
		ix->chunks[n - 1].end = (uint32_t)ix->nsubjects;
	ix->nchunks = n;
	free(w);
}

void works_index_build(struct works_index *ix, const struct works_agg *const *src, size_t n,
		       int jobs)
{
	struct build b = { ix, src, n, NULL, NULL, NULL, NULL, NULL };
	struct works_dict gd;
	uint8_t *subj;

	memset(ix, 0, sizeof(*ix));
	buf_init(&ix->names, 0);
	head(ix, src, n);
	b.dmap = xcalloc(n, sizeof(*b.dmap));
	b.smap = xcalloc(n, sizeof(*b.smap));
	number(&b, &gd, &subj);
	labels(&b);
	plan(&b, jobs < 1 ? 1 : jobs);
	b.g = xcalloc(n * ix->nchunks + 1, sizeof(*b.g));
	b.lo = xcalloc(ix->nchunks + 1, sizeof(*b.lo));
	b.hi = xcalloc(ix->nchunks + 1, sizeof(*b.hi));
	works_par((unsigned)(jobs < 1 ? 1 : jobs), n, scatter, &b);
	works_par((unsigned)(jobs < 1 ? 1 : jobs), ix->nchunks, build_chunk, &b);
	for (size_t c = 0; c < ix->nchunks; c++) {
		if (b.lo[c] && (!ix->year_lo || b.lo[c] < ix->year_lo))
			ix->year_lo = b.lo[c];
		if (b.hi[c] > ix->year_hi)
			ix->year_hi = b.hi[c];
	}
	for (size_t s = 0; s < n; s++) {
		free(b.dmap[s]);
		free(b.smap[s]);
	}
	free(b.dmap);
	free(b.smap);
	free(b.g);
	free(b.lo);
	free(b.hi);
	free(subj);
	works_dict_release(&gd);
}

void works_index_release(struct works_index *ix)
{
	for (size_t c = 0; c < ix->nchunks; c++) {
		struct works_chunk *k = &ix->chunks[c];
		free(k->ccs);
		free(k->pairs);
		free(k->rowkeys);
		free(k->rows);
		free(k->lsum);
		free(k->row_at);
		free(k->cc_at);
		free(k->pair_at);
	}
	free(ix->chunks);
	free(ix->chunk_of);
	works_agg_release(&ix->head);
	buf_release(&ix->names);
	free(ix->subject_name);
	free(ix->subject_ror);
	free(ix->subject_label);
	free(ix->partner_name);
	free(ix->partner_cc);
	free(ix->partner_rank);
	free(ix->pe);
	memset(ix, 0, sizeof(*ix));
}

const char *works_index_id(const struct works_index *ix, size_t i)
{
	return ix->names.buf + ix->subject_name[i];
}

const char *works_index_ror(const struct works_index *ix, size_t i)
{
	return ix->subject_ror[i] == SIZE_MAX ? NULL : ix->names.buf + ix->subject_ror[i];
}

const char *works_index_name(const struct works_index *ix, size_t i)
{
	return ix->subject_label[i] == SIZE_MAX ? NULL : ix->names.buf + ix->subject_label[i];
}

size_t works_index_nrows(const struct works_index *ix, size_t i)
{
	const struct works_chunk *c = &ix->chunks[ix->chunk_of[i]];
	size_t j = i - c->first;

	return c->row_at[j + 1] - c->row_at[j];
}
