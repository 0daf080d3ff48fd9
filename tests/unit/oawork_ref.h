/*
 * The reference reading of one OpenAlex JSON Lines line, which the fast
 * scanner (works/jsonl_scan.h) must match: cJSON parses the line (its whole
 * length; only bytes <= 32 may follow the value) and oa_work_from_cjson
 * fills w. Returns 0, -1 when it is not JSON, -2 when it is JSON but not an
 * object. Included by tests/unit/works/test_jsonl_scan.c and
 * tests/fuzz/fuzz_jsonl.c (test code: the binary reads with the scanner).
 */
#ifndef TESTS_UNIT_OAWORK_REF_H
#define TESTS_UNIT_OAWORK_REF_H
#include "works/oawork.h"
#include <cjson/cJSON.h>

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

#endif
