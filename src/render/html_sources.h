#ifndef RENDER_HTML_SOURCES_H
#define RENDER_HTML_SOURCES_H
#include "util/buf.h"
#include <cjson/cJSON.h>

/*
 * The provenance appendix of report.html from a kpis.json tree (borrowed):
 * one row per source, the pages of a paged source together (their URLs,
 * dates and SHA-256 folded in a <details>), so that it stays a small part
 * of the page. Everything appended to o, every text escaped.
 */
void html_provenance(struct buf *o, const cJSON *kpis);

#endif
