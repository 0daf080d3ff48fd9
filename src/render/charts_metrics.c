/* The charts of metrics rather than of one KPI: bars, the radar, the share lines. */
#include "render/charts.h"
#include "render/outdoc.h"
#include "util/xalloc.h"
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define C_BAR "#56B4E9"
#define C_BAR_TOP "#D55E00"
#define C_OTHER "#BBBBBB"
static const char *const peer_colours[] = { "#E69F00", "#009E73", "#CC79A7",
	"#56B4E9", "#D55E00", "#000000" };

#define MAX_BARS 15		/* the rest is one "other" bar */
#define KEY_MAX 40		/* characters of a key entry: what a phone-width chart shows */
#define TIC_MAX 32		/* characters of a bar's label */

/* ---- bars: a keyed metric in its latest year; the areas' indices ---- */

struct bar {
	const char *label;	/* borrowed */
	double value;
};

static int bar_cmp(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return strcmp(x->label, y->label);
}

/*
 * Draws bars[0..n) (the first highlighted when top), labels as x tics; the
 * y axis from 0 to ymax, or to the data (with room above) when ymax is 0.
 */
static void bars_body(struct buf *g, const struct bar *b, size_t n, bool top,
		      bool other, const char *ylabel, const char *top_label, int ymax)
{
	size_t longest = 0;
	int maxlines = 1;
	struct buf t = BUF_INIT;

	buf_addstr(g, "set key off\nset style fill solid 0.9 border lc '#333333'\n"
		   "set boxwidth 0.7\n");
	if (ymax > 0) {
		buf_addf(g, "set yrange [0:%d]\nset ytics 0, %d, %d\n", ymax, ymax / 4, ymax);
	} else {
		/* about four tics: a chart drawn for a phone has room for no more */
		double hi = 0, mag, step;
		for (size_t i = 0; i < n; i++)
			hi = b[i].value > hi ? b[i].value : hi;
		mag = hi > 0 ? pow(10, floor(log10(hi / 4))) : 1;
		step = hi / 4 / mag <= 1 ? mag : hi / 4 / mag <= 2 ? 2 * mag :
		       hi / 4 / mag <= 5 ? 5 * mag : 10 * mag;
		buf_addstr(g, "set yrange [0:*]\nset offsets 0, 0, graph 0.12, 0\nset ytics 0, ");
		chart_num(g, step < 1 ? 1 : step);
		buf_addch(g, '\n');
	}
	buf_addstr(g, "set grid ytics\nset ylabel ");
	gp_quote(g, ylabel, 0);
	for (size_t i = 0; i < n; i++)
		longest = strlen(b[i].label) > longest ? strlen(b[i].label) : longest;
	/* more than 8 bars do not fit side by side at a phone's font: upright labels */
	buf_addf(g, "\nset xrange [-0.6:%zu.4]\n%sset xtics (", n - 1,
		 n > 6 && longest > 10 ? "set xtics rotate by -45 left\n" :
		 n > 8 ? "set xtics rotate by 90 right\n" : "");
	for (size_t i = 0; i < n; i++) {
		int lines;
		buf_addstr(g, i ? ", " : "");
		lines = gp_quote(g, chart_clip(&t, b[i].label, TIC_MAX), 8);
		maxlines = lines > maxlines ? lines : maxlines;
		buf_addf(g, " %zu", i);
	}
	/* gnuplot does not make room for labels of several lines */
	buf_addf(g, ")\nset bmargin %d", n > 6 && longest > 10 ? 9 :
		 n > 8 ? (int)(longest > 8 ? 8 : longest) + 2 : maxlines + 2);
	buf_release(&t);
	buf_addstr(g, "\n$bd << EOD\n");
	for (size_t i = 0; i < n; i++) {
		buf_addf(g, "%zu ", i);
		chart_num(g, b[i].value);
		buf_addch(g, '\n');
	}
	buf_addstr(g, "EOD\n");
	if (top && top_label) {
		buf_addstr(g, "set label 1 ");
		gp_quote(g, top_label, 0);
		buf_addstr(g, " at 0, first ");
		chart_num(g, b[0].value);
		buf_addstr(g, " center offset 0, 1 front\n");
	}
	buf_addf(g, "plot $bd u 1:2 w boxes lc '%s'", C_BAR);
	if (top)
		buf_addf(g, ", $bd every ::0::0 u 1:2 w boxes lc '%s'", C_BAR_TOP);
	if (other)
		buf_addf(g, ", $bd every ::%zu::%zu u 1:2 w boxes lc '%s'", n - 1, n - 1, C_OTHER);
	buf_addch(g, '\n');
}

