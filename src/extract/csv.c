/*
 * Hand-kept tables (csv and xlsx sources): rows to observations, with the
 * guards of docs/configuration.md (identical rows, blank cells in a sum,
 * countries, academic years, empty rows).
 */
#include "extract/csv.h"
#include "extract/cells.h"
#include "lang/rank.h"
#include "util/csv.h"
#include "util/err.h"
#include "util/hmap.h"
#include "util/xalloc.h"
#include "util/xlsx.h"
#include "works/country.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* The rows of a table, from a CSV reader or a workbook's sheet. */
struct table {
	const char *name;	/* the file as shown in messages */
	const char *sheet;	/* xlsx: "NAME, sheet 'S', row N" instead of "NAME:N" */
	char delim;		/* csv: the separator read */
	int (*next)(struct table *t, struct buf *err);	/* 1 a row, 0 the end, <0 err */
	char **fields;
	size_t nfields;
	int line;
	struct csv *csv;
	const struct xlsx_sheet *xs;
	size_t xrow, width;	/* xlsx: the row read, the header's cells */
	char **view;		/* xlsx: this row's cells, padded to the header */
	size_t aview;
	const unsigned char *stored;	/* xlsx: per cell, stored as a number */
	size_t nstored;
	int header_row;		/* the source's "header_row"; 0 when not set */
};

/* Whether cell i of the row read was stored as a number (xlsx): C's text. */
static bool stored_number(const struct table *t, size_t i)
{
	return t->stored && i < t->nstored && t->stored[i];
}

/* "NAME:LINE" or "NAME, sheet 'S', row LINE" into out (appended). */
static void at(struct buf *out, const struct table *t, int line)
{
	if (!t->sheet) {
		buf_addf(out, "%s:%d", t->name, line);
		return;
	}
	buf_addf(out, "%s, sheet '", t->name);
	buf_add_excerpt(out, t->sheet, 60);
	buf_addf(out, "', row %d", line);
}

/* "AT: column 'COL': BEFORE'CELL'AFTER" (no quotes when cell is NULL). */
static void cell_error(struct buf *err, const struct table *t, int line,
		       const char *col, const char *before, const char *cell,
		       const char *after)
{
	buf_reset(err);
	at(err, t, line);
	buf_addstr(err, ": column '");
	buf_add_excerpt(err, col, 60);
	buf_addf(err, "': %s", before);
	if (cell) {
		buf_addch(err, '\'');
		buf_add_excerpt(err, cell, 60);
		buf_addch(err, '\'');
	}
	buf_addstr(err, after);
}

struct header {
	char **names;
	size_t n;
};

static const char *trim(const char *s, size_t *len)
{
	size_t n = strlen(s);
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

/* Whether a header cell is the column c names (by name). */
static bool in_header(const struct header *h, const struct colref *c)
{
	for (size_t i = 0; c->name && i < h->n; i++) {
		size_t len;
		const char *s = trim(h->names[i], &len);
		if (len == strlen(c->name) && !memcmp(s, c->name, len))
			return true;
	}
	return false;
}

/* Whether the header has any column the source names: else it is likely a title. */
static bool names_a_column(const struct header *h, const struct source *s)
{
	if (in_header(h, &s->year) || (s->has_year_range && in_header(h, &s->year_to)))
		return true;
	for (size_t i = 0; i < s->ncountry_cols; i++)
		if (in_header(h, &s->country_cols[i]))
			return true;
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		if ((!m->count && in_header(h, &m->value)) || (m->has_key && in_header(h, &m->key)))
			return true;
		for (size_t w = 0; w < m->nwheres; w++)
			if (in_header(h, &m->wheres[w].col))
				return true;
	}
	return false;
}

