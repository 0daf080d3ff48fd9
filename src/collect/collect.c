#include "collect/collect.h"
#include "sources/cache.h"
#include "extract/csv.h"
#include "sources/fetch.h"
#include "extract/html.h"
#include "extract/json.h"
#include "sources/openalex.h"
#include "sources/datafile.h"
#include "extract/openalex.h"
#include "extract/openalex_group.h"
#include "extract/biblio.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "util/banned.h"

typedef int (*extract_fn)(const struct extract_ctx *x, const char *data,
			  size_t len, struct obs_table *t, size_t src,
			  struct buf *err);

static int extract_csv_doc(const struct extract_ctx *x, const char *data,
			   size_t len, struct obs_table *t, size_t src,
			   struct buf *err)
{
	return extract_csv(x->s, data, len, x->name, x->profile->year_from - 10,
			   x->profile->year_to, t, src, err);
}

/*
 * How each kind turns one document into observations. openalex-works
 * pages through the API itself (run_openalex): its unit is a set of pages
 * (openalex.h), with the same cache directory, fallbacks and record.
 */
static const extract_fn extractors[KIND_UNKNOWN] = {
	[KIND_CSV] = extract_csv_doc,
	[KIND_JSON] = extract_json,
	[KIND_HTML_TABLE] = extract_html_table,
	[KIND_HTML_LIST] = extract_html_list,
	[KIND_OPENALEX_JSONL] = extract_works,
	[KIND_SCOPUS_CSV] = extract_works,
	[KIND_WOS] = extract_works,
	[KIND_OPENALEX_GROUP] = extract_openalex_group,
};

enum plan { PLAN_READ, PLAN_FETCH, PLAN_TTL, PLAN_OVER_BUDGET };

/* One page of a source (the whole source when it is not paged). */
struct unit {
	const struct source *s;
	int year;		/* the page's year; 0 when not paged */
	struct buf url, snapshot, cache;	/* expanded; empty when none */
	struct buf request;	/* openalex-group: url with mailto and the key (requests only) */
	struct cache_meta meta;
	bool have_meta;
	enum plan plan;
	struct fetch_req req;
};

struct run {
	const struct config *cfg;
	const struct source_opts *o;
	struct obs_table *t;
	long long now;
};

__attribute__((format(printf, 2, 3)))
static void say(const struct run *r, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (r->o->fetch_only)
		notef("%s", msg.buf);
	else
		debugf("%s", msg.buf);
	buf_release(&msg);
}

