#ifndef RENDER_HTML_H
#define RENDER_HTML_H
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

#endif
