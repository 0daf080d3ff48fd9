/* openalex-group: group_by answers paged by cursor, per institution, within max_requests. */
#include "collect/collect.h"
#include "collect/unit.h"
#include "sources/openalex.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define GROUP_MAX_PAGES 500	/* per institution and unit: 100,000 groups */
#define GROUP_MAX_CURSOR 4096

/* One institution a unit asks about, and its answer so far. */
struct ginst {
	char id[OA_ID_MAX];
	bool peer;
	char *cursor;		/* the next page's; NULL when done */
	double count;		/* meta.count of the first page */
	cJSON *groups;		/* every page's groups, in order */
	size_t pages;
	struct buf url, shown;
	struct fetch_req req;
};

/* The institutions of s: the university when a metric is of it, then the peers'. */
static size_t group_insts(const struct config *cfg, const struct source *s,
			  struct ginst *v)
{
	const struct profile *p = &cfg->profile;
	bool us = false, peers = false;
	size_t n = 0;
	char (*seen)[OA_ID_MAX] = xcalloc(p->npeers + 1, sizeof(*seen));

	for (size_t i = 0; i < s->nmetrics; i++) {
		us |= !s->metrics[i].peers;
		peers |= s->metrics[i].peers;
	}
	for (size_t i = 0; i <= p->npeers; i++) {
		const char *id = i ? (peers ? p->peers[i - 1].openalex_id : NULL) :
				     (us ? p->openalex_id : NULL);
		char sid[OA_ID_MAX];
		bool dup = false;
		if (!id || oa_short_id(id, sid))
			continue;
		for (size_t k = 0; k < n; k++)
			dup |= !strcmp(seen[k], sid);
		if (dup)
			continue;
		memcpy(seen[n], sid, sizeof(sid));
		if (v) {
			memset(&v[n], 0, sizeof(v[n]));
			memcpy(v[n].id, sid, sizeof(sid));
			v[n].peer = i > 0;
		}
		n++;
	}
	free(seen);
	return n;
}

/* The first unit of u's source (its units are side by side). */
static const struct unit *first_unit(const struct unit *u)
{
	return u->s->group_period ? u : u - (u->year - u->s->pages_from);
}

int group_request(struct run *r, struct unit *u)
{
	size_t asked = 0, need = group_insts(r->cfg, u->s, NULL);

	/* at least one request per institution for each unit planned before */
	for (const struct unit *w = first_unit(u); w < u; w++)
		asked += w->plan == PLAN_FETCH ? need : 0;
	if (asked + need > (size_t)u->s->max_requests) {
		u->plan = PLAN_OVER_BUDGET;
		return 1;
	}
	return 0;
}

/* What each openalex-group source is about to ask, before it does. */
void group_estimate(const struct config *cfg, const struct unit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct source *s = v[i].s;
		size_t due = 0, over = 0, units = 0, insts;
		const char *per;
		if (s->kind_id != KIND_OPENALEX_GROUP || (i && v[i - 1].s == s))
			continue;
		insts = group_insts(cfg, s, NULL);
		for (size_t k = i; k < n && v[k].s == s; k++) {
			units++;
			due += v[k].plan == PLAN_FETCH;
			over += v[k].plan == PLAN_OVER_BUDGET;
		}
		per = s->group_period ? (insts > 1 ? "institution" : "period") :
		      insts > 1 ? "year and institution" : "year";
		if (due || over)
			notef("openalex-group '%s': %zu request%s due of %zu (one per %s%s; max_requests %d)%s",
			      s->id, due * insts, due * insts == 1 ? "" : "s", units * insts, per,
			      ", more for an answer of more than 200 groups",
			      s->max_requests, over ? "; the rest wait for the next run" : "");
		if (over)
			warnf("openalex-group '%s': %zu %s over max_requests (%d): not fetched this run",
			      s->id, over, s->group_period ? "period" : over == 1 ? "year" : "years",
			      s->max_requests);
	}
}