static void age_text(long long secs, struct buf *out)
{
	buf_reset(out);
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		buf_addf(out, "%lld s", secs);
	else if (secs < 2 * 3600)
		buf_addf(out, "%lld min", secs / 60);
	else if (secs < 2 * 86400)
		buf_addf(out, "%lld h", secs / 3600);
	else
		buf_addf(out, "%lld days", secs / 86400);
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* "intlkpi/VERSION (+mailto:contact_email)" into out. */
static void user_agent(const struct config *cfg, struct buf *out)
{
	const char *mail = cfg->profile.contact_email;

	buf_reset(out);
	buf_addstr(out, "intlkpi/" INTLKPI_VERSION);
	if (mail && strlen(mail) < 200 && strcspn(mail, "()\r\n\t") == strlen(mail))
		buf_addf(out, " (+mailto:%s)", mail);
}

static bool selected(const struct source_opts *o, const struct source *s)
{
	if (!o->only)
		return true;
	for (size_t i = 0; i < o->nonly; i++)
		if (!strcmp(o->only[i], s->id))
			return true;
	return false;
}

static void provenance(struct run *r, size_t idx, long long bytes,
		       long long fetched_at, enum source_state state)
{
	struct obs_source *rec = &r->t->sources[idx];
	char stamp[21];

	rec->bytes = bytes;
	iso_time(fetched_at, stamp);
	set_str(&rec->fetched_at, stamp);
	rec->state = state;
}

/* Extracts data into the unit's record idx; on success fills provenance. */
static int extract(struct run *r, struct unit *u, size_t idx, const char *data,
		   size_t len, const char *name, long long fetched_at,
		   enum source_state state, struct buf *err)
{
	struct extract_ctx x = { u->s, &r->cfg->profile, name, u->year };

	if (extractors[u->s->kind_id](&x, data, len, r->t, idx, err))
		return -1;
	sha256_hex(data, len, r->t->sources[idx].sha256);
	provenance(r, idx, (long long)len, fetched_at, state);
	return 0;
}

/* A set of OpenAlex pages into the record idx, like extract. */
static int extract_set(struct run *r, struct unit *u, size_t idx,
		       const struct oa_set *set, const char *name,
		       long long fetched_at, enum source_state state, struct buf *err)
{
	struct oa_pages *v = xcalloc(set->n + 1, sizeof(*v));
	long long bytes;
	int rc;

	for (size_t i = 0; i < set->n; i++) {
		v[i].id = set->inst[i].id;
		v[i].home = set->inst[i].home;
		v[i].peer = set->inst[i].peer;
		v[i].pages = set->inst[i].pages;
		v[i].npages = set->inst[i].npages;
	}
	rc = extract_openalex(u->s, v, set->n, name, r->t, idx, err);
	free(v);
	if (rc)
		return -1;
	oa_set_digest(set, r->t->sources[idx].sha256, &bytes);
	provenance(r, idx, bytes, fetched_at, state);
	return 0;
}

/* openalex-works: the cached set of pages (have_meta: there is one). */
static int set_from_cache(struct run *r, struct unit *u, size_t idx,
			  enum source_state state, struct buf *err)
{
	struct oa_set set;
	int rc;

	oa_set_init(&set, &r->cfg->profile, u->s);
	rc = oa_cache_read(&set, u->cache.buf, u->s, &u->meta.fetched_at, err);
	u->have_meta = rc <= 0;
	if (!rc)
		rc = extract_set(r, u, idx, &set, u->cache.buf, u->meta.fetched_at,
				 state, err);
	oa_set_release(&set);
	return rc ? -1 : 0;
}

static int read_cache_body(struct run *r, struct unit *u, struct buf *body,
			   struct buf *err)
{
	if (!r->o->out_dir) {
		buf_setf(err, "no cache");
		return -1;
	}
	if (!u->have_meta && cache_read_meta(u->cache.buf, &u->meta, err))
		return -1;
	u->have_meta = true;
	return cache_read_body(u->cache.buf, &u->meta, body, err);
}

/* The cached copy into the record: 0, or -1 with err. */
static int from_cache(struct run *r, struct unit *u, size_t idx,
		      enum source_state state, struct buf *err)
{
	struct buf body = BUF_INIT;
	int rc;

	if (u->s->kind_id == KIND_OPENALEX_WORKS && r->o->out_dir)
		return set_from_cache(r, u, idx, state, err);
	rc = read_cache_body(r, u, &body, err);
	if (!rc)
		rc = extract(r, u, idx, body.buf, body.len, u->cache.buf,
			     u->meta.fetched_at, state, err);
	buf_release(&body);
	return rc;
}

static int from_snapshot(struct run *r, struct unit *u, size_t idx,
			 enum source_state state, long long *mtime,
			 struct buf *err)
{
	struct buf path = BUF_INIT, body = BUF_INIT;
	struct stat st;
	int rc = -1;

	if (!u->snapshot.len) {
		buf_setf(err, "no snapshot");
		return -1;
	}
	path_join(&path, r->cfg->dir, u->snapshot.buf);
	if (u->s->kind_id == KIND_OPENALEX_WORKS) {
		struct oa_set set;
		oa_set_init(&set, &r->cfg->profile, u->s);
		rc = oa_snapshot_read(&set, r->cfg->dir, u->s, mtime, err);
		if (!rc)
			rc = extract_set(r, u, idx, &set, path.buf, *mtime, state, err);
		if (!rc)
			set_str(&r->t->sources[idx].path, u->snapshot.buf);
		oa_set_release(&set);
	} else if (!file_read(path.buf, &body, (size_t)u->s->max_bytes, err) &&
		   !stat(path.buf, &st)) {
		*mtime = (long long)st.st_mtime;
		rc = extract(r, u, idx, body.buf, body.len, path.buf, *mtime, state, err);
		if (!rc)
			set_str(&r->t->sources[idx].path, u->snapshot.buf);
	}
	buf_release(&path);
	buf_release(&body);
	return rc;
}

/* After a failure (why): the last good copy, stale; or failed. */
static int fall_back(struct run *r, struct unit *u, size_t idx, const char *why,
		     bool cache_ok)
{
	struct buf err = BUF_INIT, age = BUF_INIT;
	long long mtime = 0;

	set_str(&r->t->sources[idx].error, why);
	if (cache_ok && !from_cache(r, u, idx, SRC_STALE, &err)) {
		age_text(r->now - u->meta.fetched_at, &age);
		warnf("using the last good copy, fetched %s (%s old)",
		      r->t->sources[idx].fetched_at, age.buf);
		buf_release(&err);
		buf_release(&age);
		return -1;
	}
	if (cache_ok && u->have_meta)
		warnf("the cached copy is not usable either: %s", err.buf);
	if (!from_snapshot(r, u, idx, SRC_STALE, &mtime, &err)) {
		age_text(r->now - mtime, &age);
		warnf("no usable cached copy; using the bundled snapshot '%s' (%s old)",
		      u->snapshot.buf, age.buf);
	} else {
		errorf("no last good data (no cached copy, no snapshot); the source failed");
		r->t->sources[idx].state = SRC_FAILED;
	}
	buf_release(&err);
	buf_release(&age);
	return -1;
}

/* Keeps the bytes just read as the last good copy. */
static void store(struct run *r, struct unit *u, const char *data, size_t len,
		  long status, const char *etag, const char *last_modified)
{
	struct buf err = BUF_INIT;
	struct cache_meta m = { 0 };
	char sha[65];

	if (!r->o->out_dir)
		return;
	sha256_hex(data, len, sha);
	m.url = u->url.len ? xstrdup(u->url.buf) : NULL;
	m.path = u->s->path ? xstrdup(u->s->path) : NULL;
	m.status = status;
	m.etag = etag ? xstrdup(etag) : NULL;
	m.last_modified = last_modified ? xstrdup(last_modified) : NULL;
	m.fetched_at = r->now;
	if (u->have_meta && !strcmp(sha, u->meta.sha256) &&
	    (long long)len == u->meta.bytes) {
		/* the same bytes: only when they were last seen changes */
		memcpy(m.sha256, sha, sizeof(sha));
		m.bytes = (long long)len;
		if (cache_write_meta(u->cache.buf, &m, &err))
			warnf("%s", err.buf);
	} else if (cache_write(u->cache.buf, data, len, &m, &err)) {
		warnf("the last good copy could not be kept: %s", err.buf);
	}
	cache_meta_release(&m);
	buf_release(&err);
}

static int run_local(struct run *r, struct unit *u, size_t idx)
{
	const struct source *s = u->s;
	struct buf path = BUF_INIT, data = BUF_INIT, err = BUF_INIT;
	int rc = 0;

	path_join(&path, r->cfg->dir, s->path);
	if (!file_read(path.buf, &data, (size_t)s->max_bytes, &err) &&
	    !extract(r, u, idx, data.buf, data.len, path.buf, r->now, SRC_FRESH, &err)) {
		if (r->o->out_dir && !cache_read_meta(u->cache.buf, &u->meta, &err))
			u->have_meta = true;
		store(r, u, data.buf, data.len, 0, NULL, NULL);
		say(r, "read %zu bytes from %s", data.len, path.buf);
	} else {
		errorf("%s", err.buf);
		rc = fall_back(r, u, idx, err.buf, true);
	}
	buf_release(&path);
	buf_release(&data);
	buf_release(&err);
	return rc;
}

/* Not fetched (within ttl, offline, compute, not among --only): the cache, else the snapshot. */
static int use_last_good(struct run *r, struct unit *u, size_t idx)
{
	struct buf err = BUF_INIT, age = BUF_INIT;
	long long mtime;
	int rc = -1;

	if (!from_cache(r, u, idx, SRC_CACHED, &err)) {
		age_text(r->now - u->meta.fetched_at, &age);
		say(r, "'%s' from the cache (%s old)", u->url.buf, age.buf);
		rc = 0;
	} else {
		if (u->have_meta)
			warnf("the cached copy is not usable: %s", err.buf);
		if (!from_snapshot(r, u, idx, SRC_SNAPSHOT, &mtime, &err)) {
			say(r, "'%s' from the bundled snapshot '%s'", u->url.buf,
			    u->snapshot.buf);
			rc = 0;
		} else {
			errorf("no cached copy of '%s' and no usable snapshot; run 'intlkpi fetch'",
			       u->url.buf);
			if (u->snapshot.len)
				errorf("%s", err.buf);
			set_str(&r->t->sources[idx].error, "no cached copy and no snapshot");
		}
	}
	buf_release(&err);
	buf_release(&age);
	return rc;
}

static int run_web(struct run *r, struct unit *u, size_t idx)
{
	struct fetch_req *q = &u->req;
	struct buf err = BUF_INIT, body = BUF_INIT;
	int rc = -1;

	if (u->plan == PLAN_FETCH && q->result == FETCH_OK) {
		if (!extract(r, u, idx, q->body.buf, q->body.len, u->url.buf, r->now,
			     SRC_FRESH, &err)) {
			store(r, u, q->body.buf, q->body.len, q->status, q->etag_out,
			      q->last_modified_out);
			say(r, "fetched %zu bytes from '%s' (HTTP %ld)", q->body.len,
			    u->url.buf, q->status);
			rc = 0;
		} else {
			errorf("%s", err.buf);
			rc = fall_back(r, u, idx, err.buf, true);
		}
	} else if (u->plan == PLAN_FETCH && q->result == FETCH_NOT_MODIFIED) {
		/* the copy sent validators for is confirmed: it is fresh again */
		if (!read_cache_body(r, u, &body, &err) &&
		    !extract(r, u, idx, body.buf, body.len, u->url.buf, r->now,
			     SRC_FRESH, &err)) {
			store(r, u, body.buf, body.len, q->status,
			      q->etag_out ? q->etag_out : u->meta.etag,
			      q->last_modified_out ? q->last_modified_out :
			      u->meta.last_modified);
			say(r, "'%s' not modified (HTTP 304)", u->url.buf);
			rc = 0;
		} else {
			errorf("%s", err.buf);
			rc = fall_back(r, u, idx, err.buf, false);
		}
	} else if (u->plan == PLAN_FETCH) {
		errorf("%s", q->err.buf);
		rc = fall_back(r, u, idx, q->err.buf, true);
	} else if (u->plan == PLAN_OVER_BUDGET) {
		buf_setf(&err, "not fetched: this run reached the source's max_requests (%d)",
			 u->s->max_requests);
		warnf("'%s' %s", u->url.buf, err.buf);
		rc = fall_back(r, u, idx, err.buf, true);
	} else {
		rc = use_last_good(r, u, idx);
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
	int rc = 0;

	if (u->plan != PLAN_FETCH)
		return use_last_good(r, u, idx);
	oa_set_init(&set, &r->cfg->profile, u->s);
	user_agent(r->cfg, &ua);
	fetch_settings_init(&fs, ua.buf);
	if (!oa_fetch(&set, u->s, &r->cfg->profile, &fs, &requests, &err) &&
	    !extract_set(r, u, idx, &set, u->url.buf, r->now, SRC_FRESH, &err)) {
		if (r->o->out_dir && oa_cache_write(&set, u->cache.buf, u->s, r->now, &err))
			warnf("the pages could not be kept: %s", err.buf);
		say(r, "fetched %zu page%s of %zu institution%s from '%s' (%zu requests)",
		    oa_set_pages(&set), oa_set_pages(&set) == 1 ? "" : "s", set.n,
		    set.n == 1 ? "" : "s", u->url.buf, requests);
	} else {
		errorf("%s", err.buf);
		rc = fall_back(r, u, idx, err.buf, true);
	}
	oa_set_release(&set);
	buf_release(&err);
	buf_release(&ua);
	return rc;
}

/* A json source with "discover" or "paging": its data fetched by sources/datafile.h. */
static bool is_datafile(const struct source *s)
{
	return s->kind_id == KIND_JSON && (s->discover_url || s->page_items);
}

static int run_datafile(struct run *r, struct unit *u, size_t idx)
{
	struct datafile d;
	struct datafile_req q = { u->s, u->year, r->o->out_dir ? u->cache.buf : NULL, NULL, r->now };
	struct fetch_settings fs;
	struct buf err = BUF_INIT, ua = BUF_INIT, body = BUF_INIT;
	int rc = 0;

	/* the URL the data was last found at, until a fetch finds it again;
	 * the page that links it when there is no copy */
	if (!u->have_meta && r->o->out_dir && !cache_read_meta(u->cache.buf, &u->meta, &err))
		u->have_meta = true;
	buf_reset(&err);
	if (!(u->have_meta && u->meta.url) && u->s->discover_url) {
		source_expand(u->s->discover_url, u->year, &u->url);
		set_str(&r->t->sources[idx].url, u->url.buf);
	} else if (u->have_meta && u->meta.url) {
		buf_reset(&u->url);
		buf_addstr(&u->url, u->meta.url);
		set_str(&r->t->sources[idx].url, u->meta.url);
	}
	if (u->plan != PLAN_FETCH) {
		buf_release(&err);
		return use_last_good(r, u, idx);
	}
	user_agent(r->cfg, &ua);
	fetch_settings_init(&fs, ua.buf);
	q.fs = &fs;
	datafile_init(&d);
	if (datafile_fetch(&q, &d, &err)) {
		errorf("%s", err.buf);
		rc = fall_back(r, u, idx, err.buf, true);
		goto out;
	}
	buf_reset(&u->url);
	buf_addstr(&u->url, d.url.buf);
	set_str(&r->t->sources[idx].url, d.url.buf);
	if (d.not_modified && read_cache_body(r, u, &body, &err)) {
		errorf("%s", err.buf);
		rc = fall_back(r, u, idx, err.buf, false);
		goto out;
	}
	if (!d.not_modified) {
		buf_reset(&body);
		buf_add(&body, d.body.buf, d.body.len);
	}
	if (extract(r, u, idx, body.buf, body.len, u->url.buf, r->now, SRC_FRESH, &err)) {
		errorf("%s", err.buf);
		rc = fall_back(r, u, idx, err.buf, !d.not_modified);
		goto out;
	}
	store(r, u, body.buf, body.len, d.status,
	      d.etag ? d.etag : d.not_modified ? u->meta.etag : NULL,
	      d.last_modified ? d.last_modified : d.not_modified ? u->meta.last_modified : NULL);
	say(r, "%s %zu bytes of data (%zu page%s, %zu request%s) from '%s'",
	    d.not_modified ? "confirmed" : "fetched", body.len, d.pages, d.pages == 1 ? "" : "s",
	    d.requests, d.requests == 1 ? "" : "s", u->url.buf);
out:
	datafile_release(&d);
	buf_release(&err);
	buf_release(&ua);
	buf_release(&body);
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
	if (is_datafile(s) && s->url)
		return run_datafile(r, u, obs_add_source(r->t, &rec));
	if (s->kind_id == KIND_OPENALEX_GROUP) {
		rec.metered = true;
		rec.requests = u->req.attempts;
		rec.budget_left = u->plan == PLAN_FETCH ? u->req.budget_left : -1;
	}
	return s->url ? run_web(r, u, obs_add_source(r->t, &rec)) :
			run_local(r, u, obs_add_source(r->t, &rec));
}

static struct unit *make_units(const struct config *cfg,
			       const struct source_opts *o, size_t *n)
{
	struct unit *v = NULL;
	size_t alloc = 0;

	*n = 0;
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];
		int from = s->pages_from, to = s->pages_to;
		if (o->fetch_only && !selected(o, s))
			continue;
		for (int y = from; y <= to; y++) {
			struct unit *u;
			v = xgrow(v, &alloc, *n + 1, sizeof(*v));
			u = &v[(*n)++];
			memset(u, 0, sizeof(*u));
			u->s = s;
			u->year = y;
			buf_init(&u->url, 0);
			buf_init(&u->snapshot, 0);
			buf_init(&u->cache, 0);
			buf_init(&u->request, 0);
			if (s->url)
				source_expand(s->url, y, &u->url);
			if (s->snapshot)
				source_expand(s->snapshot, y, &u->snapshot);
			if (o->out_dir)
				cache_dir(&u->cache, o->out_dir, s->id, y);
		}
	}
	return v;
}

