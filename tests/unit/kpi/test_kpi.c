#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "config/config.h"
#include "lang/formula.h"
#include "kpi/kpi.h"
#include "kpi/status.h"
#include "obs/obs.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/*
 * Every test builds a config in code: profile period 2019-2023 with
 * status_threshold 0.1, areas a1, a2, a3, then its own sources and KPIs.
 * Expected numbers are worked out by hand in the comments beside them.
 */

/* cmocka's assert_float_equal works in float; these need double. */
#define assert_near(got, want, tol) assert_true(near((got), (want), (tol)))
#define assert_nan(x) assert_true(isnan(x))
#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EPS 1e-9
#define NONE NAN	/* in a series: no observation for that year */
#define METRICS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define TARGETS(...) ((const struct target[]){ __VA_ARGS__ })
#define NTARGETS(...) LEN(TARGETS(__VA_ARGS__))

static int near(double got, double want, double tol)
{
	if (fabs(got - want) <= tol)
		return 1;
	print_error("got %.17g, want %.17g (tolerance %g)\n", got, want, tol);
	return 0;
}

struct fx {
	struct config cfg;
	struct obs_table t;
	struct kpi_results r;
};

static void add_area(struct config *cfg, const char *id, int order)
{
	cfg->areas = xrealloc(cfg->areas, (cfg->nareas + 1) * sizeof(*cfg->areas));
	cfg->areas[cfg->nareas++] = (struct area){ xstrdup(id), xstrdup(id), NULL,
						   order };
}

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->cfg.dir = xstrdup("indicators");
	f->cfg.profile.name = xstrdup("Test University");
	f->cfg.profile.country = xstrdup("KZ");
	f->cfg.profile.year_from = 2019;
	f->cfg.profile.year_to = 2023;
	f->cfg.profile.status_threshold = 0.1;
	add_area(&f->cfg, "a1", 1);
	add_area(&f->cfg, "a2", 2);
	add_area(&f->cfg, "a3", 3);
	obs_init(&f->t);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	kpi_results_release(&f->r);
	obs_release(&f->t);
	config_release(&f->cfg);
	free(f);
	return 0;
}

/*
 * Adds a csv source producing metrics (keyed when keyed is true) to the
 * config and its provenance record, in state st, to the table. Returns the
 * record's index for obs_add.
 */
static size_t add_source(struct fx *f, const char *id, enum source_state st,
			 const char *const *metrics, bool keyed)
{
	struct config *cfg = &f->cfg;
	struct source *s;
	struct obs_source rec = { 0 };
	size_t n = 0;

	cfg->sources = xrealloc(cfg->sources,
				(cfg->nsources + 1) * sizeof(*cfg->sources));
	s = &cfg->sources[cfg->nsources++];
	memset(s, 0, sizeof(*s));
	s->id = xstrdup(id);
	s->kind = xstrdup("csv");
	s->decimal = '.';
	s->year.name = xstrdup("year");
	while (metrics[n])
		n++;
	s->metrics = xcalloc(n, sizeof(*s->metrics));
	s->nmetrics = n;
	for (size_t i = 0; i < n; i++) {
		s->metrics[i].name = xstrdup(metrics[i]);
		s->metrics[i].value.name = xstrdup("value");
		s->metrics[i].has_key = keyed;
		if (keyed)
			s->metrics[i].key.name = xstrdup("key");
	}

	rec.id = (char *)id;
	rec.kind = (char *)"csv";
	rec.state = st;
	if (st == SRC_FAILED)
		rec.error = (char *)"data.csv:3: column 'value': 'x' is not a number";
	return obs_add_source(&f->t, &rec);
}

/* One keyless observation per year from `from` on; NONE leaves a year out. */
static void add_series(struct fx *f, size_t src, const char *metric, int from,
		       const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			obs_add(&f->t, src, metric, from + (int)i, NULL, v[i], 0);
}

/* Adds a KPI of weight 1 and returns its index in cfg.kpis and the results. */
static size_t add_kpi(struct fx *f, const char *id, const char *area,
		      enum direction d, const char *formula, int baseline,
		      const struct target *targets, size_t ntargets)
{
	struct config *cfg = &f->cfg;
	struct kpi_def *k;
	struct buf err = BUF_INIT;

	cfg->kpis = xrealloc(cfg->kpis, (cfg->nkpis + 1) * sizeof(*cfg->kpis));
	k = &cfg->kpis[cfg->nkpis];
	memset(k, 0, sizeof(*k));
	k->id = xstrdup(id);
	k->area = xstrdup(area);
	k->title = xstrdup(id);
	k->unit = xstrdup("n");
	k->file = xstrdup("kpi/test.json");
	k->direction = d;
	k->formula_text = xstrdup(formula);
	if (formula_parse(formula, &k->formula, &err))
		fail_msg("formula '%s': %s", formula, err.buf);
	buf_release(&err);
	k->baseline = baseline;
	k->targets = xcalloc(ntargets, sizeof(*k->targets));
	memcpy(k->targets, targets, ntargets * sizeof(*targets));
	k->ntargets = ntargets;
	k->weight = 1;
	k->decimals = 1;
	return cfg->nkpis++;
}

static const struct kpi_result *compute(struct fx *f, size_t kpi)
{
	obs_sort(&f->t);
	kpi_compute(&f->cfg, &f->t, &f->r);
	assert_int_equal(f->r.nkpis, f->cfg.nkpis);
	assert_ptr_equal(f->r.kpis[kpi].def, &f->cfg.kpis[kpi]);
	return &f->r.kpis[kpi];
}

static const struct kpi_point *at(const struct kpi_result *r, int year)
{
	assert_true(r->n > 0);
	assert_in_range(year, r->series[0].year, r->series[r->n - 1].year);
	assert_int_equal(r->series[year - r->series[0].year].year, year);
	return &r->series[year - r->series[0].year];
}

/*
 * Scenario A: increase KPI, baseline 2018 (before the period), targets
 * 2021: 40 and 2023: 60; values 2018-2022 = 20, 25, 30, 35, 40, none in 2023.
 */
static const struct kpi_result *scenario_a(struct fx *f)
{
	static const double v[] = { 20, 25, 30, 35, 40, NONE };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "ka", "a1", DIR_INCREASE, "m", 2018,
			   TARGETS({ 2021, 40 }, { 2023, 60 }),
			   NTARGETS({ 2021, 40 }, { 2023, 60 }));

	add_series(f, src, "m", 2018, v, LEN(v));
	return compute(f, k);
}

/*
 * The worked series: baseline 2018, values 2018-2022 = 10, 12, 15, 15, 18,
 * none in 2023; one target final_target in 2023.
 *   x - xbar = -2, -1, 0, 1, 2 (xbar 2020), sxx = 10; ybar = 70 / 5 = 14.
 *   sxy = (-2)(-4) + (-1)(-2) + 0 + (1)(1) + (2)(4) = 19, slope = 1.9.
 *   intercept = 14 - 1.9 * 2020 = 14 - 3838 = -3824.
 *   syy = 16 + 4 + 1 + 1 + 16 = 38, SSres = syy - slope sxy = 38 - 36.1 = 1.9,
 *   r2 = 1 - 1.9 / 38 = 0.95, s = sqrt(1.9 / 3) = 0.7958224.
 *   forecast 2023 = 14 + 1.9 * 3 = 19.7.
 */
static const struct kpi_result *worked(struct fx *f, double final_target)
{
	static const double v[] = { 10, 12, 15, 15, 18, NONE };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "kw", "a1", DIR_INCREASE, "m", 2018,
			   TARGETS({ 2023, final_target }), 1);

	add_series(f, src, "m", 2018, v, LEN(v));
	return compute(f, k);
}

/*
 * The rank: decrease KPI, baseline 2019, targets 2021: 1000 and 2023:
 * final_target; values 2019-2022 = 1100, 1060, 1000, 980, none in 2023.
 *   x - xbar = -1.5, -0.5, 0.5, 1.5 (xbar 2020.5), sxx = 5.
 *   ybar = 4140 / 4 = 1035, y - ybar = 65, 25, -35, -55.
 *   sxy = -97.5 - 12.5 - 17.5 - 82.5 = -210, slope = -42.
 *   forecast 2023 = 1035 - 42 * 2.5 = 930.
 */
static const struct kpi_result *rank(struct fx *f, double final_target)
{
	static const double v[] = { 1100, 1060, 1000, 980, NONE };
	size_t src = add_source(f, "r", SRC_FRESH, METRICS("rank_mid"), false);
	size_t k = add_kpi(f, "kr", "a1", DIR_DECREASE, "rank_mid", 2019,
			   TARGETS({ 2021, 1000 }, { 2023, final_target }), 2);

	add_series(f, src, "rank_mid", 2019, v, LEN(v));
	return compute(f, k);
}

