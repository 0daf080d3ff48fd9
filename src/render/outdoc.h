#ifndef RENDER_OUTDOC_H
#define RENDER_OUTDOC_H
#include "util/buf.h"
#include <cjson/cJSON.h>
#include <stdbool.h>

/*
 * The output documents read back by the commands that render them
 * (kpis.json, observations.json, charts/index.json): loading with a check
 * of their "schema", lookups that treat a missing or mistyped member as
 * null, and the words and colours of a KPI status shared by the charts and
 * the report. Trees returned by od_load belong to the caller
 * (cJSON_Delete); strings returned by lookups are borrowed from the tree.
 */

/*
 * Reads DIR/NAME and checks that its "schema" is schema (any version of
 * the document when schema ends with '/', "intlkpi.kpis/"); -1 and err if not.
 */
int od_load(const char *dir, const char *name, const char *schema,
	    cJSON **root, struct buf *err);

const cJSON *od_get(const cJSON *obj, const char *key);
/* NAN when absent or not a number. */
double od_num(const cJSON *obj, const char *key);
/* "" when absent or not a string. */
const char *od_str(const cJSON *obj, const char *key);
/* NULL when absent or not a string. */
const char *od_str_or_null(const cJSON *obj, const char *key);

/*
 * An ISO 8601 UTC time ("2026-12-05T19:33:12Z") as people read it, in
 * local time with its zone: "5 December 2026, 20:33 CET" (only the date
 * without with_time). -1, nothing appended, when iso is not such a time.
 */
int od_time_local(struct buf *o, const char *iso, bool with_time);

/*
 * A ranking position {low, high, listed} of kpis.json's peers as published:
 * appends "185", "301\u2013350" or "1501+" and returns OD_POS_RANKED, else
 * appends nothing and says why there is no rank.
 */
enum od_position { OD_POS_RANKED, OD_POS_NOT_RANKED, OD_POS_LISTED, OD_POS_NONE };
enum od_position od_position(struct buf *o, const cJSON *p);

/*
 * Whether kpi's forecast is a number to quote: not a trend through fewer
 * than 3 points (a line through two points is no forecast; kpis.json keeps
 * its value for analysts). False without a forecast.
 */
bool od_forecast_quotable(const cJSON *kpi);

/* A KPI's "decimals" (1 when absent or out of 0-6). */
int od_decimals(const cJSON *kpi);

/*
 * A KPI status for people: a label ("On track"), a symbol that survives
 * greyscale print, and colours from the Okabe-Ito palette (readable with
 * the common colour-vision deficiencies) with a text colour of at least
 * 4.5:1 contrast on them. Unknown names get the no_data entry.
 */
struct od_status {
	const char *name, *label, *symbol, *colour, *text_colour;
};
const struct od_status *od_status(const char *name);

#endif
