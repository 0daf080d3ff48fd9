#ifndef WORKS_CORE_H
#define WORKS_CORE_H
#include "util/buf.h"
#include "works/wmap.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The core sources of the CWTS Leiden Ranking Open Edition (works --core),
 * read from the list CWTS publishes with each edition: the `source` table
 * of its OpenAlex core database (CSV or tab-separated, with a header:
 * source_id, source, source_type, issn_l, is_core_source, n_works,
 * n_core_works), of which the rows with is_core_source 1 (or true) are
 * core; without an is_core_source column every row is. A file without a
 * source_id header is a plain list, one source per line. A source is its
 * OpenAlex number (4210171872), short id (S4210171872) or URL.
 */
struct works_core {
	struct wmap ids;	/* source number -> 1 */
	uint64_t sources;	/* core sources read */
	uint64_t digest;	/* of the sorted numbers (identity of the list) */
};

void works_core_init(struct works_core *c);
void works_core_release(struct works_core *c);
/* Reads path; -1 with err naming the file (and line) when it cannot be
 * read, a row names no source, or no source is core. */
int works_core_load(struct works_core *c, const char *path, struct buf *err);
/* The number of a source id ("S123", its URL, or "123"), 0 when not one. */
uint64_t works_core_source_num(const char *s, size_t len);
static inline bool works_core_has(const struct works_core *c, uint64_t num)
{
	return num && wmap_get(&c->ids, num) != NULL;
}

#endif
