#ifndef EXTRACT_HTML_DOC_H
#define EXTRACT_HTML_DOC_H
#include "extract/extract.h"
#include <gumbo.h>

/*
 * An HTML page for the html-table and html-list kinds: parsed by gumbo
 * behind a guard (an empty body, JSON where HTML was expected, and pages
 * nested deeper than 512 elements are refused before gumbo sees them:
 * gumbo's time grows with the square of the depth), and the text of a
 * node as a reader sees it.
 */

/* 0 with *doc set (gumbo_destroy_output it), or -1 with err naming x->name. */
int html_parse(const struct extract_ctx *x, const char *data, size_t len,
	       GumboOutput **doc, struct buf *err);
int html_is_element(const GumboNode *n);
/* The 1-based source line where n starts. */
int html_line(const GumboNode *n);
/* The text of n as a reader sees it, spaces collapsed, into out (reset). */
void html_text(const GumboNode *n, struct buf *out);

#endif