/* Checks one fetched page of g and takes its groups: 0, or -1 with err. */
static int take_page(struct ginst *g, struct buf *err)
{
	struct fetch_req *q = &g->req;
	cJSON *root;
	const cJSON *meta, *count, *groups, *nc, *e;
	char *next = NULL;
	size_t got = 0;

	if (q->result != FETCH_OK) {
		buf_setf(err, "%s", q->err.buf);
		return -1;
	}
	root = cJSON_ParseWithLength(q->body.buf, q->body.len);
	meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
	count = cJSON_GetObjectItemCaseSensitive(meta, "count");
	groups = cJSON_GetObjectItemCaseSensitive(root, "group_by");
	nc = cJSON_GetObjectItemCaseSensitive(meta, "next_cursor");
	if (!cJSON_IsNumber(count) || count->valuedouble < 0 || !cJSON_IsArray(groups)) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(root, "message");
		buf_setf(err, "'%s': not a group_by answer (%s)", g->shown.buf,
			 !root ? "not valid JSON" : "no meta.count and \"group_by\" array");
		if (cJSON_IsString(msg)) {
			buf_addstr(err, "; the API says: ");
			buf_add_excerpt(err, msg->valuestring, 120);
		}
		cJSON_Delete(root);
		return -1;
	}
	if (nc && !cJSON_IsNull(nc) &&
	    (!cJSON_IsString(nc) || strlen(nc->valuestring) > GROUP_MAX_CURSOR)) {
		buf_setf(err, "'%s': meta.next_cursor is neither a cursor nor null", g->shown.buf);
		cJSON_Delete(root);
		return -1;
	}
	if (!g->pages++)
		g->count = count->valuedouble;
	cJSON_ArrayForEach(e, groups) {
		cJSON_AddItemToArray(g->groups, cJSON_Duplicate(e, 1));
		got++;
	}
	if (cJSON_IsString(nc) && *nc->valuestring && got)
		next = xstrdup(nc->valuestring);
	cJSON_Delete(root);
	if (next && g->cursor && !strcmp(next, g->cursor)) {
		buf_setf(err, "'%s': meta.next_cursor repeats the cursor; paging stopped", g->shown.buf);
		free(next);
		return -1;
	}
	if (next && g->pages >= GROUP_MAX_PAGES) {
		buf_setf(err, "'%s': more than %d pages of groups; paging stopped", g->shown.buf,
			 GROUP_MAX_PAGES);
		free(next);
		return -1;
	}
	free(g->cursor);
	g->cursor = next;
	if (next && q->budget_left == 0) {
		buf_setf(err, "the OpenAlex quota is spent (%s: 0) after page %zu of %s; "
			 "this source stops until the quota resets", OA_BUDGET_HEADER, g->pages, g->id);
		return -1;
	}
	return 0;
}

/* The answer of every institution as one document (docs/configuration.md). */
static char *merged_body(const struct ginst *v, size_t n)
{
	cJSON *root = cJSON_CreateObject(), *list = NULL;
	char *text;

	if (n > 1 || v[0].peer)
		list = cJSON_AddArrayToObject(root, "institutions");
	for (size_t i = 0; i < n; i++) {
		cJSON *o = list ? cJSON_CreateObject() : root, *meta;
		if (list) {
			cJSON_AddStringToObject(o, "id", v[i].id);
			cJSON_AddItemToArray(list, o);
		}
		meta = cJSON_AddObjectToObject(o, "meta");
		cJSON_AddNumberToObject(meta, "count", v[i].count);
		cJSON_AddNumberToObject(meta, "groups_count", cJSON_GetArraySize(v[i].groups));
		cJSON_AddNumberToObject(meta, "pages", (double)v[i].pages);
		cJSON_AddItemToObject(o, "group_by", cJSON_Duplicate(v[i].groups, 1));
	}
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

/*
 * Fetches every page of every institution of u (the institutions side by
 * side, one request each per round): 0; 1 when max_requests stops it
 * before the last page; or ERR_DATA with err (*network when a request
 * failed). *requests counts the requests made, *budget_left what the last
 * answer said of the quota.
 */
static int fetch_pages(struct run *r, struct unit *u, struct ginst *v, size_t n,
		       size_t spent, size_t *requests, long long *budget_left,
		       bool *network, struct buf *err)
{
	const char *key = getenv(OA_KEY_ENV);
	struct fetch_req **reqs = xcalloc(n + 1, sizeof(*reqs));
	struct ginst **who = xcalloc(n + 1, sizeof(*who));
	struct fetch_settings fs;
	struct buf ua = BUF_INIT, q = BUF_INIT;
	int rc = 0;

	collect_user_agent(r->cfg, &ua);
	fetch_settings_init(&fs, ua.buf);
	for (size_t i = 0; i < n; i++)
		v[i].cursor = xstrdup("*");
	while (!rc) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			struct ginst *g = &v[i];
			if (!g->cursor)
				continue;
			if (spent + *requests + k >= (size_t)u->s->max_requests) {
				buf_setf(err, "this run reached the source's max_requests (%d) before the last page of %s",
					 u->s->max_requests, g->id);
				rc = 1;
				break;
			}
			config_group_inst(u->s->group_query, g->id, &q);
			source_expand(q.buf, u->year, &g->shown);
			buf_addstr(&g->shown, "&cursor=");
			oa_escape(&g->shown, g->cursor);
			buf_reset(&g->url);
			buf_addstr(&g->url, g->shown.buf);
			oa_add_credentials(&g->url, r->cfg->profile.contact_email, key);
			memset(&g->req, 0, sizeof(g->req));
			g->req.url = g->url.buf;
			g->req.shown_url = g->shown.buf;
			g->req.timeout_ms = u->s->timeout_ms;
			g->req.max_bytes = u->s->max_bytes;
			g->req.budget_header = OA_BUDGET_HEADER;
			who[k] = g;
			reqs[k++] = &g->req;
		}
		if (rc || !k)
			break;
		fetch_all(reqs, k, &fs);
		for (size_t j = 0; j < k; j++) {
			struct ginst *g = who[j];
			*requests += (size_t)reqs[j]->attempts;
			if (reqs[j]->budget_left >= 0)
				*budget_left = reqs[j]->budget_left;
			if (!rc && reqs[j]->result != FETCH_OK)
				*network = true;
			if (!rc)
				rc = take_page(g, err);
			fetch_req_release(reqs[j]);
		}
	}
	free(reqs);
	free(who);
	buf_release(&ua);
	buf_release(&q);
	return rc;
}

