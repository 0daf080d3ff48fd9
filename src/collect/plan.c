/* Planning the units of the configured sources and fetching the due ones. */
#include "collect/collect.h"
#include "collect/unit.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* "intlkpi/VERSION (+mailto:contact_email)" into out. */
void collect_user_agent(const struct config *cfg, struct buf *out)
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

struct unit *units_make(const struct config *cfg,
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

void units_release(struct unit *v, size_t n)
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
 * Whether a copy fetched at `at` is due again: past its ttl, or fetched in
 * the future (the clock was wrong when it was written: trusting it would
 * keep the copy forever).
 */
static bool due(const struct run *r, const struct unit *u, long long at)
{
	char stamp[21];

	if (r->o->force || (r->o->accept && collect_id_listed(r->o->accept, r->o->naccept, u->s->id)))
		return true;
	if (at > r->now) {
		iso_time(at, stamp);
		warnf("%s: the cached copy of '%s' says it was fetched at %s, in the future; fetching it again",
		      u->s->id, u->url.buf, stamp);
		return true;
	}
	return (r->now - at) * 1000 >= u->s->ttl_ms;
}

/*
 * Decides which units to fetch and fetches them all at once; an
 * openalex-works unit is only planned here (run_openalex pages through it).
 */
void units_fetch(struct run *r, struct unit *v, size_t n)
{
	struct fetch_req **reqs = xcalloc(n + 1, sizeof(*reqs));
	struct fetch_settings fs;
	struct buf ua = BUF_INIT, err = BUF_INIT, body = BUF_INIT;
	size_t k = 0;

	collect_user_agent(r->cfg, &ua);
	for (size_t i = 0; i < n; i++) {
		struct unit *u = &v[i];
		long long at;
		if (!u->s->url || !selected(r->o, u->s))
			continue;
		if (u->s->kind_id == KIND_OPENALEX_WORKS) {
			u->plan = r->o->out_dir &&
				  !oa_cache_stamp(&r->cfg->profile, u->s, u->cache.buf, &at) &&
				  !due(r, u, at) ? PLAN_TTL : PLAN_FETCH;
			continue;
		}
		if (r->o->out_dir && !cache_read_meta(u->cache.buf, &u->meta, &err)) {
			u->have_meta = !cache_read_body(u->cache.buf, &u->meta, &body, &err);
			if (!u->have_meta)
				cache_meta_release(&u->meta);
		}
		if (u->have_meta && !due(r, u, u->meta.fetched_at)) {
			u->plan = PLAN_TTL;
			continue;
		}
		u->plan = PLAN_FETCH;
		if (unit_is_datafile(u->s))
			continue;	/* unit_run_datafile fetches it */
		if (u->s->kind_id == KIND_OPENALEX_GROUP) {
			group_request(r, u);
			continue;	/* run_group fetches it, page by page */
		}
		u->req.url = u->url.buf;
		u->req.etag = u->have_meta ? u->meta.etag : NULL;
		u->req.last_modified = u->have_meta ? u->meta.last_modified : NULL;
		u->req.timeout_ms = u->s->timeout_ms;
		u->req.max_bytes = u->s->max_bytes;
		reqs[k++] = &u->req;
	}
	group_estimate(r->cfg, v, n);
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

