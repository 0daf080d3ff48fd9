/* The top of report.html: the headline, "What needs attention", the stale banner. */
#include "render/html_glance.h"
#include "render/html_sources.h"
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
				     "at_risk", "off_track", "not_ranked", "no_data" };
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

static bool bad_status(const char *st)
{
	return !strcmp(st, "missed") || !strcmp(st, "off_track") || !strcmp(st, "at_risk") ||
	       !strcmp(st, "not_ranked");
}

/* Its status, or a missed interim target while the final year is ahead. */
static bool needs_attention(const cJSON *k)
{
	return bad_status(od_str(k, "status")) || !isnan(od_num(k, "attention_interim"));
}

/*
 * The progress an attention item sorts by: a not-ranked KPI's is 0, as it
 * counts in the area index (docs/report.md), whatever an older rank was.
 */
static double sort_progress(const cJSON *k)
{
	if (!strcmp(od_str(k, "status"), "not_ranked"))
		return 0;
	return od_num(od_get(k, "latest"), "progress");
}

/* Least progress first (unknown progress last), then the heavier weight. */
static int by_progress(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	double px = sort_progress(x), py = sort_progress(y);
	double wx = od_num(x, "weight"), wy = od_num(y, "weight");

	if (isnan(px) != isnan(py))
		return isnan(px) ? 1 : -1;
	if (!isnan(px) && px != py)
		return px < py ? -1 : 1;
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return strcmp(od_str(x, "id"), od_str(y, "id"));
}

/*
 * Whether the reason already judges year's value against its target: a
 * status from too few points for a forecast (trend of fewer than 3 points)
 * judges its latest year, an interim target's year, on that target
 * ("misses its 2026 target of rank 1100, at best 101 places short").
 */
static bool reason_judges(const cJSON *k, double year)
{
	const char *st = od_str(k, "status");
	return od_num(k, "status_year") == year &&
	       (!strcmp(st, "at_risk") || !strcmp(st, "on_track")) &&
	       !(od_num(od_get(k, "trend"), "n") >= 3);
}

/*
 * "2026 target 7.5% missed: 5.5%, 2.0 points short." for an interim target;
 * "not met so far" while its year (now, the calendar year) is not over.
 */
static void interim_words(struct buf *o, const cJSON *k, const cJSON *m, int now)
{
	const char *unit = od_str(k, "unit"), *st = od_str(m, "status");
	int d = od_decimals(k);
	struct buf t = BUF_INIT;

	buf_addf(&t, "%d target ", (int)od_num(m, "year"));
	qty_fmt(&t, od_num(m, "target"), d, unit);
	if (!strcmp(st, "not_ranked") && !strcmp(od_str(k, "status"), "not_ranked") &&
	    od_num(k, "status_year") == od_num(m, "year")) {
		buf_addstr(&t, " missed.");	/* the reason says "not ranked in 2026" */
	} else if (!strcmp(st, "not_ranked")) {
		buf_addstr(&t, " missed: not ranked that year.");
	} else {
		buf_addf(&t, " %s: ", !strcmp(st, "achieved") ? "met" :
			 (int)od_num(m, "year") == now ? "not met so far" : "missed");
		qty_fmt_point(&t, od_num(m, "value"), od_num(od_get(m, "band"), "low"),
			      od_num(od_get(m, "band"), "high"), d, unit);
		if (od_str_or_null(m, "gap_text"))
			buf_addf(&t, ", %s", od_str(m, "gap_text"));
		buf_addch(&t, '.');
	}
	html_escape(o, t.buf);
	buf_release(&t);
}

/*
 * One item, each fact once: the badge and title, the reason (which says
 * the value, the target and the gap in words), a missed interim target.
 */
static void attention_item(struct buf *o, const cJSON *k, int now)
{
	const cJSON *m;
	double iy = od_num(k, "attention_interim");

	buf_addstr(o, "<li>");
	html_badge(o, od_str(k, "status"));
	buf_addstr(o, " <a href=\"#kpi-");
	html_escape(o, od_str(k, "id"));
	buf_addstr(o, "\"><b>");
	html_escape(o, od_str(k, "title"));
	buf_addstr(o, "</b></a><br><span class=\"facts\">");
	if (*od_str(k, "reason")) {
		const char *r = od_str(k, "reason");
		/* a sentence: capitalised, with a full stop */
		if (*r >= 'a' && *r <= 'z') {
			buf_addch(o, (char)(*r - 'a' + 'A'));
			r++;
		}
		html_escape(o, r);
		buf_addch(o, '.');
	}
	cJSON_ArrayForEach(m, od_get(k, "interim"))
		if (!isnan(iy) && od_num(m, "year") == iy && !reason_judges(k, iy)) {
			buf_addstr(o, " <b>");
			interim_words(o, k, m, now);
			buf_addstr(o, "</b>");
		}
	if (cJSON_IsTrue(od_get(k, "stale")))
		buf_addstr(o, " <span class=\"stale\">Stale data.</span>");
	buf_addstr(o, "</span></li>\n");
}

