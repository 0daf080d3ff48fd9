/* The university against its peers: positions, indicators, peer-group figures. */
#include "kpi/peers.h"
#include "lang/oaid.h"
#include "util/textnorm.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define MAX_YEARS 200

/* The keys a peer's observations may have: its name (normalised as the json
 * kind keys it) and its short OpenAlex id. */
struct peer_keys {
	struct buf name;
	char id[OA_ID_MAX];
};

struct ctx {
	const struct config *cfg;
	const struct obs_table *t;
	struct peer_keys *keys;	/* one per peer */
};

/* The keyless value of metric in year: 1 with *v (NAN for a null), 0 when absent. */
static int univ_obs(const struct ctx *c, const char *metric, int year, double *v)
{
	size_t n;
	const struct obs *o = metric ? obs_range(c->t, metric, year, &n) : NULL;

	for (size_t i = 0; o && i < n; i++)
		if (!o[i].key) {
			*v = o[i].value;
			return 1;
		}
	*v = NAN;
	return 0;
}

/* The value of metric in year at peer i's key: 1 with *v, 0 when absent. */
static int peer_obs(const struct ctx *c, const char *metric, int year, size_t i, double *v)
{
	size_t n;
	const struct obs *o = metric ? obs_range(c->t, metric, year, &n) : NULL;
	const struct peer_keys *k = &c->keys[i];

	for (size_t j = 0; o && j < n; j++)
		if (o[j].key && (!strcmp(o[j].key, k->name.buf) ||
				 (*k->id && !strcmp(o[j].key, k->id)))) {
			*v = o[j].value;
			return 1;
		}
	*v = NAN;
	return 0;
}

/* The "listed" fact of metric's source (of the peers or not), or NULL. */
static const char *listed_of(const struct config *cfg, const char *metric, bool peers)
{
	const struct source *s = metric ? config_metric_source(cfg, metric, NULL) : NULL;

	for (size_t i = 0; s && i < s->nmetrics; i++)
		if (s->metrics[i].fact == FACT_LISTED && s->metrics[i].peers == peers)
			return s->metrics[i].name;
	return NULL;
}

/*
 * Why a value is null: the listed fact says whether the row was there; a
 * row there with the cell empty (an observation, null) is "not published",
 * a row without the cell at all (no observation: a trimmed copy, an
 * indicator of later editions) is "no data".
 */
static const char *why_null(const struct ctx *c, const char *listed, int year, long peer,
			    bool observed)
{
	double v;
	int have = peer < 0 ? univ_obs(c, listed, year, &v) : peer_obs(c, listed, year, (size_t)peer, &v);

	if (!listed || !have || isnan(v))
		return "no_data";
	return !v ? "not_ranked" : observed ? "not_published" : "no_data";
}

static void set_value(struct peer_value *pv, double v, const char *why)
{
	pv->value = v;
	pv->why = isnan(v) ? why : NULL;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double peers_quantile(const double *v, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (!n)
		return NAN;
	h = (double)(n - 1) * q;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (h - lo) * (v[i + 1] - v[i]);
}

/* The groups of one year: each configured group, or every peer as one. */
static void group_stats(const struct ctx *c, struct bench_year *y, enum direction dir)
{
	const struct profile *p = &c->cfg->profile;
	size_t ng = p->ngroups ? p->ngroups : 1;
	double *v = xcalloc(p->npeers + 1, sizeof(double));

	y->groups = xcalloc(ng, sizeof(*y->groups));
	y->ngroups = ng;
	for (size_t g = 0; g < ng; g++) {
		struct group_stat *s = &y->groups[g];
		size_t n = 0, better = 0;
		s->group = p->ngroups ? g : SIZE_MAX;
		for (size_t i = 0; i < p->npeers; i++) {
			double x = y->peers[i].value;
			if ((p->ngroups && !(p->peers[i].groups >> g & 1)) || isnan(x))
				continue;
			v[n++] = x;
			better += !isnan(y->univ.value) &&
				  (dir == DIR_INCREASE ? x > y->univ.value : x < y->univ.value);
		}
		qsort(v, n, sizeof(*v), dbl_cmp);
		s->n = n;
		s->q1 = peers_quantile(v, n, 0.25);
		s->median = peers_quantile(v, n, 0.5);
		s->q3 = peers_quantile(v, n, 0.75);
		s->of = (int)n + 1;
		s->place = isnan(y->univ.value) ? 0 : (int)better + 1;
	}
	free(v);
}

/*
 * The latest year the peers' figures may show: the profile's as_of when
 * set (the strategy as the data stood then), else the calendar year (no
 * edition of the future); not the period's end: the standing among peers
 * is today's, the KPIs' judgments stay in the period. 0: no cut.
 */
static int year_cap(const struct profile *p)
{
	return p->as_of ? p->as_of : p->year_now;
}

/* The years in which any of the metrics has an observation (up to the cap), sorted. */
static size_t metric_years(const struct obs_table *t, const char *const *metrics, size_t nm,
			   int cap, int *years)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++) {
		bool want = false, dup = false;
		if (cap && t->v[i].year > cap)
			continue;
		for (size_t k = 0; k < nm; k++)
			want |= metrics[k] && !strcmp(t->v[i].metric, metrics[k]);
		for (size_t k = 0; want && k < n; k++)
			dup |= years[k] == t->v[i].year;
		if (want && !dup && n < MAX_YEARS)
			years[n++] = t->v[i].year;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && years[k - 1] > years[k]; k--) {
			int tmp = years[k];
			years[k] = years[k - 1];
			years[k - 1] = tmp;
		}
	return n;
}

