/*
 * The partial format of `works --partial` (docs/works.md): the aggregate
 * as sums, written subject by subject in id order (one index build), read
 * back line by line.
 */
#include "works/outint.h"
#include "util/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define PARTIAL_MAGIC "intlkpi-works-partial\t3"
#define PARTIAL_PREFIX "intlkpi-works-partial\t"

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

static void tab_u64(struct buf *o, uint64_t v)
{
	buf_addch(o, '\t');
	works_out_u64(o, v);
}

void works_partial_head(const struct works_index *ix, struct buf *o)
{
	const struct works_agg *a = &ix->head;
	uint32_t *ux = works_unknown_order(a);

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
	if (a->has_core)
		buf_addf(o, "\t%016llx", (unsigned long long)a->core_digest);
	else
		buf_addstr(o, "\t-");
	buf_addf(o, "\t%u\nstats", a->nsets);
	tab_u64(o, a->st.lines);
	tab_u64(o, a->st.works);
	tab_u64(o, a->st.blank);
	tab_u64(o, a->st.malformed);
	tab_u64(o, a->st.too_long);
	tab_u64(o, a->no_year);
	tab_u64(o, a->out_of_range);
	tab_u64(o, a->too_many_subjects);
	tab_u64(o, a->no_core_fields);
	tab_u64(o, a->st.duplicates);
	buf_addch(o, '\n');
	for (size_t i = 0; i < a->unknown.n; i++) {
		buf_addstr(o, "unknown\t");
		esc(o, strtab_str(&a->unknown, ux[i]));
		tab_u64(o, a->unknown_n[ux[i]]);
		buf_addch(o, '\n');
	}
	free(ux);
}

void works_partial_chunk(const struct works_emit *e, size_t ci,
			 struct works_fmt_scratch *fs, struct buf *o)
{
	const struct works_index *ix = e->ix;
	const struct works_chunk *c = &ix->chunks[ci];
	unsigned nsets = ix->head.nsets;

	for (size_t s = c->first; s < c->end; s++) {
		struct works_result r;
		works_index_result_r(ix, s, &r, &fs->sc);
		buf_addstr(o, "subject\t");
		esc(o, r.subject);
		buf_addch(o, '\t');
		esc_or_dash(o, works_index_ror(ix, s));
		buf_addch(o, '\t');
		esc_or_dash(o, works_index_name(ix, s));
		buf_addch(o, '\n');
		for (size_t i = 0; i < r.nyears; i++) {
			const struct works_year *y = &r.years[i];
			buf_addstr(o, "row\t");
			works_out_int(o, y->year);
			tab_u64(o, y->works);
			tab_u64(o, y->works_intl);
			tab_u64(o, y->works_collab);
			for (unsigned set = 0; set < nsets; set++) {
				const struct works_lsum *l = &y->l[set];
				tab_u64(o, l->p);
				tab_u64(o, l->collab);
				tab_u64(o, l->intl);
				tab_u64(o, l->industry);
				tab_u64(o, l->located);
				tab_u64(o, l->short_dist);
				tab_u64(o, l->long_dist);
				tab_u64(o, l->frac);
				tab_u64(o, l->frac_inst);
			}
			buf_addch(o, '\n');
			for (size_t j = 0; j < y->ncountries; j++) {
				buf_addstr(o, "country\t");
				works_out_int(o, y->year);
				buf_addch(o, '\t');
				buf_add(o, y->countries[j].country, 2);
				tab_u64(o, y->countries[j].works);
				buf_addch(o, '\n');
			}
			for (size_t j = 0; j < y->npartners; j++) {
				buf_addstr(o, "partner\t");
				works_out_int(o, y->year);
				buf_addch(o, '\t');
				esc(o, y->partners[j].key);
				buf_addch(o, '\t');
				buf_add(o, y->partners[j].country, 2);
				tab_u64(o, y->partners[j].works);
				buf_addch(o, '\n');
			}
		}
		works_result_release(&r);
	}
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

/*
 * The options line: years, home, Leiden rule, mode, records' digest,
 * filters, core sources' digest, and how many sets of Leiden sums a row
 * has (0: none kept; 1; 3 with --core; `works --partial` keeps them).
 */
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
	a->has_core = strcmp(f[9], "-") != 0;
	if (a->has_core) {
		errno = 0;
		a->core_digest = strtoull(f[9], &end, 16);
		if (errno || *end)
			return -1;
	}
	if (strcmp(f[10], "0") && strcmp(f[10], "1") && strcmp(f[10], "3"))
		return -1;
	a->nsets = (unsigned)(f[10][0] - '0');	/* the Leiden sums per row */
	if (a->nsets && (a->nsets == WORKS_NSETS) != a->has_core)
		return -1;
	return 0;
}

#define MAX_FIELDS (5 + WORKS_NSETS * WORKS_LSUM_FIELDS + 1)

