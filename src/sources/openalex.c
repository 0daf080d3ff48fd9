/* The openalex-works kind: cursor paging of /works, page sets, their cache. */
#define _XOPEN_SOURCE 700	/* nftw */
#include "sources/openalex.h"
#include "util/err.h"
#include "sources/cache.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/banned.h"

#define OA_MAX_PAGES 10000	/* per institution: a million works at 100 a page */
#define OA_MAX_CURSOR 4096
#define SET_JSON "set.json"
#define SET_JSON_MAX (1u << 20)

static void add_inst(struct oa_set *set, const char *id, const char *home, bool peer)
{
	struct oa_institution *in;
	char sid[OA_ID_MAX];

	if (!id || oa_short_id(id, sid))
		return;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->inst[i].id, sid))
			return;
	in = &set->inst[set->n++];
	memset(in, 0, sizeof(*in));
	memcpy(in->id, sid, sizeof(sid));
	if (home && strlen(home) == 2)
		memcpy(in->home, home, 3);
	in->peer = peer;
}

void oa_set_init(struct oa_set *set, const struct profile *p, const struct source *s)
{
	bool us = false, peers = false;

	for (size_t i = 0; i < s->nmetrics; i++) {
		us |= !s->metrics[i].peers;
		peers |= s->metrics[i].peers;
	}
	set->n = 0;
	set->inst = xcalloc(p->npeers + 1, sizeof(*set->inst));
	if (us)
		add_inst(set, p->openalex_id, p->country, false);
	for (size_t i = 0; peers && i < p->npeers; i++)
		add_inst(set, p->peers[i].openalex_id, p->peers[i].country, true);
}

static void clear_pages(struct oa_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct oa_institution *in = &set->inst[i];
		for (size_t k = 0; k < in->npages; k++) {
			buf_release(&in->pages[k]);
			free(in->cursors[k]);
		}
		free(in->pages);
		free(in->cursors);
		in->pages = NULL;
		in->cursors = NULL;
		in->npages = in->apages = 0;
	}
}

void oa_set_release(struct oa_set *set)
{
	clear_pages(set);
	free(set->inst);
	set->inst = NULL;
	set->n = 0;
}

size_t oa_set_pages(const struct oa_set *set)
{
	size_t n = 0;
	for (size_t i = 0; i < set->n; i++)
		n += set->inst[i].npages;
	return n;
}

/* Takes body over (left empty); cursor copied, NULL when unknown. */
static void add_page(struct oa_institution *in, struct buf *body, const char *cursor)
{
	size_t alloc = in->apages;

	in->pages = xgrow(in->pages, &in->apages, in->npages + 1, sizeof(*in->pages));
	in->cursors = xgrow(in->cursors, &alloc, in->npages + 1, sizeof(*in->cursors));
	in->pages[in->npages] = *body;
	in->cursors[in->npages++] = cursor ? xstrdup(cursor) : NULL;
	buf_init(body, 0);
}

static void add_escaped(struct buf *out, const char *s)
{
	oa_escape(out, s);
}

/* What a query asks for, whatever the endpoint and page size: the cache's key. */
static void query_filter(const struct source *s, const char *id, struct buf *out)
{
	buf_addf(out, "filter=authorships.institutions.lineage:%s,publication_year:%d-%d"
		 "&select=id,publication_year,authorships", id, s->query_from, s->query_to);
}

void oa_query_url(const struct source *s, const char *id, const char *cursor,
		  const char *mailto, const char *key, struct buf *out)
{
	buf_reset(out);
	buf_addstr(out, s->url);
	buf_addch(out, '?');
	query_filter(s, id, out);
	buf_addf(out, "&per-page=%d&cursor=", s->per_page);
	add_escaped(out, cursor);
	oa_add_credentials(out, mailto, key);
}

void oa_add_credentials(struct buf *out, const char *mailto, const char *key)
{
	if (mailto && *mailto) {
		buf_addstr(out, "&mailto=");
		add_escaped(out, mailto);
	}
	if (key && *key) {
		buf_addstr(out, "&api_key=");
		add_escaped(out, key);
	}
}

