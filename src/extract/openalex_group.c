/* openalex-group: a group_by response into observations. */
#include "extract/openalex_group.h"
#include <cjson/cJSON.h>
#include <math.h>
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

int extract_openalex_group(const struct extract_ctx *x, const char *data, size_t len,
			   struct obs_table *t, size_t src, struct buf *err)
{
	const struct source *s = x->s;
	cJSON *root = cJSON_ParseWithLength(data, len);
	const cJSON *meta, *count, *groups, *g;
	struct extract_tmp tmp;
	struct buf ptr = BUF_INIT;
	int rc = -1, line = 0;

	extract_tmp_init(&tmp);
	meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
	count = cJSON_GetObjectItemCaseSensitive(meta, "count");
	groups = cJSON_GetObjectItemCaseSensitive(root, "group_by");
	if (!cJSON_IsNumber(count) || count->valuedouble < 0 || !cJSON_IsArray(groups)) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(root, "message");
		buf_setf(err, "%s: not a group_by response (%s)", x->name,
			 !root && len && data[strspn(data, " \t\r\n")] == '<' ? "HTML, not JSON" :
			 !root ? "not valid JSON" : "no meta.count and \"group_by\" array");
		if (cJSON_IsString(msg)) {
			buf_addstr(err, "; the API says: ");
			buf_add_excerpt(err, msg->valuestring, 120);
		}
		goto out;
	}
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		if (m->group == GV_COUNT) {
			extract_tmp_add(&tmp, m->name, x->page_year, NULL, count->valuedouble, 0, 0);
			obs_set_pointer(&tmp.t, tmp.t.n - 1, "/meta/count");
			continue;
		}
		line = 0;
		cJSON_ArrayForEach(g, groups) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(g, "key");
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "count");
			char key[MAX_KEY];
			line++;
			if (!cJSON_IsString(k) || !cJSON_IsNumber(c) || c->valuedouble < 0 ||
			    c->valuedouble != floor(c->valuedouble)) {
				buf_setf(err, "%s: group %d: expected a \"key\" string and a \"count\" integer",
					 x->name, line);
				goto out;
			}
			if (group_key(k->valuestring, key))
				continue;
			if (m->group == GV_PARTNERS && x->profile->country &&
			    !strcmp(key, x->profile->country))
				continue;
			extract_tmp_add(&tmp, m->name, x->page_year, key, c->valuedouble, 0, 0);
			buf_reset(&ptr);
			buf_addf(&ptr, "/group_by/%d/count", line - 1);
			obs_set_pointer(&tmp.t, tmp.t.n - 1, ptr.buf);
		}
	}
	rc = extract_tmp_commit(&tmp, x->name, t, src, err);
out:
	extract_tmp_release(&tmp);
	buf_release(&ptr);
	cJSON_Delete(root);
	return rc;
}
