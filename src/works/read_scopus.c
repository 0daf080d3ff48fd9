/* Scopus CSV exports (new and old formats). */
#include "util/csv.h"
#include "works/readers.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* "a; b; c" -> each entry to work_add_address. */
static void add_affiliations(struct work_builder *b, const struct country_table *ct,
			     const char *s)
{
	while (*s) {
		const char *semi = strstr(s, "; ");
		size_t l = semi ? (size_t)(semi - s) : strlen(s);
		work_add_address(b, ct, s, l, 0);
		s = semi ? semi + 2 : s + l;
	}
}

static int column(const struct csv *c, const char *const *names)
{
	for (; *names; names++) {
		int i = work_csv_column(c, *names);
		if (i >= 0)
			return i;
	}
	return -1;
}

static const char *field(const struct csv *c, int i)
{
	return i >= 0 && (size_t)i < c->nfields ? c->fields[i] : "";
}

int works_read_scopus_csv(const char *data, size_t len, const char *name,
			  const struct country_table *ct, work_fn fn, void *arg,
			  struct works_read_stats *st, struct buf *err)
{
	static const char *const id_cols[] = { "EID", "DOI", "Link", "Title", NULL };
	static const char *const year_cols[] = { "Year", "PY", NULL };
	static const char *const aff_cols[] = { "Affiliations", NULL };
	static const char *const awa_cols[] = { "Authors with affiliations", NULL };
	struct csv c;
	struct work_builder b;
	int col_id, col_year, col_aff, col_awa, r, rc = 0;
	size_t ncols;

	csv_init(&c, data, len, ',');
	r = csv_next(&c, err);
	if (r <= 0) {
		if (!r)
			buf_setf(err, "'%s': empty CSV", name);
		csv_release(&c);
		return -1;
	}
	ncols = c.nfields;
	col_id = column(&c, id_cols);
	col_year = column(&c, year_cols);
	col_aff = column(&c, aff_cols);
	col_awa = column(&c, awa_cols);
	if (col_year < 0 || (col_aff < 0 && col_awa < 0)) {
		buf_setf(err, "'%s': a Scopus CSV export needs the columns 'Year' "
			 "and 'Affiliations'", name);
		csv_release(&c);
		return -1;
	}
	wb_init(&b);
	while ((r = csv_next(&c, err)) > 0) {
		const char *y = field(&c, col_year), *aff = field(&c, col_aff);
		char *end;
		long yr;

		st->lines++;
		if (c.nfields == 1 && !*c.fields[0])
			continue;
		/* a record cut short or run together with the next is not a work
		 * without affiliations: it is counted and named */
		if (c.nfields != ncols) {
			works_stats_bad(st, (uint64_t)c.line);
			continue;
		}
		wb_reset(&b);
		b.line = (uint64_t)c.line;
		buf_addstr(&b.id, field(&c, col_id));
		yr = strtol(y, &end, 10);
		b.year = end != y && !*end && yr > 0 && yr < 10000 ? (int)yr : 0;
		if (!*aff) {
			/* "Name A., Affiliation; Name B., Affiliation": drop the names */
			const char *s = field(&c, col_awa);
			while (*s) {
				const char *semi = strstr(s, "; ");
				size_t l = semi ? (size_t)(semi - s) : strlen(s);
				const char *comma = memchr(s, ',', l);
				if (comma)
					work_add_address(&b, ct, comma + 1,
							 l - (size_t)(comma + 1 - s), 0);
				s = semi ? semi + 2 : s + l;
			}
		} else {
			add_affiliations(&b, ct, aff);
		}
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
	wb_release(&b);
	csv_release(&c);
	return rc;
}