/* ---- series, target path, progress, change ---- */

static void kpi_compute__baseline_before_period__series_runs_from_baseline_to_period_end(void **state)
{
	const struct kpi_result *r = scenario_a(*state);

	/* 2018..2023 is 6 years */
	assert_int_equal(r->n, 6);
	assert_int_equal(r->series[0].year, 2018);
	assert_int_equal(r->series[5].year, 2023);
	assert_near(at(r, 2018)->value, 20, EPS);
	assert_near(at(r, 2020)->value, 30, EPS);
	assert_near(at(r, 2022)->value, 40, EPS);
	assert_nan(at(r, 2023)->value);
	assert_near(r->baseline_value, 20, EPS);
	assert_int_equal(r->final_year, 2023);
	assert_near(r->final_target, 60, EPS);
}

static void kpi_compute__target_path__interpolates_from_baseline_value_and_between_targets(void **state)
{
	const struct kpi_result *r = scenario_a(*state);

	/* the baseline year's target is the baseline value, not a configured one */
	assert_near(at(r, 2018)->target, 20, EPS);
	assert_false(at(r, 2018)->target_set);
	/* (2018, 20) to (2021, 40): 20 + 20 * 1/3 and 20 + 20 * 2/3 */
	assert_near(at(r, 2019)->target, 20 + 20.0 / 3, EPS);
	assert_false(at(r, 2019)->target_set);
	assert_near(at(r, 2020)->target, 20 + 40.0 / 3, EPS);
	assert_false(at(r, 2020)->target_set);
	assert_near(at(r, 2021)->target, 40, EPS);
	assert_true(at(r, 2021)->target_set);
	/* (2021, 40) to (2023, 60): 40 + 20 * 1/2 = 50 */
	assert_near(at(r, 2022)->target, 50, EPS);
	assert_false(at(r, 2022)->target_set);
	/* a configured target stands even in a year without a value */
	assert_near(at(r, 2023)->target, 60, EPS);
	assert_true(at(r, 2023)->target_set);
}

static void kpi_compute__after_the_baseline__progress_is_share_of_the_way_to_the_path(void **state)
{
	const struct kpi_result *r = scenario_a(*state);

	/* not after the baseline: no progress */
	assert_nan(at(r, 2018)->progress);
	/* (25 - 20) / (26.667 - 20) = 5 / 6.667 = 0.75 */
	assert_near(at(r, 2019)->progress, 0.75, EPS);
	/* (30 - 20) / (33.333 - 20) = 10 / 13.333 = 0.75 */
	assert_near(at(r, 2020)->progress, 0.75, EPS);
	/* (35 - 20) / (40 - 20) = 0.75 */
	assert_near(at(r, 2021)->progress, 0.75, EPS);
	/* (40 - 20) / (50 - 20) = 2/3 */
	assert_near(at(r, 2022)->progress, 2.0 / 3, EPS);
	/* no value */
	assert_nan(at(r, 2023)->progress);
}

static void kpi_compute__consecutive_values__give_yoy_change_and_pct(void **state)
{
	const struct kpi_result *r = scenario_a(*state);

	/* the first year has no previous one */
	assert_nan(at(r, 2018)->yoy_change);
	assert_nan(at(r, 2018)->yoy_pct);
	/* 25 - 20 = 5, 25 / 20 - 1 = 0.25 */
	assert_near(at(r, 2019)->yoy_change, 5, EPS);
	assert_near(at(r, 2019)->yoy_pct, 0.25, EPS);
	/* 30 / 25 - 1 = 0.2 */
	assert_near(at(r, 2020)->yoy_pct, 0.2, EPS);
	/* 35 / 30 - 1 = 1/6 */
	assert_near(at(r, 2021)->yoy_pct, 1.0 / 6, EPS);
	/* 40 - 35 = 5, 40 / 35 - 1 = 1/7 */
	assert_near(at(r, 2022)->yoy_change, 5, EPS);
	assert_near(at(r, 2022)->yoy_pct, 1.0 / 7, EPS);
	assert_nan(at(r, 2023)->yoy_change);
	assert_nan(at(r, 2023)->yoy_pct);
}

