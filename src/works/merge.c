/* Adding one aggregate into another (`intlkpi merge`, tests). */
#include "works/works.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Whether a and b were made with the same options and subjects; else -1 with err. */
static int check_like(const struct works_agg *a, const struct works_agg *b, struct buf *err)
{
	if (a->mode != b->mode ||
	    (a->mode == WORKS_LIST && a->nsubjects != b->nsubjects) ||
	    a->o.year_from != b->o.year_from || a->o.year_to != b->o.year_to ||
	    strcmp(a->o.home, b->o.home) || a->o.leiden != b->o.leiden) {
		buf_setf(err, "the partials were made with different options "
			 "(--years, --institutions, --home or Leiden rule)");
		return -1;
	}
	if (a->has_rec != b->has_rec || a->rec_digest != b->rec_digest ||
	    strcmp(a->filter.type, b->filter.type) ||
	    strcmp(a->filter.country, b->filter.country)) {
		buf_setf(err, "the partials were made with different --institution-records, "
			 "--type or --country");
		return -1;
	}
	if (a->has_core != b->has_core || a->core_digest != b->core_digest ||
	    a->nsets != b->nsets) {
		buf_setf(err, "the partials were made with different --core source lists");
		return -1;
	}
	return 0;
}

/* The dense id in dst of src's dense id d. */
static uint32_t remap(struct works_agg *dst, const struct works_agg *src, uint32_t d)
{
	uint64_t k = src->dict.key[d];

	if (k & WORKS_DICT_STR) {
		const char *s = strtab_str(&src->dict.str, (uint32_t)(k & ~WORKS_DICT_STR));
		return works_agg_dense(dst, s, strlen(s));
	}
	return works_agg_dense_key(dst, k);
}

/*
 * Slot i of a map of capacity cap in a scrambled order: inserting a table
 * in its own slot order into another clusters linear probing; an odd
 * multiplier permutes the slots.
 */
static size_t scrambled(size_t i, size_t cap)
{
	return (size_t)(((uint64_t)i * 0x9E3779B97F4A7C15ULL) & (cap - 1));
}

int works_agg_merge(struct works_agg *dst, const struct works_agg *src,
		    struct buf *err)
{
	uint32_t *smap, *dmap;

	if (check_like(dst, src, err))
		return -1;
	/* dense ids and subject numbers differ: map them once */
	dmap = xmalloc((src->dict.n + 1) * sizeof(*dmap));
	for (uint32_t d = 0; d < src->dict.n; d++) {
		dmap[d] = remap(dst, src, d);
		if (src->cc[d][0] && (!dst->cc[dmap[d]][0] ||
				      memcmp(src->cc[d], dst->cc[dmap[d]], 2) < 0))
			memcpy(dst->cc[dmap[d]], src->cc[d], 3);
	}
	smap = xmalloc((src->nsubjects + 1) * sizeof(*smap));
	for (size_t i = 0; i < src->nsubjects; i++) {
		uint32_t d = dmap[src->subjects[i]], s = dst->subj_of[d];
		if (s >= WORKS_SUBJ_NONE && dst->mode == WORKS_EVERY)
			s = works_agg_new_subject(dst, d);
		if (s >= WORKS_SUBJ_NONE) {
			char tmp[WORKS_DICT_NAME];
			buf_setf(err, "the partials list different institutions ('%s')",
				 works_agg_subject_id(src, (uint32_t)i, tmp));
			free(smap);
			free(dmap);
			return -1;
		}
		smap[i] = s;
		if (src->subject_ror[i] != UINT32_MAX)
			works_agg_subject_ror(dst, s, strtab_str(&src->rors, src->subject_ror[i]));
		if (src->subject_name[i] != UINT32_MAX && dst->subject_name[s] == UINT32_MAX)
			works_agg_subject_name(dst, s, strtab_str(&src->names, src->subject_name[i]));
	}
	for (size_t j = 0; j < src->rowix.cap; j++) {
		const struct wmap_slot *e = &src->rowix.s[scrambled(j, src->rowix.cap)];
		if (e->k != WMAP_EMPTY)
			works_agg_row(dst, smap[e->k >> 14], (int)(e->k & 0x3fff),
				      &src->rows[e->v - 1],
				      src->nsets ? &src->lsum[(e->v - 1) * src->nsets] : NULL);
	}
	for (size_t j = 0; j < src->countries.cap; j++) {
		const struct wmap_slot *e = &src->countries.s[scrambled(j, src->countries.cap)];
		if (e->k != WMAP_EMPTY)
			*wmap_slot(&dst->countries, ((uint64_t)smap[e->k >> 24] << 24) |
				   (e->k & 0xffffff)) += e->v;
	}
	for (size_t j = 0; j < src->pairs.cap; j++) {
		const struct wmap_slot *e = &src->pairs.s[scrambled(j, src->pairs.cap)];
		if (e->k != WMAP_EMPTY)
			*wmap_slot(&dst->pairs, ((uint64_t)smap[e->k >> 44] << 44) |
				   (e->k & ((uint64_t)0x3fff << 30)) | dmap[e->k & 0x3fffffff]) += e->v;
	}
	free(smap);
	free(dmap);
	for (size_t i = 0; i < src->unknown.n; i++)
		works_agg_unknown(dst, strtab_str(&src->unknown, (uint32_t)i), src->unknown_n[i]);
	works_agg_add_stats(dst, &src->st);
	dst->no_year += src->no_year;
	dst->out_of_range += src->out_of_range;
	dst->too_many_subjects += src->too_many_subjects;
	dst->no_core_fields += src->no_core_fields;
	return 0;
}
