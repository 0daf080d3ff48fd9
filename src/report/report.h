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
 *   kpis.json          schema intlkpi.kpis/2
 *   kpis.csv           long format, one row per KPI and year
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
	"yoy_change,yoy_pct,unit,direction,final_status,stale"
#define OBS_CSV_HEADER "metric,year,key,value,source,path,url,line,sha256,fetched_at,lines,pointer"

void report_kpis_csv_as(struct buf *out, const struct kpi_results *r,
			enum csv_dialect d);
void report_obs_csv_as(struct buf *out, const struct obs_table *t,
		       enum csv_dialect d);
/* The same in CSV_RFC4180. */
void report_kpis_csv(struct buf *out, const struct kpi_results *r);
void report_obs_csv(struct buf *out, const struct obs_table *t);
#endif
