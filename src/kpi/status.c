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
	"achieved", "nearly", "missed", "on_track", "at_risk", "off_track",
	"not_ranked", "no_data"
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

static bool meets_dir(enum direction d, double v, double T)
{
	return d == DIR_INCREASE ? v >= T : v <= T;
}

static const struct kpi_point *point(const struct kpi_result *r, int year)
{
	if (!r->n || year < r->series[0].year || year > r->series[r->n - 1].year)
		return NULL;
	return &r->series[year - r->series[0].year];
}

/*
 * What a year says for judging: its value, or the band as published, whose
 * ends are the best and the worst the true position can be.
 */
struct judged {
	bool known, band;
	double best, worst;	/* equal to the value when it is not a band */
	double value, low, high;
};

static struct judged judged_at(const struct kpi_result *r, const struct kpi_point *p)
{
	struct judged j = { false, false, NAN, NAN, NAN, NAN, NAN };
	bool inc = r->def->direction == DIR_INCREASE;

	if (!p)
		return j;
	j.value = p->value;
	if (qty_is_band(p->low, p->high)) {
		j.known = j.band = true;
		j.low = p->low;
		j.high = p->high;
		j.best = inc ? p->high : p->low;
		j.worst = inc ? p->low : p->high;
	} else if (!isnan(p->value)) {
		j.known = true;
		j.best = j.worst = p->value;
	}
	return j;
}

/* The whole value (every end of a band) meets T. */
static bool j_meets(const struct kpi_result *r, const struct judged *j, double T)
{
	return meets_dir(r->def->direction, j->worst, T);
}

static void j_fmt(struct buf *b, const struct kpi_result *r, const struct judged *j,
		  int decimals)
{
	const struct kpi_def *k = r->def;
	qty_fmt_point(b, j->value, j->low, j->high, decimals, k->unit);
}

/* d, an absolute difference, in the KPI's words ("400 places"). */
static void diff(struct buf *b, const struct kpi_result *r, double d)
{
	qty_fmt_diff(b, d, apart(d, 0, r->def->decimals), r->def->unit);
}

/* "5 students above target", "2 places better than target", "3.1 points below target". */
static void beyond(struct buf *b, const struct kpi_result *r, double d)
{
	const struct kpi_def *k = r->def;
	diff(b, r, d);
	if (!strcmp(k->unit, "rank"))
		buf_addstr(b, " better than target");
	else
		buf_addstr(b, k->direction == DIR_INCREASE ? " above target" : " below target");
}

/*
 * The gap from j to T in words, in the KPI's direction: "9.4 points
 * short", "5 students above target", "on target"; a band against its ends:
 * "at best 301 places short". Sets *gap to T minus the best end.
 */
static void gap_words(struct buf *b, const struct kpi_result *r, const struct judged *j,
		      double T, double *gap)
{
	double best = fabs(T - j->best), worst = fabs(T - j->worst);
	int d = r->def->decimals;
	char bs[64], ws[64];

	*gap = T - j->best;
	snprintf(bs, sizeof(bs), "%.*f", apart(best, 0, d), best);
	snprintf(ws, sizeof(ws), "%.*f", apart(worst, 0, d), worst);
	if (!j->band) {
		if (j->best == T)
			buf_addstr(b, "on target");
		else if (j_meets(r, j, T))
			beyond(b, r, best);
		else {
			diff(b, r, best);
			buf_addstr(b, " short");
		}
		return;
	}
	if (j_meets(r, j, T)) {
		if (j->worst == T) {
			buf_addstr(b, "on target at worst");
		} else {
			buf_addstr(b, "at least ");
			beyond(b, r, worst);
		}
	} else if (meets_dir(r->def->direction, j->best, T)) {
		buf_addstr(b, "at best ");
		if (j->best == T)
			buf_addstr(b, "on target");
		else
			beyond(b, r, best);
		buf_addstr(b, ", at worst ");
		if (isinf(j->worst))
			buf_addstr(b, "unranked");
		else
			diff(b, r, worst);
		buf_addstr(b, isinf(j->worst) ? "" : " short");
	} else {
		buf_addstr(b, "at best ");
		diff(b, r, best);
		buf_addstr(b, " short");
	}
}

/*
 * " (62% of the way from the 2019 baseline)"; a negative progress says
 * what moved the wrong way instead of a negative share.
 */
static void add_progress(struct buf *b, const struct kpi_result *r, double pr)
{
	const struct kpi_def *k = r->def;
	const struct kpi_point *base = point(r, k->baseline);

	if (isnan(pr))
		return;
	if (pr >= 0) {
		buf_addf(b, " (%.0f%% of the way from the %d baseline)", 100 * pr, k->baseline);
		return;
	}
	buf_addstr(b, " (further from the target than the ");
	buf_addf(b, "%d baseline, ", k->baseline);
	if (base)
		qty_fmt_point(b, base->value, base->low, base->high, k->decimals, k->unit);
	buf_addch(b, ')');
}

