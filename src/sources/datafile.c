/* The data behind a ranking page: discovery of the data file, endpoint paging. */
#include "sources/datafile.h"
#include "sources/cache.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

#define MAX_FOUND 2048
#define MAX_ENDPOINT_PAGES 200

void datafile_init(struct datafile *d)
{
	memset(d, 0, sizeof(*d));
	buf_init(&d->body, 0);
	buf_init(&d->url, 0);
}

void datafile_release(struct datafile *d)
{
	buf_release(&d->body);
	buf_release(&d->url);
	free(d->etag);
	free(d->last_modified);
	d->etag = d->last_modified = NULL;
}

/* Every ph in tmpl replaced by v, into out (reset). */
static void subst(const char *tmpl, const char *ph, const char *v, struct buf *out)
{
	const char *p;
	struct buf tmp = BUF_INIT;

	while ((p = strstr(tmpl, ph))) {
		buf_add(&tmp, tmpl, (size_t)(p - tmpl));
		buf_addstr(&tmp, v);
		tmpl = p + strlen(ph);
	}
	buf_addstr(&tmp, tmpl);
	buf_reset(out);
	buf_add(out, tmp.buf, tmp.len);
	buf_release(&tmp);
}

/* One GET, conditional when validators are given. */
static void get(const struct datafile_req *q, const char *url, const struct cache_meta *m,
		struct fetch_req *r, size_t *requests)
{
	struct fetch_req *v[1] = { r };

	memset(r, 0, sizeof(*r));
	r->url = url;
	r->etag = m ? m->etag : NULL;
	r->last_modified = m ? m->last_modified : NULL;
	r->timeout_ms = q->s->timeout_ms;
	r->max_bytes = q->s->max_bytes;
	fetch_all(v, 1, q->fs);
	*requests += (size_t)r->attempts;
}

/* The cached copy in dir when it is of url (validators and body): 0, or -1. */
static int cached_copy(const char *dir, const char *url, struct cache_meta *m,
		       struct buf *body)
{
	struct buf err = BUF_INIT;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	if (dir && !cache_read_meta(dir, m, &err) && m->url && !strcmp(m->url, url) &&
	    !cache_read_body(dir, m, body, &err))
		rc = 0;
	if (rc)
		cache_meta_release(m);
	buf_release(&err);
	return rc;
}

static void keep_page(const struct datafile_req *q, const char *dir, const char *url,
		      const struct fetch_req *r, const struct cache_meta *old)
{
	struct cache_meta m = { 0 };
	struct buf err = BUF_INIT;

	m.url = (char *)url;
	m.status = r->status;
	m.etag = r->etag_out ? r->etag_out : old ? old->etag : NULL;
	m.last_modified = r->last_modified_out ? r->last_modified_out :
			  old ? old->last_modified : NULL;
	m.fetched_at = q->now;
	if (r->result != FETCH_OK && old) {
		/* a 304 confirmed the cached body: its meta stays whole */
		memcpy(m.sha256, old->sha256, sizeof(m.sha256));
		m.bytes = old->bytes;
	}
	if (r->result == FETCH_OK ? cache_write(dir, r->body.buf, r->body.len, &m, &err) :
	    cache_write_meta(dir, &m, &err))
		warnf("the ranking page could not be kept: %s", err.buf);
	buf_release(&err);
}

/* "\/" -> "/", "&amp;" -> "&": a link as pages embed it in JSON or HTML. */
static void unescape_link(const char *s, size_t n, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '/') {
			buf_addch(out, '/');
			i++;
		} else if (s[i] == '&' && i + 4 < n && !strncmp(s + i, "&amp;", 5)) {
			buf_addch(out, '&');
			i += 4;
		} else {
			buf_addch(out, s[i]);
		}
	}
}

