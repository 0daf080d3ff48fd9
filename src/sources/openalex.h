#ifndef SOURCES_OPENALEX_H
#define SOURCES_OPENALEX_H
#include "config/config.h"
#include "lang/oaid.h"
#include "sources/fetch.h"
#include "util/buf.h"

/*
 * The openalex-works kind: every work of the university and of each peer
 * in the source's years through the /works API, one query per institution
 * (filter=authorships.institutions.lineage:ID,publication_year:FROM-TO,
 * select=id,publication_year,authorships, per-page, cursor paging from
 * cursor=* along meta.next_cursor until it is null), as a set of pages.
 *
 * A set is used whole or not at all: it is fetched whole (any failed or
 * malformed page fails it), kept whole in the cache (written beside the
 * previous set, then switched to with one atomic rename of set.json) and
 * read whole from the cache or the bundled snapshot
 * (SNAPSHOT/ID/page-N.json, followed by cursor). The API key comes from
 * $OPENALEX_API_KEY and goes into requests only: URLs in messages, logs
 * and the cache have neither the key nor mailto.
 *
 * A set owns its pages; the strings of its institutions are copies.
 */
#define OA_KEY_ENV "OPENALEX_API_KEY"
#define OA_BUDGET_HEADER "X-RateLimit-Remaining"

struct oa_institution {
	char id[OA_ID_MAX];	/* short OpenAlex id, "I123" */
	char home[3];		/* its country: the countries of partners are the others */
	bool peer;
	struct buf *pages;	/* owned, in cursor order */
	char **cursors;		/* owned: the cursor each page was asked with; NULL when read back */
	size_t npages, apages;
};

struct oa_set {
	struct oa_institution *inst;	/* the university (when a metric is of it), then peers */
	size_t n;
};


/* The institutions s asks for, without pages. */
void oa_set_init(struct oa_set *set, const struct profile *p, const struct source *s);
void oa_set_release(struct oa_set *set);
size_t oa_set_pages(const struct oa_set *set);

/*
 * The query of institution id from cursor into out (reset): mailto and key
 * are added when not NULL (requests only; never shown, never stored).
 */
void oa_query_url(const struct source *s, const char *id, const char *cursor,
		  const char *mailto, const char *key, struct buf *out);

/* "&mailto=M&api_key=K" (percent-encoded; either left out when NULL or empty) onto url. */
void oa_add_credentials(struct buf *url, const char *mailto, const char *key);

/*
 * Checks one /works page (a JSON object with a "results" array and "meta"):
 * 0 with *next (owned; NULL on the last page) and *nresults, or -1 with err
 * naming name.
 */
int oa_page_check(const char *data, size_t len, const char *name, char **next,
		  size_t *nresults, struct buf *err);

/*
 * Fetches every page of every institution of set (sequential per cursor;
 * the institutions together, one round of fetch_all per page). A failed
 * page, a page that is not a /works page or a spent quota (the budget
 * header at 0 before the last page) fails the whole set, with err:
 * ERR_NETWORK for a page not fetched or the quota spent, ERR_DATA for a
 * page that is not a /works page to go on from (util/err.h).
 * *requests counts the requests made.
 */
int oa_fetch(struct oa_set *set, const struct source *s, const struct profile *p,
	     const struct fetch_settings *fs, size_t *requests, struct buf *err);

/* The bundled snapshot CFG_DIR/SNAPSHOT/ID/page-N.json; *mtime the newest page's. */
int oa_snapshot_read(struct oa_set *set, const char *cfg_dir,
		     const struct source *s, long long *mtime, struct buf *err);

/*
 * The cached set under dir (OUTPUT/cache/ID): 0 with *fetched_at, 1 when
 * there is none, or -1 when it cannot be used (torn, or fetched for
 * other institutions or years; the endpoint and page size do not matter).
 */
int oa_cache_read(struct oa_set *set, const char *dir, const struct source *s,
		  long long *fetched_at, struct buf *err);
/* When the cached set of s's query was fetched: 0, or -1 when there is none. */
int oa_cache_stamp(const struct profile *p, const struct source *s,
		   const char *dir, long long *fetched_at);
int oa_cache_write(const struct oa_set *set, const char *dir,
		   const struct source *s, long long fetched_at, struct buf *err);

/*
 * The provenance of the set: sha256 and bytes of its pages concatenated in
 * order. Turning the pages into observations is extract/openalex.h's.
 */
void oa_set_digest(const struct oa_set *set, char sha[65], long long *bytes);

#endif
