#ifndef RENDER_CHARTS_H
#define RENDER_CHARTS_H
#include "render/gnuplot.h"
#include "util/buf.h"
#include "util/notes.h"
#include <cjson/cJSON.h>
#include <stdbool.h>

/*
 * The charts of one run and the gnuplot commands that draw each, between
 * plot.c (which runs gnuplot) and charts.c with charts_metrics.c (which
 * know the charts).
 * A body sets everything it relies on, after a "reset", and plots to
 * whatever terminal and output plot.c has set.
 */
/* Which observation metrics feed the charts that are not about one KPI. */
struct plot_options {
	const char *students_metric;	/* bars: students by country of citizenship */
	const char *partners_metric;	/* bars: co-authored works by partner country */
	const char *intl_metric;	/* lines: co-authored works; keyless = us, key = a peer */
	const char *total_metric;	/* lines: all works, keyed the same way */
	const char *configured[4];	/* the profile's "charts" key that chose each, or NULL */
};
struct chart {
	char *name;		/* owned: file stem, [a-z0-9_-] ("kpi-share") */
	const char *kind;	/* "kpi", "area", "radar", "bars" or "lines" */
	char *subject;		/* owned: the KPI or area id, or the metric */
	char *area;		/* owned: the area whose section shows it, or NULL */
	char *title;		/* owned: plain text */
	char *alt;		/* owned: plain text describing what it shows */
	int width, height;	/* pixels */
	int font;		/* points */
	struct buf body;	/* the gnuplot commands */
	bool drawn;
	char *error;		/* owned: why it was not drawn, or NULL */
};

struct chart_list {
	struct chart *v;	/* owned */
	size_t n, alloc;
};

/*
 * Plans every chart of the documents: per KPI, per area, the areas' radar,
 * the two bar charts and the co-authorship lines (these three only when
 * their metrics have observations; obs may be NULL). A chart the profile
 * names and the data cannot give is a warning into ns (NULL: dropped).
 */
void charts_plan(struct chart_list *l, const cJSON *kpis, const cJSON *obs,
		 const struct plot_options *o, struct notes *ns);
void chart_list_release(struct chart_list *l);

/*
 * Chart text is at least CHART_TEXT_PX pixels where a chart is shown
 * CHART_PHONE_PX wide (a 390 px phone less the page's margins): charts
 * are drawn small, with the font that gives.
 */
#define CHART_PHONE_PX 370.0
#define CHART_TEXT_PX 11.5
/* Sets the chart's size and the font that keeps its text readable on a phone. */
void chart_size(struct chart *c, int width, int height);

/* Between charts.c and charts_metrics.c. */
#define C_ACTUAL "#0072B2"	/* Okabe-Ito blue: the university's actual values */
/* A number for a data block or a command: NAN is "NaN", a gap. */
void chart_num(struct buf *g, double v);
/* s cut to max characters with an ellipsis, in t (reset); returns t->buf. */
const char *chart_clip(struct buf *t, const char *s, int max);
/* Appends a chart; name is owned by it from now on. */
struct chart *chart_add(struct chart_list *l, const char *kind, char *name,
			const char *subject, const char *area);
/*
 * The last year that can have happened (config_year_cut, from kpis.json's
 * period): the charts of metrics draw no observation after it.
 */
int chart_year_cut(const cJSON *kpis);
/* The area of the first KPI whose formula names metric, or NULL. */
const char *chart_area_using(const cJSON *kpis, const char *metric);
void chart_areas(struct chart_list *l, const cJSON *kpis);
/* Each returns whether it added its chart (false: its metrics have no data). */
bool chart_metric_bars(struct chart_list *l, const cJSON *kpis, const cJSON *obs,
		       const char *metric, const char *stem, const char *what,
		       const char *ylabel);
bool chart_share(struct chart_list *l, const cJSON *kpis, const cJSON *obs,
		 const struct plot_options *opt);

#endif
