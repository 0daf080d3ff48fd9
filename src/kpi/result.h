#ifndef KPI_RESULT_H
#define KPI_RESULT_H
#include "config/config.h"
#include "kpi/stats.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * What the KPI engine computes (kpi.h) and judges (status.h), read by the
 * outputs. NAN is null. Results borrow their definitions from the config;
 * kpi_results_release (kpi.h) frees the rest.
 */

/* The statuses (kpi/status.h decides them, docs/report.md has the rules). */
enum kpi_status {
	ST_ACHIEVED, ST_NEARLY, ST_MISSED,
	ST_ON_TRACK, ST_AT_RISK, ST_OFF_TRACK,
	ST_NO_DATA,
	ST_COUNT
};

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
	bool final_reported;		/* every metric it reads has the final year (or later): a value, or a null rank */
	enum kpi_status status;		/* kpi_judge */
	int status_year;		/* the year whose value decided it */
	double gap;			/* final target - that value; NAN for no_data */
	char *reason;			/* owned: one line saying why */
	bool stale;
	char **sources;			/* owned ids of the sources used */
	size_t nsources;
	char **warnings;		/* owned, each once: kpi/ says none, the caller does */
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

#endif
