/* The co-authorship aggregate: counting works, merging aggregates. */
#include "works/works.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lang/oaid.h"
#include "util/banned.h"

/* Keys: subject < 2^20, year < 2^14, partner < 2^30, country index < 2^10. */
#define ROW_KEY(s, y) (((uint64_t)(s) << 14) | (uint64_t)(y))
#define CC_KEY(s, y, c) (((uint64_t)(s) << 24) | ((uint64_t)(y) << 10) | (uint64_t)(c))
#define PAIR_KEY(s, y, p) (((uint64_t)(s) << 44) | ((uint64_t)(y) << 30) | (uint64_t)(p))

static unsigned cc_index(const char *cc)
{
	return (unsigned)(cc[0] - 'A') * 26u + (unsigned)(cc[1] - 'A');
}

static void cc_from_index(unsigned i, char out[3])
{
	out[0] = (char)('A' + i / 26);
	out[1] = (char)('A' + i % 26);
	out[2] = '\0';
}

void works_agg_init(struct works_agg *a, const struct works_opts *o)
{
	memset(a, 0, sizeof(*a));
	a->o = *o;
	a->all = true;
	a->mode = WORKS_ONE;
	strtab_init(&a->subjects);
	strtab_init(&a->keys);
	strtab_init(&a->rors);
	strtab_init(&a->partners);
	strtab_init(&a->unknown);
	u64map_init(&a->rowix);
	u64map_init(&a->countries);
	u64map_init(&a->pairs);
	strtab_intern(&a->subjects, "*", 1);
}

void works_agg_release(struct works_agg *a)
{
	strtab_release(&a->subjects);
	strtab_release(&a->keys);
	strtab_release(&a->rors);
	strtab_release(&a->partners);
	strtab_release(&a->unknown);
	u64map_release(&a->rowix);
	u64map_release(&a->countries);
	u64map_release(&a->pairs);
	free(a->key_subject);
	free(a->subject_ror);
	free(a->partner_cc);
	free(a->rows);
	free(a->unknown_n);
	free(a->hits);
	free(a->own);
	free(a->company);
	free(a->recs);
	free(a->pid);
	memset(a, 0, sizeof(*a));
}

/* Leaves mode WORKS_ONE: no subject "*". */
static void leave_one(struct works_agg *a, enum works_mode mode)
{
	if (a->all) {
		strtab_release(&a->subjects);
		strtab_init(&a->subjects);
		a->all = false;
	}
	a->mode = mode;
}

static void grow_subjects(struct works_agg *a, uint32_t s)
{
	size_t old = a->asror;

	a->subject_ror = xgrow(a->subject_ror, &a->asror, s + 1, sizeof(*a->subject_ror));
	if (a->asror > old)
		memset(a->subject_ror + old, 0xff, (a->asror - old) * sizeof(*a->subject_ror));
}

int works_agg_add_subject(struct works_agg *a, const char *id)
{
	size_t len = strlen(id);
	uint32_t s, k;

	if (a->mode == WORKS_EVERY) {
		/* given explicitly (a partial): an id exactly as the works had
		 * it, whatever bytes it holds, so that the partial reads back */
		if (!len || a->subjects.n >= WORKS_MAX_SUBJECTS)
			return -1;
		s = strtab_intern(&a->subjects, id, len);
		grow_subjects(a, s);
		return 0;
	}
	while (len && (*id == ' ' || *id == '\t')) {
		id++;
		len--;
	}
	while (len && (unsigned char)id[len - 1] <= ' ')
		len--;
	oaid_strip(&id, &len);
	if (!len)
		return -1;
	leave_one(a, WORKS_LIST);
	s = strtab_intern(&a->subjects, id, len);
	grow_subjects(a, s);
	k = strtab_intern(&a->keys, id, len);
	a->key_subject = xgrow(a->key_subject, &a->akey, k + 1, sizeof(*a->key_subject));
	a->key_subject[k] = s;
	return 0;
}

void works_agg_list(struct works_agg *a)
{
	leave_one(a, WORKS_LIST);
}

void works_agg_every(struct works_agg *a, const struct works_filter *f)
{
	leave_one(a, WORKS_EVERY);
	if (f)
		a->filter = *f;
}

