/*
 * libFuzzer harness: what the ranking and OpenAlex group_by sources read
 * from the web besides the json kind: jspage_hint on any page (a hint is
 * short and names a URL or says no table; no hint leaves out untouched)
 * and extract_openalex_group on any body (all or nothing: on failure the
 * table is unchanged and err names the document).
 */
#include "extract/openalex_group.h"
#include "lang/jspage.h"
#include "util/err.h"
#include "util/xalloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct metric_map m[3] = { { .name = "works", .group = GV_COUNT },
				   { .name = "groups", .group = GV_GROUPS, .has_key = true },
				   { .name = "partners", .group = GV_PARTNERS, .has_key = true } };
	struct source s = { .id = "g", .metrics = m, .nmetrics = 3 };
	struct profile p = { .country = "KZ" };
	struct extract_ctx x = { &s, &p, "g.json", 2021, NULL };
	struct buf doc = BUF_INIT, hint = BUF_INIT, err = BUF_INIT;
	struct obs_table t;
	int rc;

	buf_add(&doc, data, size);	/* NUL-terminated, as a fetched body */
	buf_addstr(&hint, "untouched");
	rc = jspage_hint(doc.buf, doc.len, 2024, &hint);
	if (rc != 0 && rc != 1)
		abort();
	if (!rc && strcmp(hint.buf, "untouched"))
		abort();
	if (rc && (hint.len < 20 || hint.len > 1200))
		abort();
	obs_init(&t);
	obs_add_source(&t, &(struct obs_source){ .id = "g" });
	rc = extract_openalex_group(&x, doc.buf, doc.len, &t, 0, &err);
	if (rc != 0 && rc != ERR_DATA && rc != ERR_CONFIG)	/* util/err.h: extractors raise no network failure */
		abort();
	if (rc && (t.n || strncmp(err.buf, "g.json", 6)))
		abort();
	for (size_t i = 0; !rc && i < t.n; i++)
		if (t.v[i].year != 2021 || !(t.v[i].value >= 0) ||
		    (t.v[i].key && !strcmp(t.v[i].metric, "partners") && !strcmp(t.v[i].key, "KZ")))
			abort();
	obs_release(&t);
	buf_release(&doc);
	buf_release(&hint);
	buf_release(&err);
	return 0;
}
