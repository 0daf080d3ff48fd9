/* The charts of a run and their gnuplot commands (docs/report.md). */
#include "render/charts.h"
#include "util/qty.h"
#include "render/outdoc.h"
#include "util/xalloc.h"
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Okabe-Ito: distinct with the common colour-vision deficiencies. */
#define C_TARGET "#D55E00"
#define C_FORECAST "#009E73"
#define C_BASELINE "#555555"

#define PANEL_COLS 3

void chart_num(struct buf *g, double v)
{
	if (isnan(v) || isinf(v))
		buf_addstr(g, "NaN");
	else
		buf_addf(g, "%.17g", v);
}

/* Rank KPIs (unit "rank", lower is better) are drawn with 1 at the top. */
static bool is_rank(const cJSON *k)
{
	return !strcmp(od_str(k, "unit"), "rank") &&
	       !strcmp(od_str(k, "direction"), "decrease");
}

/* s cut to max characters with an ellipsis: a key entry too wide is dropped. */
const char *chart_clip(struct buf *t, const char *s, int max)
{
	int n = 0;
	buf_reset(t);
	for (; *s; s++) {
		if ((*s & 0xc0) != 0x80 && ++n == max) {
			/* the max-th character stays when it is the last one */
			const char *next = s + 1;
			while ((*next & 0xc0) == 0x80)
				next++;
			if (!*next)
				break;
			buf_addstr(t, "\u2026");
			return t->buf;
		}
		buf_addch(t, *s);
	}
	buf_addstr(t, s);
	return t->buf;
}

static char *file_stem(const char *prefix, const char *id)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, prefix);
	for (const char *s = id; *s; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '-';
		buf_addch(&b, ok ? c : (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : '_');
	}
	return buf_detach(&b, NULL);
}

void chart_size(struct chart *c, int width, int height)
{
	c->width = width;
	c->height = height;
	/* text of font points is font px in the SVG's own units */
	c->font = (int)ceil(CHART_TEXT_PX * width / CHART_PHONE_PX);
}

struct chart *chart_add(struct chart_list *l, const char *kind,
			       char *name, const char *subject, const char *area)
{
	struct chart *c;
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->name = name;
	c->subject = xstrdup(subject);
	c->area = area ? xstrdup(area) : NULL;
	chart_size(c, 640, 400);
	buf_init(&c->body, 0);
	return c;
}

static const cJSON *kpi_by_id(const cJSON *kpis, const char *id)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, od_get(kpis, "kpis"))
		if (!strcmp(od_str(k, "id"), id))
			return k;
	return NULL;
}

static bool is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

int chart_year_cut(const cJSON *kpis)
{
	const cJSON *period = od_get(kpis, "period");
	double as_of = od_num(period, "as_of"), to = od_num(period, "to");
	double now = od_num(period, "calendar_year");

	if (!isnan(as_of))
		return (int)as_of;
	if (!isnan(now) && (isnan(to) || now < to))
		return (int)now;
	return isnan(to) ? INT_MAX : (int)to;
}

const char *chart_area_using(const cJSON *kpis, const char *metric)
{
	const cJSON *k;
	size_t n = strlen(metric);
	cJSON_ArrayForEach(k, od_get(kpis, "kpis")) {
		const char *f = od_str(k, "formula"), *p = f;
		for (; (p = strstr(p, metric)); p += n)
			if ((p == f || !is_ident(p[-1])) && !is_ident(p[n]))
				return od_str(k, "area");
	}
	return NULL;
}

/* ---- one KPI: actual, target path, baseline, forecast with its band ---- */

struct kpi_span {
	int x0, x1;		/* years on the axis */
	double ymin, ymax;	/* every value, band end, target and forecast bound */
	int npoints;		/* values and targets that are not null */
	int nvalues;		/* values (or bands) that are not null */
	int nbands;		/* years with a band as published */
	double yend;		/* a rank axis's worst place: where an open band's bar ends */
};

