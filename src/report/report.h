#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H
#include "config/config.h"
#include "kpi/kpi.h"
#include "kpi/status.h"
#include "obs/obs.h"
#include "util/schema.h"
#include "util/buf.h"
#include "util/csv.h"

/*
 * The machine-readable outputs. Each function renders into out (appended);
 * writing the files atomically is the caller's (cmd_compute).
 *   kpis.json          schema intlkpi.kpis/3
 *   kpis.csv           long format, one row per KPI and year (band_low and
 *                      band_high: the published band, empty for an exact
 *                      rank or an open end; interim_status: the judgement
 *                      of that year's interim target; data_through: the KPI's)
 *   observations.json  schema intlkpi.observations/1
 *   observations.csv   one row per observation, with its provenance
 * generated_at is an ISO 8601 UTC time.
 */

void report_kpis_json(struct buf *out, const struct config *cfg,
		      const struct obs_table *t, const struct kpi_results *r,
		      const char *generated_at);
void report_obs_json(struct buf *out, const struct obs_table *t,
		     const char *generated_at);

#define KPIS_CSV_HEADER "kpi,area,year,value,target,target_set,progress," \
	"yoy_change,yoy_pct,unit,direction,final_status,stale," \
	"band_low,band_high,interim_status,data_through"
#define OBS_CSV_HEADER "metric,year,key,value,source,path,url,line,sha256,fetched_at,lines,pointer"

void report_kpis_csv_as(struct buf *out, const struct kpi_results *r,
			enum csv_dialect d);
void report_obs_csv_as(struct buf *out, const struct obs_table *t,
		       enum csv_dialect d);
/* report_obs_csv_as in CSV_RFC4180. */
void report_obs_csv(struct buf *out, const struct obs_table *t);
#endif