bool chart_metric_bars(struct chart_list *l, const cJSON *kpis, const cJSON *obs,
			const char *metric, const char *stem, const char *what,
			const char *ylabel)
{
	const cJSON *o;
	struct bar *b = NULL;
	size_t n = 0, alloc = 0, shown;
	int year = INT_MIN;
	double total = 0, rest = 0;
	struct buf t = BUF_INIT, top = BUF_INIT;
	struct chart *c;
	char other[64];

	int cut = chart_year_cut(kpis);

	cJSON_ArrayForEach(o, od_get(obs, "observations"))
		if (!strcmp(od_str(o, "metric"), metric) && od_str_or_null(o, "key") &&
		    !isnan(od_num(o, "value")) && od_num(o, "year") > year &&
		    od_num(o, "year") <= cut)
			year = (int)od_num(o, "year");
	if (year == INT_MIN)
		return false;
	cJSON_ArrayForEach(o, od_get(obs, "observations")) {
		const char *key = od_str_or_null(o, "key");
		double v = od_num(o, "value");
		size_t i;
		if (strcmp(od_str(o, "metric"), metric) || !key || isnan(v) ||
		    od_num(o, "year") != year)
			continue;
		for (i = 0; i < n && strcmp(b[i].label, key); i++)
			;
		if (i == n) {
			b = xgrow(b, &alloc, n + 1, sizeof(*b));
			b[n].label = key;
			b[n++].value = 0;
		}
		b[i].value += v;
		total += v;
	}
	qsort(b, n, sizeof(*b), bar_cmp);
	shown = n > MAX_BARS + 1 ? MAX_BARS : n;
	for (size_t i = shown; i < n; i++)
		rest += b[i].value;
	if (shown < n) {
		snprintf(other, sizeof(other), "%zu others", n - shown);
		b[shown].label = other;
		b[shown].value = rest;
	}
	c = chart_add(l, "bars", xstrdup(stem), metric, chart_area_using(kpis, metric));
	chart_size(c, 520, 400);
	buf_addf(&t, "%s, %d", what, year);
	c->title = xstrdup(t.buf);
	buf_addstr(&c->body, "set title ");
	gp_quote(&c->body, t.buf, 40);
	buf_reset(&t);
	if (total > 0) {
		buf_addf(&top, "%.1f%%", 100 * b[0].value / total);
		buf_addf(&t, "largest: %s, %.1f%% of %.0f", b[0].label, 100 * b[0].value / total, total);
		buf_addstr(&c->body, ".\"\\n\".");
		gp_quote(&c->body, t.buf, 0);
	}
	buf_addch(&c->body, '\n');
	bars_body(&c->body, b, shown + (shown < n), total > 0, shown < n, ylabel,
		  total > 0 ? top.buf : NULL, 0);
	buf_reset(&t);
	buf_addf(&t, "Bar chart of %s in %d, largest first:", what, year);
	for (size_t i = 0; i < shown + (shown < n); i++)
		buf_addf(&t, "%s %s %.0f", i ? "," : "", b[i].label, b[i].value);
	if (total > 0)
		buf_addf(&t, ". The largest, %s, is %.1f%% of the total %.0f (highlighted).",
			 b[0].label, 100 * b[0].value / total, total);
	c->alt = buf_detach(&t, NULL);
	buf_release(&top);
	free(b);
	return true;
}