void works_agg_set_records(struct works_agg *a, const struct inst_records *rec)
{
	a->rec = rec;
	a->has_rec = rec != NULL;
	a->rec_digest = rec ? rec->digest : 0;
}

void works_agg_init_like(struct works_agg *dst, const struct works_agg *src)
{
	works_agg_init(dst, &src->o);
	dst->window = src->window;
	dst->fractional = src->fractional;
	dst->rec = src->rec;
	dst->has_rec = src->has_rec;
	dst->rec_digest = src->rec_digest;
	dst->filter = src->filter;
	if (src->mode == WORKS_EVERY)
		works_agg_every(dst, NULL);
	for (size_t s = 0; src->mode == WORKS_LIST && s < src->subjects.n; s++)
		works_agg_add_subject(dst, strtab_str(&src->subjects, (uint32_t)s));
}

/* Whether id passes the filter of --institutions all. */
static bool wanted(const struct works_agg *a, const char *id)
{
	const struct inst_rec *r;
	const char *type;

	if (!a->filter.type[0] && !a->filter.country[0])
		return true;
	r = inst_records_find(a->rec, id);
	if (!r)
		return false;
	if (a->filter.country[0] && strcmp(r->country, a->filter.country))
		return false;
	type = inst_records_type(a->rec, r);
	return !a->filter.type[0] || (type && !strcmp(type, a->filter.type));
}

/* The subject number of id (added in mode WORKS_EVERY); -1 when not one. */
static long works_agg_subject(struct works_agg *a, const char *id)
{
	size_t len;
	long i;

	if (!id)
		return -1;
	len = strlen(id);
	if (a->mode == WORKS_LIST) {
		i = strtab_find(&a->keys, id, len);
		return i < 0 ? -1 : (long)a->key_subject[i];
	}
	if (a->mode != WORKS_EVERY || !len)
		return -1;
	i = strtab_find(&a->subjects, id, len);
	if (i >= 0)
		return i;
	if (!wanted(a, id))
		return -1;
	if (a->subjects.n >= WORKS_MAX_SUBJECTS)
		return -2;
	i = strtab_intern(&a->subjects, id, len);
	grow_subjects(a, (uint32_t)i);
	return i;
}

void works_agg_subject_ror(struct works_agg *a, uint32_t s, const char *ror)
{
	uint32_t r;

	if (!ror || !*ror)
		return;
	r = strtab_intern(&a->rors, ror, strlen(ror));
	grow_subjects(a, s);
	if (a->subject_ror[s] == UINT32_MAX ||
	    strcmp(ror, strtab_str(&a->rors, a->subject_ror[s])) < 0)
		a->subject_ror[s] = r;
}

static struct works_row *row(struct works_agg *a, uint32_t s, int y)
{
	uint64_t *ix = u64map_slot(&a->rowix, ROW_KEY(s, y));

	if (!*ix) {
		a->rows = xgrow(a->rows, &a->arows, a->nrows + 1, sizeof(*a->rows));
		memset(&a->rows[a->nrows], 0, sizeof(*a->rows));
		*ix = ++a->nrows;
	}
	return &a->rows[*ix - 1];
}

static uint32_t partner(struct works_agg *a, const char *name, const char cc[3])
{
	uint32_t p = strtab_intern(&a->partners, name, strlen(name));
	size_t old = a->apartner;

	a->partner_cc = xgrow(a->partner_cc, &a->apartner, p + 1, sizeof(*a->partner_cc));
	if (a->apartner > old)
		memset(a->partner_cc + old, 0, (a->apartner - old) * sizeof(*a->partner_cc));
	if (!a->partner_cc[p][0] || strcmp(cc, a->partner_cc[p]) < 0)
		memcpy(a->partner_cc[p], cc, 3);
	return p;
}

static int in_set(const char (*set)[3], size_t n, const char *cc)
{
	for (size_t i = 0; i < n; i++)
		if (!memcmp(set[i], cc, 2))
			return 1;
	return 0;
}

/* What a work is regardless of the subject (distance from the records). */
struct work_class {
	bool located, near, far;
};

