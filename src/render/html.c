/* output/report.html: the director's page (docs/report.md). */
#include "render/html.h"
#include "util/qty.h"
#include "render/html_glance.h"
#include "render/html_peers.h"
#include "render/html_sources.h"
#include "render/svg_inline.h"
#include "render/outdoc.h"
#include "render/plot.h"
#include "util/schema.h"
#include "util/fs.h"
#include "util/utf8.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

/* A chart file larger than this is not inlined (gnuplot's are ~50 KB). */
#define MAX_SVG_BYTES ((size_t)8 << 20)

static const char page_css[] =
	":root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--band:#f4f4f4}\n"
	"*{box-sizing:border-box}\n"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',"
	"sans-serif;color:var(--ink);margin:0 auto;max-width:1180px;padding:0 1.2rem 2rem;line-height:1.4}\n"
	".through{font-size:1.05rem;margin:.3rem 0}\n"
	"header{border-bottom:3px solid #0072B2;padding:1rem 0 .6rem;margin-bottom:1rem}\n"
	"h1{font-size:1.7rem;margin:0}h2{font-size:1.3rem;margin:1.6rem 0 .5rem;"
	"border-bottom:1px solid var(--rule);padding-bottom:.2rem}\n"
	"h3{font-size:1.05rem;margin:.2rem 0}\n"
	".sub{font-size:1.1rem;margin:.2rem 0}.meta,.note,figcaption .id{color:var(--muted);font-size:.85rem}\n"
	".banner{border:2px solid #D55E00;background:#fff4ec;padding:.6rem .9rem;margin:.8rem 0;"
	"border-radius:4px}\n.banner.charts{border-color:#E69F00;background:#fff9e6}\n"
	".banner.sample{border-color:#0072B2;background:#eef6fc;padding:.4rem .9rem}\n"
	".banner.sample strong{display:inline}\n"
	".banner strong{display:block}\n.banner ul{margin:.3rem 0 0;padding-left:1.2rem}\n"
	"table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.4rem 0 1rem}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	".headline{font-size:1.15rem;margin:.6rem 0 .2rem}.counts{margin:.2rem 0 .4rem}\n"
	"ol.attention{margin:.3rem 0;padding-left:1.4rem}ol.attention li{margin:.45rem 0}\n"
	".facts{font-size:.88rem;font-variant-numeric:tabular-nums}.why{font-size:.85rem;color:var(--muted)}\n"
	"details.note summary{cursor:pointer}\n"
	"caption{text-align:left;font-weight:600;padding:.3rem 0}\n"
	"th,td{border-bottom:1px solid var(--rule);padding:.3rem .45rem;text-align:left;vertical-align:top}\n"
	"thead th{background:var(--band);border-bottom:2px solid #999}\n"
	"tr.group th{background:#e8f1f8;font-size:.95rem;padding-top:.5rem}\n"
	"tbody th{font-weight:500}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".hash{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.8rem;white-space:nowrap}\n"
	"table.prov{font-size:.82rem}table.prov td,table.prov th{padding:.2rem .4rem}\n"
	"ul.pages{margin:.2rem 0;padding-left:1rem}\n"
	"td.src{word-break:break-all}\ntd.words{min-width:7rem}\n"
	".badge{display:inline-block;padding:.05rem .5rem;border-radius:.8rem;font-weight:600;"
	"font-size:.8rem;white-space:nowrap;border:1px solid #333;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".stale{color:#a03c00;font-size:.8rem;font-weight:600}\n"
	".dq{color:#a03c00;font-weight:600;white-space:nowrap}td .dq,th .dq{font-size:.8rem}\n"
	".dq-line{font-size:.92rem;margin:.3rem 0 .5rem}ul.warnings{margin:.2rem 0;padding-left:1.2rem}"
	"tr.warnings td{font-size:.8rem;overflow-wrap:anywhere}\n"
	".glance{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}\n"
	".glance figure{flex:1 1 400px;max-width:500px;min-width:0}.glance .areas{flex:1 1 360px;min-width:0}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(480px,100%),1fr));gap:1rem}\n"
	".grid>*{min-width:0}\n"
	"@media (max-width:600px){body{padding:0 .6rem 1rem}h1{font-size:1.35rem}"
	".glance figure,.glance .areas{flex-basis:100%}}\n"
	/* provenance on a narrow screen: one block per source, each cell a labelled line */
	"@media (max-width:700px){table.prov,table.prov caption,table.prov tbody,table.prov tr,"
	"table.prov th,table.prov td{display:block;width:auto}table.prov thead{display:none}"
	"table.prov tr{border-bottom:1px solid var(--rule);padding:.3rem 0}"
	"table.prov th,table.prov td{border:0;padding:.05rem 0;text-align:left}table.prov th{font-weight:600}table.prov th .note{font-weight:400}"
	"table.prov td[data-label]::before{content:attr(data-label) \": \";font-weight:600}"
	"table.prov tr.warnings td{padding-bottom:.2rem}}\n"
	"figure{margin:0;break-inside:avoid;page-break-inside:avoid}\n"
	"figure svg{display:block;width:100%;height:auto;max-height:230mm}\n"
	"figcaption{font-size:.9rem;margin:.2rem 0 .6rem}\n"
	".missing{border:2px dashed #999;padding:2rem 1rem;text-align:center;color:var(--muted);"
	"background:var(--band)}\n"
	"ul.where{margin:.3rem 0;padding-left:1.2rem}\n"
	"footer{margin-top:2rem;border-top:1px solid var(--rule);color:var(--muted);font-size:.8rem}\n"
	"@page{size:A4;margin:12mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:9.5pt}.scroll{overflow:visible}"
	".grid{display:block}.grid figure{width:80%;margin:0 auto 4mm}"
	".glance{display:block}.glance figure{width:75%;margin:0 auto}"
	"h2{break-after:avoid;page-break-after:avoid}tr{break-inside:avoid;page-break-inside:avoid}"
	"thead{display:table-header-group}section.area{break-before:page;page-break-before:always}"
	".banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

struct page {
	const cJSON *kpis, *index;	/* index NULL when the charts are not usable */
	const char *charts_dir;
	struct buf why_missing;		/* why charts are absent, for the banner */
	size_t missing, inlined;
};

/*
 * A number cell: the value with its unit, or the band low..high as
 * published when it is one, then a note (year or interval); "–" for null.
 */
static void qty_cell_band(struct buf *o, double v, double lo, double hi, int d,
			  const char *unit, const char *note)
{
	struct buf t = BUF_INIT;
	buf_addstr(o, "<td class=\"num\">");
	if (isnan(v) && !qty_is_band(lo, hi)) {
		buf_addstr(o, "\u2013");
	} else {
		qty_fmt_point(&t, v, lo, hi, d, unit);
		html_escape(o, t.buf);
		if (note && *note) {
			buf_addstr(o, "<br><span class=\"note\">");
			html_escape(o, note);
			buf_addstr(o, "</span>");
		}
	}
	buf_addstr(o, "</td>");
	buf_release(&t);
}

/* A number cell: the value with its unit, then a note (year or interval). */
static void qty_cell(struct buf *o, double v, int d, const char *unit, const char *note)
{
	qty_cell_band(o, v, NAN, NAN, d, unit, note);
}

/* "(2019)" for a year, "" for null, into a small buffer. */
static const char *year_note(char out[16], double year)
{
	out[0] = '\0';
	if (!isnan(year))
		snprintf(out, 16, "(%d)", (int)year);
	return out;
}

static const cJSON *chart_entry(const struct page *pg, const char *kind, const char *subject)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, od_get(pg->index, "charts"))
		if (!strcmp(od_str(c, "kind"), kind) && !strcmp(od_str(c, "subject"), subject))
			return c;
	return NULL;
}

