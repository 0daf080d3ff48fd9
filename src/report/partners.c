/* partners.json and partners.csv: the partner portfolio (docs/analyst.md). */
#include "report/report.h"
#include "util/jsonw.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

static void mem(struct buf *o, const char *name, int *first)
{
	if (!*first)
		buf_addch(o, ',');
	*first = 0;
	jsonw_string(o, name);
	buf_addch(o, ':');
}

static void str_mem(struct buf *o, const char *name, const char *v, int *first)
{
	mem(o, name, first);
	jsonw_string_or_null(o, v);
}

static void num_mem(struct buf *o, const char *name, double v, int *first)
{
	mem(o, name, first);
	jsonw_number(o, v);
}

static void partner_json(struct buf *o, const struct partner *q)
{
	int f = 1;

	buf_addch(o, '{');
	str_mem(o, "name", q->name, &f);
	str_mem(o, "country", q->country, &f);
	str_mem(o, "openalex_id", q->openalex_id, &f);
	str_mem(o, "ror", q->ror, &f);
	mem(o, "in_registry", &f);
	jsonw_bool(o, q->in_registry);
	str_mem(o, "state", partner_state_name(q->state), &f);
	str_mem(o, "reason", q->reason, &f);
	num_mem(o, "works_window", q->works_window, &f);
	num_mem(o, "activity_window", q->activity_window, &f);
	mem(o, "agreements", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < q->nagreements; i++) {
		const struct agreement *a = &q->agreements[i];
		int g = 1;
		buf_addstr(o, i ? ",{" : "{");
		str_mem(o, "type", a->type, &g);
		str_mem(o, "programme", a->programme, &g);
		str_mem(o, "start", a->start, &g);
		str_mem(o, "end", a->end, &g);
		mem(o, "line", &g);
		jsonw_int(o, a->line);
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
	mem(o, "years", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < q->nyears; i++) {
		const struct partner_year *y = &q->years[i];
		int g = 1;
		buf_addstr(o, i ? ",{" : "{");
		mem(o, "year", &g);
		jsonw_int(o, y->year);
		num_mem(o, "agreements", y->agreements, &g);
		num_mem(o, "joint_works", y->joint_works, &g);
		num_mem(o, "mobility_in", y->mobility_in, &g);
		num_mem(o, "mobility_out", y->mobility_out, &g);
		str_mem(o, "state", partner_state_name(y->state), &g);
		buf_addch(o, '}');
	}
	buf_addstr(o, "]}");
}

void report_partners_json(struct buf *o, const struct config *cfg, const struct portfolio *p,
			  const char *generated_at)
{
	const struct partners_cfg *c = &cfg->partners;
	size_t counts[PS_NONE + 1] = { 0 };
	int f = 1, g;

	for (size_t i = 0; i < p->n; i++)
		counts[p->v[i].state]++;
	buf_addch(o, '{');
	str_mem(o, "schema", PARTNERS_SCHEMA, &f);
	str_mem(o, "generated_at", generated_at, &f);
	str_mem(o, "generator", "intlkpi " INTLKPI_VERSION, &f);
	mem(o, "university", &f);
	g = 1;
	buf_addch(o, '{');
	str_mem(o, "name", cfg->profile.name, &g);
	str_mem(o, "openalex_id", cfg->profile.openalex_id, &g);
	buf_addstr(o, "}\n");
	mem(o, "from", &f);
	if (p->from)
		jsonw_int(o, p->from);
	else
		buf_addstr(o, "null");
	mem(o, "as_of", &f);
	if (p->as_of)
		jsonw_int(o, p->as_of);
	else
		buf_addstr(o, "null");
	mem(o, "rules", &f);
	g = 1;
	buf_addch(o, '{');
	mem(o, "active_years", &g);
	jsonw_int(o, p->active_years);
	mem(o, "candidate_works", &g);
	jsonw_int(o, p->candidate_works);
	mem(o, "candidate_years", &g);
	jsonw_int(o, p->candidate_years);
	buf_addstr(o, "}\n");
	mem(o, "registry", &f);
	g = 1;
	buf_addch(o, '{');
	str_mem(o, "source", c->registry, &g);
	str_mem(o, "path", p->registry_path, &g);
	str_mem(o, "sha256", p->registry_sha256, &g);
	buf_addch(o, '}');
	mem(o, "metrics", &f);
	g = 1;
	buf_addch(o, '{');
	str_mem(o, "agreements", c->agreements, &g);
	str_mem(o, "joint_works", c->joint_works, &g);
	str_mem(o, "mobility_in", c->mobility_in, &g);
	str_mem(o, "mobility_out", c->mobility_out, &g);
	buf_addch(o, '}');
	mem(o, "counts", &f);
	g = 1;
	buf_addch(o, '{');
	for (int s = PS_ACTIVE; s < PS_NONE; s++) {
		mem(o, partner_state_name((enum partner_state)s), &g);
		jsonw_int(o, (long long)counts[s]);
	}
	buf_addstr(o, "}\n");
	mem(o, "partners", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < p->n; i++) {
		buf_addstr(o, i ? ",\n  " : "\n  ");
		partner_json(o, &p->v[i]);
	}
	buf_addstr(o, "\n]");
	mem(o, "unmatched_mobility", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < p->nunmatched; i++) {
		if (i)
			buf_addch(o, ',');
		jsonw_string(o, p->unmatched[i]);
	}
	buf_addstr(o, "]}\n");
}

void report_partners_csv(struct buf *o, const struct portfolio *p, enum csv_dialect d)
{
	struct csv_writer w;

	csvw_init(&w, o, d);
	csvw_header(&w, PARTNERS_CSV_HEADER);
	for (size_t i = 0; i < p->n; i++) {
		const struct partner *q = &p->v[i];
		for (size_t k = 0; k < q->nyears; k++) {
			const struct partner_year *y = &q->years[k];
			csvw_text(&w, q->name);
			csvw_text(&w, q->country);
			csvw_text(&w, q->openalex_id);
			csvw_text(&w, partner_state_name(q->state));
			csvw_int(&w, y->year);
			csvw_num(&w, y->agreements);
			csvw_num(&w, y->joint_works);
			csvw_num(&w, y->mobility_in);
			csvw_num(&w, y->mobility_out);
			csvw_text(&w, partner_state_name(y->state));
			csvw_end_row(&w);
		}
	}
}
