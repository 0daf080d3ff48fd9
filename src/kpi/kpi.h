#ifndef KPI_KPI_H
#define KPI_KPI_H
#include "config/config.h"
#include "obs/obs.h"
#include "kpi/result.h"
#include <stdbool.h>

/*
 * The KPI engine: formulas evaluated per year over the observations, then
 * targets, progress, change, CAGR, trend, forecast, status and area index
 * (the rules are in docs/report.md; statuses are decided in kpi/status.c).
 * NAN is null. Results borrow their definitions from the config;
 * kpi_results_release frees the rest.
 */

#define FORECAST_LEVEL 0.8

/*
 * Computes every KPI and area of cfg from t (sorted). Logs nothing: what a
 * formula noticed is in each result's warnings, for the caller to say.
 */
void kpi_compute(const struct config *cfg, const struct obs_table *t,
		 struct kpi_results *out);
void kpi_results_release(struct kpi_results *r);

#endif
