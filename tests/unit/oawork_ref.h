/*
 * The reference reading of one OpenAlex JSON Lines line, which the fast
 * scanner (works/jsonl_scan.h) must match: cJSON parses the line (its whole
 * length; only bytes <= 32 may follow the value) and oa_work_from_cjson
 * fills w. Returns 0, -1 when it is not JSON, -2 when it is JSON but not an
 * object. oa_work_same compares two records, field by field. Included by
 * tests/unit/works/test_jsonl_scan.c and tests/fuzz/fuzz_jsonl.c (test
 * code: the binary reads with the scanner).
 */
#ifndef TESTS_UNIT_OAWORK_REF_H
#define TESTS_UNIT_OAWORK_REF_H
#include "works/oawork.h"
#include <cjson/cJSON.h>
#include <stdint.h>
#include <string.h>

__attribute__((unused)) static int oa_work_parse_line(struct oa_work *w, const char *line,
						      size_t len)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	int rc;

	oa_work_clear(w);
	if (!root)
		return -1;
	for (const char *p = end; p < line + len; p++) {
		if ((unsigned char)*p > 32) {
			cJSON_Delete(root);
			return -1;
		}
	}
	rc = oa_work_from_cjson(w, root) ? -2 : 0;
	cJSON_Delete(root);
	return rc;
}

static inline int ref_same_str(const struct oa_work *a, struct oa_str x,
			       const struct oa_work *b, struct oa_str y)
{
	return x.len == y.len && !memcmp(oa_str_ptr(a, x), oa_str_ptr(b, y), x.len);
}

static inline int ref_same_strs(const struct oa_work *a, uint32_t ia, uint32_t na,
				const struct oa_work *b, uint32_t ib, uint32_t nb)
{
	if (na != nb)
		return 0;
	for (uint32_t i = 0; i < na; i++)
		if (!ref_same_str(a, a->strs[ia + i], b, b->strs[ib + i]))
			return 0;
	return 1;
}

/* Whether two records hold the same things (layout may differ). */
__attribute__((unused)) static int oa_work_same(const struct oa_work *a, const struct oa_work *b)
{
	if (a->has_id != b->has_id || (a->has_id && !ref_same_str(a, a->id, b, b->id)))
		return 0;
	if (a->has_year != b->has_year ||
	    (a->has_year && memcmp(&a->year, &b->year, sizeof(double))))
		return 0;
	if (a->has_authorships != b->has_authorships || a->nauth != b->nauth)
		return 0;
	if (a->has_type != b->has_type || (a->has_type && !ref_same_str(a, a->type, b, b->type)) ||
	    a->has_language != b->has_language ||
	    (a->has_language && !ref_same_str(a, a->language, b, b->language)) ||
	    a->has_retracted != b->has_retracted || a->retracted != b->retracted ||
	    a->has_refs != b->has_refs || (a->has_refs && memcmp(&a->refs, &b->refs, sizeof(double))) ||
	    a->has_source_id != b->has_source_id ||
	    (a->has_source_id && !ref_same_str(a, a->source_id, b, b->source_id)) ||
	    a->has_source_type != b->has_source_type ||
	    (a->has_source_type && !ref_same_str(a, a->source_type, b, b->source_type)))
		return 0;
	for (size_t i = 0; i < a->nauth; i++) {
		const struct oa_auth *x = &a->auth[i], *y = &b->auth[i];
		if (x->has_countries != y->has_countries ||
		    x->has_institutions != y->has_institutions ||
		    x->has_affiliations != y->has_affiliations || x->naffs != y->naffs ||
		    !ref_same_strs(a, x->countries, x->ncountries, b, y->countries, y->ncountries) ||
		    x->ninsts != y->ninsts)
			return 0;
		for (uint32_t k = 0; k < x->naffs; k++) {
			const struct oa_aff *p = &a->aff[x->affs + k], *q = &b->aff[y->affs + k];
			if (p->has_raw != q->has_raw || p->has_ids != q->has_ids ||
			    (p->has_raw && !ref_same_str(a, p->raw, b, q->raw)) ||
			    !ref_same_strs(a, p->ids, p->nids, b, q->ids, q->nids))
				return 0;
		}
		for (uint32_t k = 0; k < x->ninsts; k++) {
			const struct oa_inst *p = &a->inst[x->insts + k], *q = &b->inst[y->insts + k];
			if (p->has_id != q->has_id || p->has_ror != q->has_ror ||
			    p->has_country != q->has_country || p->has_lineage != q->has_lineage ||
			    (p->has_id && !ref_same_str(a, p->id, b, q->id)) ||
			    (p->has_ror && !ref_same_str(a, p->ror, b, q->ror)) ||
			    (p->has_country && !ref_same_str(a, p->country, b, q->country)) ||
			    !ref_same_strs(a, p->lineage, p->nlineage, b, q->lineage, q->nlineage))
				return 0;
		}
	}
	return 1;
}

#endif
