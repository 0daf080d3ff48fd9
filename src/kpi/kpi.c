#include "kpi/kpi.h"
#include "kpi/status.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* The formula environment over a sorted observation table. */
struct env_ctx {
	const struct obs_table *t;
	double **scratch;	/* key value arrays handed out during one eval */
	size_t nscratch, ascratch;
};

static double env_value(void *p, const char *metric, int year)
{
	struct env_ctx *c = p;
	size_t n;
	const struct obs *o = obs_range(c->t, metric, year, &n);
	for (size_t i = 0; i < n; i++)
		if (!o[i].key)
			return o[i].value;
	return NAN;
}

static size_t env_keys(void *p, const char *metric, int year,
		       const double **values)
{
	struct env_ctx *c = p;
	size_t n, k = 0;
	const struct obs *o = obs_range(c->t, metric, year, &n);
	double *v;

	*values = NULL;
	if (!n)
		return 0;
	v = xcalloc(n, sizeof(double));
	for (size_t i = 0; i < n; i++)
		if (o[i].key)
			v[k++] = o[i].value;
	c->scratch = xgrow(c->scratch, &c->ascratch, c->nscratch + 1,
			   sizeof(*c->scratch));
	c->scratch[c->nscratch++] = v;
	*values = v;
	return k;
}

static void env_clear(struct env_ctx *c)
{
	for (size_t i = 0; i < c->nscratch; i++)
		free(c->scratch[i]);
	c->nscratch = 0;
}

static bool meets(enum direction d, double v, double target)
{
	return d == DIR_INCREASE ? v >= target : v <= target;
}

static double progress(enum direction d, double v, double base, double target)
{
	if (isnan(v) || isnan(base) || isnan(target))
		return NAN;
	if (target == base)
		return meets(d, v, target) ? 1 : 0;
	/* (v - b) / (t - b) is already mirrored for a decrease KPI */
	return (v - base) / (target - base);
}

static void add_warning(struct kpi_result *r, const char *line)
{
	for (size_t i = 0; i < r->nwarnings; i++)
		if (!strcmp(r->warnings[i], line))
			return;
	r->warnings = xrealloc(r->warnings, (r->nwarnings + 1) * sizeof(char *));
	r->warnings[r->nwarnings++] = xstrdup(line);
}

static void collect_warnings(struct kpi_result *r, struct buf *warn)
{
	char *s = warn->buf;
	while (*s) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (*s)
			add_warning(r, s);
		if (!nl)
			break;
		s = nl + 1;
	}
	buf_reset(warn);
}

/* The target path: explicit targets, linear between anchors, from the baseline. */
static void fill_targets(struct kpi_result *r)
{
	const struct kpi_def *k = r->def;
	for (size_t i = 0; i < r->n; i++) {
		struct kpi_point *p = &r->series[i];
		int y0 = k->baseline;
		double v0 = r->baseline_value;
		p->target = NAN;
		if (p->year < k->baseline)
			continue;
		if (p->year == k->baseline) {
			p->target = r->baseline_value;
			continue;
		}
		for (size_t t = 0; t < k->ntargets; t++) {
			int y1 = k->targets[t].year;
			double v1 = k->targets[t].value;
			if (y1 == p->year) {
				p->target = v1;
				p->target_set = true;
				break;
			}
			if (y1 > p->year) {
				if (!isnan(v0))
					p->target = v0 + (v1 - v0) * (p->year - y0) / (y1 - y0);
				break;
			}
			y0 = y1;
			v0 = v1;
		}
	}
}

static const struct kpi_point *point(const struct kpi_result *r, int year)
{
	if (!r->n || year < r->series[0].year || year > r->series[r->n - 1].year)
		return NULL;
	return &r->series[year - r->series[0].year];
}

static bool is_rank(const struct kpi_def *k)
{
	return !strcmp(k->unit, "rank");
}

/* A value, or a band as published (an open band has no value). */
static bool has_data(const struct kpi_point *p)
{
	return !isnan(p->value) || !isnan(p->low);
}

/*
 * Whether every metric f reads has an observation in year (a null one
 * too: a ranking's edition that does not rank the university).
 */
static bool year_reported(const struct obs_table *t, const struct kpi_def *k, int year)
{
	const struct formula_ref *refs;
	size_t n = formula_refs(k->formula, &refs), m;

	for (size_t i = 0; i < n; i++) {
		obs_range(t, refs[i].metric, year, &m);
		if (!m)
			return false;
	}
	return n > 0;
}

/*
 * The band metrics of a rank KPI whose formula is one metric M: M_low and
 * M_high, when the configuration declares both (docs/report.md). Into
 * low and high (reset); false when the KPI reads no band.
 */
static bool band_metrics(const struct config *cfg, const struct kpi_def *k,
			 struct buf *low, struct buf *high)
{
	const struct formula_ref *refs;
	const char *f = k->formula_text;