/* ---- the areas' indices: a radar (spiderplot needs three axes) ---- */

#define RADAR_LABEL 15		/* characters of a radar label's line */

/*
 * s with every word longer than max cut into pieces of max - 1 characters
 * and a hyphen, so that gp_quote can wrap it at spaces ("Internationa-
 * lization"); into out (reset).
 */
static const char *hyphenate(struct buf *out, const char *s, int max)
{
	int run = 0;
	buf_reset(out);
	for (; *s; s++) {
		bool lead = (*s & 0xc0) != 0x80;
		if (*s == ' ') {
			run = 0;
		} else if (lead && ++run == max && s[1] && s[1] != ' ') {
			/* the max-th character of a word that goes on: break before it */
			buf_addstr(out, "- ");
			run = 1;
		}
		buf_addch(out, *s);
	}
	return out->buf;
}

void chart_areas(struct chart_list *l, const cJSON *kpis)
{
	const cJSON *areas = od_get(kpis, "areas"), *a;
	int n = cJSON_GetArraySize(areas), i = 0;
	struct chart *c;
	struct buf t = BUF_INIT, lab = BUF_INIT;
	struct bar *b;

	if (!n)
		return;
	c = chart_add(l, "radar", xstrdup("radar"), "areas", NULL);
	chart_size(c, 480, 520);	/* shown beside a table, a phone's width at most */
	c->title = xstrdup("Area indices (0-100)");
	/* a spiderplot needs three axes: fewer areas are bars (kind stays "radar") */
	buf_addstr(&t, n < 3 ? "Bar chart" : "Radar chart");
	buf_addstr(&t, " of the area indices, 0 to 100 (the weighted mean of "
		   "their KPIs' progress toward the final targets): ");
	buf_addstr(&c->body, "set label 1 'Area indices (0-100)' at screen 0.5, screen 0.96 center\n");
	b = xcalloc((size_t)n, sizeof(*b));
	cJSON_ArrayForEach(a, areas) {
		double v = od_num(a, "index");
		b[i].label = od_str(a, "title");
		b[i].value = isnan(v) ? 0 : v;
		buf_addf(&t, "%s%s %s", i ? "; " : "", b[i].label, isnan(v) ? "no data" : "");
		if (!isnan(v))
			buf_addf(&t, "%.0f", v);
		i++;
	}
	buf_addch(&t, '.');
	c->alt = buf_detach(&t, NULL);
	if (n < 3) {
		bars_body(&c->body, b, (size_t)n, false, false, "index (0-100)", NULL, 100);
		free(b);
		return;
	}
	/*
	 * Axis i points at 2 pi i / n clockwise from the top in a square of
	 * [-1, 1]; labels are placed there (a paxis label would sit on the
	 * axis end), the first of their lines at the anchor.
	 */
	/*
	 * Room for the labels at a phone's font: the web in the middle half,
	 * labels of at most 13 characters a line beside it; the rings are
	 * 25, 50, 75 and 100 (said in the caption), each area's value is in
	 * its label.
	 */
	buf_addf(&c->body, "set spiderplot\nset key off\nset margins 0, 0, 0, 0\n"
		 "set size 0.44, 0.44\nset origin 0.28, 0.2\n"
		 "set style spiderplot fs transparent solid 0.25 border lw 2.5 pt 7 ps 1.2\n"
		 "set grid spiderplot lc '#999999' lw 1\n"
		 "set for [p=1:%d] paxis p range [0:100]\n"
		 "set for [p=1:%d] paxis p tics 0, 25, 100 format ''\n", n, n);
	i = 0;
	cJSON_ArrayForEach(a, areas) {
		double v = od_num(a, "index"), th = 2 * M_PI * i / n;
		double x = 1.1 * sin(th), y = 1.1 * cos(th);
		struct buf q = BUF_INIT;
		int lines;
		lines = gp_quote(&q, hyphenate(&lab, b[i].label, RADAR_LABEL), RADAR_LABEL) + 1;
		buf_reset(&lab);
		if (isnan(v))
			buf_addstr(&lab, "no data");
		else
			buf_addf(&lab, "%.0f", v);
		buf_addf(&c->body, "set label %d %s.\"\\n\".", ++i + 1, q.buf);
		gp_quote(&c->body, lab.buf, 0);
		/* a label above the web ends at its anchor, one beside it is centred on it */
		buf_addf(&c->body, " at first %.3f, %.3f %s offset 0, %.2f\n", x, y,
			 fabs(x) < 0.2 ? "center" : x > 0 ? "left" : "right",
			 (lines - 1) * (cos(th) + 1) / 2);
		buf_release(&q);
	}
	buf_addstr(&c->body, "$rd << EOD\n");
	for (i = 0; i < n; i++) {
		buf_addstr(&c->body, i ? " " : "");
		chart_num(&c->body, b[i].value);
	}
	buf_addf(&c->body, "\nEOD\nplot for [i=1:%d] $rd using i notitle lc '%s'\n", n, C_ACTUAL);
	buf_release(&lab);
	free(b);
}

