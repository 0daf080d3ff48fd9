#ifndef SOURCES_CACHE_H
#define SOURCES_CACHE_H
#include "util/buf.h"

/*
 * The last good copy of each source's raw data: OUTPUT/cache/SOURCE/ (a
 * paged source has one directory per page, OUTPUT/cache/SOURCE/YEAR/)
 * holding `body` and `meta.json`. Only bytes that extracted cleanly are
 * stored, so the copy is always usable; each file is written atomically
 * (body first, then the meta that describes it) and a read checks the
 * body against the meta's sha256, so a copy torn by a crash between the
 * two writes is refused rather than used. Nothing here deletes a copy.
 */
struct cache_meta {
	char *url, *path;	/* where the bytes came from; owned, NULL when none */
	long status;		/* HTTP status of the last response (200, 304); 0 local */
	char *etag, *last_modified;	/* validators for a conditional GET; owned */
	long long fetched_at;	/* unix time the copy was last fetched or confirmed */
	char sha256[65];
	long long bytes;
};

/* The directory of a source's copy (page_year 0: not paged), into out. */
void cache_dir(struct buf *out, const char *out_dir, const char *source,
	       int page_year);
/* Reads DIR/meta.json: 0, or -1 with err (also when there is none). */
int cache_read_meta(const char *dir, struct cache_meta *m, struct buf *err);
/* Reads DIR/body into body (reset) and checks it against m: 0 or -1. */
int cache_read_body(const char *dir, const struct cache_meta *m,
		    struct buf *body, struct buf *err);
/* Stores body and then m (with sha256 and bytes set from body): 0 or -1. */
int cache_write(const char *dir, const char *body, size_t len,
		struct cache_meta *m, struct buf *err);
/*
 * Rewrites meta.json alone (a 304 confirmed the body): 0, or -1 when m
 * has no sha256 (the body's, carried over from its meta) or on a write error.
 */
int cache_write_meta(const char *dir, const struct cache_meta *m,
		     struct buf *err);
void cache_meta_release(struct cache_meta *m);

/* ISO 8601 UTC "2024-01-31T12:00:00Z" to unix time; -1 when malformed. */
long long parse_iso_time(const char *s);

#endif
