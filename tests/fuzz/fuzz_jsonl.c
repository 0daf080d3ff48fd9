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
		if (r1 != r2 || (!r1 && !oa_work_same(&ref, &fast)))
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