	if (!is_rank(k) || formula_refs(k->formula, &refs) != 1 || refs[0].keyed)
		return false;
	while (*f == ' ')
		f++;
	if (strncmp(f, refs[0].metric, strlen(refs[0].metric)) ||
	    f[strspn(f + strlen(refs[0].metric), " ") + strlen(refs[0].metric)])
		return false;
	buf_setf(low, "%s_low", refs[0].metric);
	buf_setf(high, "%s_high", refs[0].metric);
	return config_metric_source(cfg, low->buf, NULL) &&
	       config_metric_source(cfg, high->buf, NULL);
}

/*
 * The trend over the years from the baseline with a value, and the
 * forecast of the final year: its value when it has one, else the trend's
 * (never for a final year that has been reported: docs/report.md). A rank
 * forecast and its interval stay at or above 1, those of a KPI that has
 * never been negative at or above 0.
 */
/*
 * Whether the fit f of the n values y, with at least 3 points, passes
 * through every one of them (no spread to give an interval from).
 */
static bool kpi_exact_fit(const struct linfit *f, const double *y, size_t n)
{
	double scale = 0;

	if (f->n < 3 || isnan(f->s))
		return false;
	for (size_t i = 0; i < n; i++)
		scale = fabs(y[i]) > scale ? fabs(y[i]) : scale;
	/* rounding leaves a residual of a few ulps on an exact line */
	return f->s <= 1e-9 * scale;
}

static void fit_and_forecast(struct kpi_result *r)
{
	const struct kpi_def *k = r->def;
	double *x = xcalloc(r->n, sizeof(double)), *y = xcalloc(r->n, sizeof(double));
	size_t n = 0;
	const struct kpi_point *fin = point(r, r->final_year);
	double floor = is_rank(k) ? 1 : 0;
	bool floored = is_rank(k);

	for (size_t i = 0; i < r->n; i++)
		if (r->series[i].year >= k->baseline && !isnan(r->series[i].value)) {
			x[n] = r->series[i].year;
			y[n++] = r->series[i].value;
		}
	/* a quantity that has never been negative is not forecast below 0 */
	if (!floored) {
		floored = n > 0;
		for (size_t i = 0; i < n; i++)
			floored &= y[i] >= 0;
	}
	memset(&r->trend, 0, sizeof(r->trend));
	if (n >= 2 && stats_linfit(x, y, n, &r->trend))
		memset(&r->trend, 0, sizeof(r->trend));
	r->forecast = r->forecast_lo = r->forecast_hi = NAN;
	r->forecast_method = NULL;
	if (fin && !isnan(fin->value)) {
		r->forecast = fin->value;
		r->forecast_method = "actual";
	} else if (r->trend.n >= 2 && !r->final_reported) {
		r->forecast = stats_predict(&r->trend, r->final_year, FORECAST_LEVEL,
					    &r->forecast_lo, &r->forecast_hi);
		r->forecast_method = "trend";
		/*
		 * A straight line through every point leaves no spread to
		 * measure: its interval of zero width would be false certainty
		 * ("80% interval 67-67"), so there is none (docs/report.md).
		 */
		if (kpi_exact_fit(&r->trend, y, n))
			r->forecast_lo = r->forecast_hi = NAN;
		if (floored) {
			r->forecast = r->forecast < floor ? floor : r->forecast;
			r->forecast_lo = r->forecast_lo < floor ? floor : r->forecast_lo;
			r->forecast_hi = r->forecast_hi < floor ? floor : r->forecast_hi;
		}
	}
	free(x);
	free(y);
}

static void list_sources(const struct config *cfg, const struct obs_table *t,
			 struct kpi_result *r)
{
	const struct formula_ref *refs;
	size_t n = formula_refs(r->def->formula, &refs);
	r->sources = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const struct source *s = config_metric_source(cfg, refs[i].metric, NULL);
		const char *id = s ? s->id : NULL;
		bool seen = false;
		/* a metric the run derived (the partner portfolio): its record's id */
		for (size_t j = 0; !id && j < t->n; j++)
			if (!strcmp(t->v[j].metric, refs[i].metric))
				id = t->sources[t->v[j].src].id;
		if (!id)
			continue;
		for (size_t j = 0; j < r->nsources; j++)
			seen |= !strcmp(r->sources[j], id);
		if (seen)
			continue;
		r->sources[r->nsources++] = xstrdup(id);
		for (size_t j = 0; j < t->nsources; j++)
			if (!strcmp(t->sources[j].id, id) &&
			    (t->sources[j].state == SRC_STALE ||
			     t->sources[j].state == SRC_FAILED))
				r->stale = true;
	}
}

static void compute_one(const struct config *cfg, const struct obs_table *t,
			struct env_ctx *ctx, struct kpi_result *r)
{
	const struct kpi_def *k = r->def;
	struct formula_env env = { env_value, env_keys, ctx };
	struct buf warn = BUF_INIT, mlow = BUF_INIT, mhigh = BUF_INIT;
	int first = k->baseline < cfg->profile.year_from ? k->baseline
							: cfg->profile.year_from;
	int cut = config_year_cut(&cfg->profile);

