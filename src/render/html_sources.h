#ifndef RENDER_HTML_SOURCES_H
#define RENDER_HTML_SOURCES_H
#include "util/buf.h"
#include <cjson/cJSON.h>
#include <stddef.h>

/*
 * The provenance appendix of report.html from a kpis.json tree (borrowed):
 * one row per source, the pages of a paged source together (their URLs,
 * dates and SHA-256 folded in a <details>), so that it stays a small part
 * of the page. Everything appended to o, every text escaped.
 */
void html_provenance(struct buf *o, const cJSON *kpis);
/*
 * How many warnings the records of source id carry (kpis.json's
 * sources[].warnings, its pages together; a last "and N more" line
 * counts as one); sources is kpis.json's "sources".
 */
size_t html_source_warnings(const cJSON *sources, const char *id);

#endif