static void span_y(struct kpi_span *s, double v)
{
	if (isnan(v) || isinf(v))
		return;
	s->ymin = v < s->ymin ? v : s->ymin;
	s->ymax = v > s->ymax ? v : s->ymax;
}

static struct kpi_span kpi_span(const cJSON *k)
{
	struct kpi_span s = { INT_MAX, INT_MIN, HUGE_VAL, -HUGE_VAL, 0, 0, 0, NAN };
	const cJSON *p, *fc = od_get(k, "forecast");
	cJSON_ArrayForEach(p, od_get(k, "series")) {
		double y = od_num(p, "year");
		const cJSON *band = od_get(p, "band");
		bool v = !isnan(od_num(p, "value")) || cJSON_IsObject(band);
		if (isnan(y))
			continue;
		s.x0 = (int)y < s.x0 ? (int)y : s.x0;
		s.x1 = (int)y > s.x1 ? (int)y : s.x1;
		s.nvalues += v;
		s.nbands += cJSON_IsObject(band);
		s.npoints += v + !isnan(od_num(p, "target"));
		span_y(&s, od_num(p, "value"));
		span_y(&s, od_num(band, "low"));
		span_y(&s, od_num(band, "high"));
		/* an open band (1001+) runs on past its low end: room to show it */
		if (cJSON_IsObject(band) && isnan(od_num(band, "high")))
			span_y(&s, od_num(band, "low") * 1.25);
		span_y(&s, od_num(p, "target"));
	}
	span_y(&s, od_num(od_get(k, "baseline"), "value"));
	span_y(&s, od_num(fc, "low"));
	span_y(&s, od_num(fc, "high"));
	return s;
}

/*
 * The forecast is drawn from the latest actual to the final year; not one
 * from too few points for an interval, which is no verdict either.
 */
static bool has_forecast(const cJSON *k)
{
	const cJSON *fc = od_get(k, "forecast"), *latest = od_get(k, "latest");
	return cJSON_IsObject(fc) && cJSON_IsObject(latest) &&
	       !strcmp(od_str(fc, "method"), "trend") &&
	       !isnan(od_num(fc, "value")) && !isnan(od_num(fc, "low")) &&
	       !isnan(od_num(latest, "value")) &&
	       od_num(latest, "year") < od_num(fc, "year");
}

static void kpi_title(struct buf *g, const cJSON *k, bool compact)
{
	const struct od_status *st = od_status(od_str(k, "status"));
	const cJSON *latest = od_get(k, "latest"), *fin = od_get(k, "final_target");
	const char *unit = od_str(k, "unit");
	int d = od_decimals(k);
	struct buf t = BUF_INIT;

	buf_addstr(g, "set title ");
	if (compact) {
		buf_addf(&t, "%s \u2014 %s", od_str(k, "title"), st->label);
		gp_quote(g, t.buf, 44);
	} else {
		/* lines that fit the chart's width */
		gp_quote(g, od_str(k, "title"), 46);
	}
	buf_reset(&t);
	if (!compact) {
		buf_addstr(&t, st->label);
		/* "Not ranked · 2025: rank 1001+" read as not ranked in 2025 */
		if (!strcmp(od_str(k, "status"), "not_ranked") && cJSON_IsObject(latest) &&
		    od_num(k, "status_year") > od_num(latest, "year"))
			buf_addf(&t, " in %.0f", od_num(k, "status_year"));
		if (cJSON_IsObject(latest)) {
			buf_addstr(&t, " \u00b7 ");
			const cJSON *band = od_get(latest, "band");
			buf_addf(&t, "%d: ", (int)od_num(latest, "year"));
			qty_fmt_point(&t, od_num(latest, "value"), od_num(band, "low"),
				      od_num(band, "high"), d, unit);
		}
		if (cJSON_IsObject(fin)) {
			size_t cols = 0;
			for (const char *c = t.buf; *c; c++)
				cols += (*c & 0xc0) != 0x80;
			/* a third line rather than a line wider than the chart */
			if (cols > 22) {
				buf_addstr(g, ".\"\\n\".");
				gp_quote(g, t.buf, 0);
				buf_reset(&t);
			} else {
				buf_addstr(&t, " \u00b7 ");
			}
			buf_addf(&t, "target %d: ", (int)od_num(fin, "year"));
			qty_fmt(&t, od_num(fin, "value"), d, unit);
		}
		if (cJSON_IsTrue(od_get(k, "stale")))
			buf_addstr(&t, " (stale data)");
		buf_addstr(g, ".\"\\n\".");
		gp_quote(g, t.buf, 0);
	}
	buf_addch(g, '\n');
	buf_release(&t);
}

