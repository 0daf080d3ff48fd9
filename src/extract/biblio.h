#ifndef EXTRACT_BIBLIO_H
#define EXTRACT_BIBLIO_H
#include "extract/extract.h"
#include "works/works.h"

/*
 * Bibliographic sources: the work-level reader's results per year
 * (works.h) turned into the observations that a source's metrics name
 * (docs/configuration.md, "Bibliographic kinds"). openalex-jsonl,
 * scopus-csv and wos are exports of the university read whole;
 * openalex-works (openalex.h) adds the peers.
 */

/*
 * An export of the university (openalex-jsonl, scopus-csv, wos; gzip
 * is inflated first) into observations of record src, all or nothing.
 * A file without works fails: it is not the export it should be.
 */
int extract_works(const struct extract_ctx *x, const char *data, size_t len,
		  struct obs_table *t, size_t src, struct buf *err);

/*
 * Adds to x the observations of r for the metrics of s: those of the
 * university when peer is NULL, else those "of": "peers", keyed by peer.
 * With from..to (0: the years r has), a year without works has 0 works,
 * 0 international and 0 collaborative works.
 */
void works_observe(const struct source *s, const struct works_result *r,
		   const char *peer, int from, int to, struct extract_tmp *x);

/* What the reader skipped in name (bad records, unknown countries), as warnings into ns. */
void works_report(const struct works_agg *a, const char *name, struct notes *ns);

/* Inflates gzip data (concatenated members too) into out, at most max bytes. */
int works_gunzip(const char *data, size_t len, size_t max, const char *name,
		 struct buf *out, struct buf *err);

#endif
