/* kpis.json's members about peers, coverage and OpenAlex requests (docs/analyst.md). */
#include "report/report.h"
#include "kpi/peers.h"
#include "util/jsonw.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "util/banned.h"

static void groups_of(struct buf *o, const struct profile *p, const struct peer *q)
{
	buf_addch(o, '[');
	for (size_t g = 0, n = 0; g < p->ngroups; g++)
		if (q->groups >> g & 1) {
			if (n++)
				buf_addch(o, ',');
			jsonw_string(o, p->groups[g].id);
		}
	buf_addch(o, ']');
}

static void institutions(struct buf *o, const struct profile *p)
{
	int f;

	buf_addstr(o, "\"groups\":[");
	for (size_t g = 0; g < p->ngroups; g++) {
		f = 1;
		buf_addstr(o, g ? ",{" : "{");
		jsonw_key(o, "id", &f);
		jsonw_string(o, p->groups[g].id);
		jsonw_key(o, "title", &f);
		jsonw_string(o, p->groups[g].title);
		jsonw_key(o, "members", &f);
		buf_addch(o, '[');
		for (size_t i = 0, n = 0; i < p->npeers; i++)
			if (p->peers[i].groups >> g & 1) {
				if (n++)
					buf_addch(o, ',');
				jsonw_string(o, p->peers[i].name);
			}
		buf_addstr(o, "]}");
	}
	buf_addstr(o, "],\n \"institutions\":[");
	for (size_t i = 0; i < p->npeers; i++) {
		const struct peer *q = &p->peers[i];
		f = 1;
		buf_addstr(o, i ? ",{" : "{");
		jsonw_key(o, "name", &f);
		jsonw_string(o, q->name);
		jsonw_kv_str(o, "country", q->country, &f);
		jsonw_kv_str(o, "openalex_id", q->openalex_id, &f);
		jsonw_kv_str(o, "ror", q->ror, &f);
		jsonw_key(o, "ids_verified", &f);
		jsonw_bool(o, q->ids_verified);
		jsonw_key(o, "groups", &f);
		groups_of(o, p, q);
		buf_addch(o, '}');
	}
	buf_addch(o, ']');
}

static void pos_json(struct buf *o, const struct peer_pos *p)
{
	int f = 1;

	buf_addch(o, '{');
	jsonw_kv_num(o, "low", p->low, &f);
	jsonw_kv_num(o, "high", isnan(p->high) && !isnan(p->low) ? NAN : p->high, &f);
	jsonw_key(o, "listed", &f);
	if (p->listed < 0)
		buf_addstr(o, "null");
	else
		jsonw_bool(o, p->listed);
	buf_addch(o, '}');
}

static void rankings(struct buf *o, const struct peers_results *pr, const struct profile *p)
{
	buf_addstr(o, "\"rankings\":[");
	for (size_t i = 0; i < pr->nrankings; i++) {
		const struct rank_result *r = &pr->rankings[i];
		int f = 1;
		buf_addstr(o, i ? ",\n  {" : "\n  {");
		jsonw_key(o, "id", &f);
		jsonw_string(o, r->def->id);
		jsonw_key(o, "title", &f);
		jsonw_string(o, r->def->title);
		jsonw_key(o, "editions", &f);
		buf_addch(o, '[');
		for (size_t y = 0; y < r->nyears; y++) {
			int g = 1;
			buf_addstr(o, y ? ",{" : "{");
			jsonw_kv_int(o, "year", r->years[y].year, &g);
			jsonw_key(o, "university", &g);
			pos_json(o, &r->years[y].univ);
			jsonw_key(o, "peers", &g);
			buf_addch(o, '[');
			for (size_t k = 0; k < p->npeers; k++) {
				if (k)
					buf_addch(o, ',');
				pos_json(o, &r->years[y].peers[k]);
			}
			buf_addstr(o, "]}");
		}
		buf_addstr(o, "]}");
	}
	buf_addstr(o, "\n ]");
}

static void value_json(struct buf *o, const struct peer_value *v)
{
	int f = 1;

	buf_addch(o, '{');
	jsonw_kv_num(o, "value", v->value, &f);
	jsonw_kv_str(o, "why", v->why, &f);
	buf_addch(o, '}');
}