static void units_release(struct unit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_release(&v[i].url);
		buf_release(&v[i].snapshot);
		buf_release(&v[i].cache);
		buf_release(&v[i].request);
		cache_meta_release(&v[i].meta);
		fetch_req_release(&v[i].req);
	}
	free(v);
}

/*
 * openalex-group: the request of a due unit, with mailto and the key
 * (shown and stored without them), counted against max_requests: 1 when
 * the source has spent them (the unit is then over budget, not fetched).
 */
static int group_request(struct run *r, struct unit *u)
{
	int asked = 0;

	/* a source's units are one per year, in order, side by side */
	for (const struct unit *w = u - (u->year - u->s->pages_from); w < u; w++)
		asked += w->plan == PLAN_FETCH;
	if (asked >= u->s->max_requests) {
		u->plan = PLAN_OVER_BUDGET;
		return 1;
	}
	buf_reset(&u->request);
	buf_addstr(&u->request, u->url.buf);
	oa_add_credentials(&u->request, r->cfg->profile.contact_email, getenv(OA_KEY_ENV));
	u->req.url = u->request.buf;
	u->req.shown_url = u->url.buf;
	u->req.budget_header = OA_BUDGET_HEADER;
	return 0;
}

/* What each openalex-group source is about to ask, before it does. */
static void group_estimate(const struct unit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct source *s = v[i].s;
		size_t due = 0, over = 0, years = 0;
		if (s->kind_id != KIND_OPENALEX_GROUP || (i && v[i - 1].s == s))
			continue;
		for (size_t k = i; k < n && v[k].s == s; k++) {
			years++;
			due += v[k].plan == PLAN_FETCH;
			over += v[k].plan == PLAN_OVER_BUDGET;
		}
		if (due || over)
			notef("openalex-group '%s': %zu request%s due of %zu (one per year; max_requests %d)%s",
		    s->id, due, due == 1 ? "" : "s", years, s->max_requests,
		    over ? "; the rest wait for the next run" : "");
		if (over)
			warnf("openalex-group '%s': %zu year%s over max_requests (%d): not fetched this run",
			      s->id, over, over == 1 ? "" : "s", s->max_requests);
	}
}

