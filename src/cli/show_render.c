/* intlkpi show's renderer: kpis.json and observations.json for a terminal or a pipe. */
#include "cli/show_render.h"
#include "cli/cli.h"
#include "kpi/status.h"
#include "render/outdoc.h"
#include "report/obs_json.h"
#include "report/report.h"
#include "util/jsonw.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/qty.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static bool flag(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(od_get(obj, key));
}

/* The series point of year (or the latest with a value when year is 0). */
static const cJSON *point_of(const cJSON *kpi, int year)
{
	const cJSON *p, *found = NULL;
	cJSON_ArrayForEach(p, od_get(kpi, "series")) {
		int y = (int)od_num(p, "year");
		if (year ? y == year : !isnan(od_num(p, "value")) ||
			   cJSON_IsObject(od_get(p, "band")))
			found = p;
	}
	return found;
}

/* A copy of kpi, its series cut to year unless year is 0. */
static cJSON *kpi_copy(const cJSON *kpi, int year)
{
	cJSON *c = cJSON_Duplicate(kpi, 1);
	cJSON *series = cJSON_GetObjectItemCaseSensitive(c, "series");
	for (cJSON *p = series ? series->child : NULL, *next; year && p; p = next) {
		next = p->next;
		if ((int)od_num(p, "year") != year)
			cJSON_Delete(cJSON_DetachItemViaPointer(series, p));
	}
	return c;
}

static int load_json(const char *out_dir, const char *name, struct buf *text)
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	int rc = 0;
	path_join(&path, out_dir, name);
	if (file_read(path.buf, text, 0, &err)) {
		buf_addstr(&err, " (run 'intlkpi compute' first)");
		rc = cli_result(-1, &err);
	}
	buf_release(&path);
	buf_release(&err);
	return rc;
}

static cJSON *load_kpis(const char *out_dir)
{
	struct buf err = BUF_INIT;
	cJSON *root;
	if (od_load(out_dir, "kpis.json", KPIS_SCHEMA, &root, &err)) {
		buf_addstr(&err, " (run 'intlkpi compute' first)");
		cli_result(-1, &err);
	}
	buf_release(&err);
	return root;
}

/* ---- every KPI, or those the filters select ---- */

/*
 * Without --year: the latest value, the final target and the progress
 * toward it, as in the report; with --year: that year's value, its target
 * on the path and the progress toward that. The status is always the
 * KPI's (kpis.json), with its gap and reason.
 */
#define SUMMARY_CSV_HEADER "area,kpi,year,value,target,status,progress,stale,gap,reason"

static void summary_head(struct buf *o, const struct show_query *q)
{
	if (q->view.format == VIEW_CSV) {
		struct csv_writer w;
		csvw_init(&w, o, CSV_RFC4180);
		csvw_header(&w, SUMMARY_CSV_HEADER);
	} else if (q->view.format == VIEW_TABLE) {
		view_paint(o, &q->view, VIEW_SGR_HEAD, q->year ?
			   "AREA         KPI                        YEAR     VALUE     PATH   PROG STATUS" :
			   "AREA         KPI                        YEAR    LATEST   TARGET   PROG STATUS", 0);
		buf_addch(o, '\n');
	}
}

/* A rank band as published ("1201-1400", "1001+") right-aligned in width, else v. */
static void band_or_num(struct buf *o, const cJSON *p, double v, int d, int width)
{
	const cJSON *band = p ? od_get(p, "band") : NULL;
	struct buf t = BUF_INIT;

	if (!cJSON_IsObject(band)) {
		view_num(o, v, d, width);
		return;
	}
	qty_fmt_band(&t, od_num(band, "low"), od_num(band, "high"), "");
	int cols = 0;
	for (const char *c = t.buf; *c; c++)
		cols += (*c & 0xc0) != 0x80;
	for (int pad = width - cols; pad > 0; pad--)
		buf_addch(o, ' ');
	buf_addstr(o, t.buf);
	buf_release(&t);
}