bool html_kpi_warned(const cJSON *kpis, const cJSON *k)
{
	const cJSON *id;
	cJSON_ArrayForEach(id, od_get(k, "sources"))
		if (cJSON_IsString(id) &&
		    html_source_warnings(od_get(kpis, "sources"), id->valuestring))
			return true;
	return false;
}

/*
 * One line when a KPI reads a source whose reading warned (kpis.json's
 * sources[].warnings): the sources, the KPIs that use them (three named),
 * and where the warnings are. Nothing when no KPI does.
 */
static void data_warnings(struct buf *o, const cJSON *kpis)
{
	const cJSON *s, *k, *sources = od_get(kpis, "sources");
	const cJSON **warned = xcalloc((size_t)cJSON_GetArraySize(sources) + 1, sizeof(*warned));
	size_t n = 0, nk = 0;

	cJSON_ArrayForEach(s, sources) {
		bool seen = false;
		if (!cJSON_GetArraySize(od_get(s, "warnings")))
			continue;
		for (size_t i = 0; i < n; i++)
			seen |= !strcmp(od_str(warned[i], "id"), od_str(s, "id"));
		if (!seen)
			warned[n++] = s;
	}
	cJSON_ArrayForEach(k, od_get(kpis, "kpis"))
		nk += html_kpi_warned(kpis, k);
	if (n && nk) {
		size_t shown = 0;
		buf_addf(o, "<p class=\"dq-line\" id=\"data-warnings\"><span class=\"dq\">\u26a0 "
			 "Data warnings</span> on %zu source%s (", n, n == 1 ? "" : "s");
		for (size_t i = 0; i < n && i < 3; i++) {
			const char *t = od_str(warned[i], "title");
			buf_addstr(o, i ? "; " : "");
			html_escape(o, *t ? t : od_str(warned[i], "id"));
		}
		if (n > 3)
			buf_addf(o, "; %zu more", n - 3);
		buf_addf(o, "), used by %zu KPI%s (", nk, nk == 1 ? "" : "s");
		cJSON_ArrayForEach(k, od_get(kpis, "kpis")) {
			if (!html_kpi_warned(kpis, k) || shown++ >= 3)
				continue;
			buf_addstr(o, shown > 1 ? "; " : "");
			html_escape(o, od_str(k, "title"));
		}
		if (nk > 3)
			buf_addf(o, "; %zu more", nk - 3);
		buf_addf(o, "): %s numbers may be wrong. The warnings are in the "
			 "<a href=\"#", nk == 1 ? "its" : "their");
		if (n == 1) {
			buf_addstr(o, "source-");
			html_escape(o, od_str(warned[0], "id"));
		} else {
			buf_addstr(o, "provenance");
		}
		buf_addstr(o, "\">provenance table</a>.</p>\n");
	}
	free(warned);
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
		/* "not ranked" is data: a publisher's list without the university */
		with_data += cJSON_IsObject(od_get(k, "latest")) ||
			     !strcmp(od_str(k, "status"), "not_ranked");
		total++;
	}
	buf_addstr(o, "<section id=\"headline\">\n<p class=\"headline\">");
	if (!with_data)
		buf_addf(o, "<b>No KPI has data</b> (%zu KPI%s configured): every source "
			 "failed or is empty, so nothing can be judged.", total, total == 1 ? "" : "s");
	else
		buf_addf(o, "<b>%zu of %zu KPIs are achieved or on track for %d.</b>",
			 count[0] + count[3], total, to);
	if (with_data && !isnan(od_num(od_get(kpis, "period"), "data_through")) &&
	    (int)od_num(od_get(kpis, "period"), "data_through") < to)
		buf_addf(o, " The strategy is in progress: data through %d, "
			 "so %d is judged on forecasts.",
			 (int)od_num(od_get(kpis, "period"), "data_through"), to);
	else if (with_data && (int)od_num(od_get(kpis, "period"), "calendar_year") == to &&
		 (int)od_num(od_get(kpis, "period"), "data_through") == to)
		/* the final year is this year: its figures are the year so far */
		buf_addf(o, " %d is not over: its values are the data so far, so a target "
			 "missed may still be met.", to);
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
	data_warnings(o, kpis);
	if (!with_data) {
		buf_addstr(o, "<p>No KPI has data: see the stale-data banner and the "
			   "provenance table at the end.</p>\n");
	} else if (!n) {
		buf_addstr(o, "<p>No KPI is missed, off track, at risk or not ranked, and no "
			   "interim target is missed.</p>\n");
	} else {
		buf_addf(o, "<p class=\"meta\">%zu KPI%s attention (missed, off track, at "
			 "risk or not ranked, or an interim target missed), the furthest from "
			 "target first, then the heaviest weight.</p>\n"
			 "<ol class=\"attention\">\n", n, n == 1 ? " needs" : "s need");
		for (size_t i = 0; i < n; i++)
			attention_item(o, list[i],
				       (int)od_num(od_get(kpis, "period"), "calendar_year"));
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
		struct buf t = BUF_INIT;
		if (od_time_local(&t, when, false))
			buf_add(&t, when, strlen(when) >= 10 ? 10 : strlen(when));
		buf_addstr(o, "; data from ");
		html_escape(o, t.buf);
		buf_release(&t);
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

/* A source as one (its pages together): the last year of data, illustrative or not. */
struct src_group {
	const char *id, *title;
	int through;		/* 0: no observation */
	bool illustrative;
};

/* Whether a source's data are illustrative: its snapshot's sidecar or its note says so. */
static bool source_illustrative(const cJSON *s)
{
	const char *note = od_str(s, "note");
	if (cJSON_IsTrue(od_get(od_get(s, "snapshot"), "illustrative")))
		return true;
	for (; *note; note++)
		if (!strncasecmp(note, "illustrative", 12))
			return true;
	return false;
}

static size_t src_groups(const cJSON *kpis, struct src_group **out)
{
	const cJSON *s, *sources = od_get(kpis, "sources");
	size_t n = 0;
	struct src_group *g = xcalloc((size_t)cJSON_GetArraySize(sources) + 1, sizeof(*g));

	cJSON_ArrayForEach(s, sources) {
		size_t i = 0;
		double y = od_num(s, "data_through");
		while (i < n && strcmp(g[i].id, od_str(s, "id")))
			i++;
		if (i == n) {
			g[n].id = od_str(s, "id");
			g[n].title = *od_str(s, "title") ? od_str(s, "title") : g[n].id;
			n++;
		}
		if (!isnan(y) && (int)y > g[i].through)
			g[i].through = (int)y;
		g[i].illustrative |= source_illustrative(s);
	}
	*out = g;
	return n;
}

void html_data_through(struct buf *o, const cJSON *kpis)
{
	const cJSON *period = od_get(kpis, "period");
	double through = od_num(period, "data_through");
	struct src_group *g;
	size_t n = src_groups(kpis, &g), lag = 0;

	buf_addstr(o, "<p class=\"through\" id=\"data-through\">");
	if (isnan(through)) {
		buf_addstr(o, "<b>No data yet.</b>");
	} else {
		buf_addf(o, "<b>Data through %d</b>", (int)through);
		if (!isnan(od_num(period, "as_of")))
			buf_addf(o, " (judged as the data stood in %d: later values are left out)",
				 (int)od_num(period, "as_of"));
		for (size_t i = 0; i < n; i++) {
			if (!g[i].through || g[i].through >= (int)through)
				continue;
			buf_addstr(o, lag++ ? "; " : ". Lagging: ");
			html_escape(o, g[i].title);
			buf_addf(o, " through %d", g[i].through);
		}
		buf_addch(o, '.');
	}
	buf_addstr(o, "</p>\n");
	free(g);
}

void html_illustrative_banner(struct buf *o, const cJSON *kpis)
{
	struct src_group *g;
	size_t n = src_groups(kpis, &g), shown = 0, count = 0;

	for (size_t i = 0; i < n; i++)
		count += g[i].illustrative;
	if (count) {
		buf_addstr(o, "<div class=\"banner sample\" role=\"note\" id=\"illustrative\">"
			   "<strong>Illustrative data:</strong> ");
		if (count == n) {
			buf_addf(o, "%s %zu source%s %s illustrative sample data, not real "
				 "figures.", n == 1 ? "The" : "All", n, n == 1 ? "" : "s",
				 n == 1 ? "is" : "are");
		} else {
			buf_addf(o, "%zu of %zu sources %s illustrative sample data, not real "
				 "figures: ", count, n, count == 1 ? "is" : "are");
			for (size_t i = 0; i < n && shown < 3; i++) {
				if (!g[i].illustrative)
					continue;
				buf_addstr(o, shown++ ? ", " : "");
				html_escape(o, g[i].title);
			}
			if (count > shown)
				buf_addf(o, " and %zu more", count - shown);
			buf_addch(o, '.');
		}
		buf_addstr(o, "</div>\n");
	}
	free(g);
}
