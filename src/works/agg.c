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
	strtab_init(&a->subjects);
	strtab_init(&a->keys);
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
	strtab_release(&a->partners);
	strtab_release(&a->unknown);
	u64map_release(&a->rowix);
	u64map_release(&a->countries);
	u64map_release(&a->pairs);
	free(a->key_subject);
	free(a->partner_cc);
	free(a->rows);
	free(a->unknown_n);
	memset(a, 0, sizeof(*a));
}

int works_agg_add_subject(struct works_agg *a, const char *id)
{
	size_t len = strlen(id);
	uint32_t s, k;

	while (len && (*id == ' ' || *id == '\t')) {
		id++;
		len--;
	}
	while (len && (unsigned char)id[len - 1] <= ' ')
		len--;
	oaid_strip(&id, &len);
	if (!len)
		return -1;
	if (a->all) {
		strtab_release(&a->subjects);
		strtab_init(&a->subjects);
		a->all = false;
	}
	s = strtab_intern(&a->subjects, id, len);
	k = strtab_intern(&a->keys, id, len);
	a->key_subject = xgrow(a->key_subject, &a->akey, k + 1, sizeof(*a->key_subject));
	a->key_subject[k] = s;
	return 0;
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

/* Counts w for subject s; own[i] says whether institution i is the subject's. */
static void count(struct works_agg *a, uint32_t s, const struct work *w,
		  const unsigned char *own)
{
	struct works_row *r = row(a, s, w->year);
	char home[16][3];
	size_t nhome = 0;

	for (size_t i = 0; own && i < w->ninst; i++)
		if (own[i] && w->inst[i].country[0] && nhome < 16 &&
		    !in_set((const char (*)[3])home, nhome, w->inst[i].country))
			memcpy(home[nhome++], w->inst[i].country, 3);
	if (!nhome && a->o.home[0])
		memcpy(home[nhome++], a->o.home, 3);
	r->works++;
	if (w->ncountries >= 2)
		r->intl++;
	if (w->ncountries >= 2 || w->ninst >= 2)
		r->collab++;
	for (size_t i = 0; i < w->ncountries; i++)
		if (!in_set((const char (*)[3])home, nhome, w->countries[i]))
			++*u64map_slot(&a->countries,
				       CC_KEY(s, w->year, cc_index(w->countries[i])));
	for (size_t i = 0; i < w->ninst; i++) {
		const struct work_inst *in = &w->inst[i];
		if ((own && own[i]) || !in->country[0] ||
		    in_set((const char (*)[3])home, nhome, in->country))
			continue;
		++*u64map_slot(&a->pairs, PAIR_KEY(s, w->year,
						   partner(a, in->name, in->country)));
	}
}

static long key_subject(const struct works_agg *a, const char *k)
{
	long i = k ? strtab_find(&a->keys, k, strlen(k)) : -1;
	return i < 0 ? -1 : (long)a->key_subject[i];
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

static void add_subject_of(uint32_t *subj, size_t *n, long x)
{
	if (x < 0)
		return;
	for (size_t j = 0; j < *n; j++)
		if (subj[j] == (uint32_t)x)
			return;
	if (*n < 64)
		subj[(*n)++] = (uint32_t)x;
}

int works_agg_add(const struct work *w, void *agg)
{
	struct works_agg *a = agg;
	unsigned char own_buf[256], *own;
	uint32_t subj[64];
	size_t nsubj = 0;

	for (size_t i = 0; i < w->nunknown; i++) {
		works_agg_unknown(a, w->unknown[i], 1);
	}
	if (!w->year) {
		a->no_year++;
		return 0;
	}
	if ((a->o.year_from && w->year < a->o.year_from) ||
	    (a->o.year_to && w->year > a->o.year_to)) {
		a->out_of_range++;
		return 0;
	}
	if (a->all) {
		count(a, 0, w, NULL);
		return 0;
	}
	/* the subjects of the work: by id, ROR id or lineage */
	for (size_t i = 0; i < w->ninst; i++) {
		const struct work_inst *in = &w->inst[i];
		add_subject_of(subj, &nsubj, key_subject(a, in->name));
		add_subject_of(subj, &nsubj, key_subject(a, in->ror));
		for (size_t k = 0; k < in->nlineage; k++)
			add_subject_of(subj, &nsubj, key_subject(a, in->lineage[k]));
	}
	if (!nsubj)
		return 0;
	own = w->ninst <= sizeof(own_buf) ? own_buf : xmalloc(w->ninst);
	for (size_t j = 0; j < nsubj; j++) {
		for (size_t i = 0; i < w->ninst; i++) {
			const struct work_inst *in = &w->inst[i];
			int m = key_subject(a, in->name) == (long)subj[j] ||
				key_subject(a, in->ror) == (long)subj[j];
			for (size_t k = 0; !m && k < in->nlineage; k++)
				m = key_subject(a, in->lineage[k]) == (long)subj[j];
			own[i] = (unsigned char)m;
		}
		count(a, subj[j], w, own);
	}
	if (own != own_buf)
		free(own);
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

int works_agg_merge(struct works_agg *dst, const struct works_agg *src,
		    struct buf *err)
{
	if (dst->all != src->all || dst->subjects.n != src->subjects.n ||
	    dst->o.year_from != src->o.year_from || dst->o.year_to != src->o.year_to ||
	    strcmp(dst->o.home, src->o.home) || dst->o.leiden != src->o.leiden) {
		buf_setf(err, "the partials were made with different options "
			 "(--years, --institutions, home country or Leiden rule)");
		return -1;
	}
	for (size_t i = 0; i < src->subjects.n; i++) {
		const char *id = strtab_str(&src->subjects, (uint32_t)i);
		if (strtab_find(&dst->subjects, id, strlen(id)) < 0) {
			buf_setf(err, "the partials list different institutions ('%s')", id);
			return -1;
		}
	}
	/* subject numbers may differ: map them by id */
	for (size_t i = 0; i < src->rowix.cap; i++) {
		uint64_t k = src->rowix.keys[i];
		if (k == UINT64_MAX)
			continue;
		const char *id = strtab_str(&src->subjects, (uint32_t)(k >> 14));
		uint32_t s = (uint32_t)strtab_find(&dst->subjects, id, strlen(id));
		works_agg_row(dst, s, (int)(k & 0x3fff), &src->rows[src->rowix.vals[i] - 1]);
	}
	for (size_t i = 0; i < src->countries.cap; i++) {
		uint64_t k = src->countries.keys[i];
		char cc[3];
		if (k == UINT64_MAX)
			continue;
		const char *id = strtab_str(&src->subjects, (uint32_t)(k >> 24));
		uint32_t s = (uint32_t)strtab_find(&dst->subjects, id, strlen(id));
		cc_from_index((unsigned)(k & 0x3ff), cc);
		works_agg_country(dst, s, (int)((k >> 10) & 0x3fff), cc, src->countries.vals[i]);
	}
	for (size_t i = 0; i < src->pairs.cap; i++) {
		uint64_t k = src->pairs.keys[i];
		if (k == UINT64_MAX)
			continue;
		const char *id = strtab_str(&src->subjects, (uint32_t)(k >> 44));
		uint32_t s = (uint32_t)strtab_find(&dst->subjects, id, strlen(id));
		uint32_t p = (uint32_t)(k & 0x3fffffff);
		works_agg_pair(dst, s, (int)((k >> 30) & 0x3fff),
			       strtab_str(&src->partners, p), src->partner_cc[p],
			       src->pairs.vals[i]);
	}
	for (size_t i = 0; i < src->unknown.n; i++)
		works_agg_unknown(dst, strtab_str(&src->unknown, (uint32_t)i),
				  src->unknown_n[i]);
	works_agg_add_stats(dst, &src->st);
	dst->no_year += src->no_year;
	dst->out_of_range += src->out_of_range;
	return 0;
}
