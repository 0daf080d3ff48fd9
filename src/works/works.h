#ifndef WORKS_WORKS_H
#define WORKS_WORKS_H
#include "util/buf.h"
#include "util/hmap.h"
#include "works/instrec.h"
#include "works/work.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The co-authorship aggregate, full counting, per subject and year. A
 * subject is an institution of an --institutions list (a work is its when
 * one of the work's institutions has that OpenAlex id or ROR id, or has it
 * in its lineage), every institution seen (--institutions all), or,
 * without a list, "*": every work (an export of one university). Sums
 * only, so aggregates of any split of the input add up exactly to the
 * aggregate of all of it (works_agg_merge, the partial format), and every
 * indicator, the Leiden ones and their intervals included, is computed
 * from the sums at output. Definitions are in docs/works.md. The aggregate
 * owns its memory; the institution records it uses are borrowed.
 */

/* Which institutions are subjects. */
enum works_mode {
	WORKS_ONE,	/* no list: the one subject "*", every work */
	WORKS_LIST,	/* the ids of an --institutions list */
	WORKS_EVERY,	/* --institutions all: every institution id seen (own or lineage) */
};

struct works_opts {
	int year_from, year_to;	/* 0: open */
	char home[3];		/* the subject's country when no institution of a work gives it */
	bool leiden;		/* Hong Kong and Macao as China (recorded only) */
};

#define WORKS_IRN_WINDOW 5	/* years, ending with the year reported */
#define WORKS_IRN_MIN 3		/* joint works for a partner to count */
#define WORKS_LEIDEN_WINDOW 4	/* Leiden Ranking periods: 4 years */
#define WORKS_NEAR_KM 100.0	/* PP(<100 km) */
#define WORKS_FAR_KM 5000.0	/* PP(>5000 km) */
#define WORKS_MAX_SUBJECTS (1u << 20)	/* the key layout's bound */
/* Fractional counts in units of 1/WORKS_FRAC_UNIT: exact for works of up
 * to 16 institutions (720720 = lcm(1..16)), integer sums merge exactly. */
#define WORKS_FRAC_UNIT (720720ull << 20)

struct works_row {
	uint64_t works, intl, collab;
	uint64_t industry;	/* with a company that is not the subject's own (records) */
	uint64_t located, near, far;	/* distance known, < 100 km, > 5000 km (records) */
	uint64_t frac;		/* fractional count, WORKS_FRAC_UNIT per whole work */
};

/* Subject filters of --institutions all (need institution records). */
struct works_filter {
	char type[32];		/* "" or an OpenAlex institution type */
	char country[3];	/* "" or alpha-2 */
};

struct works_agg {
	struct works_opts o;
	bool all;			/* the single subject "*" (mode WORKS_ONE) */
	enum works_mode mode;
	int window;			/* Leiden outputs: years per window (0: WORKS_LEIDEN_WINDOW) */
	bool fractional;		/* Leiden outputs: P fractionally counted */
	struct works_filter filter;
	const struct inst_records *rec;	/* borrowed; NULL without --institution-records */
	uint64_t rec_digest;		/* of rec (partials keep it when rec is gone) */
	bool has_rec;
	struct strtab subjects;		/* subject ids as listed (short form) */
	struct strtab keys;		/* matching ids -> key_subject */
	uint32_t *key_subject;
	size_t akey;
	uint32_t *subject_ror;		/* per subject: into rors (smallest seen), or UINT32_MAX */
	size_t asror;
	struct strtab rors;
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
	uint64_t too_many_subjects;	/* institution ids left out: past WORKS_MAX_SUBJECTS */
	/* scratch of works_agg_add (one aggregate per thread) */
	struct works_hit { uint32_t subject, inst; } *hits;
	size_t ahits;
	unsigned char *own, *company;
	size_t aown, acompany;
	const struct inst_rec **recs;	/* per institution of the work: its record */
	size_t arecs;
	uint32_t *pid;			/* per institution of the work: partner number */
	size_t apid;
};

void works_agg_init(struct works_agg *a, const struct works_opts *o);
void works_agg_release(struct works_agg *a);
/*
 * Adds a subject: an OpenAlex id ("I123", "https://openalex.org/I123") or a
 * ROR id ("05pc6w891", "https://ror.org/05pc6w891"). Without any, the
 * aggregate has the one subject "*". Returns -1 for an empty id.
 */
int works_agg_add_subject(struct works_agg *a, const char *id);
/* A list of subjects, empty until works_agg_add_subject (the partial reader). */
void works_agg_list(struct works_agg *a);
/* --institutions all: every institution seen is a subject (filtered by f
 * on the records' type and country when f is not NULL). */