/* url resolved against base, http or https only: 0, or ERR_DATA with err. */
static int resolve(const char *base, const char *url, struct buf *out, struct buf *err)
{
	CURLU *u = curl_url();
	char *full = NULL, *scheme = NULL;
	int rc = ERR_DATA;

	if (!curl_url_set(u, CURLUPART_URL, base, 0) &&
	    !curl_url_set(u, CURLUPART_URL, url, 0) &&
	    !curl_url_get(u, CURLUPART_URL, &full, 0) &&
	    !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
	    (!strcasecmp(scheme, "http") || !strcasecmp(scheme, "https"))) {
		buf_reset(out);
		buf_addstr(out, full);
		rc = 0;
	} else {
		buf_setf(err, "the data link found in '%s' is not an http or https URL: '", base);
		buf_add_excerpt(err, url, 120);
		buf_addstr(err, "'");
	}
	curl_free(full);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

/*
 * The page of q, the pattern found in it: the data URL template filled,
 * into url. 0, ERR_NETWORK when the page could not be fetched, ERR_DATA
 * when it does not link the data as the pattern expects.
 */
static int discover(const struct datafile_req *q, struct datafile *out, struct buf *err)
{
	const struct source *s = q->s;
	struct buf page = BUF_INIT, dir = BUF_INIT, body = BUF_INIT, found = BUF_INIT;
	struct cache_meta m;
	struct fetch_req r;
	regmatch_t g[2];
	bool have;
	int rc = ERR_DATA;

	source_expand(s->discover_url, q->year, &page);
	if (q->cache_dir)
		path_join(&dir, q->cache_dir, "discover");
	have = !cached_copy(q->cache_dir ? dir.buf : NULL, page.buf, &m, &body);
	get(q, page.buf, have ? &m : NULL, &r, &out->requests);
	if (r.result == FETCH_OK) {
		buf_reset(&body);
		buf_add(&body, r.body.buf, r.body.len);
	} else if (r.result != FETCH_NOT_MODIFIED) {
		buf_setf(err, "the ranking page: %s", r.err.buf);
		rc = ERR_NETWORK;
		goto out;
	}
	if (regexec(s->discover_re, body.buf, 2, g, 0)) {
		buf_setf(err, "'%s': nothing in the page matches the 'discover' pattern \"%s\"; "
			 "the page no longer links its data file there", page.buf,
			 s->discover_pattern);
		goto out;
	}
	if (g[1].rm_so < 0)
		g[1] = g[0];
	if (g[1].rm_eo - g[1].rm_so > MAX_FOUND || g[1].rm_eo == g[1].rm_so) {
		buf_setf(err, "'%s': the 'discover' pattern matches %s", page.buf,
			 g[1].rm_eo == g[1].rm_so ? "an empty string" : "more than 2048 bytes");
		goto out;
	}
	unescape_link(body.buf + g[1].rm_so, (size_t)(g[1].rm_eo - g[1].rm_so), &found);
	if (strcspn(found.buf, " \t\r\n\"<>\\^`|{}") != found.len) {
		buf_setf(err, "'%s': the 'discover' pattern matches '", page.buf);
		buf_add_excerpt(err, found.buf, 120);
		buf_addstr(err, "', which cannot go into a URL");
		goto out;
	}
	source_expand(s->url, q->year, &out->url);
	subst(out->url.buf, "{found}", found.buf, &out->url);
	if ((rc = resolve(page.buf, out->url.buf, &out->url, err)))
		goto out;
	debugf("'%s' links its data as '%s'", page.buf, out->url.buf);
	if (q->cache_dir)
		keep_page(q, dir.buf, page.buf, &r, have ? &m : NULL);
	rc = 0;
out:
	if (have)
		cache_meta_release(&m);
	fetch_req_release(&r);
	buf_release(&page);
	buf_release(&dir);
	buf_release(&body);
	buf_release(&found);
	return rc;
}

/* The value of the plain path ("/a/b/0", no '*') in root, or NULL. */
static const cJSON *datafile_at(const cJSON *root, const char *path)
{
	const cJSON *n = root;
	struct buf seg = BUF_INIT;

	for (const char *p = path; n && *p == '/';) {
		buf_reset(&seg);
		for (p++; *p && *p != '/'; p++) {
			if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
				buf_addch(&seg, p[1] == '0' ? '~' : '/');
				p++;
			} else {
				buf_addch(&seg, *p);
			}
		}
		if (cJSON_IsObject(n)) {
			n = cJSON_GetObjectItemCaseSensitive(n, seg.buf);
		} else if (cJSON_IsArray(n) && seg.len && strspn(seg.buf, "0123456789") == seg.len &&
			   seg.len < 9) {
			n = cJSON_GetArrayItem(n, (int)strtol(seg.buf, NULL, 10));
		} else {
			n = NULL;
		}
	}
	buf_release(&seg);
	return n;
}

/* One endpoint page parsed: its items array into *items, or ERR_DATA with err. */
static int endpoint_page(const struct source *s, const char *url, const struct buf *body,
			 cJSON **doc, cJSON **items, struct buf *err)
{
	*doc = cJSON_ParseWithLength(body->buf, body->len);
	*items = *doc ? (cJSON *)datafile_at(*doc, s->page_items) : NULL;
	if (cJSON_IsArray(*items))
		return 0;
	buf_setf(err, "'%s': not a page of the endpoint: %s", url,
		 !*doc && body->len && body->buf[strspn(body->buf, " \t\r\n")] == '<' ?
		 "HTML, not JSON" : !*doc ? "not valid JSON" : "no array at the 'paging' items path");
	if (*doc)
		buf_addf(err, " '%s'", s->page_items);
	cJSON_Delete(*doc);
	*doc = NULL;
	return ERR_DATA;
}

