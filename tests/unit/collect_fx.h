/*
 * The fixture of the collect/ unit tests (included by tests/unit/collect/,
 * never built alone): a copy of tests/fixtures/web in a temporary
 * directory (CFG) with an output directory beside it (OUT, the cache
 * under OUT/cache), the configuration loaded, a run over an empty table
 * and the units of every source, as collect.c makes them. The web
 * fixture's URLs are on 127.0.0.1:1, where nothing listens: a fetch fails
 * at once (the retries are cut to a millisecond).
 */
#ifndef TESTS_UNIT_COLLECT_FX_H
#define TESTS_UNIT_COLLECT_FX_H
#include "collect/collect.h"
#include "collect/unit.h"
#include "util/log.h"
#include "tmpdir.h"
#include <string.h>
#include <time.h>

struct cfx {
	struct buf dir, cfg_dir, out;
	struct config cfg;
	struct source_opts o;
	struct obs_table t;
	struct run r;
	struct unit *v;
	size_t n;
	struct buf err;
};

__attribute__((unused)) static int cfx_setup(void **state)
{
	static struct cfx f;
	struct buf errors = BUF_INIT;
	int rc;

	memset(&f, 0, sizeof(f));
	buf_init(&f.dir, 0);
	buf_init(&f.cfg_dir, 0);
	buf_init(&f.out, 0);
	buf_init(&f.err, 0);
	setenv("INTLKPI_RETRY_BASE_MS", "1", 1);
	setenv("INTLKPI_RETRY_BUDGET_MS", "1", 1);
	log_setup(LOG_ERROR, LOG_TEXT);	/* the fallbacks' warnings are expected */
	if (tmpdir_make(&f.dir, "collect"))
		return -1;
	path_join(&f.cfg_dir, f.dir.buf, "cfg");
	path_join(&f.out, f.dir.buf, "out");
	if (mkdir(f.cfg_dir.buf, 0755) || mkdir(f.out.buf, 0755) ||
	    tmpdir_copy("tests/fixtures/web", f.cfg_dir.buf))
		return -1;
	rc = config_load(&f.cfg, f.cfg_dir.buf, &errors);
	buf_release(&errors);
	if (rc)
		return -1;
	f.o.out_dir = f.out.buf;
	obs_init(&f.t);
	f.r.cfg = &f.cfg;
	f.r.o = &f.o;
	f.r.t = &f.t;
	f.r.now = (long long)time(NULL);
	f.v = units_make(&f.cfg, &f.o, &f.n);
	*state = &f;
	return 0;
}

__attribute__((unused)) static int cfx_teardown(void **state)
{
	struct cfx *f = *state;
	int rc = tmpdir_remove(f->dir.buf);

	units_release(f->v, f->n);
	obs_release(&f->t);
	config_release(&f->cfg);
	buf_release(&f->dir);
	buf_release(&f->cfg_dir);
	buf_release(&f->out);
	buf_release(&f->err);
	return rc;
}

/* The unit of source id for year (0: the source's only unit). */
__attribute__((unused)) static struct unit *cfx_unit(struct cfx *f, const char *id, int year)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].s->id, id) && (!year || f->v[i].year == year))
			return &f->v[i];
	return NULL;
}

/* A failed record for u in the table, as run_unit adds one: its index. */
__attribute__((unused)) static size_t cfx_record(struct cfx *f, const struct unit *u)
{
	struct obs_source rec = { 0 };

	rec.id = u->s->id;
	rec.kind = u->s->kind;
	rec.path = u->s->path;
	rec.url = u->url.len ? u->url.buf : NULL;
	rec.state = SRC_FAILED;
	return obs_add_source(&f->t, &rec);
}

/* The value of (metric, year) recorded under source record src, or -1. */
__attribute__((unused)) static double cfx_value(const struct cfx *f, size_t src,
						const char *metric, int year)
{
	for (size_t i = 0; i < f->t.n; i++)
		if (f->t.v[i].src == src && !strcmp(f->t.v[i].metric, metric) &&
		    f->t.v[i].year == year)
			return f->t.v[i].value;
	return -1;
}

/* Ranking B as the web serves it: the university ranked rank21 in 2021, rank22 in 2022. */
__attribute__((unused)) static void cfx_rank_b(struct buf *out, const char *name, int rank21,
					       int rank22)
{
	buf_reset(out);
	buf_addf(out, "{\"editions\": [{\"year\": 2021, \"rows\": [{\"name\": \"%s\", \"rank\": %d}]}",
		 name, rank21);
	if (rank22)
		buf_addf(out, ", {\"year\": 2022, \"rows\": [{\"name\": \"%s\", \"rank\": %d}]}",
			 name, rank22);
	buf_addstr(out, "]}\n");
}

#endif
