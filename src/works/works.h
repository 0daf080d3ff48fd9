#ifndef WORKS_WORKS_H
#define WORKS_WORKS_H
#include "util/buf.h"
#include "util/hmap.h"
#include "works/work.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The co-authorship aggregate, full counting, per subject and year. A
 * subject is an institution of an --institutions list (a work is its when
 * one of the work's institutions has that OpenAlex id or ROR id, or has it
 * in its lineage), or, without a list, "*": every work (an export of one
 * university). Sums only, so aggregates of any split of the input add up
 * exactly to the aggregate of all of it (works_agg_merge, the partial
 * format). Definitions are in docs/works.md. The aggregate owns its memory.
 */
struct works_opts {
	int year_from, year_to;	/* 0: open */
	char home[3];		/* the subject's country when no institution of a work gives it */
	bool leiden;		/* Hong Kong and Macao as China (recorded only) */
};

#define WORKS_IRN_WINDOW 5	/* years, ending with the year reported */
#define WORKS_IRN_MIN 3		/* joint works for a partner to count */

struct works_row {
	uint64_t works, intl, collab;
};

struct works_agg {
	struct works_opts o;
	bool all;			/* the single subject "*" */
	struct strtab subjects;		/* subject ids as listed (short form) */
	struct strtab keys;		/* matching ids -> key_subject */
	uint32_t *key_subject;
	size_t akey;
	struct strtab partners;		/* partner institutions */
	char (*partner_cc)[3];		/* smallest country seen per partner */
	size_t apartner;
	struct u64map rowix;		/* (subject, year) -> index into rows */
	struct works_row *rows;
	size_t nrows, arows;
	struct u64map countries;	/* (subject, year, country) -> works */
	struct u64map pairs;		/* (subject, year, partner) -> works */
	struct strtab unknown;		/* country strings not recognised */
	uint64_t *unknown_n;
	size_t aunknown;
	struct works_read_stats st;
	uint64_t no_year, out_of_range;
};

void works_agg_init(struct works_agg *a, const struct works_opts *o);
void works_agg_release(struct works_agg *a);
/*
 * Adds a subject: an OpenAlex id ("I123", "https://openalex.org/I123") or a
 * ROR id ("05pc6w891", "https://ror.org/05pc6w891"). Without any, the
 * aggregate has the one subject "*". Returns -1 for an empty id.
 */
int works_agg_add_subject(struct works_agg *a, const char *id);
/* Counts one work (a work_fn: pass the aggregate as arg). */
int works_agg_add(const struct work *w, void *agg);
/* Adds src into dst; -1 with err when their options or subjects differ. */
int works_agg_merge(struct works_agg *dst, const struct works_agg *src,
		    struct buf *err);
/* Low-level adders (the partial reader): subject number, year, sums. */
void works_agg_row(struct works_agg *a, uint32_t s, int y, const struct works_row *r);
void works_agg_country(struct works_agg *a, uint32_t s, int y, const char cc[3],
		       uint64_t n);
void works_agg_pair(struct works_agg *a, uint32_t s, int y, const char *name,
		    const char cc[3], uint64_t n);
void works_agg_unknown(struct works_agg *a, const char *s, uint64_t n);
/* Adds a reader's statistics (lines, malformed, ...). */
void works_agg_add_stats(struct works_agg *a, const struct works_read_stats *st);

/* Results of one subject, per year (what a source runner turns into observations). */
struct works_count {
	const char *key;	/* country code or partner institution (borrowed) */
	char country[3];	/* the partner's country */
	uint64_t works;
};

struct works_year {
	int year;
	uint64_t works, works_intl, works_collab;
	double share_intl, p_collab;	/* NAN when works is 0 */
	int irn_from, irn_to;
	uint64_t irn_partners, irn_countries;	/* P and L */
	double irn;			/* L / ln(P); NAN when P <= 1 */
	struct works_count *countries;	/* partner countries, most works first */
	size_t ncountries;
	struct works_count *partners;	/* international partner institutions */
	size_t npartners;
};

struct works_result {
	const char *subject;	/* borrowed from the aggregate */
	struct works_year *years;
	size_t nyears;
};

size_t works_agg_nsubjects(const struct works_agg *a);
/* Subject i in sorted order; the result borrows from a. */
void works_agg_result(const struct works_agg *a, size_t i, struct works_result *r);
void works_result_release(struct works_result *r);

/* Output (works_io.c): deterministic, so equal aggregates give equal bytes. */
enum works_output { WORKS_OUT_JSON, WORKS_OUT_CSV, WORKS_OUT_CSV_COUNTRIES,
		    WORKS_OUT_CSV_PARTNERS };
int works_output_parse(const char *name, enum works_output *out);
void works_write(const struct works_agg *a, enum works_output fmt, struct buf *out);
void works_write_partial(const struct works_agg *a, struct buf *out);
/*
 * Reads a partial into a (which must be freshly initialised: its options
 * and subjects come from the partial). -1 with err naming path and line.
 */
int works_read_partial(struct works_agg *a, const char *data, size_t len,
		       const char *path, struct buf *err);

/*
 * For a source runner: every work of one file (any format) of one
 * university, whose country is home, summarised per year (subject "*").
 * ct may be NULL (the iso-codes table is loaded). Returns 0 with r filled
 * (release with works_summary_release), or -1 with err.
 */
struct works_summary {
	struct works_agg agg;
	struct works_result r;
};
int works_summarise_file(const char *path, enum works_format fmt,
			 const char home[3], const struct country_table *ct,
			 struct works_summary *s, struct buf *err);
void works_summary_release(struct works_summary *s);

#endif