static struct peer_pos position(const struct ctx *c, const struct bench_ranking *r,
				int year, long peer)
{
	struct peer_pos p = { NAN, NAN, -1 };
	double listed;

	if (peer < 0) {
		univ_obs(c, r->low, year, &p.low);
		univ_obs(c, r->high, year, &p.high);
		if (univ_obs(c, r->listed, year, &listed) && !isnan(listed))
			p.listed = listed > 0;
	} else {
		peer_obs(c, r->peers_low, year, (size_t)peer, &p.low);
		peer_obs(c, r->peers_high, year, (size_t)peer, &p.high);
		if (peer_obs(c, r->peers_listed, year, (size_t)peer, &listed) && !isnan(listed))
			p.listed = listed > 0;
	}
	if (p.listed < 0 && !isnan(p.low))
		p.listed = 1;
	return p;
}

static void rankings(const struct ctx *c, struct peers_results *out)
{
	const struct config *cfg = c->cfg;
	int years[MAX_YEARS];

	out->rankings = xcalloc(cfg->nrankings + 1, sizeof(*out->rankings));
	for (size_t i = 0; i < cfg->nrankings; i++) {
		const struct bench_ranking *r = &cfg->rankings[i];
		const char *const m[] = { r->low, r->listed, r->peers_low, r->peers_listed };
		struct rank_result *rr = &out->rankings[out->nrankings++];
		rr->def = r;
		rr->nyears = metric_years(c->t, m, 4, year_cap(&cfg->profile), years);
		rr->years = xcalloc(rr->nyears + 1, sizeof(*rr->years));
		for (size_t y = 0; y < rr->nyears; y++) {
			struct rank_year *ry = &rr->years[y];
			ry->year = years[y];
			ry->univ = position(c, r, years[y], -1);
			ry->peers = xcalloc(cfg->profile.npeers + 1, sizeof(*ry->peers));
			for (size_t p = 0; p < cfg->profile.npeers; p++)
				ry->peers[p] = position(c, r, years[y], (long)p);
		}
	}
}

static void indicator(const struct ctx *c, const struct bench_indicator *d,
		      struct bench_result *b)
{
	const struct profile *p = &c->cfg->profile;
	const char *const m[] = { d->metric, d->peers };
	const char *ul = listed_of(c->cfg, d->metric, false), *pl = listed_of(c->cfg, d->peers, true);
	int years[MAX_YEARS];

	b->id = d->id;
	b->title = d->title;
	b->unit = d->unit;
	b->note = d->note;
	b->ranking = d->ranking;
	b->direction = d->direction;
	b->decimals = d->decimals;
	b->nyears = metric_years(c->t, m, 2, year_cap(&c->cfg->profile), years);
	b->years = xcalloc(b->nyears + 1, sizeof(*b->years));
	for (size_t y = 0; y < b->nyears; y++) {
		struct bench_year *by = &b->years[y];
		double v;
		by->year = years[y];
		{
		int seen = univ_obs(c, d->metric, by->year, &v);
		set_value(&by->univ, v, why_null(c, ul, by->year, -1, seen));
		by->peers = xcalloc(p->npeers + 1, sizeof(*by->peers));
		for (size_t i = 0; i < p->npeers; i++) {
			seen = peer_obs(c, d->peers, by->year, i, &v);
			set_value(&by->peers[i], v, why_null(c, pl, by->year, (long)i, seen));
		}
		}
		group_stats(c, by, d->direction);
	}
}

