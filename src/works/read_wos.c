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
		if (r.open && !cont && !strcmp(tag, "PT")) {
			/* a record without its ER: cut short, not a work */
			r.open = 0;
			works_stats_bad(st, r.line);
		}
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
	if (!rc && r.open)
		works_stats_bad(st, r.line);	/* the file ends inside a record */
	wb_release(&r.b);
	return rc ? -1 : 0;
}

static int wos_year(const char *s)
{
	return year_in(s, strlen(s));
}

static void wos_row(struct work_builder *b, const struct country_table *ct,
		    const char *const cell[EC_N])
{
	buf_addstr(&b->id, cell[EC_ID]);
	add_c1_cell(b, ct, cell[EC_ADDR], strlen(cell[EC_ADDR]));
}

/*
 * The tab-delimited export, which never quotes, or an Excel re-save of it
 * as CSV (',' or ';', quoted where needed): the header says which.
 */
static int read_tab(const char *p, const char *e, const char *name,
		    const struct country_table *ct, work_fn fn, void *arg,
		    struct works_read_stats *st, struct buf *err)
{
	struct export_layout lay = {
		.what = "a tab-delimited Web of Science export",
		.needs = "the columns PY and C1",
		.cols = {
			[EC_ID] = (const char *const[]){ "UT", NULL },
			[EC_YEAR] = (const char *const[]){ "PY", NULL },
			[EC_YEAR2] = (const char *const[]){ "EA", NULL },
			[EC_ADDR] = (const char *const[]){ "C1", NULL },
		},
		.need = { 1u << EC_YEAR, 1u << EC_ADDR },
		.delim = '\t',
		.literal = true,
		.year = wos_year,
		.row = wos_row,
	};

	if (e - p >= 3 && !memcmp(p, "PT", 2) && (p[2] == ';' || p[2] == ',')) {
		lay.delim = p[2];
		lay.literal = false;
	}
	return works_read_export(p, (size_t)(e - p), name, &lay, ct, fn, arg, st, err);
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
