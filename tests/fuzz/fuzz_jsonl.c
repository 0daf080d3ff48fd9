/*
 * libFuzzer harness, differential: the OpenAlex works readers. Each line
 * of the input goes through the fast scanner (jsonl_scan) and the cJSON
 * reference (oa_work_parse_line, tests/unit/oawork_ref.h); they must return the same and fill the
 * same record, or the harness aborts. Then the whole input is read as
 * JSON Lines (works_read_jsonl_mem, the scanner) and as a /works page
 * (works_read_openalex_json, cJSON) into the aggregates of works_fuzz.h;
 * the JSON Lines read must count the works the reference found.
 */
#include "works/jsonl_scan.h"
#include "works/oawork.h"
#include "works_fuzz.h"
#include "../unit/oawork_ref.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_str(const struct oa_work *a, struct oa_str x,
		    const struct oa_work *b, struct oa_str y)
{
	return x.len == y.len && !memcmp(oa_str_ptr(a, x), oa_str_ptr(b, y), x.len);
}

static int same_strs(const struct oa_work *a, uint32_t ia, uint32_t na,
		     const struct oa_work *b, uint32_t ib, uint32_t nb)
{
	if (na != nb)
		return 0;
	for (uint32_t i = 0; i < na; i++)
		if (!same_str(a, a->strs[ia + i], b, b->strs[ib + i]))
			return 0;
	return 1;
}

/* As in tests/unit/works/test_jsonl_scan.c: the same things, layout aside. */
static int same_work(const struct oa_work *a, const struct oa_work *b)
{
	if (a->has_id != b->has_id || (a->has_id && !same_str(a, a->id, b, b->id)))
		return 0;
	if (a->has_year != b->has_year ||
	    (a->has_year && memcmp(&a->year, &b->year, sizeof(double))))
		return 0;
	if (a->has_authorships != b->has_authorships || a->nauth != b->nauth)
		return 0;
	for (size_t i = 0; i < a->nauth; i++) {
		const struct oa_auth *x = &a->auth[i], *y = &b->auth[i];
		if (x->has_countries != y->has_countries ||
		    x->has_institutions != y->has_institutions ||
		    !same_strs(a, x->countries, x->ncountries, b, y->countries, y->ncountries) ||
		    x->ninsts != y->ninsts)
			return 0;
		for (uint32_t k = 0; k < x->ninsts; k++) {
			const struct oa_inst *p = &a->inst[x->insts + k];
			const struct oa_inst *q = &b->inst[y->insts + k];
			if (p->has_id != q->has_id || p->has_ror != q->has_ror ||
			    p->has_country != q->has_country || p->has_lineage != q->has_lineage ||
			    (p->has_id && !same_str(a, p->id, b, q->id)) ||
			    (p->has_ror && !same_str(a, p->ror, b, q->ror)) ||
			    (p->has_country && !same_str(a, p->country, b, q->country)) ||
			    !same_strs(a, p->lineage, p->nlineage, b, q->lineage, q->nlineage))
				return 0;
		}
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *e = p + size;
	const struct country_table *ct = fz_countries();
	struct oa_work ref, fast;
	struct work_builder b;
	struct works_read_stats st;
	struct fz_aggs g;
	struct buf err = BUF_INIT;
	uint64_t works = 0;

	oa_work_init(&ref);
	oa_work_init(&fast);
	wb_init(&b);
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = (size_t)((nl ? nl : e) - p);
		int r1 = oa_work_parse_line(&ref, p, len);
		int r2 = jsonl_scan(&fast, p, len);
		if (r1 != r2 || (!r1 && !same_work(&ref, &fast)))
			abort();
		if (!r1 && !oa_line_blank(p, len)) {
			work_from_openalex(&b, &ref, ct);
			fz_check_work(wb_finish(&b));
			works++;
		}
		p = nl ? nl + 1 : e;
	}
	oa_work_release(&ref);
	oa_work_release(&fast);
	wb_release(&b);

	memset(&st, 0, sizeof(st));
	fz_aggs_init(&g);
	if (works_read_jsonl_mem((const char *)data, size, "fuzz.jsonl", ct, fz_add,
				 &g, &st, &err) || st.works != works)
		abort();
	fz_aggs_finish(&g, &st);

	memset(&st, 0, sizeof(st));
	fz_aggs_init(&g);
	works_read_openalex_json((const char *)data, size, "fuzz.json", ct, fz_add, &g,
				 &st, &err);
	fz_aggs_finish(&g, &st);
	buf_release(&err);
	return 0;
}