static void kpi_compute__previous_value_zero__yoy_pct_is_null(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 0, 5, 10 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019,
			   TARGETS({ 2023, 20 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "m", 2019, v, LEN(v));
	r = compute(f, k);
	/* 5 - 0 = 5; 5 / 0 - 1 is undefined */
	assert_near(at(r, 2020)->yoy_change, 5, EPS);
	assert_nan(at(r, 2020)->yoy_pct);
	/* 10 / 5 - 1 = 1 */
	assert_near(at(r, 2021)->yoy_pct, 1, EPS);
	/* baseline value 0 is not positive: no CAGR */
	assert_nan(r->cagr);
}

static void kpi_compute__baseline_after_period_start__earlier_years_have_no_target(void **state)
{
	struct fx *f = *state;
	/* 2019 is before the baseline 2020 and far off the line 10, 12, 14 */
	static const double v[] = { 100, 10, 12, 14, NONE };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2020,
			   TARGETS({ 2023, 30 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "m", 2019, v, LEN(v));
	r = compute(f, k);
	/* the series starts at the period start: 2019..2023 is 5 years */
	assert_int_equal(r->n, 5);
	assert_near(at(r, 2019)->value, 100, EPS);
	assert_nan(at(r, 2019)->target);
	assert_false(at(r, 2019)->target_set);
	assert_nan(at(r, 2019)->progress);
	/* (2020, 10) to (2023, 30): 10 + 20 / 3 */
	assert_near(at(r, 2021)->target, 10 + 20.0 / 3, EPS);
	/* the trend uses 2020-2022 only: 10, 12, 14 is slope 2 */
	assert_int_equal(r->trend.n, 3);
	assert_near(r->trend.slope, 2, EPS);
	/* 14 + 2 * 1 = 16 */
	assert_near(r->forecast, 16, EPS);
}

static void kpi_compute__target_equal_to_baseline__progress_is_one_or_zero(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 10, 12, 9, 10 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019,
			   TARGETS({ 2023, 10 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "m", 2019, v, LEN(v));
	r = compute(f, k);
	/* the path is flat at 10; 12 meets it, 9 does not, 10 does (>=) */
	assert_near(at(r, 2021)->target, 10, EPS);
	assert_near(at(r, 2020)->progress, 1, EPS);
	assert_near(at(r, 2021)->progress, 0, EPS);
	assert_near(at(r, 2022)->progress, 1, EPS);
	/* latest 2022 = 10 meets the final target 10, a year early: on track */
	assert_near(r->latest_progress, 1, EPS);
	assert_int_equal(r->status, ST_ON_TRACK);
}

/* ---- latest, CAGR, trend, forecast ---- */

static void kpi_compute__latest_year__progress_is_toward_final_target(void **state)
{
	const struct kpi_result *r = scenario_a(*state);

	/* 2023 has no value, so 2022 is the latest */
	assert_int_equal(r->latest_year, 2022);
	assert_near(r->latest_value, 40, EPS);
	/* toward 60, not the 2022 path value 50: (40 - 20) / (60 - 20) = 0.5 */
	assert_near(r->latest_progress, 0.5, EPS);
}

static void kpi_compute__cagr__compounds_from_baseline_to_latest(void **state)
{
	const struct kpi_result *r = scenario_a(*state);

	/* (40 / 20)^(1 / (2022 - 2018)) - 1 = 2^0.25 - 1 = 1.189207115 - 1 */
	assert_near(r->cagr, 0.189207115, 1e-9);
}

static void kpi_compute__trend__is_least_squares_over_years_with_a_value(void **state)
{
	const struct kpi_result *r = worked(*state, 19);

	/* numbers worked out above worked() */
	assert_int_equal(r->trend.n, 5);
	assert_near(r->trend.slope, 1.9, 1e-9);
	assert_near(r->trend.intercept, -3824, 1e-6);
	assert_near(r->trend.r2, 0.95, 1e-9);
}

static void kpi_compute__final_year_without_value__forecast_is_trend_with_80pct_interval(void **state)
{
	const struct kpi_result *r = worked(*state, 19);

	assert_non_null(r->forecast_method);
	assert_string_equal(r->forecast_method, "trend");
	/* 19.7, see worked() */
	assert_near(r->forecast, 19.7, 1e-9);
	/*
	 * half width = t(0.9, 3) s sqrt(1 + 1/5 + (2023 - 2020)^2 / 10)
	 *            = 1.637744 * 0.7958224 * sqrt(2.1)
	 *            = 1.637744 * 0.7958224 * 1.4491377 = 1.888739
	 * (t(0.9, 3) = 1.637744 from a t table).
	 */
	assert_near(r->forecast_lo, 19.7 - 1.888739, 1e-4);
	assert_near(r->forecast_hi, 19.7 + 1.888739, 1e-4);
}

static void kpi_compute__two_points__forecast_has_no_interval_and_is_no_verdict(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 10, 12 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019,
			   TARGETS({ 2023, 30 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "m", 2019, v, LEN(v));
	r = compute(f, k);
	/* slope 2 through (2019, 10): 2023 is 10 + 2 * 4 = 18 */
	assert_int_equal(r->trend.n, 2);
	assert_string_equal(r->forecast_method, "trend");
	assert_near(r->forecast, 18, EPS);
	/* the interval needs n >= 3 */
	assert_nan(r->forecast_lo);
	assert_nan(r->forecast_hi);
	/*
	 * Too few points for an interval: not a verdict. The 2020 value 12 is
	 * judged against its path, 10 + (30 - 10) / 4 = 15: below, at risk
	 * (off_track needs a whole interval that misses).
	 */
	assert_int_equal(r->status, ST_AT_RISK);
	assert_string_equal(r->reason, "only 2 years have a value, too few for a forecast; "
			    "the 2020 value 12.0 n is below its path target of 15.0 n");
}

static void kpi_compute__final_year_has_value__forecast_is_actual(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 10, 12, 15, 15, 18 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019,
			   TARGETS({ 2023, 20 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "m", 2019, v, LEN(v));
	r = compute(f, k);
	assert_string_equal(r->forecast_method, "actual");
	assert_near(r->forecast, 18, EPS);
	assert_nan(r->forecast_lo);
	assert_nan(r->forecast_hi);
	/* the trend is still reported: slope 19 / 10 as in worked() */
	assert_int_equal(r->trend.n, 5);
	assert_near(r->trend.slope, 1.9, 1e-9);
	/* the final year is in: 18 misses 20 by 2 > 0.1 * |20 - 10| = 1 */
	assert_int_equal(r->status, ST_MISSED);
	assert_int_equal(r->status_year, 2023);
	assert_near(r->gap, 2, EPS);
}

/* ---- status ---- */

static void kpi_compute__latest_meets_final_target_before_final_year__is_on_track(void **state)
{
	/* latest 18 >= 18 (equality meets) in 2022: achieved only once 2023 is in */
	const struct kpi_result *r = worked(*state, 18);

	assert_int_equal(r->status, ST_ON_TRACK);
	assert_int_equal(r->status_year, 2022);
	assert_near(r->gap, 0, EPS);
	assert_string_equal(r->gap_text, "on target");
	assert_string_equal(r->reason, "2022: 18.0 n, already at the 2023 target of 18.0 n (on target)");
}

static void kpi_compute__forecast_meets_final_target__is_on_track(void **state)
{
	/* latest 18 < 19, forecast 19.7 >= 19 */
	const struct kpi_result *r = worked(*state, 19);

	assert_int_equal(r->status, ST_ON_TRACK);
	assert_string_equal(kpi_status_name(r->status), "on_track");
}

/*
 * worked()'s forecast 19.7 has the 80% interval 17.811261..21.588739
 * (19.7 -+ 1.888739, see the test of the interval above).
 */
static void kpi_compute__forecast_misses_just__is_at_risk(void **state)
{
	/* 19.7 < 19.8, inside the interval */
	const struct kpi_result *r = worked(*state, 19.8);

	assert_int_equal(r->status, ST_AT_RISK);
	assert_string_equal(kpi_status_name(r->status), "at_risk");
}

static void kpi_compute__forecast_misses_with_target_inside_interval__is_at_risk(void **state)
{
	/*
	 * 19.7 misses 20 by 0.3, which the old threshold rule (0.1 * |20 - 18|
	 * = 0.2) called off track; 20 lies inside the interval: at risk.
	 */
	const struct kpi_result *r = worked(*state, 20);

	assert_int_equal(r->status, ST_AT_RISK);
	assert_string_equal(r->gap_text, "2.0 n short");
	assert_string_equal(r->reason, "the 2023 forecast 19.7 n (80% interval 17.8\u201321.6) falls "
			    "0.3 n short of the target 20.0 n, which lies inside the interval; "
			    "latest 18.0 n in 2022");
}

static void kpi_compute__whole_interval_misses__is_off_track(void **state)
{
	/* 21.6 > 21.588739, the interval's top */
	const struct kpi_result *r = worked(*state, 21.6);

	assert_int_equal(r->status, ST_OFF_TRACK);
	assert_string_equal(kpi_status_name(r->status), "off_track");
	assert_non_null(strstr(r->reason, "and so does the whole interval"));
}

static void kpi_compute__status_threshold__does_not_move_a_forecast_verdict(void **state)
{
	struct fx *f = *state;
	const struct kpi_result *r;

	/* before the final year only the interval decides: 0.5 changes nothing */
	f->cfg.profile.status_threshold = 0.5;
	r = worked(f, 21.6);
	assert_int_equal(r->status, ST_OFF_TRACK);
}

static void kpi_compute__no_value_in_any_year__is_no_data(void **state)
{
	struct fx *f = *state;
	const struct kpi_result *r;
	size_t src, k;

	src = add_source(f, "s", SRC_FRESH, METRICS("m", "other"), false);
	k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019, TARGETS({ 2023, 20 }), 1);
	/*
	 * Another metric keeps the table non-empty: obs_sort on an empty
	 * table passes NULL to qsort, which UBSan rejects (src/obs/obs.c).
	 */
	obs_add(&f->t, src, "other", 2020, NULL, 1, 0);
	r = compute(f, k);
	assert_int_equal(r->n, 5);
	assert_int_equal(r->latest_year, 0);
	assert_nan(r->latest_value);
	assert_nan(r->latest_progress);
	assert_nan(r->cagr);
	assert_int_equal(r->trend.n, 0);
	assert_null(r->forecast_method);
	assert_nan(r->forecast);
	assert_int_equal(r->status, ST_NO_DATA);
	assert_string_equal(kpi_status_name(r->status), "no_data");
	/* the path still runs from the (null) baseline: only the target is known */
	assert_nan(at(r, 2021)->target);
	assert_near(at(r, 2023)->target, 20, EPS);
}

/*
 * One year of data, 2021, and no baseline value. Targets 2020: 15 and
 * 2023: 30 put the 2021 path at 15 + 15 * 1/3 = 20.
 */
static const struct kpi_result *single_year(struct fx *f, double v2021)
{
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019,
			   TARGETS({ 2020, 15 }, { 2023, 30 }), 2);

	obs_add(&f->t, src, "m", 2021, NULL, v2021, 0);
	return compute(f, k);
}

static void kpi_compute__single_year_meeting_its_path__is_on_track(void **state)
{
	const struct kpi_result *r = single_year(*state, 22);

	assert_near(at(r, 2021)->target, 20, EPS);
	assert_int_equal(r->trend.n, 0);
	assert_null(r->forecast_method);
	assert_int_equal(r->latest_year, 2021);
	/* 22 >= 20 */
	assert_int_equal(r->status, ST_ON_TRACK);
	/* no baseline value: no progress and no CAGR */
	assert_nan(r->latest_progress);
	assert_nan(r->cagr);
}

static void kpi_compute__single_year_missing_its_path__is_at_risk_not_a_verdict(void **state)
{
	/* 18 < 20, but one year cannot say that the whole interval misses */
	const struct kpi_result *r = single_year(*state, 18);

	assert_int_equal(r->status, ST_AT_RISK);
	assert_string_equal(r->reason, "only 2021 has a value, too few for a forecast; "
			    "the 2021 value 18.0 n is below its path target of 20.0 n");
}

/* ---- decrease KPIs ---- */

static void kpi_compute__decrease_kpi__progress_is_mirrored(void **state)
{
	const struct kpi_result *r = rank(*state, 900);

	/* path: 1100 + (1000 - 1100) / 2 = 1050, 1000, 1000 + (900 - 1000) / 2 = 950, 900 */
	assert_near(at(r, 2020)->target, 1050, EPS);
	assert_true(at(r, 2021)->target_set);
	assert_near(at(r, 2022)->target, 950, EPS);
	assert_near(at(r, 2023)->target, 900, EPS);
	/* (1060 - 1100) / (1050 - 1100) = -40 / -50 = 0.8 */
	assert_near(at(r, 2020)->progress, 0.8, EPS);
	/* -100 / -100 = 1 */
	assert_near(at(r, 2021)->progress, 1, EPS);
	/* -120 / -150 = 0.8 */
	assert_near(at(r, 2022)->progress, 0.8, EPS);
	/* latest 980 toward 900: -120 / -200 = 0.6 */
	assert_int_equal(r->latest_year, 2022);
	assert_near(r->latest_progress, 0.6, EPS);
	/* (980 / 1100)^(1/3) - 1 = 0.8909091^(1/3) - 1 = -0.0377724 */
	assert_near(r->cagr, -0.0377724, 1e-7);
	/* see rank() */
	assert_near(r->trend.slope, -42, 1e-9);
	assert_near(r->forecast, 930, 1e-9);
}

/*
 * rank()'s interval: fitted 1098, 1056, 1014, 972, residuals 2, 4, -14, 8,
 * SSres 280, s = sqrt(280 / 2) = 11.832160; half width t(0.9, 2) s
 * sqrt(1 + 1/4 + 2.5^2 / 5) = 1.885618 * 11.832160 * 1.581139 = 35.276;
 * 930 -+ 35.276 = 894.72..965.28.
 */
static void kpi_compute__decrease_kpi__whole_interval_above_target_is_off_track(void **state)
{
	/* 894.72 > 890 */
	const struct kpi_result *r = rank(*state, 890);

	assert_near(r->forecast_lo, 894.724, 1e-3);
	assert_near(r->forecast_hi, 965.276, 1e-3);
	assert_int_equal(r->status, ST_OFF_TRACK);
}

static void kpi_compute__decrease_kpi__target_inside_interval_is_at_risk(void **state)
{
	/* 930 misses 900 by 30 (off track under the old threshold rule); 900 is inside */
	const struct kpi_result *r = rank(*state, 900);

	assert_int_equal(r->status, ST_AT_RISK);
}

static void kpi_compute__decrease_kpi__forecast_at_or_below_target_is_on_track(void **state)
{
	/* 930 <= 935 while the latest 980 > 935 */
	const struct kpi_result *r = rank(*state, 935);

	assert_int_equal(r->status, ST_ON_TRACK);
}

static void kpi_compute__decrease_kpi__forecast_near_target_is_at_risk(void **state)
{
	/* 930 misses 925 by 5 <= 0.1 * |925 - 980| = 5.5 */
	const struct kpi_result *r = rank(*state, 925);

	assert_int_equal(r->status, ST_AT_RISK);
}

static void kpi_compute__decrease_kpi__latest_at_target_before_final_year__is_on_track(void **state)
{
	/* latest 980 <= 980 in 2022 */
	const struct kpi_result *r = rank(*state, 980);

	assert_int_equal(r->status, ST_ON_TRACK);
}

/* ---- graded: the final year has a value ---- */

/* Baseline 2019 = 100, target 2023 = 200 (distance 100); v2023 decides. */
static const struct kpi_result *graded_kpi(struct fx *f, enum direction d,
					   double target, double v2023)
{
	double v[] = { 100, 110, 130, 150, v2023 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "kg", "a1", d, "m", 2019, TARGETS({ 2023, target }), 1);

	add_series(f, src, "m", 2019, v, LEN(v));
	return compute(f, k);
}

static void kpi_judge__final_value_meets_target__is_achieved(void **state)
{
	const struct kpi_result *r = graded_kpi(*state, DIR_INCREASE, 200, 201);

	assert_int_equal(r->status, ST_ACHIEVED);
	assert_int_equal(r->status_year, 2023);
	/* 200 - 201 */
	assert_near(r->gap, -1, EPS);
	assert_string_equal(r->gap_text, "1.0 n above target");
	assert_string_equal(r->reason, "2023: 201.0 n against a target of 200.0 n, 1.0 n above target");
}

static void kpi_judge__final_value_within_band__is_nearly(void **state)
{
	/* 200 - 190 = 10 <= 0.1 * |200 - 100| = 10 (the edge is nearly) */
	const struct kpi_result *r = graded_kpi(*state, DIR_INCREASE, 200, 190);

	assert_int_equal(r->status, ST_NEARLY);
	assert_string_equal(kpi_status_name(r->status), "nearly");
	assert_near(r->gap, 10, EPS);
	/* (190 - 100) / (200 - 100) = 90% */
	assert_string_equal(r->gap_text, "10.0 n short");
	assert_string_equal(r->reason, "2023: 190.0 n against a target of 200.0 n, 10.0 n short, "
			    "within the 10% band (90% of the way from the 2019 baseline)");
}

static void kpi_judge__final_value_beyond_band__is_missed(void **state)
{
	/* 200 - 189 = 11 > 10 */
	const struct kpi_result *r = graded_kpi(*state, DIR_INCREASE, 200, 189);

	assert_int_equal(r->status, ST_MISSED);
	assert_string_equal(kpi_status_name(r->status), "missed");
	assert_near(r->gap, 11, EPS);
}

static void kpi_judge__decrease_kpi_above_target__gap_is_negative(void **state)
{
	/* target 50 from 100 (distance 50); 2023 = 54: 50 - 54 = -4, |4| <= 5 */
	const struct kpi_result *r = graded_kpi(*state, DIR_DECREASE, 50, 54);

	assert_int_equal(r->status, ST_NEARLY);
	assert_near(r->gap, -4, EPS);
}

static void kpi_judge__rank_final_edition_without_the_university__is_not_ranked_without_forecast(void **state)
{
	struct fx *f = *state;
	static const double other[] = { 1, 2, 3, 4, 5 };
	static const double rk[] = { 1100, 1060, 1000, 980, NONE };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("o", "rank_mid"), false);
	size_t k;
	const struct kpi_result *r;

	/* the source reported 2023 without a value (a null observation) */
	add_kpi(f, "ko", "a1", DIR_INCREASE, "o", 2019, TARGETS({ 2023, 5 }), 1);
	k = add_kpi(f, "kr", "a2", DIR_DECREASE, "rank_mid", 2019, TARGETS({ 2023, 900 }), 1);
	free(f->cfg.kpis[k].unit);
	f->cfg.kpis[k].unit = xstrdup("rank");
	f->cfg.kpis[k].decimals = 0;
	add_series(f, src, "o", 2019, other, LEN(other));
	add_series(f, src, "rank_mid", 2019, rk, LEN(rk));
	obs_add(&f->t, src, "rank_mid", 2023, NULL, NAN, 9);
	r = compute(f, k);
	assert_true(r->final_reported);
	assert_int_equal(r->data_through, 2023);
	assert_int_equal(r->status, ST_NOT_RANKED);
	assert_string_equal(kpi_status_name(r->status), "not_ranked");
	assert_int_equal(r->status_year, 2023);
	assert_null(r->forecast_method);
	assert_nan(r->forecast);
	assert_nan(r->gap);
	assert_string_equal(r->reason, "not ranked in 2023 (latest rank 980 in 2022)");
}

static void kpi_judge__another_kpi_with_final_year_data__does_not_stop_a_forecast(void **state)
{
	struct fx *f = *state;
	static const double other[] = { 1, 2, 3, 4, 5 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("o", "m"), false);
	size_t k;
	const struct kpi_result *r;

	/* a ranking publishes its 2023 edition before the 2023 enrolment is in */
	add_kpi(f, "ko", "a1", DIR_INCREASE, "o", 2019, TARGETS({ 2023, 5 }), 1);
	k = add_kpi(f, "km", "a1", DIR_INCREASE, "m", 2019, TARGETS({ 2023, 100 }), 1);
	add_series(f, src, "o", 2019, other, LEN(other));
	add_series(f, src, "m", 2019, other, 4);
	r = compute(f, k);
	assert_false(r->final_reported);
	assert_string_equal(r->forecast_method, "trend");
	assert_int_equal(r->status, ST_OFF_TRACK);
	assert_int_equal(r->status_year, 2022);
}

static void kpi_judge__one_input_of_final_year_missing__is_still_forecast(void **state)
{
	struct fx *f = *state;
	static const double m[] = { 10, 12, 14, 16, 18 };
	static const double e[] = { 100, 100, 100, 100, NONE };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m", "e"), false);
	size_t k = add_kpi(f, "ks", "a1", DIR_INCREASE, "100 * m / e", 2019,
			   TARGETS({ 2023, 30 }), 1);
	const struct kpi_result *r;

	/* the 2023 numerator is in, the denominator not yet: not reported */
	add_series(f, src, "m", 2019, m, LEN(m));
	add_series(f, src, "e", 2019, e, LEN(e));
	r = compute(f, k);
	assert_false(r->final_reported);
	assert_string_equal(r->forecast_method, "trend");
	/* 10, 12, 14, 16 %: slope 2, 2023 = 18 < 30 */
	assert_near(r->forecast, 18, 1e-9);
	assert_int_equal(r->status, ST_OFF_TRACK);
}

static void kpi_compute__as_of__ignores_later_values(void **state)
{
	struct fx *f = *state;
	const struct kpi_result *r;

	/* graded_kpi's 2023 value is left out: judged on the 2019-2022 trend */
	f->cfg.profile.as_of = 2022;
	r = graded_kpi(f, DIR_INCREASE, 200, 201);
	assert_nan(at(r, 2023)->value);
	assert_int_equal(r->latest_year, 2022);
	assert_false(r->final_reported);
	/* 100, 110, 130, 150: slope 17, forecast 122.5 + 17 * 2.5 = 165 < 200 */
	assert_near(r->forecast, 165, 1e-9);
	assert_int_equal(r->status, ST_OFF_TRACK);
}


/* ---- a strategy in progress: data through a year, interim targets, bands ---- */

/*
 * A 2024-2028 strategy: baseline 2024, targets 2026: 7.5 and 2028: 10,
 * values 2024-2028 = 5, 5.2, 5.5, 7, 8 (the last two are years that have
 * not happened: an open-ended row counted too far, or a plan).
 */
static const struct kpi_result *running(struct fx *f, int year_now)
{
	static const double v[] = { 5, 5.2, 5.5, 7, 8 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("share"), false);
	size_t k = add_kpi(f, "kr", "a1", DIR_INCREASE, "share", 2024,
			   TARGETS({ 2026, 7.5 }, { 2028, 10 }), 2);

	f->cfg.profile.year_from = 2024;
	f->cfg.profile.year_to = 2028;
	f->cfg.profile.year_now = year_now;
	free(f->cfg.kpis[k].unit);
	f->cfg.kpis[k].unit = xstrdup("%");
	add_series(f, src, "share", 2024, v, LEN(v));
	return compute(f, k);
}

static void kpi_compute__calendar_year__nothing_after_it_is_counted_or_judged(void **state)
{
	const struct kpi_result *r = running(*state, 2026);

	assert_int_equal(config_year_cut(&((struct fx *)*state)->cfg.profile), 2026);
	assert_int_equal(r->data_through, 2026);
	assert_nan(at(r, 2027)->value);
	assert_nan(at(r, 2028)->value);
	assert_int_equal(r->latest_year, 2026);
	assert_false(r->final_reported);
	/* 5, 5.2, 5.5: a trend, not the 2028 "value" 8 */
	assert_string_equal(r->forecast_method, "trend");
	assert_int_equal(r->status_year, 2026);
	assert_true(r->status == ST_OFF_TRACK || r->status == ST_AT_RISK);
}

static void kpi_compute__as_of__overrides_the_calendar_year(void **state)
{
	struct fx *f = *state;
	const struct kpi_result *r;

	f->cfg.profile.as_of = 2025;
	r = running(f, 2026);
	assert_int_equal(r->data_through, 2025);
	assert_nan(at(r, 2026)->value);
}

static void kpi_judge__missed_interim_target__is_judged_in_its_year_and_needs_attention(void **state)
{
	const struct kpi_result *r = running(*state, 2026);

	/* 2026: 5.5 against 7.5, 2.0 points short */
	assert_int_equal(r->ninterim, 1);
	assert_int_equal(r->interim[0].year, 2026);
	assert_true(r->interim[0].due);
	assert_int_equal(r->interim[0].status, ST_MISSED);
	assert_near(r->interim[0].gap, 2, 1e-9);
	assert_string_equal(r->interim[0].gap_text, "2.0 points short");
	assert_int_equal(r->attention_year, 2026);
}

static void kpi_judge__interim_target_after_the_data__is_pending(void **state)
{
	const struct kpi_result *r = running(*state, 2025);

	assert_int_equal(r->data_through, 2025);
	assert_false(r->interim[0].due);
	assert_null(r->interim[0].gap_text);
	assert_int_equal(r->attention_year, 0);
}

static void kpi_judge__interim_target_of_a_graded_kpi__is_history_not_attention(void **state)
{
	/* the same KPI once 2028 is in (as_of 2028): 8 misses 10; 2026 stays missed */
	const struct kpi_result *r = running(*state, 2028);

	assert_true(r->final_reported);
	assert_int_equal(r->status, ST_MISSED);
	assert_int_equal(r->interim[0].status, ST_MISSED);
	assert_int_equal(r->attention_year, 0);
}

/* Rank KPI reading its band: rank_mid with rank_mid_low and rank_mid_high. */
static size_t banded_kpi(struct fx *f, double target, size_t *src)
{
	size_t k;

	*src = add_source(f, "r", SRC_FRESH,
			  METRICS("qs", "qs_low", "qs_high"), false);
	k = add_kpi(f, "kb", "a1", DIR_DECREASE, "qs", 2019, TARGETS({ 2023, target }), 1);
	free(f->cfg.kpis[k].unit);
	f->cfg.kpis[k].unit = xstrdup("rank");
	f->cfg.kpis[k].decimals = 0;
	return k;
}

static void add_band(struct fx *f, size_t src, int year, double low, double high)
{
	obs_add(&f->t, src, "qs", year, NULL, isnan(high) ? NAN : (low + high) / 2, 1);
	obs_add(&f->t, src, "qs_low", year, NULL, low, 1);
	obs_add(&f->t, src, "qs_high", year, NULL, high, 1);
}

static void kpi_judge__band_missing_target__gap_is_from_its_best_end_in_words(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	add_band(f, src, 2019, 1001, 1200);
	add_band(f, src, 2023, 1201, 1400);
	r = compute(f, k);
	assert_true(r->banded);
	assert_near(at(r, 2023)->low, 1201, EPS);
	assert_near(at(r, 2023)->high, 1400, EPS);
	assert_int_equal(r->status, ST_MISSED);
	/* 900 - 1201 = -301: never from the midpoint 1300.5 */
	assert_near(r->gap, -301, EPS);
	assert_string_equal(r->gap_text, "at best 301 places short");
	assert_non_null(strstr(r->reason, "rank 1201\u20131400 against a target of rank 900"));
	/* the midpoint moved away: said in words, not as -100% */
	assert_non_null(strstr(r->reason, "further from the target than the 2019 baseline, "
				       "rank 1001\u20131200"));
}

static void kpi_judge__band_around_target__is_nearly_not_achieved(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	add_band(f, src, 2019, 1001, 1200);
	add_band(f, src, 2023, 801, 1000);
	r = compute(f, k);
	assert_int_equal(r->status, ST_NEARLY);
	assert_string_equal(r->gap_text, "at best 99 places better than target, "
			    "at worst 100 places short");
}

static void kpi_judge__rank_behind_its_path_on_too_few_points__is_said_worse_not_above(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	add_band(f, src, 2019, 1001, 1200);
	add_band(f, src, 2021, 1201, 1400);
	r = compute(f, k);
	assert_int_equal(r->status, ST_AT_RISK);
	/*
	 * The path in 2021: 1100.5 + (900 - 1100.5) / 2 = 1000.25. A rank
	 * numerically above its path is behind it: "above" reads as better.
	 */
	assert_string_equal(r->reason, "only 2 years have a value, too few for a forecast; "
			    "the 2021 value rank 1201\u20131400 is worse than its path target of rank 1000");
}

static void kpi_judge__open_bands_on_too_few_points__count_every_edition_with_a_band(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	add_band(f, src, 2019, 1001, NAN);
	add_band(f, src, 2020, 1001, NAN);
	r = compute(f, k);
	assert_int_equal(r->latest_year, 2020);
	/* it said "only 2020 has a value": 2019's 1001+ is published too */
	assert_non_null(strstr(r->reason, "only 2 years have a value, too few for a forecast"));
}

static void kpi_judge__open_band__is_a_value_without_a_midpoint(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	add_band(f, src, 2019, 1001, 1200);
	add_band(f, src, 2023, 1001, NAN);
	r = compute(f, k);
	assert_nan(at(r, 2023)->value);
	assert_true(isinf(at(r, 2023)->high));
	assert_int_equal(r->latest_year, 2023);
	assert_int_equal(r->status, ST_MISSED);
	assert_string_equal(r->gap_text, "at best 101 places short");
}

static void kpi_judge__too_few_points_in_an_interim_year__reason_says_that_target_once(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	/* targets 2021: 1100 (interim), 2023: 900 */
	f->cfg.kpis[k].targets = xrealloc(f->cfg.kpis[k].targets, 2 * sizeof(struct target));
	f->cfg.kpis[k].targets[0] = (struct target){ 2021, 1100 };
	f->cfg.kpis[k].targets[1] = (struct target){ 2023, 900 };
	f->cfg.kpis[k].ntargets = 2;
	add_band(f, src, 2019, 1001, 1200);
	add_band(f, src, 2021, 1201, 1400);
	r = compute(f, k);
	assert_int_equal(r->status, ST_AT_RISK);
	assert_int_equal(r->attention_year, 2021);
	/*
	 * The path target of 2021 is the interim target: said as that target
	 * with its gap (1100 - 1201 = at best 101 places short), not as "its
	 * path target of rank 1100" beside a second sentence on the same target.
	 */
	assert_string_equal(r->reason, "only 2 years have a value, too few for a forecast; "
			    "the 2021 value rank 1201\u20131400 misses its 2021 target of rank 1100, "
			    "at best 101 places short");
}

static void kpi_judge__too_few_points_after_an_open_band_baseline__says_why_there_is_no_path(void **state)
{
	struct fx *f = *state;
	size_t src, k = banded_kpi(f, 900, &src);
	const struct kpi_result *r;

	/* 1001+ in 2019 has no midpoint: no path to 2023 can start from it */
	add_band(f, src, 2019, 1001, NAN);
	add_band(f, src, 2020, 1001, NAN);
	r = compute(f, k);
	assert_int_equal(r->status, ST_AT_RISK);
	/* it said "the 2020 value rank 1001+, and that year has no target" */
	assert_string_equal(r->reason, "only 2 years have a value, too few for a forecast; "
			    "latest rank 1001+ in 2020, with no path target to judge it against "
			    "(the 2019 baseline, rank 1001+, gives no number to start a path from)");
}

/* 22, 31, 40 in 2019-2021, on an exact line (slope 9), against a 2023 target. */
static const struct kpi_result *exact_line(struct fx *f, double target)
{
	static const double v[] = { 22, 31, 40 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019, TARGETS({ 2023, target }), 1);

	f->cfg.kpis[k].decimals = 0;
	add_series(f, src, "m", 2019, v, LEN(v));
	return compute(f, k);
}

static void kpi_compute__exact_line__has_no_interval_and_says_so(void **state)
{
	const struct kpi_result *r = exact_line(*state, 55);

	/* slope 9: 2023 is 40 + 2 * 9 = 58; no residual, so no spread */
	assert_int_equal(r->trend.n, 3);
	assert_near(r->forecast, 58, 1e-6);
	/* it was "80% interval 58-58": false certainty */
	assert_nan(r->forecast_lo);
	assert_nan(r->forecast_hi);
	assert_int_equal(r->status, ST_ON_TRACK);
	assert_string_equal(r->reason, "the 2023 forecast 58 n extends an exact straight line "
			    "through 3 years (no spread to give an 80% interval) and reaches the "
			    "target 55 n; latest 40 n in 2021");
}

static void kpi_compute__exact_line_missing_the_target__is_off_track_on_the_forecast_alone(void **state)
{
	const struct kpi_result *r = exact_line(*state, 70);

	/* 58 misses 70: the verdict a zero-width interval gave, without its words */
	assert_int_equal(r->status, ST_OFF_TRACK);
	assert_nan(r->forecast_lo);
	assert_string_equal(r->reason, "the 2023 forecast 58 n extends an exact straight line "
			    "through 3 years (no spread to give an 80% interval) and falls 12 n "
			    "short of the target 70 n; latest 40 n in 2021");
}

static void kpi_compute__rank_forecast__stays_at_or_above_one(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 9, 6, 4, 2 };
	size_t src = add_source(f, "r", SRC_FRESH, METRICS("nat"), false);
	size_t k = add_kpi(f, "kn", "a1", DIR_DECREASE, "nat", 2019, TARGETS({ 2023, 1 }), 1);
	const struct kpi_result *r;

	free(f->cfg.kpis[k].unit);
	f->cfg.kpis[k].unit = xstrdup("rank");
	add_series(f, src, "nat", 2019, v, LEN(v));
	r = compute(f, k);
	/* slope -2.3 from 5.25 at 2020.5: 2023 is 5.25 - 5.75 = -0.5, floored */
	assert_near(r->forecast, 1, EPS);
	assert_true(r->forecast_lo >= 1);
	assert_true(r->forecast_hi >= 1);
}

static void kpi_judge__latest_edition_without_the_university__is_not_ranked_before_final_year(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 1100, 1060 };
	size_t src = add_source(f, "r", SRC_FRESH, METRICS("wur"), false);
	size_t k = add_kpi(f, "kw", "a1", DIR_DECREASE, "wur", 2019, TARGETS({ 2023, 900 }), 1);
	const struct kpi_result *r;

	free(f->cfg.kpis[k].unit);
	f->cfg.kpis[k].unit = xstrdup("rank");
	f->cfg.kpis[k].decimals = 0;
	add_series(f, src, "wur", 2019, v, LEN(v));
	obs_add(&f->t, src, "wur", 2021, NULL, NAN, 4);
	r = compute(f, k);
	assert_int_equal(r->data_through, 2021);
	assert_int_equal(r->latest_year, 2020);
	assert_int_equal(r->status, ST_NOT_RANKED);
	assert_int_equal(r->status_year, 2021);
	assert_string_equal(r->reason, "not ranked in 2021 (latest rank 1060 in 2020)");
	/* counts as not achieved in the area index, whatever 2020 said */
	assert_near(f->r.areas[0].index, 0, EPS);
	assert_int_equal(f->r.areas[0].counts[ST_NOT_RANKED], 1);
	assert_int_equal(f->r.areas[0].status, ST_OFF_TRACK);
}

