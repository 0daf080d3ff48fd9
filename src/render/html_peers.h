#ifndef RENDER_HTML_PEERS_H
#define RENDER_HTML_PEERS_H
#include "util/buf.h"
#include <cjson/cJSON.h>

/*
 * report.html's sections on peers and partners (docs/report.md), from the
 * documents read back: kpis.json's "peers" and "coverage" members, and
 * partners.json. Everything appended to o, every text escaped; nothing
 * when the document has no such member.
 */

/* The CSS these sections add to the page's. */
extern const char html_peers_css[];

/* "Against peers": indicators beside each peer group, positions as published. */
void html_peers(struct buf *o, const cJSON *kpis);

/* The coverage of the open data, in the section of area when its co-authorship KPIs are there. */
void html_coverage(struct buf *o, const cJSON *kpis, const char *area);

/*
 * "Partner portfolio" from OUT/partners.json when it was written with
 * kpis (the same generated_at): dormant agreements and the strongest
 * candidates first, then every partner folded.
 */
void html_partners(struct buf *o, const char *out_dir, const cJSON *kpis);

#endif