int run_group(struct run *r, struct unit *u, size_t idx)
{
	size_t n = group_insts(r->cfg, u->s, NULL), spent = 0, requests = 0;
	struct ginst *v;
	struct buf err = BUF_INIT;
	long long budget_left = -1;
	bool network = false;
	char *body = NULL;
	int rc = 0;

	if (u->plan == PLAN_OVER_BUDGET) {
		buf_setf(&err, "not fetched: this run reached the source's max_requests (%d)",
			 u->s->max_requests);
		warnf("'%s' %s", u->url.buf, err.buf);
		rc = unit_fall_back(r, u, idx, err.buf, true);
		buf_release(&err);
		return rc;
	}
	if (u->plan != PLAN_FETCH)
		return unit_use_last_good(r, u, idx);
	for (const struct unit *w = first_unit(u); w < u; w++)
		spent += w->requests;
	v = xcalloc(n + 1, sizeof(*v));
	group_insts(r->cfg, u->s, v);
	for (size_t i = 0; i < n; i++) {
		v[i].groups = cJSON_CreateArray();
		buf_init(&v[i].url, 0);
		buf_init(&v[i].shown, 0);
	}
	rc = fetch_pages(r, u, v, n, spent, &requests, &budget_left, &network, &err);
	u->requests = requests;
	r->t->sources[idx].requests = (long long)requests;
	r->t->sources[idx].budget_left = budget_left;
	if (!rc) {
		size_t pages = 0;
		body = merged_body(v, n);
		for (size_t i = 0; i < n; i++)
			pages += v[i].pages;
		if (!(rc = unit_extract_fresh(r, u, idx, body, strlen(body), u->url.buf, &err))) {
			unit_store(r, u, body, strlen(body), 200, NULL, NULL);
			collect_say(r, "fetched %zu group_by page%s of %zu institution%s from '%s' (%zu request%s)",
				    pages, pages == 1 ? "" : "s", n, n == 1 ? "" : "s", u->url.buf,
				    requests, requests == 1 ? "" : "s");
		}
	}
	if (rc > 0) {
		/* the budget ran out before the last page: as a unit over budget */
		warnf("'%s' not fetched whole: %s", u->url.buf, err.buf);
		rc = unit_fall_back(r, u, idx, err.buf, true);
	} else if (rc < 0) {
		rc = unit_failed(r, u, idx, err.buf, true, network ? ERR_NETWORK : rc);
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].cursor);
		cJSON_Delete(v[i].groups);
		buf_release(&v[i].url);
		buf_release(&v[i].shown);
	}
	free(v);
	free(body);
	buf_release(&err);
	return rc;
}
