/* Web of Science exports: tagged plain text and tab-delimited. */
#include "works/readers.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* A year in text: the first run of exactly four digits ("2024", "FEB 2026"). */
static int year_in(const char *s, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++) {
		size_t k = i;
		while (k < len && s[k] >= '0' && s[k] <= '9')
			k++;
		if (k - i == 4) {
			int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
				(s[i + 2] - '0') * 10 + (s[i + 3] - '0');
			return y > 0 ? y : 0;
		}
		if (k > i)
			i = k;
	}
	return 0;
}

/* One C1 entry, "[Author; Author] Address" or "Address". */
static void add_c1_entry(struct work_builder *b, const struct country_table *ct,
			 const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len && *s == '[') {
		const char *close = memchr(s, ']', len);
		if (!close)
			return;
		len -= (size_t)(close + 1 - s);
		s = close + 1;
	}
	work_add_address(b, ct, s, len, 1);
}

/* Entries of a C1 cell separated by "; " outside brackets (tab-delimited). */
static void add_c1_cell(struct work_builder *b, const struct country_table *ct,
			const char *s, size_t len)
{
	size_t start = 0;
	int depth = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] == '[')
			depth++;
		else if (i < len && s[i] == ']' && depth)
			depth--;
		if (i == len || (!depth && s[i] == ';')) {
			add_c1_entry(b, ct, s + start, i - start);
			start = i + 1;
		}
	}
}

struct rec {
	struct work_builder b;
	int open, py, ea;
	uint64_t line;
};

static int emit(struct rec *r, work_fn fn, void *arg, struct works_read_stats *st)
{
	if (!r->open)
		return 0;
	r->open = 0;
	r->b.year = r->py ? r->py : r->ea;
	r->b.line = r->line;
	st->works++;
	return fn(wb_finish(&r->b), arg);
}

static void start(struct rec *r, uint64_t line)
{
	wb_reset(&r->b);
	r->open = 1;
	r->py = r->ea = 0;
	r->line = line;
}

/* The next line of [*p, e) without its CR/LF; returns 0 at the end. */
static int next_line(const char **p, const char *e, const char **s, size_t *len)
{
	const char *nl;

	if (*p >= e)
		return 0;
	nl = memchr(*p, '\n', (size_t)(e - *p));
	*s = *p;
	*len = (size_t)((nl ? nl : e) - *p);
	if (*len && (*s)[*len - 1] == '\r')
		(*len)--;
	*p = nl ? nl + 1 : e;
	return 1;
}

static int read_tagged(const char *p, const char *e, const struct country_table *ct,
		       work_fn fn, void *arg, struct works_read_stats *st)
{
	struct rec r = { .open = 0 };
	char tag[3] = "";
	const char *s;
	size_t len;
	uint64_t n = 0;
	int rc = 0;

	wb_init(&r.b);
	while (!rc && next_line(&p, e, &s, &len)) {
		const char *v;
		size_t vl;
		int cont = 0;

		n++;
		if (len >= 3 && !memcmp(s, "   ", 3)) {
			v = s + 3;
			vl = len - 3;
			cont = 1;
		} else if (len >= 2 && (len == 2 || s[2] == ' ')) {
			tag[0] = s[0];
			tag[1] = s[1];
			v = s + (len > 2 ? 3 : 2);
			vl = len > 2 ? len - 3 : 0;
		} else {
			continue;	/* blank line between records */
		}
		if (!strcmp(tag, "FN") || !strcmp(tag, "VR") || !strcmp(tag, "EF"))
			continue;
		if (!strcmp(tag, "ER")) {
			rc = emit(&r, fn, arg, st);
			tag[0] = '\0';
			continue;
		}
		if (r.open && !cont && !strcmp(tag, "PT"))
			rc = emit(&r, fn, arg, st);	/* a record without its ER */
		if (!r.open) {
			start(&r, n);
			st->lines++;
		}
		if (!strcmp(tag, "UT")) {
			buf_reset(&r.b.id);
			buf_add(&r.b.id, v, vl);
		} else if (!strcmp(tag, "PY")) {
			r.py = year_in(v, vl);
		} else if (!strcmp(tag, "EA")) {
			r.ea = year_in(v, vl);
		} else if (!strcmp(tag, "C1")) {
			add_c1_entry(&r.b, ct, v, vl);
		}
	}
	if (!rc)
		rc = emit(&r, fn, arg, st);
	wb_release(&r.b);
	return rc ? -1 : 0;
}

