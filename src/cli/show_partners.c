/* intlkpi show --partners: the partner portfolio of partners.json. */
#include "cli/show_render.h"
#include "cli/cli.h"
#include "portfolio/portfolio.h"
#include "render/outdoc.h"
#include "util/jsonw.h"
#include "util/csv.h"
#include "util/schema.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

#define PARTNER_SUMMARY_CSV_HEADER \
	"partner,country,openalex_id,ror,in_registry,state,works_window,activity_window,reason"

int show_partner_states(const char *arg, unsigned *mask)
{
	const char *p = arg;
	while (*p) {
		size_t n = strcspn(p, ",");
		int found = -1;
		for (int s = PS_ACTIVE; s < PS_NONE; s++) {
			const char *name = partner_state_name((enum partner_state)s);
			if (strlen(name) == n && !strncmp(name, p, n))
				found = s;
		}
		if (found < 0)
			return -1;
		*mask |= 1u << found;
		p += n + (p[n] == ',');
	}
	return *mask ? 0 : -1;
}

static bool wanted(const cJSON *partner, unsigned mask)
{
	const char *state = od_str(partner, "state");
	if (!mask)
		return true;
	for (int s = PS_ACTIVE; s < PS_NONE; s++)
		if ((mask & (1u << s)) && !strcmp(state, partner_state_name((enum partner_state)s)))
			return true;
	return false;
}

/* "Partners in 2023 (states decided on 2021-2023): 27 active, 6 dormant, ..." */
static void table_head(struct buf *o, const cJSON *doc, const struct show_query *q)
{
	const cJSON *counts = od_get(doc, "counts"), *rules = od_get(doc, "rules");
	struct buf line = BUF_INIT;
	double as_of = od_num(doc, "as_of");

	if (!isnan(as_of))
		buf_addf(&line, "Partners in %.0f:", as_of);
	else
		buf_addstr(&line, "Partners (no year with data):");
	for (int s = PS_ACTIVE; s < PS_NONE; s++) {
		const char *name = partner_state_name((enum partner_state)s);
		double n = od_num(counts, name);
		buf_addf(&line, "%s %.0f %s", s == PS_ACTIVE ? "" : ",", isnan(n) ? 0 : n, name);
	}
	view_wrap(o, line.buf, 79, 2);
	buf_reset(&line);
	buf_addf(&line, "WORKS: joint works in the last %.0f years; ACTIVITY: joint works and"
		 " mobile students in the last %.0f years.", od_num(rules, "candidate_years"),
		 od_num(rules, "active_years"));
	view_wrap(o, line.buf, 79, 0);
	buf_addch(o, '\n');
	view_paint(o, &q->view, VIEW_SGR_HEAD,
		   "PARTNER                                CC STATE      WORKS  ACTIVITY REGISTRY", 0);
	buf_addch(o, '\n');
	buf_release(&line);
}

static void table_row(struct buf *o, const cJSON *p)
{
	view_text(o, od_str(p, "name"), 38);
	buf_addch(o, ' ');
	view_text(o, od_str(p, "country"), 2);
	buf_addch(o, ' ');
	view_text(o, od_str(p, "state"), 9);
	view_num(o, od_num(p, "works_window"), 0, 7);
	view_num(o, od_num(p, "activity_window"), 0, 10);
	buf_addstr(o, cJSON_IsTrue(od_get(p, "in_registry")) ? " yes\n" : " no\n");
	buf_addstr(o, "    ");
	view_wrap(o, od_str(p, "reason"), 75, 4);
}

static void csv_row(struct csv_writer *w, const cJSON *p)
{
	csvw_text(w, od_str_or_null(p, "name"));
	csvw_text(w, od_str_or_null(p, "country"));
	csvw_text(w, od_str_or_null(p, "openalex_id"));
	csvw_text(w, od_str_or_null(p, "ror"));
	csvw_bool(w, cJSON_IsTrue(od_get(p, "in_registry")));
	csvw_text(w, od_str_or_null(p, "state"));
	csvw_num(w, od_num(p, "works_window"));
	csvw_num(w, od_num(p, "activity_window"));
	csvw_text(w, od_str_or_null(p, "reason"));
	csvw_end_row(w);
}

int show_partners(const struct show_query *q, struct buf *o)
{
	struct buf err = BUF_INIT;
	struct csv_writer w;
	cJSON *doc;
	cJSON *partners, *p, *next;
	size_t shown = 0;

	if (od_load(q->out_dir, "partners.json", PARTNERS_SCHEMA, &doc, &err)) {
		buf_addstr(&err, " (partners.json is written by 'intlkpi compute' when the"
			   " configuration has partners.json)");
		int rc = cli_result(-1, &err);
		buf_release(&err);
		return rc;
	}
	partners = cJSON_GetObjectItemCaseSensitive(doc, "partners");
	for (p = partners ? partners->child : NULL; p; p = next) {
		next = p->next;
		if (!wanted(p, q->partner_mask))
			cJSON_Delete(cJSON_DetachItemViaPointer(partners, p));
	}
	if (q->view.format == VIEW_JSON) {
		jsonw_tree(o, doc);
	} else if (q->view.format == VIEW_CSV) {
		csvw_init(&w, o, CSV_RFC4180);
		csvw_header(&w, PARTNER_SUMMARY_CSV_HEADER);
		cJSON_ArrayForEach(p, partners)
			csv_row(&w, p);
	} else {
		table_head(o, doc, q);
		cJSON_ArrayForEach(p, partners) {
			table_row(o, p);
			shown++;
		}
		if (!shown)
			buf_addstr(o, "(no partner in these states)\n");
	}
	cJSON_Delete(doc);
	buf_release(&err);
	return EXIT_OK;
}