static void year_json(struct buf *o, const struct bench_year *y, const struct profile *p)
{
	int f = 1;

	buf_addch(o, '{');
	jsonw_kv_int(o, "year", y->year, &f);
	jsonw_key(o, "university", &f);
	value_json(o, &y->univ);
	jsonw_key(o, "peers", &f);
	buf_addch(o, '[');
	for (size_t i = 0; i < p->npeers; i++) {
		if (i)
			buf_addch(o, ',');
		value_json(o, &y->peers[i]);
	}
	buf_addch(o, ']');
	jsonw_key(o, "groups", &f);
	buf_addch(o, '[');
	for (size_t g = 0; g < y->ngroups; g++) {
		const struct group_stat *s = &y->groups[g];
		int h = 1;
		buf_addstr(o, g ? ",{" : "{");
		jsonw_kv_str(o, "group", s->group == SIZE_MAX ? NULL : p->groups[s->group].id, &h);
		jsonw_kv_int(o, "n", (long long)s->n, &h);
		jsonw_kv_num(o, "median", s->median, &h);
		jsonw_kv_num(o, "q1", s->q1, &h);
		jsonw_kv_num(o, "q3", s->q3, &h);
		jsonw_key(o, "place", &h);
		if (s->place)
			jsonw_int(o, s->place);
		else
			buf_addstr(o, "null");
		jsonw_kv_int(o, "of", s->of, &h);
		buf_addch(o, '}');
	}
	buf_addstr(o, "]}");
}

static void indicators(struct buf *o, const struct peers_results *pr, const struct profile *p)
{
	buf_addstr(o, "\"indicators\":[");
	for (size_t i = 0; i < pr->nitems; i++) {
		const struct bench_result *b = &pr->items[i];
		int f = 1;
		buf_addstr(o, i ? ",\n  {" : "\n  {");
		jsonw_key(o, "id", &f);
		jsonw_string(o, b->id);
		jsonw_kv_str(o, "kpi", b->kpi, &f);
		jsonw_kv_str(o, "ranking", b->ranking, &f);
		jsonw_key(o, "title", &f);
		jsonw_string(o, b->title);
		jsonw_key(o, "unit", &f);
		jsonw_string(o, b->unit);
		jsonw_key(o, "direction", &f);
		jsonw_string(o, b->direction == DIR_DECREASE ? "decrease" : "increase");
		jsonw_kv_int(o, "decimals", b->decimals, &f);
		jsonw_kv_str(o, "note", b->note, &f);
		jsonw_key(o, "years", &f);
		buf_addch(o, '[');
		for (size_t y = 0; y < b->nyears; y++) {
			buf_addstr(o, y ? ",\n   " : "\n   ");
			year_json(o, &b->years[y], p);
		}
		buf_addstr(o, "]}");
	}
	buf_addstr(o, "\n ]");
}

/* A metric's keyless value in year, NAN when absent. */
static double value_of(const struct obs_table *t, const char *metric, int year)
{
	size_t n;
	const struct obs *v = metric ? obs_range(t, metric, year, &n) : NULL;

	for (size_t i = 0; v && i < n; i++)
		if (!v[i].key)
			return v[i].value;
	return NAN;
}

/* Whether a KPI reads a metric of an OpenAlex source: its figures rest on the coverage. */
static bool reads_openalex(const struct config *cfg, const struct kpi_def *k)
{
	const struct formula_ref *refs;
	size_t n = k->formula ? formula_refs(k->formula, &refs) : 0;

	for (size_t i = 0; i < n; i++) {
		const struct source *s = config_metric_source(cfg, refs[i].metric, NULL);
		if (s && (s->kind_id == KIND_OPENALEX_WORKS || s->kind_id == KIND_OPENALEX_GROUP ||
			  s->kind_id == KIND_OPENALEX_JSONL))
			return true;
	}
	return false;
}

