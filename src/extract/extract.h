#ifndef EXTRACT_EXTRACT_H
#define EXTRACT_EXTRACT_H
#include "config/config.h"
#include "obs/obs.h"
#include "util/buf.h"
#include "util/notes.h"

/*
 * What the extractors of one document (extract_json, extract_html_table,
 * extract_html_list, extract_openalex_group, extract_works) share: its
 * context, matching the university's name, a cell's value, and adding the
 * observations all or nothing.
 *
 * Every extractor returns 0, or a failure of util/err.h with err set:
 * ERR_CONFIG when a column the source names is not in the document's
 * header, ERR_DATA for anything else the bytes get wrong.
 */
struct extract_ctx {
	const struct source *s;
	const struct profile *profile;
	const char *name;	/* the document as shown in messages: path or URL */
	int page_year;		/* the page's year; 0 when the source has one page */
	struct notes *notes;	/* what the extractor noticed without failing; the runner says it */
};

/* The university's name and aliases, normalised (textnorm_name). */
struct univ_names {
	char **v;
	size_t n;
};

void univ_names_init(struct univ_names *u, const struct profile *p);
/* A peer's name and aliases, the same way. */
void univ_names_init_peer(struct univ_names *u, const struct peer *p);
void univ_names_release(struct univ_names *u);
/*
 * 2 when text names the university (equal after normalisation), 1 when it
 * starts with one of its names followed by more words ("Karaganda Medical
 * University Karaganda, Kazakhstan"), 0 otherwise.
 */
int univ_match(const struct univ_names *u, const char *text);

/*
 * The number in text for metric m: a rank band's pick when m->rank is
 * set, else a number (decimal and thousands as in csv_parse_number).
 * 1 with *out set, 0 for null (an empty cell, "—" as a rank), -1 with err
 * saying what was found.
 */
int extract_number(const struct metric_map *m, const char *text, char decimal,
		   char thousands, double *out, struct buf *err);

/* Appends untrusted text for a message: at most 60 bytes, whole characters. */
void extract_add_shown(struct buf *out, const char *text);

/* The first year 1900-2200 written as four digits in text, or 0. */
int extract_year(const char *text);

/*
 * Observations found in one document, kept until it has been read whole.
 * score says how well the row named the university (univ_match; 0 when
 * the source has no 'match'): for each year only the best-scoring rows
 * count.
 */
struct extract_tmp {
	struct obs_table t;
	int *score;
	unsigned *group;	/* whose row: 0 the university's, 1 + i peer i's */
	size_t ascore, agroup;
};

void extract_tmp_init(struct extract_tmp *x);
void extract_tmp_add(struct extract_tmp *x, const char *metric, int year,
		     const char *key, double value, int line, int score);
/* The same for rows of group (1 + peer index): the best rows are chosen per year and group. */
void extract_tmp_add_group(struct extract_tmp *x, const char *metric, int year,
			   const char *key, double value, int line, int score,
			   unsigned group);
/*
 * Moves the observations into t under source index src after checking
 * that no two share metric, year and key (err names both lines, prefixed
 * by name). t is untouched on error. Releases x either way.
 */
int extract_tmp_commit(struct extract_tmp *x, const char *name,
		       struct obs_table *t, size_t src, struct buf *err);
void extract_tmp_release(struct extract_tmp *x);

#endif
