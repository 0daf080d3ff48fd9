/*
 * What the works harnesses (fuzz_jsonl, fuzz_scopus, fuzz_wos, fuzz_oacsv)
 * share: the country table, a check of every work a reader hands out, and
 * the aggregates the works go into (one subject, a list, every
 * institution). After a read, each aggregate must come back whole through
 * its partial (works_write_partial, works_read_partial): the same JSON and
 * Leiden output before and after.
 */
#ifndef WORKS_FUZZ_H
#define WORKS_FUZZ_H
#include "works/readers.h"
#include "works/works.h"
#include <stdlib.h>
#include <string.h>

static struct country_table fz_ct;

static inline const struct country_table *fz_countries(void)
{
	static int loaded;
	if (!loaded) {
		struct buf err = BUF_INIT;
		if (country_table_load(&fz_ct, NULL, &err))
			abort();
		buf_release(&err);
		loaded = 1;
	}
	return &fz_ct;
}

/* Countries distinct and sorted, institutions named, distinct and sorted. */
static inline void fz_check_work(const struct work *w)
{
	if (!w->id || w->year < 0 || w->year > 9999)
		abort();
	for (size_t i = 0; i < w->ncountries; i++) {
		const char *c = w->countries[i];
		if (c[2] || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z')
			abort();
		if (i && memcmp(w->countries[i - 1], c, 2) >= 0)
			abort();
	}
	for (size_t i = 0; i < w->ninst; i++) {
		if (!w->inst[i].name || !*w->inst[i].name)
			abort();
		if (i && strcmp(w->inst[i - 1].name, w->inst[i].name) >= 0)
			abort();
		for (size_t k = 0; k < w->inst[i].nlineage; k++)
			if (!w->inst[i].lineage[k])
				abort();
	}
	for (size_t i = 0; i < w->nunknown; i++)
		if (!w->unknown[i])
			abort();
}

/* Every work of a university's export ("*"), of two listed subjects, and
 * of every institution seen (--institutions all). */
struct fz_aggs {
	struct works_agg all, list, every;
	uint64_t works;
};

static inline void fz_aggs_init(struct fz_aggs *g)
{
	struct works_opts o = { .year_from = 0, .year_to = 0, .home = "KZ", .leiden = true };
	works_agg_init(&g->all, &o);
	o.year_from = 2000;
	o.year_to = 2030;
	works_agg_init(&g->list, &o);
	works_agg_add_subject(&g->list, "https://openalex.org/I123");
	works_agg_add_subject(&g->list, "05pc6w891");
	works_agg_init(&g->every, &o);
	works_agg_every(&g->every, NULL);
	g->works = 0;
}

static inline int fz_add(const struct work *w, void *arg)
{
	struct fz_aggs *g = arg;
	fz_check_work(w);
	g->works++;
	works_agg_add(w, &g->all);
	works_agg_add(w, &g->list);
	works_agg_add(w, &g->every);
	return 0;
}

/* The aggregate written, then read back from its partial, writes the same. */
static inline void fz_roundtrip(const struct works_agg *a)
{
	struct works_agg b;
	struct works_opts none = { 0 };
	struct buf before = BUF_INIT, after = BUF_INIT, partial = BUF_INIT, err = BUF_INIT;

	works_write(a, WORKS_OUT_JSON, &before);
	works_write(a, WORKS_OUT_LEIDEN_JSON, &before);
	works_write(a, WORKS_OUT_CSV_COUNTRIES, &after);
	works_write(a, WORKS_OUT_CSV_PARTNERS, &after);
	works_write(a, WORKS_OUT_LEIDEN, &after);
	buf_reset(&after);
	works_write_partial(a, &partial);
	works_agg_init(&b, &none);
	if (works_read_partial(&b, partial.buf, partial.len, "fuzz.partial", &err))
		abort();
	works_write(&b, WORKS_OUT_JSON, &after);
	works_write(&b, WORKS_OUT_LEIDEN_JSON, &after);
	if (strcmp(before.buf, after.buf))
		abort();
	works_agg_release(&b);
	buf_release(&before);
	buf_release(&after);
	buf_release(&partial);
	buf_release(&err);
}

/* Statistics into the aggregates, the round trips, and release. */
static inline void fz_aggs_finish(struct fz_aggs *g, const struct works_read_stats *st)
{
	if (st->works != g->works || st->nbad > WORKS_BAD_KEPT)
		abort();
	works_agg_add_stats(&g->all, st);
	works_agg_add_stats(&g->list, st);
	works_agg_add_stats(&g->every, st);
	fz_roundtrip(&g->all);
	fz_roundtrip(&g->list);
	fz_roundtrip(&g->every);
	works_agg_release(&g->all);
	works_agg_release(&g->list);
	works_agg_release(&g->every);
}

#endif
