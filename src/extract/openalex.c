/* openalex-works: a set of /works pages into observations. */
#include "extract/openalex.h"
#include "extract/biblio.h"
#include "works/country.h"
#include "works/seen.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Per year of the query: works whose authorships lack an institution or a country. */
struct cover {
	struct works_agg *a;
	int from, to;
	double *incomplete, *no_inst, *no_country;
};

static int cover_add(const struct work *w, void *arg)
{
	struct cover *c = arg;

	if (w->year >= c->from && w->year <= c->to) {
		size_t i = (size_t)(w->year - c->from);
		c->incomplete[i] += w->auth_no_inst || w->auth_no_country;
		c->no_inst[i] += w->auth_no_inst > 0;
		c->no_country[i] += w->auth_no_country > 0;
	}
	return works_agg_add(w, c->a);
}

/* The coverage metrics of s for one institution (peer NULL: the university). */
static void cover_observe(const struct source *s, const struct cover *c, const char *peer,
			  struct extract_tmp *x)
{
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		const double *v = m->works == WV_INCOMPLETE ? c->incomplete :
				  m->works == WV_NO_INSTITUTION ? c->no_inst : c->no_country;
		if (!WV_IS_COVERAGE(m->works) || m->peers != (peer != NULL))
			continue;
		for (int y = c->from; y <= c->to; y++)
			extract_tmp_add(x, m->name, y, peer, v[y - c->from], 0, 0);
	}
}

int extract_openalex(const struct source *s, const struct oa_pages *v, size_t n,
		     const char *name, struct obs_table *t, size_t src,
		     struct notes *ns, struct buf *err)
{
	struct country_table ct;
	struct extract_tmp tmp;
	struct buf pname = BUF_INIT;
	int rc = 0;

	if (country_table_load(&ct, NULL, err))
		return -1;
	extract_tmp_init(&tmp);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct oa_pages *in = &v[i];
		struct works_opts o = { s->query_from, s->query_to, "", ct.leiden };
		struct works_agg a;
		struct works_result r;
		size_t years = (size_t)(s->query_to - s->query_from + 1);
		struct cover c = { &a, s->query_from, s->query_to, xcalloc(years, sizeof(double)),
				   xcalloc(years, sizeof(double)), xcalloc(years, sizeof(double)) };
		if (in->home && strlen(in->home) == 2)
			memcpy(o.home, in->home, 3);
		works_agg_init(&a, &o);
		/* a work on two pages (page= paging while the index moved) counts once */
		struct works_seen seen;
		char **pnames = xcalloc(in->npages + 1, sizeof(char *));
		works_seen_init(&seen);
		for (size_t k = 0; k < in->npages && !rc; k++) {
			struct works_read_stats st = { 0 };
			struct works_dedup dd = { &seen, NULL, cover_add, &c, &st };
			buf_reset(&pname);
			buf_addf(&pname, "%s: %s page %zu", name, in->id, k + 1);
			dd.file = pnames[k] = xstrdup(pname.buf);	/* the set keeps it */
			rc = works_read_mem(in->pages[k].buf, in->pages[k].len,
					    pname.buf, WORKS_FMT_OPENALEX_JSON, &ct,
					    works_dedup_fn, &dd, &st, err);
			works_agg_add_stats(&a, &st);
		}
		if (!rc) {
			buf_reset(&pname);
			works_seen_message(&seen, &pname);
			if (pname.len)
				notes_addf(ns, LOG_WARN, "%s", pname.buf);
			buf_reset(&pname);
			buf_addf(&pname, "%s: %s", name, in->id);
			works_report(&a, pname.buf, ns);
			works_agg_result(&a, 0, &r);
			works_observe(s, &r, in->peer ? in->id : NULL, s->query_from,
				      s->query_to, &tmp);
			cover_observe(s, &c, in->peer ? in->id : NULL, &tmp);
			works_result_release(&r);
		}
		works_agg_release(&a);
		works_seen_release(&seen);
		for (size_t k = 0; k < in->npages; k++)
			free(pnames[k]);
		free(pnames);
		free(c.incomplete);
		free(c.no_inst);
		free(c.no_country);
	}
	if (rc)
		extract_tmp_release(&tmp);
	else
		rc = extract_tmp_commit(&tmp, name, t, src, err);
	country_table_release(&ct);
	buf_release(&pname);
	return rc;
}
