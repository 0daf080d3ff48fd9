/* Counting works into the aggregate: subjects of a work, rows, partners, the Leiden sums. */
#include "works/aggint.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static uint32_t dense_id(struct works_agg *a, const char *s, size_t len)
{
	return works_agg_dense(a, s, len);
}

/* The record of dense id d (looked up once). */
static const struct inst_rec *rec_of(struct works_agg *a, uint32_t d)
{
	if (!a->rec_known[d]) {
		char tmp[WORKS_DICT_NAME];
		a->rec_of[d] = inst_records_find(a->rec, works_dict_name(&a->dict, d, tmp));
		a->rec_known[d] = 1;
	}
	return a->rec_of[d];
}

/* Whether dense id d passes the filter of --institutions all. */
static bool wanted(struct works_agg *a, uint32_t d)
{
	const struct inst_rec *r;
	const char *type;

	if (!a->filter.type[0] && !a->filter.country[0])
		return true;
	r = a->rec ? rec_of(a, d) : NULL;
	if (!r)
		return false;
	if (a->filter.country[0] && strcmp(r->country, a->filter.country))
		return false;
	type = inst_records_type(a->rec, r);
	return !a->filter.type[0] || (type && !strcmp(type, a->filter.type));
}

/* The subject of dense id d in mode WORKS_EVERY (decided at first sight). */
static uint32_t every_subject(struct works_agg *a, uint32_t d)
{
	uint32_t s = a->subj_of[d];

	if (s != WORKS_SUBJ_UNSEEN)
		return s;
	if (!wanted(a, d))
		return a->subj_of[d] = WORKS_SUBJ_NONE;
	if (a->nsubjects >= WORKS_MAX_SUBJECTS) {
		a->too_many_subjects++;
		return WORKS_SUBJ_NONE;
	}
	return works_agg_new_subject(a, d);
}

static inline bool in_set(const char (*set)[3], size_t n, const char *cc)
{
	for (size_t i = 0; i < n; i++)
		if (set[i][0] == cc[0] && set[i][1] == cc[1])
			return true;
	return false;
}

/* What a work is regardless of the subject. */
struct work_class {
	unsigned sets;		/* bit per publication set */
	size_t ncc;		/* countries of the authors and the institutions (CWTS) */
	size_t located;		/* institutions with coordinates */
	double gcd;		/* largest distance between them; 0 when fewer than two */
};

static struct work_class classify(struct works_agg *a, const struct work *w)
{
	struct work_class c = { 1u << WORKS_SET_EVERY, w->ncountries, 0, 0 };
	char extra[16][3];
	size_t nextra = 0;

	if (!a->nsets)
		return c;
	if (a->has_core) {
		if (!(w->cwts & WORK_CWTS_KNOWN))
			a->no_core_fields++;
		if ((w->cwts & WORK_CWTS_CORE) && works_core_has(a->core, w->source))
			c.sets |= 1u << WORKS_SET_CORE;
		if (w->cwts & WORK_CWTS_ALL)
			c.sets |= 1u << WORKS_SET_ALL;
	}
	/* CWTS: the countries of the authors and of the institutions */
	for (size_t i = 0; i < w->ninst; i++) {
		const char *cc = w->inst[i].country;
		if (cc[0] && !in_set(w->countries, w->ncountries, cc) &&
		    !in_set((const char (*)[3])extra, nextra, cc) && nextra < 16)
			memcpy(extra[nextra++], cc, 3);
	}
	c.ncc += nextra;
	if (!a->rec)
		return c;
	for (size_t i = 0; i < w->ninst; i++) {
		const struct inst_rec *ri = rec_of(a, a->dense[i]);
		if (!inst_rec_located(ri))
			continue;
		c.located++;
		for (size_t j = i + 1; j < w->ninst; j++) {
			const struct inst_rec *rj = rec_of(a, a->dense[j]);
			double d;
			if (!inst_rec_located(rj))
				continue;
			d = inst_distance_km(ri->lat, ri->lon, rj->lat, rj->lon);
			if (d > c.gcd)
				c.gcd = d;
		}
	}
	return c;
}

static uint64_t frac_units(double share)
{
	double u = share * (double)WORKS_FRAC_UNIT;

	return u <= 0 ? 0 : (uint64_t)llround(u);
}

/* The Leiden sums of w for a subject (own: its institutions, NULL for "*"). */
static void count_leiden(struct works_agg *a, uint32_t r, const struct work *w,
			 const unsigned char *own, size_t nown, struct work_class wc)
{
	bool other = !own ? w->ninst >= 2 : nown < w->ninst;
	bool collab = other || wc.ncc >= 2, industry = false;
	uint64_t frac, frac_inst;

	for (size_t i = 0; a->company && i < w->ninst; i++)
		if (a->company[i] && !(own && own[i])) {
			industry = true;
			break;
		}
	if (!own || nown >= w->ninst)
		frac_inst = WORKS_FRAC_UNIT;
	else
		frac_inst = ((uint64_t)nown * WORKS_FRAC_UNIT + w->ninst / 2) / w->ninst;
	if (!own) {
		frac = WORKS_FRAC_UNIT;
	} else if (!w->share) {
		frac = frac_inst;	/* no authorships (other formats): by institution */
	} else {
		double s = 0;
		for (size_t i = 0; i < w->ninst; i++)
			if (own[i])
				s += w->share[i];
		frac = frac_units(s);
	}
	for (unsigned set = 0; set < a->nsets; set++) {
		struct works_lsum *l;
		if (!(wc.sets & (1u << set)))
			continue;
		l = &a->lsum[(size_t)r * a->nsets + set];
		l->p++;
		l->collab += collab;
		l->intl += wc.ncc >= 2;
		l->industry += industry;
		l->located += collab && wc.located >= 2;
		l->short_dist += collab && wc.gcd <= WORKS_SHORT_KM;
		l->long_dist += collab && wc.gcd >= WORKS_LONG_KM;
		l->frac += frac;
		l->frac_inst += frac_inst;
	}
}