/* recs[i]: the record of the work's institution i (NULL when none). */
static struct work_class classify(const struct work *w, const struct inst_rec *const *recs)
{
	struct work_class c = { false, false, false };
	double max = 0;

	if (!recs || !w->ninst)
		return c;
	for (size_t i = 0; w->ninst > 1 && i < w->ninst; i++)
		if (!inst_rec_located(recs[i]))
			return c;
	for (size_t i = 0; w->ninst > 1 && i < w->ninst; i++)
		for (size_t j = i + 1; j < w->ninst; j++) {
			double d = inst_distance_km(recs[i]->lat, recs[i]->lon,
						    recs[j]->lat, recs[j]->lon);
			if (d > max)
				max = d;
		}
	c.located = true;
	c.near = max < WORKS_NEAR_KM;
	c.far = max > WORKS_FAR_KM;
	return c;
}

/*
 * Counts w for subject s; own[i] says whether institution i is the
 * subject's (NULL: subject "*", no institution is), company[i] whether it
 * is a company (NULL without records).
 */
static void count(struct works_agg *a, uint32_t s, const struct work *w,
		  const unsigned char *own, const unsigned char *company,
		  struct work_class wc)
{
	struct works_row *r = row(a, s, w->year);
	char home[16][3];
	size_t nhome = 0, nown = 0;

	for (size_t i = 0; own && i < w->ninst; i++) {
		nown += own[i];
		if (own[i] && w->inst[i].country[0] && nhome < 16 &&
		    !in_set((const char (*)[3])home, nhome, w->inst[i].country))
			memcpy(home[nhome++], w->inst[i].country, 3);
	}
	if (!nhome && a->o.home[0])
		memcpy(home[nhome++], a->o.home, 3);
	r->works++;
	if (w->ncountries >= 2)
		r->intl++;
	if (w->ncountries >= 2 || w->ninst >= 2)
		r->collab++;
	for (size_t i = 0; company && i < w->ninst; i++)
		if (company[i] && !(own && own[i])) {
			r->industry++;
			break;
		}
	r->located += wc.located;
	r->near += wc.located && wc.near;
	r->far += wc.located && wc.far;
	if (!own || nown >= w->ninst)
		r->frac += WORKS_FRAC_UNIT;
	else
		r->frac += ((uint64_t)nown * WORKS_FRAC_UNIT + w->ninst / 2) / w->ninst;
	for (size_t i = 0; i < w->ncountries; i++)
		if (!in_set((const char (*)[3])home, nhome, w->countries[i]))
			++*u64map_slot(&a->countries,
				       CC_KEY(s, w->year, cc_index(w->countries[i])));
	for (size_t i = 0; i < w->ninst; i++) {
		const struct work_inst *in = &w->inst[i];
		if ((own && own[i]) || !in->country[0] ||
		    in_set((const char (*)[3])home, nhome, in->country))
			continue;
		if (a->pid[i] == UINT32_MAX)	/* once per work, not per subject */
			a->pid[i] = partner(a, in->name, in->country);
		++*u64map_slot(&a->pairs, PAIR_KEY(s, w->year, a->pid[i]));
	}
}

void works_agg_unknown(struct works_agg *a, const char *s, uint64_t n)
{
	uint32_t u = strtab_intern(&a->unknown, s, strlen(s));
	size_t old = a->aunknown;

	a->unknown_n = xgrow(a->unknown_n, &a->aunknown, u + 1, sizeof(*a->unknown_n));
	if (a->aunknown > old)
		memset(a->unknown_n + old, 0, (a->aunknown - old) * sizeof(*a->unknown_n));
	a->unknown_n[u] += n;
}

static void hit(struct works_agg *a, size_t *n, long s, size_t inst)
{
	if (s == -2)
		a->too_many_subjects++;
	if (s < 0)
		return;
	a->hits = xgrow(a->hits, &a->ahits, *n + 1, sizeof(*a->hits));
	a->hits[*n].subject = (uint32_t)s;
	a->hits[*n].inst = (uint32_t)inst;
	(*n)++;
}

static int cmp_hit(const void *x, const void *y)
{
	const struct works_hit *a = x, *b = y;

	if (a->subject != b->subject)
		return a->subject < b->subject ? -1 : 1;
	return a->inst < b->inst ? -1 : a->inst > b->inst;
}