static void kpi_compute__edition_without_the_university__marks_its_year_not_ranked(void **state)
{
	struct fx *f = *state;
	size_t src = add_source(f, "r", SRC_FRESH, METRICS("wur"), false);
	size_t k = add_kpi(f, "kw", "a1", DIR_DECREASE, "wur", 2019, TARGETS({ 2023, 900 }), 1);
	const struct kpi_result *r;

	free(f->cfg.kpis[k].unit);
	f->cfg.kpis[k].unit = xstrdup("rank");
	/* ranked 2019 and 2021, left out of the 2020 edition, no 2022 edition yet */
	obs_add(&f->t, src, "wur", 2019, NULL, 1100, 1);
	obs_add(&f->t, src, "wur", 2020, NULL, NAN, 2);
	obs_add(&f->t, src, "wur", 2021, NULL, 1000, 3);
	r = compute(f, k);
	/* the chart had a blank for 2020: now a year of its own */
	assert_false(at(r, 2019)->not_ranked);
	assert_true(at(r, 2020)->not_ranked);
	assert_false(at(r, 2021)->not_ranked);
	assert_false(at(r, 2022)->not_ranked);
}

static void kpi_judge__exactly_met_target__is_on_target_not_plus_zero(void **state)
{
	const struct kpi_result *r = graded_kpi(*state, DIR_INCREASE, 200, 200);

	assert_int_equal(r->status, ST_ACHIEVED);
	assert_string_equal(r->gap_text, "on target");
}