static void summary_row(struct buf *o, const cJSON *kpi, const struct show_query *q)
{
	const cJSON *p = point_of(kpi, q->year);
	int d = od_decimals(kpi);
	double v = p ? od_num(p, "value") : NAN, t = p ? od_num(p, "target") : NAN;
	double pr = p ? od_num(p, "progress") : NAN;
	int y = p ? (int)od_num(p, "year") : q->year;

	if (!q->year) {
		t = od_num(od_get(kpi, "final_target"), "value");
		pr = od_num(od_get(kpi, "latest"), "progress");
	}

	if (q->view.format == VIEW_CSV) {
		struct csv_writer w = { o, CSV_RFC4180, 0 };
		csvw_text(&w, od_str(kpi, "area"));
		csvw_text(&w, od_str(kpi, "id"));
		if (y)
			csvw_int(&w, y);
		else
			csvw_text(&w, NULL);
		csvw_num(&w, v);
		csvw_num(&w, t);
		csvw_text(&w, od_str(kpi, "status"));
		csvw_num(&w, pr);
		csvw_bool(&w, flag(kpi, "stale"));
		csvw_num(&w, od_num(kpi, "gap"));
		csvw_text(&w, od_str_or_null(kpi, "reason"));
		csvw_end_row(&w);
		return;
	}
	view_text(o, od_str(kpi, "area"), 12);
	buf_addch(o, ' ');
	view_text(o, od_str(kpi, "id"), 26);
	if (y)
		buf_addf(o, " %4d ", y);
	else
		buf_addstr(o, "    - ");
	band_or_num(o, p, v, d, 9);
	buf_addch(o, ' ');
	view_num(o, t, d, 8);
	if (isnan(pr))
		buf_addf(o, " %5s ", "-");
	else if (pr < 0)
		buf_addstr(o, " worse ");	/* further from the target than the baseline */
	else if (pr > 99.99)
		buf_addstr(o, " >9999 ");
	else
		buf_addf(o, " %4.0f%% ", 100 * pr);
	view_paint(o, &q->view, view_status_sgr(od_str(kpi, "status")), od_str(kpi, "status"), 0);
	buf_addstr(o, flag(kpi, "stale") ? "!\n" : "\n");
}

static bool selected(const cJSON *kpi, const struct show_query *q)
{
	if (q->area && strcmp(od_str(kpi, "area"), q->area))
		return false;
	if (q->status_mask) {
		enum kpi_status s = kpi_status_parse(od_str(kpi, "status"));
		return s < ST_COUNT && (q->status_mask >> s & 1);
	}
	return true;
}

static void summary(struct buf *o, const cJSON *kpis, const struct show_query *q)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *k;
	size_t shown = 0, stale = 0;

	summary_head(o, q);
	cJSON_ArrayForEach(k, kpis) {
		if (!selected(k, q))
			continue;
		if (q->view.format == VIEW_JSON)
			cJSON_AddItemToArray(arr, kpi_copy(k, q->year));
		else
			summary_row(o, k, q);
		shown++;
		stale += flag(k, "stale");
	}
	if (q->view.format == VIEW_JSON)
		jsonw_tree(o, arr);
	else if (q->view.format == VIEW_TABLE && stale)
		buf_addstr(o, "! stale: a source of this KPI failed ('intlkpi show --source ID')\n");
	cJSON_Delete(arr);
	if (!shown)
		notef("no KPI matches");
}

/* ---- one KPI ---- */

