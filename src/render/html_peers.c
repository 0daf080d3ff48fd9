/* report.html: "Against peers" and the coverage of the open data (docs/report.md). */
#include "render/html_peers.h"
#include "render/outdoc.h"
#include "util/qty.h"
#include "util/utf8.h"
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

const char html_peers_css[] =
	".peers th.inst{white-space:normal;min-width:9rem}.peers td.pos{white-space:nowrap}\n"
	".peers th.group{white-space:normal;text-align:right;min-width:7rem;max-width:14rem}"
	".peers tbody th.ind{min-width:11rem}\n"
	".peers tr.us th,.peers tr.us td{background:#eef5fb;font-weight:600}\n"
	".place{font-size:.8rem;color:var(--muted)}.dagger{color:#a03c00}\n"
	".cover{border-left:4px solid #E69F00;background:#fff9e6;padding:.5rem .8rem;margin:.6rem 0}\n"
	".state{display:inline-block;padding:.05rem .45rem;border-radius:.7rem;font-size:.78rem;"
	"font-weight:600;border:1px solid #333;white-space:nowrap;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".state.dormant{background:#D55E00;color:#fff}.state.candidate{background:#56B4E9;color:#000}\n"
	".state.active{background:#009E73;color:#fff}.state.expired{background:#ddd;color:#000}"
	".state.new{background:#F0E442;color:#000}\n"
	".years{font-variant-numeric:tabular-nums;white-space:nowrap}.sha{word-break:break-all}\n"
	/* narrow screens: each row of a .cards table is a card, each cell labelled */
	"@media (max-width:600px){table.cards thead{display:none}table.cards,table.cards tbody,"
	"table.cards tr,table.cards th,table.cards td{display:block;width:auto}"
	"table.cards tr{border:1px solid var(--rule);border-radius:4px;margin:.5rem 0;padding:.2rem .4rem}"
	"table.cards th,table.cards td{border:0;text-align:left;padding:.15rem .2rem;white-space:normal;"
	"min-width:0;max-width:none}"
	"table.cards td[data-label]::before{content:attr(data-label);display:block;font-size:.75rem;"
	"color:var(--muted)}table.cards caption{display:block}}\n";

/* "1st", "2nd", "3rd", "4th", ... */
static void ordinal(struct buf *o, int n)
{
	const char *s = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" :
			n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
	buf_addf(o, "%d%s", n, s);
}

/* A peer's name, with a dagger when its ids are not verified. */
static void peer_name(struct buf *o, const cJSON *inst)
{
	html_escape(o, od_str(inst, "name"));
	if (!cJSON_IsTrue(od_get(inst, "ids_verified")))
		buf_addstr(o, "<span class=\"dagger\" title=\"ids not verified\">\u2020</span>");
}

/* A position as published: "185", "301–350", "1501+", or why there is none. */
static void position(struct buf *o, const cJSON *p)
{
	switch (od_position(o, p)) {
	case OD_POS_RANKED:
		break;
	case OD_POS_NOT_RANKED:
		buf_addstr(o, "<span class=\"note\">not ranked</span>");
		break;
	case OD_POS_LISTED:
		buf_addstr(o, "<span class=\"note\">listed, no rank</span>");
		break;
	case OD_POS_NONE:
		buf_addstr(o, "\u2013");
		break;
	}
}

/* The unit as shown after a number: none for a ranking's score (0-100 points). */
static const char *unit_of(const cJSON *ind)
{
	const char *u = od_str(ind, "unit");
	return strcmp(u, "score") && strcmp(u, "points") ? u : "";
}

static const char *why_words(const char *why)
{
	return !strcmp(why, "not_ranked") ? "not ranked" :
	       !strcmp(why, "not_published") ? "not published" : "no data";
}

/* A value of an indicator, or why it has none. */
static void value(struct buf *o, const cJSON *v, const cJSON *ind)
{
	struct buf t = BUF_INIT;
	double x = od_num(v, "value");

	if (isnan(x)) {
		buf_addstr(o, "<span class=\"note\">");
		buf_addstr(o, why_words(od_str(v, "why")));
		buf_addstr(o, "</span>");
	} else {
		qty_fmt(&t, x, od_decimals(ind), unit_of(ind));
		html_escape(o, t.buf);
	}
	buf_release(&t);
}

/* The latest edition of an indicator in which the university or a peer has a value. */
static const cJSON *latest_year(const cJSON *ind)
{
	const cJSON *y, *best = NULL;

	cJSON_ArrayForEach(y, od_get(ind, "years")) {
		const cJSON *p;
		bool any = !isnan(od_num(od_get(y, "university"), "value"));
		cJSON_ArrayForEach(p, od_get(y, "peers"))
			any |= !isnan(od_num(p, "value"));
		if (any)
			best = y;
	}
	return best;
}

/* The title of group id ("" for every peer), from the peers member. */
static const char *group_title(const cJSON *peers, const char *id)
{
	const cJSON *g;

	cJSON_ArrayForEach(g, od_get(peers, "groups"))
		if (id && !strcmp(od_str(g, "id"), id))
			return od_str(g, "title");
	return "Peers";
}

/* A row of institutions opened with its name: the university (row -1), else peer row. */
static void row_head(struct buf *o, const cJSON *kpis, const cJSON *peers, int row)
{
	const cJSON *inst = row < 0 ? NULL : cJSON_GetArrayItem(od_get(peers, "institutions"), row);

	buf_addstr(o, row < 0 ? "<tr class=\"us\"><th scope=\"row\" class=\"inst\">" :
		   "<tr><th scope=\"row\" class=\"inst\">");
	if (inst)
		peer_name(o, inst);
	else
		html_escape(o, od_str(od_get(kpis, "profile"), "name"));
	buf_addstr(o, "</th>");
}

/* The latest edition of a ranking. */
static const cJSON *last_edition(const cJSON *r)
{
	const cJSON *e = od_get(r, "editions");
	int n = cJSON_GetArraySize(e);

	return n ? cJSON_GetArrayItem(e, n - 1) : NULL;
}

/* Positions: the latest edition of every ranking, one row per institution. */
static void positions(struct buf *o, const cJSON *kpis, const cJSON *peers)
{
	const cJSON *r;
	int row = -1;

	buf_addstr(o, "<div class=\"scroll\"><table class=\"peers cards\">\n<caption>Positions as "
		   "published, latest edition (bands as bands)</caption>\n<thead><tr>"
		   "<th scope=\"col\">Institution</th>");
	cJSON_ArrayForEach(r, od_get(peers, "rankings")) {
		const cJSON *e = last_edition(r);
		buf_addstr(o, "<th scope=\"col\">");
		html_escape(o, od_str(r, "title"));
		if (e)
			buf_addf(o, " %d", (int)od_num(e, "year"));
		buf_addstr(o, "</th>");
	}
	buf_addstr(o, "</tr></thead>\n<tbody>\n");
	/* the university first (row -1), then each peer */
	for (; row < cJSON_GetArraySize(od_get(peers, "institutions")); row++) {
		row_head(o, kpis, peers, row);
		cJSON_ArrayForEach(r, od_get(peers, "rankings")) {
			const cJSON *e = last_edition(r);
			buf_addstr(o, "<td class=\"pos\" data-label=\"");
			html_escape(o, od_str(r, "title"));
			if (e)
				buf_addf(o, " %d", (int)od_num(e, "year"));
			buf_addstr(o, "\">");
			if (!e)
				buf_addstr(o, "\u2013");
			else
				position(o, row < 0 ? od_get(e, "university") :
					 cJSON_GetArrayItem(od_get(e, "peers"), row));
			buf_addstr(o, "</td>");
		}
		buf_addstr(o, "</tr>\n");
	}
	buf_addstr(o, "</tbody>\n</table></div>\n");
}

/* Every edition of every ranking, folded. */
static void editions(struct buf *o, const cJSON *kpis, const cJSON *peers)
{
	const cJSON *r, *e;

	cJSON_ArrayForEach(r, od_get(peers, "rankings")) {
		int row;
		buf_addstr(o, "<details class=\"note\"><summary>Every edition of ");
		html_escape(o, od_str(r, "title"));
		buf_addstr(o, "</summary>\n<div class=\"scroll\"><table class=\"peers\">\n<thead><tr>"
			   "<th scope=\"col\">Institution</th>");
		cJSON_ArrayForEach(e, od_get(r, "editions"))
			buf_addf(o, "<th scope=\"col\" class=\"num\">%d</th>", (int)od_num(e, "year"));
		buf_addstr(o, "</tr></thead>\n<tbody>\n");
		for (row = -1; row < cJSON_GetArraySize(od_get(peers, "institutions")); row++) {
			row_head(o, kpis, peers, row);
			cJSON_ArrayForEach(e, od_get(r, "editions")) {
				buf_addstr(o, "<td class=\"pos\">");
				position(o, row < 0 ? od_get(e, "university") :
					 cJSON_GetArrayItem(od_get(e, "peers"), row));
				buf_addstr(o, "</td>");
			}
			buf_addstr(o, "</tr>\n");
		}
		buf_addstr(o, "</tbody>\n</table></div></details>\n");
	}
}

/* One group's cell: the median with the quartiles, and the university's place. */
static void group_cell(struct buf *o, const cJSON *g, const cJSON *ind, const char *title)
{
	struct buf t = BUF_INIT;
	double n = od_num(g, "n"), place = od_num(g, "place");
	int d = od_decimals(ind);

	buf_addstr(o, "<td class=\"num\" data-label=\"");
	html_escape(o, title);
	buf_addstr(o, ": median (quartiles), place\">");
	if (!(n > 0)) {
		buf_addstr(o, "<span class=\"note\">no peer has a value</span></td>");
		return;
	}
	qty_fmt(&t, od_num(g, "median"), d, unit_of(ind));
	html_escape(o, t.buf);
	if (n > 1)
		buf_addf(o, " <span class=\"note\">(%.*f\u2013%.*f)</span>", d, od_num(g, "q1"), d,
			 od_num(g, "q3"));
	buf_addstr(o, "<br><span class=\"place\">");
	if (isnan(place)) {
		buf_addf(o, "%.0f peer%s", n, n == 1 ? "" : "s");
	} else {
		ordinal(o, (int)place);
		buf_addf(o, " of %.0f", od_num(g, "of"));
	}
	buf_addstr(o, "</span></td>");
	buf_release(&t);
}

/* The year's coverage share of the open data when below its threshold, else NAN. */
static double coverage_below(const cJSON *kpis, const char *kpi, int year)
{
	const cJSON *c = od_get(kpis, "coverage"), *k, *y;
	bool mine = false;

	cJSON_ArrayForEach(k, od_get(c, "kpis"))
		mine |= cJSON_IsString(k) && kpi && !strcmp(k->valuestring, kpi);
	if (!mine)
		return NAN;
	cJSON_ArrayForEach(y, od_get(c, "years"))
		if ((int)od_num(y, "year") == year && cJSON_IsTrue(od_get(y, "below")))
			return od_num(y, "share");
	return NAN;
}

/* The indicators: the university beside each group's median, quartiles and place. */
static void indicators(struct buf *o, const cJSON *kpis, const cJSON *peers)
{
	const cJSON *ind, *g, *first = NULL;

	cJSON_ArrayForEach(ind, od_get(peers, "indicators"))
		if (latest_year(ind)) {
			first = latest_year(ind);
			break;
		}
	if (!first)
		return;
	buf_addstr(o, "<div class=\"scroll\"><table class=\"peers cards\">\n<caption>The university beside "
		   "each peer group: the group's median (quartiles) and its place in the group, latest "
		   "edition</caption>\n<thead><tr><th scope=\"col\">Indicator</th>"
		   "<th scope=\"col\" class=\"num\">Year</th><th scope=\"col\" class=\"num\">");
	html_escape(o, od_str(od_get(kpis, "profile"), "name"));
	buf_addstr(o, "</th>");
	cJSON_ArrayForEach(g, od_get(first, "groups")) {
		buf_addstr(o, "<th scope=\"col\" class=\"group\">");
		html_escape(o, group_title(peers, od_str_or_null(g, "group")));
		buf_addstr(o, "</th>");
	}
	buf_addstr(o, "</tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(ind, od_get(peers, "indicators")) {
		const cJSON *y = latest_year(ind);
		double cov;
		if (!y)
			continue;
		buf_addstr(o, "<tr><th scope=\"row\" class=\"ind\">");
		html_escape(o, od_str(ind, "title"));
		if (od_str_or_null(ind, "kpi"))
			buf_addstr(o, " <span class=\"note\">(KPI)</span>");
		if (od_str_or_null(ind, "note")) {
			buf_addstr(o, "<br><span class=\"note\">");
			html_escape(o, od_str(ind, "note"));
			buf_addstr(o, "</span>");
		}
		cov = coverage_below(kpis, od_str_or_null(ind, "kpi"), (int)od_num(y, "year"));
		if (!isnan(cov))
			buf_addf(o, "<br><span class=\"note\">%d's figures rest on %.1f%% of the works "
				 "(coverage of the open data)</span>", (int)od_num(y, "year"), 100 * cov);
		buf_addf(o, "</th><td class=\"num\" data-label=\"Year\">%d</td>"
			 "<td class=\"num\" data-label=\"", (int)od_num(y, "year"));
		html_escape(o, od_str(od_get(kpis, "profile"), "name"));
		buf_addstr(o, "\">");
		value(o, od_get(y, "university"), ind);
		buf_addstr(o, "</td>");
		cJSON_ArrayForEach(g, od_get(y, "groups"))
			group_cell(o, g, ind, group_title(peers, od_str_or_null(g, "group")));
		buf_addstr(o, "</tr>\n");
	}
	buf_addstr(o, "</tbody>\n</table></div>\n");
}

/* Each peer's value of every indicator, latest edition, folded. */
static void peer_values(struct buf *o, const cJSON *peers)
{
	const cJSON *ind, *inst;
	int row = 0;

	buf_addstr(o, "<details class=\"note\"><summary>Each peer's values</summary>\n"
		   "<div class=\"scroll\"><table class=\"peers\">\n<thead><tr><th scope=\"col\">"
		   "Institution</th>");
	cJSON_ArrayForEach(ind, od_get(peers, "indicators")) {
		const cJSON *y = latest_year(ind);
		if (!y)
			continue;
		buf_addstr(o, "<th scope=\"col\" class=\"num\">");
		html_escape(o, od_str(ind, "title"));
		buf_addf(o, " %d</th>", (int)od_num(y, "year"));
	}
	buf_addstr(o, "</tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(inst, od_get(peers, "institutions")) {
		buf_addstr(o, "<tr><th scope=\"row\" class=\"inst\">");
		peer_name(o, inst);
		buf_addstr(o, "</th>");
		cJSON_ArrayForEach(ind, od_get(peers, "indicators")) {
			const cJSON *y = latest_year(ind);
			if (!y)
				continue;
			buf_addstr(o, "<td class=\"num\">");
			value(o, cJSON_GetArrayItem(od_get(y, "peers"), row), ind);
			buf_addstr(o, "</td>");
		}
		buf_addstr(o, "</tr>\n");
		row++;
	}
	buf_addstr(o, "</tbody>\n</table></div></details>\n");
}

void html_peers(struct buf *o, const cJSON *kpis)
{
	const cJSON *peers = od_get(kpis, "peers"), *g, *inst;
	bool unverified = false;
	size_t n = 0;

	if (!cJSON_IsObject(peers) || !cJSON_GetArraySize(od_get(peers, "institutions")))
		return;
	cJSON_ArrayForEach(inst, od_get(peers, "institutions"))
		unverified |= !cJSON_IsTrue(od_get(inst, "ids_verified"));
	buf_addstr(o, "<section id=\"peers\">\n<h2>Against peers</h2>\n<p>");
	html_escape(o, od_str(od_get(kpis, "profile"), "name"));
	buf_addstr(o, " beside ");
	cJSON_ArrayForEach(g, od_get(peers, "groups")) {
		buf_addstr(o, n++ ? " and " : "the peer groups ");
		html_escape(o, od_str(g, "title"));
		buf_addf(o, " (%d)", cJSON_GetArraySize(od_get(g, "members")));
	}
	if (!n)
		buf_addf(o, "its %d peers", cJSON_GetArraySize(od_get(peers, "institutions")));
	buf_addstr(o, ". A place of 1st is the best in the group; a missing value says why: "
		   "<i>not ranked</i> (no row in the edition), <i>not published</i> (a row without "
		   "the figure), <i>no data</i>.");
	if (unverified)
		buf_addstr(o, " <span class=\"dagger\">\u2020</span> the institution's OpenAlex and ROR "
			   "ids are not verified: its co-authorship figures may be another institution's.");
	buf_addstr(o, "</p>\n");
	indicators(o, kpis, peers);
	peer_values(o, peers);
	if (cJSON_GetArraySize(od_get(peers, "rankings"))) {
		positions(o, kpis, peers);
		editions(o, kpis, peers);
	}
	buf_addstr(o, "</section>\n");
}

void html_coverage(struct buf *o, const cJSON *kpis, const char *area)
{
	const cJSON *c = od_get(kpis, "coverage"), *k, *y, *all;
	bool here = false, below = false;

	if (!cJSON_IsObject(c))
		return;
	/* beside the co-authorship KPIs: in the area of the first of them */
	cJSON_ArrayForEach(k, od_get(c, "kpis")) {
		cJSON_ArrayForEach(all, od_get(kpis, "kpis"))
			if (cJSON_IsString(k) && !strcmp(od_str(all, "id"), k->valuestring)) {
				here = !strcmp(od_str(all, "area"), area);
				break;
			}
		break;
	}
	if (!here)
		return;
	cJSON_ArrayForEach(y, od_get(c, "years"))
		below |= cJSON_IsTrue(od_get(y, "below"));
	buf_addstr(o, "<div class=\"cover\" id=\"coverage\"><b>How much of the open data the "
		   "co-authorship figures stand on.</b> ");
	cJSON_ArrayForEach(y, od_get(c, "years"))
		if (cJSON_IsTrue(od_get(y, "below")))
			buf_addf(o, "%d's co-authorship figures rest on %.1f%% of the works. ",
				 (int)od_num(y, "year"), 100 * od_num(y, "share"));
	if (!below)
		buf_addf(o, "Every year is above %.0f%%. ", 100 * od_num(c, "threshold"));
	buf_addf(o, "A work counts fully when every authorship has an institution and a country; "
		 "works that name the university but are not linked to it are missed altogether "
		 "(threshold %.0f%%).\n", 100 * od_num(c, "threshold"));
	buf_addstr(o, "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Year</th>"
		   "<th scope=\"col\" class=\"num\">Works linked</th><th scope=\"col\" class=\"num\">"
		   "with an authorship lacking institution or country</th><th scope=\"col\" "
		   "class=\"num\">found by name, not linked</th><th scope=\"col\" class=\"num\">"
		   "Coverage</th></tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(y, od_get(c, "years")) {
		double share = od_num(y, "share");
		buf_addf(o, "<tr><th scope=\"row\">%d</th>", (int)od_num(y, "year"));
		for (int i = 0; i < 3; i++) {
			double v = od_num(y, i == 0 ? "works" : i == 1 ? "incomplete" : "unlinked");
			if (isnan(v))
				buf_addstr(o, "<td class=\"num\">\u2013</td>");
			else
				buf_addf(o, "<td class=\"num\">%.0f</td>", v);
		}
		if (isnan(share))
			buf_addstr(o, "<td class=\"num\">\u2013</td>");
		else
			buf_addf(o, "<td class=\"num\">%s%.1f%%%s</td>",
				 cJSON_IsTrue(od_get(y, "below")) ? "<b>" : "", 100 * share,
				 cJSON_IsTrue(od_get(y, "below")) ? "</b>" : "");
		buf_addstr(o, "</tr>\n");
	}
	buf_addstr(o, "</tbody>\n</table></div></div>\n");
}
