#ifndef RENDER_SVG_INLINE_H
#define RENDER_SVG_INLINE_H
#include "util/buf.h"

/*
 * Appends the SVG document svg (as gnuplot writes it) as an element to
 * inline in HTML: the prolog dropped, every id and reference to one
 * prefixed with id_prefix (ids stay unique in the page), role="img" and
 * aria-label="label" on the root, gnuplot's own <title> and <desc>
 * elements dropped and the root's first children <title>title</title>
 * and <desc>label</desc>. Only the elements and attributes that
 * gnuplot's SVG terminal writes pass: a script, an event handler, a link
 * or a reference outside the document fails with -1 and err, and out is
 * left as it was.
 */
int svg_inline(struct buf *out, const char *svg, const char *id_prefix,
	       const char *title, const char *label, struct buf *err);

#endif