/* "2023: 14.4% against a target of 20.0%, " */
static void value_against(struct buf *b, const struct kpi_result *r, int year,
			  const struct judged *j, double T)
{
	const struct kpi_def *k = r->def;
	buf_addf(b, "%d: ", year);
	j_fmt(b, r, j, j->band || j_meets(r, j, T) ? k->decimals : apart(j->value, T, k->decimals));
	buf_addstr(b, " against a target of ");
	qty_fmt(b, T, k->decimals, k->unit);
	buf_addstr(b, ", ");
}

/* The latest year with data as "latest rank 980 in 2022", or "". */
static void latest_words(struct buf *b, const struct kpi_result *r)
{
	const struct kpi_point *p = point(r, r->latest_year);
	struct judged j = judged_at(r, p);

	if (!r->latest_year)
		return;
	buf_addstr(b, "latest ");
	j_fmt(b, r, &j, r->def->decimals);
	buf_addf(b, " in %d", r->latest_year);
}

/* In or after the final year, which has a value or a band. */
static void judge_final(struct kpi_result *r, const struct judged *j, double threshold,
			struct buf *why, struct buf *gap)
{
	double T = r->final_target, B = r->baseline_value;
	const struct kpi_point *bp = point(r, r->def->baseline);
	struct judged jb = judged_at(r, bp);
	double dist;

	if (jb.known)
		B = jb.best;
	dist = !isnan(B) && B != T ? fabs(T - B) : fabs(T);
	r->status_year = r->final_year;
	gap_words(gap, r, j, T, &r->gap);
	if (j_meets(r, j, T))
		r->status = ST_ACHIEVED;
	else if (meets_dir(r->def->direction, j->best, T))
		r->status = ST_NEARLY;	/* a band around the target: it may be met */
	else
		r->status = fabs(T - j->best) <= threshold * dist ? ST_NEARLY : ST_MISSED;
	value_against(why, r, r->final_year, j, T);
	buf_addstr(why, gap->buf);
	if (r->status == ST_NEARLY && !meets_dir(r->def->direction, j->best, T))
		buf_addf(why, ", within the %.0f%% band", 100 * threshold);
	if (r->status != ST_ACHIEVED)
		add_progress(why, r, r->latest_year == r->final_year ? r->latest_progress : NAN);
}

/* "only 2 years with a value (2025, 2026)" */
static void few_points(struct buf *b, const struct kpi_result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += r->series[i].year >= r->def->baseline &&
		     (!isnan(r->series[i].value) || !isnan(r->series[i].low));	/* or a band */
	if (n <= 1) {
		buf_addf(b, "only %d has a value", r->latest_year);
		return;
	}
	buf_addf(b, "only %zu years have a value", n);
}

/* Before the final year, from the latest value and the forecast. */
static void judge_forecast(struct kpi_result *r, const struct judged *j,
			   struct buf *why, struct buf *gap)
{
	const struct kpi_def *k = r->def;
	double T = r->final_target, fc = r->forecast;
	const struct kpi_point *p = point(r, r->latest_year);
	int d = k->decimals;

	r->status_year = r->latest_year;
	gap_words(gap, r, j, T, &r->gap);
	if (j_meets(r, j, T)) {
		r->status = ST_ON_TRACK;
		buf_addf(why, "%d: ", r->latest_year);
		j_fmt(why, r, j, d);
		buf_addf(why, ", already at the %d target of ", r->final_year);
		qty_fmt(why, T, d, k->unit);
		buf_addf(why, " (%s)", gap->buf);
		return;
	}
	if (r->forecast_method && !isnan(r->forecast_lo) && !isnan(r->forecast_hi)) {
		double lo = r->forecast_lo, hi = r->forecast_hi;
		bool inside = lo <= T && T <= hi;
		if (meets_dir(k->direction, fc, T))
			r->status = ST_ON_TRACK;
		else
			r->status = inside ? ST_AT_RISK : ST_OFF_TRACK;
		buf_addf(why, "the %d forecast ", r->final_year);
		qty_fmt(why, fc, meets_dir(k->direction, fc, T) ? d : apart(fc, T, d), k->unit);
		buf_addf(why, " (80%% interval %.*f%s%.*f) ", d, lo, lo < 0 ? " to " : "\u2013", d, hi);
		if (r->status == ST_ON_TRACK) {
			buf_addstr(why, "reaches the target ");
			qty_fmt(why, T, d, k->unit);
		} else {
			buf_addstr(why, "falls ");
			diff(why, r, fabs(T - fc));
			buf_addstr(why, " short of the target ");
			qty_fmt(why, T, d, k->unit);
			buf_addstr(why, inside ? ", which lies inside the interval"
					       : ", and so does the whole interval");
		}
		buf_addstr(why, "; ");
		latest_words(why, r);
		return;
	}
	/* too few points for an interval: judged against the year's path, not a forecast */
	bool ok = p && !isnan(p->target) && j_meets(r, j, p->target);
	r->status = ok ? ST_ON_TRACK : ST_AT_RISK;
	few_points(why, r);
	buf_addf(why, ", too few for a forecast; the %d value ", r->latest_year);
	j_fmt(why, r, j, ok || !p || isnan(p->target) || j->band ? d :
	      apart(j->value, p->target, d));
	if (p && !isnan(p->target)) {
		/* a rank above its path is behind it: "above" would read as better */
		buf_addf(why, " is %s its path target of ", ok ? "on" :
			 !strcmp(k->unit, "rank") ? "worse than" :
			 k->direction == DIR_DECREASE ? "above" : "below");
		qty_fmt(why, p->target, d, k->unit);
	} else {
		buf_addstr(why, ", and that year has no target");
	}
}