/*
 * The y range: gnuplot's own, but a rank axis (reversed, rank 1 at the
 * top) never shows a place above 1, and whole numbers over a short span
 * get whole tics.
 */
static void kpi_yaxis(struct buf *g, const cJSON *k, struct kpi_span *s, int d)
{
	if (is_rank(k)) {
		double pad = (s->ymax - s->ymin) * 0.08;
		double lo, hi;
		if (pad < 1)
			pad = 1;
		lo = floor(s->ymin - pad);
		hi = ceil(s->ymax + pad);
		if (lo < 1)
			lo = 1;
		s->yend = hi;
		/* reversed by the range itself: gnuplot 5's "reverse" turns
		 * only an autoscaled axis, never an explicit range */
		buf_addf(g, "set yrange [%.0f:%.0f] noreverse\n", hi, lo);
	} else {
		buf_addstr(g, "set yrange [*:*] noreverse\n");
	}
	/* at most about five tics: a small chart has room for no more */
	{
		double span = s->ymax - s->ymin, step, mag;
		if (!(span > 0))
			span = fabs(s->ymax) > 0 ? fabs(s->ymax) : 1;
		mag = pow(10, floor(log10(span / 4)));
		step = span / 4 / mag <= 1 ? mag : span / 4 / mag <= 2 ? 2 * mag :
		       span / 4 / mag <= 5 ? 5 * mag : 10 * mag;
		if (d == 0 && step < 1)
			step = 1;
		buf_addstr(g, "set ytics ");
		chart_num(g, step);
		if (is_rank(k)) {	/* from the first step: no tic at place 0 */
			buf_addstr(g, ", ");
			chart_num(g, step);
		}
		buf_addch(g, '\n');
	}
}

/*
 * A chart without a single value: no axis to read (a range made up around
 * one target would be noise), the years, and a line saying why.
 */
static void kpi_empty(struct buf *g, const cJSON *k)
{
	const cJSON *fin = od_get(k, "final_target");
	struct buf t = BUF_INIT;

	if (!strcmp(od_str(k, "status"), "not_ranked"))
		buf_addf(&t, "not ranked in any edition up to %.0f", od_num(k, "data_through"));
	else
		buf_addstr(&t, "no data yet");
	buf_addstr(g, "set yrange [0:1] noreverse\nunset ytics\nunset ylabel\nset grid noytics\n"
		   "set key off\nset label 1 ");
	gp_quote(g, t.buf, 0);
	buf_addstr(g, " at graph 0.5, graph 0.55 center\n");
	if (cJSON_IsObject(fin)) {
		buf_reset(&t);
		buf_addf(&t, "target %d: ", (int)od_num(fin, "year"));
		qty_fmt(&t, od_num(fin, "value"), od_decimals(k), od_str(k, "unit"));
		buf_addstr(g, "set label 2 ");
		gp_quote(g, t.buf, 0);
		buf_addstr(g, " at graph 0.5, graph 0.38 center\n");
	}
	buf_addstr(g, "plot -1 notitle\n");
	buf_release(&t);
}

/*
 * The years after the KPI's data-through year, shaded: targets run on, no
 * value is drawn there (kpis.json has none).
 */
static void kpi_future(struct buf *g, const cJSON *k, const struct kpi_span *s, bool compact)
{
	double through = od_num(k, "data_through");

	if (isnan(through) || through >= s->x1)
		return;
	buf_addf(g, "set object 1 rectangle from first %.1f, graph 0 to first %d.5, graph 1 "
		 "behind fillcolor '#eeeeee' fillstyle solid 1.0 noborder\n", through + 0.5, s->x1);
	if (!compact)
		buf_addf(g, "set label 3 'no data yet' at first %.2f, graph 0.06 center "
			 "textcolor '#555555'\n", (through + 0.5 + s->x1 + 0.5) / 2);
}