static void coverage(struct buf *o, const struct config *cfg, const struct obs_table *t)
{
	const struct coverage_cfg *c = &cfg->profile.coverage;
	int f = 1, g;

	buf_addch(o, '{');
	jsonw_kv_num(o, "threshold", c->threshold, &f);
	jsonw_key(o, "kpis", &f);
	buf_addch(o, '[');
	for (size_t i = 0, n = 0; i < cfg->nkpis; i++)
		if (reads_openalex(cfg, &cfg->kpis[i])) {
			if (n++)
				buf_addch(o, ',');
			jsonw_string(o, cfg->kpis[i].id);
		}
	buf_addch(o, ']');
	jsonw_key(o, "years", &f);
	buf_addch(o, '[');
	for (int y = cfg->profile.year_from; y <= cfg->profile.year_to; y++) {
		double works = value_of(t, c->works, y), inc = value_of(t, c->incomplete, y);
		double unl = value_of(t, c->unlinked, y), share = NAN;
		if (!isnan(works) && works + (isnan(unl) ? 0 : unl) > 0)
			share = (works - (isnan(inc) ? 0 : inc)) / (works + (isnan(unl) ? 0 : unl));
		g = 1;
		buf_addstr(o, y > cfg->profile.year_from ? ",{" : "{");
		jsonw_kv_int(o, "year", y, &g);
		jsonw_kv_num(o, "works", works, &g);
		jsonw_kv_num(o, "incomplete", inc, &g);
		jsonw_kv_num(o, "unlinked", unl, &g);
		jsonw_kv_num(o, "share", share, &g);
		jsonw_key(o, "below", &g);
		if (isnan(share))
			buf_addstr(o, "null");
		else
			jsonw_bool(o, share < c->threshold);
		buf_addch(o, '}');
	}
	buf_addstr(o, "]}");
}

/*
 * OpenAlex requests: the fewest a refresh of every OpenAlex source takes
 * (one per unit and institution; a paged source's pages are not known
 * before it is read: null), what this run made, and the quota left.
 */
static void requests(struct buf *o, const struct config *cfg, const struct obs_table *t)
{
	long long made = 0, left = -1, least = 0;
	bool paged = false, any = false;
	int f = 1;

	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];
		size_t insts = 0;
		bool us = false, peers = false;
		if (!s->url || (s->kind_id != KIND_OPENALEX_GROUP && s->kind_id != KIND_OPENALEX_WORKS))
			continue;
		any = true;
		paged |= s->kind_id == KIND_OPENALEX_WORKS;
		for (size_t m = 0; m < s->nmetrics; m++) {
			us |= !s->metrics[m].peers;
			peers |= s->metrics[m].peers;
		}
		insts = us;
		for (size_t k = 0; peers && k < cfg->profile.npeers; k++)
			insts += cfg->profile.peers[k].openalex_id != NULL;
		if (s->kind_id == KIND_OPENALEX_GROUP)
			least += (long long)insts * (s->group_period ? 1 : s->pages_to - s->pages_from + 1);
		else
			least += (long long)insts;
	}
	for (size_t i = 0; i < t->nsources; i++) {
		const struct obs_source *s = &t->sources[i];
		if (!s->metered && (!s->kind || strcmp(s->kind, "openalex-works")))
			continue;
		made += s->requests;
		if (s->metered && s->budget_left >= 0 && (left < 0 || s->budget_left < left))
			left = s->budget_left;
	}
	buf_addch(o, '{');
	jsonw_key(o, "sources", &f);
	jsonw_bool(o, any);
	jsonw_kv_int(o, "least_per_refresh", least, &f);
	jsonw_key(o, "paged", &f);
	jsonw_bool(o, paged);
	jsonw_kv_int(o, "made", made, &f);
	jsonw_key(o, "budget_remaining", &f);
	if (left < 0)
		buf_addstr(o, "null");
	else
		jsonw_int(o, left);
	buf_addch(o, '}');
}

void report_peers_json(struct buf *o, const struct config *cfg, const struct obs_table *t,
		       const struct kpi_results *r)
{
	struct peers_results pr;
	int f = 0;

	peers_compute(cfg, t, r, &pr);
	jsonw_key(o, "peers", &f);
	buf_addstr(o, "{");
	institutions(o, &cfg->profile);
	buf_addstr(o, ",\n ");
	rankings(o, &pr, &cfg->profile);
	buf_addstr(o, ",\n ");
	indicators(o, &pr, &cfg->profile);
	buf_addstr(o, "}\n");
	jsonw_key(o, "coverage", &f);
	if (cfg->profile.coverage.works)
		coverage(o, cfg, t);
	else
		buf_addstr(o, "null");
	buf_addch(o, '\n');
	jsonw_key(o, "openalex_requests", &f);
	requests(o, cfg, t);
	buf_addch(o, '\n');
	peers_release(&pr);
}
