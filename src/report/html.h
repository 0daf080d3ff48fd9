#ifndef REPORT_HTML_H
#define REPORT_HTML_H
#include "util/buf.h"

/*
 * output/report.html: one self-contained page for the strategy director
 * (docs/report.md): header, stale-data banner, area radar, summary table,
 * per area its KPI charts, provenance. Charts are the SVG files that
 * charts/index.json lists as drawn for the same kpis.json, inlined; a
 * Content-Security-Policy forbids every load and every script.
 *
 * report_html_write reads OUT/kpis.json and OUT/charts/index.json and writes
 * OUT/report.html atomically. Returns 0 when written with every chart, 1
 * when written but charts are missing (err says how many and why), -1 when
 * not written (err says why).
 */
int report_html_write(const char *out_dir, struct buf *err);

/*
 * Appends s escaped for HTML text and double- or single-quoted attribute
 * values: & < > " ' as references, control characters (but tab and
 * newline) as spaces, invalid UTF-8 as U+FFFD. The one HTML escape.
 */
void html_escape(struct buf *out, const char *s);

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
