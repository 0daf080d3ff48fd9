#ifndef COLLECT_COLLECT_H
#define COLLECT_COLLECT_H
#include "config/config.h"
#include "obs/obs.h"
#include <stdbool.h>

/*
 * Running the configured sources: getting each one's raw bytes (a local
 * file, a fetch, the cache, the bundled snapshot), recording provenance
 * (path or URL, sha256, when fetched) and extracting its observations.
 * A paged source (with "years") is one unit per page, each with its own
 * source record in the table. A unit that fails falls back to its last
 * good copy (the cache, then the snapshot) and is stale, or failed when
 * there is none; it is logged and the others go on.
 */
struct source_opts {
	const char *out_dir;	/* the cache is OUT_DIR/cache; NULL: no cache */
	bool network;		/* fetch the web sources that are due */
	bool force;		/* fetch even when the cached copy is within its ttl */
	bool fetch_only;	/* intlkpi fetch: refresh the cache, skip unselected sources */
	char *const *only;	/* fetch these source ids only; NULL: every source */
	size_t nonly;
	/* take these sources' fresh bodies even when they fall short of
	   their expectations (fetched now, whatever their ttl) */
	char *const *accept;
	size_t naccept;
};

/*
 * Runs the sources into t (sorted at the end). Returns the number of
 * sources that are stale or failed.
 */
int sources_run(const struct config *cfg, const struct source_opts *o,
		struct obs_table *t);
/*
 * Runs one source into t (unsorted) without network or cache: its local
 * file, or its snapshot. Returns 1 when it is stale or failed (logged),
 * else 0, as sources_run counts.
 */
int source_run_one(const struct config *cfg, const struct source *s,
		   struct obs_table *t);

/*
 * What 'intlkpi check' asks of a source beyond its configuration: its
 * local file, or else its snapshot (each page's), is readable and
 * extracts (every column it names is in the header). Opens no connection
 * and logs nothing: 0, or its failure (util/err.h: ERR_CONFIG for a file
 * or a column that is not there) with err.
 */
int source_check(const struct config *cfg, const struct source *s, struct buf *err);

#endif
