#ifndef COLLECT_UNIT_H
#define COLLECT_UNIT_H
#include "config/config.h"
#include "obs/obs.h"
#include "sources/cache.h"
#include "sources/fetch.h"
#include "sources/openalex.h"

/*
 * Inside collect/: what its modules share. A unit is one page of a source
 * (the whole source when it is not paged); plan.c makes the units and
 * fetches the due ones, record.c extracts bytes into a unit's source
 * record with its provenance, lastgood.c keeps and falls back to the last
 * good copy (the cache, then the bundled snapshot), collect.c runs each
 * unit end to end.
 *
 * Every step that can fail returns 0 or its class (util/err.h) as the
 * step below it raised it; unit_failed is where a failure is said and the
 * class lands in the source record.
 */
struct source_opts;

/* PLAN_OVER_BUDGET: due, but its source spent max_requests this run (group.c) */
enum plan { PLAN_READ, PLAN_FETCH, PLAN_TTL, PLAN_OVER_BUDGET };

struct unit {
	const struct source *s;
	int year;		/* the page's year; 0 when not paged */
	struct buf url, snapshot, cache;	/* expanded; empty when none */
	struct buf request;	/* openalex-group: url with mailto and the key (requests only) */
	struct cache_meta meta;
	bool have_meta;
	enum plan plan;
	struct fetch_req req;
	/* set by unit_extract_fresh when the body fell short of its expectations */
	bool implausible, row_missing;	/* row_missing: no row matched the university */
	size_t good_values, fresh_values;	/* values (not null) of each copy */
	size_t requests;	/* openalex-group: requests this unit made (group.c) */
};

struct run {
	const struct config *cfg;
	const struct source_opts *o;
	struct obs_table *t;
	long long now;
};

/* plan.c */
struct unit *units_make(const struct config *cfg, const struct source_opts *o,
			size_t *n);
void units_release(struct unit *v, size_t n);
/* Decides which units to fetch and fetches them all at once. */
void units_fetch(struct run *r, struct unit *v, size_t n);
/* "intlkpi/VERSION (+mailto:contact_email)" into out. */
void collect_user_agent(const struct config *cfg, struct buf *out);

/* record.c */
/* A notice under intlkpi fetch, a debug line otherwise. */
__attribute__((format(printf, 2, 3)))
void collect_say(const struct run *r, const char *fmt, ...);
/* "5 min", "3 days": an age for messages, into out (reset). */
void collect_age_text(long long secs, struct buf *out);
void collect_set_str(char **dst, const char *v);
/* Sets the record idx's size, fetched_at and state. */
void unit_provenance(struct run *r, size_t idx, long long bytes,
		     long long fetched_at, enum source_state state);
/*
 * Extracts data into t's record idx, nothing else: 0 or the extractor's
 * failure with err. What the extractor noticed is said; on success its
 * warnings (and one for text that is not UTF-8) are the record's too.
 */
int unit_extract_into(struct run *r, struct unit *u, struct obs_table *t,
		      size_t idx, const char *data, size_t len, const char *name,
		      struct buf *err);
/* Extracts data into the unit's record idx; on success fills provenance (failure: as unit_extract_into). */
int unit_extract(struct run *r, struct unit *u, size_t idx, const char *data,
		 size_t len, const char *name, long long fetched_at,
		 enum source_state state, struct buf *err);
/* A set of OpenAlex pages into the record idx, like unit_extract. */
int unit_extract_set(struct run *r, struct unit *u, size_t idx,
		     const struct oa_set *set, const char *name,
		     long long fetched_at, enum source_state state,
		     struct buf *err);

/* lastgood.c */
/* The cached body (meta read when not yet): 0, or a failure with err. */
int unit_read_cache(struct run *r, struct unit *u, struct buf *body,
		    struct buf *err);
/*
 * A failure of class rc (why): said (errorf), its class in the record idx
 * and the JSON log, then unit_fall_back. A web source's ERR_CONFIG (a
 * column its bytes lack) counts as ERR_DATA: the source changed, not
 * indicators/. Returns -1.
 */
int unit_failed(struct run *r, struct unit *u, size_t idx, const char *why,
		bool cache_ok, int rc);
/* After a failure (why): the last good copy, stale; or failed. Returns -1. */
int unit_fall_back(struct run *r, struct unit *u, size_t idx, const char *why,
	      bool cache_ok);
/* Not fetched: the cache, else the snapshot. 0, or -1 when neither. */
int unit_use_last_good(struct run *r, struct unit *u, size_t idx);
/* Keeps the bytes just read as the last good copy. */
void unit_store(struct run *r, struct unit *u, const char *data, size_t len,
	   long status, const char *etag, const char *last_modified);

/* datafile.c: a json source with "discover" or "paging" (sources/datafile.h) */
bool unit_is_datafile(const struct source *s);
int unit_run_datafile(struct run *r, struct unit *u, size_t idx);

/* group.c: openalex-group */
/* Whether a due unit fits in max_requests (one request per institution at least): 1 when not. */
int group_request(struct run *r, struct unit *u);
/* What each openalex-group source is about to ask, before it does. */
void group_estimate(const struct config *cfg, const struct unit *v, size_t n);
/*
 * The unit end to end: every institution's group_by answer paged by
 * cursor into one document (the cache's and the extractor's), or the last
 * good copy; max_requests counts every request of the source this run.
 */
int run_group(struct run *r, struct unit *u, size_t idx);

/* expect.c */
/* Whether id is among list (n entries). */
bool collect_id_listed(char *const *list, size_t n, const char *id);
/*
 * A freshly read body into the unit's record idx, only when it is
 * plausible against its expectations and its last good copy (the cache;
 * web sources also get the defaults: the university found, no cell of the
 * last good copy lost, some value a number). 0 with the observations
 * added and provenance set (fresh, now); else the extractor's failure, or
 * ERR_DATA when the body is not plausible, with err (nothing added).
 */
int unit_extract_fresh(struct run *r, struct unit *u, size_t idx,
		       const char *data, size_t len, const char *name,
		       struct buf *err);

#endif