int works_read_partial(struct works_agg *a, const char *data, size_t len,
		       const char *path, struct buf *err)
{
	/* line by line through a copy of the line only (the data ends at a NUL) */
	const char *q = data, *end = data + strnlen(data, len);
	struct buf line = BUF_INIT;
	char *p, *f[MAX_FIELDS];
	long subject = -1;
	/* countries and partners follow their row */
	int lineno = 0, rc = -1, ended = 0, row_year = -1, have_options = 0;

	while (q < end && !ended) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n;
		uint64_t v[MAX_FIELDS];
		int y;

		if (!nl)
			break;
		buf_reset(&line);
		buf_add(&line, q, (size_t)(nl - q));
		p = line.buf;
		q = nl + 1;
		lineno++;
		if (lineno == 1) {
			size_t k = strlen(PARTIAL_PREFIX);
			if (strcmp(p, PARTIAL_MAGIC) && !strncmp(p, PARTIAL_PREFIX, k) &&
			    p[k] >= '1' && p[k] <= '2' && !p[k + 1]) {
				buf_setf(err, "'%s': a partial of an older intlkpi (format %c, before "
					 "the Leiden indicators as CWTS computes them); run "
					 "'intlkpi works --partial' again", path, p[k]);
				goto out;
			}
			if (strcmp(p, PARTIAL_MAGIC))
				goto bad;
			continue;
		}
		n = split(p, f, MAX_FIELDS);
		if (!strcmp(f[0], "options") && n == 11) {
			if (have_options || options(a, f))
				goto bad;
			have_options = 1;
		} else if (!strcmp(f[0], "stats") && (n == 10 || n == 11)) {
			/* the 10th value, duplicates, is newer: 0 when absent */
			v[9] = 0;
			for (size_t i = 0; i + 1 < n; i++)
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
			a->no_core_fields += v[8];
			a->st.duplicates += v[9];
		} else if (!strcmp(f[0], "unknown") && n == 3) {
			if (num(f[2], &v[0]))
				goto bad;
			unesc(f[1]);
			works_agg_unknown(a, f[1], v[0]);
		} else if (!strcmp(f[0], "subject") && n == 4) {
			long d;
			unesc(f[1]);
			unesc(f[2]);
			unesc(f[3]);
			/* the subjects of the mode the options line gave: "*" alone, or ids */
			if (!have_options || a->all != !strcmp(f[1], "*"))
				goto bad;
			if (a->all)
				subject = 0;
			else if (works_agg_add_subject(a, f[1]))
				goto bad;
			else if ((d = works_dict_find(&a->dict, f[1], strlen(f[1]))) < 0 ||
				 a->subj_of[d] >= WORKS_SUBJ_NONE)
				goto bad;
			else
				subject = a->subj_of[d];
			if (strcmp(f[2], "-"))
				works_agg_subject_ror(a, (uint32_t)subject, f[2]);
			if (strcmp(f[3], "-"))
				works_agg_subject_name(a, (uint32_t)subject, f[3]);
			row_year = -1;
		} else if (!strcmp(f[0], "row") && n == 5 + (size_t)a->nsets * WORKS_LSUM_FIELDS &&
			   subject >= 0) {
			struct works_row r;
			struct works_lsum l[WORKS_NSETS];
			if (year_ok(f[1], &y))
				goto bad;
			for (size_t i = 0; i + 2 < n; i++)
				if (num(f[i + 2], &v[i]))
					goto bad;
			r.works = v[0];
			r.intl = v[1];
			r.collab = v[2];
			for (unsigned set = 0; set < a->nsets; set++) {
				const uint64_t *x = &v[3 + set * WORKS_LSUM_FIELDS];
				l[set].p = x[0];
				l[set].collab = x[1];
				l[set].intl = x[2];
				l[set].industry = x[3];
				l[set].located = x[4];
				l[set].short_dist = x[5];
				l[set].long_dist = x[6];
				l[set].frac = x[7];
				l[set].frac_inst = x[8];
			}
			works_agg_row(a, (uint32_t)subject, y, &r, l);
			row_year = y;
		} else if (!strcmp(f[0], "country") && n == 4 && subject >= 0) {
			if (year_ok(f[1], &y) || y != row_year || strlen(f[2]) != 2 || f[2][0] < 'A' ||
			    f[2][0] > 'Z' || f[2][1] < 'A' || f[2][1] > 'Z' || num(f[3], &v[0]))
				goto bad;
			works_agg_country(a, (uint32_t)subject, y, f[2], v[0]);
		} else if (!strcmp(f[0], "partner") && n == 5 && subject >= 0) {
			if (year_ok(f[1], &y) || y != row_year || strlen(f[3]) != 2 ||
			    f[3][0] < 'A' || f[3][0] > 'Z' || f[3][1] < 'A' || f[3][1] > 'Z' ||
			    num(f[4], &v[0]))
				goto bad;
			unesc(f[2]);
			if (!*f[2])
				goto bad;
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