static void kpi_head(struct buf *o, const cJSON *kpi, const struct show_query *q)
{
	const cJSON *fc = od_get(kpi, "forecast"), *latest = od_get(kpi, "latest");
	const cJSON *ft = od_get(kpi, "final_target"), *base = od_get(kpi, "baseline");
	struct buf line = BUF_INIT;
	int d = od_decimals(kpi);

	buf_addf(&line, "%s: %s (%s)", od_str(kpi, "id"), od_str(kpi, "title"), od_str(kpi, "unit"));
	view_wrap(o, line.buf, 79, 2);
	buf_reset(&line);
	buf_addf(&line, "area %s, %s, weight %g, baseline %d = ", od_str(kpi, "area"),
		 od_str(kpi, "direction"), od_num(kpi, "weight"), (int)od_num(base, "year"));
	band_or_num(&line, point_of(kpi, (int)od_num(base, "year")), od_num(base, "value"), d, 0);
	view_wrap(o, line.buf, 79, 2);
	buf_reset(&line);
	buf_addf(&line, "formula: %s", od_str(kpi, "formula"));
	view_wrap(o, line.buf, 79, 2);

	buf_addstr(o, "status ");
	view_paint(o, &q->view, view_status_sgr(od_str(kpi, "status")), od_str(kpi, "status"), 0);
	buf_reset(&line);
	if (flag(kpi, "stale"))
		buf_addstr(&line, " (stale data)");
	if (cJSON_IsObject(latest)) {
		double pr = od_num(latest, "progress");
		buf_addf(&line, ", latest %d: ", (int)od_num(latest, "year"));
		band_or_num(&line, latest, od_num(latest, "value"), d, 0);
		if (pr < 0)
			buf_addstr(&line, ", further from the");
		else if (!isnan(pr))
			buf_addf(&line, ", %.0f%% of the way to the", 100 * pr);
		else
			buf_addstr(&line, "; the");
	} else {
		buf_addstr(&line, "; the");
	}
	buf_addf(&line, " %d target ", (int)od_num(ft, "year"));
	view_num(&line, od_num(ft, "value"), d, 0);
	if (cJSON_IsObject(latest) && od_num(latest, "progress") < 0)
		buf_addf(&line, " than in %d", (int)od_num(base, "year"));
	if (line.buf[0] == ' ')
		buf_addch(o, ' ');	/* view_wrap starts at the first word */
	view_wrap(o, line.buf, 79 - 16, 2);

	buf_reset(&line);
	if (cJSON_IsObject(fc) && !od_forecast_quotable(kpi)) {
		buf_addf(&line, "forecast %d: too few points", (int)od_num(fc, "year"));
	} else if (cJSON_IsObject(fc)) {
		buf_addf(&line, "forecast %d: ", (int)od_num(fc, "year"));
		band_or_num(&line, strcmp(od_str(fc, "method"), "actual") ? NULL :
			    point_of(kpi, (int)od_num(fc, "year")), od_num(fc, "value"), d, 0);
		if (!isnan(od_num(fc, "low"))) {
			buf_addstr(&line, " [");
			view_num(&line, od_num(fc, "low"), d, 0);
			buf_addstr(&line, ", ");
			view_num(&line, od_num(fc, "high"), d, 0);
			buf_addf(&line, "] %.0f%%", 100 * od_num(fc, "level"));
		}
		buf_addf(&line, " (%s%s)", od_str(fc, "method"),
			 !strcmp(od_str(fc, "method"), "trend") && isnan(od_num(fc, "low")) &&
			 od_num(od_get(kpi, "trend"), "n") >= 3 ? ": an exact line, no interval" : "");
	}
	if (!isnan(od_num(kpi, "cagr")))
		buf_addf(&line, "%sCAGR %.1f%%", line.len ? ", " : "", 100 * od_num(kpi, "cagr"));
	if (line.len)
		view_wrap(o, line.buf, 79, 2);
	if (*od_str(kpi, "reason")) {
		buf_reset(&line);
		buf_addf(&line, "why: %s", od_str(kpi, "reason"));
		view_wrap(o, line.buf, 79, 2);
	}
	buf_reset(&line);
	if (od_str_or_null(kpi, "gap_text"))
		buf_addf(&line, "gap to the %d target: %s; ", (int)od_num(ft, "year"),
			 od_str(kpi, "gap_text"));
	if (!isnan(od_num(kpi, "data_through")))
		buf_addf(&line, "data through %d", (int)od_num(kpi, "data_through"));
	else
		buf_addstr(&line, "no data yet");
	{
		const cJSON *m;
		cJSON_ArrayForEach(m, od_get(kpi, "interim")) {
			buf_addf(&line, "; %d target ", (int)od_num(m, "year"));
			view_num(&line, od_num(m, "target"), d, 0);
			buf_addf(&line, ": %s", od_str(m, "status"));
			if (od_str_or_null(m, "gap_text"))
				buf_addf(&line, ", %s", od_str(m, "gap_text"));
		}
	}
	view_wrap(o, line.buf, 79, 2);
	if (*od_str(kpi, "description"))
		view_wrap(o, od_str(kpi, "description"), 79, 0);
	buf_release(&line);
}