/* The peers' formula's environment: each metric at one peer's key. */
struct peer_env {
	const struct ctx *c;
	size_t peer;
};

static double env_value(void *arg, const char *metric, int year)
{
	const struct peer_env *e = arg;
	double v;

	peer_obs(e->c, metric, year, e->peer, &v);
	return v;
}

static size_t env_keys(void *arg, const char *metric, int year, const double **values)
{
	(void)arg;
	(void)metric;
	(void)year;
	*values = NULL;
	return 0;
}

static void kpi_item(const struct ctx *c, const struct kpi_result *k, struct bench_result *b)
{
	const struct profile *p = &c->cfg->profile;
	const struct formula_ref *refs;
	const char *ul, *pl, *um, *pm;
	struct buf warn = BUF_INIT;
	int cap = config_year_cut(&c->cfg->profile);
	double v;

	um = formula_refs(k->def->formula, &refs) ? refs[0].metric : NULL;
	pm = formula_refs(k->def->peers, &refs) ? refs[0].metric : NULL;
	ul = listed_of(c->cfg, um, false);
	pl = listed_of(c->cfg, pm, true);
	b->id = k->def->id;
	b->kpi = k->def->id;
	b->title = k->def->title;
	b->unit = k->def->unit;
	b->direction = k->def->direction;
	b->decimals = k->def->decimals;
	b->years = xcalloc(k->n + 1, sizeof(*b->years));
	for (size_t y = 0; y < k->n; y++) {
		struct bench_year *by = &b->years[b->nyears];
		if (cap && k->series[y].year > cap)
			continue;
		b->nyears++;
		by->year = k->series[y].year;
		set_value(&by->univ, k->series[y].value,
			  why_null(c, ul, by->year, -1, univ_obs(c, um, by->year, &v)));
		by->peers = xcalloc(p->npeers + 1, sizeof(*by->peers));
		for (size_t i = 0; i < p->npeers; i++) {
			struct peer_env e = { c, i };
			struct formula_env env = { env_value, env_keys, &e };
			double x = formula_eval(k->def->peers, by->year, &env, &warn);
			set_value(&by->peers[i], x,
				  why_null(c, pl, by->year, (long)i, peer_obs(c, pm, by->year, i, &v)));
		}
		group_stats(c, by, b->direction);
	}
	buf_release(&warn);
}

void peers_compute(const struct config *cfg, const struct obs_table *t,
		   const struct kpi_results *r, struct peers_results *out)
{
	const struct profile *p = &cfg->profile;
	struct ctx c = { cfg, t, xcalloc(p->npeers + 1, sizeof(struct peer_keys)) };
	size_t nk = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < p->npeers; i++) {
		buf_init(&c.keys[i].name, 0);
		textnorm_space(p->peers[i].name ? p->peers[i].name : "", &c.keys[i].name);
		if (!c.keys[i].name.buf)
			buf_addstr(&c.keys[i].name, "");
		if (!p->peers[i].openalex_id || oa_short_id(p->peers[i].openalex_id, c.keys[i].id))
			c.keys[i].id[0] = '\0';
	}
	rankings(&c, out);
	for (size_t i = 0; i < r->nkpis; i++)
		nk += r->kpis[i].def->peers != NULL && r->kpis[i].def->formula != NULL;
	out->items = xcalloc(cfg->nindicators + nk + 1, sizeof(*out->items));
	for (size_t i = 0; i < cfg->nindicators; i++)
		indicator(&c, &cfg->indicators[i], &out->items[out->nitems++]);
	for (size_t i = 0; i < r->nkpis; i++)
		if (r->kpis[i].def->peers && r->kpis[i].def->formula)
			kpi_item(&c, &r->kpis[i], &out->items[out->nitems++]);
	for (size_t i = 0; i < p->npeers; i++)
		buf_release(&c.keys[i].name);
	free(c.keys);
}

void peers_release(struct peers_results *p)
{
	for (size_t i = 0; i < p->nrankings; i++) {
		for (size_t y = 0; y < p->rankings[i].nyears; y++)
			free(p->rankings[i].years[y].peers);
		free(p->rankings[i].years);
	}
	free(p->rankings);
	for (size_t i = 0; i < p->nitems; i++) {
		for (size_t y = 0; y < p->items[i].nyears; y++) {
			free(p->items[i].years[y].peers);
			free(p->items[i].years[y].groups);
		}
		free(p->items[i].years);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}
