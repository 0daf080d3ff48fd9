/* The co-authorship aggregate: subjects and counting works. */
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

static inline unsigned cc_index(const char *cc)
{
	return (unsigned)(cc[0] - 'A') * 26u + (unsigned)(cc[1] - 'A');
}

/* The per dense id arrays cover every id of the dictionary. */
void works_agg_grow_dense(struct works_agg *a)
{
	size_t old = a->adense, n = a->dict.n;

	if (n <= old)
		return;
	a->adense = old ? old : 64;
	while (a->adense < n)
		a->adense *= 2;
	a->subj_of = xrealloc(a->subj_of, a->adense * sizeof(*a->subj_of));
	a->rec_of = xrealloc(a->rec_of, a->adense * sizeof(*a->rec_of));
	a->rec_known = xrealloc(a->rec_known, a->adense);
	a->cc = xrealloc(a->cc, a->adense * sizeof(*a->cc));
	memset(a->subj_of + old, 0xff, (a->adense - old) * sizeof(*a->subj_of));
	memset(a->rec_known + old, 0, a->adense - old);
	memset(a->cc + old, 0, (a->adense - old) * sizeof(*a->cc));
}

static uint32_t dense_id(struct works_agg *a, const char *s, size_t len)
{
	uint32_t d = works_dict_id(&a->dict, s, len);

	if (d >= a->adense)
		works_agg_grow_dense(a);
	return d;
}

uint32_t works_agg_dense(struct works_agg *a, const char *s, size_t len)
{
	return dense_id(a, s, len);
}

uint32_t works_agg_dense_key(struct works_agg *a, uint64_t key)
{
	uint32_t d = works_dict_key(&a->dict, key);

	if (d >= a->adense)
		works_agg_grow_dense(a);
	return d;
}


/* A new subject named by dense id d. */
static uint32_t new_subject(struct works_agg *a, uint32_t d)
{
	uint32_t s = (uint32_t)a->nsubjects++;
	size_t old = a->asubjects;

	if (a->nsubjects > old) {
		a->asubjects = old ? old * 2 : 64;
		a->subjects = xrealloc(a->subjects, a->asubjects * sizeof(*a->subjects));
		a->subject_ror = xrealloc(a->subject_ror, a->asubjects * sizeof(*a->subject_ror));
		a->subject_name = xrealloc(a->subject_name, a->asubjects * sizeof(*a->subject_name));
	}
	a->subjects[s] = d;
	a->subject_ror[s] = UINT32_MAX;
	a->subject_name[s] = UINT32_MAX;
	a->subj_of[d] = s;
	return s;
}

uint32_t works_agg_new_subject(struct works_agg *a, uint32_t d)
{
	return a->subj_of[d] < WORKS_SUBJ_NONE ? a->subj_of[d] : new_subject(a, d);
}

void works_agg_init(struct works_agg *a, const struct works_opts *o)
{
	memset(a, 0, sizeof(*a));
	a->o = *o;
	a->all = true;
	a->mode = WORKS_ONE;
	works_dict_init(&a->dict);
	strtab_init(&a->rors);
	strtab_init(&a->names);
	strtab_init(&a->ror_keys);
	strtab_init(&a->unknown);
	wmap_init(&a->rowix);
	wmap_init(&a->countries);
	wmap_init(&a->pairs);
	new_subject(a, dense_id(a, "*", 1));
}

void works_agg_release(struct works_agg *a)
{
	works_dict_release(&a->dict);
	strtab_release(&a->rors);
	strtab_release(&a->names);
	strtab_release(&a->ror_keys);
	strtab_release(&a->unknown);
	wmap_release(&a->rowix);
	wmap_release(&a->countries);
	wmap_release(&a->pairs);
	free(a->subj_of);
	free(a->rec_of);
	free(a->rec_known);
	free(a->cc);
	free(a->subjects);
	free(a->subject_ror);
	free(a->subject_name);
	free(a->ror_subject);
	free(a->rows);
	free(a->lsum);
	free(a->unknown_n);
	free(a->hits);
	free(a->dense);
	free(a->own);
	free(a->company);
	memset(a, 0, sizeof(*a));
}

/* Leaves mode WORKS_ONE: no subject "*". */
static void leave_one(struct works_agg *a, enum works_mode mode)
{
	if (a->all) {
		a->subj_of[a->subjects[0]] = WORKS_SUBJ_NONE;
		a->nsubjects = 0;
		a->all = false;
	}
	a->mode = mode;
}