int works_agg_add(const struct work *w, void *agg)
{
	struct works_agg *a = agg;
	unsigned char *company = NULL;
	struct work_class wc;
	size_t nhits = 0;

	for (size_t i = 0; i < w->nunknown; i++)
		works_agg_unknown(a, w->unknown[i], 1);
	if (!w->year) {
		a->no_year++;
		return 0;
	}
	if ((a->o.year_from && w->year < a->o.year_from) ||
	    (a->o.year_to && w->year > a->o.year_to)) {
		a->out_of_range++;
		return 0;
	}
	if (a->rec) {	/* each institution's record, once per work */
		a->recs = xgrow(a->recs, &a->arecs, w->ninst + 1, sizeof(*a->recs));
		a->company = xgrow(a->company, &a->acompany, w->ninst + 1, 1);
		for (size_t i = 0; i < w->ninst; i++) {
			a->recs[i] = inst_records_find(a->rec, w->inst[i].name);
			a->company[i] = a->recs[i] && a->recs[i]->type == a->rec->company;
		}
		if (a->rec->company != UINT32_MAX)
			company = a->company;
	}
	wc = classify(w, a->rec ? a->recs : NULL);
	a->pid = xgrow(a->pid, &a->apid, w->ninst + 1, sizeof(*a->pid));
	memset(a->pid, 0xff, w->ninst * sizeof(*a->pid));
	if (a->all) {
		count(a, 0, w, NULL, company, wc);
		return 0;
	}
	/* the subjects of the work: by id, ROR id (a list) or lineage */
	for (size_t i = 0; i < w->ninst; i++) {
		const struct work_inst *in = &w->inst[i];
		hit(a, &nhits, works_agg_subject(a, in->name), i);
		if (a->mode == WORKS_LIST)
			hit(a, &nhits, works_agg_subject(a, in->ror), i);
		for (size_t k = 0; k < in->nlineage; k++)
			hit(a, &nhits, works_agg_subject(a, in->lineage[k]), i);
	}
	if (!nhits)
		return 0;
	if (nhits > 1)
		qsort(a->hits, nhits, sizeof(*a->hits), cmp_hit);
	a->own = xgrow(a->own, &a->aown, w->ninst + 1, 1);
	memset(a->own, 0, w->ninst);
	for (size_t h = 0; h < nhits;) {
		size_t e = h;
		uint32_t s = a->hits[h].subject;
		for (; e < nhits && a->hits[e].subject == s; e++) {
			const struct work_inst *in = &w->inst[a->hits[e].inst];
			a->own[a->hits[e].inst] = 1;
			if (in->ror && !strcmp(in->name, strtab_str(&a->subjects, s)))
				works_agg_subject_ror(a, s, in->ror);
		}
		count(a, s, w, a->own, company, wc);
		for (size_t k = h; k < e; k++)
			a->own[a->hits[k].inst] = 0;
		h = e;
	}
	return 0;
}

void works_agg_add_stats(struct works_agg *a, const struct works_read_stats *st)
{
	a->st.lines += st->lines;
	a->st.works += st->works;
	a->st.blank += st->blank;
	a->st.malformed += st->malformed;
	a->st.too_long += st->too_long;
}

/* Low-level adders shared with the partial reader. */
void works_agg_row(struct works_agg *a, uint32_t s, int y, const struct works_row *r)
{
	struct works_row *d = row(a, s, y);

	d->works += r->works;
	d->intl += r->intl;
	d->collab += r->collab;
	d->industry += r->industry;
	d->located += r->located;
	d->near += r->near;
	d->far += r->far;
	d->frac += r->frac;
}

void works_agg_country(struct works_agg *a, uint32_t s, int y, const char cc[3],
		       uint64_t n)
{
	*u64map_slot(&a->countries, CC_KEY(s, y, cc_index(cc))) += n;
}

void works_agg_pair(struct works_agg *a, uint32_t s, int y, const char *name,
		    const char cc[3], uint64_t n)
{
	*u64map_slot(&a->pairs, PAIR_KEY(s, y, partner(a, name, cc))) += n;
}

