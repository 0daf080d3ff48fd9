#ifndef EXTRACT_HTML_H
#define EXTRACT_HTML_H
#include "extract/extract.h"

/*
 * The html-table and html-list kinds (docs/configuration.md), over gumbo's
 * tree of the document data[0..len). Each adds its observations to t
 * under source index src, all or nothing: on error returns -1 with err
 * naming the document (and the line of the row or item) and t unchanged.
 */
int extract_html_table(const struct extract_ctx *x, const char *data,
		       size_t len, struct obs_table *t, size_t src,
		       struct buf *err);
int extract_html_list(const struct extract_ctx *x, const char *data,
		      size_t len, struct obs_table *t, size_t src,
		      struct buf *err);

#endif
