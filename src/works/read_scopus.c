/* Scopus CSV exports (new and old formats) and the address helpers. */
#include "util/csv.h"
#include "works/work.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static int has_word(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && (s[i + k] | 0x20) == w[k])
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/*
 * The institution of an address: with first_part (Web of Science, which
 * puts it first) the first ", " part; otherwise (Scopus, which starts with
 * departments) the first part naming a university, else the first naming
 * an institute, academy, hospital, college, centre, school, ..., else the
 * first part. The country (last part) is never chosen unless alone.
 */
void work_affiliation_institution(const char *addr, size_t len, int first_part,
				  const char **name, size_t *name_len)
{
	static const char *const rank1[] = { "univ" };
	static const char *const rank2[] = { "institut", "inst ", "academ", "acad ",
		"hospital", "hosp ", "college", "coll ", "centre", "center", "ctr ",
		"school", "laborator", "lab ", "clinic", "foundation", "ministry",
		"council", "agency", "company", "corporation", "ltd", "inc" };
	const char *parts[64];
	size_t lens[64], n = 0;
	const char *p = addr, *e = addr + len;

	while (p < e && n < 64) {
		const char *c = p;
		while (c < e && *c != ',')
			c++;
		while (p < c && *p == ' ')
			p++;
		parts[n] = p;
		lens[n] = (size_t)(c - p);
		while (lens[n] && (p[lens[n] - 1] == ' ' || p[lens[n] - 1] == '.'))
			lens[n]--;
		n++;
		p = c < e ? c + 1 : e;
	}
	*name = addr;
	*name_len = 0;
	if (!n)
		return;
	*name = parts[0];
	*name_len = lens[0];
	if (first_part || n == 1)
		return;
	for (int r = 0; r < 2; r++) {
		const char *const *words = r ? rank2 : rank1;
		size_t nw = r ? sizeof(rank2) / sizeof(rank2[0]) : 1;
		for (size_t i = 0; i + 1 < n; i++) {
			for (size_t k = 0; k < nw; k++) {
				if (has_word(parts[i], lens[i], words[k])) {
					*name = parts[i];
					*name_len = lens[i];
					return;
				}
			}
		}
	}
}

void work_add_address(struct work_builder *b, const struct country_table *ct,
		      const char *addr, size_t len, int first_part)
{
	char cc[3] = "";
	const char *tail, *name;
	size_t tail_len, name_len;

	while (len && (addr[0] == ' ' || addr[0] == '\t')) {
		addr++;
		len--;
	}
	if (!len)
		return;
	if (country_from_address(ct, addr, len, cc, &tail, &tail_len))
		wb_country(b, cc);
	else if (tail_len)
		wb_unknown(b, tail, tail_len);
	work_affiliation_institution(addr, len, first_part, &name, &name_len);
	if (name_len)
		wb_inst(b, name, name_len, NULL, 0, cc);
}

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

	csv_init(&c, data, len, ',');
	r = csv_next(&c, err);
	if (r <= 0) {
		if (!r)
			buf_setf(err, "'%s': empty CSV", name);
		csv_release(&c);
		return -1;
	}
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