/*
 * Decides which units to fetch and fetches them all at once; an
 * openalex-works unit is only planned here (run_openalex pages through it).
 */
static void fetch_units(struct run *r, struct unit *v, size_t n)
{
	struct fetch_req **reqs = xcalloc(n + 1, sizeof(*reqs));
	struct fetch_settings fs;
	struct buf ua = BUF_INIT, err = BUF_INIT, body = BUF_INIT;
	size_t k = 0;

	user_agent(r->cfg, &ua);
	for (size_t i = 0; i < n; i++) {
		struct unit *u = &v[i];
		long long at;
		if (!u->s->url || !selected(r->o, u->s))
			continue;
		if (u->s->kind_id == KIND_OPENALEX_WORKS) {
			u->plan = r->o->out_dir && !r->o->force &&
				  !oa_cache_stamp(&r->cfg->profile, u->s, u->cache.buf, &at) &&
				  (r->now - at) * 1000 < u->s->ttl_ms ? PLAN_TTL : PLAN_FETCH;
			continue;
		}
		if (r->o->out_dir && !cache_read_meta(u->cache.buf, &u->meta, &err)) {
			u->have_meta = !cache_read_body(u->cache.buf, &u->meta, &body, &err);
			if (!u->have_meta)
				cache_meta_release(&u->meta);
		}
		if (u->have_meta && !r->o->force &&
		    (r->now - u->meta.fetched_at) * 1000 < u->s->ttl_ms) {
			u->plan = PLAN_TTL;
			continue;
		}
		u->plan = PLAN_FETCH;
		if (is_datafile(u->s))
			continue;	/* run_datafile fetches it */
		if (u->s->kind_id == KIND_OPENALEX_GROUP && group_request(r, u))
			continue;
		u->req.url = u->url.buf;
		u->req.etag = u->have_meta ? u->meta.etag : NULL;
		u->req.last_modified = u->have_meta ? u->meta.last_modified : NULL;
		u->req.timeout_ms = u->s->timeout_ms;
		u->req.max_bytes = u->s->max_bytes;
		reqs[k++] = &u->req;
	}
	group_estimate(v, n);
	if (k) {
		fetch_settings_init(&fs, ua.buf);
		debugf("fetching %zu page%s", k, k == 1 ? "" : "s");
		fetch_all(reqs, k, &fs);
	}
	free(reqs);
	buf_release(&ua);
	buf_release(&err);
	buf_release(&body);
}

static int run_units(struct run *r, struct unit *v, size_t n)
{
	int bad = 0;
	const struct source *last_bad = NULL;

	if (r->o->network)
		fetch_units(r, v, n);
	for (size_t i = 0; i < n; i++) {
		log_set_source(v[i].s->id);
		if (run_unit(r, &v[i]) && last_bad != v[i].s) {
			bad++;
			last_bad = v[i].s;
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
	struct unit *v = make_units(cfg, o, &n);
	int bad = run_units(&r, v, n);

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
	v = make_units(cfg, &o, &n);
	o.fetch_only = false;
	bad = run_units(&r, v, n);
	units_release(v, n);
	return bad ? -1 : 0;
}