/* Index of the column, or ERR_CONFIG with err naming what exists. */
static int column(const struct header *h, const struct colref *c, const struct source *src,
		  const struct table *t, struct buf *err)
{
	if (!c->name) {
		if ((size_t)c->number <= h->n)
			return c->number - 1;
		buf_reset(err);
		at(err, t, t->line);	/* the row read as the header */
		buf_addf(err, ": column %d does not exist (the header has %zu)", c->number, h->n);
		return ERR_CONFIG;
	}
	for (size_t i = 0; i < h->n; i++) {
		size_t len;
		const char *s = trim(h->names[i], &len);
		if (len == strlen(c->name) && !memcmp(s, c->name, len))
			return (int)i;
	}
	buf_reset(err);
	at(err, t, t->line);	/* the row read as the header */
	buf_addf(err, ": no column '%s' in the header (", c->name);
	for (size_t i = 0; i < h->n && i < 30; i++) {
		buf_addstr(err, i ? ", '" : "'");
		buf_add_excerpt(err, h->names[i], 40);
		buf_addch(err, '\'');
	}
	buf_addstr(err, h->n > 30 ? ", ...)" : ")");
	/* none of the source's columns: a title or notes above the header? */
	if (!names_a_column(h, src) && !t->header_row)
		buf_addf(err, "; a title above the header? The header is the %s: say "
			 "\"header_row\": N on the source, N the header's %s number",
			 t->sheet ? "sheet's first row with a non-empty cell" :
			 "first line that is not a comment", t->sheet ? "row" : "line");
	else if (!names_a_column(h, src))
		buf_addf(err, "; \"header_row\": %d names a %s without any column of the "
			 "source: is it the header's?", t->header_row, t->sheet ? "row" : "line");
	return ERR_CONFIG;
}

struct resolved {
	int value, key;
	int *where;
	const char ***texts;	/* per where: its texts (countries as codes) */
};

static int where_matches(const struct metric_map *m, const struct resolved *r,
			 char **fields)
{
	for (size_t w = 0; w < m->nwheres; w++) {
		size_t len;
		const char *cell = trim(fields[r->where[w]], &len);
		int ok = 0;
		for (size_t k = 0; k < m->wheres[w].ntexts && !ok; k++)
			ok = strlen(r->texts[w][k]) == len &&
			     !memcmp(r->texts[w][k], cell, len);
		if (!ok)
			return 0;
	}
	return 1;
}

/* Whether some metric of s takes the row (its "where" matches). */
static bool row_taken(const struct source *s, const struct resolved *res, char **fields)
{
	for (size_t i = 0; i < s->nmetrics; i++)
		if (where_matches(&s->metrics[i], &res[i], fields))
			return true;
	return false;
}

/* A value cell that is not a number: the error, with its fix when known. */
static void number_error(struct buf *err, const struct source *s, const struct table *t,
			 int line, const char *col, const char *cell)
{
	struct buf hint = BUF_INIT;

	cell_number_hint(cell, s->decimal, s->thousands, t->delim, &hint);
	cell_error(err, t, line, col, "", cell, " is not a number");
	buf_addstr(err, hint.buf);
	buf_release(&hint);
}

/* Adds one row's observations for years y0..y1 to tmp. */
static int add_row(const struct source *s, const struct resolved *res,
		   char **fields, char **header, int y0, int y1, int line,
		   const struct table *t, struct obs_table *tmp, struct buf *err)
{
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		const struct resolved *r = &res[i];
		double v = 1;
		char *key = NULL;

		if (!where_matches(m, r, fields))
			continue;
		if (m->rank) {
			/* a ranking position as published: 451, =451, 801-1000, 1001+, n/a */
			struct rank_band b;
			int rc = rank_parse(fields[r->value], &b);
			if (rc < 0) {
				cell_error(err, t, line, header[r->value], "", fields[r->value],
					   " is not a rank (such as 451, =451, 801-1000, 1001+ or not ranked)");
				return ERR_DATA;
			}
			v = rc > 0 ? rank_value(&b, m->rank) : NAN;
		} else if (!m->count) {
			bool stored = stored_number(t, r->value);
			int rc = csv_parse_number(fields[r->value], stored ? '.' : s->decimal,
						  stored ? 0 : s->thousands, &v);
			if (rc < 0) {
				number_error(err, s, t, line, header[r->value], fields[r->value]);
				return ERR_DATA;
			}
			if (rc == 0)
				v = s->blank_zero ? 0 : NAN;
		}
		if (m->has_key) {
			size_t len;
			const char *k = trim(fields[r->key], &len);
			if (!len) {
				cell_error(err, t, line, header[r->key], "empty key", NULL, "");
				return ERR_DATA;
			}
			key = xstrndup(k, len);
		}
		for (int y = y0; y <= y1; y++)
			obs_add(tmp, i, m->name, y, key, v, line);
		free(key);
	}
	return 0;
}

