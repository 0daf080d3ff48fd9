#ifndef EXTRACT_JSON_H
#define EXTRACT_JSON_H
#include "extract/extract.h"

/*
 * The json kind. A path is "/" followed by segments separated by '/':
 * member names (JSON Pointer escapes: "~1" for '/', "~0" for '~'), array
 * indexes, or '*' for every element of an array (or member of an object).
 * A metric's value path sets the bindings: its k-th '*' stands for one
 * element; the year, key and match paths use the same element for their
 * k-th '*', so their part up to their last '*' must be the value path's.
 */

/*
 * How many arrays and objects are open at byte off of JSON text (strings
 * skipped): past CJSON_NESTING_LIMIT, cJSON's "invalid JSON" means "nested
 * too deep", which messages then say.
 */
size_t json_depth_at(const char *text, size_t off);

/* 0 when path is well formed; -1 with err otherwise. */
int json_path_check(const char *path, struct buf *err);
/* 0 when other's wildcards line up with value's (see above); -1 with err. */
int json_path_aligned(const char *value, const char *other, struct buf *err);

/*
 * Applies a json source's rules to the document data[0..len) (data[len]
 * is '\0', as in a struct buf) and adds the observations to t under
 * source index src. All or nothing: on error
 * returns -1 with err set and t unchanged.
 */
int extract_json(const struct extract_ctx *x, const char *data, size_t len,
		 struct obs_table *t, size_t src, struct buf *err);

#endif
