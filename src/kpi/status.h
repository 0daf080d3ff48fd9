#ifndef KPI_STATUS_H
#define KPI_STATUS_H
#include "kpi/result.h"
#include "util/buf.h"
#include <stdbool.h>

/*
 * The one place that judges KPIs and areas (the rules, with a worked
 * example, are in docs/report.md, "How statuses are decided"). kpis.json,
 * kpis.csv, show and the report only read what is decided here.
 *
 * In and after a KPI's final target year: achieved, nearly (missed by at
 * most threshold x the baseline-to-target distance) or missed; no_data
 * when that year has no value although its sources have reported it
 * (a null observation: "not ranked"). Before:
 * on_track, at_risk (the forecast misses by at most threshold x the
 * remaining gap) or off_track; no_data without any value. The enum is
 * result.h's.
 */

/* "achieved", "nearly", ..., "no_data": the names in kpis.json. */
const char *kpi_status_name(enum kpi_status s);
/* ST_COUNT when name is not a status. */
enum kpi_status kpi_status_parse(const char *name);

/*
 * Sets r's status, status_year, gap (target - deciding value, null when
 * there is none) and reason (owned, one line). A final year without a
 * value that r->final_reported says was reported is no_data, never a
 * forecast. r's values, progress and forecast must be computed already.
 */
void kpi_judge(struct kpi_result *r, double threshold);

/*
 * Sets the area's counts, share_good and status from its KPIs in rs:
 * good (achieved / on_track) when at least 75% of the weight of its KPIs
 * with data is achieved or on track; middling (nearly / at_risk) when at
 * least 75% is at worst nearly or at risk, or the index is at least
 * 100 x (1 - threshold); else missed / off_track. The graded words when
 * every KPI with data is graded, the forecast words otherwise.
 */
void kpi_judge_area(struct area_result *a, const struct kpi_results *rs,
		    double threshold);

#endif
