/* The last good copy: keeping it, and falling back to it (the cache, then the snapshot). */
#include "collect/collect.h"
#include "collect/unit.h"
#include "sources/snapshot.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

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
		rc = unit_extract_set(r, u, idx, &set, u->cache.buf, u->meta.fetched_at,
				 state, err);
	oa_set_release(&set);
	return rc ? -1 : 0;
}

int unit_read_cache(struct run *r, struct unit *u, struct buf *body,
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
	rc = unit_read_cache(r, u, &body, err);
	/* the data are the copy's: a page found at another URL tonight (a
	 * wrong edition's) is named in the error, not in the provenance */
	if (!rc && u->meta.url)
		collect_set_str(&r->t->sources[idx].url, u->meta.url);
	if (!rc)
		rc = unit_extract(r, u, idx, body.buf, body.len, u->cache.buf,
			     u->meta.fetched_at, state, err);
	buf_release(&body);
	return rc;
}

/*
 * The bundled snapshot into the record. Its capture time (*captured, and
 * the record's fetched_at) comes from the sidecar X.meta.json, never the
 * file's mtime: -1 and a null fetched_at when there is none.
 */
static int from_snapshot(struct run *r, struct unit *u, size_t idx,
			 enum source_state state, long long *captured,
			 struct buf *err)
{
	struct buf path = BUF_INIT, body = BUF_INIT;
	struct snapshot_meta meta;
	long long mtime = 0;
	int rc = -1;

	*captured = -1;
	if (!u->snapshot.len) {
		buf_setf(err, "no snapshot");
		return -1;
	}
	path_join(&path, r->cfg->dir, u->snapshot.buf);
	if (snapshot_meta_read(path.buf, &meta, err) < 0) {
		buf_release(&path);
		return -1;
	}
	*captured = meta.captured_at;
	if (u->s->kind_id == KIND_OPENALEX_WORKS) {
		struct oa_set set;
		oa_set_init(&set, &r->cfg->profile, u->s);
		rc = oa_snapshot_read(&set, r->cfg->dir, u->s, &mtime, err);
		if (!rc)
			rc = unit_extract_set(r, u, idx, &set, path.buf, *captured, state, err);
		oa_set_release(&set);
	} else if (!file_read(path.buf, &body, (size_t)u->s->max_bytes, err)) {
		rc = unit_extract(r, u, idx, body.buf, body.len, path.buf, *captured, state, err);
	}
	if (!rc) {
		struct obs_source *rec = &r->t->sources[idx];
		collect_set_str(&rec->path, u->snapshot.buf);
		rec->snapshot.used = true;
		rec->snapshot.illustrative = meta.illustrative;
		collect_set_str(&rec->snapshot.origin, meta.origin);
		collect_set_str(&rec->snapshot.note, meta.note);
	}
	snapshot_meta_release(&meta);
	buf_release(&path);
	buf_release(&body);
	return rc;
}

/* "captured 2024-01-15, 2 years old" or "capture date unknown". */
static void captured_text(const struct run *r, long long captured, struct buf *out)
{
	char stamp[21];
	if (captured < 0) {
		buf_addstr(out, "capture date unknown");
		return;
	}
	iso_time(captured, stamp);
	buf_addf(out, "captured %.10s, ", stamp);
	collect_age_text(r->now - captured, out);
	buf_addstr(out, " old");
}

int unit_failed(struct run *r, struct unit *u, size_t idx, const char *why,
		bool cache_ok, int rc)
{
	const char *cls;

	/* a column missing from bytes the web sent is the source's change */
	if (rc == ERR_CONFIG && u->s->url)
		rc = ERR_DATA;
	cls = err_class_name(rc < 0 ? rc : ERR_DATA);
	r->t->sources[idx].error_class = cls;
	log_set_class(cls);
	errorf("%s", why);
	rc = unit_fall_back(r, u, idx, why, cache_ok);
	log_set_class(NULL);
	return rc;
}

/* After a failure (why): the last good copy, stale; or failed. */
int unit_fall_back(struct run *r, struct unit *u, size_t idx, const char *why,
		     bool cache_ok)
{
	struct buf err = BUF_INIT, age = BUF_INIT;
	long long mtime = 0;

	collect_set_str(&r->t->sources[idx].error, why);
	if (cache_ok && !from_cache(r, u, idx, SRC_STALE, &err)) {
		collect_age_text(r->now - u->meta.fetched_at, &age);
		warnf("using the last good copy, fetched %s (%s old)",
		      r->t->sources[idx].fetched_at, age.buf);
		buf_release(&err);
		buf_release(&age);
		return -1;
	}
	if (cache_ok && u->have_meta)
		warnf("the cached copy is not usable either: %s", err.buf);
	if (!from_snapshot(r, u, idx, SRC_STALE, &mtime, &err)) {
		captured_text(r, mtime, &age);
		warnf("no usable cached copy; using the bundled snapshot '%s' (%s)",
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
void unit_store(struct run *r, struct unit *u, const char *data, size_t len,
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

/* Not fetched (within ttl, offline, compute, not among --only): the cache, else the snapshot. */
int unit_use_last_good(struct run *r, struct unit *u, size_t idx)
{
	struct buf err = BUF_INIT, age = BUF_INIT;
	long long mtime;
	int rc = -1;

	if (!from_cache(r, u, idx, SRC_CACHED, &err)) {
		collect_age_text(r->now - u->meta.fetched_at, &age);
		collect_say(r, "'%s' from the cache (%s old)", u->url.buf, age.buf);
		rc = 0;
	} else {
		if (u->have_meta)
			warnf("the cached copy is not usable: %s", err.buf);
		if (!from_snapshot(r, u, idx, SRC_SNAPSHOT, &mtime, &err)) {
			collect_say(r, "'%s' from the bundled snapshot '%s'", u->url.buf,
			    u->snapshot.buf);
			rc = 0;
		} else {
			/* nothing was fetched: what is missing is data, not the network */
			r->t->sources[idx].error_class = err_class_name(ERR_DATA);
			log_set_class(r->t->sources[idx].error_class);
			errorf("no cached copy of '%s' and no usable snapshot; run 'intlkpi fetch'",
			       u->url.buf);
			if (u->snapshot.len)
				errorf("%s", err.buf);
			log_set_class(NULL);
			collect_set_str(&r->t->sources[idx].error, "no cached copy and no snapshot");
		}
	}
	buf_release(&err);
	buf_release(&age);
	return rc;
}