/* ---- co-authorship share over time: us and the peers ---- */

struct share_series {
	const char *key;	/* borrowed; NULL for the university */
	double *intl, *total;	/* owned; by year from y0 */
};

/* key names the id, written short ("I123") or whole ("https://openalex.org/I123") */
static bool same_id(const char *key, const char *id)
{
	const char *slash = strrchr(id, '/');
	return !strcmp(key, id) || (slash && *key && !strcmp(key, slash + 1));
}

static bool is_us(const cJSON *profile, const char *key)
{
	return !key || same_id(key, od_str(profile, "openalex_id")) ||
	       !strcmp(key, od_str(profile, "name"));
}

static const char *peer_label(const cJSON *profile, const char *key)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, od_get(profile, "peers"))
		if (same_id(key, od_str(p, "openalex_id")) || !strcmp(key, od_str(p, "name")) ||
		    same_id(key, od_str(p, "ror")))
			return od_str(p, "name");
	return key;
}

/*
 * Whether metric m feeds the share lines: the intl or total metric (keyless:
 * the university; keyed: a peer), or the same with "peer_" in front, keyed
 * by the peer (as the openalex-works example produces them). *intl says
 * which, *peer whether it is a peer_ metric.
 */
static bool share_metric(const char *m, const struct plot_options *opt,
			 bool *intl, bool *peer)
{
	*peer = !strncmp(m, "peer_", 5);
	if (*peer)
		m += 5;
	*intl = !strcmp(m, opt->intl_metric);
	return *intl || !strcmp(m, opt->total_metric);
}

