/* The top of report.html: the headline, "What needs attention", the stale banner. */
#include "render/html_glance.h"
#include "util/qty.h"
#include "render/outdoc.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* The order in which statuses are counted and listed. */
static const char *const order[] = { "achieved", "nearly", "missed", "on_track",
				     "at_risk", "off_track", "no_data" };
#define NORDER (sizeof(order) / sizeof(order[0]))

void html_badge(struct buf *o, const char *status)
{
	const struct od_status *st = od_status(status);
	buf_addf(o, "<span class=\"badge\" style=\"background:%s;color:%s\">%s %s</span>",
		 st->colour, st->text_colour, st->symbol, st->label);
}

void html_status_counts(struct buf *o, const cJSON *counts)
{
	size_t shown = 0;
	for (size_t i = 0; i < NORDER; i++) {
		double n = od_num(counts, order[i]);
		if (isnan(n) || n < 1)
			continue;
		buf_addf(o, "%s%.0f %s", shown++ ? ", " : "", n, od_status(order[i])->label);
	}
	if (!shown)
		buf_addstr(o, "no KPI");
}

static bool needs_attention(const cJSON *k)
{
	const char *st = od_str(k, "status");
	return !strcmp(st, "missed") || !strcmp(st, "off_track") || !strcmp(st, "at_risk");
}

/* Least progress first (unknown progress last), then the heavier weight. */
static int by_progress(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	double px = od_num(od_get(x, "latest"), "progress");
	double py = od_num(od_get(y, "latest"), "progress");
	double wx = od_num(x, "weight"), wy = od_num(y, "weight");

	if (isnan(px) != isnan(py))
		return isnan(px) ? 1 : -1;
	if (!isnan(px) && px != py)
		return px < py ? -1 : 1;
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return strcmp(od_str(x, "id"), od_str(y, "id"));
}

static void qty(struct buf *o, double v, int d, const char *unit)
{
	struct buf t = BUF_INIT;
	qty_fmt(&t, v, d, unit);
	html_escape(o, t.buf);
	buf_release(&t);
}

static void attention_item(struct buf *o, const cJSON *k)
{
	const cJSON *latest = od_get(k, "latest"), *fin = od_get(k, "final_target");
	const char *unit = od_str(k, "unit");
	int d = od_decimals(k);
	double pr = od_num(latest, "progress"), gap = od_num(k, "gap");

	buf_addstr(o, "<li>");
	html_badge(o, od_str(k, "status"));
	buf_addstr(o, " <a href=\"#kpi-");
	html_escape(o, od_str(k, "id"));
	buf_addstr(o, "\"><b>");
	html_escape(o, od_str(k, "title"));
	buf_addstr(o, "</b></a><br><span class=\"facts\">latest ");
	qty(o, od_num(latest, "value"), d, unit);
	if (!isnan(od_num(latest, "year")))
		buf_addf(o, " (%d)", (int)od_num(latest, "year"));
	buf_addstr(o, " \u00b7 target ");
	qty(o, od_num(fin, "value"), d, unit);
	buf_addf(o, " (%d)", (int)od_num(fin, "year"));
	if (!isnan(gap))
		buf_addf(o, " \u00b7 gap %+.*f", d, gap);
	if (!isnan(pr))
		buf_addf(o, " \u00b7 %.0f%% of the way", 100 * pr);
	if (cJSON_IsTrue(od_get(k, "stale")))
		buf_addstr(o, " \u00b7 <span class=\"stale\">stale data</span>");
	buf_addstr(o, "</span>");
	if (*od_str(k, "reason")) {
		buf_addstr(o, "<br><span class=\"why\">");
		html_escape(o, od_str(k, "reason"));
		buf_addstr(o, "</span>");
	}
	buf_addstr(o, "</li>\n");
}

