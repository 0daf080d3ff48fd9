/* The provenance appendix of report.html: one row per source (docs/report.md). */
#include "render/html_sources.h"
#include "render/outdoc.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Shown of a SHA-256 in the table: enough to tell files apart; kpis.json has all 64. */
#define HASH_SHOWN 12

/* A time as a date people read ("2 December 2026"), else as it is, else "never". */
static void date(struct buf *o, const char *iso)
{
	struct buf t = BUF_INIT;
	if (!iso)
		buf_addstr(&t, "never");
	else if (od_time_local(&t, iso, false))
		buf_addstr(&t, iso);
	html_escape(o, t.buf);
	buf_release(&t);
}

static void short_hash(struct buf *o, const char *sha)
{
	if (!*sha)
		return;
	buf_addstr(o, "<span class=\"hash\">sha256 ");
	buf_add(o, sha, strlen(sha) > HASH_SHOWN ? HASH_SHOWN : strlen(sha));
	buf_addstr(o, "\u2026</span>");
}

/* When the data were read: a date, or the snapshot's capture date; illustrative or not. */
static void when(struct buf *o, const cJSON *s)
{
	const cJSON *snap = od_get(s, "snapshot");
	const char *at = od_str_or_null(s, "fetched_at");

	if (!cJSON_IsObject(snap)) {
		date(o, at);
		return;
	}
	buf_addstr(o, "bundled snapshot, ");
	if (at) {
		buf_addstr(o, "captured ");
		date(o, at);
	} else {
		buf_addstr(o, "capture date unknown");
	}
	if (cJSON_IsTrue(od_get(snap, "illustrative")))
		buf_addstr(o, "<br><b>illustrative data</b>");
}

/* What went wrong with any page, once per message. */
static void states(struct buf *o, const cJSON *sources, const char *id)
{
	const cJSON *s;
	const char *first = NULL;
	bool mixed = false;

	cJSON_ArrayForEach(s, sources) {
		if (strcmp(od_str(s, "id"), id))
			continue;
		if (!first)
			first = od_str(s, "state");
		else if (strcmp(first, od_str(s, "state")))
			mixed = true;
	}
	html_escape(o, mixed ? "mixed" : first ? first : "");
	cJSON_ArrayForEach(s, sources)
		if (!strcmp(od_str(s, "id"), id) && od_str_or_null(s, "error")) {
			buf_addstr(o, ": ");
			html_escape(o, od_str(s, "error"));
			break;
		}
}

size_t html_source_warnings(const cJSON *sources, const char *id)
{
	const cJSON *s;
	size_t n = 0;

	cJSON_ArrayForEach(s, sources)
		if (!strcmp(od_str(s, "id"), id))
			n += (size_t)cJSON_GetArraySize(od_get(s, "warnings"));
	return n;
}

/* A row under the source's, across the table: what reading it warned of. */
static void warnings_row(struct buf *o, const cJSON *sources, const char *id)
{
	const cJSON *s, *w;

	buf_addstr(o, "<tr class=\"warnings\"><td colspan=\"6\"><span class=\"dq\">\u26a0 Data "
		   "warnings</span> (the numbers from this source may be wrong):\n<ul class=\"warnings\">\n");
	cJSON_ArrayForEach(s, sources) {
		if (strcmp(od_str(s, "id"), id))
			continue;
		cJSON_ArrayForEach(w, od_get(s, "warnings")) {
			if (!cJSON_IsString(w))
				continue;
			buf_addstr(o, "<li>");
			html_escape(o, w->valuestring);
			buf_addstr(o, "</li>\n");
		}
	}
	buf_addstr(o, "</ul></td></tr>\n");
}