/* The reader says "line N: what"; messages here read "AT: what". */
static void prefix(struct buf *err, const struct table *t)
{
	struct buf msg = BUF_INIT;
	char *end = err->buf;
	long line = 0;

	if (!strncmp(err->buf, "line ", 5)) {
		errno = 0;
		line = strtol(err->buf + 5, &end, 10);
	}
	if (line > 0 && line < 1000000000 && !errno && !strncmp(end, ": ", 2)) {
		at(&msg, t, (int)line);
		buf_addf(&msg, ": %s", end + 2);
	} else {
		buf_addf(&msg, "%s: %s", t->name, err->buf);
	}
	buf_setf(err, "%s", msg.buf);
	buf_release(&msg);
}

/* Whether every metric sums (identical rows are then a warning, not an error). */
static int all_sum(const struct source *s)
{
	for (size_t i = 0; i < s->nmetrics; i++)
		if (!s->metrics[i].sum)
			return 0;
	return 1;
}

static int same_obs(const struct obs *a, const struct obs *b)
{
	return !strcmp(a->metric, b->metric) && a->year == b->year &&
	       ((!a->key && !b->key) || (a->key && b->key && !strcmp(a->key, b->key)));
}

/*
 * Rejects observations sharing metric, year and key (naming the first
 * row that repeats one), or sums them for metrics with "sum": a blank
 * cell among values makes the total null, with a warning (an empty cell
 * is not a zero unless "blank": "zero"). Then adds them to t; t is
 * untouched on error.
 */
static int merge_into(const struct source *s, struct obs_table *tmp,
		      const struct table *tb, char *const *vcol,
		      struct obs_table *t, size_t src, struct notes *notes,
		      struct buf *err)
{
	const struct obs *dup = NULL, *first = NULL;
	size_t blanks = 0;

