/* Scopus CSV exports (new and old formats): their layout for read_csv.c. */
#include "works/readers.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* A whole number 1..9999 ("2021"), else 0. */
static int scopus_year(const char *s)
{
	char *end;
	long y = strtol(s, &end, 10);

	return end != s && !*end && y > 0 && y < 10000 ? (int)y : 0;
}

/*
 * "a; b; c" -> each entry to work_add_address; with names ("Name A.,
 * Affiliation; Name B., Affiliation") the part before the first comma of
 * each entry is dropped.
 */
static void add_entries(struct work_builder *b, const struct country_table *ct,
			const char *s, int names)
{
	while (*s) {
		const char *semi = strstr(s, "; ");
		size_t l = semi ? (size_t)(semi - s) : strlen(s);
		const char *comma = names ? memchr(s, ',', l) : NULL;
		if (!names)
			work_add_address(b, ct, s, l, 0);
		else if (comma)
			work_add_address(b, ct, comma + 1, l - (size_t)(comma + 1 - s), 0);
		s = semi ? semi + 2 : s + l;
	}
}

static void scopus_row(struct work_builder *b, const struct country_table *ct,
		       const char *const cell[EC_N])
{
	buf_addstr(&b->id, cell[EC_ID]);
	if (*cell[EC_ADDR])
		add_entries(b, ct, cell[EC_ADDR], 0);
	else
		add_entries(b, ct, cell[EC_ADDR_AUTH], 1);
}

static const struct export_layout scopus = {
	.what = "a Scopus CSV export",
	.needs = "the columns 'Year' and 'Affiliations'",
	.cols = {
		[EC_ID] = (const char *const[]){ "EID", NULL },	/* the record id: a DOI or title may be shared */
		[EC_YEAR] = (const char *const[]){ "Year", "PY", NULL },
		[EC_ADDR] = (const char *const[]){ "Affiliations", NULL },
		[EC_ADDR_AUTH] = (const char *const[]){ "Authors with affiliations", NULL },
	},
	.need = { 1u << EC_YEAR, 1u << EC_ADDR | 1u << EC_ADDR_AUTH },
	.year = scopus_year,
	.row = scopus_row,
};

int works_read_scopus_csv(const char *data, size_t len, const char *name,
			  const struct country_table *ct, work_fn fn, void *arg,
			  struct works_read_stats *st, struct buf *err)
{
	return works_read_export(data, len, name, &scopus, ct, fn, arg, st, err);
}
