#ifndef KPI_KPI_H
#define KPI_KPI_H
#include "config/config.h"
#include "extract/obs.h"
#include "kpi/stats.h"
#include "kpi/status.h"
#include <stdbool.h>

/*
 * The KPI engine: formulas evaluated per year over the observations, then
 * targets, progress, change, CAGR, trend, forecast, status and area index
 * (the rules are in docs/report.md; statuses are decided in kpi/status.c).
 * NAN is null. Results borrow their definitions from the config;
 * kpi_results_release frees the rest.
 */

struct kpi_point {
	int year;
	double value;
	double target;		/* explicit or interpolated; NAN outside the path */
	bool target_set;	/* an explicit target of the configuration */
	double progress;	/* toward this year's target */
	double yoy_change, yoy_pct;
};

struct kpi_result {
	const struct kpi_def *def;	/* borrowed */
	struct kpi_point *series;	/* owned; years first..period end */
	size_t n;
	double baseline_value;
	int latest_year;		/* 0 when there is no value */
	double latest_value, latest_progress;	/* progress toward the final target */
	int final_year;
	double final_target;
	double cagr;
	struct linfit trend;		/* trend.n == 0 when there is none */
	double forecast, forecast_lo, forecast_hi;	/* at final_year */
	const char *forecast_method;	/* "trend", "actual" or NULL */
	bool final_reported;		/* a source gave the final year (or later): a value, or a null rank */
	enum kpi_status status;		/* kpi_judge */
	int status_year;		/* the year whose value decided it */
	double gap;			/* final target - that value; NAN for no_data */
	char *reason;			/* owned: one line saying why */
	bool stale;
	char **sources;			/* owned ids of the sources used */
	size_t nsources;
	char **warnings;		/* owned */
	size_t nwarnings;
};

struct area_result {
	const struct area *def;		/* borrowed */
	double index;			/* 0-100, NAN when no KPI has progress */
	enum kpi_status status;		/* kpi_judge_area */
	size_t counts[ST_COUNT];	/* its KPIs by status */
	double share_good;		/* weighted share achieved or on track */
	size_t nkpis;
};

struct kpi_results {
	struct kpi_result *kpis;
	size_t nkpis;
	struct area_result *areas;
	size_t nareas;
};

#define FORECAST_LEVEL 0.8

/* Computes every KPI and area of cfg from t (sorted). */
void kpi_compute(const struct config *cfg, const struct obs_table *t,
		 struct kpi_results *out);
void kpi_results_release(struct kpi_results *r);

#endif
