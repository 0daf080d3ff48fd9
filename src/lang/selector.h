#ifndef LANG_SELECTOR_H
#define LANG_SELECTOR_H
#include "util/buf.h"
#include <gumbo.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A subset of CSS selectors over gumbo's tree: type selectors (`table`,
 * `*`), `#id`, `.class`, `:nth-of-type(n)` (n a positive integer), and the
 * descendant (space) and child (`>`) combinators, up to 32 compounds.
 * Matching runs in one pass over the tree, linear in its size. A parsed
 * selector belongs to the caller (selector_free); node lists borrow the
 * tree's nodes.
 */
struct selector;

struct node_list {
	const GumboNode **v;
	size_t n, alloc;
};

/* 0, or -1 with err "column N: ..." (N counts characters from 1). */
int selector_parse(const char *text, struct selector **out, struct buf *err);
void selector_free(struct selector *sel);

/*
 * Appends the elements under scope (its descendants, not scope itself)
 * that match sel, in document order; ancestors of scope count for
 * combinators, as in querySelectorAll.
 */
void selector_all(const struct selector *sel, const GumboNode *scope,
		  struct node_list *out);
/* The first such element, or NULL. */
const GumboNode *selector_first(const struct selector *sel,
				const GumboNode *scope);
void node_list_release(struct node_list *l);

#endif
