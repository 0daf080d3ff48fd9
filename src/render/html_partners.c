/* report.html: the partner portfolio, from partners.json (docs/report.md). */
#include "render/html_peers.h"
#include "render/outdoc.h"
#include "util/schema.h"
#include "util/utf8.h"
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

/* Candidates shown before the fold; the others are in the full table. */
#define TOP_CANDIDATES 10

static void state_chip(struct buf *o, const char *state)
{
	buf_addstr(o, "<span class=\"state ");
	html_escape(o, state);
	buf_addstr(o, "\">");
	html_escape(o, state);
	buf_addstr(o, "</span>");
}

/* "3 · 0 · 5 · 2 · 7": a value per year, "–" for null. */
static void per_year(struct buf *o, const cJSON *years, const char *key, const char *key2)
{
	const cJSON *y;
	int n = 0;

	buf_addstr(o, "<span class=\"years\">");
	cJSON_ArrayForEach(y, years) {
		double v = od_num(y, key), w = key2 ? od_num(y, key2) : NAN;
		if (n++)
			buf_addstr(o, " \u00b7 ");
		if (isnan(v))
			buf_addstr(o, "\u2013");
		else if (key2 && !isnan(w))
			buf_addf(o, "%.0f/%.0f", v, w);
		else
			buf_addf(o, "%.0f", v);
	}
	buf_addstr(o, "</span>");
}

/* A date's year ("2016-10-15" -> 2016), or the text as written. */
static void year_of(struct buf *o, const char *date)
{
	if (strlen(date) >= 4 && strspn(date, "0123456789") >= 4 && (!date[4] || date[4] == '-')) {
		buf_add(o, date, 4);
		return;
	}
	html_escape(o, *date ? date : "?");
}

static void agreements(struct buf *o, const cJSON *p)
{
	const cJSON *a;
	int n = 0;

	cJSON_ArrayForEach(a, od_get(p, "agreements")) {
		if (n++)
			buf_addstr(o, "<br>");
		html_escape(o, *od_str(a, "programme") ? od_str(a, "programme") : od_str(a, "type"));
		buf_addstr(o, " <span class=\"note\">");
		if (*od_str(a, "end")) {
			year_of(o, od_str(a, "start"));
			buf_addstr(o, "\u2013");
			year_of(o, od_str(a, "end"));
		} else {
			buf_addstr(o, "since ");
			year_of(o, od_str(a, "start"));
		}
		buf_addstr(o, "</span>");
	}
	if (!n)
		buf_addstr(o, "<span class=\"note\">none</span>");
}

static void row(struct buf *o, const cJSON *p, const char *span)
{
	const cJSON *years = od_get(p, "years");

	buf_addstr(o, "<tr><th scope=\"row\">");
	html_escape(o, od_str(p, "name"));
	if (*od_str(p, "country")) {
		buf_addstr(o, " <span class=\"note\">");
		html_escape(o, od_str(p, "country"));
		buf_addstr(o, "</span>");
	}
	buf_addstr(o, "</th><td>");
	state_chip(o, od_str(p, "state"));
	buf_addstr(o, "<br><span class=\"note\">");
	html_escape(o, od_str(p, "reason"));
	buf_addstr(o, "</span></td><td data-label=\"Agreements\">");
	agreements(o, p);
	buf_addf(o, "</td><td data-label=\"Joint works %s\">", span);
	per_year(o, years, "joint_works", NULL);
	buf_addf(o, "</td><td data-label=\"Mobility in/out %s\">", span);
	per_year(o, years, "mobility_in", "mobility_out");
	buf_addstr(o, "</td></tr>\n");
}

static void table_head(struct buf *o, const cJSON *doc, const char *caption, bool cards)
{
	double from = od_num(doc, "from"), to = od_num(doc, "as_of");

	buf_addf(o, "<div class=\"scroll\"><table class=\"partners%s\">\n<caption>",
		 cards ? " cards" : "");
	html_escape(o, caption);
	buf_addf(o, "</caption>\n<thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">State</th>"
		 "<th scope=\"col\">Agreements</th><th scope=\"col\">Joint works %.0f\u2013%.0f</th>"
		 "<th scope=\"col\">Mobility in/out %.0f\u2013%.0f</th></tr></thead>\n<tbody>\n",
		 from, to, from, to);
}

