#include "report/obs_json.h"
#include "util/schema.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include "util/banned.h"

static const char *str_or_null(const cJSON *obj, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

static int state_of(const char *name, enum source_state *st)
{
	for (int s = SRC_FRESH; s <= SRC_FAILED; s++)
		if (name && !strcmp(name, source_state_name((enum source_state)s))) {
			*st = (enum source_state)s;
			return 0;
		}
	return -1;
}

static int read_source(struct obs_table *t, const cJSON *j, size_t i,
		       struct buf *err)
{
	struct obs_source rec = { 0 };
	const char *sha = str_or_null(j, "sha256");
	const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(j, "bytes");
	const cJSON *snap = cJSON_GetObjectItemCaseSensitive(j, "snapshot");

	rec.id = (char *)str_or_null(j, "id");
	if (!rec.id || state_of(str_or_null(j, "state"), &rec.state)) {
		buf_setf(err, "sources[%zu]: expected an 'id' and a known 'state'", i);
		return -1;
	}
	rec.kind = (char *)str_or_null(j, "kind");
	rec.title = (char *)str_or_null(j, "title");
	rec.note = (char *)str_or_null(j, "note");
	rec.path = (char *)str_or_null(j, "path");
	rec.url = (char *)str_or_null(j, "url");
	rec.fetched_at = (char *)str_or_null(j, "fetched_at");
	rec.error = (char *)str_or_null(j, "error");
	if (sha && strlen(sha) == 64)
		memcpy(rec.sha256, sha, 65);
	rec.bytes = cJSON_IsNumber(bytes) ? (long long)bytes->valuedouble : 0;
	/* a metered source (OpenAlex) says how many requests it made */
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "requests"))) {
		const cJSON *left = cJSON_GetObjectItemCaseSensitive(j, "budget_remaining");
		rec.metered = true;
		rec.requests = (long long)cJSON_GetObjectItemCaseSensitive(j, "requests")->valuedouble;
		rec.budget_left = cJSON_IsNumber(left) ? (long long)left->valuedouble : -1;
	}
	if (cJSON_IsObject(snap)) {
		rec.snapshot.used = true;
		rec.snapshot.illustrative =
			cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(snap, "illustrative"));
		rec.snapshot.origin = (char *)str_or_null(snap, "origin");
		rec.snapshot.note = (char *)str_or_null(snap, "note");
	}
	/* what its extraction warned of (absent: none, or an older document) */
	{
		const cJSON *w, *ws = cJSON_GetObjectItemCaseSensitive(j, "warnings");
		char *kept[OBS_WARNINGS_KEPT + 1];
		cJSON_ArrayForEach(w, ws)
			if (cJSON_IsString(w) && rec.nwarnings < OBS_WARNINGS_KEPT + 1)
				kept[rec.nwarnings++] = w->valuestring;
		rec.warnings = kept;
		obs_add_source(t, &rec);
	}
	return 0;
}

static bool same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/*
 * The record of the observation's source: a paged source has one record
 * per page under the same id, told apart by url (or path) and sha256.
 */
static int source_index(const struct obs_table *t, size_t first, const cJSON *j,
			size_t *idx)
{
	const char *id = str_or_null(j, "source"), *sha = str_or_null(j, "sha256");
	for (size_t i = first; i < t->nsources; i++) {
		const struct obs_source *s = &t->sources[i];
		if (!strcmp(s->id, id) && same(s->url, str_or_null(j, "url")) &&
		    same(s->path, str_or_null(j, "path")) &&
		    (!sha || !*s->sha256 || !strcmp(s->sha256, sha))) {
			*idx = i;
			return 0;
		}
	}
	return -1;
}

static int read_obs(struct obs_table *t, size_t first, const cJSON *j, size_t i,
		    const char *only_source, int year, struct buf *err)
{
	const char *metric = str_or_null(j, "metric"), *src = str_or_null(j, "source");
	const cJSON *y = cJSON_GetObjectItemCaseSensitive(j, "year");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
	const cJSON *line = cJSON_GetObjectItemCaseSensitive(j, "line"), *l;
	size_t idx;

	if (!metric || !src || !cJSON_IsNumber(y) || !(cJSON_IsNumber(v) || cJSON_IsNull(v))) {
		buf_setf(err, "observations[%zu]: expected 'metric', 'year', 'value' and 'source'", i);
		return -1;
	}
	if ((only_source && strcmp(src, only_source)) || (year && y->valueint != year))
		return 0;
	if (source_index(t, first, j, &idx)) {
		buf_setf(err, "observations[%zu]: no source '%s' in 'sources'", i, src);
		return -1;
	}
	obs_add(t, idx, metric, y->valueint, str_or_null(j, "key"),
		cJSON_IsNumber(v) ? v->valuedouble : NAN,
		cJSON_IsNumber(line) ? line->valueint : 0);
	/* "lines" and "pointer" are absent from documents of older versions */
	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(j, "lines"))
		if (cJSON_IsNumber(l))
			obs_add_line(t, t->n - 1, l->valueint);
	obs_set_pointer(t, t->n - 1, str_or_null(j, "pointer"));
	return 0;
}

int obs_json_read(struct obs_table *t, const char *text, const char *only_source,
		  int year, struct buf *generated_at, struct buf *err)
{
	cJSON *root = cJSON_Parse(text);
	const char *schema = str_or_null(root, "schema");
	const cJSON *j;
	size_t first = t->nsources, i = 0;
	int rc = 0;

	if (!root || !schema || strcmp(schema, OBS_SCHEMA)) {
		buf_setf(err, "not an %s document", OBS_SCHEMA);
		cJSON_Delete(root);
		return -1;
	}
	if (generated_at && str_or_null(root, "generated_at"))
		buf_addstr(generated_at, str_or_null(root, "generated_at"));
	cJSON_ArrayForEach(j, cJSON_GetObjectItemCaseSensitive(root, "sources")) {
		const char *id = str_or_null(j, "id");
		if (!only_source || (id && !strcmp(id, only_source)))
			rc = rc ? rc : read_source(t, j, i, err);
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(j, cJSON_GetObjectItemCaseSensitive(root, "observations")) {
		if (!rc)
			rc = read_obs(t, first, j, i, only_source, year, err);
		i++;
	}
	cJSON_Delete(root);
	obs_sort(t);
	return rc;
}
