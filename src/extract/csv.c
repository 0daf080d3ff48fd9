#include "extract/csv.h"
#include "util/csv.h"
#include "util/xalloc.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/*
 * "NAME:LINE: column 'COL': BEFORE'CELL'AFTER" (no quotes when cell is
 * NULL), with the untrusted column name and cell shortened.
 */
static void cell_error(struct buf *err, const char *name, int line,
		       const char *col, const char *before, const char *cell,
		       const char *after)
{
	buf_setf(err, "%s:%d: column '", name, line);
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

/* Index of the column, or -1 with err naming what exists. */
static int column(const struct header *h, const struct colref *c,
		  const char *name, struct buf *err)
{
	if (!c->name) {
		if ((size_t)c->number <= h->n)
			return c->number - 1;
		buf_setf(err, "%s: column %d does not exist (the header has %zu)",
			 name, c->number, h->n);
		return -1;
	}
	for (size_t i = 0; i < h->n; i++) {
		size_t len;
		const char *t = trim(h->names[i], &len);
		if (len == strlen(c->name) && !memcmp(t, c->name, len))
			return (int)i;
	}
	buf_setf(err, "%s: no column '%s' in the header (", name, c->name);
	for (size_t i = 0; i < h->n && i < 30; i++) {
		buf_addstr(err, i ? ", '" : "'");
		buf_add_excerpt(err, h->names[i], 40);
		buf_addch(err, '\'');
	}
	buf_addstr(err, h->n > 30 ? ", ...)" : ")");
	return -1;
}

/* Year from "2021" or an ISO date "2021-09-01"; 0 when empty, -1 when bad. */
static int parse_year(const char *cell)
{
	size_t len;
	const char *s = trim(cell, &len);
	int y = 0;
	if (!len)
		return 0;
	if (len < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	if (len > 4 && s[4] != '-')
		return -1;
	return y >= 1900 && y <= 2200 ? y : -1;
}

struct resolved {
	int value, key;
	int *where;
};

static int where_matches(const struct metric_map *m, const struct resolved *r,
			 char **fields)
{
	for (size_t w = 0; w < m->nwheres; w++) {
		size_t len;
		const char *cell = trim(fields[r->where[w]], &len);
		int ok = 0;
		for (size_t t = 0; t < m->wheres[w].ntexts && !ok; t++)
			ok = strlen(m->wheres[w].texts[t]) == len &&
			     !memcmp(m->wheres[w].texts[t], cell, len);
		if (!ok)
			return 0;
	}
	return 1;
}

/* Adds one row's observations for years y0..y1 to tmp. */
static int add_row(const struct source *s, const struct resolved *res,
		   char **fields, char **header, int y0, int y1, int line,
		   const char *name, struct obs_table *tmp, struct buf *err)
{
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		const struct resolved *r = &res[i];
		double v = 1;
		char *key = NULL;

		if (!where_matches(m, r, fields))
			continue;
		if (!m->count) {
			int rc = csv_parse_number(fields[r->value], s->decimal,
						  s->thousands, &v);
			if (rc < 0) {
				cell_error(err, name, line, header[r->value], "",
					   fields[r->value], " is not a number");
				return -1;
			}
			if (rc == 0)
				v = NAN;
		}
		if (m->has_key) {
			size_t len;
			const char *k = trim(fields[r->key], &len);
			if (!len) {
				cell_error(err, name, line, header[r->key], "empty key",
					   NULL, "");
				return -1;
			}
			key = xstrndup(k, len);
		}
		for (int y = y0; y <= y1; y++)
			obs_add(tmp, i, m->name, y, key, v, line);
		free(key);
	}
	return 0;
}

/* The reader says "line N: what"; messages here read "NAME:N: what". */
static void prefix(struct buf *err, const char *name)
{
	struct buf msg = BUF_INIT;
	char *end = err->buf;
	long line = 0;

	if (!strncmp(err->buf, "line ", 5)) {
		errno = 0;
		line = strtol(err->buf + 5, &end, 10);
	}
	if (line > 0 && !errno && !strncmp(end, ": ", 2))
		buf_addf(&msg, "%s:%ld: %s", name, line, end + 2);
	else
		buf_addf(&msg, "%s: %s", name, err->buf);
	buf_setf(err, "%s", msg.buf);
	buf_release(&msg);
}

/*
 * Sums or rejects observations sharing metric, year and key, then adds
 * them to t; t is untouched on error (the check runs before any add).
 */
static int merge_into(const struct source *s, struct obs_table *tmp,
		      const char *name, struct obs_table *t, size_t src,
		      struct buf *err)
{
	if (!tmp->n)
		return 0;	/* obs_sort would hand qsort the NULL of an empty table */
	obs_sort(tmp);
	for (size_t i = 1; i < tmp->n; i++) {
		const struct obs *a = &tmp->v[i - 1], *b = &tmp->v[i];
		if (!s->metrics[b->src].sum && !strcmp(a->metric, b->metric) &&
		    a->year == b->year && ((!a->key && !b->key) ||
		    (a->key && b->key && !strcmp(a->key, b->key)))) {
			buf_setf(err, "%s:%d: a second value for metric '%s', year %d",
				 name, b->line, b->metric, b->year);
			if (b->key) {
				buf_addstr(err, ", key '");
				buf_add_excerpt(err, b->key, 60);
				buf_addch(err, '\'');
			}
			buf_addf(err, " (first at line %d); set \"sum\": true to add them",
				 a->line);
			return -1;
		}
	}
	for (size_t i = 0; i < tmp->n;) {
		const struct obs *o = &tmp->v[i];
		double sum = o->value;
		size_t j = i + 1;
		for (; j < tmp->n && !strcmp(tmp->v[j].metric, o->metric) &&
		       tmp->v[j].year == o->year &&
		       !((tmp->v[j].key == NULL) != (o->key == NULL)) &&
		       (!o->key || !strcmp(tmp->v[j].key, o->key)); j++) {
			/* null cells do not count; a sum of nulls only is null */
			if (isnan(sum))
				sum = tmp->v[j].value;
			else if (!isnan(tmp->v[j].value))
				sum += tmp->v[j].value;
		}
		obs_add(t, src, o->metric, o->year, o->key, sum, o->line);
		for (size_t k = i + 1; k < j; k++)
			obs_add_line(t, t->n - 1, tmp->v[k].line);
		i = j;
	}
	obs_carry_utf8(t, src, tmp);
	return 0;
}

static int resolve(const struct source *s, const struct header *h,
		   const char *name, struct resolved *res, int *ycol, int *ycol2,
		   struct buf *err)
{
	*ycol = column(h, &s->year, name, err);
	if (*ycol < 0)
		return -1;
	*ycol2 = -1;
	if (s->has_year_range && (*ycol2 = column(h, &s->year_to, name, err)) < 0)
		return -1;
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		res[i].where = xcalloc(m->nwheres + 1, sizeof(int));
		if (!m->count && (res[i].value = column(h, &m->value, name, err)) < 0)
			return -1;
		if (m->has_key && (res[i].key = column(h, &m->key, name, err)) < 0)
			return -1;
		for (size_t w = 0; w < m->nwheres; w++)
			if ((res[i].where[w] = column(h, &m->wheres[w].col, name, err)) < 0)
				return -1;
	}
	return 0;
}