int oa_page_check(const char *data, size_t len, const char *name, char **next,
		  size_t *nresults, struct buf *err)
{
	cJSON *root = cJSON_ParseWithLength(data, len);
	const cJSON *results, *meta, *nc, *msg;
	int rc = -1;

	*next = NULL;
	if (!cJSON_IsObject(root)) {
		buf_setf(err, "'%s': not a /works page: %s", name,
			 !root && len && *data == '<' ? "HTML, not JSON" :
			 !root ? "not valid JSON" : "not a JSON object");
		goto out;
	}
	results = cJSON_GetObjectItemCaseSensitive(root, "results");
	meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
	if (!cJSON_IsArray(results) || !cJSON_IsObject(meta)) {
		msg = cJSON_GetObjectItemCaseSensitive(root, "message");
		if (!cJSON_IsString(msg))
			msg = cJSON_GetObjectItemCaseSensitive(root, "error");
		buf_setf(err, "'%s': not a /works page (no \"results\" array and \"meta\" object)",
			 name);
		if (cJSON_IsString(msg)) {
			buf_addstr(err, "; the API says: ");
			buf_add_excerpt(err, msg->valuestring, 120);
		}
		goto out;
	}
	nc = cJSON_GetObjectItemCaseSensitive(meta, "next_cursor");
	if (cJSON_IsString(nc) && strlen(nc->valuestring) > OA_MAX_CURSOR) {
		buf_setf(err, "'%s': meta.next_cursor is longer than %d bytes", name,
			 OA_MAX_CURSOR);
		goto out;
	}
	if (nc && !cJSON_IsNull(nc) && !cJSON_IsString(nc)) {
		buf_setf(err, "'%s': meta.next_cursor is neither a string nor null", name);
		goto out;
	}
	if (cJSON_IsString(nc) && *nc->valuestring)
		*next = xstrdup(nc->valuestring);
	*nresults = (size_t)cJSON_GetArraySize(results);
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

/*
 * One fetched page of in: 0 with *cursor advanced (NULL after the last);
 * ERR_NETWORK when it could not be fetched or the quota is spent, ERR_DATA
 * when it is not a page to go on from.
 */
static int take_page(struct oa_institution *in, struct fetch_req *q, char **cursor,
		     const char *shown, struct buf *err)
{
	char *next = NULL;
	size_t nres = 0;

	if (q->result != FETCH_OK) {
		buf_setf(err, "%s", q->err.buf);
		return ERR_NETWORK;
	}
	if (oa_page_check(q->body.buf, q->body.len, shown, &next, &nres, err))
		return ERR_DATA;
	add_page(in, &q->body, *cursor);
	if (next && nres && !strcmp(next, *cursor)) {
		buf_setf(err, "'%s': meta.next_cursor repeats the cursor; paging stopped", shown);
		free(next);
		return ERR_DATA;
	}
	if (next && nres && in->npages >= OA_MAX_PAGES) {
		buf_setf(err, "'%s': more than %d pages; paging stopped", shown, OA_MAX_PAGES);
		free(next);
		return ERR_DATA;
	}
	free(*cursor);
	*cursor = nres ? next : NULL;
	if (!nres)
		free(next);
	if (*cursor && q->budget_left == 0) {
		buf_setf(err, "the OpenAlex quota is spent (%s: 0) after page %zu of %s; "
			 "this source stops until the quota resets", OA_BUDGET_HEADER,
			 in->npages, in->id);
		return ERR_NETWORK;
	}
	return 0;
}

int oa_fetch(struct oa_set *set, const struct source *s, const struct profile *p,
	     const struct fetch_settings *fs, size_t *requests, struct buf *err)
{
	const char *key = getenv(OA_KEY_ENV);
	size_t n = set->n;
	char **cursor = xcalloc(n + 1, sizeof(*cursor));
	struct fetch_req *req = xcalloc(n + 1, sizeof(*req));
	struct fetch_req **reqs = xcalloc(n + 1, sizeof(*reqs));
	struct buf *url = xcalloc(n + 1, sizeof(*url)), *shown = xcalloc(n + 1, sizeof(*shown));
	int rc = 0;

	*requests = 0;
	if (!key || !*key)
		debugf("%s is not set: asking without an API key (a small daily quota)",
		       OA_KEY_ENV);
	for (size_t i = 0; i < n; i++) {
		cursor[i] = xstrdup("*");
		buf_init(&url[i], 0);
		buf_init(&shown[i], 0);
	}
	while (!rc) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (!cursor[i])
				continue;
			oa_query_url(s, set->inst[i].id, cursor[i], p->contact_email, key, &url[i]);
			oa_query_url(s, set->inst[i].id, cursor[i], NULL, NULL, &shown[i]);
			memset(&req[i], 0, sizeof(req[i]));
			req[i].url = url[i].buf;
			req[i].shown_url = shown[i].buf;
			req[i].timeout_ms = s->timeout_ms;
			req[i].max_bytes = s->max_bytes;
			req[i].budget_header = OA_BUDGET_HEADER;
			reqs[k++] = &req[i];
		}
		if (!k)
			break;
		debugf("fetching the next page of %zu institution%s", k, k == 1 ? "" : "s");
		fetch_all(reqs, k, fs);
		for (size_t j = 0; j < k; j++) {
			size_t i = (size_t)(reqs[j] - req);
			*requests += (size_t)reqs[j]->attempts;
			if (!rc)
				rc = take_page(&set->inst[i], reqs[j], &cursor[i], shown[i].buf, err);
			fetch_req_release(reqs[j]);
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(cursor[i]);
		buf_release(&url[i]);
		buf_release(&shown[i]);
	}
	free(cursor);
	free(req);
	free(reqs);
	free(url);
	free(shown);
	if (rc)
		clear_pages(set);
	return rc;
}

