#ifndef SOURCES_DATAFILE_H
#define SOURCES_DATAFILE_H
#include "config/config.h"
#include "sources/fetch.h"
#include "util/buf.h"
#include <stdbool.h>

/*
 * The data behind a ranking page: a json source with "discover" or
 * "paging" (docs/configuration.md, "Ranking publishers' data").
 *
 * discover: the page (discover_url) is fetched first, conditionally, and
 * kept under CACHE/discover/; the first match of the pattern in it (its
 * first group, or the whole match; "\/" and "&amp;" undone, as pages
 * embed links in JSON and HTML) is "{found}" in the source's url. A
 * relative result is resolved against the page's URL. Only http and https.
 *
 * paging: "{page}" in the url counts from page_first; pages are asked for
 * until the items gathered (the array at page_items) reach the number at
 * page_total of the first page, or a page has no items. The pages are
 * returned as one document: the first page with every page's items in its
 * array, so the json extractor and the cache see one body.
 *
 * The data file itself is asked for conditionally when the cached copy
 * (CACHE/meta.json) is of the same URL and it is not paged.
 */
struct datafile_req {
	const struct source *s;	/* borrowed */
	int year;		/* the page's year; 0 when not paged by year */
	const char *cache_dir;	/* the source's (year's) cache directory; NULL: none */
	const struct fetch_settings *fs;
	long long now;
};

struct datafile {
	struct buf body;	/* the document (empty when not_modified) */
	struct buf url;		/* the data's URL (the first page's when paged) */
	bool not_modified;	/* a 304: the cached copy of url is confirmed */
	long status;
	char *etag, *last_modified;	/* owned; NULL when absent */
	size_t requests;	/* requests made, retries included */
	size_t pages;		/* endpoint pages read (1 when not paged) */
};

void datafile_init(struct datafile *d);
void datafile_release(struct datafile *d);

/*
 * Fetches the data of q: 0 with *out filled, or a failure (util/err.h)
 * with err naming the URL: ERR_NETWORK when the page, the data or a page
 * of the endpoint could not be fetched; ERR_DATA when the page does not
 * link the data as 'discover' expects or an endpoint page is not one.
 */
int datafile_fetch(const struct datafile_req *q, struct datafile *out, struct buf *err);

#endif