	if (!tmp->n)
		return 0;	/* obs_sort would hand qsort the NULL of an empty table */
	obs_sort(tmp);
	for (size_t i = 0; i < tmp->n && !all_sum(s);) {
		size_t j = i + 1;
		const struct obs *lo = &tmp->v[i], *lo2 = NULL;
		while (j < tmp->n && same_obs(&tmp->v[i], &tmp->v[j]))
			j++;
		/* the group's two first rows in the file */
		for (size_t k = i + 1; k < j; k++) {
			const struct obs *o = &tmp->v[k];
			if (o->line < lo->line) {
				lo2 = lo;
				lo = o;
			} else if (!lo2 || o->line < lo2->line) {
				lo2 = o;
			}
		}
		if (lo2 && !s->metrics[lo->src].sum && (!dup || lo2->line < dup->line)) {
			dup = lo2;
			first = lo;
		}
		i = j;
	}
	if (dup) {
		buf_reset(err);
		at(err, tb, dup->line);
		buf_addf(err, ": a second value for metric '%s', year %d", dup->metric, dup->year);
		if (dup->key) {
			buf_addstr(err, ", key '");
			buf_add_excerpt(err, dup->key, 60);
			buf_addch(err, '\'');
		}
		buf_addf(err, " (first at %s %d): a metric has one value per year%s; if "
			 "the rows are parts of one total (per faculty, per intake), "
			 "\"sum\": true on the metric adds them up", tb->sheet ? "row" : "line",
			 first->line, dup->key ? " and key" : "");
		return ERR_DATA;
	}
	for (size_t i = 0; i < tmp->n;) {
		const struct obs *o = &tmp->v[i], *blank = NULL;
		double sum = 0;
		size_t j = i, nvalues = 0;
		for (; j < tmp->n && same_obs(&tmp->v[j], o); j++) {
			if (isnan(tmp->v[j].value)) {
				if (!blank || tmp->v[j].line < blank->line)
					blank = &tmp->v[j];
			} else {
				sum += tmp->v[j].value;
				nvalues++;
			}
		}
		/* a sum of nulls only is null; a blank among values makes it null too */
		if (!nvalues || blank)
			sum = NAN;
		if (blank && nvalues && ++blanks <= 3) {
			struct buf w = BUF_INIT;
			at(&w, tb, blank->line);
			buf_addstr(&w, ": column '");
			buf_add_excerpt(&w, vcol[blank->src] ? vcol[blank->src] : "?", 60);
			buf_addf(&w, "' is empty in a sum (metric '%s', year %d", o->metric, o->year);
			if (o->key) {
				buf_addstr(&w, ", key '");
				buf_add_excerpt(&w, o->key, 60);
				buf_addch(&w, '\'');
			}
			buf_addstr(&w, "): the total is null; if an empty cell means 0, "
				   "say \"blank\": \"zero\" on the source");
			notes_addf(notes, LOG_WARN, "%s", w.buf);
			buf_release(&w);
		}
		obs_add(t, src, o->metric, o->year, o->key, sum, o->line);
		for (size_t k = i + 1; k < j; k++)
			obs_add_line(t, t->n - 1, tmp->v[k].line);
		i = j;
	}
	if (blanks > 3)
		notes_addf(notes, LOG_WARN, "%s: %zu sums in all have an empty cell and are null",
			   tb->name, blanks);
	obs_carry_utf8(t, src, tmp);
	return 0;
}

/* Country columns and where texts on them, as alpha-2 codes. */
struct countries {
	struct country_table ct;
	bool loaded;
	bool *is;		/* per column */
	char (*code)[3];	/* per column: this row's code */
	char **owned;		/* where texts made codes */
	size_t nowned;
};

static void countries_release(struct countries *c)
{
	if (c->loaded)
		country_table_release(&c->ct);
	free(c->is);
	free(c->code);
	for (size_t i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
}

static int resolve(const struct source *s, const struct header *h, const struct table *t,
		   struct resolved *res, int *ycol, int *ycol2, struct countries *cc,
		   struct buf *err)
{
	int rc;

	if ((*ycol = column(h, &s->year, s, t, err)) < 0)
		return *ycol;
	*ycol2 = -1;
	if (s->has_year_range && (*ycol2 = column(h, &s->year_to, s, t, err)) < 0)
		return *ycol2;
	cc->is = xcalloc(h->n + 1, sizeof(*cc->is));
	cc->code = xcalloc(h->n + 1, sizeof(*cc->code));
	for (size_t i = 0; i < s->ncountry_cols; i++) {
		if ((rc = column(h, &s->country_cols[i], s, t, err)) < 0)
			return rc;
		cc->is[rc] = true;
	}
	if (s->ncountry_cols) {
		if (country_table_load(&cc->ct, NULL, err))
			return ERR_CONFIG;
		cc->loaded = true;
	}
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		res[i].where = xcalloc(m->nwheres + 1, sizeof(int));
		res[i].texts = xcalloc(m->nwheres + 1, sizeof(*res[i].texts));
		if (!m->count && (res[i].value = column(h, &m->value, s, t, err)) < 0)
			return res[i].value;
		if (m->has_key && (res[i].key = column(h, &m->key, s, t, err)) < 0)
			return res[i].key;
		for (size_t w = 0; w < m->nwheres; w++) {
			const struct where *wh = &m->wheres[w];
			if ((rc = res[i].where[w] = column(h, &wh->col, s, t, err)) < 0)
				return rc;
			res[i].texts[w] = xcalloc(wh->ntexts + 1, sizeof(char *));
			for (size_t k = 0; k < wh->ntexts; k++) {
				char code[3];
				res[i].texts[w][k] = wh->texts[k];
				if (!cc->is[rc])
					continue;
				if (!country_parse(&cc->ct, wh->texts[k], strlen(wh->texts[k]), code)) {
					buf_setf(err, "%s: metric '%s': 'where' text '", s->file, m->name);
					buf_add_excerpt(err, wh->texts[k], 60);
					buf_addstr(err, "' of a country column is not a country");
					return ERR_CONFIG;
				}
				cc->owned = xrealloc(cc->owned, (cc->nowned + 1) * sizeof(char *));
				cc->owned[cc->nowned++] = xstrdup(code);
				res[i].texts[w][k] = cc->owned[cc->nowned - 1];
			}
		}
	}
	return 0;
}

