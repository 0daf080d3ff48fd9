#ifndef EXTRACT_OPENALEX_GROUP_H
#define EXTRACT_OPENALEX_GROUP_H
#include "extract/extract.h"

/*
 * openalex-group: one /works group_by response (one publication year,
 * x->page_year) into observations: "count" is meta.count, "groups" each
 * group's count keyed by the last segment of its key
 * ("https://openalex.org/countries/CN" -> "CN"), "partners" the same
 * without the profile's country. The "unknown" group (works without the
 * field) is no key. All or nothing: -1 with err naming x->name.
 */
int extract_openalex_group(const struct extract_ctx *x, const char *data, size_t len,
			   struct obs_table *t, size_t src, struct buf *err);

#endif
