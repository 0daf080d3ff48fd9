/*
 * libFuzzer harness: the Web of Science readers, tagged plain text and
 * tab-delimited, both on the same bytes, their works checked and
 * aggregated as in works_fuzz.h; the format guess (works_detect) too.
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
	for (int tab = 0; tab <= 1; tab++) {
		memset(&st, 0, sizeof(st));
		fz_aggs_init(&g);
		works_read_wos((const char *)data, size, "fuzz.txt", tab, ct, fz_add, &g,
			       &st, &err);
		fz_aggs_finish(&g, &st);
	}
	buf_release(&err);
	return 0;
}