int oa_snapshot_read(struct oa_set *set, const char *cfg_dir,
		     const struct source *s, long long *mtime, struct buf *err)
{
	struct buf path = BUF_INIT, body = BUF_INIT;
	int rc = 0;

	*mtime = 0;
	for (size_t i = 0; i < set->n && !rc; i++) {
		struct oa_institution *in = &set->inst[i];
		char *next = NULL;
		size_t nres;
		struct stat st;
		for (int page = 1; !rc; page++) {
			path_join(&path, cfg_dir, s->snapshot);
			buf_addf(&path, "/%s/page-%d.json", in->id, page);
			buf_init(&body, (size_t)s->max_bytes);
			if (file_read(path.buf, &body, (size_t)s->max_bytes, err) ||
			    oa_page_check(body.buf, body.len, path.buf, &next, &nres, err)) {
				if (page > 1)
					buf_addf(err, " (page %d of the snapshot has a next_cursor)",
						 page - 1);
				rc = -1;
				break;
			}
			if (!stat(path.buf, &st) && (long long)st.st_mtime > *mtime)
				*mtime = (long long)st.st_mtime;
			add_page(in, &body, NULL);
			if (!next || !nres)
				break;
			free(next);
			next = NULL;
			if (page >= OA_MAX_PAGES) {
				buf_setf(err, "'%s': more than %d pages", path.buf, OA_MAX_PAGES);
				rc = -1;
			}
		}
		free(next);
	}
	buf_release(&path);
	buf_release(&body);
	if (rc)
		clear_pages(set);
	return rc;
}

/* ---- the cache: DIR/set.json names the complete set, DIR/set-a or DIR/set-b ---- */

static void page_dir(struct buf *out, const char *dir, char set, const char *id,
		     size_t page)
{
	buf_reset(out);
	buf_addf(out, "%s/set-%c/%s/%zu", dir, set, id, page);
}

/* The set set.json names ('a' or 'b'), its time and its institutions; or 0. */
static char read_set_json(const char *dir, cJSON **root, long long *fetched_at,
			  struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	const cJSON *n;
	char which = 0;

	*root = NULL;
	path_join(&path, dir, SET_JSON);
	if (file_read(path.buf, &text, SET_JSON_MAX, err))
		goto out;
	*root = cJSON_Parse(text.buf);
	n = cJSON_GetObjectItemCaseSensitive(*root, "set");
	if (cJSON_IsString(n) && (!strcmp(n->valuestring, "a") || !strcmp(n->valuestring, "b")))
		which = n->valuestring[0];
	n = cJSON_GetObjectItemCaseSensitive(*root, "fetched_at");
	*fetched_at = parse_iso_time(cJSON_IsString(n) ? n->valuestring : NULL);
	if (!which || *fetched_at < 0 ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(*root, "institutions"))) {
		buf_setf(err, "'%s' is not a record of a set of pages", path.buf);
		which = 0;
	}
out:
	buf_release(&path);
	buf_release(&text);
	return which;
}

/*
 * Whether the set.json root describes set (the same institutions, in order,
 * asked for the same filter): the number of pages of each into npages.
 */
static int set_matches(const cJSON *root, const struct oa_set *set,
		       const struct source *s, size_t *npages, struct buf *err)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "institutions"), *e;
	struct buf filter = BUF_INIT;
	size_t i = 0;
	int rc = (size_t)cJSON_GetArraySize(list) == set->n ? 0 : -1;

	cJSON_ArrayForEach(e, list) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "filter");
		const cJSON *np = cJSON_GetObjectItemCaseSensitive(e, "pages");
		if (rc)
			break;
		buf_reset(&filter);
		query_filter(s, set->inst[i].id, &filter);
		if (!cJSON_IsString(id) || strcmp(id->valuestring, set->inst[i].id) ||
		    !cJSON_IsString(f) || strcmp(f->valuestring, filter.buf) ||
		    !cJSON_IsNumber(np) || np->valuedouble < 1 || np->valuedouble > OA_MAX_PAGES)
			rc = -1;
		else
			npages[i++] = (size_t)np->valuedouble;
	}
	if (rc)
		buf_setf(err, "the cached pages were fetched for other institutions or years");
	buf_release(&filter);
	return rc;
}