static void kpi_judge__decrease_kpi_above_target__gap_says_short(void **state)
{
	const struct kpi_result *r = graded_kpi(*state, DIR_DECREASE, 50, 54);

	/* a decrease KPI still above its target is short of it, not "-4" */
	assert_string_equal(r->gap_text, "4.0 n short");
}

/* ---- areas ---- */

/* A graded KPI in area with weight, baseline 2019 = 0, 2023 = v, target 100. */
static void area_kpi(struct fx *f, size_t src, const char *id, const char *area,
		     double weight, double v)
{
	size_t k = add_kpi(f, id, area, DIR_INCREASE, id, 2019, TARGETS({ 2023, 100 }), 1);
	f->cfg.kpis[k].weight = weight;
	obs_add(&f->t, src, id, 2019, NULL, 0, 2);
	obs_add(&f->t, src, id, 2023, NULL, v, 3);
}

static void kpi_judge_area__every_kpi_within_band__is_nearly_not_missed(void **state)
{
	struct fx *f = *state;
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("p", "q", "r"), false);
	const struct area_result *a;

	/* 99, 97, 95: each nearly; index (99 + 97 + 95) / 3 = 97 */
	area_kpi(f, src, "p", "a1", 1, 99);
	area_kpi(f, src, "q", "a1", 1, 97);
	area_kpi(f, src, "r", "a1", 1, 95);
	compute(f, 0);
	a = &f->r.areas[0];
	assert_near(a->index, 97, EPS);
	assert_int_equal(a->counts[ST_NEARLY], 3);
	assert_near(a->share_good, 0, EPS);
	assert_int_equal(a->status, ST_NEARLY);
}

