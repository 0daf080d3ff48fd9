#include "kpi/status.h"
#include "util/qty.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Share of an area's weight that decides its word (docs/report.md). */
#define AREA_SHARE 0.75

static const char *const names[ST_COUNT] = {
	"achieved", "nearly", "missed", "on_track", "at_risk", "off_track", "no_data"
};

const char *kpi_status_name(enum kpi_status s)
{
	return s < ST_COUNT ? names[s] : names[ST_NO_DATA];
}

enum kpi_status kpi_status_parse(const char *name)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (name && !strcmp(name, names[i]))
			return (enum kpi_status)i;
	return ST_COUNT;
}

/* achieved or on_track: what the headline counts as good. */
static bool kpi_status_good(enum kpi_status s)
{
	return s == ST_ACHIEVED || s == ST_ON_TRACK;
}

static bool graded(enum kpi_status s)
{
	return s == ST_ACHIEVED || s == ST_NEARLY || s == ST_MISSED;
}

/*
 * The decimals that tell |v| from |T| apart as printed (up to 3 more
 * than asked), so that "misses 29 by 0" never appears.
 */
static int apart(double v, double T, int decimals)
{
	int most = decimals + 3;
	for (; decimals < most; decimals++) {
		char a[64], b[64];
		snprintf(a, sizeof(a), "%.*f", decimals, fabs(v));
		snprintf(b, sizeof(b), "%.*f", decimals, fabs(T));
		if (strcmp(a, b))
			break;
	}
	return decimals;
}

/* A difference of two values: "400 places", "5.6 points", "30 students". */
static void fmt_diff(struct buf *out, double d, int decimals, const char *unit)
{
	buf_addf(out, "%.*f", decimals, fabs(d));
	if (!strcmp(unit, "rank"))
		buf_addstr(out, " places");
	else if (!strcmp(unit, "%"))
		buf_addstr(out, " points");
	else if (*unit)
		buf_addf(out, " %s", unit);
}

static bool meets(const struct kpi_result *r, double v)
{
	return r->def->direction == DIR_INCREASE ? v >= r->final_target
						 : v <= r->final_target;
}

static const struct kpi_point *point(const struct kpi_result *r, int year)
{
	if (!r->n || year < r->series[0].year || year > r->series[r->n - 1].year)
		return NULL;
	return &r->series[year - r->series[0].year];
}

/* " (62% of the way from the 2019 baseline)" when the progress is known. */
static void add_progress(struct buf *b, const struct kpi_result *r, double pr)
{
	if (!isnan(pr))
		buf_addf(b, " (%.0f%% of the way from the %d baseline)", 100 * pr,
			 r->def->baseline);
}

/* "misses the target X by D" or "meets the target X". */
static void against(struct buf *b, const struct kpi_result *r, double v)
{
	const struct kpi_def *k = r->def;
	buf_addstr(b, meets(r, v) ? " meets the target " : " misses the target ");
	qty_fmt(b, r->final_target, k->decimals, k->unit);
	if (!meets(r, v)) {
		buf_addstr(b, " by ");
		fmt_diff(b, r->final_target - v, apart(r->final_target - v, 0, k->decimals),
			 k->unit);
	}
}

/* In or after the final year, which has a value v. */
static void judge_final(struct kpi_result *r, double v, double threshold, struct buf *why)
{
	const struct kpi_def *k = r->def;
	double T = r->final_target, B = r->baseline_value;
	double dist = !isnan(B) && B != T ? fabs(T - B) : fabs(T);
	double pr = r->latest_year == r->final_year ? r->latest_progress : NAN;

	r->status_year = r->final_year;
	r->gap = T - v;
	if (meets(r, v))
		r->status = ST_ACHIEVED;
	else
		r->status = fabs(T - v) <= threshold * dist ? ST_NEARLY : ST_MISSED;
	buf_addf(why, "%d value ", r->final_year);
	qty_fmt(why, v, meets(r, v) ? k->decimals : apart(v, T, k->decimals), k->unit);
	against(why, r, v);
	if (r->status == ST_NEARLY)
		buf_addf(why, ", within the %.0f%% band", 100 * threshold);
	if (r->status != ST_ACHIEVED)
		add_progress(why, r, pr);
}

