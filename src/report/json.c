#include "report/report.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static void profile_json(struct buf *o, const struct profile *p)
{
	int f = 1;
	buf_addch(o, '{');
	jsonw_kv_str(o, "name", p->name, &f);
	jsonw_key(o, "aliases", &f);
	jsonw_str_array(o, p->aliases, p->naliases);
	jsonw_kv_str(o, "country", p->country, &f);
	jsonw_kv_str(o, "openalex_id", p->openalex_id, &f);
	jsonw_kv_str(o, "ror", p->ror, &f);
	jsonw_key(o, "peers", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < p->npeers; i++) {
		int g = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_kv_str(o, "name", p->peers[i].name, &g);
		jsonw_kv_str(o, "country", p->peers[i].country, &g);
		jsonw_kv_str(o, "openalex_id", p->peers[i].openalex_id, &g);
		jsonw_kv_str(o, "ror", p->peers[i].ror, &g);
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
	jsonw_kv_str(o, "note", p->note, &f);
	jsonw_key(o, "charts", &f);
	{
		int g = 1;
		buf_addch(o, '{');
		jsonw_kv_str(o, "students_by_country", p->chart_students, &g);
		jsonw_kv_str(o, "partners_by_country", p->chart_partners, &g);
		jsonw_kv_str(o, "share_intl", p->chart_intl, &g);
		jsonw_kv_str(o, "share_total", p->chart_total, &g);
		buf_addch(o, '}');
	}
	buf_addch(o, '}');
}

static void source_json(struct buf *o, const struct obs_source *s, int data_through)
{
	int f = 1;
	buf_addch(o, '{');
	jsonw_kv_str(o, "id", s->id, &f);
	jsonw_kv_str(o, "kind", s->kind, &f);
	jsonw_kv_str(o, "title", s->title, &f);
	jsonw_kv_str(o, "note", s->note, &f);
	jsonw_kv_str(o, "url", s->url, &f);
	jsonw_kv_str(o, "path", s->path, &f);
	jsonw_kv_str(o, "fetched_at", s->fetched_at, &f);
	jsonw_kv_str(o, "sha256", *s->sha256 ? s->sha256 : NULL, &f);
	jsonw_key(o, "bytes", &f);
	if (s->fetched_at || *s->sha256)
		jsonw_int(o, s->bytes);
	else
		buf_addstr(o, "null");
	jsonw_kv_str(o, "state", source_state_name(s->state), &f);
	jsonw_kv_str(o, "error", s->error, &f);
	jsonw_kv_str(o, "class", s->error ? s->error_class : NULL, &f);
	jsonw_kv_int(o, "observations", (long long)s->nobs, &f);
	if (data_through >= 0)
		jsonw_kv_year(o, "data_through", data_through, &f);
	jsonw_key(o, "snapshot", &f);
	if (s->snapshot.used) {
		int g = 1;
		buf_addch(o, '{');
		jsonw_key(o, "illustrative", &g);
		jsonw_bool(o, s->snapshot.illustrative);
		jsonw_kv_str(o, "origin", s->snapshot.origin, &g);
		jsonw_kv_str(o, "note", s->snapshot.note, &g);
		buf_addch(o, '}');
	} else {
		buf_addstr(o, "null");
	}
	if (s->nwarnings) {
		/* optional: only a source whose extraction warned has it */
		jsonw_key(o, "warnings", &f);
		buf_addch(o, '[');
		for (size_t i = 0; i < s->nwarnings; i++) {
			if (i)
				buf_addch(o, ',');
			jsonw_string(o, s->warnings[i]);
		}
		if (s->warnings_more) {
			struct buf more = BUF_INIT;
			buf_addf(&more, "and %zu more warning%s (the run's log has every one)",
				 s->warnings_more, s->warnings_more == 1 ? "" : "s");
			buf_addch(o, ',');
			jsonw_string(o, more.buf);
			buf_release(&more);
		}
		buf_addch(o, ']');
	}
	if (s->metered) {
		jsonw_kv_int(o, "requests", s->requests, &f);
		jsonw_key(o, "budget_remaining", &f);
		if (s->budget_left >= 0)
			jsonw_int(o, s->budget_left);
		else
			buf_addstr(o, "null");
	}
	buf_addch(o, '}');
}

/*
 * Each source's last year with an observation (a null one too: an edition
 * that does not rank the university), up to cut; 0 when it has none.
 * Allocated; free it.
 */
static int *source_years(const struct obs_table *t, int cut)
{
	int *y = xcalloc(t->nsources + 1, sizeof(int));
	for (size_t i = 0; i < t->n; i++) {
		const struct obs *ob = &t->v[i];
		if (ob->src < t->nsources && ob->year <= cut && ob->year > y[ob->src])
			y[ob->src] = ob->year;
	}
	return y;
}

/* cut < 0: without data_through (observations.json has none) */
static void sources_json(struct buf *o, const struct obs_table *t, int cut)
{
	int *years = source_years(t, cut);
	buf_addch(o, '[');
	for (size_t i = 0; i < t->nsources; i++) {
		if (i)
			buf_addch(o, ',');
		buf_addstr(o, "\n  ");
		source_json(o, &t->sources[i], cut < 0 ? -1 : years[i]);
	}
	buf_addstr(o, "\n]");
	free(years);
}

/* "band": {low, high (null for an open band)} as published, or null. */
static void band_json(struct buf *o, const struct kpi_point *p, int *first)
{
	int g = 1;
	jsonw_key(o, "band", first);
	if (!p || isnan(p->low)) {
		buf_addstr(o, "null");
		return;
	}
	buf_addch(o, '{');
	jsonw_kv_num(o, "low", p->low, &g);
	jsonw_kv_num(o, "high", p->high, &g);
	buf_addch(o, '}');
}

static const struct kpi_point *kpi_point_at(const struct kpi_result *r, int year)
{
	if (!r->n || year < r->series[0].year || year > r->series[r->n - 1].year)
		return NULL;
	return &r->series[year - r->series[0].year];
}

static void interim_json(struct buf *o, const struct kpi_result *r)
{
	buf_addch(o, '[');
	for (size_t i = 0; i < r->ninterim; i++) {
		const struct kpi_interim *m = &r->interim[i];
		const struct kpi_point *p = kpi_point_at(r, m->year);
		int g = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_kv_int(o, "year", m->year, &g);
		jsonw_kv_num(o, "target", m->target, &g);
		jsonw_kv_str(o, "status", m->due ? kpi_status_name(m->status) : "pending", &g);
		jsonw_kv_num(o, "value", m->due && p ? p->value : NAN, &g);
		band_json(o, m->due ? p : NULL, &g);
		jsonw_kv_num(o, "gap", m->gap, &g);
		jsonw_kv_str(o, "gap_text", m->gap_text, &g);
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
}

static void series_json(struct buf *o, const struct kpi_result *r)
{
	buf_addch(o, '[');
	for (size_t i = 0; i < r->n; i++) {
		const struct kpi_point *p = &r->series[i];
		int f = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_kv_int(o, "year", p->year, &f);
		jsonw_kv_num(o, "value", p->value, &f);
		band_json(o, p, &f);
		jsonw_kv_num(o, "target", p->target, &f);
		jsonw_key(o, "target_set", &f);
		jsonw_bool(o, p->target_set);
		jsonw_kv_num(o, "progress", p->progress, &f);
		jsonw_kv_num(o, "yoy_change", p->yoy_change, &f);
		jsonw_kv_num(o, "yoy_pct", p->yoy_pct, &f);
		if (p->not_ranked) {	/* an addition: only where it is true */
			jsonw_key(o, "not_ranked", &f);
			jsonw_bool(o, true);
		}
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
}

static void kpi_json(struct buf *o, const struct kpi_result *r)
{
	const struct kpi_def *k = r->def;
	int f = 1, g;

	buf_addch(o, '{');
	jsonw_kv_str(o, "id", k->id, &f);
	jsonw_kv_str(o, "area", k->area, &f);
	jsonw_kv_str(o, "title", k->title, &f);
	jsonw_kv_str(o, "unit", k->unit, &f);
	jsonw_kv_str(o, "direction", k->direction == DIR_INCREASE ? "increase" : "decrease", &f);
	jsonw_kv_str(o, "formula", k->formula_text, &f);
	jsonw_kv_num(o, "weight", k->weight, &f);
	jsonw_kv_int(o, "decimals", k->decimals, &f);
	jsonw_kv_str(o, "description", k->description, &f);
	jsonw_kv_str(o, "note", k->note, &f);
	jsonw_key(o, "baseline", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_int(o, "year", k->baseline, &g);
	jsonw_kv_num(o, "value", r->baseline_value, &g);
	buf_addch(o, '}');
	jsonw_key(o, "targets", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < k->ntargets; i++) {
		g = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_kv_int(o, "year", k->targets[i].year, &g);
		jsonw_kv_num(o, "value", k->targets[i].value, &g);
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
	jsonw_kv_year(o, "data_through", r->data_through, &f);
	jsonw_key(o, "series", &f);
	series_json(o, r);
	jsonw_key(o, "latest", &f);
	if (r->latest_year) {
		g = 1;
		buf_addch(o, '{');
		jsonw_kv_int(o, "year", r->latest_year, &g);
		jsonw_kv_num(o, "value", r->latest_value, &g);
		jsonw_kv_num(o, "progress", r->latest_progress, &g);
		band_json(o, kpi_point_at(r, r->latest_year), &g);
		buf_addch(o, '}');
	} else {
		buf_addstr(o, "null");
	}
	jsonw_key(o, "final_target", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_int(o, "year", r->final_year, &g);
	jsonw_kv_num(o, "value", r->final_target, &g);
	buf_addch(o, '}');
	jsonw_kv_num(o, "cagr", r->cagr, &f);
	jsonw_key(o, "trend", &f);
	if (r->trend.n >= 2) {
		g = 1;
		buf_addch(o, '{');
		jsonw_kv_int(o, "n", (long long)r->trend.n, &g);
		jsonw_kv_num(o, "slope", r->trend.slope, &g);
		jsonw_kv_num(o, "intercept", r->trend.intercept, &g);
		jsonw_kv_num(o, "r2", r->trend.r2, &g);
		buf_addch(o, '}');
	} else {
		buf_addstr(o, "null");
	}
	jsonw_key(o, "forecast", &f);
	if (r->forecast_method) {
		g = 1;
		buf_addch(o, '{');
		jsonw_kv_int(o, "year", r->final_year, &g);
		jsonw_kv_num(o, "value", r->forecast, &g);
		jsonw_kv_num(o, "low", r->forecast_lo, &g);
		jsonw_kv_num(o, "high", r->forecast_hi, &g);
		jsonw_kv_num(o, "level", FORECAST_LEVEL, &g);
		jsonw_kv_str(o, "method", r->forecast_method, &g);
		buf_addch(o, '}');
	} else {
		buf_addstr(o, "null");
	}
	jsonw_kv_str(o, "status", kpi_status_name(r->status), &f);
	jsonw_kv_int(o, "status_year", r->status_year, &f);
	jsonw_kv_num(o, "gap", r->gap, &f);
	jsonw_kv_str(o, "gap_text", r->gap_text, &f);
	jsonw_kv_str(o, "reason", r->reason, &f);
	jsonw_key(o, "interim", &f);
	interim_json(o, r);
	jsonw_kv_year(o, "attention_interim", r->attention_year, &f);
	jsonw_key(o, "stale", &f);
	jsonw_bool(o, r->stale);
	jsonw_key(o, "sources", &f);
	jsonw_str_array(o, r->sources, r->nsources);
	jsonw_key(o, "warnings", &f);
	jsonw_str_array(o, r->warnings, r->nwarnings);
	buf_addch(o, '}');
}

void report_kpis_json(struct buf *o, const struct config *cfg,
		      const struct obs_table *t, const struct kpi_results *r,
		      const char *generated_at)
{
	int f = 1, g;

	buf_addch(o, '{');
	jsonw_kv_str(o, "schema", KPIS_SCHEMA, &f);
	jsonw_kv_str(o, "generated_at", generated_at, &f);
	jsonw_kv_str(o, "generator", "intlkpi " INTLKPI_VERSION, &f);
	buf_addch(o, '\n');
	jsonw_key(o, "profile", &f);
	profile_json(o, &cfg->profile);
	jsonw_key(o, "period", &f);
	g = 1;
	buf_addch(o, '{');
	jsonw_kv_int(o, "from", cfg->profile.year_from, &g);
	jsonw_kv_int(o, "to", cfg->profile.year_to, &g);
	jsonw_kv_year(o, "as_of", cfg->profile.as_of, &g);
	{
		int through = 0;
		for (size_t i = 0; i < r->nkpis; i++)
			through = r->kpis[i].data_through > through ? r->kpis[i].data_through : through;
		jsonw_kv_year(o, "data_through", through, &g);
	}
	jsonw_kv_int(o, "calendar_year", cfg->profile.year_now ? cfg->profile.year_now
						   : config_calendar_year(), &g);
	buf_addch(o, '}');
	jsonw_kv_num(o, "status_threshold", cfg->profile.status_threshold, &f);
	jsonw_key(o, "stale", &f);
	{
		int stale = 0;
		for (size_t i = 0; i < t->nsources; i++)
			stale |= t->sources[i].state == SRC_STALE ||
				 t->sources[i].state == SRC_FAILED;
		jsonw_bool(o, stale);
	}
	buf_addch(o, '\n');
	jsonw_key(o, "areas", &f);
	buf_addch(o, '[');
	for (size_t a = 0; a < r->nareas; a++) {
		const struct area_result *ar = &r->areas[a];
		g = 1;
		buf_addstr(o, a ? ",\n  {" : "\n  {");
		jsonw_kv_str(o, "id", ar->def->id, &g);
		jsonw_kv_str(o, "title", ar->def->title, &g);
		jsonw_kv_int(o, "order", ar->def->order, &g);
		jsonw_kv_str(o, "description", ar->def->description, &g);
		jsonw_kv_num(o, "index", ar->index, &g);
		jsonw_kv_str(o, "status", kpi_status_name(ar->status), &g);
		jsonw_kv_num(o, "share_good", ar->share_good, &g);
		jsonw_key(o, "counts", &g);
		buf_addch(o, '{');
		for (int s = 0, h = 1; s < ST_COUNT; s++)
			jsonw_kv_int(o, kpi_status_name((enum kpi_status)s), (long long)ar->counts[s], &h);
		buf_addch(o, '}');
		jsonw_key(o, "kpis", &g);
		buf_addch(o, '[');
		for (size_t i = 0, n = 0; i < r->nkpis; i++)
			if (!strcmp(r->kpis[i].def->area, ar->def->id)) {
				if (n++)
					buf_addch(o, ',');
				jsonw_string(o, r->kpis[i].def->id);
			}
		buf_addstr(o, "]}");
	}
	buf_addstr(o, "\n]");
	jsonw_key(o, "kpis", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < r->nkpis; i++) {
		buf_addstr(o, i ? ",\n  " : "\n  ");
		kpi_json(o, &r->kpis[i]);
	}
	buf_addstr(o, "\n]");
	report_peers_json(o, cfg, t, r);
	jsonw_key(o, "sources", &f);
	sources_json(o, t, config_year_cut(&cfg->profile));
	buf_addstr(o, "}\n");
}

void report_obs_json(struct buf *o, const struct obs_table *t,
		     const char *generated_at)
{
	int f = 1;
	buf_addch(o, '{');
	jsonw_kv_str(o, "schema", OBS_SCHEMA, &f);
	jsonw_kv_str(o, "generated_at", generated_at, &f);
	jsonw_kv_str(o, "generator", "intlkpi " INTLKPI_VERSION, &f);
	jsonw_key(o, "sources", &f);
	sources_json(o, t, -1);
	jsonw_key(o, "labels", &f);
	buf_addch(o, '{');
	for (size_t i = 0; i < t->nlabels; i++) {
		if (i)
			buf_addch(o, ',');
		jsonw_string(o, t->labels[i].key);
		buf_addch(o, ':');
		jsonw_string(o, t->labels[i].label);
	}
	buf_addch(o, '}');
	jsonw_key(o, "observations", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < t->n; i++) {
		const struct obs *ob = &t->v[i];
		const struct obs_source *s = &t->sources[ob->src];
		int g = 1;
		buf_addstr(o, i ? ",\n  {" : "\n  {");
		jsonw_kv_str(o, "metric", ob->metric, &g);
		jsonw_kv_int(o, "year", ob->year, &g);
		jsonw_kv_str(o, "key", ob->key, &g);
		jsonw_kv_num(o, "value", ob->value, &g);
		jsonw_kv_str(o, "source", s->id, &g);
		jsonw_kv_str(o, "path", s->path, &g);
		jsonw_kv_str(o, "url", s->url, &g);
		jsonw_kv_int(o, "line", ob->line, &g);
		jsonw_key(o, "lines", &g);
		buf_addch(o, '[');
		if (ob->line)
			buf_addf(o, "%d", ob->line);
		for (size_t k = 0; k < ob->nmore; k++)
			buf_addf(o, ",%d", ob->more[k]);
		buf_addch(o, ']');
		jsonw_kv_str(o, "pointer", ob->pointer, &g);
		jsonw_kv_str(o, "sha256", *s->sha256 ? s->sha256 : NULL, &g);
		jsonw_kv_str(o, "fetched_at", s->fetched_at, &g);
		buf_addch(o, '}');
	}
	buf_addstr(o, "\n]}\n");
}
