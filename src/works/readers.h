#ifndef WORKS_READERS_H
#define WORKS_READERS_H
#include "works/builder.h"
#include <stdbool.h>

/*
 * The readers per format family (read_openalex.c, read_scopus.c,
 * read_wos.c), which the format dispatcher (work.h) calls: every work of
 * data to fn, malformed records counted in st, -1 with err when the input
 * cannot be read.
 */
int works_read_openalex_json(const char *data, size_t len, const char *name,
			     const struct country_table *ct, work_fn fn, void *arg,
			     struct works_read_stats *st, struct buf *err);
int works_read_jsonl_mem(const char *data, size_t len, const char *name,
			 const struct country_table *ct, work_fn fn, void *arg,
			 struct works_read_stats *st, struct buf *err);
int works_read_openalex_csv(const char *data, size_t len, const char *name,
			    const struct country_table *ct, work_fn fn, void *arg,
			    struct works_read_stats *st, struct buf *err);
int works_read_scopus_csv(const char *data, size_t len, const char *name,
			  const struct country_table *ct, work_fn fn, void *arg,
			  struct works_read_stats *st, struct buf *err);
int works_read_wos(const char *data, size_t len, const char *name, int tab,
		   const struct country_table *ct, work_fn fn, void *arg,
		   struct works_read_stats *st, struct buf *err);

/*
 * The one reader of the row-per-work exports (read_csv.c): OpenAlex CSV,
 * Scopus CSV and Web of Science tab-delimited, each described by a layout
 * naming its columns. What every format shares is decided there once:
 * the separator (the layout's, or detected: ',', ';' of an Excel re-save,
 * tab), the header's columns found by name, and which rows are works:
 *
 *   - a row whose cells are all empty is blank (Excel's ",,,"): skipped;
 *   - a row with fewer cells than the header is malformed (cut short);
 *   - cells past the header's last named column must be empty (the
 *     classic Web of Science layout ends every row with a tab); a
 *     non-empty one is malformed (a row run together with the next).
 */
enum export_col {
	EC_ID, EC_YEAR, EC_YEAR2,	/* YEAR2: used when YEAR gives none */
	EC_ADDR, EC_ADDR_AUTH,		/* addresses; "Author, address" list */
	EC_COUNTRIES, EC_INST_ID, EC_INST_NAME,
	EC_N
};

struct export_layout {
	const char *what;		/* "a Scopus CSV export" */
	const char *needs;		/* "the columns 'Year' and 'Affiliations'" */
	const char *const *cols[EC_N];	/* header names per column, NULL-ended; NULL: none */
	unsigned need[2];		/* masks (1u << EC_x): a column of each must be there */
	char delim;			/* 0: detected from the header line */
	bool literal;			/* quotes are text (tab exports never quote) */
	int (*year)(const char *cell);	/* the year of a cell, 0 when none */
	/* fills the work's id, institutions and countries from its cells ("" when absent) */
	void (*row)(struct work_builder *b, const struct country_table *ct,
		    const char *const cell[EC_N]);
};

int works_read_export(const char *data, size_t len, const char *name,
		      const struct export_layout *lay, const struct country_table *ct,
		      work_fn fn, void *arg, struct works_read_stats *st,
		      struct buf *err);
#endif
