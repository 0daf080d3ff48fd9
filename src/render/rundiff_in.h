#ifndef RENDER_RUNDIFF_IN_H
#define RENDER_RUNDIFF_IN_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The inside of rundiff: the differences of two runs, built by rundiff.c
 * and said by rundiff.c (JSON) and rundiff_text.c (text). Every cJSON
 * pointer is borrowed from the runs' documents.
 */
struct val_change {
	int year;
	double old, new;
};

/* A record in one run only, or changed; either side may be NULL. */
struct change {
	const cJSON *old, *new;
	bool moved;	/* an observation: it feeds a KPI that changed */
};

struct kpi_change {
	const cJSON *old, *new;	/* NULL: the KPI is in one run only */
	struct val_change *vals;
	size_t nvals;
	bool status, forecast;
};

struct rundiff {
	struct kpi_change *k;
	size_t nk, nkpis;
	struct change *o;	/* observations whose value changed */
	size_t no, nobs;
	struct change *s;	/* source pages whose bytes or state changed */
	size_t ns, nsources;
	size_t nmoved;		/* of o, those feeding a changed KPI */
	const cJSON *src_a, *src_b;	/* the runs' "sources" lists (borrowed) */
};

struct run_docs;	/* rundiff.h */
void rundiff_build(const struct run_docs *a, const struct run_docs *b, struct rundiff *d);
void rundiff_release(struct rundiff *d);
/* Whether observation change o feeds KPI change c: a metric of its formula, from its source. */
bool rundiff_feeds(const struct kpi_change *c, const struct change *o);
/* Where a record came from: its url, else its path ("" when neither). */
const char *rundiff_page(const cJSON *x);
/* Both NULL, or both the same string. */
bool rundiff_same_str(const char *a, const char *b);
/*
 * Whether two source states say the same: "fresh" (fetched this run) and
 * "cached" (a copy within its ttl, not fetched) both mean current data, and
 * a nightly run flips between them as the ttl runs out.
 */
bool rundiff_same_state(const char *a, const char *b);

#endif
