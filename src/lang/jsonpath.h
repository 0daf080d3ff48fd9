#ifndef LANG_JSONPATH_H
#define LANG_JSONPATH_H
#include "util/buf.h"
#include <stddef.h>

/*
 * JSON paths, as written in the json kind's rules. A path is "/" followed by segments separated by '/':
 * member names (JSON Pointer escapes: "~1" for '/', "~0" for '~'), array
 * indexes, '*' for every element of an array (or member of an object), or
 * a filter "[NAME=VALUE]": the first element of an array (or member of an
 * object) that is an object whose member NAME is the string VALUE
 * (the QS endpoint's {"indicator_name": "International Faculty Ratio",
 * "score": ...}). A filter binds nothing: it is a step like a member name.
 * A metric's value path sets the bindings: its k-th '*' stands for one
 * element; the year, key and match paths use the same element for their
 * k-th '*', so their part up to their last '*' must be the value path's.
 */

/* 0 when path is well formed; -1 with err otherwise. */
int json_path_check(const char *path, struct buf *err);
/* 0 when other's wildcards line up with value's (see above); -1 with err. */
int json_path_aligned(const char *value, const char *other, struct buf *err);

#define MAX_STARS 8	/* '*' in one path, at most */

/*
 * Whether seg is a filter "[NAME=VALUE]": 1 with NAME and VALUE as
 * pointers into seg and their lengths, else 0.
 */
int jpath_filter(const char *seg, const char **name, size_t *name_len,
		 const char **value, size_t *value_len);

/* A parsed path; its segments are owned. */
struct jpath {
	char **seg;		/* NULL for '*' */
	size_t n, nstars;
};
/* 0 with p set (release it), or -1 with err. */
int jpath_parse(const char *text, struct jpath *p, struct buf *err);
void jpath_release(struct jpath *p);

#endif
