#ifndef RENDER_HTML_GLANCE_H
#define RENDER_HTML_GLANCE_H
#include "util/buf.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The first screen of report.html, from a kpis.json tree (borrowed):
 * everything appended to o, every text escaped.
 */

/* A status badge: symbol, word and colour (outdoc.h's od_status). */
void html_badge(struct buf *o, const char *status);
/* "3 Achieved, 1 Nearly, 1 Missed" from an area's "counts". */
void html_status_counts(struct buf *o, const cJSON *counts);

/* Whether any source KPI k reads (its "sources") warned when it was read. */
bool html_kpi_warned(const cJSON *kpis, const cJSON *k);

/*
 * The headline (how many KPIs are achieved or on track, or that no KPI
 * has data) and "What needs attention": the KPIs missed, off track or at
 * risk, least progress first, then the heavier weight, each with latest
 * value, target, gap and reason; above them, one line when a KPI reads a
 * source whose reading warned (which, and where the warnings are).
 */
void html_headline(struct buf *o, const cJSON *kpis);

/* The stale-data banner: one line per source, beyond two folded. */
void html_stale_banner(struct buf *o, const cJSON *kpis);

/*
 * "Data through 2026", the period's data_through, with the sources (their
 * pages together) whose data end earlier: "Lagging: Total enrolment
 * through 2025".
 */
void html_data_through(struct buf *o, const cJSON *kpis);
/*
 * A notice when any source is illustrative (its snapshot's sidecar or its
 * note says so): how many and which, for the first screen.
 */
void html_illustrative_banner(struct buf *o, const cJSON *kpis);

#endif