void html_partners(struct buf *o, const char *out_dir, const cJSON *kpis)
{
	cJSON *doc = NULL;
	struct buf err = BUF_INIT;
	const cJSON *p, *c, *rules;
	int candidates = 0, shown = 0;
	char span[32];

	if (od_load(out_dir, "partners.json", PARTNERS_SCHEMA, &doc, &err) ||
	    strcmp(od_str(doc, "generated_at"), od_str(kpis, "generated_at"))) {
		cJSON_Delete(doc);
		buf_release(&err);
		return;
	}
	c = od_get(doc, "counts");
	rules = od_get(doc, "rules");
	buf_addf(o, "<section id=\"partners\">\n<h2>Partner portfolio</h2>\n<p>In %.0f: "
		 "<b>%.0f active</b>, <b>%.0f dormant</b> agreements, <b>%.0f candidates</b> for an "
		 "agreement, %.0f new, %.0f expired. <i>Active</i>: an agreement in force and joint works or "
		 "mobility in the last %.0f years; <i>dormant</i>: an agreement without either (<i>new</i> "
		 "when it was signed that year); "
		 "<i>candidate</i>: at least %.0f joint works in %.0f years and no agreement (the "
		 "rule of QS's International Research Network). Joint works from OpenAlex; "
		 "mobility from the university's records; per year, oldest first.</p>\n",
		 od_num(doc, "as_of"), od_num(c, "active"), od_num(c, "dormant"),
		 od_num(c, "candidate"), od_num(c, "new"), od_num(c, "expired"), od_num(rules, "active_years"),
		 od_num(rules, "candidate_works"), od_num(rules, "candidate_years"));
	snprintf(span, sizeof(span), "%.0f\u2013%.0f", od_num(doc, "from"), od_num(doc, "as_of"));
	table_head(o, doc, "What needs a decision: dormant agreements and the strongest candidates", true);
	cJSON_ArrayForEach(p, od_get(doc, "partners")) {
		const char *st = od_str(p, "state");
		if (!strcmp(st, "dormant") ||
		    (!strcmp(st, "candidate") && candidates++ < TOP_CANDIDATES)) {
			row(o, p, span);
			shown++;
		}
	}
	if (!shown)
		buf_addstr(o, "<tr><td colspan=\"5\">No dormant agreement and no candidate.</td></tr>\n");
	buf_addstr(o, "</tbody>\n</table></div>\n");
	buf_addf(o, "<details class=\"note\"><summary>Every partner (%d)</summary>\n",
		 cJSON_GetArraySize(od_get(doc, "partners")));
	table_head(o, doc, "Every partner, in the same order", false);
	cJSON_ArrayForEach(p, od_get(doc, "partners"))
		row(o, p, span);
	buf_addstr(o, "</tbody>\n</table></div>\n");
	if (cJSON_GetArraySize(od_get(doc, "unmatched_mobility"))) {
		const cJSON *u;
		int n = 0;
		buf_addstr(o, "<p class=\"note\">Mobility with institutions not in the registry: ");
		cJSON_ArrayForEach(u, od_get(doc, "unmatched_mobility")) {
			if (n++)
				buf_addstr(o, "; ");
			html_escape(o, cJSON_IsString(u) ? u->valuestring : "");
		}
		buf_addstr(o, ".</p>\n");
	}
	buf_addstr(o, "</details>\n<p class=\"note\">From ");
	html_escape(o, od_str(od_get(doc, "registry"), "path"));
	buf_addstr(o, " (SHA-256 <span class=\"sha\">");
	html_escape(o, od_str(od_get(doc, "registry"), "sha256"));
	buf_addstr(o, "</span>); every figure per partner and year is in partners.json and partners.csv.</p>\n"
		   "</section>\n");
	cJSON_Delete(doc);
	buf_release(&err);
}