/* A chart as a figure: inlined when drawn, else a note saying why not. */
static void figure(struct buf *o, struct page *pg, const cJSON *c, const char *anchor,
		   const char *caption_html)
{
	struct buf path = BUF_INIT, svg = BUF_INIT, err = BUF_INIT;
	const char *name = od_str(c, "name");

	buf_addstr(o, "<figure");
	if (anchor) {
		buf_addstr(o, " id=\"");
		html_escape(o, anchor);
		buf_addch(o, '"');
	}
	buf_addstr(o, ">\n");
	if (!c || !pg->index) {
		buf_setf(&err, "%s", pg->why_missing.len ? pg->why_missing.buf : "not drawn");
	} else if (!cJSON_IsTrue(od_get(c, "drawn"))) {
		buf_setf(&err, "%s", od_str_or_null(c, "error") ? od_str(c, "error") : "not drawn");
	} else {
		struct buf prefix = BUF_INIT;
		path_join(&path, pg->charts_dir, od_str(c, "svg"));
		buf_addf(&prefix, "c%zu-", pg->inlined + 1);
		if (!file_read(path.buf, &svg, MAX_SVG_BYTES, &err) &&
		    !svg_inline(o, svg.buf, prefix.buf, od_str(c, "title"), od_str(c, "alt"), &err)) {
			pg->inlined++;
			buf_reset(&err);
		} else {
			buf_addf(&err, " (%s)", path.buf);
		}
		buf_release(&prefix);
	}
	if (err.len) {
		pg->missing++;
		buf_addstr(o, "<div class=\"missing\" role=\"img\" aria-label=\"");
		html_escape(o, od_str(c, "alt"));
		buf_addstr(o, "\">Chart not available");
		if (*name) {
			buf_addstr(o, " (");
			html_escape(o, name);
			buf_addch(o, ')');
		}
		buf_addstr(o, ": ");
		html_escape(o, err.buf);
		buf_addstr(o, "</div>\n");
	}
	buf_addf(o, "<figcaption>%s</figcaption>\n</figure>\n", caption_html);
	buf_release(&path);
	buf_release(&svg);
	buf_release(&err);
}

