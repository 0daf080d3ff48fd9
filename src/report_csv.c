#include "report.h"
#include "util/jsonw.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

void csv_cell(struct buf *o, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",;\"\r\n")]) {
		buf_addstr(o, s);
		return;
	}
	buf_addch(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(o, '"');
		buf_addch(o, *s);
	}
	buf_addch(o, '"');
}

/* A number cell; null is an empty cell. */
static void num_cell(struct buf *o, double v)
{
	if (isfinite(v))
		fmt_double(o, v);
}

void report_kpis_csv(struct buf *o, const struct kpi_results *r)
{
	buf_addstr(o, "kpi,area,year,value,target,target_set,progress,yoy_change,yoy_pct,unit,direction,status,stale\r\n");
	for (size_t i = 0; i < r->nkpis; i++) {
		const struct kpi_result *k = &r->kpis[i];
		for (size_t j = 0; j < k->n; j++) {
			const struct kpi_point *p = &k->series[j];
			csv_cell(o, k->def->id);
			buf_addch(o, ',');
			csv_cell(o, k->def->area);
			buf_addf(o, ",%d,", p->year);
			num_cell(o, p->value);
			buf_addch(o, ',');
			num_cell(o, p->target);
			buf_addf(o, ",%s,", p->target_set ? "true" : "false");
			num_cell(o, p->progress);
			buf_addch(o, ',');
			num_cell(o, p->yoy_change);
			buf_addch(o, ',');
			num_cell(o, p->yoy_pct);
			buf_addch(o, ',');
			csv_cell(o, k->def->unit);
			buf_addf(o, ",%s,%s,%s\r\n",
				 k->def->direction == DIR_INCREASE ? "increase" : "decrease",
				 kpi_status_name(k->status), k->stale ? "true" : "false");
		}
	}
}

void report_obs_csv(struct buf *o, const struct obs_table *t)
{
	buf_addstr(o, "metric,year,key,value,source,path,url,line,sha256,fetched_at\r\n");
	for (size_t i = 0; i < t->n; i++) {
		const struct obs *ob = &t->v[i];
		const struct obs_source *s = &t->sources[ob->src];
		csv_cell(o, ob->metric);
		buf_addf(o, ",%d,", ob->year);
		csv_cell(o, ob->key);
		buf_addch(o, ',');
		num_cell(o, ob->value);
		buf_addch(o, ',');
		csv_cell(o, s->id);
		buf_addch(o, ',');
		csv_cell(o, s->path);
		buf_addch(o, ',');
		csv_cell(o, s->url);
		buf_addf(o, ",%d,", ob->line);
		csv_cell(o, s->sha256);
		buf_addch(o, ',');
		csv_cell(o, s->fetched_at);
		buf_addstr(o, "\r\n");
	}
}
