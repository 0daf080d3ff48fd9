#ifndef WORKS_BUILDER_H
#define WORKS_BUILDER_H
#include "works/country.h"
#include "works/oawork.h"
#include "util/buf.h"
#include <stdint.h>

/*
 * One work as every bibliographic format yields it: id, year, and the set
 * of (institution, country) of its authorships, with the set of its
 * countries; and the builder the readers fill per work, with the helpers
 * they share (addresses). Readers call a callback per work;
 * everything a work points to belongs to the reader and stays valid during
 * the callback only.
 */
struct work_inst {
	const char *name;	/* OpenAlex short id ("I123") or an affiliation's institution */
	const char *ror;	/* short ROR id ("05pc6w891") or NULL */
	char country[3];	/* alpha-2, "" when unknown */
	const char *const *lineage;	/* short OpenAlex ids */
	size_t nlineage;
};

struct work {
	const char *id;			/* "" when the record has none */
	int year;			/* 0 when unknown */
	const char (*countries)[3];	/* distinct, sorted */
	size_t ncountries;
	const struct work_inst *inst;	/* distinct by name, sorted */
	size_t ninst;
	const char *const *unknown;	/* country strings not recognised */
	size_t nunknown;
	uint64_t line;			/* line (or record) where the work starts */
	bool numbered;			/* line is the work's number in a JSON document */
	/* what the Leiden indicators read (OpenAlex JSON; other formats: 0, NULL) */
	uint32_t nauthors;		/* authorships */
	const double *share;		/* per institution: its share of the work by author */
	unsigned cwts;			/* WORK_CWTS_* */
	uint64_t source;		/* the primary location's source number, 0 when none */
	/* OpenAlex records: authorships without an institution id, and without
	 * any country (their own or their institutions'); 0 for other formats */
	uint32_t auth_no_inst, auth_no_country;
};

/* The CWTS criteria of a work (docs/works.md, "Publications"). */
#define WORK_CWTS_KNOWN 1u	/* the fields were read (an OpenAlex work, Leiden wanted) */
#define WORK_CWTS_ALL 2u	/* in CWTS's all-publications set */
#define WORK_CWTS_CORE 4u	/* meets every core criterion but the core source list */

typedef int (*work_fn)(const struct work *w, void *arg);	/* nonzero stops */

/* What a read saw besides works; the first few bad lines are kept. */
#define WORKS_BAD_KEPT 5
struct works_read_stats {
	uint64_t lines, works, blank, malformed, too_long;
	uint64_t duplicates;		/* works repeating a record id read before (works/seen.h) */
	uint64_t bad_lines[WORKS_BAD_KEPT];
	unsigned nbad;
};
void works_stats_bad(struct works_read_stats *st, uint64_t line);

/* The builder readers fill per work (internal to the readers). */
struct work_builder {
	struct buf arena;
	struct buf id;
	int year;
	uint64_t line;
	bool numbered;
	uint32_t auth_no_inst, auth_no_country;
	char (*cc)[3];
	size_t ncc, acc;
	struct wb_inst {
		size_t name, ror, lineage, nlineage;	/* offsets; ror SIZE_MAX when none */
		char country[3];
	} *in;
	size_t nin, ain;
	size_t *lin;		/* lineage string offsets */
	size_t nlin, alin;
	size_t *unk;		/* unknown country string offsets */
	size_t nunk, aunk;
	double *share;		/* per wb_inst: its share by author (work_from_openalex) */
	size_t ashare;
	uint32_t nauthors;
	unsigned cwts;
	uint64_t source;
	double *out_share;
	size_t aout_share;
	void *fin;		/* wb_finish's scratch */
	size_t afin;
	size_t *auth_at;	/* work_from_openalex: per authorship its first wb_inst */
	size_t aauth_at;
	struct wb_aff { const char *raw; size_t len; } *aff;	/* distinct affiliations */
	size_t aaff;
	struct wb_affid { size_t aff; const char *id; size_t len; size_t inst; } *affid;
	size_t aaffid;
	size_t *mine;		/* an authorship's distinct affiliations */
	size_t amine;
	/* country_code_valid of two capitals, remembered for ct as it was */
	const struct country_table *cc_table;
	bool cc_leiden;
	signed char cc_known[26 * 26];	/* 0 not asked, 1 valid, -1 not */
	char cc_code[26 * 26][2];
	/* what wb_finish hands out */
	struct work w;
	struct work_inst *out_in;
	size_t aout_in;
	const char **ptrs;
	size_t aptrs;
};

void wb_init(struct work_builder *b);
void wb_release(struct work_builder *b);
void wb_reset(struct work_builder *b);
void wb_country(struct work_builder *b, const char code[3]);
void wb_unknown(struct work_builder *b, const char *s, size_t len);
/* Returns the institution's index; ror may be NULL. */
size_t wb_inst(struct work_builder *b, const char *name, size_t len,
	       const char *ror, size_t ror_len, const char country[3]);
const struct work *wb_finish(struct work_builder *b);

/* OpenAlex work record -> builder (countries with the fallback rule). */
void work_from_openalex(struct work_builder *b, const struct oa_work *ow,
			const struct country_table *ct);

/* Adds one address (Scopus, WoS): its institution and country. */
void work_add_address(struct work_builder *b, const struct country_table *ct,
		      const char *addr, size_t len, int first_part);

#endif
