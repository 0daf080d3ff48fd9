#include "lang/rank.h"
#include "util/textnorm.h"
#include <math.h>
#include <strings.h>
#include <string.h>
#include "util/banned.h"

/* Digits, optionally grouped by three with ','; advances *p. */
static int parse_number(const char **p, double *out)
{
	const char *s = *p;
	double v = 0;
	int digits = 0, group = -1;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			v = v * 10 + (*s - '0');
			digits++;
			if (group >= 0)
				group++;
		} else if (*s == ',' && digits && s[1] >= '0' && s[1] <= '9' &&
			   (group < 0 ? digits <= 3 : group == 3)) {
			group = 0;
		} else {
			break;
		}
		if (digits > 9)
			return -1;
	}
	if (!digits || (group >= 0 && group != 3))
		return -1;
	*p = s;
	*out = v;
	return 0;
}

/* Length of a range dash at s (hyphen, en dash, em dash, minus), or 0. */
static size_t dash(const char *s)
{
	if (*s == '-')
		return 1;
	if (!strncmp(s, "\xe2\x80\x93", 3) || !strncmp(s, "\xe2\x80\x94", 3) ||
	    !strncmp(s, "\xe2\x88\x92", 3))
		return 3;
	return 0;
}

static int is_no_rank(const char *s)
{
	static const char *const none[] = { "", "-", "\xe2\x80\x93",
		"\xe2\x80\x94", "\xe2\x88\x92", "n/a", "na", "n.a.", "nr",
		"not ranked", "unranked", "reporter", NULL };
	for (const char *const *n = none; *n; n++)
		if (!strcasecmp(s, *n))
			return 1;
	return 0;
}

int rank_parse(const char *text, struct rank_band *out)
{
	struct buf b = BUF_INIT;
	const char *p;
	int tie = 0, rc = -1;
	double low, high;

	textnorm_space(text, &b);
	p = b.buf;
	if (is_no_rank(p)) {
		rc = 0;
		goto out;
	}
	if (*p == '=' || *p == '#') {
		tie = *p == '=';
		p++;
	}
	if (parse_number(&p, &low) || low < 1)
		goto out;
	high = low;
	if (*p == ' ' && dash(p + 1))
		p++;
	if (dash(p)) {
		p += dash(p);
		if (*p == ' ')
			p++;
		if (tie || parse_number(&p, &high) || high < low)
			goto out;
	} else if (*p == '+') {
		p++;
		if (tie)
			goto out;
		high = INFINITY;
	} else if (*p == '=') {
		if (tie)
			goto out;
		p++;
	}
	if (*p)
		goto out;
	out->low = low;
	out->high = high;
	rc = 1;
out:
	buf_release(&b);
	return rc;
}

double rank_value(const struct rank_band *b, enum rank_pick pick)
{
	switch (pick) {
	case RANK_LOW:
		return b->low;
	case RANK_HIGH:
		return isinf(b->high) ? NAN : b->high;
	case RANK_MID:
		return isinf(b->high) ? NAN : (b->low + b->high) / 2;
	default:
		return NAN;
	}
}