int extract_csv(const struct source *s, const char *data, size_t len,
		const char *name, int years_from, int years_to,
		struct obs_table *t, size_t src, struct buf *err)
{
	struct csv c;
	struct header h = { NULL, 0 };
	struct obs_table tmp;
	struct resolved *res = xcalloc(s->nmetrics, sizeof(*res));
	int skipped = 0, rc = -1, ycol = -1, ycol2 = -1, r;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	/* leading comment lines, such as "# illustrative sample data" */
	while (s->comment && *s->comment && len >= strlen(s->comment) &&
	       !memcmp(data, s->comment, strlen(s->comment))) {
		const char *nl = memchr(data, '\n', len);
		size_t skip = nl ? (size_t)(nl - data) + 1 : len;
		data += skip;
		len -= skip;
		skipped++;
	}
	obs_init(&tmp);
	csv_init(&c, data, len, s->delimiter);
	c.next_line += skipped;
	r = csv_next(&c, err);
	if (r <= 0) {
		if (r == 0)
			buf_setf(err, "%s: no header row", name);
		else
			prefix(err, name);
		goto out;
	}
	h.n = c.nfields;
	h.names = xcalloc(h.n, sizeof(char *));
	for (size_t i = 0; i < h.n; i++)
		h.names[i] = xstrdup(c.fields[i]);
	if (resolve(s, &h, name, res, &ycol, &ycol2, err))
		goto out;

	while ((r = csv_next(&c, err)) > 0) {
		int y0, y1;
		if (c.nfields != h.n) {
			buf_setf(err, "%s:%d: expected %zu fields as in the header, found %zu",
				 name, c.line, h.n, c.nfields);
			goto out;
		}
		y0 = parse_year(c.fields[ycol]);
		y1 = ycol2 >= 0 ? parse_year(c.fields[ycol2]) : y0;
		if (y0 <= 0 || y1 < 0) {
			int bad = y0 <= 0 ? ycol : ycol2;
			cell_error(err, name, c.line, h.names[bad],
				   "expected a year such as 2021 or 2021-09-01, found ",
				   c.fields[bad], "");
			goto out;
		}
		if (ycol2 >= 0) {
			if (y1 && y1 < y0) {
				char what[64];
				snprintf(what, sizeof(what), "the range %d to %d ends before it starts",
					 y0, y1);
				cell_error(err, name, c.line, h.names[ycol2], what, NULL, "");
				goto out;
			}
			/* an open range runs to the end of the period */
			if (y1 == 0 || y1 > years_to)
				y1 = years_to;
			if (y0 < years_from)
				y0 = years_from;
		}
		if (add_row(s, res, c.fields, h.names, y0, y1, c.line, name, &tmp, err))
			goto out;
	}
	if (r < 0) {
		prefix(err, name);
		goto out;
	}
	rc = merge_into(s, &tmp, name, t, src, err);
out:
	for (size_t i = 0; i < s->nmetrics; i++)
		free(res[i].where);
	free(res);
	for (size_t i = 0; i < h.n; i++)
		free(h.names[i]);
	free(h.names);
	obs_release(&tmp);
	csv_release(&c);
	return rc;
}