static bool empty_cell(const char *cell)
{
	size_t len;
	trim(cell, &len);
	return !len;
}

/* Whether every cell of the row is empty (Excel's ",,,"). */
static int empty_row(const struct table *t)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (!empty_cell(t->fields[i]))
			return 0;
	return 1;
}

/* The year cell's error: what was found, and what would read. */
static void year_error(struct buf *err, const struct table *t, int line, const char *col,
		       const char *cell, int why)
{
	if (why == -2)
		cell_error(err, t, line, col, "", cell, " is an academic year: say "
			   "\"academic_year\": \"start\" (it counts in its first calendar "
			   "year) or \"end\" (in its second) on the source");
	else
		cell_error(err, t, line, col, "expected a year such as 2021, a date "
			   "such as 2021-09-01 or an academic year such as 2021/22, found ",
			   cell, "");
}

/*
 * Row identity: each cell as LENGTH:BYTES, so that two rows are the same
 * key exactly when every cell is equal.
 */
static void row_key(const struct table *t, struct buf *key)
{
	buf_reset(key);
	for (size_t i = 0; i < t->nfields; i++) {
		size_t n = strlen(t->fields[i]), k = 0;
		char len[24];
		do
			len[sizeof(len) - ++k] = (char)('0' + n % 10);
		while ((n /= 10));
		buf_add(key, len + sizeof(len) - k, k);
		buf_addch(key, ':');
		buf_addstr(key, t->fields[i]);
	}
}

/*
 * tmp without its observations of year (the rows that started earlier and
 * run on into a year that has only just begun); returns how many it had.
 */
static size_t drop_year(struct obs_table *tmp, int year)
{
	struct obs_table kept;
	size_t n = 0;

	for (size_t i = 0; i < tmp->n; i++)
		n += tmp->v[i].year == year;
	if (!n)
		return 0;
	obs_init(&kept);
	for (size_t i = 0; i < tmp->n; i++) {
		const struct obs *o = &tmp->v[i];
		if (o->year == year)
			continue;
		obs_add(&kept, o->src, o->metric, o->year, o->key, o->value, o->line);
		obs_copy_where(&kept, kept.n - 1, o);
	}
	kept.bad_utf8_line = tmp->bad_utf8_line;
	obs_release(tmp);
	*tmp = kept;
	return n;
}

