#include "render/outdoc.h"
#include "util/fs.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

/* Output documents are ours, but a cap keeps a damaged one from eating memory. */
#define OD_MAX_BYTES ((size_t)1 << 30)

int od_load(const char *dir, const char *name, const char *schema,
	    cJSON **root, struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc = 0;

	*root = NULL;
	path_join(&path, dir, name);
	if (file_read(path.buf, &text, OD_MAX_BYTES, err)) {
		rc = -1;
	} else if (!(*root = cJSON_ParseWithLength(text.buf, text.len)) ||
		   (schema[strlen(schema) - 1] == '/' ?
		    strncmp(od_str(*root, "schema"), schema, strlen(schema)) :
		    strcmp(od_str(*root, "schema"), schema))) {
		buf_setf(err, "'%s' is not an %s%s document", path.buf, schema,
			 schema[strlen(schema) - 1] == '/' ? "N" : "");
		cJSON_Delete(*root);
		*root = NULL;
		rc = -1;
	}
	buf_release(&path);
	buf_release(&text);
	return rc;
}

const cJSON *od_get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

double od_num(const cJSON *obj, const char *key)
{
	const cJSON *n = od_get(obj, key);
	return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

const char *od_str(const cJSON *obj, const char *key)
{
	const char *s = od_str_or_null(obj, key);
	return s ? s : "";
}

const char *od_str_or_null(const cJSON *obj, const char *key)
{
	const cJSON *n = od_get(obj, key);
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

int od_decimals(const cJSON *kpi)
{
	double d = od_num(kpi, "decimals");
	return isnan(d) || d < 0 || d > 6 ? 1 : (int)d;
}

static const struct od_status statuses[] = {
	{ "achieved", "Achieved", "\u2714", "#009E73", "#000000" },
	{ "nearly", "Nearly", "\u2248", "#F0E442", "#000000" },
	{ "missed", "Missed", "\u2718", "#D55E00", "#000000" },
	{ "on_track", "On track", "\u2197", "#0072B2", "#FFFFFF" },
	{ "at_risk", "At risk", "!", "#E69F00", "#000000" },
	{ "off_track", "Off track", "\u2198", "#D55E00", "#000000" },
	{ "not_ranked", "Not ranked", "\u2205", "#CC79A7", "#000000" },
	{ "no_data", "No data", "\u2013", "#BBBBBB", "#000000" },
};

const struct od_status *od_status(const char *name)
{
	size_t n = sizeof(statuses) / sizeof(statuses[0]);
	for (size_t i = 0; i < n; i++)
		if (name && !strcmp(name, statuses[i].name))
			return &statuses[i];
	return &statuses[n - 1];
}

int od_time_local(struct buf *o, const char *iso, bool with_time)
{
	static const char *const months[12] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"
	};
	struct tm tm = { 0 }, lt;
	char zone[64];
	time_t t;

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
			   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1 || !localtime_r(&t, &lt) || lt.tm_mon < 0 || lt.tm_mon > 11)
		return -1;
	buf_addf(o, "%d %s %d", lt.tm_mday, months[lt.tm_mon], lt.tm_year + 1900);
	if (with_time) {
		if (!strftime(zone, sizeof(zone), "%Z", &lt))
			zone[0] = '\0';
		buf_addf(o, ", %02d:%02d%s%s", lt.tm_hour, lt.tm_min, *zone ? " " : "", zone);
	}
	return 0;
}

bool od_forecast_quotable(const cJSON *kpi)
{
	const cJSON *fc = od_get(kpi, "forecast");

	return cJSON_IsObject(fc) && (strcmp(od_str(fc, "method"), "trend") ||
				      od_num(od_get(kpi, "trend"), "n") >= 3);
}

enum od_position od_position(struct buf *o, const cJSON *p)
{
	double lo = od_num(p, "low"), hi = od_num(p, "high");
	const cJSON *listed = od_get(p, "listed");

	if (!isnan(lo) && (isnan(hi) || hi == lo))
		buf_addf(o, isnan(hi) ? "%.0f+" : "%.0f", lo);
	else if (!isnan(lo))
		buf_addf(o, "%.0f\u2013%.0f", lo, hi);
	else
		return cJSON_IsFalse(listed) ? OD_POS_NOT_RANKED :
		       cJSON_IsTrue(listed) ? OD_POS_LISTED : OD_POS_NONE;
	return OD_POS_RANKED;
}