int oa_cache_stamp(const struct profile *p, const struct source *s,
		   const char *dir, long long *fetched_at)
{
	cJSON *root;
	struct buf err = BUF_INIT;
	struct oa_set set;
	size_t *npages;
	char which = read_set_json(dir, &root, fetched_at, &err);
	int rc;

	oa_set_init(&set, p, s);
	npages = xcalloc(set.n + 1, sizeof(*npages));
	rc = which && !set_matches(root, &set, s, npages, &err) ? 0 : -1;
	oa_set_release(&set);
	cJSON_Delete(root);
	buf_release(&err);
	free(npages);
	return rc;
}

int oa_cache_read(struct oa_set *set, const char *dir, const struct source *s,
		  long long *fetched_at, struct buf *err)
{
	cJSON *root;
	char which;
	struct buf pdir = BUF_INIT, body = BUF_INIT;
	size_t *npages = xcalloc(set->n + 1, sizeof(*npages));
	int rc;

	path_join(&pdir, dir, SET_JSON);
	if (access(pdir.buf, F_OK)) {
		buf_setf(err, "no cached pages in '%s'", dir);
		buf_release(&pdir);
		free(npages);
		return 1;
	}
	which = read_set_json(dir, &root, fetched_at, err);
	rc = which ? set_matches(root, set, s, npages, err) : -1;
	for (size_t i = 0; !rc && i < set->n; i++)
		for (size_t k = 1; !rc && k <= npages[i]; k++) {
			struct cache_meta m;
			page_dir(&pdir, dir, which, set->inst[i].id, k);
			if (cache_read_meta(pdir.buf, &m, err) ||
			    cache_read_body(pdir.buf, &m, &body, err))
				rc = -1;
			else
				add_page(&set->inst[i], &body, NULL);
			cache_meta_release(&m);
		}
	cJSON_Delete(root);
	buf_release(&pdir);
	buf_release(&body);
	free(npages);
	if (rc)
		clear_pages(set);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

int oa_cache_write(const struct oa_set *set, const char *dir,
		   const struct source *s, long long fetched_at, struct buf *err)
{
	cJSON *old;
	long long old_at;
	struct buf ignored = BUF_INIT, pdir = BUF_INIT, text = BUF_INIT, url = BUF_INIT;
	char which = read_set_json(dir, &old, &old_at, &ignored) == 'a' ? 'b' : 'a';
	char stamp[21];
	int rc = 0;

	cJSON_Delete(old);
	/* the other set is written whole before set.json names it */
	buf_addf(&pdir, "%s/set-%c", dir, which);
	nftw(pdir.buf, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	iso_time(fetched_at, stamp);
	buf_addf(&text, "{\n  \"set\": \"%c\",\n  \"fetched_at\": \"%s\",\n  \"institutions\": [",
		 which, stamp);
	for (size_t i = 0; i < set->n && !rc; i++) {
		const struct oa_institution *in = &set->inst[i];
		for (size_t k = 0; k < in->npages && !rc; k++) {
			struct cache_meta m = { 0 };
			oa_query_url(s, in->id, in->cursors[k] ? in->cursors[k] : "*",
				     NULL, NULL, &url);
			m.url = url.buf;
			m.status = 200;
			m.fetched_at = fetched_at;
			page_dir(&pdir, dir, which, in->id, k + 1);
			rc = cache_write(pdir.buf, in->pages[k].buf, in->pages[k].len,
					 &m, err);
		}
		buf_addf(&text, "%s\n    { \"id\": ", i ? "," : "");
		jsonw_string(&text, in->id);
		buf_reset(&url);
		query_filter(s, in->id, &url);
		buf_addstr(&text, ", \"filter\": ");
		jsonw_string(&text, url.buf);
		oa_query_url(s, in->id, "*", NULL, NULL, &url);
		buf_addstr(&text, ", \"query\": ");
		jsonw_string(&text, url.buf);
		buf_addf(&text, ", \"pages\": %zu }", in->npages);
	}
	buf_addstr(&text, "\n  ]\n}\n");
	if (!rc) {
		path_join(&pdir, dir, SET_JSON);
		rc = file_write_atomic(pdir.buf, text.buf, text.len, err);
	}
	buf_release(&ignored);
	buf_release(&pdir);
	buf_release(&text);
	buf_release(&url);
	return rc;
}

void oa_set_digest(const struct oa_set *set, char sha[65], long long *bytes)
{
	struct buf all = BUF_INIT;

	for (size_t i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->inst[i].npages; k++)
			buf_add(&all, set->inst[i].pages[k].buf, set->inst[i].pages[k].len);
	sha256_hex(all.buf, all.len, sha);
	*bytes = (long long)all.len;
	buf_release(&all);
}