void works_agg_every(struct works_agg *a, const struct works_filter *f);
/* Institution records (borrowed, must outlive a): types, coordinates, ROR. */
void works_agg_set_records(struct works_agg *a, const struct inst_records *rec);
/* Makes dst's subjects and options those of src (a worker's or merge's start). */
void works_agg_init_like(struct works_agg *dst, const struct works_agg *src);
/* Counts one work (a work_fn: pass the aggregate as arg). */
int works_agg_add(const struct work *w, void *agg);
/* Adds src into dst; -1 with err when their options or subjects differ. */
int works_agg_merge(struct works_agg *dst, const struct works_agg *src,
		    struct buf *err);
/* Low-level adders (the partial reader): subject number, year, sums. */
void works_agg_row(struct works_agg *a, uint32_t s, int y, const struct works_row *r);
void works_agg_subject_ror(struct works_agg *a, uint32_t s, const char *ror);
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
	uint64_t industry, located, near, far, frac;	/* as in works_row */
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
/*
 * The aggregate grouped once (result.c): its tables sorted by subject and
 * year and the subjects in id order, so that every subject's result
 * together costs one sort of the aggregate, and one result the size of
 * that subject's data. Borrows from a, which must not change meanwhile.
 */
struct works_index {
	const struct works_agg *a;
	uint32_t *order;		/* subject numbers in id order */
	uint64_t *rows, *ccs, *pairs;	/* the maps' keys, sorted */
	size_t *row_at, *cc_at, *pair_at;	/* per subject number: first key; [n] the end */
	/* scratch of works_index_result */
	struct works_pair_ent { uint32_t partner; int year; uint64_t n; } *pe;
	size_t ape;
};
void works_index_build(struct works_index *ix, const struct works_agg *a);
void works_index_release(struct works_index *ix);
/* Subject i in id order; the result borrows from the aggregate. */
void works_index_result(struct works_index *ix, size_t i, struct works_result *r);
/* Subject i's ROR id: the records' one, else the smallest seen; or NULL. */
const char *works_index_ror(const struct works_index *ix, size_t i);
/* One subject without an index: costs a whole index build (one-off use only). */
void works_agg_result(const struct works_agg *a, size_t i, struct works_result *r);
void works_result_release(struct works_result *r);

/*
 * Leiden Ranking collaboration indicators of one subject over the years
 * from..to (leiden.c; definitions in docs/works.md). PP values and their
 * stability intervals (a bootstrap of 1000 resamples of the subject's
 * works with a fixed seed per indicator) are NAN when undefined; the
 * records-based ones are NAN without institution records.
 */
#define WORKS_BOOTSTRAP 1000
#define WORKS_BOOT_STREAMS 5	/* collab, int collab, industry, < 100 km, > 5000 km */
struct works_boot {
	double u_lo[WORKS_BOOT_STREAMS], u_hi[WORKS_BOOT_STREAMS];	/* 26th, 975th smallest */
};
void works_boot_init(struct works_boot *b);
uint64_t works_boot_seed(unsigned indicator);
void works_boot_interval(const struct works_boot *b, unsigned indicator, uint64_t n,
			 uint64_t k, double *lo, double *hi);
struct works_pp {
	uint64_t n, k;			/* works it is over, works with the property */
	double pp, lo, hi;		/* k / n and its 95% stability interval */
};
struct works_leiden {
	int from, to;
	uint64_t p;
	double p_frac;
	struct works_pp collab, intl, industry, near, far;
	bool has_records;
};
void works_leiden(const struct works_result *r, int from, int to, bool has_records,
		  const struct works_boot *b, struct works_leiden *l);

/* Output (output.c): deterministic, so equal aggregates give equal bytes. */
enum works_output { WORKS_OUT_JSON, WORKS_OUT_CSV, WORKS_OUT_CSV_COUNTRIES,
		    WORKS_OUT_CSV_PARTNERS, WORKS_OUT_LEIDEN, WORKS_OUT_LEIDEN_JSON };
/* An output option of works and merge: "format", "window" (years per
 * Leiden window) or "counting" (full, fractional) into fmt or a; -1 with err. */
int works_output_option(const char *name, const char *arg, enum works_output *fmt,
			struct works_agg *a, struct buf *err);
void works_write(const struct works_agg *a, enum works_output fmt, struct buf *out);
/*
 * The same bytes handed to fn in pieces of about 1 MiB (at subject
 * boundaries; out is the buffer it uses), so that writing does not hold
 * the whole output. -1 when fn returned nonzero (writing stopped).
 */
typedef int (*works_flush_fn)(void *arg, const char *data, size_t len);
int works_write_to(const struct works_agg *a, enum works_output fmt, struct buf *out,
		   works_flush_fn fn, void *arg);
void works_write_partial(const struct works_agg *a, struct buf *out);
/* Numbers of the unknown country strings in sorted order (caller frees). */
uint32_t *works_unknown_order(const struct works_agg *a);
/*
 * Reads a partial into a (which must be freshly initialised: its options
 * and subjects come from the partial). -1 with err naming path and line.
 */
int works_read_partial(struct works_agg *a, const char *data, size_t len,
		       const char *path, struct buf *err);

#endif