void html_headline(struct buf *o, const cJSON *kpis)
{
	const cJSON *k, *all = od_get(kpis, "kpis");
	size_t count[NORDER] = { 0 }, total = 0, n = 0, with_data = 0;
	int to = (int)od_num(od_get(kpis, "period"), "to");
	const cJSON **list;

	cJSON_ArrayForEach(k, all) {
		for (size_t i = 0; i < NORDER; i++)
			count[i] += od_status(od_str(k, "status")) == od_status(order[i]);
		with_data += cJSON_IsObject(od_get(k, "latest"));
		total++;
	}
	buf_addstr(o, "<section id=\"headline\">\n<p class=\"headline\">");
	if (!with_data)
		buf_addf(o, "<b>No KPI has data</b> (%zu KPIs configured): every source "
			 "failed or is empty, so nothing can be judged.", total);
	else
		buf_addf(o, "<b>%zu of %zu KPIs are achieved or on track for %d.</b>",
			 count[0] + count[3], total, to);
	buf_addstr(o, "</p>\n<p class=\"counts\">");
	for (size_t i = 0; i < NORDER; i++) {
		if (!count[i])
			continue;
		html_badge(o, order[i]);
		buf_addf(o, " %zu ", count[i]);
	}
	buf_addstr(o, "</p>\n</section>\n");

	list = xcalloc(total + 1, sizeof(*list));
	cJSON_ArrayForEach(k, all)
		if (needs_attention(k))
			list[n++] = k;
	qsort(list, n, sizeof(*list), by_progress);
	buf_addstr(o, "<section id=\"attention\">\n<h2>What needs attention</h2>\n");
	if (!with_data) {
		buf_addstr(o, "<p>No KPI has data: see the stale-data banner and the "
			   "provenance table at the end.</p>\n");
	} else if (!n) {
		buf_addstr(o, "<p>No KPI is missed, off track or at risk.</p>\n");
	} else {
		buf_addf(o, "<p class=\"meta\">%zu KPI%s missed, off track or at risk, the "
			 "furthest from target first (then the heaviest weight).</p>\n"
			 "<ol class=\"attention\">\n", n, n == 1 ? " is" : "s are");
		for (size_t i = 0; i < n; i++)
			attention_item(o, list[i]);
		buf_addstr(o, "</ol>\n");
	}
	buf_addstr(o, "</section>\n");
	free(list);
}

static bool source_stale(const cJSON *s)
{
	const char *state = od_str(s, "state");
	return !strcmp(state, "stale") || !strcmp(state, "failed");
}

/* One line for source id: its pages counted together, the first error, its data's date. */
static void stale_line(struct buf *o, const cJSON *sources, const char *id)
{
	const cJSON *s, *first = NULL;
	size_t pages = 0;
	const char *when = NULL;

	cJSON_ArrayForEach(s, sources) {
		if (strcmp(od_str(s, "id"), id) || !source_stale(s))
			continue;
		if (!first)
			first = s;
		pages++;
		if (od_str_or_null(s, "fetched_at") &&
		    (!when || strcmp(od_str(s, "fetched_at"), when) < 0))
			when = od_str(s, "fetched_at");
	}
	buf_addstr(o, "<li><b>");
	html_escape(o, id);
	buf_addstr(o, "</b>");
	if (*od_str(first, "title")) {
		buf_addstr(o, " (");
		html_escape(o, od_str(first, "title"));
		buf_addch(o, ')');
	}
	if (pages > 1)
		buf_addf(o, ": %zu pages could not be refreshed", pages);
	else
		buf_addf(o, ": %s", !strcmp(od_str(first, "state"), "failed") ?
			 "failed, no earlier data" : "could not be refreshed");
	if (od_str_or_null(first, "error")) {
		buf_addstr(o, " (");
		html_escape(o, od_str(first, "error"));
		buf_addch(o, ')');
	}
	if (when) {
		buf_addstr(o, "; data from ");
		buf_add(o, when, strlen(when) >= 10 ? 10 : strlen(when));
	}
	buf_addstr(o, "</li>\n");
}

/*
 * The ids of the stale or failed sources, each once (the pages of a paged
 * source are one source); *ids is allocated (free it), its strings are
 * borrowed from kpis. Returns how many.
 */
static size_t html_stale_sources(const cJSON *kpis, const char ***ids)
{
	const cJSON *s, *sources = od_get(kpis, "sources");
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(sources) + 1;

	*ids = xcalloc(cap, sizeof(**ids));
	cJSON_ArrayForEach(s, sources) {
		bool seen = false;
		if (!source_stale(s))
			continue;
		for (size_t i = 0; i < n; i++)
			seen |= !strcmp((*ids)[i], od_str(s, "id"));
		if (!seen)
			(*ids)[n++] = od_str(s, "id");
	}
	return n;
}

void html_stale_banner(struct buf *o, const cJSON *kpis)
{
	const char **ids;
	size_t n = html_stale_sources(kpis, &ids);
	const cJSON *sources = od_get(kpis, "sources");

	if (n || cJSON_IsTrue(od_get(kpis, "stale"))) {
		buf_addf(o, "<div class=\"banner\" role=\"alert\"><strong>\u26a0 Stale data: "
			 "%zu source%s could not be refreshed; the KPIs that use %s show "
			 "older data and are marked stale.</strong>\n<ul>\n",
			 n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
		for (size_t i = 0; i < n && i < 2; i++)
			stale_line(o, sources, ids[i]);
		buf_addstr(o, "</ul>\n");
		if (n > 2) {
			buf_addf(o, "<details><summary>%zu more</summary>\n<ul>\n", n - 2);
			for (size_t i = 2; i < n; i++)
				stale_line(o, sources, ids[i]);
			buf_addstr(o, "</ul></details>\n");
		}
		buf_addstr(o, "</div>\n");
	}
	free(ids);
}