/* How many tab-separated cells a line has. */
static int cells(const char *s, size_t len)
{
	int n = 1;
	for (const char *t = s; (t = memchr(t, '\t', len - (size_t)(t - s))); t++)
		n++;
	return n;
}

/* The n-th tab-separated cell of a line. */
static void cell(const char *s, size_t len, int n, const char **c, size_t *cl)
{
	const char *e = s + len;

	for (int i = 0; i < n && s < e; i++) {
		const char *t = memchr(s, '\t', (size_t)(e - s));
		s = t ? t + 1 : e;
	}
	*c = s;
	while (s < e && *s != '\t')
		s++;
	*cl = (size_t)(s - *c);
}

static int read_tab(const char *p, const char *e, const char *name,
		    const struct country_table *ct, work_fn fn, void *arg,
		    struct works_read_stats *st, struct buf *err)
{
	struct work_builder b;
	const char *s, *c;
	size_t len, cl, start = 0;
	int col_ut = -1, col_py = -1, col_ea = -1, col_c1 = -1, rc = 0, ncols = 0;
	uint64_t n = 1;

	if (!next_line(&p, e, &s, &len)) {
		buf_setf(err, "'%s': empty file", name);
		return -1;
	}
	/* the header's cells in one pass (cell() from the start for each
	 * was quadratic in the number of columns) */
	for (int i = 0; (c = s + start) < s + len; i++) {
		const char *t = memchr(c, '\t', len - start);
		cl = (size_t)((t ? t : s + len) - c);
		if (cl == 2 && !memcmp(c, "UT", 2))
			col_ut = i;
		else if (cl == 2 && !memcmp(c, "PY", 2))
			col_py = i;
		else if (cl == 2 && !memcmp(c, "EA", 2))
			col_ea = i;
		else if (cl == 2 && !memcmp(c, "C1", 2))
			col_c1 = i;
		start = t ? (size_t)(t + 1 - s) : len;
		ncols = i + 1;
	}
	if (col_py < 0 || col_c1 < 0) {
		buf_setf(err, "'%s': a tab-delimited Web of Science export needs "
			 "the columns PY and C1", name);
		return -1;
	}
	wb_init(&b);
	while (!rc && next_line(&p, e, &s, &len)) {
		n++;
		if (!len)
			continue;
		st->lines++;
		if (cells(s, len) != ncols) {	/* cut short, or joined with the next */
			works_stats_bad(st, n);
			continue;
		}
		wb_reset(&b);
		b.line = n;
		if (col_ut >= 0) {
			cell(s, len, col_ut, &c, &cl);
			buf_add(&b.id, c, cl);
		}
		cell(s, len, col_py, &c, &cl);
		b.year = year_in(c, cl);
		if (!b.year && col_ea >= 0) {
			cell(s, len, col_ea, &c, &cl);
			b.year = year_in(c, cl);
		}
		cell(s, len, col_c1, &c, &cl);
		add_c1_cell(&b, ct, c, cl);
		st->works++;
		rc = fn(wb_finish(&b), arg);
	}
	wb_release(&b);
	return rc ? -1 : 0;
}

int works_read_wos(const char *data, size_t len, const char *name, int tab,
		   const struct country_table *ct, work_fn fn, void *arg,
		   struct works_read_stats *st, struct buf *err)
{
	const char *p = data, *e = data + len;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	if (tab)
		return read_tab(p, e, name, ct, fn, arg, st, err);
	return read_tagged(p, e, ct, fn, arg, st);
}
