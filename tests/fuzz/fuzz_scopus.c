/*
 * libFuzzer harness: the Scopus CSV reader (new and old formats: with
 * "Affiliations", or "Authors with affiliations" only) on any bytes, its
 * works checked and aggregated as in works_fuzz.h; the format guess
 * (works_detect) runs on the same bytes.
 */
#include "works_fuzz.h"
#include <stdint.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct country_table *ct = fz_countries();
	struct works_read_stats st;
	struct fz_aggs g;
	struct buf err = BUF_INIT;

	if (works_detect((const char *)data, size) > WORKS_FMT_WOS_TAB)
		abort();
	memset(&st, 0, sizeof(st));
	fz_aggs_init(&g);
	works_read_scopus_csv((const char *)data, size, "fuzz.csv", ct, fz_add, &g,
			      &st, &err);
	fz_aggs_finish(&g, &st);
	buf_release(&err);
	return 0;
}