bool chart_share(struct chart_list *l, const cJSON *kpis, const cJSON *obs,
			const struct plot_options *opt)
{
	const cJSON *profile = od_get(kpis, "profile"), *o;
	struct share_series *s = NULL;
	size_t n = 0, alloc = 0, span;
	int y0 = INT_MAX, y1 = INT_MIN;
	struct chart *c;
	struct buf t = BUF_INIT;

	int cut = chart_year_cut(kpis);

	cJSON_ArrayForEach(o, od_get(obs, "observations")) {
		double y = od_num(o, "year");
		bool intl, peer;
		if (!share_metric(od_str(o, "metric"), opt, &intl, &peer) || isnan(y) ||
		    y > cut || (peer && !od_str_or_null(o, "key")))
			continue;
		y0 = (int)y < y0 ? (int)y : y0;
		y1 = (int)y > y1 ? (int)y : y1;
	}
	if (y0 > y1)
		return false;
	span = (size_t)(y1 - y0 + 1);
	s = xgrow(s, &alloc, 1, sizeof(*s));
	s[n].key = NULL;	/* the university comes first */
	s[n].intl = xmalloc(span * sizeof(double));
	s[n].total = xmalloc(span * sizeof(double));
	for (size_t j = 0; j < span; j++)
		s[n].intl[j] = s[n].total[j] = NAN;
	n++;
	cJSON_ArrayForEach(o, od_get(obs, "observations")) {
		const char *key = od_str_or_null(o, "key");
		bool intl, peer;
		size_t i = 0, yi;
		if (!share_metric(od_str(o, "metric"), opt, &intl, &peer) ||
		    isnan(od_num(o, "year")) || od_num(o, "year") > cut || (peer && !key))
			continue;
		if (peer || !is_us(profile, key))
			for (i = 1; i < n && strcmp(s[i].key, key); i++)
				;
		if (i == n) {
			s = xgrow(s, &alloc, n + 1, sizeof(*s));
			s[n].key = key;
			s[n].intl = xmalloc(span * sizeof(double));
			s[n].total = xmalloc(span * sizeof(double));
			for (size_t j = 0; j < span; j++)
				s[n].intl[j] = s[n].total[j] = NAN;
			n++;
		}
		yi = (size_t)((int)od_num(o, "year") - y0);
		(intl ? s[i].intl : s[i].total)[yi] = od_num(o, "value");
	}
	c = chart_add(l, "lines", xstrdup("coauthorship-share"), opt->intl_metric,
		      chart_area_using(kpis, opt->intl_metric));
	chart_size(c, 480, 380 + 22 * (int)n);
	c->title = xstrdup("Internationally co-authored works, % of all works");
	buf_addstr(&c->body, "set title ");
	gp_quote(&c->body, c->title, 0);
	buf_addf(&c->body, "\nset key below vertical maxcols 1 left Left reverse samplen 3\nset ylabel '%%'\n"
		 "set yrange [0:*]\nset xrange [%d.5:%d.5]\nset xtics %d, 1, %d\n"
		 "set format x '%%.0f'\n", y0 - 1, y1, y0, y1);
	if (n == 1)
		buf_addstr(&c->body, "set label 1 'peers: no data yet' at graph 0.02, graph 0.95 left\n");
	buf_addf(&t, "Line chart of internationally co-authored works as a share of all works, %d-%d: ",
		 y0, y1);
	for (size_t i = 0; i < n; i++) {
		const char *label = i ? peer_label(profile, s[i].key) : od_str(profile, "name");
		buf_addf(&c->body, "$s%zu << EOD\n", i);
		buf_addf(&t, "%s%s", i ? "; " : "", label);
		for (size_t j = 0; j < span; j++) {
			double v = s[i].total[j] > 0 ? 100 * s[i].intl[j] / s[i].total[j] : NAN;
			buf_addf(&c->body, "%d ", y0 + (int)j);
			chart_num(&c->body, v);
			buf_addch(&c->body, '\n');
			if (!isnan(v))
				buf_addf(&t, " %d %.1f%%", y0 + (int)j, v);
		}
		buf_addstr(&c->body, "EOD\n");
	}
	buf_addstr(&t, n == 1 ? ". No peer data yet." : ".");
	c->alt = buf_detach(&t, NULL);
	for (size_t i = 0; i < n; i++) {
		const char *label = i ? peer_label(profile, s[i].key) : od_str(profile, "name");
		buf_addstr(&c->body, i ? ", \\\n  " : "plot ");
		if (i)
			buf_addf(&c->body, "$s%zu u 1:2 w linespoints lc '%s' dt %zu lw 1.8 pt %zu ps 1 title ",
				 i, peer_colours[(i - 1) % 6], 2 + (i - 1) % 4, 4 + 2 * ((i - 1) % 5));
		else
			buf_addf(&c->body, "$s0 u 1:2 w linespoints lc '%s' lw 3 pt 7 ps 1.2 title ",
				 C_ACTUAL);
		gp_quote(&c->body, chart_clip(&t, label, KEY_MAX), 0);
	}
	buf_addch(&c->body, '\n');
	buf_release(&t);
	for (size_t i = 0; i < n; i++) {
		free(s[i].intl);
		free(s[i].total);
	}
	free(s);
	return true;
}
