#ifndef REPORT_H
#define REPORT_H
#include "config.h"
#include "kpi.h"
#include "obs.h"
#include "util/buf.h"

/*
 * The machine-readable outputs. Each function renders into out (appended);
 * writing the files atomically is the caller's (cmd_compute).
 *   kpis.json          schema intlkpi.kpis/1
 *   kpis.csv           long format, one row per KPI and year
 *   observations.json  schema intlkpi.observations/1
 *   observations.csv   one row per observation, with its provenance
 * generated_at is an ISO 8601 UTC time.
 */
#define KPIS_SCHEMA "intlkpi.kpis/1"
#define OBS_SCHEMA "intlkpi.observations/1"

void report_kpis_json(struct buf *out, const struct config *cfg,
		      const struct obs_table *t, const struct kpi_results *r,
		      const char *generated_at);
void report_obs_json(struct buf *out, const struct obs_table *t,
		     const char *generated_at);
void report_kpis_csv(struct buf *out, const struct kpi_results *r);
void report_obs_csv(struct buf *out, const struct obs_table *t);
/* One CSV cell, quoted when it needs to be (RFC 4180). */
void csv_cell(struct buf *out, const char *s);

#endif
