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
 * Once the KPI's data reach its final target year: achieved, nearly
 * (missed by at most threshold x the baseline-to-target distance, or a
 * band around the target) or missed; not_ranked (a rank KPI whose edition
 * does not rank the university) or no_data when that year has no value.
 * Before: on_track (the forecast, or the latest value, meets the target),
 * at_risk (the forecast misses, but the target lies inside its 80%
 * interval; or too few points for an interval and the latest value is
 * off its path), off_track (the whole interval misses); not_ranked when
 * the latest edition does not rank it; no_data without any value.
 * Interim targets are judged in their own year. The enum is result.h's.
 */

/* "achieved", "nearly", ..., "no_data": the names in kpis.json. */
const char *kpi_status_name(enum kpi_status s);
/* ST_COUNT when name is not a status. */
enum kpi_status kpi_status_parse(const char *name);

/*
 * Sets r's status, status_year, gap (target - deciding value, its best
 * end for a band; null when there is none), gap_text, reason (owned, one
 * line), interim (every target before the final one) and attention_year.
 * A final year without a value that r->final_reported says is in is
 * not_ranked or no_data, never a forecast. r's values, progress and
 * forecast must be computed already.
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