	r->banded = band_metrics(cfg, k, &mlow, &mhigh);
	r->n = (size_t)(cfg->profile.year_to - first + 1);
	r->series = xcalloc(r->n, sizeof(*r->series));
	for (size_t i = 0; i < r->n; i++) {
		struct kpi_point *p = &r->series[i];
		p->year = first + (int)i;
		p->low = p->high = NAN;
		/* nothing after the last year that can have happened (docs/report.md) */
		if (p->year > cut) {
			p->value = NAN;
			continue;
		}
		p->value = formula_eval(k->formula, p->year, &env, &warn);
		if (!isfinite(p->value))
			p->value = NAN;
		env_clear(ctx);
		collect_warnings(r, &warn);
		p->reported = year_reported(t, k, p->year);
		if (r->banded) {
			double lo = env_value(ctx, mlow.buf, p->year);
			double hi = env_value(ctx, mhigh.buf, p->year);
			if (!isnan(lo) && (isnan(hi) || hi > lo)) {
				p->low = lo;
				p->high = isnan(hi) ? INFINITY : hi;
			}
		}
		if (has_data(p) || (is_rank(k) && p->reported))
			r->data_through = p->year;
	}
	buf_release(&warn);
	buf_release(&mlow);
	buf_release(&mhigh);

	/* an edition that is out without the university, up to the data-through year */
	for (size_t i = 0; i < r->n; i++) {
		struct kpi_point *p = &r->series[i];
		p->not_ranked = is_rank(k) && p->reported && !has_data(p) &&
				r->data_through && p->year <= r->data_through;
	}
	r->baseline_value = point(r, k->baseline)->value;
	r->final_year = k->targets[k->ntargets - 1].year;
	r->final_target = k->targets[k->ntargets - 1].value;
	fill_targets(r);
	r->latest_value = r->latest_progress = r->cagr = NAN;
	for (size_t i = 0; i < r->n; i++) {
		struct kpi_point *p = &r->series[i];
		const struct kpi_point *prev = i ? &r->series[i - 1] : NULL;
		p->progress = p->year > k->baseline ?
			progress(k->direction, p->value, r->baseline_value, p->target) : NAN;
		p->yoy_change = p->yoy_pct = NAN;
		if (prev && !isnan(prev->value) && !isnan(p->value)) {
			p->yoy_change = p->value - prev->value;
			if (prev->value != 0)
				p->yoy_pct = p->value / prev->value - 1;
		}
		if (has_data(p)) {
			r->latest_year = p->year;
			r->latest_value = p->value;
		}
	}
	if (r->latest_year) {
		r->latest_progress = progress(k->direction, r->latest_value,
					      r->baseline_value, r->final_target);
		if (r->latest_year > k->baseline)
			r->cagr = stats_cagr(r->baseline_value, r->latest_value,
					     r->latest_year - k->baseline);
	}
	r->final_reported = r->data_through && r->data_through >= r->final_year;
	fit_and_forecast(r);
	list_sources(cfg, t, r);
	kpi_judge(r, cfg->profile.status_threshold);
}

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

void kpi_compute(const struct config *cfg, const struct obs_table *t,
		 struct kpi_results *out)
{
	struct env_ctx ctx = { t, NULL, 0, 0 };

	out->nkpis = cfg->nkpis;
	out->kpis = xcalloc(cfg->nkpis + 1, sizeof(*out->kpis));
	for (size_t i = 0; i < cfg->nkpis; i++) {
		out->kpis[i].def = &cfg->kpis[i];
		compute_one(cfg, t, &ctx, &out->kpis[i]);
	}
	free(ctx.scratch);

	out->nareas = cfg->nareas;
	out->areas = xcalloc(cfg->nareas + 1, sizeof(*out->areas));
	for (size_t a = 0; a < cfg->nareas; a++) {
		struct area_result *ar = &out->areas[a];
		double sum = 0, wsum = 0;
		ar->def = &cfg->areas[a];
		for (size_t i = 0; i < out->nkpis; i++) {
			const struct kpi_result *r = &out->kpis[i];
			if (strcmp(r->def->area, ar->def->id))
				continue;
			ar->nkpis++;
			if (r->status == ST_NOT_RANKED) {
				/* not ranked: not achieved, whatever an older rank was */
				wsum += r->def->weight;
			} else if (!isnan(r->latest_progress)) {
				sum += r->def->weight * clamp01(r->latest_progress);
				wsum += r->def->weight;
			}
		}
		ar->index = wsum > 0 ? 100 * sum / wsum : NAN;
		kpi_judge_area(ar, out, cfg->profile.status_threshold);
	}
}

void kpi_results_release(struct kpi_results *r)
{
	for (size_t i = 0; i < r->nkpis; i++) {
		struct kpi_result *k = &r->kpis[i];
		free(k->series);
		for (size_t j = 0; j < k->nsources; j++)
			free(k->sources[j]);
		free(k->sources);
		for (size_t j = 0; j < k->nwarnings; j++)
			free(k->warnings[j]);
		free(k->warnings);
		free(k->reason);
		free(k->gap_text);
		for (size_t j = 0; j < k->ninterim; j++)
			free(k->interim[j].gap_text);
		free(k->interim);
	}
	free(r->kpis);
	free(r->areas);
	memset(r, 0, sizeof(*r));
}