/*
 * Slot i of a map of capacity cap in a scrambled order: inserting a table
 * in its own slot (hash) order into a smaller one clusters linear probing
 * into quadratic time; an odd multiplier permutes the slots.
 */
static size_t scrambled(size_t i, size_t cap)
{
	return (size_t)(((uint64_t)i * 0x9E3779B97F4A7C15ULL) & (cap - 1));
}

int works_agg_merge(struct works_agg *dst, const struct works_agg *src,
		    struct buf *err)
{
	uint32_t *smap, *pmap;

	if (dst->mode != src->mode ||
	    (dst->mode == WORKS_LIST && dst->subjects.n != src->subjects.n) ||
	    dst->o.year_from != src->o.year_from || dst->o.year_to != src->o.year_to ||
	    strcmp(dst->o.home, src->o.home) || dst->o.leiden != src->o.leiden) {
		buf_setf(err, "the partials were made with different options "
			 "(--years, --institutions, home country or Leiden rule)");
		return -1;
	}
	if (dst->has_rec != src->has_rec || dst->rec_digest != src->rec_digest ||
	    strcmp(dst->filter.type, src->filter.type) ||
	    strcmp(dst->filter.country, src->filter.country)) {
		buf_setf(err, "the partials were made with different --institution-records, "
			 "--type or --country");
		return -1;
	}
	/* subject and partner numbers differ: map them by id, once */
	smap = xmalloc((src->subjects.n + 1) * sizeof(*smap));
	for (size_t i = 0; i < src->subjects.n; i++) {
		const char *id = strtab_str(&src->subjects, (uint32_t)i);
		long s = strtab_find(&dst->subjects, id, strlen(id));
		if (s < 0 && dst->mode == WORKS_EVERY) {
			s = strtab_intern(&dst->subjects, id, strlen(id));
			grow_subjects(dst, (uint32_t)s);
		}
		if (s < 0) {
			buf_setf(err, "the partials list different institutions ('%s')", id);
			free(smap);
			return -1;
		}
		smap[i] = (uint32_t)s;
		if (src->subject_ror && src->subject_ror[i] != UINT32_MAX)
			works_agg_subject_ror(dst, (uint32_t)s,
					      strtab_str(&src->rors, src->subject_ror[i]));
	}
	pmap = xmalloc((src->partners.n + 1) * sizeof(*pmap));
	for (size_t p = 0; p < src->partners.n; p++)
		pmap[p] = partner(dst, strtab_str(&src->partners, (uint32_t)p), src->partner_cc[p]);
	for (size_t j = 0; j < src->rowix.cap; j++) {
		size_t i = scrambled(j, src->rowix.cap);
		uint64_t k = src->rowix.keys[i];
		if (k != UINT64_MAX)
			works_agg_row(dst, smap[k >> 14], (int)(k & 0x3fff),
				      &src->rows[src->rowix.vals[i] - 1]);
	}
	for (size_t j = 0; j < src->countries.cap; j++) {
		size_t i = scrambled(j, src->countries.cap);
		uint64_t k = src->countries.keys[i];
		char cc[3];
		if (k == UINT64_MAX)
			continue;
		cc_from_index((unsigned)(k & 0x3ff), cc);
		works_agg_country(dst, smap[k >> 24], (int)((k >> 10) & 0x3fff), cc,
				  src->countries.vals[i]);
	}
	for (size_t j = 0; j < src->pairs.cap; j++) {
		size_t i = scrambled(j, src->pairs.cap);
		uint64_t k = src->pairs.keys[i];
		if (k != UINT64_MAX)
			*u64map_slot(&dst->pairs, PAIR_KEY(smap[k >> 44], (k >> 30) & 0x3fff,
							   pmap[k & 0x3fffffff])) += src->pairs.vals[i];
	}
	free(smap);
	free(pmap);
	for (size_t i = 0; i < src->unknown.n; i++)
		works_agg_unknown(dst, strtab_str(&src->unknown, (uint32_t)i),
				  src->unknown_n[i]);
	works_agg_add_stats(dst, &src->st);
	dst->no_year += src->no_year;
	dst->out_of_range += src->out_of_range;
	dst->too_many_subjects += src->too_many_subjects;
	return 0;
}
