#ifndef WORKS_WORKS_H
#define WORKS_WORKS_H
#include "util/buf.h"
#include "util/hmap.h"
#include "works/core.h"
#include "works/dict.h"
#include "works/instrec.h"
#include "works/wmap.h"
#include "works/work.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The co-authorship aggregate, per subject and year. A subject is an
 * institution of an --institutions list (a work is its when one of the
 * work's institutions has that OpenAlex id or ROR id, or has it in its
 * lineage), every institution seen (--institutions all), or, without a
 * list, "*": every work (an export of one university). Sums only, so
 * aggregates of any split of the input add up exactly to the aggregate of
 * all of it (works_agg_merge, works_index_build over several aggregates,
 * the partial format), and every indicator, the Leiden ones and their
 * intervals included, is computed from the sums at output. Definitions
 * are in docs/works.md. The aggregate owns its memory; the institution
 * records and core sources it uses are borrowed.
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
#define WORKS_SHORT_KM 100.0	/* PP(<= 100 km), CWTS's short-distance collaboration */
#define WORKS_LONG_KM 5000.0	/* PP(>= 5000 km), CWTS's long-distance collaboration */
#define WORKS_MAX_SUBJECTS (1u << 20)	/* the key layout's bound */
#define WORKS_MAX_YEAR 9999
/* Fractional counts in units of 1/WORKS_FRAC_UNIT: exact for shares whose
 * denominators divide 720720 x 2^20 (720720 = lcm(1..16)); a work's share
 * for a subject is rounded once, so integer sums merge exactly. */
#define WORKS_FRAC_UNIT (720720ull << 20)

/* The publication sets of the Leiden rows (CWTS Leiden Ranking Open Edition). */
enum works_pubset {
	WORKS_SET_EVERY,	/* every work read (no criteria): the rows without --core */
	WORKS_SET_CORE,		/* CWTS's core publications (--core) */
	WORKS_SET_ALL,		/* CWTS's "all publications" (--core) */
	WORKS_NSETS,
};

/* The JSON and CSV counts of one subject-year (every work). */
struct works_row {
	uint64_t works, intl, collab;
};

/* The Leiden sums of one subject-year over one publication set. */
struct works_lsum {
	uint64_t p;		/* works */
	uint64_t collab;	/* with an institution outside the subject's lineage, or two countries */
	uint64_t intl;		/* two or more countries (authors' and institutions') */
	uint64_t industry;	/* with a company outside the subject's lineage (records) */
	uint64_t located;	/* collaborative, two or more institutions with coordinates (records) */
	uint64_t short_dist;	/* collaborative, distance <= 100 km (unmeasured: 0, as CWTS) */
	uint64_t long_dist;	/* collaborative, distance >= 5000 km */
	uint64_t frac;		/* by author (CWTS), WORKS_FRAC_UNIT per whole work */
	uint64_t frac_inst;	/* by institution: k / n */
};
#define WORKS_LSUM_FIELDS 9

/* Adds v into x, field by field. */
static inline void works_lsum_add(struct works_lsum *x, const struct works_lsum *v)
{
	x->p += v->p;
	x->collab += v->collab;
	x->intl += v->intl;
	x->industry += v->industry;
	x->located += v->located;
	x->short_dist += v->short_dist;
	x->long_dist += v->long_dist;
	x->frac += v->frac;
	x->frac_inst += v->frac_inst;
}

/* Subject filters of --institutions all (need institution records). */
struct works_filter {
	char type[32];		/* "" or an OpenAlex institution type */
	char country[3];	/* "" or alpha-2 */
};

/* A dense institution id's state as a subject. */
#define WORKS_SUBJ_UNSEEN UINT32_MAX	/* not decided yet (--institutions all) */
#define WORKS_SUBJ_NONE (UINT32_MAX - 1)	/* not a subject */