/* A note: shown whole when short, else its first sentence with the rest folded. */
static void note(struct buf *o, const char *text)
{
	const char *stop = strstr(text, ". ");
	size_t first = stop ? (size_t)(stop - text) + 1 : strlen(text);

	if (strlen(text) <= 160) {
		buf_addstr(o, "<p class=\"note\">");
		html_escape(o, text);
		buf_addstr(o, "</p>\n");
		return;
	}
	if (first > 160)
		first = 0;
	buf_addstr(o, "<details class=\"note\"><summary>");
	if (first) {
		struct buf head = BUF_INIT;
		buf_add(&head, text, first);
		html_escape(o, head.buf);
		buf_release(&head);
	} else {
		buf_addstr(o, "About these data");
	}
	buf_addstr(o, "</summary>\n<p>");
	html_escape(o, text + first);
	buf_addstr(o, "</p></details>\n");
}

static void header(struct buf *o, const cJSON *kpis, const char *now)
{
	const cJSON *profile = od_get(kpis, "profile"), *period = od_get(kpis, "period");
	int from = (int)od_num(period, "from"), to = (int)od_num(period, "to");
	double through = od_num(period, "data_through");
	struct buf computed = BUF_INIT, written = BUF_INIT;

	buf_addstr(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		   "style-src 'unsafe-inline'\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(o, od_str(profile, "name"));
	buf_addf(o, ": internationalization strategy %d\u2013%d</title>\n<style>\n%s%s</style>\n"
		 "</head>\n<body>\n<header>\n<h1>", from, to, page_css, html_peers_css);
	html_escape(o, od_str(profile, "name"));
	buf_addf(o, "</h1>\n<p class=\"sub\">Internationalization strategy %d\u2013%d: ", from, to);
	if (!isnan(through) && through >= to)
		buf_addf(o, "did we reach the %d targets?</p>\n", to);
	else
		buf_addf(o, "are we on track for %d?</p>\n", to);
	html_data_through(o, kpis);
	if (od_time_local(&computed, od_str_or_null(kpis, "generated_at"), true))
		buf_addstr(&computed, od_str(kpis, "generated_at"));
	if (od_time_local(&written, now, true))
		buf_addstr(&written, now);
	buf_addstr(o, "<p class=\"meta\">KPIs computed ");
	html_escape(o, computed.buf);
	buf_addstr(o, " by ");
	html_escape(o, od_str(kpis, "generator"));
	if (strcmp(computed.buf, written.buf)) {
		buf_addstr(o, "; report written ");
		html_escape(o, written.buf);
	}
	buf_addf(o, ". A KPI is judged on its %d value once the data reach %d, "
		 "before that on its forecast.</p>\n", to, to);
	if (*od_str(profile, "note"))
		note(o, od_str(profile, "note"));
	buf_addstr(o, "</header>\n");
	buf_release(&computed);
	buf_release(&written);
}

static void charts_banner(struct buf *o, const struct page *pg)
{
	if (!pg->missing)
		return;
	buf_addf(o, "<div class=\"banner charts\" role=\"alert\"><strong>\u26a0 %zu chart%s "
		 "could not be shown.</strong>", pg->missing, pg->missing == 1 ? "" : "s");
	if (pg->why_missing.len) {
		html_escape(o, pg->why_missing.buf);
		buf_addstr(o, ". ");
	}
	buf_addstr(o, "The tables below are complete; each missing chart says why.</div>\n");
}

static void glance(struct buf *o, struct page *pg)
{
	const cJSON *a, *kpis = pg->kpis;

	buf_addstr(o, "<section id=\"glance\">\n<h2>Areas at a glance</h2>\n<div class=\"glance\">\n");
	figure(o, pg, chart_entry(pg, "radar", "areas"), "radar",
	       "Area indices: the weighted mean of each area's KPIs' progress toward "
	       "the final targets, 0\u2013100 (rings at 25, 50, 75 and 100).");
	buf_addstr(o, "<div class=\"areas\">\n<table>\n<caption>Areas: index, status "
		   "and their KPIs' statuses</caption>\n<thead><tr>"
		   "<th scope=\"col\">Area</th><th scope=\"col\" class=\"num\">Index</th>"
		   "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(a, od_get(kpis, "areas")) {
		buf_addstr(o, "<tr><td><a href=\"#area-");
		html_escape(o, od_str(a, "id"));
		buf_addstr(o, "\">");
		html_escape(o, od_str(a, "title"));
		buf_addstr(o, "</a></td>");
		qty_cell(o, od_num(a, "index"), 0, "", NULL);
		buf_addstr(o, "<td>");
		html_badge(o, od_str(a, "status"));
		buf_addstr(o, "<br><span class=\"note\">");
		html_status_counts(o, od_get(a, "counts"));
		buf_addstr(o, "</span></td></tr>\n");
	}
	buf_addstr(o, "</tbody>\n</table>\n<p class=\"note\">An area is achieved (on track) "
		   "when at least 75% of its KPIs' weight is; nearly (at risk) when at least "
		   "75% is at worst nearly or at risk, or its index is within the status band "
		   "of 100; else missed (off track).</p>\n</div>\n</div>\n</section>\n");
}

/* The series point of year, or NULL. */
static const cJSON *point_at(const cJSON *k, double year)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, od_get(k, "series"))
		if (od_num(p, "year") == year)
			return p;
	return NULL;
}