static void source_row(struct buf *o, const cJSON *sources, const cJSON *first,
		       size_t pages)
{
	const char *id = od_str(first, "id");
	const cJSON *s;
	int through = 0, y0 = 0, y1 = 0;
	size_t warned = html_source_warnings(sources, id);

	cJSON_ArrayForEach(s, sources) {
		double y = od_num(s, "data_through");
		if (strcmp(od_str(s, "id"), id) || isnan(y))
			continue;
		through = (int)y > through ? (int)y : through;
		y0 = !y0 || (int)y < y0 ? (int)y : y0;
		y1 = (int)y > y1 ? (int)y : y1;
	}
	buf_addstr(o, "<tr id=\"source-");
	html_escape(o, id);
	buf_addstr(o, "\"><th scope=\"row\">");
	html_escape(o, id);
	if (*od_str(first, "title")) {
		buf_addstr(o, "<br><span class=\"note\">");
		html_escape(o, od_str(first, "title"));
		buf_addstr(o, "</span>");
	}
	if (warned)
		buf_addstr(o, "<br><span class=\"dq\">\u26a0 data warnings</span>");
	buf_addstr(o, "</th><td data-label=\"Kind\">");
	html_escape(o, od_str(first, "kind"));
	buf_addstr(o, "</td><td class=\"num\" data-label=\"Data through\">");
	if (through)
		buf_addf(o, "%d", through);
	else
		buf_addstr(o, "\u2013");
	buf_addstr(o, "</td><td data-label=\"Read\">");
	when(o, first);
	buf_addstr(o, "</td><td data-label=\"State\">");
	states(o, sources, id);
	buf_addstr(o, "</td><td class=\"src\" data-label=\"URL or path\">");
	if (pages == 1) {
		const char *where = od_str_or_null(first, "url");
		html_escape(o, where ? where : od_str(first, "path"));
		buf_addstr(o, " ");
		short_hash(o, od_str(first, "sha256"));
	} else {
		buf_addf(o, "<details><summary>%zu pages", pages);
		if (y0 && y1 > y0)
			buf_addf(o, " (%d\u2013%d)", y0, y1);
		buf_addstr(o, "</summary>\n<ul class=\"pages\">\n");
		cJSON_ArrayForEach(s, sources) {
			const char *where = od_str_or_null(s, "url");
			if (strcmp(od_str(s, "id"), id))
				continue;
			buf_addstr(o, "<li>");
			html_escape(o, where ? where : od_str(s, "path"));
			buf_addstr(o, " ");
			short_hash(o, od_str(s, "sha256"));
			buf_addstr(o, "</li>\n");
		}
		buf_addstr(o, "</ul></details>");
	}
	buf_addstr(o, "</td></tr>\n");
	if (warned)
		warnings_row(o, sources, id);
}

void html_provenance(struct buf *o, const cJSON *kpis)
{
	const cJSON *s, *sources = od_get(kpis, "sources");
	size_t n = (size_t)cJSON_GetArraySize(sources), ngroups = 0;
	const char **done = xcalloc(n + 1, sizeof(*done));

	/*
	 * The sentence stands above the table, outside the box that may scroll
	 * sideways (inside it, a phone cut it off); on a narrow screen each
	 * source is a block of labelled lines (page_css), so nothing scrolls.
	 */
	buf_addstr(o, "<section id=\"provenance\">\n<h2>Provenance</h2>\n<p class=\"note\">"
		   "Every source of the numbers above, once (a source read page by page is "
		   "one row, its pages folded): the last year it has data for, when it was "
		   "read, its state, where from and the first digits of the SHA-256 of the "
		   "raw bytes (kpis.json has every page and every digit).</p>\n"
		   "<div class=\"scroll\"><table class=\"prov\">\n<caption>Sources</caption>\n"
		   "<thead><tr><th scope=\"col\">Source</th>"
		   "<th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Data through</th>"
		   "<th scope=\"col\">Read</th><th scope=\"col\">State</th>"
		   "<th scope=\"col\">URL or path</th></tr></thead>\n<tbody>\n");
	cJSON_ArrayForEach(s, sources) {
		const char *id = od_str(s, "id");
		const cJSON *t;
		size_t pages = 0;
		bool seen = false;
		for (size_t i = 0; i < ngroups; i++)
			seen |= !strcmp(done[i], id);
		if (seen)
			continue;
		done[ngroups++] = id;
		cJSON_ArrayForEach(t, sources)
			pages += !strcmp(od_str(t, "id"), id);
		source_row(o, sources, s, pages);
	}
	buf_addstr(o, "</tbody>\n</table></div>\n</section>\n");
	free(done);
}
