/* openalex-works: a set of /works pages into observations. */
#include "extract/openalex.h"
#include "extract/biblio.h"
#include "works/country.h"
#include <string.h>
#include "util/banned.h"

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
		if (in->home && strlen(in->home) == 2)
			memcpy(o.home, in->home, 3);
		works_agg_init(&a, &o);
		for (size_t k = 0; k < in->npages && !rc; k++) {
			struct works_read_stats st = { 0 };
			buf_reset(&pname);
			buf_addf(&pname, "%s: %s page %zu", name, in->id, k + 1);
			rc = works_read_mem(in->pages[k].buf, in->pages[k].len,
					    pname.buf, WORKS_FMT_OPENALEX_JSON, &ct,
					    works_agg_add, &a, &st, err);
			works_agg_add_stats(&a, &st);
		}
		if (!rc) {
			buf_reset(&pname);
			buf_addf(&pname, "%s: %s", name, in->id);
			works_report(&a, pname.buf, ns);
			works_agg_result(&a, 0, &r);
			works_observe(s, &r, in->peer ? in->id : NULL, s->query_from,
				      s->query_to, &tmp);
			works_result_release(&r);
		}
		works_agg_release(&a);
	}
	if (rc)
		extract_tmp_release(&tmp);
	else
		rc = extract_tmp_commit(&tmp, name, t, src, err);
	country_table_release(&ct);
	buf_release(&pname);
	return rc;
}