struct works_agg {
	struct works_opts o;
	bool all;			/* the single subject "*" (mode WORKS_ONE) */
	enum works_mode mode;
	struct works_filter filter;
	const struct inst_records *rec;	/* borrowed; NULL without --institution-records */
	uint64_t rec_digest;		/* of rec (partials keep it when rec is gone) */
	bool has_rec;
	const struct works_core *core;	/* borrowed; NULL without --core */
	uint64_t core_digest;
	bool has_core;
	unsigned nsets;			/* Leiden sums per row: 0 (none kept), 1, or 3 (--core) */
	struct works_dict dict;		/* every institution id seen, listed ids and "*" */
	uint32_t *subj_of;		/* per dense id: subject, WORKS_SUBJ_NONE or _UNSEEN */
	const struct inst_rec **rec_of;	/* per dense id: its record (when rec) */
	uint8_t *rec_known;		/* per dense id: rec_of looked up */
	char (*cc)[3];			/* per dense id: smallest country seen as a partner */
	size_t adense;
	uint32_t *subjects;		/* subject -> dense id of its name */
	uint32_t *subject_ror;		/* per subject: into rors (smallest seen), or UINT32_MAX */
	uint32_t *subject_name;		/* per subject: into names, or UINT32_MAX (a partial's) */
	size_t nsubjects, asubjects;
	struct strtab rors, names;
	struct strtab ror_keys;		/* list mode: listed ids other than OpenAlex ids */
	uint32_t *ror_subject;
	size_t aror;
	struct wmap rowix;		/* (subject, year) -> row */
	struct works_row *rows;
	struct works_lsum *lsum;	/* nsets per row */
	size_t nrows, arows;
	struct wmap countries;		/* (subject, year, country) -> works */
	struct wmap pairs;		/* (subject, year, partner dense id) -> works */
	struct strtab unknown;		/* country strings not recognised */
	uint64_t *unknown_n;
	size_t aunknown;
	struct works_read_stats st;
	uint64_t no_year, out_of_range;
	uint64_t too_many_subjects;	/* institution ids left out: past WORKS_MAX_SUBJECTS */
	uint64_t no_core_fields;	/* --core: works of a format without the criteria's fields */
	/* scratch of works_agg_add (one aggregate per thread) */
	struct works_hit { uint32_t subject, inst; } *hits;
	size_t ahits;
	uint32_t *dense;		/* per institution of the work */
	unsigned char *own, *company;
	size_t ascratch;
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
/* Institution records (borrowed, must outlive a): types, coordinates, ROR, names. */
void works_agg_set_records(struct works_agg *a, const struct inst_records *rec);
/* Core sources (borrowed, must outlive a): the core and all-publication rows. */
void works_agg_set_core(struct works_agg *a, const struct works_core *core);
/* Keeps the Leiden sums (a Leiden output or a partial will be written). */
void works_agg_keep_leiden(struct works_agg *a);
/* Makes dst an empty aggregate with src's options: years, mode and filter,
 * records, core and the Leiden sums kept (no subject; the index's head). */
void works_agg_init_options(struct works_agg *dst, const struct works_agg *src);
/* Makes dst's subjects and options those of src (a worker's or merge's start). */
void works_agg_init_like(struct works_agg *dst, const struct works_agg *src);
/* Counts one work (a work_fn: pass the aggregate as arg). */
int works_agg_add(const struct work *w, void *agg);
/* Adds src into dst; -1 with err when their options or subjects differ. */
int works_agg_merge(struct works_agg *dst, const struct works_agg *src,
		    struct buf *err);
/* Low-level adders (the partial reader): subject number, year, sums. */
void works_agg_row(struct works_agg *a, uint32_t s, int y, const struct works_row *r,
		   const struct works_lsum *l);
void works_agg_subject_ror(struct works_agg *a, uint32_t s, const char *ror);
void works_agg_subject_name(struct works_agg *a, uint32_t s, const char *name);
void works_agg_country(struct works_agg *a, uint32_t s, int y, const char cc[3],
		       uint64_t n);
void works_agg_pair(struct works_agg *a, uint32_t s, int y, const char *name,
		    const char cc[3], uint64_t n);
void works_agg_unknown(struct works_agg *a, const char *s, uint64_t n);
/* Adds a reader's statistics (records, malformed, ...). */
void works_agg_add_stats(struct works_agg *a, const struct works_read_stats *st);
size_t works_agg_nsubjects(const struct works_agg *a);
/* Internal to works/: the dense id of a name or key (added when new, the
 * per dense id arrays grown with the dictionary), the subject of dense id
 * d (added when new). */
uint32_t works_agg_dense(struct works_agg *a, const char *s, size_t len);
uint32_t works_agg_dense_key(struct works_agg *a, uint64_t key);
uint32_t works_agg_new_subject(struct works_agg *a, uint32_t d);
/* The name of subject s (as listed, or the institution's id). */
const char *works_agg_subject_id(const struct works_agg *a, uint32_t s, char tmp[WORKS_DICT_NAME]);

/* Results of one subject, per year (what a source runner turns into observations). */
struct works_count {
	const char *key;	/* country code or partner institution (borrowed) */
	char country[3];	/* the partner's country */
	uint32_t rank;		/* the partner id's place in id order (sorting) */
	uint64_t works;
};

struct works_year {
	int year;
	uint64_t works, works_intl, works_collab;
	struct works_lsum l[WORKS_NSETS];	/* the Leiden sums (zero when not kept) */
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
	const char *subject;	/* borrowed from the index (works_agg_result: owned) */
	struct works_year *years;
	size_t nyears;
};

/*
 * The aggregate(s) grouped once, for output: every source aggregate's
 * tables added up, the subjects in id order and cut into chunks, each
 * chunk's tables sorted by subject, year and key, so that every subject's
 * result together costs one sort of the aggregate, done in parallel
 * (jobs threads) chunk by chunk. Owns everything it needs: the sources may
 * be released once it is built.
 */
struct works_chunk {
	uint32_t first, end;		/* subjects [first, end) in id order */
	uint64_t weight;		/* table entries (planning) */
	struct works_ent { uint64_t key, val; } *ccs, *pairs;
	uint64_t *rowkeys;
	struct works_row *rows;
	struct works_lsum *lsum;
	size_t nrows, nccs, npairs;
	size_t *row_at, *cc_at, *pair_at;	/* per subject of the chunk: first entry; [n] the end */
};

struct works_index {
	struct works_agg head;		/* options, statistics, unknown countries (no tables) */
	size_t nsubjects;
	struct buf names;		/* NUL-terminated ids: subjects' and partners' */
	size_t *subject_name;		/* per subject (id order): into names */
	size_t *subject_ror;		/* per subject: into names, or SIZE_MAX */
	size_t *subject_label;		/* per subject: its name from records, or SIZE_MAX */
	size_t *partner_name;		/* per partner number: into names */
	char (*partner_cc)[3];
	uint32_t *partner_rank;		/* per partner number: rank of its id */
	size_t npartners;
	int year_lo, year_hi;		/* of the rows; 0 when none */
	struct works_chunk *chunks;
	size_t nchunks;
	uint32_t *chunk_of;		/* per subject */
	/* scratch of works_index_result */
	struct works_pair_ent { uint32_t partner; int year; uint64_t n; } *pe;
	size_t ape;
};
/* Builds the index of n aggregates made alike (same options and subjects). */
void works_index_build(struct works_index *ix, const struct works_agg *const *src, size_t n,
		       int jobs);
void works_index_release(struct works_index *ix);
/* Subject i in id order; the result borrows from the index. Not thread-safe
 * for one index (scratch): works_index_result_r takes the scratch. */
void works_index_result(struct works_index *ix, size_t i, struct works_result *r);
struct works_scratch {
	struct works_pair_ent *pe;
	size_t ape;
};
void works_index_result_r(const struct works_index *ix, size_t i, struct works_result *r,
			  struct works_scratch *sc);
/* Subject i's id, ROR id (the records' one, else the smallest seen; or
 * NULL) and name (from the records; or NULL). */
const char *works_index_id(const struct works_index *ix, size_t i);
const char *works_index_ror(const struct works_index *ix, size_t i);
const char *works_index_name(const struct works_index *ix, size_t i);
/* Subject i's rows (a subject with none has no works in the years). */
size_t works_index_nrows(const struct works_index *ix, size_t i);
/* One subject without an index: costs a whole index build (one-off use only). */
void works_agg_result(const struct works_agg *a, size_t i, struct works_result *r);
void works_result_release(struct works_result *r);

/*
 * Leiden Ranking collaboration indicators of one subject over the years
 * from..to and one publication set (leiden.c; definitions in
 * docs/works.md). PP values and their stability intervals (a bootstrap of
 * 1000 resamples of the subject's works with a fixed seed per indicator)
 * are NAN when undefined; the records-based ones are NAN without
 * institution records.
 */
#define WORKS_BOOTSTRAP 1000
#define WORKS_BOOT_STREAMS 5	/* collab, int collab, industry, short, long distance */
struct works_boot {
	double u_lo[WORKS_BOOT_STREAMS], u_hi[WORKS_BOOT_STREAMS];	/* 26th, 975th smallest */
};
void works_boot_init(struct works_boot *b);
uint64_t works_boot_seed(unsigned indicator);
void works_boot_interval(const struct works_boot *b, unsigned indicator, uint64_t n,
			 uint64_t k, double *lo, double *hi);
/*
 * The bootstrap's pieces, which tests/unit/works/test_leiden.c draws the
 * 1000 resamples with: the Binomial(n, k/n) CDF over from..from+len-1
 * (0 < k < n; the caller frees it), the first x whose CDF exceeds u of
 * the total, and the next uniform in [0, 1) of a stream (state: its seed,
 * works_boot_seed, then advanced).
 */
double *works_binom_cdf(uint64_t n, uint64_t k, uint64_t *from, size_t *len);
uint64_t works_binom_invert(const double *cdf, size_t len, uint64_t from, double u);
double works_boot_uniform(uint64_t *state);
struct works_pp {
	uint64_t n, k;			/* works it is over, works with the property */
	double pp, lo, hi;		/* k / n and its 95% stability interval */
};
struct works_leiden {
	int from, to;
	enum works_pubset set;
	uint64_t p, located;
	double p_frac, p_frac_inst;
	struct works_pp collab, intl, industry, short_dist, long_dist;
	bool has_records;
};
void works_leiden(const struct works_result *r, int from, int to, enum works_pubset set,
		  bool has_records, const struct works_boot *b, struct works_leiden *l);
/*
 * The Leiden windows: every run of `len` consecutive years inside the
 * --years range, else inside the years of the works (so a window's row
 * depends on the subject's own works only). first..last are the first
 * years of the windows; 0 in *first when no window fits.
 */
void works_windows(const struct works_index *ix, int len, int *first, int *last);

/* Output (output.c): deterministic, so equal aggregates give equal bytes. */
enum works_output { WORKS_OUT_JSON, WORKS_OUT_CSV, WORKS_OUT_CSV_COUNTRIES,
		    WORKS_OUT_CSV_PARTNERS, WORKS_OUT_LEIDEN, WORKS_OUT_LEIDEN_JSON,
		    WORKS_OUT_PARTIAL };
enum works_counting { WORKS_COUNT_FULL, WORKS_COUNT_FRACTIONAL,
		      WORKS_COUNT_FRACTIONAL_INST };
/* What to write (parsed by the commands, cli/works_cli.c). */
struct works_out {
	enum works_output fmt;
	int window;			/* Leiden: years per window (0: WORKS_LEIDEN_WINDOW) */
	enum works_counting counting;	/* Leiden: how P is counted */
	int jobs;			/* threads formatting (0, 1: this one) */
};
/* Whether fmt needs the Leiden sums. */
bool works_output_leiden(enum works_output fmt);
/*
 * Writes the index as fmt, handing the bytes to fn in order, in pieces of
 * about 1 MiB at most a few per thread ahead (so that writing does not
 * hold the whole output). Returns 0, or -1 when fn returned nonzero
 * (writing stopped).
 */
typedef int (*works_flush_fn)(void *arg, const char *data, size_t len);
int works_write_to(const struct works_index *ix, const struct works_out *wo,
		   works_flush_fn fn, void *arg);
/* The same bytes into out (appended). */
void works_write_index(const struct works_index *ix, const struct works_out *wo,
		       struct buf *out);
/* One aggregate as fmt with the default options into out (tests, one-offs). */
void works_write(const struct works_agg *a, enum works_output fmt, struct buf *out);
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
