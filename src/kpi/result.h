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
	ST_NOT_RANKED,		/* a rank KPI whose deciding edition does not rank it */
	ST_NO_DATA,
	ST_COUNT
};

struct kpi_point {
	int year;
	double value;
	/*
	 * The band the publisher printed (rank KPIs that read one, kpi.h):
	 * low..high, high INFINITY for an open band ("1001+"); both NAN when
	 * the year is an exact rank or has none. value is then the formula's
	 * (the midpoint), NAN for an open band.
	 */
	double low, high;
	bool reported;		/* every metric read has an observation (a null too) */
	bool not_ranked;	/* a rank KPI's edition of that year leaves it out */
	double target;		/* explicit or interpolated; NAN outside the path */
	bool target_set;	/* an explicit target of the configuration */
	double progress;	/* toward this year's target */
	double yoy_change, yoy_pct;
};

/* A configured target before the final one, judged in its own year. */
struct kpi_interim {
	int year;
	double target;
	bool due;		/* year <= the KPI's data-through year */
	enum kpi_status status;	/* achieved, missed, not_ranked or no_data when due */
	double gap;		/* target - the value (its best end for a band); NAN without one */
	char *gap_text;		/* owned: the gap in words, NULL when there is none */
};

struct kpi_result {
	const struct kpi_def *def;	/* borrowed */
	struct kpi_point *series;	/* owned; years first..period end */
	size_t n;
	double baseline_value;
	int data_through;		/* the last year with data (docs/report.md); 0 = none */
	int latest_year;		/* 0 when there is no value (nor band) */
	double latest_value, latest_progress;	/* progress toward the final target */
	int final_year;
	double final_target;
	double cagr;
	struct linfit trend;		/* trend.n == 0 when there is none */
	double forecast, forecast_lo, forecast_hi;	/* at final_year */
	const char *forecast_method;	/* "trend", "actual" or NULL */
	bool final_reported;		/* data_through >= final_year: the final year decides */
	bool banded;			/* a rank KPI reading its band (M_low, M_high) */
	enum kpi_status status;		/* kpi_judge */
	int status_year;		/* the year whose value decided it */
	double gap;			/* final target - that value; NAN for no_data */
	char *gap_text;			/* owned: the gap in words ("9.4 points short"); NULL with no gap */
	char *reason;			/* owned: one line saying why */
	struct kpi_interim *interim;	/* owned: the targets before the final one */
	size_t ninterim;
	int attention_year;		/* a missed interim target that needs attention, or 0 */
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
