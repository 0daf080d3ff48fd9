/* openalex-group: group_by answers (one institution, or several) into observations. */
#include "extract/openalex_group.h"
#include "lang/oaid.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define MAX_KEY 64

/* The group's key: its last '/' segment, or -1 when it is none. */
static int group_key(const char *key, char out[MAX_KEY])
{
	const char *k = strrchr(key, '/');
	size_t n;

	k = k ? k + 1 : key;
	n = strlen(k);
	if (!n || n >= MAX_KEY || !strcmp(k, "unknown") || strcspn(k, " \t\r\n\"<>") != n)
		return -1;
	memcpy(out, k, n + 1);
	return 0;
}

/* Whose answer: the university (peer NULL) or a peer, with its own id and country. */
struct whose {
	const char *peer;	/* the peer's short id; NULL: the university */
	char id[OA_ID_MAX];	/* its own id: not a partner of itself */
	const char *country;	/* its own country: not a partner country */
};

/* A group's "key" year (group_by publication_year) within the source's years, or 0. */
static int key_year(const struct source *s, const char *key)
{
	char *end;
	long y = strtol(key, &end, 10);

	if (end == key || *end || y < s->query_from || y > s->query_to)
		return 0;
	return (int)y;
}

/* The last value added to tmp stands at the JSON pointer AT + tail (provenance). */
static void point_at(struct extract_tmp *tmp, const char *at, const char *tail, int group)
{
	struct buf p = BUF_INIT;
	buf_addstr(&p, at);
	buf_addstr(&p, tail);
	if (group >= 0)
		buf_addf(&p, "/%d/count", group);
	obs_set_pointer(&tmp->t, tmp->t.n - 1, p.buf);
	buf_release(&p);
}

/*
 * One answer ({"meta": {"count"}, "group_by": [...]}) of w, at JSON
 * pointer at in the document: 0, or -1 with err.
 */
static int read_answer(const struct extract_ctx *x, const cJSON *o, const struct whose *w,
		       const char *at, struct extract_tmp *tmp, struct buf *err)
{
	const struct source *s = x->s;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(o, "meta");
	const cJSON *count = cJSON_GetObjectItemCaseSensitive(meta, "count");
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(o, "group_by"), *g;
	int line = 0;

	if (!cJSON_IsNumber(count) || count->valuedouble < 0 || !cJSON_IsArray(groups)) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(o, "message");
		buf_setf(err, "%s: not a group_by response (no meta.count and \"group_by\" array%s%s)",
			 x->name, w->peer ? " for " : "", w->peer ? w->peer : "");
		if (cJSON_IsString(msg)) {
			buf_addstr(err, "; the API says: ");
			buf_add_excerpt(err, msg->valuestring, 120);
		}
		return -1;
	}
	cJSON_ArrayForEach(g, groups) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(g, "key");
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "count");
		line++;
		if (!cJSON_IsString(k) || !cJSON_IsNumber(c) || c->valuedouble < 0 ||
		    c->valuedouble != floor(c->valuedouble)) {
			buf_setf(err, "%s: group %d: expected a \"key\" string and a \"count\" integer",
				 x->name, line);
			return -1;
		}
	}
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		if (m->peers != (w->peer != NULL))
			continue;
		if (m->group == GV_COUNT) {
			extract_tmp_add(tmp, m->name, x->page_year, w->peer, count->valuedouble, 0, 0);
			point_at(tmp, at, "/meta/count", -1);
			continue;
		}
		if (m->group == GV_BY_YEAR)	/* a year without works is 0 works */
			for (int y = s->query_from; y <= s->query_to; y++) {
				double v = 0;
				cJSON_ArrayForEach(g, groups) {
					const char *key = cJSON_GetObjectItemCaseSensitive(g, "key")->valuestring;
					char kk[MAX_KEY];
					if (!group_key(key, kk) && key_year(s, kk) == y)
						v += cJSON_GetObjectItemCaseSensitive(g, "count")->valuedouble;
				}
				extract_tmp_add(tmp, m->name, y, w->peer, v, 0, 0);
			}
		if (m->group != GV_GROUPS && m->group != GV_PARTNERS)
			continue;
		line = 0;
		cJSON_ArrayForEach(g, groups) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(g, "key");
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "count");
			const cJSON *label = cJSON_GetObjectItemCaseSensitive(g, "key_display_name");
			char key[MAX_KEY];
			line++;
			if (group_key(k->valuestring, key))
				continue;
			if (m->group == GV_PARTNERS &&
			    ((w->country && !strcmp(key, w->country)) || !strcmp(key, w->id)))
				continue;
			extract_tmp_add(tmp, m->name, x->page_year, key, c->valuedouble, line, 0);
			point_at(tmp, at, "/group_by", line - 1);
			if (cJSON_IsString(label) && *label->valuestring && strcmp(label->valuestring, key))
				obs_add_label(&tmp->t, 0, key, label->valuestring);
		}
	}
	return 0;
}

/* The peer of the profile whose OpenAlex id is id, or NULL. */
static const struct peer *peer_of(const struct profile *p, const char *id)
{
	char sid[OA_ID_MAX];

	for (size_t i = 0; i < p->npeers; i++)
		if (p->peers[i].openalex_id && !oa_short_id(p->peers[i].openalex_id, sid) &&
		    !strcmp(sid, id))
			return &p->peers[i];
	return NULL;
}

int extract_openalex_group(const struct extract_ctx *x, const char *data, size_t len,
			   struct obs_table *t, size_t src, struct buf *err)
{
	const struct profile *p = x->profile;
	cJSON *root = cJSON_ParseWithLength(data, len);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "institutions"), *e;
	struct extract_tmp tmp;
	struct whose us = { NULL, "", p->country };
	struct buf at = BUF_INIT;
	size_t nth = 0;
	int rc = -1;

	extract_tmp_init(&tmp);
	if (p->openalex_id)
		oa_short_id(p->openalex_id, us.id);
	if (!root) {
		buf_setf(err, "%s: not a group_by response (%s)", x->name,
			 len && data[strspn(data, " \t\r\n")] == '<' ? "HTML, not JSON" : "not valid JSON");
		goto out;
	}
	if (!list) {
		if (read_answer(x, root, &us, "", &tmp, err))
			goto out;
	} else if (!cJSON_IsArray(list)) {
		buf_setf(err, "%s: \"institutions\" is not an array", x->name);
		goto out;
	}
	cJSON_ArrayForEach(e, list) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
		const struct peer *q;
		struct whose w = { NULL, "", NULL };
		buf_reset(&at);
		buf_addf(&at, "/institutions/%zu", nth++);
		if (!cJSON_IsString(id) || oa_short_id(id->valuestring, w.id)) {
			buf_setf(err, "%s: an institution's answer without an OpenAlex \"id\"", x->name);
			goto out;
		}
		if (!strcmp(w.id, us.id)) {
			w = us;
		} else if ((q = peer_of(p, w.id))) {
			w.peer = w.id;
			w.country = q->country;
		} else {
			continue;	/* an institution no longer in the profile */
		}
		if (read_answer(x, e, &w, at.buf, &tmp, err))
			goto out;
	}
	rc = extract_tmp_commit(&tmp, x->name, t, src, err);
out:
	extract_tmp_release(&tmp);
	buf_release(&at);
	cJSON_Delete(root);
	return rc;
}