static void kpi_body(struct buf *g, const cJSON *k, bool compact)
{
	struct kpi_span s = kpi_span(k);
	const cJSON *p, *fc = od_get(k, "forecast"), *latest = od_get(k, "latest");
	const cJSON *base = od_get(k, "baseline");
	const char *unit = od_str(k, "unit");
	double bv = od_num(base, "value");
	bool fcst = has_forecast(k), band = fcst && !isnan(od_num(fc, "low")) &&
					   !isnan(od_num(fc, "high"));
	int d = od_decimals(k);
	struct buf t = BUF_INIT;
	const char *sep = "plot ";

	buf_addstr(g, "unset label\nunset object\n");
	kpi_title(g, k, compact);
	if (s.x0 > s.x1)
		s.x0 = s.x1 = (int)od_num(base, "year");
	buf_addf(g, "set xrange [%d.5:%d.5]\nset xtics %d, %d, %d\nset format x '%%.0f'\n",
		 s.x0 - 1, s.x1, s.x0, compact && s.x1 - s.x0 > 6 ? 2 : 1, s.x1);
	buf_addstr(g, compact ? "unset ylabel\nset key off\n" :
		   "set key below horizontal samplen 2 spacing 1\nset ylabel ");
	if (!compact) {
		gp_quote(g, unit, 0);
		buf_addch(g, '\n');
	}
	kpi_future(g, k, &s, compact);
	if (!s.nvalues) {
		kpi_empty(g, k);
		return;
	}
	kpi_yaxis(g, k, &s, d);
	/*
	 * year, value (not for a year with a band: a midpoint is no rank),
	 * target, target when set in the configuration, band low, band high
	 * (an open band to the axis end)
	 */
	buf_addstr(g, "$kd << EOD\n");
	cJSON_ArrayForEach(p, od_get(k, "series")) {
		const cJSON *pb = od_get(p, "band");
		double hi = od_num(pb, "high");
		chart_num(g, od_num(p, "year"));
		buf_addch(g, ' ');
		chart_num(g, cJSON_IsObject(pb) ? NAN : od_num(p, "value"));
		buf_addch(g, ' ');
		chart_num(g, od_num(p, "target"));
		buf_addch(g, ' ');
		chart_num(g, cJSON_IsTrue(od_get(p, "target_set")) ? od_num(p, "target") : NAN);
		buf_addch(g, ' ');
		chart_num(g, od_num(pb, "low"));
		buf_addch(g, ' ');
		chart_num(g, cJSON_IsObject(pb) && isnan(hi) ? s.yend : hi);
		buf_addch(g, '\n');
	}
	buf_addf(g, "EOD\n$kb << EOD\n%d.5 ", s.x0 - 1);
	chart_num(g, bv);
	buf_addf(g, "\n%d.5 ", s.x1);
	chart_num(g, bv);
	buf_addstr(g, "\nEOD\n");
	if (fcst) {
		/* year, value, low, high: from the latest actual to the forecast */
		buf_addstr(g, "$kf << EOD\n");
		for (int i = 0; i < 2; i++) {
			const cJSON *o = i ? fc : latest;
			chart_num(g, od_num(o, "year"));
			for (int j = 0; j < 3; j++) {
				buf_addch(g, ' ');
				chart_num(g, od_num(o, i && j ? (j == 1 ? "low" : "high") : "value"));
			}
			buf_addch(g, '\n');
		}
		buf_addstr(g, "EOD\n");
	}
	if (band) {
		buf_addf(g, "%s$kf u 1:3:4 w filledcurves fc '%s' fs transparent solid 0.2 noborder title '80%% interval'",
			 sep, C_FORECAST);
		sep = ", \\\n  ";
	}
	if (!isnan(bv)) {
		buf_addf(g, "%s$kb u 1:2 w lines lc '%s' dt 3 lw 1.5 title 'baseline'", sep, C_BASELINE);
		sep = ", \\\n  ";
	}
	/* the path (dashed), and squares where a target is set: one key entry */
	buf_addf(g, "%s$kd u 1:3 w lines lc '%s' dt 2 lw 2 notitle, \\\n"
		 "  $kd u 1:4 w linespoints lc '%s' dt 2 lw 2 pt 4 ps 1.4 title 'target'",
		 sep, C_TARGET, C_TARGET);
	if (fcst)
		buf_addf(g, ", \\\n  $kf u 1:2 w linespoints lc '%s' dt 4 lw 2 pt 9 ps 1.4 "
			 "title 'forecast'", C_FORECAST);
	if (s.nbands)
		buf_addf(g, ", \\\n  $kd u 1:(($5+$6)/2):5:6 w yerrorbars lc '%s' lw 2.5 pt 0 "
			 "title 'band'", C_ACTUAL);
	buf_addf(g, ", \\\n  $kd u 1:2 w linespoints lc '%s' lw 2.5 pt 7 ps 1.1 title 'actual'\n",
		 C_ACTUAL);
	buf_release(&t);
}