/* Before the final year, from the latest value and the forecast. */
static void judge_forecast(struct kpi_result *r, double threshold, struct buf *why)
{
	const struct kpi_def *k = r->def;
	double T = r->final_target, v = r->latest_value;

	r->status_year = r->latest_year;
	r->gap = T - v;
	if (meets(r, v)) {
		r->status = ST_ON_TRACK;
		buf_addf(why, "%d value ", r->latest_year);
		qty_fmt(why, v, k->decimals, k->unit);
		buf_addf(why, " already meets the %d target ", r->final_year);
		qty_fmt(why, T, k->decimals, k->unit);
		return;
	}
	if (r->forecast_method) {
		double shortfall = fabs(T - r->forecast), gap = fabs(T - v);
		if (meets(r, r->forecast))
			r->status = ST_ON_TRACK;
		else
			r->status = shortfall <= threshold * gap ? ST_AT_RISK : ST_OFF_TRACK;
		buf_addf(why, "the trend since %d forecasts ", k->baseline);
		qty_fmt(why, r->forecast, meets(r, r->forecast) ? k->decimals :
			    apart(r->forecast, T, k->decimals), k->unit);
		buf_addf(why, " for %d, which", r->final_year);
		against(why, r, r->forecast);
		if (r->status == ST_AT_RISK)
			buf_addf(why, ", within %.0f%% of the remaining gap", 100 * threshold);
		return;
	}
	/* one year of data: judged against that year's target path */
	const struct kpi_point *p = point(r, r->latest_year);
	bool ok = p && !isnan(p->target) &&
		  (k->direction == DIR_INCREASE ? v >= p->target : v <= p->target);
	r->status = ok ? ST_ON_TRACK : ST_OFF_TRACK;
	buf_addf(why, "only %d has a value, ", r->latest_year);
	qty_fmt(why, v, k->decimals, k->unit);
	if (p && !isnan(p->target)) {
		buf_addf(why, ", %s its path target ", ok ? "on" :
			 k->direction == DIR_DECREASE ? "above" : "below");
		qty_fmt(why, p->target, k->decimals, k->unit);
	} else {
		buf_addstr(why, ", and that year has no target");
	}
}

void kpi_judge(struct kpi_result *r, double threshold)
{
	const struct kpi_def *k = r->def;
	const struct kpi_point *fin = point(r, r->final_year);
	struct buf why = BUF_INIT;

	r->gap = NAN;
	r->status = ST_NO_DATA;
	r->status_year = r->final_year;
	if (fin && !isnan(fin->value)) {
		judge_final(r, fin->value, threshold, &why);
	} else if (!r->latest_year && r->final_reported && !strcmp(k->unit, "rank")) {
		/* every edition out, none ranking the university */
		buf_addf(&why, "not ranked in %d (nor in an earlier year)", r->final_year);
	} else if (!r->latest_year) {
		buf_addstr(&why, "no value in any year");
	} else if (r->final_reported || r->latest_year > r->final_year) {
		buf_addf(&why, strcmp(k->unit, "rank") ? "no value for %d" : "not ranked in %d",
			 r->final_year);
		buf_addstr(&why, " (latest ");
		qty_fmt(&why, r->latest_value, k->decimals, k->unit);
		buf_addf(&why, " in %d)", r->latest_year);
	} else {
		judge_forecast(r, threshold, &why);
	}
	free(r->reason);
	r->reason = buf_detach(&why, NULL);
}

void kpi_judge_area(struct area_result *a, const struct kpi_results *rs,
		    double threshold)
{
	double w = 0, good = 0, fair = 0;
	bool all_graded = true;

	memset(a->counts, 0, sizeof(a->counts));
	for (size_t i = 0; i < rs->nkpis; i++) {
		const struct kpi_result *r = &rs->kpis[i];
		if (strcmp(r->def->area, a->def->id))
			continue;
		a->counts[r->status]++;
		if (r->status == ST_NO_DATA)
			continue;
		w += r->def->weight;
		if (kpi_status_good(r->status))
			good += r->def->weight;
		else if (r->status == ST_NEARLY || r->status == ST_AT_RISK)
			fair += r->def->weight;
		all_graded &= graded(r->status);
	}
	a->share_good = w > 0 ? good / w : NAN;
	if (!(w > 0)) {
		a->status = ST_NO_DATA;
	} else if (good / w >= AREA_SHARE) {
		a->status = all_graded ? ST_ACHIEVED : ST_ON_TRACK;
	} else if ((good + fair) / w >= AREA_SHARE ||
		   (!isnan(a->index) && a->index >= 100 * (1 - threshold))) {
		a->status = all_graded ? ST_NEARLY : ST_AT_RISK;
	} else {
		a->status = all_graded ? ST_MISSED : ST_OFF_TRACK;
	}
}
