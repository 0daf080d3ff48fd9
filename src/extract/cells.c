/* The cells of hand-kept tables: years, academic years, number hints. */
#include "extract/cells.h"
#include "util/csv.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "T10:30", " 10:30:00.000Z": a time after a date. */
static int time_part(const char *s, size_t n)
{
	if (n < 6 || (s[0] != 'T' && s[0] != ' ') || !digits(s + 1, 2) || s[3] != ':' ||
	    !digits(s + 4, 2) || num(s + 1, 2) > 23 || num(s + 4, 2) > 59)
		return 0;
	for (size_t i = 6; i < n; i++)
		if (!strchr("0123456789:.+-Z", s[i]))
			return 0;
	return 1;
}

/*
 * After the year: a separator ('/', '-', an en or em dash, spaces around
 * allowed) and the next year's two or four digits. Returns the digits'
 * count (2 or 4) with *second and *spaced set, or 0.
 */
static int second_year(const char *s, size_t n, int *second, int *spaced, char *sep)
{
	size_t i = 0, k;

	*spaced = 0;
	while (i < n && s[i] == ' ')
		i++, *spaced = 1;
	if (i < n && (s[i] == '/' || s[i] == '-')) {
		*sep = s[i];
		i++;
	} else if (n - i >= 3 && !memcmp(s + i, "\xe2\x80", 2) &&
		   (s[i + 2] == '\x93' || s[i + 2] == '\x94')) {
		*sep = 'd';
		i += 3;
	} else {
		return 0;
	}
	while (i < n && s[i] == ' ')
		i++, *spaced = 1;
	k = n - i;
	if ((k != 2 && k != 4) || !digits(s + i, k))
		return 0;
	*second = num(s + i, k);
	return (int)k;
}

/* cell_year, and in *day the first day the cell names as YYYYMMDD (cell_day). */
static int cell_when(const char *cell, enum academic_year rule, int *day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *s = cell, *r;
	size_t n = strlen(cell), rn;
	int y, second, spaced, k;
	char sep = 0;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*day = 0;
	if (!n)
		return 0;
	if (n < 4 || !digits(s, 4))
		return -1;
	y = num(s, 4);
	if (y < 1900 || y > 2200)
		return -1;
	r = s + 4;
	rn = n - 4;
	if (!rn)
		return y;
	k = second_year(r, rn, &second, &spaced, &sep);
	if (k) {
		int month = k == 2 && sep == '-' && !spaced && second >= 1 && second <= 12;
		int next = k == 4 ? second == y + 1 : second == (y + 1) % 100;
		if (next && (rule != ACAD_NONE || !month))
			return rule == ACAD_START ? y : rule == ACAD_END ? y + 1 : -2;
		if (month)
			*day = y * 10000 + second * 100 + 1;
		return month ? y : -1;
	}
	/* an ISO date: -MM-DD, then perhaps a time */
	if (rn >= 6 && r[0] == '-' && digits(r + 1, 2) && r[3] == '-' && digits(r + 4, 2)) {
		int m = num(r + 1, 2), d = num(r + 4, 2);
		if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
			return -1;
		if (rn != 6 && !time_part(r + 6, rn - 6))
			return -1;
		*day = y * 10000 + m * 100 + d;
		return y;
	}
	return -1;
}

int cell_year(const char *cell, enum academic_year rule)
{
	int day;
	return cell_when(cell, rule, &day);
}

int cell_day(const char *cell, enum academic_year rule)
{
	int day;
	return cell_when(cell, rule, &day) > 0 ? day : 0;
}

/* Whether cell reads as a number with decimal and thousands. */
static int reads(const char *cell, char decimal, char thousands)
{
	double v;
	return decimal != thousands && csv_parse_number(cell, decimal, thousands, &v) == 1;
}

/* The first of cands (not decimal) that reads cell as digits grouped by thousands, or 0. */
static char grouping(const char *cell, char decimal, const char *cands)
{
	for (; *cands; cands++)
		if (*cands != decimal && reads(cell, decimal, *cands) && !reads(cell, decimal, 0))
			return *cands;
	return 0;
}

int cell_number_hint(const char *cell, char decimal, char thousands, char delim,
		     struct buf *out)
{
	const char *pct = strchr(cell, '%');
	char t;

	if (pct) {
		char *copy = xstrdup(cell);
		int ok;
		copy[pct - cell] = ' ';
		ok = reads(copy, decimal, thousands);
		free(copy);
		if (ok) {
			buf_addstr(out, ": a percent sign; the cell must hold the number "
				   "alone, in the unit the KPI expects (5.5% is 5.5 in "
				   "percent, 0.055 as a share)");
			return 1;
		}
	}
	if (decimal == '.') {
		int comma = reads(cell, ',', thousands != ',' ? thousands : 0);
		t = grouping(cell, '.', ", '");
		if (comma && t == ',') {
			buf_addstr(out, ": a decimal comma or a thousands separator? say "
				   "\"decimal\": \",\" or \"thousands\": \",\" on the source");
			return 1;
		}
		if (comma) {
			buf_addstr(out, ": a decimal comma; say \"decimal\": \",\" on the source");
			if (delim == ';')
				buf_addstr(out, " (the file is separated by ';', as Excel "
					   "writes it where the comma is the decimal sign)");
			return 1;
		}
		if (t) {
			buf_addf(out, ": digits grouped by thousands; say \"thousands\": "
				 "\"%c\" on the source", t);
			return 1;
		}
		if (reads(cell, ',', '.') || reads(cell, ',', ' ')) {
			buf_addf(out, ": a decimal comma and thousands grouped by '%c'; say "
				 "\"decimal\": \",\", \"thousands\": \"%c\" on the source",
				 reads(cell, ',', '.') ? '.' : ' ', reads(cell, ',', '.') ? '.' : ' ');
			return 1;
		}
		return 0;
	}
	if (reads(cell, '.', 0)) {
		buf_addstr(out, ": a decimal point, but the source says \"decimal\": \",\"");
		return 1;
	}
	t = grouping(cell, ',', ". '");
	if (t) {
		buf_addf(out, ": digits grouped by thousands; say \"thousands\": \"%c\" "
			 "on the source", t);
		return 1;
	}
	return 0;
}
