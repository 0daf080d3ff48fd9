/*
 * The partial format of `works --partial` (docs/works.md): the aggregate
 * as sums, written subject by subject in id order (one index build), read
 * back line by line.
 */
#include "works/works.h"
#include "util/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define PARTIAL_MAGIC "intlkpi-works-partial\t2"
#define PARTIAL_OLD "intlkpi-works-partial\t1"

static const char *const mode_names[] = { "one", "list", "every" };

/* Partial strings escape backslash, tab and line breaks. */
static void esc(struct buf *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_addstr(o, "\\\\");
		else if (*s == '\t')
			buf_addstr(o, "\\t");
		else if (*s == '\n')
			buf_addstr(o, "\\n");
		else if (*s == '\r')
			buf_addstr(o, "\\r");
		else
			buf_addch(o, *s);
	}
}

static void unesc(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*d++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

static void esc_or_dash(struct buf *o, const char *s)
{
	if (s && *s)
		esc(o, s);
	else
		buf_addch(o, '-');
}

void works_write_partial(const struct works_agg *a, struct buf *o)
{
	uint32_t *ux = works_unknown_order(a);
	struct works_index ix;

	buf_addf(o, "%s\noptions\t%d\t%d\t%s\t%d\t%s\t", PARTIAL_MAGIC, a->o.year_from,
		 a->o.year_to, a->o.home[0] ? a->o.home : "-", a->o.leiden ? 1 : 0,
		 mode_names[a->mode]);
	if (a->has_rec)
		buf_addf(o, "%016llx\t", (unsigned long long)a->rec_digest);
	else
		buf_addstr(o, "-\t");
	esc_or_dash(o, a->filter.type);
	buf_addch(o, '\t');
	esc_or_dash(o, a->filter.country);
	buf_addf(o, "\nstats\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
		 (unsigned long long)a->st.lines, (unsigned long long)a->st.works,
		 (unsigned long long)a->st.blank, (unsigned long long)a->st.malformed,
		 (unsigned long long)a->st.too_long, (unsigned long long)a->no_year,
		 (unsigned long long)a->out_of_range, (unsigned long long)a->too_many_subjects);
	for (size_t i = 0; i < a->unknown.n; i++) {
		buf_addstr(o, "unknown\t");
		esc(o, strtab_str(&a->unknown, ux[i]));
		buf_addf(o, "\t%llu\n", (unsigned long long)a->unknown_n[ux[i]]);
	}
	free(ux);
	works_index_build(&ix, a);
	for (size_t s = 0; s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		works_index_result(&ix, s, &r);
		buf_addstr(o, "subject\t");
		esc(o, r.subject);
		buf_addch(o, '\t');
		esc_or_dash(o, works_index_ror(&ix, s));
		buf_addch(o, '\n');
		for (size_t i = 0; i < r.nyears; i++) {
			const struct works_year *y = &r.years[i];
			buf_addf(o, "row\t%d\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
				 y->year, (unsigned long long)y->works,
				 (unsigned long long)y->works_intl, (unsigned long long)y->works_collab,
				 (unsigned long long)y->industry, (unsigned long long)y->located,
				 (unsigned long long)y->near, (unsigned long long)y->far,
				 (unsigned long long)y->frac);
			for (size_t j = 0; j < y->ncountries; j++)
				buf_addf(o, "country\t%d\t%s\t%llu\n", y->year, y->countries[j].country,
					 (unsigned long long)y->countries[j].works);
			for (size_t j = 0; j < y->npartners; j++) {
				buf_addf(o, "partner\t%d\t", y->year);
				esc(o, y->partners[j].key);
				buf_addf(o, "\t%s\t%llu\n", y->partners[j].country,
					 (unsigned long long)y->partners[j].works);
			}
		}
		works_result_release(&r);
	}
	works_index_release(&ix);
	buf_addstr(o, "end\n");
}

/* Splits line into at most max tab-separated fields (in place). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static int num(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int year_ok(const char *s, int *y)
{
	uint64_t v;

	if (num(s, &v) || v > 9999)
		return -1;
	*y = (int)v;
	return 0;
}

static int options(struct works_agg *a, char **f)
{
	char *end;
	long yf = strtol(f[1], &end, 10), yt;
	int mode = -1;

	if (*end)
		return -1;
	yt = strtol(f[2], &end, 10);
	if (*end || yf < 0 || yt < 0 || yf > 9999 || yt > 9999)
		return -1;
	a->o.year_from = (int)yf;
	a->o.year_to = (int)yt;
	if (strcmp(f[3], "-") && strlen(f[3]) != 2)
		return -1;
	memcpy(a->o.home, strcmp(f[3], "-") ? f[3] : "", strcmp(f[3], "-") ? 3 : 1);
	a->o.leiden = !strcmp(f[4], "1");
	for (int m = 0; m < 3; m++)
		if (!strcmp(f[5], mode_names[m]))
			mode = m;
	if (mode < 0)
		return -1;
	if (mode == WORKS_EVERY)
		works_agg_every(a, NULL);
	else if (mode == WORKS_LIST)
		works_agg_list(a);
	a->has_rec = strcmp(f[6], "-") != 0;
	if (a->has_rec) {
		errno = 0;
		a->rec_digest = strtoull(f[6], &end, 16);
		if (errno || *end)
			return -1;
	}
	unesc(f[7]);
	unesc(f[8]);
	if (strlen(f[7]) >= sizeof(a->filter.type) || strlen(f[8]) > 2)
		return -1;
	memcpy(a->filter.type, strcmp(f[7], "-") ? f[7] : "", strcmp(f[7], "-") ? strlen(f[7]) + 1 : 1);
	memcpy(a->filter.country, strcmp(f[8], "-") ? f[8] : "", strcmp(f[8], "-") ? strlen(f[8]) + 1 : 1);
	return 0;
}

int works_read_partial(struct works_agg *a, const char *data, size_t len,
		       const char *path, struct buf *err)
{
	/* line by line through a copy of the line only (the data ends at a NUL) */
	const char *q = data, *end = data + strnlen(data, len);
	struct buf line = BUF_INIT;
	char *p, *f[12];
	long subject = -1;
	int lineno = 0, rc = -1, ended = 0, row_year = -1, have_options = 0;	/* countries and partners follow their row */

	while (q < end && !ended) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n;
		uint64_t v[9];
		int y;

		if (!nl)
			break;
		buf_reset(&line);
		buf_add(&line, q, (size_t)(nl - q));
		p = line.buf;
		q = nl + 1;
		lineno++;
		if (lineno == 1) {
			if (!strcmp(p, PARTIAL_OLD)) {
				buf_setf(err, "'%s': a partial of an older intlkpi (format 1); "
					 "run 'intlkpi works --partial' again", path);
				goto out;
			}
			if (strcmp(p, PARTIAL_MAGIC))
				goto bad;
			continue;
		}
		n = split(p, f, 12);
		if (!strcmp(f[0], "options") && n == 9) {
			if (have_options || options(a, f))
				goto bad;
			have_options = 1;
		} else if (!strcmp(f[0], "stats") && n == 9) {
			for (int i = 0; i < 8; i++)
				if (num(f[i + 1], &v[i]))
					goto bad;
			a->st.lines += v[0];
			a->st.works += v[1];
			a->st.blank += v[2];
			a->st.malformed += v[3];
			a->st.too_long += v[4];
			a->no_year += v[5];
			a->out_of_range += v[6];
			a->too_many_subjects += v[7];
		} else if (!strcmp(f[0], "unknown") && n == 3) {
			if (num(f[2], &v[0]))
				goto bad;
			unesc(f[1]);
			works_agg_unknown(a, f[1], v[0]);
		} else if (!strcmp(f[0], "subject") && n == 3) {
			unesc(f[1]);
			unesc(f[2]);
			/* the subjects of the mode the options line gave: "*" alone, or ids */
			if (!have_options || a->all != !strcmp(f[1], "*"))
				goto bad;
			if (a->all)
				subject = 0;
			else if (works_agg_add_subject(a, f[1]))
				goto bad;
			else
				subject = strtab_find(&a->subjects, f[1], strlen(f[1]));
			if (subject < 0)
				goto bad;
			if (strcmp(f[2], "-"))
				works_agg_subject_ror(a, (uint32_t)subject, f[2]);
			row_year = -1;
		} else if (!strcmp(f[0], "row") && n == 10 && subject >= 0) {
			struct works_row r;
			if (year_ok(f[1], &y))
				goto bad;
			for (int i = 0; i < 8; i++)
				if (num(f[i + 2], &v[i]))
					goto bad;
			r.works = v[0];
			r.intl = v[1];
			r.collab = v[2];
			r.industry = v[3];
			r.located = v[4];
			r.near = v[5];
			r.far = v[6];
			r.frac = v[7];
			works_agg_row(a, (uint32_t)subject, y, &r);
			row_year = y;
		} else if (!strcmp(f[0], "country") && n == 4 && subject >= 0) {
			if (year_ok(f[1], &y) || y != row_year || strlen(f[2]) != 2 || f[2][0] < 'A' ||
			    f[2][0] > 'Z' || f[2][1] < 'A' || f[2][1] > 'Z' || num(f[3], &v[0]))
				goto bad;
			works_agg_country(a, (uint32_t)subject, y, f[2], v[0]);
		} else if (!strcmp(f[0], "partner") && n == 5 && subject >= 0) {
			if (year_ok(f[1], &y) || y != row_year || strlen(f[3]) != 2 || num(f[4], &v[0]))
				goto bad;
			unesc(f[2]);
			works_agg_pair(a, (uint32_t)subject, y, f[2], f[3], v[0]);
		} else if (!strcmp(f[0], "end") && n == 1) {
			ended = 1;
		} else {
			goto bad;
		}
	}
	if (!ended) {
		buf_setf(err, "'%s': truncated partial (no 'end' line)", path);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	buf_setf(err, "'%s':%d: not a line of an intlkpi works partial", path, lineno);
out:
	buf_release(&line);
	return rc;
}