/* "2027-01-10" for YYYYMMDD, into out. */
static void day_text(char out[16], int day)
{
	snprintf(out, 16, "%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
}

static int extract_rows(const struct source *s, struct table *tb,
			const struct csv_years *y, struct obs_table *t, size_t src,
			struct notes *notes, struct buf *err)
{
	struct header h = { NULL, 0 };
	struct obs_table tmp;
	struct resolved *res = xcalloc(s->nmetrics + 1, sizeof(*res));
	struct countries cc = { 0 };
	struct strtab rows;
	struct buf key = BUF_INIT;
	int *row_line = NULL;
	size_t arow = 0, nempty = 0, nsame = 0, nrows, nplan = 0, withheld = 0;
	int rc = ERR_DATA, ycol = -1, ycol2 = -1, r, first_empty = 0, same[2] = { 0, 0 };
	int first_plan = 0, bad_country;
	bool now_started = false;	/* a row starts in y->now by today */
	char **vcol = xcalloc(s->nmetrics + 1, sizeof(char *));
	struct notes quiet = NOTES_INIT;	/* for a caller without notes */

	if (!notes)
		notes = &quiet;
	obs_init(&tmp);
	strtab_init(&rows);
	r = tb->next(tb, err);
	if (r <= 0) {
		if (r == 0) {
			buf_setf(err, "%s", tb->name);
			if (tb->sheet)
				buf_addf(err, ", sheet '%s'", tb->sheet);
			buf_addstr(err, ": no header row");
		} else if (!tb->sheet) {
			prefix(err, tb);
		}
		goto out;
	}
	h.n = tb->nfields;
	h.names = xcalloc(h.n, sizeof(char *));
	for (size_t i = 0; i < h.n; i++)
		h.names[i] = xstrdup(tb->fields[i]);
	if ((rc = resolve(s, &h, tb, res, &ycol, &ycol2, &cc, err)) < 0)
		goto out;
	rc = ERR_DATA;
	for (size_t i = 0; i < s->nmetrics; i++)
		vcol[i] = s->metrics[i].count ? NULL : h.names[res[i].value];

	while ((r = tb->next(tb, err)) > 0) {
		int y0, y1, day;
		uint32_t id;
		if (empty_row(tb)) {
			if (!nempty++)
				first_empty = tb->line;
			continue;
		}
		/* empty cells past the header's (a separator left at a row's end) are no data */
		while (tb->nfields > h.n && empty_cell(tb->fields[tb->nfields - 1]))
			tb->nfields--;
		if (tb->nfields != h.n) {
			buf_reset(err);
			at(err, tb, tb->line);
			buf_addf(err, ": expected %zu fields as in the header, found %zu",
				 h.n, tb->nfields);
			goto out;
		}
		/* a row entered twice: every cell equal to an earlier row's */
		row_key(tb, &key);
		nrows = rows.n;
		id = strtab_intern(&rows, key.buf, key.len);
		if (id < nrows) {
			if (!all_sum(s)) {
				buf_reset(err);
				at(err, tb, tb->line);
				buf_addf(err, ": the same row as %s %d (every cell equal): a row "
					 "entered twice? remove one, or if both are real add a "
					 "column that tells them apart", tb->sheet ? "row" : "line",
					 row_line[id]);
				goto out;
			}
			if (!nsame++) {
				same[0] = row_line[id];
				same[1] = tb->line;
			}
		} else {
			row_line = xgrow(row_line, &arow, id + 1, sizeof(*row_line));
			row_line[id] = tb->line;
		}
		bad_country = -1;
		for (size_t i = 0; i < h.n; i++) {
			size_t len;
			const char *v;
			if (!cc.is[i])
				continue;
			v = trim(tb->fields[i], &len);
			if (!len)
				continue;
			if (country_parse(&cc.ct, v, len, cc.code[i]))
				tb->fields[i] = cc.code[i];
			else if (bad_country < 0)
				bad_country = (int)i;
		}
		/* a cell that is no country ("Stateless") matters only in a row a metric takes */
		if (bad_country >= 0) {
			if (!row_taken(s, res, tb->fields))
				continue;
			cell_error(err, tb, tb->line, h.names[bad_country], "", tb->fields[bad_country],
				   " is not a country (an ISO 3166 code such as KZ or KAZ, an English "
				   "name, or an alias of docs/works.md); a row that names no country "
				   "can be left out by a \"where\" on another column");
			goto out;
		}
		y0 = cell_year(tb->fields[ycol], s->academic_year);
		y1 = ycol2 >= 0 ? cell_year(tb->fields[ycol2], s->academic_year) : y0;
		if (y0 <= 0 || y1 < 0) {
			int bad = y0 <= 0 ? ycol : ycol2;
			year_error(err, tb, tb->line, h.names[bad], tb->fields[bad],
				   y0 <= 0 ? (y0 ? y0 : -1) : y1);
			goto out;
		}
		if (ycol2 >= 0) {
			if (y1 && y1 < y0) {
				char what[64];
				snprintf(what, sizeof(what), "the range %d to %d ends before it starts",
					 y0, y1);
				cell_error(err, tb, tb->line, h.names[ycol2], what, NULL, "");
				goto out;
			}
		}
		day = cell_day(tb->fields[ycol], s->academic_year);
		if (y->today && day > y->today && y0 <= y->to) {
			/* dated after today (a plan): counted nowhere, its cells still read */
			if (!nplan++)
				first_plan = tb->line;
			y1 = y0 - 1;
		} else if (ycol2 >= 0) {
			now_started |= y->now && y0 == y->now;
			/* an open range runs to y->to (the caller's last year) */
			if (y1 == 0 || y1 > y->to)
				y1 = y->to;
			if (y0 < y->from)
				y0 = y->from;
		}
		if (add_row(s, res, tb->fields, h.names, y0, y1, tb->line, tb, &tmp, err))
			goto out;
	}
	if (r < 0) {
		if (!tb->sheet)
			prefix(err, tb);
		goto out;
	}
	/* the current year reached only by rows that started earlier: not yet data */
	if (ycol2 >= 0 && y->now && y->to == y->now && !now_started)
		withheld = drop_year(&tmp, y->now);
	rc = merge_into(s, &tmp, tb, vcol, t, src, notes, err);
	if (!rc && nplan) {
		struct buf w = BUF_INIT;
		char d[16];
		at(&w, tb, first_plan);
		day_text(d, y->today);
		notes_addf(notes, LOG_NOTICE, "%s: %zu row%s dated after today (%s) not counted: "
			   "a plan is no data yet (this is the first)", w.buf, nplan,
			   nplan == 1 ? "" : "s", d);
		buf_release(&w);
	}
	if (!rc && withheld) {
		char d[16];
		day_text(d, y->today);
		notes_addf(notes, LOG_NOTICE, "%s: no row starts in %d by today (%s), so the rows "
			   "that started earlier count up to %d: a year that has only just begun "
			   "is no data yet", tb->name, y->now, d, y->now - 1);
	}
	if (!rc && nempty) {
		struct buf w = BUF_INIT;
		at(&w, tb, first_empty);
		notes_addf(notes, LOG_NOTICE, "%s: %zu empty row%s skipped (this is the first)",
			   w.buf, nempty, nempty == 1 ? "" : "s");
		buf_release(&w);
	}
	if (!rc && nsame) {
		struct buf w = BUF_INIT;
		at(&w, tb, same[1]);
		notes_addf(notes, LOG_WARN, "%s: the same row as %s %d (every cell equal; "
			   "%zu such row%s in all): \"sum\" adds them up, so each counts again",
			   w.buf, tb->sheet ? "row" : "line", same[0], nsame, nsame == 1 ? "" : "s");
		buf_release(&w);
	}
out:
	for (size_t i = 0; i < s->nmetrics; i++) {
		if (res[i].texts)
			for (size_t w = 0; w < s->metrics[i].nwheres; w++)
				free(res[i].texts[w]);
		free(res[i].texts);
		free(res[i].where);
	}
	free(res);
	free(vcol);
	for (size_t i = 0; i < h.n; i++)
		free(h.names[i]);
	free(h.names);
	free(row_line);
	buf_release(&key);
	strtab_release(&rows);
	countries_release(&cc);
	obs_release(&tmp);
	notes_release(&quiet);
	return rc;
}

static int csv_table_next(struct table *t, struct buf *err)
{
	int r = csv_next(t->csv, err);
	t->fields = t->csv->fields;
	t->nfields = t->csv->nfields;
	t->line = t->csv->line;
	return r;
}

int extract_csv(const struct source *s, const char *data, size_t len,
		const char *name, const struct csv_years *y,
		struct obs_table *t, size_t src, struct notes *notes, struct buf *err)
{
	struct csv c;
	struct table tb = { .name = name, .next = csv_table_next, .csv = &c,
			    .header_row = s->header_row };
	struct buf utf8 = BUF_INIT;
	int skipped = 0, rc;

	if (csv_from_utf16(data, len, &utf8)) {	/* Excel's "Unicode Text" */
		data = utf8.buf;
		len = utf8.len;
	}
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	/* the lines above the header: "header_row", else leading comments */
	skipped = csv_skip_to_header(&data, &len, s->comment, s->header_row);
	if (skipped < 0) {
		buf_setf(err, "%s:%d: %s: \"header_row\": %d names the header's line", name,
			 s->header_row, skipped == -1 ? "no such line" : "an empty line",
			 s->header_row);
		buf_release(&utf8);
		return ERR_CONFIG;
	}
	csv_init(&c, data, len, s->delimiter);
	c.next_line += skipped;
	tb.delim = c.delim;
	rc = extract_rows(s, &tb, y, t, src, notes, err);
	csv_release(&c);
	buf_release(&utf8);
	return rc;
}

static int xlsx_table_next(struct table *t, struct buf *err)
{
	const struct xlsx_row *row;

	(void)err;
	if (t->xrow >= t->xs->nrows)
		return 0;
	row = &t->xs->rows[t->xrow++];
	if (!t->width)	/* the header: rows have as many cells as it, or fewer */
		t->width = row->ncells;
	/* missing cells at the end of a row are empty; more than the header has is an error */
	t->nfields = row->ncells > t->width ? row->ncells : t->width;
	t->view = xgrow(t->view, &t->aview, t->nfields + 1, sizeof(*t->view));
	for (size_t i = 0; i < t->nfields; i++)
		t->view[i] = i < row->ncells ? row->cells[i] : (char *)"";
	t->fields = t->view;
	t->stored = row->stored;
	t->nstored = row->ncells;
	t->line = row->number;
	return 1;
}

int extract_xlsx(const struct source *s, const char *data, size_t len,
		 const char *name, const struct csv_years *y,
		 struct obs_table *t, size_t src, struct notes *notes, struct buf *err)
{
	struct xlsx_sheet xs;
	struct table tb = { .name = name, .sheet = s->sheet, .next = xlsx_table_next, .xs = &xs,
			    .header_row = s->header_row };
	int rc = xlsx_read_sheet(data, len, s->sheet, (size_t)s->max_bytes, &xs, err);

	if (rc < 0) {
		buf_prefixf(err, "%s: ", name);
		return rc;
	}
	/* "header_row": the rows above it (a title, notes) are not read */
	while (s->header_row && tb.xrow < xs.nrows && xs.rows[tb.xrow].number < s->header_row)
		tb.xrow++;
	if (s->header_row && (tb.xrow == xs.nrows || xs.rows[tb.xrow].number != s->header_row)) {
		buf_setf(err, "%s, sheet '", name);
		buf_add_excerpt(err, s->sheet, 60);
		buf_addf(err, "', row %d: an empty row: \"header_row\": %d names the header's row",
			 s->header_row, s->header_row);
		xlsx_sheet_release(&xs);
		return ERR_CONFIG;
	}
	rc = extract_rows(s, &tb, y, t, src, notes, err);
	free(tb.view);
	xlsx_sheet_release(&xs);
	return rc;
}