/* A value or, where the point has one, its band as published, with a note. */
static void point_cell(struct buf *o, const cJSON *k, const cJSON *band, double v,
		       const char *note_text)
{
	qty_cell_band(o, v, od_num(band, "low"), od_num(band, "high"), od_decimals(k),
		      od_str(k, "unit"), note_text);
}

/* The final target, and under it each interim target with its judgement. */
static void target_cell(struct buf *o, const cJSON *k)
{
	const cJSON *fin = od_get(k, "final_target"), *m;
	const char *unit = od_str(k, "unit");
	int d = od_decimals(k);
	struct buf t = BUF_INIT;

	buf_addstr(o, "<td class=\"num\">");
	qty_fmt(&t, od_num(fin, "value"), d, unit);
	html_escape(o, t.buf);
	buf_addf(o, "<br><span class=\"note\">(%d)", (int)od_num(fin, "year"));
	cJSON_ArrayForEach(m, od_get(k, "interim")) {
		const char *st = od_str(m, "status");
		buf_reset(&t);
		qty_fmt(&t, od_num(m, "target"), d, unit);
		buf_addf(o, "<br>%d: ", (int)od_num(m, "year"));
		html_escape(o, t.buf);
		buf_addf(o, " %s", !strcmp(st, "achieved") ? "met" : !strcmp(st, "missed") ?
			 "<b>missed</b>" : !strcmp(st, "not_ranked") ? "<b>not ranked</b>" :
			 !strcmp(st, "pending") ? "ahead" : "no data");
	}
	buf_addstr(o, "</span></td>");
	buf_release(&t);
}

