#ifndef EXTRACT_JSON_H
#define EXTRACT_JSON_H
#include "extract/extract.h"

/* The json kind: paths into the document (lang/jsonpath.h) mapped to metrics. */

/*
 * Applies a json source's rules to the document data[0..len) (data[len]
 * is '\0', as in a struct buf) and adds the observations to t under
 * source index src. All or nothing: on error
 * returns -1 with err set and t unchanged.
 */
int extract_json(const struct extract_ctx *x, const char *data, size_t len,
		 struct obs_table *t, size_t src, struct buf *err);

#endif
