#include "report/report.h"
#include "util/jsonw.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

void report_kpis_csv_as(struct buf *o, const struct kpi_results *r,
			enum csv_dialect d)
{
	struct csv_writer w;
	csvw_init(&w, o, d);
	csvw_header(&w, KPIS_CSV_HEADER);
	for (size_t i = 0; i < r->nkpis; i++) {
		const struct kpi_result *k = &r->kpis[i];
		for (size_t j = 0; j < k->n; j++) {
			const struct kpi_point *p = &k->series[j];
			csvw_text(&w, k->def->id);
			csvw_text(&w, k->def->area);
			csvw_int(&w, p->year);
			csvw_num(&w, p->value);
			csvw_num(&w, p->target);
			csvw_bool(&w, p->target_set);
			csvw_num(&w, p->progress);
			csvw_num(&w, p->yoy_change);
			csvw_num(&w, p->yoy_pct);
			csvw_text(&w, k->def->unit);
			csvw_text(&w, k->def->direction == DIR_INCREASE ? "increase" : "decrease");
			csvw_text(&w, kpi_status_name(k->status));
			csvw_bool(&w, k->stale);
			csvw_num(&w, p->low);
			csvw_num(&w, p->high);
			{
				const char *im = NULL;
				for (size_t m = 0; m < k->ninterim; m++)
					if (k->interim[m].year == p->year)
						im = k->interim[m].due ?
							kpi_status_name(k->interim[m].status) : "pending";
				csvw_text(&w, im);
			}
			if (k->data_through)
				csvw_int(&w, k->data_through);
			else
				csvw_text(&w, NULL);
			csvw_end_row(&w);
		}
	}
}

/* Every line of the value, space-separated ("114 130"); empty when none. */
static void obs_lines_cell(struct csv_writer *w, const struct obs *ob)
{
	struct buf b = BUF_INIT;
	if (ob->line)
		buf_addf(&b, "%d", ob->line);
	for (size_t k = 0; k < ob->nmore; k++)
		buf_addf(&b, " %d", ob->more[k]);
	csvw_text(w, b.len ? b.buf : NULL);
	buf_release(&b);
}

void report_obs_csv_as(struct buf *o, const struct obs_table *t,
		       enum csv_dialect d)
{
	struct csv_writer w;
	csvw_init(&w, o, d);
	csvw_header(&w, OBS_CSV_HEADER);
	for (size_t i = 0; i < t->n; i++) {
		const struct obs *ob = &t->v[i];
		const struct obs_source *s = &t->sources[ob->src];
		csvw_text(&w, ob->metric);
		csvw_int(&w, ob->year);
		csvw_text(&w, ob->key);
		csvw_num(&w, ob->value);
		csvw_text(&w, s->id);
		csvw_text(&w, s->path);
		csvw_text(&w, s->url);
		csvw_int(&w, ob->line);
		csvw_text(&w, *s->sha256 ? s->sha256 : NULL);
		csvw_text(&w, s->fetched_at);
		obs_lines_cell(&w, ob);
		csvw_text(&w, ob->pointer);
		csvw_end_row(&w);
	}
}

void report_obs_csv(struct buf *o, const struct obs_table *t)
{
	report_obs_csv_as(o, t, CSV_RFC4180);
}