static void summary_row(struct buf *o, const cJSON *kpis, const cJSON *k)
{
	const cJSON *base = od_get(k, "baseline"), *latest = od_get(k, "latest");
	const cJSON *fc = od_get(k, "forecast");
	const char *unit = od_str(k, "unit");
	int d = od_decimals(k);
	double pr = od_num(latest, "progress");
	char y[16];
	struct buf band = BUF_INIT;
	const cJSON *bp = point_at(k, od_num(base, "year"));

	buf_addstr(o, "<tr><th scope=\"row\"><a href=\"#kpi-");
	html_escape(o, od_str(k, "id"));
	buf_addstr(o, "\">");
	html_escape(o, od_str(k, "title"));
	buf_addstr(o, "</a></th><td>");
	html_badge(o, od_str(k, "status"));
	if (cJSON_IsTrue(od_get(k, "stale")))
		buf_addstr(o, " <span class=\"stale\">stale data</span>");
	if (html_kpi_warned(kpis, k))
		buf_addstr(o, " <span class=\"dq\">\u26a0 data warnings</span>");
	buf_addstr(o, "</td>");
	point_cell(o, k, od_get(latest, "band"), od_num(latest, "value"),
		   year_note(y, od_num(latest, "year")));
	target_cell(o, k);
	buf_addstr(o, "<td class=\"words\">");
	html_escape(o, od_str_or_null(k, "gap_text") ? od_str(k, "gap_text") : "\u2013");
	buf_addstr(o, "</td>");
	if (isnan(pr))
		buf_addstr(o, "<td class=\"num\">\u2013</td>");
	else if (pr < 0)
		buf_addf(o, "<td class=\"words\">further from it than in %d</td>",
			 (int)od_num(base, "year"));
	else
		buf_addf(o, "<td class=\"num\">%.0f%%</td>", 100 * pr);
	if (!isnan(od_num(fc, "low")))
		buf_addf(&band, "80%%: %.*f\u2013%.*f", d, od_num(fc, "low"), d, od_num(fc, "high"));
	else if (!strcmp(od_str(fc, "method"), "actual"))
		buf_addstr(&band, "(actual)");
	else if (cJSON_IsObject(fc) && od_num(od_get(k, "trend"), "n") >= 3)
		buf_addstr(&band, "exact line, no interval");
	if (cJSON_IsObject(fc) && !od_forecast_quotable(k))
		buf_addstr(o, "<td class=\"words\">too few points</td>");
	else if (!strcmp(od_str(fc, "method"), "actual"))
		point_cell(o, k, od_get(point_at(k, od_num(fc, "year")), "band"),
			   od_num(fc, "value"), band.buf);
	else
		qty_cell(o, od_num(fc, "value"), d, unit, band.buf);
	point_cell(o, k, od_get(bp, "band"), od_num(base, "value"),
		   year_note(y, od_num(base, "year")));
	buf_addstr(o, "</tr>\n");
	buf_release(&band);
}

