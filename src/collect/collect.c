#include "collect/collect.h"
#include "collect/unit.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

/* The values (not null) of record idx, for a page's share of a summary. */
static size_t record_values(const struct obs_table *t, size_t idx)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += t->v[i].src == idx && !isnan(t->v[i].value);
	return n;
}

static int run_local(struct run *r, struct unit *u, size_t idx)
{
	const struct source *s = u->s;
	struct buf path = BUF_INIT, data = BUF_INIT, err = BUF_INIT;
	int rc;

	path_join(&path, r->cfg->dir, s->path);
	if (!(rc = file_read(path.buf, &data, (size_t)s->max_bytes, &err)) &&
	    !(rc = unit_extract_fresh(r, u, idx, data.buf, data.len, path.buf, &err))) {
		if (r->o->out_dir && !u->have_meta && !cache_read_meta(u->cache.buf, &u->meta, &err))
			u->have_meta = true;
		unit_store(r, u, data.buf, data.len, 0, NULL, NULL);
		collect_say(r, "read %zu bytes from %s", data.len, path.buf);
	} else {
		rc = unit_failed(r, u, idx, err.buf, true, rc);
	}
	buf_release(&path);
	buf_release(&data);
	buf_release(&err);
	return rc;
}

static int run_web(struct run *r, struct unit *u, size_t idx)
{
	struct fetch_req *q = &u->req;
	struct buf err = BUF_INIT, body = BUF_INIT;
	int rc;

	if (u->plan == PLAN_FETCH && q->result == FETCH_OK) {
		if (!(rc = unit_extract_fresh(r, u, idx, q->body.buf, q->body.len,
					      u->url.buf, &err))) {
			unit_store(r, u, q->body.buf, q->body.len, q->status, q->etag_out,
				   q->last_modified_out);
			collect_say(r, "fetched %zu bytes from '%s' (HTTP %ld)", q->body.len,
				    u->url.buf, q->status);
		} else {
			rc = unit_failed(r, u, idx, err.buf, true, rc);
		}
	} else if (u->plan == PLAN_FETCH && q->result == FETCH_NOT_MODIFIED) {
		/* the copy sent validators for is confirmed: it is fresh again */
		if (!(rc = unit_read_cache(r, u, &body, &err)) &&
		    !(rc = unit_extract(r, u, idx, body.buf, body.len, u->url.buf, r->now,
					SRC_FRESH, &err))) {
			unit_store(r, u, body.buf, body.len, q->status,
				   q->etag_out ? q->etag_out : u->meta.etag,
				   q->last_modified_out ? q->last_modified_out :
				   u->meta.last_modified);
			collect_say(r, "'%s' not modified (HTTP 304)", u->url.buf);
			u->good_values = u->fresh_values = record_values(r->t, idx);
		} else {
			rc = unit_failed(r, u, idx, err.buf, false, rc);
		}
	} else if (u->plan == PLAN_FETCH) {
		/* fetch.h: whatever failed a fetch (HTTP, timeout, size) is the network's */
		rc = unit_failed(r, u, idx, q->err.buf, true, ERR_NETWORK);
	} else if (u->plan == PLAN_OVER_BUDGET) {
		/* not asked, like a 429 whose quota is spent: the network's class */
		buf_setf(&err, "not fetched: this run reached the source's max_requests (%d)",
			 u->s->max_requests);
		r->t->sources[idx].error_class = err_class_name(ERR_NETWORK);
		log_set_class(r->t->sources[idx].error_class);
		warnf("'%s' %s", u->url.buf, err.buf);
		rc = unit_fall_back(r, u, idx, err.buf, true);
		log_set_class(NULL);
	} else {
		rc = unit_use_last_good(r, u, idx);
	}
	buf_release(&err);
	buf_release(&body);
	return rc;
}

/* openalex-works: the unit is the whole set of pages (openalex.h). */
static int run_openalex(struct run *r, struct unit *u, size_t idx)
{
	struct oa_set set;
	struct buf err = BUF_INIT, ua = BUF_INIT;
	struct fetch_settings fs;
	size_t requests = 0;
	int rc;

	if (u->plan != PLAN_FETCH)
		return unit_use_last_good(r, u, idx);
	oa_set_init(&set, &r->cfg->profile, u->s);
	collect_user_agent(r->cfg, &ua);
	fetch_settings_init(&fs, ua.buf);
	rc = oa_fetch(&set, u->s, &r->cfg->profile, &fs, &requests, &err);
	r->t->sources[idx].metered = true;
	r->t->sources[idx].requests = (long long)requests;
	r->t->sources[idx].budget_left = -1;
	if (!rc && !(rc = unit_extract_set(r, u, idx, &set, u->url.buf, r->now, SRC_FRESH, &err))) {
		if (r->o->out_dir && oa_cache_write(&set, u->cache.buf, u->s, r->now, &err))
			warnf("the pages could not be kept: %s", err.buf);
		collect_say(r, "fetched %zu page%s of %zu institution%s from '%s' (%zu requests)",
		    oa_set_pages(&set), oa_set_pages(&set) == 1 ? "" : "s", set.n,
		    set.n == 1 ? "" : "s", u->url.buf, requests);
	} else {
		rc = unit_failed(r, u, idx, err.buf, true, rc);
	}
	oa_set_release(&set);
	buf_release(&err);
	buf_release(&ua);
	return rc;
}

