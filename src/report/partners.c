/* partners.json and partners.csv: the partner portfolio (docs/analyst.md). */
#include "report/report.h"
#include "util/jsonw.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

static void partner_json(struct buf *o, const struct partner *q)
{
	int f = 1;

	buf_addch(o, '{');
	jsonw_kv_str(o, "name", q->name, &f);
	jsonw_kv_str(o, "country", q->country, &f);
	jsonw_kv_str(o, "openalex_id", q->openalex_id, &f);
	jsonw_kv_str(o, "ror", q->ror, &f);
	jsonw_key(o, "in_registry", &f);
	jsonw_bool(o, q->in_registry);
	jsonw_kv_str(o, "state", partner_state_name(q->state), &f);
	jsonw_kv_str(o, "reason", q->reason, &f);
	jsonw_kv_num(o, "works_window", q->works_window, &f);
	jsonw_kv_num(o, "activity_window", q->activity_window, &f);
	jsonw_key(o, "agreements", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < q->nagreements; i++) {
		const struct agreement *a = &q->agreements[i];
		int g = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_kv_str(o, "type", a->type, &g);
		jsonw_kv_str(o, "programme", a->programme, &g);
		jsonw_kv_str(o, "start", a->start, &g);
		jsonw_kv_str(o, "end", a->end, &g);
		jsonw_kv_int(o, "line", a->line, &g);
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
	jsonw_key(o, "years", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < q->nyears; i++) {
		const struct partner_year *y = &q->years[i];
		int g = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_kv_int(o, "year", y->year, &g);
		jsonw_kv_num(o, "agreements", y->agreements, &g);
		jsonw_kv_num(o, "joint_works", y->joint_works, &g);
		jsonw_kv_num(o, "mobility_in", y->mobility_in, &g);
		jsonw_kv_num(o, "mobility_out", y->mobility_out, &g);
		jsonw_kv_str(o, "state", partner_state_name(y->state), &g);
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
	jsonw_kv_str(o, "schema", PARTNERS_SCHEMA, &f);
	jsonw_kv_str(o, "generated_at", generated_at, &f);
	jsonw_kv_str(o, "generator", "intlkpi " INTLKPI_VERSION, &f);
	jsonw_key(o, "university", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_str(o, "name", cfg->profile.name, &g);
	jsonw_kv_str(o, "openalex_id", cfg->profile.openalex_id, &g);
	buf_addstr(o, "}\n");
	jsonw_kv_year(o, "from", p->from, &f);
	jsonw_kv_year(o, "as_of", p->as_of, &f);
	jsonw_key(o, "rules", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_int(o, "active_years", p->active_years, &g);
	jsonw_kv_int(o, "candidate_works", p->candidate_works, &g);
	jsonw_kv_int(o, "candidate_years", p->candidate_years, &g);
	buf_addstr(o, "}\n");
	jsonw_key(o, "registry", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_str(o, "source", c->registry, &g);
	jsonw_kv_str(o, "path", p->registry_path, &g);
	jsonw_kv_str(o, "sha256", p->registry_sha256, &g);
	buf_addch(o, '}');
	jsonw_key(o, "metrics", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_str(o, "agreements", c->agreements, &g);
	jsonw_kv_str(o, "joint_works", c->joint_works, &g);
	jsonw_kv_str(o, "mobility_in", c->mobility_in, &g);
	jsonw_kv_str(o, "mobility_out", c->mobility_out, &g);
	buf_addch(o, '}');
	jsonw_key(o, "counts", &f);
	g = 1;
	buf_addch(o, '{');
	for (int s = PS_ACTIVE; s < PS_NONE; s++) {
		jsonw_kv_int(o, partner_state_name((enum partner_state)s), (long long)counts[s], &g);
	}
	buf_addstr(o, "}\n");
	jsonw_key(o, "partners", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < p->n; i++) {
		buf_addstr(o, i ? ",\n  " : "\n  ");
		partner_json(o, &p->v[i]);
	}
	buf_addstr(o, "\n]");
	jsonw_key(o, "unmatched_mobility", &f);
	jsonw_str_array(o, p->unmatched, p->nunmatched);
	buf_addstr(o, "}\n");
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