/* One row group per area, headed by the area; rows are its KPIs. */
static void summary(struct buf *o, const cJSON *kpis)
{
	const cJSON *a, *id, *k;
	buf_addstr(o, "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"scroll\">\n"
		   "<table>\n<caption>Every KPI by area: status, latest value, final target "
		   "(and interim targets), the gap to the final target, progress toward it, "
		   "forecast of the final year (80% interval) and baseline; a rank band as "
		   "published</caption>\n<thead><tr>"
		   "<th scope=\"col\">Area / KPI</th><th scope=\"col\">Status</th>"
		   "<th scope=\"col\" class=\"num\">Latest</th><th scope=\"col\" class=\"num\">Target</th>"
		   "<th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\" class=\"num\">Progress</th>"
		   "<th scope=\"col\" class=\"num\">Forecast</th><th scope=\"col\" class=\"num\">Baseline</th>"
		   "</tr></thead>\n");
	cJSON_ArrayForEach(a, od_get(kpis, "areas")) {
		buf_addstr(o, "<tbody>\n<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"8\">");
		html_escape(o, od_str(a, "title"));
		buf_addstr(o, "</th></tr>\n");
		cJSON_ArrayForEach(id, od_get(a, "kpis"))
			cJSON_ArrayForEach(k, od_get(kpis, "kpis"))
				if (cJSON_IsString(id) && !strcmp(od_str(k, "id"), id->valuestring))
					summary_row(o, kpis, k);
		buf_addstr(o, "</tbody>\n");
	}
	buf_addstr(o, "</table>\n</div>\n</section>\n");
}

/* The charts about a metric rather than one KPI, placed where pred says. */
static void extra_charts(struct buf *o, struct page *pg, const char *area)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, od_get(pg->index, "charts")) {
		const char *kind = od_str(c, "kind"), *ca = od_str_or_null(c, "area");
		struct buf cap = BUF_INIT;
		if (strcmp(kind, "bars") && strcmp(kind, "lines"))
			continue;
		if (area ? !ca || strcmp(ca, area) : ca != NULL)
			continue;
		html_escape(&cap, od_str(c, "title"));
		figure(o, pg, c, od_str(c, "name"), cap.buf);
		buf_release(&cap);
	}
}

static void area_sections(struct buf *o, struct page *pg)
{
	const cJSON *a, *id, *kpis = pg->kpis;
	struct buf cap = BUF_INIT, anchor = BUF_INIT;

	cJSON_ArrayForEach(a, od_get(kpis, "areas")) {
		double index = od_num(a, "index");
		buf_addstr(o, "<section class=\"area\" id=\"area-");
		html_escape(o, od_str(a, "id"));
		buf_addstr(o, "\">\n<h2>");
		html_escape(o, od_str(a, "title"));
		buf_addstr(o, "</h2>\n<p>");
		html_badge(o, od_str(a, "status"));
		if (isnan(index))
			buf_addstr(o, " Index: no data. ");
		else
			buf_addf(o, " Index %.0f of 100. ", index);
		buf_addstr(o, "KPIs: ");
		html_status_counts(o, od_get(a, "counts"));
		buf_addstr(o, ". ");
		html_escape(o, od_str(a, "description"));
		buf_addstr(o, "</p>\n<div class=\"grid\">\n");
		cJSON_ArrayForEach(id, od_get(a, "kpis")) {
			const cJSON *k;
			if (!cJSON_IsString(id))
				continue;
			cJSON_ArrayForEach(k, od_get(kpis, "kpis")) {
				if (strcmp(od_str(k, "id"), id->valuestring))
					continue;
				buf_reset(&cap);
				buf_reset(&anchor);
				buf_addf(&anchor, "kpi-%s", id->valuestring);
				html_badge(&cap, od_str(k, "status"));
				buf_addstr(&cap, " <b>");
				html_escape(&cap, od_str(k, "title"));
				buf_addstr(&cap, "</b> <span class=\"id\">");
				html_escape(&cap, id->valuestring);
				buf_addstr(&cap, "</span>");
				if (*od_str(k, "description")) {
					buf_addstr(&cap, "<br>");
					html_escape(&cap, od_str(k, "description"));
				}
				figure(o, pg, chart_entry(pg, "kpi", id->valuestring), anchor.buf, cap.buf);
			}
		}
		extra_charts(o, pg, od_str(a, "id"));
		buf_addstr(o, "</div>\n");
		html_coverage(o, kpis, od_str(a, "id"));
		buf_addstr(o, "</section>\n");
	}
	buf_release(&cap);
	buf_release(&anchor);
}

