/* The Leiden outputs: CSV and JSON, one row per subject, window and publication set. */
#include "works/outint.h"
#include "util/jsonw.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

static const char *const set_names[WORKS_NSETS] = { "every", "core", "all" };
static const char *const counting_names[] = { "full", "fractional", "fractional-institution" };

void works_leiden_head(const struct works_emit *e, struct buf *o, bool json)
{
	const struct works_agg *a = &e->ix->head;

	if (!json) {
		buf_addstr(o, "institution,ror,name,from,to,publications,counting,p,"
			   "p_collab,pp_collab,pp_collab_lb,pp_collab_ub,"
			   "p_int_collab,pp_int_collab,pp_int_collab_lb,pp_int_collab_ub,"
			   "p_industry_collab,pp_industry_collab,pp_industry_collab_lb,"
			   "pp_industry_collab_ub,p_located,"
			   "p_short_dist_collab,pp_short_dist_collab,pp_short_dist_collab_lb,"
			   "pp_short_dist_collab_ub,"
			   "p_long_dist_collab,pp_long_dist_collab,pp_long_dist_collab_lb,"
			   "pp_long_dist_collab_ub\r\n");
		return;
	}
	buf_addf(o, "{\"schema\":\"intlkpi.leiden/2\",\n\"counting\":\"%s\",\"window\":%d,",
		 counting_names[e->wo->counting], e->len);
	buf_addstr(o, a->has_core ? "\"publications\":[\"core\",\"all\"]," :
				    "\"publications\":[\"every\"],");
	buf_addf(o, "\"bootstrap\":{\"resamples\":%d,\"seed\":42,\"level\":0.95},"
		 "\n\"institution_records\":", WORKS_BOOTSTRAP);
	jsonw_bool(o, a->has_rec);
	buf_addstr(o, ",\n\"rows\":[");
}

static double p_of(const struct works_leiden *l, enum works_counting c)
{
	return c == WORKS_COUNT_FULL ? (double)l->p :
	       c == WORKS_COUNT_FRACTIONAL ? l->p_frac : l->p_frac_inst;
}

static void csv_pp(struct buf *o, const struct works_pp *x, struct works_fmt_scratch *fs)
{
	buf_addch(o, ',');
	if (!isnan(x->pp))
		works_out_u64(o, x->k);
	buf_addch(o, ',');
	works_out_csv_num(o, x->pp, fs);
	buf_addch(o, ',');
	works_out_csv_num(o, x->lo, fs);
	buf_addch(o, ',');
	works_out_csv_num(o, x->hi, fs);
}

static void json_pp(struct buf *o, const char *name, const struct works_pp *x,
		    struct works_fmt_scratch *fs)
{
	buf_addstr(o, ",\"");
	buf_addstr(o, name);
	buf_addstr(o, "\":");
	if (isnan(x->pp)) {
		buf_addstr(o, "null");
		return;
	}
	buf_addstr(o, "{\"n\":");
	works_out_u64(o, x->n);
	buf_addstr(o, ",\"p\":");
	works_out_u64(o, x->k);
	buf_addstr(o, ",\"pp\":");
	works_out_json_num(o, x->pp, fs);
	buf_addstr(o, ",\"interval\":[");
	works_out_json_num(o, x->lo, fs);
	buf_addch(o, ',');
	works_out_json_num(o, x->hi, fs);
	buf_addstr(o, "]}");
}

static void row(const struct works_emit *e, size_t s, const struct works_leiden *l, bool json,
		struct works_fmt_scratch *fs, struct buf *o)
{
	const struct works_index *ix = e->ix;
	const char *id = works_index_id(ix, s), *ror = works_index_ror(ix, s);
	const char *name = works_index_name(ix, s);
	enum works_counting c = e->wo->counting;

	if (json) {
		buf_addstr(o, ",\n{\"institution\":");
		jsonw_string(o, id);
		buf_addstr(o, ",\"ror\":");
		jsonw_string_or_null(o, ror);
		buf_addstr(o, ",\"name\":");
		jsonw_string_or_null(o, name);
		buf_addstr(o, ",\"from\":");
		works_out_int(o, l->from);
		buf_addstr(o, ",\"to\":");
		works_out_int(o, l->to);
		buf_addstr(o, ",\"publications\":\"");
		buf_addstr(o, set_names[l->set]);
		buf_addstr(o, "\",\"p\":");
		works_out_json_num(o, p_of(l, c), fs);
		json_pp(o, "collab", &l->collab, fs);
		json_pp(o, "int_collab", &l->intl, fs);
		json_pp(o, "industry_collab", &l->industry, fs);
		buf_addstr(o, ",\"located\":");
		if (l->has_records)
			works_out_u64(o, l->located);
		else
			buf_addstr(o, "null");
		json_pp(o, "short_dist_collab", &l->short_dist, fs);
		json_pp(o, "long_dist_collab", &l->long_dist, fs);
		buf_addch(o, '}');
		return;
	}
	works_out_csv_subject(o, ix, s, true);
	buf_addch(o, ',');
	works_out_int(o, l->from);
	buf_addch(o, ',');
	works_out_int(o, l->to);
	buf_addch(o, ',');
	buf_addstr(o, set_names[l->set]);
	buf_addch(o, ',');
	buf_addstr(o, counting_names[c]);
	buf_addch(o, ',');
	works_out_csv_num(o, p_of(l, c), fs);
	csv_pp(o, &l->collab, fs);
	csv_pp(o, &l->intl, fs);
	csv_pp(o, &l->industry, fs);
	buf_addch(o, ',');
	if (l->has_records)
		works_out_u64(o, l->located);
	csv_pp(o, &l->short_dist, fs);
	csv_pp(o, &l->long_dist, fs);
	buf_addstr(o, "\r\n");
}

/*
 * Per subject, the windows that hold one of its years, each once, and per
 * window the publication sets (every; or core, then all) with works.
 */
static void chunk(const struct works_emit *e, size_t ci, struct works_fmt_scratch *fs,
		  struct buf *o, bool json)
{
	const struct works_index *ix = e->ix;
	const struct works_chunk *c = &ix->chunks[ci];
	enum works_pubset sets[2] = { WORKS_SET_CORE, WORKS_SET_ALL };
	size_t nsets = ix->head.has_core ? 2 : 1;

	if (!ix->head.has_core)
		sets[0] = WORKS_SET_EVERY;
	for (size_t s = c->first; e->first && s < c->end; s++) {
		struct works_result r;
		int next = e->first;
		works_index_result_r(ix, s, &r, &fs->sc);
		for (size_t y = 0; y < r.nyears; y++) {
			int from = r.years[y].year - e->len + 1, to = r.years[y].year;
			if (from < next)
				from = next;
			if (to > e->last)
				to = e->last;
			for (; from <= to; from++) {
				next = from + 1;
				for (size_t k = 0; k < nsets; k++) {
					struct works_leiden l;
					works_leiden(&r, from, from + e->len - 1, sets[k],
						     ix->head.has_rec, &e->boot, &l);
					if (l.p)
						row(e, s, &l, json, fs, o);
				}
			}
		}
		works_result_release(&r);
	}
}

void works_leiden_chunk_csv(const struct works_emit *e, size_t ci,
			    struct works_fmt_scratch *fs, struct buf *o)
{
	chunk(e, ci, fs, o, false);
}

void works_leiden_chunk_json(const struct works_emit *e, size_t ci,
			     struct works_fmt_scratch *fs, struct buf *o)
{
	chunk(e, ci, fs, o, true);
}