static void kpi_detail(struct buf *o, const cJSON *kpi, const struct show_query *q)
{
	const cJSON *p;
	int d = od_decimals(kpi);

	kpi_head(o, kpi, q);
	buf_addch(o, '\n');
	view_paint(o, &q->view, VIEW_SGR_HEAD, "YEAR       VALUE      TARGET  PROGRESS    CHANGE", 0);
	buf_addch(o, '\n');
	cJSON_ArrayForEach(p, od_get(kpi, "series")) {
		double pr = od_num(p, "progress");
		if (q->year && (int)od_num(p, "year") != q->year)
			continue;
		buf_addf(o, "%4d  ", (int)od_num(p, "year"));
		band_or_num(o, p, od_num(p, "value"), d, 10);
		buf_addstr(o, "  ");
		view_num(o, od_num(p, "target"), d, 10);
		buf_addstr(o, flag(p, "target_set") ? "*" : " ");
		if (isnan(pr))
			buf_addf(o, "%9s", "-");
		else if (pr < 0)	/* further from the target than the baseline */
			buf_addf(o, "%9s", "worse");
		else
			buf_addf(o, "%8.0f%%", 100 * pr);
		buf_addstr(o, "  ");
		view_num(o, od_num(p, "yoy_change"), d, 8);
		buf_addch(o, '\n');
	}
	buf_addstr(o, "(* a target set in the configuration; others are the interpolated path)\n");
}

/* The series in kpis.csv's long format. */
static void kpi_csv(struct buf *o, const cJSON *kpi, const struct show_query *q)
{
	struct csv_writer w;
	const cJSON *p;

	csvw_init(&w, o, CSV_RFC4180);
	csvw_header(&w, KPIS_CSV_HEADER);
	cJSON_ArrayForEach(p, od_get(kpi, "series")) {
		if (q->year && (int)od_num(p, "year") != q->year)
			continue;
		csvw_text(&w, od_str(kpi, "id"));
		csvw_text(&w, od_str(kpi, "area"));
		csvw_int(&w, (long long)od_num(p, "year"));
		csvw_num(&w, od_num(p, "value"));
		csvw_num(&w, od_num(p, "target"));
		csvw_bool(&w, flag(p, "target_set"));
		csvw_num(&w, od_num(p, "progress"));
		csvw_num(&w, od_num(p, "yoy_change"));
		csvw_num(&w, od_num(p, "yoy_pct"));
		csvw_text(&w, od_str(kpi, "unit"));
		csvw_text(&w, od_str(kpi, "direction"));
		csvw_text(&w, od_str(kpi, "status"));
		csvw_bool(&w, flag(kpi, "stale"));
		csvw_num(&w, od_num(od_get(p, "band"), "low"));
		csvw_num(&w, od_num(od_get(p, "band"), "high"));
		{
			const cJSON *m;
			const char *im = NULL;
			cJSON_ArrayForEach(m, od_get(kpi, "interim"))
				if (od_num(m, "year") == od_num(p, "year"))
					im = od_str_or_null(m, "status");
			csvw_text(&w, im);
		}
		csvw_num(&w, od_num(kpi, "data_through"));
		csvw_end_row(&w);
	}
}

static void kpi_one(struct buf *o, const cJSON *kpi, const struct show_query *q)
{
	if (q->view.format == VIEW_JSON) {
		cJSON *c = kpi_copy(kpi, q->year);
		jsonw_tree(o, c);
		cJSON_Delete(c);
	} else if (q->view.format == VIEW_CSV) {
		kpi_csv(o, kpi, q);
	} else {
		kpi_detail(o, kpi, q);
	}
}

/* ---- one source ---- */