/* Loads charts/index.json when it was drawn from this kpis.json. */
static void load_index(struct page *pg, const char *out_dir, cJSON **index)
{
	struct buf err = BUF_INIT, charts = BUF_INIT;

	path_join(&charts, out_dir, CHARTS_DIR);
	if (od_load(charts.buf, CHARTS_INDEX, CHARTS_SCHEMA, index, &err)) {
		buf_setf(&pg->why_missing, "the charts were not drawn (%s; run 'intlkpi plot')", err.buf);
	} else if (strcmp(od_str(*index, "kpis_generated_at"), od_str(pg->kpis, "generated_at"))) {
		buf_setf(&pg->why_missing, "the charts are older than kpis.json (run 'intlkpi plot')");
		cJSON_Delete(*index);
		*index = NULL;
	} else if (od_str_or_null(*index, "error")) {
		buf_setf(&pg->why_missing, "%s", od_str(*index, "error"));
	}
	pg->index = *index;
	buf_release(&err);
	buf_release(&charts);
}

int report_html_write(const char *out_dir, struct buf *err)
{
	cJSON *kpis = NULL, *index = NULL;
	struct page pg = { 0 };
	struct buf o = BUF_INIT, path = BUF_INIT, charts = BUF_INIT, body = BUF_INIT;
	char now[21];
	int rc = 0;

	if (od_load(out_dir, "kpis.json", KPIS_SCHEMA, &kpis, err))
		return -1;
	pg.kpis = kpis;
	buf_init(&pg.why_missing, 0);
	path_join(&charts, out_dir, CHARTS_DIR);
	pg.charts_dir = charts.buf;
	load_index(&pg, out_dir, &index);
	iso_time((long long)time(NULL), now);

	/* the body first: the banner above it counts the charts it could not show */
	html_headline(&body, kpis);
	glance(&body, &pg);
	html_peers(&body, kpis);
	html_partners(&body, out_dir, kpis);
	summary(&body, kpis);
	area_sections(&body, &pg);
	if (pg.index) {
		struct buf other = BUF_INIT;
		extra_charts(&other, &pg, NULL);
		if (other.len)
			buf_addf(&body, "<section id=\"other\">\n<h2>Other charts</h2>\n"
				 "<div class=\"grid\">\n%s</div>\n</section>\n", other.buf);
		buf_release(&other);
	}
	html_provenance(&body, kpis);

	header(&o, kpis, now);
	html_illustrative_banner(&o, kpis);
	html_stale_banner(&o, kpis);
	charts_banner(&o, &pg);
	buf_addf(&o, "<main>\n%s</main>\n<footer><p>Generated by ", body.buf);
	html_escape(&o, od_str(kpis, "generator"));
	buf_addstr(&o, " from kpis.json (schema " KPIS_SCHEMA "); every chart is also in "
		   "charts/ as SVG and PNG.</p></footer>\n</body>\n</html>\n");

	path_join(&path, out_dir, "report.html");
	if (file_write_atomic(path.buf, o.buf, o.len, err)) {
		rc = -1;
	} else if (pg.missing) {
		buf_setf(err, "wrote %s without %zu chart%s: %s", path.buf, pg.missing,
			 pg.missing == 1 ? "" : "s",
			 pg.why_missing.len ? pg.why_missing.buf : "see the report");
		rc = 1;
	}
	cJSON_Delete(kpis);
	cJSON_Delete(index);
	buf_release(&pg.why_missing);
	buf_release(&o);
	buf_release(&path);
	buf_release(&charts);
	buf_release(&body);
	return rc;
}