/*
 * Counts w for subject s; own[i] says whether institution i is the
 * subject's (NULL: subject "*", no institution is).
 */
static void count(struct works_agg *a, uint32_t s, const struct work *w,
		  const unsigned char *own, struct work_class wc)
{
	uint32_t r = works_agg_row_of(a, s, w->year);
	struct works_row *rw = &a->rows[r];
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
	rw->works++;
	rw->intl += w->ncountries >= 2;
	rw->collab += w->ncountries >= 2 || w->ninst >= 2;
	if (a->nsets)
		count_leiden(a, r, w, own, nown, wc);
	for (size_t i = 0; i < w->ncountries; i++)
		if (!in_set((const char (*)[3])home, nhome, w->countries[i]))
			++*wmap_slot(&a->countries, CC_KEY(s, w->year, works_cc_index(w->countries[i])));
	for (size_t i = 0; i < w->ninst; i++) {
		const struct work_inst *in = &w->inst[i];
		if ((own && own[i]) || !in->country[0] ||
		    in_set((const char (*)[3])home, nhome, in->country))
			continue;
		works_min_cc(a->cc[a->dense[i]], in->country);
		++*wmap_slot(&a->pairs, PAIR_KEY(s, w->year, a->dense[i]));
	}
}

static inline void hit(struct works_agg *a, size_t *n, uint32_t s, size_t inst)
{
	if (s >= WORKS_SUBJ_NONE)
		return;
	a->hits = xgrow(a->hits, &a->ahits, *n + 1, sizeof(*a->hits));
	a->hits[*n].subject = s;
	a->hits[*n].inst = (uint32_t)inst;
	(*n)++;
}

static inline bool hit_less(const struct works_hit *x, const struct works_hit *y)
{
	return x->subject != y->subject ? x->subject < y->subject : x->inst < y->inst;
}

static int cmp_hit(const void *x, const void *y)
{
	return hit_less(x, y) ? -1 : hit_less(y, x);
}

static void sort_hits(struct works_hit *h, size_t n)
{
	if (n > 24) {
		qsort(h, n, sizeof(*h), cmp_hit);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct works_hit t = h[i];
		size_t j = i;
		while (j && hit_less(&t, &h[j - 1])) {
			h[j] = h[j - 1];
			j--;
		}
		h[j] = t;
	}
}

/* The subject (or none) of a lineage id or of a ROR id. */
static uint32_t lineage_subject(struct works_agg *a, const char *id)
{
	size_t len = strlen(id);
	long d;

	if (a->mode == WORKS_EVERY)
		return len ? every_subject(a, dense_id(a, id, len)) : WORKS_SUBJ_NONE;
	d = works_dict_find(&a->dict, id, len);
	return d < 0 ? WORKS_SUBJ_NONE : a->subj_of[d];
}

static uint32_t ror_subject(const struct works_agg *a, const char *ror)
{
	long k;

	if (!ror || !a->ror_keys.n)
		return WORKS_SUBJ_NONE;
	k = strtab_find(&a->ror_keys, ror, strlen(ror));
	return k < 0 ? WORKS_SUBJ_NONE : a->ror_subject[k];
}

int works_agg_add(const struct work *w, void *agg)
{
	struct works_agg *a = agg;
	struct work_class wc;
	size_t nhits = 0, n = w->ninst;

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
	if (n + 1 > a->ascratch) {
		a->ascratch = (n + 1) * 2;
		a->dense = xrealloc(a->dense, a->ascratch * sizeof(*a->dense));
		a->own = xrealloc(a->own, a->ascratch);
		a->company = a->rec ? xrealloc(a->company, a->ascratch) : NULL;
	}
	for (size_t i = 0; i < n; i++)
		a->dense[i] = dense_id(a, w->inst[i].name, strlen(w->inst[i].name));
	for (size_t i = 0; a->rec && i < n; i++) {
		const struct inst_rec *r = rec_of(a, a->dense[i]);
		a->company[i] = r && r->type == a->rec->company && r->type != UINT32_MAX;
	}
	wc = classify(a, w);
	if (a->all) {
		count(a, 0, w, NULL, wc);
		return 0;
	}
	/* the subjects of the work: by id, ROR id (a list) or lineage */
	for (size_t i = 0; i < n; i++) {
		const struct work_inst *in = &w->inst[i];
		uint32_t d = a->dense[i];
		if (a->mode == WORKS_EVERY) {
			hit(a, &nhits, every_subject(a, d), i);
		} else {
			hit(a, &nhits, a->subj_of[d], i);
			hit(a, &nhits, ror_subject(a, in->ror), i);
		}
		for (size_t k = 0; k < in->nlineage; k++)
			hit(a, &nhits, lineage_subject(a, in->lineage[k]), i);
	}
	if (!nhits)
		return 0;
	sort_hits(a->hits, nhits);
	memset(a->own, 0, n);
	for (size_t h = 0; h < nhits;) {
		size_t e = h;
		uint32_t s = a->hits[h].subject;
		for (; e < nhits && a->hits[e].subject == s; e++) {
			uint32_t i = a->hits[e].inst;
			a->own[i] = 1;
			if (w->inst[i].ror && a->dense[i] == a->subjects[s])
				works_agg_subject_ror(a, s, w->inst[i].ror);
		}
		count(a, s, w, a->own, wc);
		for (size_t k = h; k < e; k++)
			a->own[a->hits[k].inst] = 0;
		h = e;
	}
	return 0;
}
