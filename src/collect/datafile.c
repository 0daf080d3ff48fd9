/* json sources with "discover" or "paging": the data behind a ranking page. */
#include "collect/collect.h"
#include "collect/unit.h"
#include "sources/datafile.h"
#include "util/log.h"
#include <string.h>
#include "util/banned.h"

/* A json source with "discover" or "paging": its data fetched by sources/datafile.h. */
bool unit_is_datafile(const struct source *s)
{
	return s->kind_id == KIND_JSON && (s->discover_url || s->page_items);
}

int unit_run_datafile(struct run *r, struct unit *u, size_t idx)
{
	struct datafile d;
	struct datafile_req q = { u->s, u->year, r->o->out_dir ? u->cache.buf : NULL, NULL, r->now };
	struct fetch_settings fs;
	struct buf err = BUF_INIT, ua = BUF_INIT, body = BUF_INIT;
	int rc;

	/* the URL the data was last found at, until a fetch finds it again;
	 * the page that links it when there is no copy */
	if (!u->have_meta && r->o->out_dir && !cache_read_meta(u->cache.buf, &u->meta, &err))
		u->have_meta = true;
	buf_reset(&err);
	if (!(u->have_meta && u->meta.url) && u->s->discover_url) {
		source_expand(u->s->discover_url, u->year, &u->url);
		collect_set_str(&r->t->sources[idx].url, u->url.buf);
	} else if (u->have_meta && u->meta.url) {
		buf_reset(&u->url);
		buf_addstr(&u->url, u->meta.url);
		collect_set_str(&r->t->sources[idx].url, u->meta.url);
	}
	if (u->plan != PLAN_FETCH) {
		buf_release(&err);
		return unit_use_last_good(r, u, idx);
	}
	collect_user_agent(r->cfg, &ua);
	fetch_settings_init(&fs, ua.buf);
	q.fs = &fs;
	datafile_init(&d);
	if ((rc = datafile_fetch(&q, &d, &err))) {
		rc = unit_failed(r, u, idx, err.buf, true, rc);
		goto out;
	}
	buf_reset(&u->url);
	buf_addstr(&u->url, d.url.buf);
	collect_set_str(&r->t->sources[idx].url, d.url.buf);
	if (d.not_modified && (rc = unit_read_cache(r, u, &body, &err))) {
		rc = unit_failed(r, u, idx, err.buf, false, rc);
		goto out;
	}
	if (!d.not_modified) {
		buf_reset(&body);
		buf_add(&body, d.body.buf, d.body.len);
	}
	rc = d.not_modified ? unit_extract(r, u, idx, body.buf, body.len, u->url.buf, r->now,
					   SRC_FRESH, &err) :
	     unit_extract_fresh(r, u, idx, body.buf, body.len, u->url.buf, &err);
	if (rc) {
		rc = unit_failed(r, u, idx, err.buf, !d.not_modified, rc);
		goto out;
	}
	unit_store(r, u, body.buf, body.len, d.status,
	      d.etag ? d.etag : d.not_modified ? u->meta.etag : NULL,
	      d.last_modified ? d.last_modified : d.not_modified ? u->meta.last_modified : NULL);
	collect_say(r, "%s %zu bytes of data (%zu page%s, %zu request%s) from '%s'",
	    d.not_modified ? "confirmed" : "fetched", body.len, d.pages, d.pages == 1 ? "" : "s",
	    d.requests, d.requests == 1 ? "" : "s", u->url.buf);
out:
	datafile_release(&d);
	buf_release(&err);
	buf_release(&ua);
	buf_release(&body);
	return rc;
}

