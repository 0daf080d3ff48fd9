#ifndef UTIL_JSONPOS_H
#define UTIL_JSONPOS_H
#include <cjson/cJSON.h>
#include <stddef.h>

/*
 * Where each node of a parsed cJSON tree stands in its source text, for
 * error messages ("file:line:col"). cJSON keeps no positions, so the text
 * is scanned again in step with the tree (both are in document order).
 * The map borrows the tree: build it after parsing, free it before the tree.
 */
struct jsonpos_entry {
	const cJSON *node;
	int line, col;		/* the value */
	int key_line, key_col;	/* the member's key, or the value's position */
};

struct jsonpos {
	struct jsonpos_entry *v;
	size_t n, alloc;
};

void jsonpos_build(struct jsonpos *jp, const char *text, const cJSON *root);
void jsonpos_release(struct jsonpos *jp);
/* Position of node's value (at_key 0) or key (at_key 1); 0,0 when unknown. */
void jsonpos_of(const struct jsonpos *jp, const cJSON *node, int at_key,
		int *line, int *col);
/* Line and column (1-based, in characters) of byte offset off in text. */
void text_line_col(const char *text, size_t off, int *line, int *col);

/*
 * How many arrays and objects are open at byte off of JSON text (strings
 * skipped): past CJSON_NESTING_LIMIT, cJSON's "invalid JSON" means "nested
 * too deep", which messages then say.
 */
size_t json_depth_at(const char *text, size_t off);

#endif