int works_agg_add_subject(struct works_agg *a, const char *id)
{
	size_t len = strlen(id);
	uint32_t d, s;

	if (a->mode == WORKS_EVERY) {
		/* given explicitly (a partial): an id exactly as the works had
		 * it, whatever bytes it holds, so that the partial reads back */
		if (!len || a->nsubjects >= WORKS_MAX_SUBJECTS)
			return -1;
		d = dense_id(a, id, len);
		if (a->subj_of[d] >= WORKS_SUBJ_NONE)
			new_subject(a, d);
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
	d = dense_id(a, id, len);
	if (a->subj_of[d] < WORKS_SUBJ_NONE)
		return 0;
	s = new_subject(a, d);
	if (!works_dict_num(id, len)) {	/* a ROR id (or a name): matched against RORs too */
		uint32_t k = strtab_intern(&a->ror_keys, id, len);
		a->ror_subject = xgrow(a->ror_subject, &a->aror, k + 1, sizeof(*a->ror_subject));
		a->ror_subject[k] = s;
	}
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

void works_agg_set_core(struct works_agg *a, const struct works_core *core)
{
	a->core = core;
	a->has_core = core != NULL;
	a->core_digest = core ? core->digest : 0;
	if (a->nsets)
		a->nsets = a->has_core ? WORKS_NSETS : 1;
}

void works_agg_keep_leiden(struct works_agg *a)
{
	a->nsets = a->has_core ? WORKS_NSETS : 1;
}

void works_agg_init_like(struct works_agg *dst, const struct works_agg *src)
{
	works_agg_init(dst, &src->o);
	dst->rec = src->rec;
	dst->has_rec = src->has_rec;
	dst->rec_digest = src->rec_digest;
	dst->core = src->core;
	dst->has_core = src->has_core;
	dst->core_digest = src->core_digest;
	dst->nsets = src->nsets;
	dst->filter = src->filter;
	if (src->mode == WORKS_EVERY)
		works_agg_every(dst, NULL);
	for (size_t s = 0; src->mode == WORKS_LIST && s < src->nsubjects; s++) {
		char tmp[WORKS_DICT_NAME];
		works_agg_add_subject(dst, works_agg_subject_id(src, (uint32_t)s, tmp));
	}
	if (src->mode == WORKS_LIST)
		works_agg_list(dst);
}

size_t works_agg_nsubjects(const struct works_agg *a)
{
	return a->nsubjects;
}

const char *works_agg_subject_id(const struct works_agg *a, uint32_t s, char tmp[WORKS_DICT_NAME])
{
	return works_dict_name(&a->dict, a->subjects[s], tmp);
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
	return new_subject(a, d);
}

void works_agg_subject_ror(struct works_agg *a, uint32_t s, const char *ror)
{
	uint32_t r;

	if (!ror || !*ror)
		return;
	r = strtab_intern(&a->rors, ror, strlen(ror));
	if (a->subject_ror[s] == UINT32_MAX ||
	    strcmp(ror, strtab_str(&a->rors, a->subject_ror[s])) < 0)
		a->subject_ror[s] = r;
}

void works_agg_subject_name(struct works_agg *a, uint32_t s, const char *name)
{
	if (name && *name)
		a->subject_name[s] = strtab_intern(&a->names, name, strlen(name));
}

static uint32_t row(struct works_agg *a, uint32_t s, int y)
{
	uint64_t *ix = wmap_slot(&a->rowix, ROW_KEY(s, y));

	if (!*ix) {
		if (a->nrows + 1 > a->arows) {
			size_t old = a->arows;
			a->arows = old ? old * 2 : 256;
			a->rows = xrealloc(a->rows, a->arows * sizeof(*a->rows));
			if (a->nsets)
				a->lsum = xrealloc(a->lsum, a->arows * a->nsets * sizeof(*a->lsum));
		}
		memset(&a->rows[a->nrows], 0, sizeof(*a->rows));
		if (a->nsets)
			memset(&a->lsum[a->nrows * a->nsets], 0, a->nsets * sizeof(*a->lsum));
		*ix = ++a->nrows;
	}
	return (uint32_t)(*ix - 1);
}

static inline void min_cc(char *have, const char *cc)
{
	if (!have[0] || (cc[0] < have[0] || (cc[0] == have[0] && cc[1] < have[1])))
		memcpy(have, cc, 3);
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
	uint32_t r = row(a, s, w->year);
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
			++*wmap_slot(&a->countries, CC_KEY(s, w->year, cc_index(w->countries[i])));
	for (size_t i = 0; i < w->ninst; i++) {
		const struct work_inst *in = &w->inst[i];
		if ((own && own[i]) || !in->country[0] ||
		    in_set((const char (*)[3])home, nhome, in->country))
			continue;
		min_cc(a->cc[a->dense[i]], in->country);
		++*wmap_slot(&a->pairs, PAIR_KEY(s, w->year, a->dense[i]));
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

void works_agg_add_stats(struct works_agg *a, const struct works_read_stats *st)
{
	a->st.lines += st->lines;
	a->st.works += st->works;
	a->st.blank += st->blank;
	a->st.malformed += st->malformed;
	a->st.too_long += st->too_long;
}

/* Low-level adders shared with the partial reader and merging. */
void works_agg_row(struct works_agg *a, uint32_t s, int y, const struct works_row *r,
		   const struct works_lsum *l)
{
	uint32_t i = row(a, s, y);
	struct works_row *d = &a->rows[i];

	d->works += r->works;
	d->intl += r->intl;
	d->collab += r->collab;
	for (unsigned set = 0; l && set < a->nsets; set++) {
		struct works_lsum *x = &a->lsum[(size_t)i * a->nsets + set];
		const struct works_lsum *v = &l[set];
		x->p += v->p;
		x->collab += v->collab;
		x->intl += v->intl;
		x->industry += v->industry;
		x->located += v->located;
		x->short_dist += v->short_dist;
		x->long_dist += v->long_dist;
		x->frac += v->frac;
		x->frac_inst += v->frac_inst;
	}
}

void works_agg_country(struct works_agg *a, uint32_t s, int y, const char cc[3],
		       uint64_t n)
{
	*wmap_slot(&a->countries, CC_KEY(s, y, cc_index(cc))) += n;
}

void works_agg_pair(struct works_agg *a, uint32_t s, int y, const char *name,
		    const char cc[3], uint64_t n)
{
	uint32_t d = dense_id(a, name, strlen(name));

	min_cc(a->cc[d], cc);
	*wmap_slot(&a->pairs, PAIR_KEY(s, y, d)) += n;
}