/* The band published for year (a series point's), or NULL. */
static const cJSON *band_of_year(const cJSON *k, double year)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, od_get(k, "series"))
		if (od_num(p, "year") == year && cJSON_IsObject(od_get(p, "band")))
			return od_get(p, "band");
	return NULL;
}

/* A value as published: a rank band as the band, never its midpoint. */
static void alt_point(struct buf *t, const cJSON *k, const cJSON *o, int d, const char *unit)
{
	const cJSON *band = od_get(o, "band");
	if (!cJSON_IsObject(band))
		band = band_of_year(k, od_num(o, "year"));
	qty_fmt_point(t, od_num(o, "value"), od_num(band, "low"), od_num(band, "high"), d, unit);
}

static void kpi_alt(struct chart *c, const cJSON *k)
{
	struct buf t = BUF_INIT;
	const cJSON *latest = od_get(k, "latest"), *fc = od_get(k, "forecast");
	const cJSON *fin = od_get(k, "final_target"), *base = od_get(k, "baseline");
	const char *unit = od_str(k, "unit");
	int d = od_decimals(k);

	buf_addf(&t, "Line chart of %s (%s) by year: ", od_str(k, "title"), unit);
	buf_addf(&t, "baseline %d ", (int)od_num(base, "year"));
	alt_point(&t, k, base, d, unit);
	if (cJSON_IsObject(latest)) {
		buf_addf(&t, ", latest %d ", (int)od_num(latest, "year"));
		alt_point(&t, k, latest, d, unit);
	}
	if (cJSON_IsObject(fin)) {
		buf_addf(&t, ", target %d ", (int)od_num(fin, "year"));
		qty_fmt(&t, od_num(fin, "value"), d, unit);
	}
	if (has_forecast(k)) {
		buf_addf(&t, ", forecast %d ", (int)od_num(fc, "year"));
		qty_fmt(&t, od_num(fc, "value"), d, unit);
		if (!isnan(od_num(fc, "low"))) {
			buf_addf(&t, " (80%% interval %.*f to %.*f)", d, od_num(fc, "low"),
				 d, od_num(fc, "high"));
		}
	}
	buf_addf(&t, "; status: %s.", od_status(od_str(k, "status"))->label);
	if (is_rank(k))
		buf_addstr(&t, " The axis is reversed: rank 1 is at the top.");
	c->alt = buf_detach(&t, NULL);
	c->title = xstrdup(od_str(k, "title"));
}

/* ---- one area: small multiples of its KPIs ---- */

