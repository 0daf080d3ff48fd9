#ifndef REPORT_REPORT_H
#define REPORT_REPORT_H
#include "config/config.h"
#include "kpi/kpi.h"
#include "kpi/status.h"
#include "obs/obs.h"
#include "portfolio/portfolio.h"
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
/*
 * kpis.json's "peers" (peers.json's rankings and indicators, and the KPIs
 * with a "peers" formula: kpi/peers.h), "coverage" (profile "coverage")
 * and "openalex_requests" members, each preceded by a comma.
 */
void report_peers_json(struct buf *out, const struct config *cfg,
		       const struct obs_table *t, const struct kpi_results *r);

#define KPIS_CSV_HEADER "kpi,area,year,value,target,target_set,progress," \
	"yoy_change,yoy_pct,unit,direction,final_status,stale," \
	"band_low,band_high,interim_status,data_through"
#define OBS_CSV_HEADER "metric,year,key,value,source,path,url,line,sha256,fetched_at,lines,pointer"

/* partners.json (schema intlkpi.partners/1) and partners.csv: the portfolio p. */
void report_partners_json(struct buf *out, const struct config *cfg,
			  const struct portfolio *p, const char *generated_at);
#define PARTNERS_CSV_HEADER "partner,country,openalex_id,state,year,agreements," \
	"joint_works,mobility_in,mobility_out,year_state"
void report_partners_csv(struct buf *out, const struct portfolio *p, enum csv_dialect d);

void report_kpis_csv_as(struct buf *out, const struct kpi_results *r,
			enum csv_dialect d);
void report_obs_csv_as(struct buf *out, const struct obs_table *t,
		       enum csv_dialect d);
/* report_obs_csv_as in CSV_RFC4180. */
void report_obs_csv(struct buf *out, const struct obs_table *t);
#endif