/* "used by: a, b" from kpis.json, when it can be read (a debug note if not). */
static void used_by(struct buf *o, const char *out_dir, const char *id)
{
	struct buf line = BUF_INIT, err = BUF_INIT;
	cJSON *root;
	const cJSON *k, *s;

	if (od_load(out_dir, "kpis.json", KPIS_SCHEMA, &root, &err))
		debugf("%s: not saying which KPIs use '%s'", err.buf, id);
	buf_release(&err);

	cJSON_ArrayForEach(k, od_get(root, "kpis"))
		cJSON_ArrayForEach(s, od_get(k, "sources"))
			if (cJSON_IsString(s) && !strcmp(s->valuestring, id))
				buf_addf(&line, "%s%s", line.len ? ", " : "used by KPIs: ", od_str(k, "id"));
	if (root && !line.len)
		buf_addstr(&line, "used by no KPI");
	if (line.len) {
		buf_addch(o, '\n');
		view_wrap(o, line.buf, 79, 2);
	}
	cJSON_Delete(root);
	buf_release(&line);
}

static int show_source(const struct show_query *q, struct buf *o)
{
	struct buf text = BUF_INIT, stamp = BUF_INIT, err = BUF_INIT;
	struct obs_table t;
	int rc = EXIT_OK;

	obs_init(&t);
	if ((rc = load_json(q->out_dir, "observations.json", &text))) {
		/* said */
	} else if (obs_json_read(&t, text.buf, q->source, q->year, &stamp, &err)) {
		buf_prefixf(&err, "%s/observations.json: ", q->out_dir);
		rc = cli_result(-1, &err);
	} else if (!t.nsources) {
		errorf("no source '%s' in %s/observations.json", q->source, q->out_dir);
		rc = EXIT_USAGE;
	} else {
		view_obs(o, &q->view, &t, stamp.buf);
		if (q->view.format == VIEW_TABLE)
			used_by(o, q->out_dir, q->source);
	}
	obs_release(&t);
	buf_release(&text);
	buf_release(&stamp);
	buf_release(&err);
	return rc;
}

/* ---- the query ---- */

/* The id of the area named by its id or its order number, or NULL. */
static const char *area_id(const cJSON *root, const char *name)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, od_get(root, "areas")) {
		char order[24];
		snprintf(order, sizeof(order), "%d", (int)od_num(a, "order"));
		if (!strcmp(od_str(a, "id"), name) || !strcmp(order, name))
			return od_str(a, "id");
	}
	return NULL;
}

int show_run(struct show_query *q)
{
	struct buf o = BUF_INIT;
	const cJSON *k, *one = NULL;
	cJSON *root;
	int rc = EXIT_OK;

	if (q->source || q->partners) {
		rc = q->source ? show_source(q, &o) : show_partners(q, &o);
		goto out;
	}
	if (!(root = load_kpis(q->out_dir)))
		return EXIT_FATAL;	/* said by load_kpis (cli_result) */
	if (q->peers) {
		rc = show_peers(q, root, &o);
		cJSON_Delete(root);
		goto out;
	}
	cJSON_ArrayForEach(k, od_get(root, "kpis"))
		if (q->what && !strcmp(od_str(k, "id"), q->what))
			one = k;
	if (one && (q->area || q->status_mask)) {
		errorf("show takes a KPI or the filters --area and --status, not both");
		rc = EXIT_USAGE;
	} else if (one) {
		kpi_one(&o, one, q);
	} else if (q->what && q->area) {
		errorf("show takes an area as an argument or as --area, not both");
		rc = EXIT_USAGE;
	} else if (q->what && !(q->area = area_id(root, q->what))) {
		errorf("no KPI or area named '%s' in %s/kpis.json", q->what, q->out_dir);
		rc = EXIT_USAGE;
	} else if (q->area && !area_id(root, q->area)) {
		errorf("no area '%s' in %s/kpis.json", q->area, q->out_dir);
		rc = EXIT_USAGE;
	} else {
		if (q->area)
			q->area = area_id(root, q->area);
		summary(&o, od_get(root, "kpis"), q);
	}
	cJSON_Delete(root);
out:
	if (rc == EXIT_OK)
		fwrite(o.buf, 1, o.len, stdout);
	buf_release(&o);
	return rc;
}