/* The configured targets before the final one, each judged in its own year. */
static void judge_interim(struct kpi_result *r)
{
	const struct kpi_def *k = r->def;
	struct buf g = BUF_INIT;

	r->interim = xcalloc(k->ntargets, sizeof(*r->interim));
	r->ninterim = 0;
	r->attention_year = 0;
	for (size_t i = 0; i + 1 < k->ntargets; i++) {
		struct kpi_interim *m = &r->interim[r->ninterim++];
		const struct kpi_point *p = point(r, k->targets[i].year);
		struct judged j = judged_at(r, p);
		m->year = k->targets[i].year;
		m->target = k->targets[i].value;
		m->gap = NAN;
		m->due = r->data_through && m->year <= r->data_through;
		m->status = ST_NO_DATA;
		if (!m->due)
			continue;
		if (j.known) {
			buf_reset(&g);
			gap_words(&g, r, &j, m->target, &m->gap);
			m->gap_text = buf_detach(&g, NULL);
			m->status = j_meets(r, &j, m->target) ? ST_ACHIEVED : ST_MISSED;
		} else if (p && p->reported && !strcmp(k->unit, "rank")) {
			m->status = ST_NOT_RANKED;
		}
	}
	/* the latest interim target due, while the final year is still ahead */
	for (size_t i = r->ninterim; i-- > 0;) {
		const struct kpi_interim *m = &r->interim[i];
		if (!m->due)
			continue;
		if (!r->final_reported && (m->status == ST_MISSED || m->status == ST_NOT_RANKED))
			r->attention_year = m->year;
		break;
	}
	buf_release(&g);
}

void kpi_judge(struct kpi_result *r, double threshold)
{
	const struct kpi_def *k = r->def;
	const struct kpi_point *fin = point(r, r->final_year);
	struct judged jf = judged_at(r, fin);
	struct buf why = BUF_INIT, gap = BUF_INIT;
	bool rank = !strcmp(k->unit, "rank");

	r->gap = NAN;
	r->status = ST_NO_DATA;
	r->status_year = r->final_year;
	for (size_t i = 0; i < r->ninterim; i++)
		free(r->interim[i].gap_text);
	free(r->interim);
	judge_interim(r);
	if (r->final_reported && jf.known) {
		judge_final(r, &jf, threshold, &why, &gap);
	} else if (r->final_reported) {
		/* the year that decides is in, without a value: never a forecast */
		bool unranked = rank && fin && fin->reported;
		r->status = unranked ? ST_NOT_RANKED : ST_NO_DATA;
		buf_addf(&why, unranked ? "not ranked in %d" : "no value for %d", r->final_year);
		if (r->latest_year) {
			buf_addstr(&why, " (");
			latest_words(&why, r);
			buf_addch(&why, ')');
		} else if (unranked) {
			buf_addstr(&why, ", nor in any earlier year");
		}
	} else if (!r->data_through) {
		buf_addstr(&why, "no value in any year");
	} else if (rank && r->data_through > r->latest_year) {
		/* the latest edition is out and does not rank the university */
		r->status = ST_NOT_RANKED;
		r->status_year = r->data_through;
		buf_addf(&why, "not ranked in %d", r->data_through);
		if (r->latest_year) {
			buf_addstr(&why, " (");
			latest_words(&why, r);
			buf_addch(&why, ')');
		} else {
			buf_addstr(&why, ", nor in any earlier year");
		}
	} else {
		struct judged jl = judged_at(r, point(r, r->latest_year));
		judge_forecast(r, &jl, &why, &gap);
	}
	free(r->reason);
	r->reason = buf_detach(&why, NULL);
	free(r->gap_text);
	r->gap_text = gap.len ? buf_detach(&gap, NULL) : NULL;
	buf_release(&gap);
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
		/* not ranked weighs as a miss, graded once its final year is in */
		all_graded &= r->status == ST_NOT_RANKED ? r->final_reported
							 : graded(r->status);
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
