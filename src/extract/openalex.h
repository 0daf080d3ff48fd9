#ifndef EXTRACT_OPENALEX_H
#define EXTRACT_OPENALEX_H
#include "config/config.h"
#include "obs/obs.h"
#include "util/buf.h"
#include "util/notes.h"
#include <stdbool.h>

/*
 * The observations of an openalex-works source: its /works pages, fetched
 * and kept whole by sources/openalex.h, read per institution by the
 * work-level reader (docs/works.md). The views borrow everything.
 */
struct oa_pages {
	const char *id;		/* short OpenAlex id, "I123" */
	const char *home;	/* its country ("" when unknown): partners are the others */
	bool peer;		/* keyed by id (a metric "of": "peers"), else the university's */
	const struct buf *pages;	/* /works pages in cursor order */
	size_t npages;
};

/*
 * The works of each institution of v[0..n) into observations of record
 * src of t, all or nothing: -1 with err (naming name, the institution and
 * the page) and t unchanged. What the reader skipped goes into ns.
 */
int extract_openalex(const struct source *s, const struct oa_pages *v, size_t n,
		     const char *name, struct obs_table *t, size_t src,
		     struct notes *ns, struct buf *err);

#endif
