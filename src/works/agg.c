/* The co-authorship aggregate: options, subjects and the adders (count.c counts works). */
#include "works/aggint.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lang/oaid.h"
#include "util/banned.h"

/* Keys: subject < 2^20, year < 2^14, partner < 2^30, country index < 2^10. */
/* The per dense id arrays cover every id of the dictionary. */
static void grow_dense(struct works_agg *a)
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
		grow_dense(a);
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
		grow_dense(a);
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

void works_agg_init_options(struct works_agg *dst, const struct works_agg *src)
{
	works_agg_init(dst, &src->o);
	if (src->mode == WORKS_EVERY)
		works_agg_every(dst, &src->filter);
	else if (src->mode == WORKS_LIST)
		works_agg_list(dst);
	dst->rec = src->rec;
	dst->has_rec = src->has_rec;
	dst->rec_digest = src->rec_digest;
	dst->core = src->core;
	dst->has_core = src->has_core;
	dst->core_digest = src->core_digest;
	dst->nsets = src->nsets;
}

void works_agg_init_like(struct works_agg *dst, const struct works_agg *src)
{
	works_agg_init_options(dst, src);
	dst->filter = src->filter;
	for (size_t s = 0; src->mode == WORKS_LIST && s < src->nsubjects; s++) {
		char tmp[WORKS_DICT_NAME];
		works_agg_add_subject(dst, works_agg_subject_id(src, (uint32_t)s, tmp));
	}
}

size_t works_agg_nsubjects(const struct works_agg *a)
{
	return a->nsubjects;
}

const char *works_agg_subject_id(const struct works_agg *a, uint32_t s, char tmp[WORKS_DICT_NAME])
{
	return works_dict_name(&a->dict, a->subjects[s], tmp);
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

uint32_t works_agg_row_of(struct works_agg *a, uint32_t s, int y)
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

void works_agg_unknown(struct works_agg *a, const char *s, uint64_t n)
{
	uint32_t u = strtab_intern(&a->unknown, s, strlen(s));
	size_t old = a->aunknown;

	a->unknown_n = xgrow(a->unknown_n, &a->aunknown, u + 1, sizeof(*a->unknown_n));
	if (a->aunknown > old)
		memset(a->unknown_n + old, 0, (a->aunknown - old) * sizeof(*a->unknown_n));
	a->unknown_n[u] += n;
}

void works_agg_add_stats(struct works_agg *a, const struct works_read_stats *st)
{
	a->st.lines += st->lines;
	a->st.works += st->works;
	a->st.blank += st->blank;
	a->st.malformed += st->malformed;
	a->st.too_long += st->too_long;
	a->st.duplicates += st->duplicates;
}

/* Low-level adders shared with the partial reader and merging. */
void works_agg_row(struct works_agg *a, uint32_t s, int y, const struct works_row *r,
		   const struct works_lsum *l)
{
	uint32_t i = works_agg_row_of(a, s, y);
	struct works_row *d = &a->rows[i];

	d->works += r->works;
	d->intl += r->intl;
	d->collab += r->collab;
	for (unsigned set = 0; l && set < a->nsets; set++)
		works_lsum_add(&a->lsum[(size_t)i * a->nsets + set], &l[set]);
}

void works_agg_country(struct works_agg *a, uint32_t s, int y, const char cc[3],
		       uint64_t n)
{
	*wmap_slot(&a->countries, CC_KEY(s, y, works_cc_index(cc))) += n;
}

void works_agg_pair(struct works_agg *a, uint32_t s, int y, const char *name,
		    const char cc[3], uint64_t n)
{
	uint32_t d = dense_id(a, name, strlen(name));

	works_min_cc(a->cc[d], cc);
	*wmap_slot(&a->pairs, PAIR_KEY(s, y, d)) += n;
}