static void area_chart(struct chart_list *l, const cJSON *kpis, const cJSON *a)
{
	const cJSON *id;
	const char *aid = od_str(a, "id");
	struct chart *c = chart_add(l, "area", file_stem("area-", aid), aid, aid);
	struct buf t = BUF_INIT;
	int n = cJSON_GetArraySize(od_get(a, "kpis")), rows;
	double index = od_num(a, "index");

	if (!n)
		n = 1;
	rows = (n + PANEL_COLS - 1) / PANEL_COLS;
	/* a file of its own, not shown in the page: small multiples at a small font */
	c->width = 960;
	c->height = 40 + 250 * rows;
	c->font = 12;
	buf_addf(&t, "%s \u2014 index ", od_str(a, "title"));
	if (isnan(index))
		buf_addstr(&t, "no data");
	else
		buf_addf(&t, "%.0f/100", index);
	buf_addf(&t, " \u2014 %s", od_status(od_str(a, "status"))->label);
	c->title = xstrdup(t.buf);
	buf_addf(&c->body, "set multiplot layout %d, %d title ", rows, PANEL_COLS);
	gp_quote(&c->body, t.buf, 110);
	buf_addstr(&c->body, ".\"\\n\".'solid: actual; dashed: target path; "
		   "dotted: baseline; dash-dot: forecast'\n");
	buf_reset(&t);
	buf_addf(&t, "Small multiples of the %d KPIs of the area %s: ",
		 cJSON_GetArraySize(od_get(a, "kpis")), c->title);
	cJSON_ArrayForEach(id, od_get(a, "kpis")) {
		const cJSON *k = cJSON_IsString(id) ? kpi_by_id(kpis, id->valuestring) : NULL;
		if (!k)
			continue;
		kpi_body(&c->body, k, true);
		buf_addf(&t, "%s%s (%s)", id == od_get(a, "kpis")->child ? "" : ", ",
			 od_str(k, "title"), od_status(od_str(k, "status"))->label);
	}
	buf_addstr(&t, ".");
	buf_addstr(&c->body, "unset multiplot\n");
	c->alt = buf_detach(&t, NULL);
}

/* A chart the profile asked for that the data cannot give: a warning into ns. */
static void not_drawn(struct notes *ns, const char *chart, const char *key, const char *metric)
{
	notes_addf(ns, LOG_WARN, "chart '%s' not drawn: the metric '%s' (profile.json charts.%s) has no "
		   "observations%s", chart, metric, key,
		   strcmp(chart, "coauthorship-share") ? " by key" : "");
}

void charts_plan(struct chart_list *l, const cJSON *kpis, const cJSON *obs,
		 const struct plot_options *o, struct notes *ns)
{
	const cJSON *a, *k;

	chart_areas(l, kpis);
	cJSON_ArrayForEach(a, od_get(kpis, "areas"))
		area_chart(l, kpis, a);
	cJSON_ArrayForEach(k, od_get(kpis, "kpis")) {
		struct chart *c = chart_add(l, "kpi", file_stem("kpi-", od_str(k, "id")),
					    od_str(k, "id"), od_str(k, "area"));
		chart_size(c, 460, 400);
		kpi_body(&c->body, k, false);
		kpi_alt(c, k);
	}
	if (!obs)
		return;
	if (!chart_metric_bars(l, kpis, obs, o->students_metric, "students-by-country",
			       "International students by country of citizenship", "students") &&
	    o->configured[0])
		not_drawn(ns, "students-by-country", o->configured[0], o->students_metric);
	if (!chart_metric_bars(l, kpis, obs, o->partners_metric, "coauthors-by-country",
			       "Internationally co-authored works by partner country", "works") &&
	    o->configured[1])
		not_drawn(ns, "coauthors-by-country", o->configured[1], o->partners_metric);
	if (!chart_share(l, kpis, obs, o) && (o->configured[2] || o->configured[3]))
		not_drawn(ns, "coauthorship-share", o->configured[2] ? o->configured[2] : o->configured[3],
			  o->configured[2] ? o->intl_metric : o->total_metric);
}

void chart_list_release(struct chart_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct chart *c = &l->v[i];
		free(c->name);
		free(c->subject);
		free(c->area);
		free(c->title);
		free(c->alt);
		free(c->error);
		buf_release(&c->body);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}
