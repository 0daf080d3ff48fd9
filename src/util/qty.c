#include "util/qty.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

/* noun after the number printed as num: singular after "1" ("courses" -> "course"). */
static void noun(struct buf *out, const char *num, const char *word)
{
	size_t n = strlen(word);
	bool one = !strcmp(num, "1") || !strcmp(num, "-1");

	if (one && n > 3 && !strcmp(word + n - 3, "ies")) {
		buf_add(out, word, n - 3);
		buf_addch(out, 'y');
	} else if (one && n > 1 && word[n - 1] == 's' && word[n - 2] != 's') {
		buf_add(out, word, n - 1);
	} else {
		buf_addstr(out, word);
	}
}

void qty_fmt(struct buf *out, double v, int decimals, const char *unit)
{
	char num[64];

	if (isnan(v)) {
		buf_addstr(out, "no data");
		return;
	}
	snprintf(num, sizeof(num), "%.*f", decimals, v);
	/* "-0" reads as nothing a person wrote */
	if (!strcmp(num, "-0") || (!strncmp(num, "-0.", 3) && strspn(num + 3, "0") == strlen(num + 3)))
		memmove(num, num + 1, strlen(num));
	if (!strcmp(unit, "rank"))
		buf_addstr(out, "rank ");
	buf_addstr(out, num);
	if (!strcmp(unit, "%")) {
		buf_addch(out, '%');
	} else if (*unit && strcmp(unit, "rank")) {
		buf_addch(out, ' ');
		noun(out, num, unit);
	}
}

bool qty_is_band(double low, double high)
{
	return !isnan(low) && (isnan(high) || isinf(high) || high > low);
}

void qty_fmt_band(struct buf *out, double low, double high, const char *unit)
{
	if (!strcmp(unit, "rank"))
		buf_addstr(out, "rank ");
	buf_addf(out, "%.0f", low);
	if (isnan(high) || isinf(high))
		buf_addch(out, '+');
	else if (high > low)
		buf_addf(out, "\u2013%.0f", high);
	if (strcmp(unit, "rank") && *unit)
		buf_addf(out, " %s", unit);
}

void qty_fmt_point(struct buf *out, double v, double low, double high,
		   int decimals, const char *unit)
{
	if (qty_is_band(low, high))
		qty_fmt_band(out, low, high, unit);
	else
		qty_fmt(out, v, decimals, unit);
}

void qty_fmt_diff(struct buf *out, double d, int decimals, const char *unit)
{
	char num[64];

	snprintf(num, sizeof(num), "%.*f", decimals, fabs(d));
	buf_addstr(out, num);
	if (!strcmp(unit, "rank")) {
		buf_addstr(out, !strcmp(num, "1") ? " place" : " places");
	} else if (!strcmp(unit, "%")) {
		buf_addstr(out, !strcmp(num, "1") ? " point" : " points");
	} else if (*unit && strcmp(unit, "ratio")) {
		buf_addch(out, ' ');
		noun(out, num, unit);
	}
}
