/*
 * libFuzzer harness: the rank-cell parser (rank_parse, rank_value) and the
 * cell reader of the html-table and json kinds (extract_number) on any
 * text, with the properties a rank must keep: a band is 1 <= low <= high
 * with whole numbers; spaces around a cell change nothing; a band printed
 * back ("801-1000", "1001+") reads as the same band; extract_number picks
 * what rank_value picks; a message about a bad cell stays short.
 */
#include "extract/extract.h"
#include "lang/rank.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_band(const struct rank_band *a, const struct rank_band *b)
{
	return a->low == b->low && a->high == b->high;
}

static void check_picks(const char *text, int rc, const struct rank_band *b)
{
	static const enum rank_pick picks[] = { RANK_LOW, RANK_HIGH, RANK_MID };
	struct metric_map m = { 0 };
	struct buf err = BUF_INIT;

	for (size_t i = 0; i < sizeof(picks) / sizeof(picks[0]); i++) {
		double v, want = rc > 0 ? rank_value(b, picks[i]) : NAN;
		int r;
		m.rank = picks[i];
		buf_reset(&err);
		r = extract_number(&m, text, '.', 0, &v, &err);
		if (rc < 0 ? r != -1 : r != !isnan(want))
			abort();
		if (r > 0 && v != want)
			abort();
		/* the cell is shown cut to 60 bytes: a huge cell stays out of logs */
		if (r < 0 && (!err.len || err.len > 200))
			abort();
	}
	buf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);	/* cut at a NUL */
	struct buf padded = BUF_INIT, printed = BUF_INIT;
	struct rank_band b = { 0, 0 }, b2 = { 0, 0 };
	int rc = rank_parse(text, &b), rc2;

	if (rc < -1 || rc > 1)
		abort();
	if (rc > 0) {
		if (!(b.low >= 1 && b.low == floor(b.low) && b.high >= b.low))
			abort();
		if (!isinf(b.high) && b.high != floor(b.high))
			abort();
		if (isnan(rank_value(&b, RANK_LOW)) ||
		    isnan(rank_value(&b, RANK_HIGH)) != !!isinf(b.high))
			abort();
		/* printed back, it reads as the same band */
		if (isinf(b.high))
			buf_addf(&printed, "%.0f+", b.low);
		else if (b.high == b.low)
			buf_addf(&printed, "%.0f", b.low);
		else
			buf_addf(&printed, "%.0f-%.0f", b.low, b.high);
		if (rank_parse(printed.buf, &b2) != 1 || !same_band(&b, &b2))
			abort();
	}
	/* a cell reads the same with spaces around it */
	buf_addf(&padded, " \t%s\xc2\xa0 ", text);
	rc2 = rank_parse(padded.buf, &b2);
	if (rc2 != rc || (rc > 0 && !same_band(&b, &b2)))
		abort();
	check_picks(text, rc, &b);
	buf_release(&padded);
	buf_release(&printed);
	free(text);
	return 0;
}