static int run_unit(struct run *r, struct unit *u)
{
	const struct source *s = u->s;
	struct obs_source rec = { 0 };

	rec.id = s->id;
	rec.kind = s->kind;
	rec.title = s->title;
	rec.note = s->note;
	rec.path = s->path;
	rec.url = u->url.len ? u->url.buf : NULL;
	rec.state = SRC_FAILED;
	if (s->kind_id == KIND_OPENALEX_WORKS)
		return run_openalex(r, u, obs_add_source(r->t, &rec));
	if (unit_is_datafile(s) && s->url)
		return unit_run_datafile(r, u, obs_add_source(r->t, &rec));
	if (s->kind_id == KIND_OPENALEX_GROUP && s->url) {
		rec.metered = true;
		rec.budget_left = -1;
		return run_group(r, u, obs_add_source(r->t, &rec));
	}
	return s->url ? run_web(r, u, obs_add_source(r->t, &rec)) :
			run_local(r, u, obs_add_source(r->t, &rec));
}

/*
 * After the pages v[0..n) of one paged source: when some fell short of
 * their expectations, the whole picture in one line (each page's reason
 * was logged with it).
 */
static void pages_summary(const struct unit *v, size_t n)
{
	size_t short_pages = 0, missing = 0, good = 0, fresh = 0;

	for (size_t i = 0; i < n; i++) {
		short_pages += v[i].implausible;
		missing += v[i].row_missing;
		good += v[i].good_values;
		fresh += v[i].fresh_values;
	}
	if (n < 2 || !short_pages)
		return;
	log_set_class(err_class_name(ERR_DATA));
	if (missing == short_pages)
		errorf("yield fell from %zu to %zu observations: the university's row is missing in %zu of %zu pages; their last good copies are kept",
		       good, fresh, missing, n);
	else
		errorf("yield fell from %zu to %zu observations: %zu of %zu pages fall short of their expectations; their last good copies are kept",
		       good, fresh, short_pages, n);
	log_set_class(NULL);
}

static int run_units(struct run *r, struct unit *v, size_t n)
{
	int bad = 0;
	const struct source *last_bad = NULL;

	if (r->o->network)
		units_fetch(r, v, n);
	for (size_t i = 0; i < n; i++) {
		log_set_source(v[i].s->id);
		if (run_unit(r, &v[i]) && last_bad != v[i].s) {
			bad++;
			last_bad = v[i].s;
		}
		if (i + 1 == n || v[i + 1].s != v[i].s) {
			size_t first = i, k;
			enum source_state worst = SRC_FRESH;
			while (first > 0 && v[first - 1].s == v[i].s)
				first--;
			pages_summary(v + first, i + 1 - first);
			/* each unit added one record: the source's are the last ones */
			for (k = r->t->nsources - (i + 1 - first); k < r->t->nsources; k++)
				if (r->t->sources[k].state > worst)
					worst = r->t->sources[k].state;
			log_source_done((unsigned)worst);	/* for the closing record */
		}
		log_set_source(NULL);
	}
	return bad;
}

int sources_run(const struct config *cfg, const struct source_opts *o,
		struct obs_table *t)
{
	struct run r = { cfg, o, t, (long long)time(NULL) };
	size_t n;
	struct unit *v = units_make(cfg, o, &n);
	int bad;

	log_sources_ran();
	bad = run_units(&r, v, n);

	units_release(v, n);
	obs_sort(t);
	return bad;
}

int source_run_one(const struct config *cfg, const struct source *s,
		   struct obs_table *t)
{
	struct source_opts o = { 0 };
	char *id = s->id;
	struct run r = { cfg, &o, t, (long long)time(NULL) };
	size_t n;
	struct unit *v;
	int bad;

	o.only = &id;
	o.nonly = 1;
	o.fetch_only = true;	/* this source only; nothing is fetched */
	v = units_make(cfg, &o, &n);
	o.fetch_only = false;
	bad = run_units(&r, v, n);
	units_release(v, n);
	return bad ? 1 : 0;
}

int source_check(const struct config *cfg, const struct source *s, struct buf *err)
{
	struct source_opts o = { 0 };
	char *id = s->id;
	struct obs_table t;
	struct run r = { cfg, &o, NULL, (long long)time(NULL) };
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct obs_source rec = { 0 };
	size_t n;
	struct unit *v;
	int rc = 0;

	o.only = &id;
	o.nonly = 1;
	o.fetch_only = true;
	v = units_make(cfg, &o, &n);
	obs_init(&t);
	r.t = &t;
	rec.id = s->id;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *rel = s->path ? s->path : v[i].snapshot.len ? v[i].snapshot.buf : NULL;
		if (!rel || s->kind_id == KIND_OPENALEX_WORKS)
			continue;
		path_join(&path, cfg->dir, rel);
		buf_reset(&data);
		if (!(rc = file_read(path.buf, &data, (size_t)s->max_bytes, err)))
			rc = unit_extract_into(&r, &v[i], &t, obs_add_source(&t, &rec), data.buf,
					       data.len, path.buf, err);
	}
	units_release(v, n);
	obs_release(&t);
	buf_release(&path);
	buf_release(&data);
	return rc;
}