/*
 * The pages of the endpoint from page_first on, as one document into
 * out->body: 0, ERR_NETWORK when a page could not be fetched, ERR_DATA.
 */
static int fetch_pages(const struct datafile_req *q, struct datafile *out, struct buf *err)
{
	const struct source *s = q->s;
	struct buf url = BUF_INIT, num = BUF_INIT;
	cJSON *first = NULL, *all = NULL;
	double total = -1;
	int rc = ERR_DATA;

	for (int p = s->page_first; p < s->page_first + MAX_ENDPOINT_PAGES; p++) {
		struct fetch_req r;
		cJSON *doc, *items, *e;
		int n;
		buf_reset(&num);
		buf_addf(&num, "%d", p);
		subst(out->url.buf, "{page}", num.buf, &url);
		get(q, url.buf, NULL, &r, &out->requests);
		if (r.result != FETCH_OK) {
			buf_setf(err, "%s", r.err.buf);
			rc = ERR_NETWORK;
			fetch_req_release(&r);
			goto out;
		}
		if (endpoint_page(s, url.buf, &r.body, &doc, &items, err)) {
			fetch_req_release(&r);
			goto out;
		}
		n = cJSON_GetArraySize(items);
		if (!first) {
			const cJSON *t = datafile_at(doc, s->page_total);
			if (!cJSON_IsNumber(t) || t->valuedouble < 0) {
				buf_setf(err, "'%s': no number at the 'paging' total path '%s'",
					 url.buf, s->page_total);
				cJSON_Delete(doc);
				fetch_req_release(&r);
				goto out;
			}
			total = t->valuedouble;
			first = doc;
			all = items;
			out->status = r.status;
			out->etag = r.etag_out ? xstrdup(r.etag_out) : NULL;
			out->last_modified = r.last_modified_out ? xstrdup(r.last_modified_out) : NULL;
		} else {
			while ((e = cJSON_DetachItemFromArray(items, 0)))
				cJSON_AddItemToArray(all, e);
		}
		out->pages++;
		if (doc != first)
			cJSON_Delete(doc);
		fetch_req_release(&r);
		if ((double)cJSON_GetArraySize(all) >= total || !n) {
			rc = 0;
			break;
		}
	}
	if (rc) {
		rc = ERR_DATA;
		buf_setf(err, "'%s': more than %d pages without reaching the total (%g items); paging stopped",
			 out->url.buf, MAX_ENDPOINT_PAGES, total);
		goto out;
	}
	if ((double)cJSON_GetArraySize(all) < total)
		warnf("'%s': %d items of the %g the endpoint announced; a page came back empty",
		      out->url.buf, cJSON_GetArraySize(all), total);
	buf_reset(&out->body);
	jsonw_tree(&out->body, first);
	buf_reset(&num);
	buf_addf(&num, "%d", s->page_first);
	subst(out->url.buf, "{page}", num.buf, &out->url);
out:
	cJSON_Delete(first);
	buf_release(&url);
	buf_release(&num);
	return rc;
}

int datafile_fetch(const struct datafile_req *q, struct datafile *out, struct buf *err)
{
	const struct source *s = q->s;
	struct cache_meta m;
	struct buf body = BUF_INIT;
	struct fetch_req r;
	bool have;
	int rc = ERR_NETWORK;

	if (s->discover_url) {
		if ((rc = discover(q, out, err)))
			return rc;
	} else {
		source_expand(s->url, q->year, &out->url);
	}
	if (s->page_items)
		return fetch_pages(q, out, err);
	have = !cached_copy(q->cache_dir, out->url.buf, &m, &body);
	get(q, out->url.buf, have ? &m : NULL, &r, &out->requests);
	out->pages = 1;
	out->status = r.status;
	if (r.result == FETCH_OK || r.result == FETCH_NOT_MODIFIED) {
		out->not_modified = r.result == FETCH_NOT_MODIFIED;
		buf_reset(&out->body);
		buf_add(&out->body, r.body.buf, r.body.len);
		out->etag = r.etag_out ? xstrdup(r.etag_out) : NULL;
		out->last_modified = r.last_modified_out ? xstrdup(r.last_modified_out) : NULL;
		rc = 0;
	} else {
		buf_setf(err, "%s", r.err.buf);
		rc = ERR_NETWORK;
	}
	if (have)
		cache_meta_release(&m);
	fetch_req_release(&r);
	buf_release(&body);
	return rc;
}
