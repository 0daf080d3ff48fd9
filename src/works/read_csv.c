/*
 * The one reader of the row-per-work exports (readers.h): OpenAlex CSV,
 * Scopus CSV and Web of Science tab-delimited differ only in their layout.
 */
#include "util/csv.h"
#include "works/readers.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static const char *delim_name(char d)
{
	return d == '\t' ? "tab" : d == ';' ? "';'" : "','";
}

/* Whether a cell holds nothing but spaces. */
static int empty_cell(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

/* The first of names found in the header, or -1. */
static int find_column(const struct csv *c, size_t ncols, const char *const *names)
{
	for (; names && *names; names++) {
		int i = csv_column(c, *names);
		if (i >= 0 && (size_t)i < ncols)
			return i;
	}
	return -1;
}

/*
 * The header's columns; -1 with err naming what is missing, the
 * separator read, and the one that would have split the header when it
 * is a single column.
 */
static int header(const struct csv *c, const char *name, const struct export_layout *lay,
		  int col[EC_N], size_t *ncols, struct buf *err)
{
	size_t n = c->nfields;

	/* trailing cells without a name are not columns (a header ending with a separator) */
	while (n > 1 && empty_cell(c->fields[n - 1]))
		n--;
	*ncols = n;
	for (int k = 0; k < EC_N; k++)
		col[k] = find_column(c, n, lay->cols[k]);
	for (int g = 0; g < 2; g++) {
		int found = !lay->need[g];
		for (int k = 0; k < EC_N; k++)
			if ((lay->need[g] & (1u << k)) && col[k] >= 0)
				found = 1;
		if (found)
			continue;
		buf_setf(err, "'%s':%d: %s needs %s; its header has %zu column%s separated by %s",
			 name, c->line, lay->what, lay->needs, n, n == 1 ? "" : "s",
			 delim_name(c->delim));
		if (n == 1) {
			static const char others[] = { ';', ',', '\t' };
			for (size_t i = 0; i < sizeof(others); i++)
				if (others[i] != c->delim && strchr(c->fields[0], others[i])) {
					buf_addf(err, " (the file looks separated by %s: save "
						 "it again as CSV with ',')", delim_name(others[i]));
					break;
				}
		}
		return -1;
	}
	return 0;
}

/*
 * Whether the row repeats the header: every column the layout reads holds
 * its own name (two exports joined with cat). names[k] is the header's
 * cell of role k, NULL when the role has no column.
 */
static int repeats_header(const struct csv *c, const int col[EC_N], char *const names[EC_N])
{
	int seen = 0;

	for (int k = 0; k < EC_N; k++) {
		if (!names[k])
			continue;
		if ((size_t)col[k] >= c->nfields || strcmp(c->fields[col[k]], names[k]))
			return 0;
		seen = 1;
	}
	return seen;
}

/* Which rows are works: 1 a work, 0 blank, -1 malformed (readers.h). */
static int row_kind(const struct csv *c, size_t ncols)
{
	size_t i;

	for (i = 0; i < c->nfields && empty_cell(c->fields[i]); i++)
		;
	if (i == c->nfields)
		return 0;
	if (c->nfields < ncols)
		return -1;
	for (i = ncols; i < c->nfields; i++)
		if (!empty_cell(c->fields[i]))
			return -1;
	return 1;
}

int works_read_export(const char *data, size_t len, const char *name,
		      const struct export_layout *lay, const struct country_table *ct,
		      work_fn fn, void *arg, struct works_read_stats *st,
		      struct buf *err)
{
	struct csv c;
	struct work_builder b;
	int col[EC_N], r, rc = 0;
	char *names[EC_N];
	size_t ncols;

	csv_init(&c, data, len, lay->delim);
	c.literal = lay->literal;
	r = csv_next(&c, err);
	if (r <= 0) {
		if (!r)
			buf_setf(err, "'%s': empty file", name);
		else
			buf_prefixf(err, "'%s': ", name);
		csv_release(&c);
		return -1;
	}
	if (header(&c, name, lay, col, &ncols, err)) {
		csv_release(&c);
		return -1;
	}
	for (int k = 0; k < EC_N; k++)
		names[k] = col[k] >= 0 ? xstrdup(c.fields[col[k]]) : NULL;
	wb_init(&b);
	while ((r = csv_next(&c, err)) > 0) {
		const char *cell[EC_N];
		int kind = row_kind(&c, ncols);

		st->lines++;
		/* a repeated header is skipped like a blank row */
		if (kind == 0 || repeats_header(&c, col, names)) {
			st->blank++;
			continue;
		}
		if (kind < 0) {
			works_stats_bad(st, (uint64_t)c.line);
			continue;
		}
		for (int k = 0; k < EC_N; k++)
			cell[k] = col[k] >= 0 ? c.fields[col[k]] : "";
		wb_reset(&b);
		b.line = (uint64_t)c.line;
		b.year = lay->year(cell[EC_YEAR]);
		if (!b.year && *cell[EC_YEAR2])
			b.year = lay->year(cell[EC_YEAR2]);
		lay->row(&b, ct, cell);
		st->works++;
		if (fn(wb_finish(&b), arg)) {
			rc = -1;
			break;
		}
	}
	if (r < 0) {
		buf_prefixf(err, "'%s': ", name);
		rc = -1;
	}
	for (int k = 0; k < EC_N; k++)
		free(names[k]);
	wb_release(&b);
	csv_release(&c);
	return rc;
}