static void kpi_judge_area__weighted_share_achieved__decides_the_word(void **state)
{
	struct fx *f = *state;
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("p", "q", "r", "s2"), false);

	/*
	 * a1: p achieved (w 3), q missed at 20 (w 1): share 3/4 = 0.75, achieved.
	 * a2: r achieved (w 1), s2 missed at 20 (w 1): share 0.5, at worst
	 *   nearly 0.5, index (100 + 20) / 2 = 60 < 90: missed.
	 */
	area_kpi(f, src, "p", "a1", 3, 100);
	area_kpi(f, src, "q", "a1", 1, 20);
	area_kpi(f, src, "r", "a2", 1, 100);
	area_kpi(f, src, "s2", "a2", 1, 20);
	compute(f, 0);
	assert_near(f->r.areas[0].share_good, 0.75, EPS);
	assert_int_equal(f->r.areas[0].status, ST_ACHIEVED);
	assert_int_equal(f->r.areas[0].counts[ST_ACHIEVED], 1);
	assert_int_equal(f->r.areas[0].counts[ST_MISSED], 1);
	assert_near(f->r.areas[1].index, 60, EPS);
	assert_int_equal(f->r.areas[1].status, ST_MISSED);
}

/* ---- nulls, warnings, staleness ---- */

static void kpi_compute__missing_input_year__value_is_null_and_breaks_yoy(void **state)
{
	struct fx *f = *state;
	static const double a[] = { 1, 2, 3, 4, 5 };
	static const double b[] = { 10, 10, NONE, 10, 10 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("a", "b"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "a + b", 2019,
			   TARGETS({ 2023, 20 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "a", 2019, a, LEN(a));
	add_series(f, src, "b", 2019, b, LEN(b));
	r = compute(f, k);
	/* 11, 12, null, 14, 15 */
	assert_near(at(r, 2020)->value, 12, EPS);
	assert_nan(at(r, 2021)->value);
	assert_nan(at(r, 2021)->progress);
	assert_nan(at(r, 2021)->yoy_change);
	/* the year after a null has no previous value either */
	assert_nan(at(r, 2022)->yoy_change);
	assert_nan(at(r, 2022)->yoy_pct);
	/* 15 - 14 = 1 */
	assert_near(at(r, 2023)->yoy_change, 1, EPS);
	/* the trend skips the null year: 4 points */
	assert_int_equal(r->trend.n, 4);
	/* missing data is not a warning */
	assert_int_equal(r->nwarnings, 0);
}

static void kpi_compute__null_observation__is_null_not_zero(void **state)
{
	struct fx *f = *state;
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("m"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "m", 2019,
			   TARGETS({ 2023, 20 }), 1);
	const struct kpi_result *r;

	/* an empty cell arrives as a NAN observation */
	obs_add(&f->t, src, "m", 2019, NULL, 10, 2);
	obs_add(&f->t, src, "m", 2020, NULL, NAN, 3);
	obs_add(&f->t, src, "m", 2021, NULL, 12, 4);
	r = compute(f, k);
	assert_nan(at(r, 2020)->value);
	assert_nan(at(r, 2021)->yoy_change);
	assert_int_equal(r->latest_year, 2021);
	/* (12 - 10) / (20 - 10) = 0.2 */
	assert_near(r->latest_progress, 0.2, EPS);
}

static void kpi_compute__division_by_zero__value_is_null_with_a_warning(void **state)
{
	struct fx *f = *state;
	static const double a[] = { 10, 10, 10, 10, 10 };
	static const double b[] = { 2, 0, 5, 5, 5 };
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("a", "b"), false);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "a / b", 2019,
			   TARGETS({ 2023, 4 }), 1);
	const struct kpi_result *r;

	add_series(f, src, "a", 2019, a, LEN(a));
	add_series(f, src, "b", 2019, b, LEN(b));
	r = compute(f, k);
	/* 10 / 2 = 5, 10 / 0 = null, 10 / 5 = 2 */
	assert_near(at(r, 2019)->value, 5, EPS);
	assert_nan(at(r, 2020)->value);
	assert_near(at(r, 2021)->value, 2, EPS);
	assert_int_equal(r->nwarnings, 1);
	assert_non_null(strstr(r->warnings[0], "division by zero"));
	assert_non_null(strstr(r->warnings[0], "2020"));
}

static void kpi_compute__failed_source__marks_its_kpis_stale(void **state)
{
	struct fx *f = *state;
	static const double v[] = { 10, 12, 14 };
	size_t good = add_source(f, "good", SRC_FRESH, METRICS("g"), false);
	size_t k1 = add_kpi(f, "k1", "a1", DIR_INCREASE, "g", 2019,
			    TARGETS({ 2023, 20 }), 1);
	size_t k2 = add_kpi(f, "k2", "a1", DIR_INCREASE, "g + x * 0", 2019,
			    TARGETS({ 2023, 20 }), 1);
	const struct kpi_result *r1, *r2;

	add_source(f, "bad", SRC_FAILED, METRICS("x"), false);
	add_series(f, good, "g", 2019, v, LEN(v));
	r2 = compute(f, k2);
	r1 = &f->r.kpis[k1];
	assert_false(r1->stale);
	assert_int_equal(r1->nsources, 1);
	assert_string_equal(r1->sources[0], "good");
	assert_true(r2->stale);
	assert_int_equal(r2->nsources, 2);
	assert_string_equal(r2->sources[0], "good");
	assert_string_equal(r2->sources[1], "bad");
	/* the failed source gave nothing: every value is null */
	assert_int_equal(r2->status, ST_NO_DATA);
}

static void kpi_compute__keyed_metric__is_summed_over_keys_and_null_with_a_null_key(void **state)
{
	struct fx *f = *state;
	size_t src = add_source(f, "s", SRC_FRESH, METRICS("students"), true);
	size_t k = add_kpi(f, "k", "a1", DIR_INCREASE, "sum(students)", 2019,
			   TARGETS({ 2023, 30 }), 1);
	const struct kpi_result *r;

	obs_add(&f->t, src, "students", 2019, "KZ", 10, 2);
	obs_add(&f->t, src, "students", 2019, "RU", 5, 3);
	obs_add(&f->t, src, "students", 2020, "KZ", 12, 4);
	obs_add(&f->t, src, "students", 2020, "RU", NAN, 5);
	r = compute(f, k);
	/* 10 + 5; 12 + null is not 12 but unknown; no keys in 2021 */
	assert_near(at(r, 2019)->value, 15, EPS);
	assert_nan(at(r, 2020)->value);
	assert_nan(at(r, 2021)->value);
}

/* ---- areas ---- */

/* A KPI in area with baseline 2019 = 10, final target 2023 = 20 and v2020. */
static size_t simple_kpi(struct fx *f, const char *id, const char *area,
			 double v2020, double weight)
{
	size_t src = add_source(f, id, SRC_FRESH, METRICS(id), false);
	size_t k = add_kpi(f, id, area, DIR_INCREASE, id, 2019,
			   TARGETS({ 2023, 20 }), 1);

	f->cfg.kpis[k].weight = weight;
	if (!isnan(v2020)) {
		obs_add(&f->t, src, id, 2019, NULL, 10, 2);
		obs_add(&f->t, src, id, 2020, NULL, v2020, 3);
	}
	return k;
}

static void kpi_compute__area_index__is_weighted_mean_of_capped_progress(void **state)
{
	struct fx *f = *state;
	const struct area_result *a1, *a2, *a3;
	/*
	 * over: 25, progress (25 - 10) / 10 = 1.5, capped to 1; achieved.
	 * under: 5, progress -0.5, capped to 0; two points are too few for a
	 *   forecast, and 5 is below its 2020 path 12.5: at_risk. Weight 2.
	 * trend (area a3): as under, with a third point 2021 = 0: the trend
	 *   10, 5, 0 forecasts -10 (floored at 0: it was never negative)
	 *   on an exact line (no interval), which misses 20: off_track.
	 * half: 15, progress 0.5; slope 5 gives 2023 at 30 >= 20: on_track.
	 * empty: no data, weight 5, left out.
	 */
	size_t over = simple_kpi(f, "over", "a1", 25, 1);
	size_t under = simple_kpi(f, "under", "a1", 5, 2);
	size_t trend = simple_kpi(f, "trend", "a3", 5, 1);
	size_t half = simple_kpi(f, "half", "a1", 15, 1);
	size_t empty = simple_kpi(f, "empty", "a1", NONE, 5);

	simple_kpi(f, "lonely", "a2", NONE, 1);
	obs_add(&f->t, 2, "trend", 2021, NULL, 0, 4);	/* source 2: trend's, the third added */
	compute(f, 0);
	assert_int_equal(f->r.kpis[under].status, ST_AT_RISK);
	assert_int_equal(f->r.kpis[trend].status, ST_OFF_TRACK);
	assert_near(f->r.kpis[trend].forecast, 0, EPS);
	assert_int_equal(f->r.kpis[half].status, ST_ON_TRACK);
	assert_int_equal(f->r.kpis[empty].status, ST_NO_DATA);
	assert_near(f->r.kpis[over].latest_progress, 1.5, EPS);
	assert_near(f->r.kpis[under].latest_progress, -0.5, EPS);

	assert_int_equal(f->r.nareas, 3);
	a1 = &f->r.areas[0];
	a2 = &f->r.areas[1];
	a3 = &f->r.areas[2];
	assert_string_equal(a1->def->id, "a1");
	assert_int_equal(a1->nkpis, 4);
	/* 100 * (1 * 1 + 2 * 0 + 1 * 0.5) / (1 + 2 + 1) = 100 * 1.5 / 4 = 37.5 */
	assert_near(a1->index, 37.5, EPS);
	/*
	 * over is on track a year early (2020 = 25 >= 20): good share
	 * (1 + 1) / 4 = 0.5, with under at risk (2 + 2) / 4 = 1 >= 0.75: at risk
	 */
	assert_int_equal(f->r.kpis[over].status, ST_ON_TRACK);
	assert_int_equal(a1->status, ST_AT_RISK);
	assert_int_equal(a1->counts[ST_ON_TRACK], 2);
	assert_int_equal(a1->counts[ST_AT_RISK], 1);
	assert_int_equal(a1->counts[ST_NO_DATA], 1);
	/* only a KPI without progress: null index, no status */
	assert_int_equal(a2->nkpis, 1);
	assert_nan(a2->index);
	assert_int_equal(a2->status, ST_NO_DATA);
	/* one KPI off track: (5 - 10) / 10 capped to 0 */
	assert_int_equal(a3->nkpis, 1);
	assert_near(a3->index, 0, EPS);
	assert_int_equal(a3->status, ST_OFF_TRACK);
}

static void kpi_compute__area_status__two_on_track__is_on_track(void **state)
{
	struct fx *f = *state;

	/* both on track (one already at its target): the area is on_track */
	simple_kpi(f, "half", "a1", 15, 1);
	simple_kpi(f, "over", "a1", 25, 1);
	compute(f, 0);
	assert_int_equal(f->r.areas[0].status, ST_ON_TRACK);
	/* (0.5 + 1) / 2 = 0.75 */
	assert_near(f->r.areas[0].index, 75, EPS);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(kpi_compute__baseline_before_period__series_runs_from_baseline_to_period_end),
		T(kpi_compute__target_path__interpolates_from_baseline_value_and_between_targets),
		T(kpi_compute__after_the_baseline__progress_is_share_of_the_way_to_the_path),
		T(kpi_compute__consecutive_values__give_yoy_change_and_pct),
		T(kpi_compute__previous_value_zero__yoy_pct_is_null),
		T(kpi_compute__baseline_after_period_start__earlier_years_have_no_target),
		T(kpi_compute__target_equal_to_baseline__progress_is_one_or_zero),
		T(kpi_compute__latest_year__progress_is_toward_final_target),
		T(kpi_compute__cagr__compounds_from_baseline_to_latest),
		T(kpi_compute__trend__is_least_squares_over_years_with_a_value),
		T(kpi_compute__final_year_without_value__forecast_is_trend_with_80pct_interval),
		T(kpi_compute__two_points__forecast_has_no_interval_and_is_no_verdict),
		T(kpi_compute__final_year_has_value__forecast_is_actual),
		T(kpi_compute__latest_meets_final_target_before_final_year__is_on_track),
		T(kpi_compute__forecast_meets_final_target__is_on_track),
		T(kpi_compute__forecast_misses_just__is_at_risk),
		T(kpi_compute__forecast_misses_with_target_inside_interval__is_at_risk),
		T(kpi_compute__whole_interval_misses__is_off_track),
		T(kpi_compute__status_threshold__does_not_move_a_forecast_verdict),
		T(kpi_compute__no_value_in_any_year__is_no_data),
		T(kpi_compute__single_year_meeting_its_path__is_on_track),
		T(kpi_compute__single_year_missing_its_path__is_at_risk_not_a_verdict),
		T(kpi_compute__decrease_kpi__progress_is_mirrored),
		T(kpi_compute__decrease_kpi__whole_interval_above_target_is_off_track),
		T(kpi_compute__decrease_kpi__target_inside_interval_is_at_risk),
		T(kpi_compute__decrease_kpi__forecast_at_or_below_target_is_on_track),
		T(kpi_compute__decrease_kpi__forecast_near_target_is_at_risk),
		T(kpi_compute__decrease_kpi__latest_at_target_before_final_year__is_on_track),
		T(kpi_judge__final_value_meets_target__is_achieved),
		T(kpi_judge__final_value_within_band__is_nearly),
		T(kpi_judge__final_value_beyond_band__is_missed),
		T(kpi_judge__decrease_kpi_above_target__gap_is_negative),
		T(kpi_judge__rank_final_edition_without_the_university__is_not_ranked_without_forecast),
		T(kpi_judge__another_kpi_with_final_year_data__does_not_stop_a_forecast),
		T(kpi_judge__one_input_of_final_year_missing__is_still_forecast),
		T(kpi_compute__as_of__ignores_later_values),
		T(kpi_compute__calendar_year__nothing_after_it_is_counted_or_judged),
		T(kpi_compute__as_of__overrides_the_calendar_year),
		T(kpi_judge__missed_interim_target__is_judged_in_its_year_and_needs_attention),
		T(kpi_judge__interim_target_after_the_data__is_pending),
		T(kpi_judge__interim_target_of_a_graded_kpi__is_history_not_attention),
		T(kpi_judge__band_missing_target__gap_is_from_its_best_end_in_words),
		T(kpi_judge__band_around_target__is_nearly_not_achieved),
		T(kpi_judge__rank_behind_its_path_on_too_few_points__is_said_worse_not_above),
		T(kpi_judge__open_bands_on_too_few_points__count_every_edition_with_a_band),
		T(kpi_judge__open_band__is_a_value_without_a_midpoint),
		T(kpi_judge__too_few_points_in_an_interim_year__reason_says_that_target_once),
		T(kpi_judge__too_few_points_after_an_open_band_baseline__says_why_there_is_no_path),
		T(kpi_compute__exact_line__has_no_interval_and_says_so),
		T(kpi_compute__exact_line_missing_the_target__is_off_track_on_the_forecast_alone),
		T(kpi_compute__rank_forecast__stays_at_or_above_one),
		T(kpi_judge__latest_edition_without_the_university__is_not_ranked_before_final_year),
		T(kpi_compute__edition_without_the_university__marks_its_year_not_ranked),
		T(kpi_judge__exactly_met_target__is_on_target_not_plus_zero),
		T(kpi_judge__decrease_kpi_above_target__gap_says_short),
		T(kpi_judge_area__every_kpi_within_band__is_nearly_not_missed),
		T(kpi_judge_area__weighted_share_achieved__decides_the_word),
		T(kpi_compute__missing_input_year__value_is_null_and_breaks_yoy),
		T(kpi_compute__null_observation__is_null_not_zero),
		T(kpi_compute__division_by_zero__value_is_null_with_a_warning),
		T(kpi_compute__failed_source__marks_its_kpis_stale),
		T(kpi_compute__keyed_metric__is_summed_over_keys_and_null_with_a_null_key),
		T(kpi_compute__area_index__is_weighted_mean_of_capped_progress),
		T(kpi_compute__area_status__two_on_track__is_on_track),
	};

	/* division by zero is logged as a warning; keep the test output clean */
	log_setup(LOG_ERROR, LOG_TEXT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
