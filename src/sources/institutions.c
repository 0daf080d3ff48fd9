/* Institution ids from OpenAlex and ROR: search and lookup. */
#include "sources/institutions.h"
#include "sources/openalex.h"
#include "lang/oaid.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define SEARCH_MAX_BYTES ((long long)4 << 20)

void inst_list_release(struct inst_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct inst_candidate *c = &l->v[i];
		free(c->openalex_id);
		free(c->ror);
		free(c->name);
		free(c->country);
		free(c->city);
		free(c->type);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int ror_short_id(const char *id, char out[16])
{
	const char *s = id;
	size_t len = strlen(id);

	oaid_strip(&s, &len);
	/* a ROR id: 0 then 6 base-32 characters then 2 check digits */
	if (len != 9 || s[0] != '0' || strspn(s, "0123456789abcdefghjkmnpqrstvwxyz") < 9)
		return -1;
	memcpy(out, s, 9);
	out[9] = '\0';
	return 0;
}

static const char *base_url(const char *env, const char *dflt)
{
	const char *b = getenv(env);
	return b && *b ? b : dflt;
}

/* Percent-encodes s for a query value or a path segment. */
static void add_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			buf_addch(out, c);
		else
			buf_addf(out, "%%%02X", c);
	}
}

/* GET url (shown without secrets): the parsed body, or NULL with err. */
static cJSON *get_json(const char *url, const char *shown, const struct fetch_settings *fs,
		       struct buf *err)
{
	struct fetch_req r = { 0 }, *v[1] = { &r };
	cJSON *root = NULL;

	r.url = url;
	r.shown_url = shown;
	r.timeout_ms = 30000;
	r.max_bytes = SEARCH_MAX_BYTES;
	r.budget_header = OA_BUDGET_HEADER;
	fetch_all(v, 1, fs);
	if (r.result != FETCH_OK)
		buf_setf(err, "%s", r.err.buf);
	else if (!(root = cJSON_ParseWithLength(r.body.buf, r.body.len)) || !cJSON_IsObject(root))
		buf_setf(err, "'%s': expected a JSON object", shown);
	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = NULL;
	}
	fetch_req_release(&r);
	return root;
}

static char *str_at(const cJSON *o, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(n) && *n->valuestring ? xstrdup(n->valuestring) : NULL;
}

static struct inst_candidate *add(struct inst_list *l, const char *from)
{
	struct inst_candidate *c;

	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	c = &l->v[l->n++];
	memset(c, 0, sizeof(*c));
	c->from = from;
	c->works = -1;
	return c;
}

/* One OpenAlex institution record. */
static void add_openalex(struct inst_list *l, const cJSON *o)
{
	struct inst_candidate *c;
	char *id = str_at(o, "id"), *ror = str_at(o, "ror");
	char sid[OA_ID_MAX], rid[16];
	const cJSON *geo = cJSON_GetObjectItemCaseSensitive(o, "geo");
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "works_count");

	if (id && !oa_short_id(id, sid)) {
		c = add(l, "openalex");
		c->openalex_id = xstrdup(sid);
		c->ror = ror && !ror_short_id(ror, rid) ? xstrdup(rid) : NULL;
		c->name = str_at(o, "display_name");
		c->country = str_at(o, "country_code");
		c->city = str_at(geo, "city");
		c->type = str_at(o, "type");
		c->works = cJSON_IsNumber(w) ? (long long)w->valuedouble : -1;
	}
	free(id);
	free(ror);
}

/* One ROR record, v1 (name, country, addresses) or v2 (names, locations). */
static void add_ror(struct inst_list *l, const cJSON *o)
{
	struct inst_candidate *c;
	char *id = str_at(o, "id");
	char rid[16];
	const cJSON *n, *e, *loc, *types;

	if (!id || ror_short_id(id, rid)) {
		free(id);
		return;
	}
	free(id);
	c = add(l, "ror");
	c->ror = xstrdup(rid);
	if (!(c->name = str_at(o, "name"))) {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, "names")) {
			cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(e, "types"))
				if (cJSON_IsString(n) && !strcmp(n->valuestring, "ror_display") && !c->name)
					c->name = str_at(e, "value");
		}
	}
	if (!(c->country = str_at(cJSON_GetObjectItemCaseSensitive(o, "country"), "country_code"))) {
		loc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "locations"), 0);
		loc = cJSON_GetObjectItemCaseSensitive(loc, "geonames_details");
		c->country = str_at(loc, "country_code");
		c->city = str_at(loc, "name");
	} else {
		c->city = str_at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "addresses"), 0), "city");
	}
	types = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "types"), 0);
	c->type = cJSON_IsString(types) ? xstrdup(types->valuestring) : NULL;
}

/* The OpenAlex request of path+query: with mailto and the key; shown without. */
static cJSON *openalex_get(const char *path, const char *mailto, const struct fetch_settings *fs,
			   struct buf *err)
{
	struct buf url = BUF_INIT, shown = BUF_INIT;
	cJSON *root;

	buf_addstr(&shown, base_url("INTLKPI_OPENALEX_API", "https://api.openalex.org"));
	buf_addstr(&shown, path);
	buf_addstr(&url, shown.buf);
	oa_add_credentials(&url, mailto, getenv(OA_KEY_ENV));
	if (!strchr(url.buf, '?') && strchr(url.buf, '&'))
		*strchr(url.buf, '&') = '?';
	root = get_json(url.buf, shown.buf, fs, err);
	buf_release(&url);
	buf_release(&shown);
	return root;
}

int inst_search_openalex(const char *name, const char *mailto,
			 const struct fetch_settings *fs, struct inst_list *l,
			 struct buf *err)
{
	struct buf path = BUF_INIT;
	const cJSON *e;
	cJSON *root;

	buf_addstr(&path, "/institutions?search=");
	add_escaped(&path, name);
	buf_addstr(&path, "&per-page=25");
	root = openalex_get(path.buf, mailto, fs, err);
	buf_release(&path);
	if (!root)
		return -1;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "results"))
		add_openalex(l, e);
	cJSON_Delete(root);
	return 0;
}

int inst_lookup_openalex(const char *id, const char *mailto,
			 const struct fetch_settings *fs, struct inst_list *l,
			 struct buf *err)
{
	struct buf path = BUF_INIT;
	cJSON *root;

	buf_addstr(&path, "/institutions/");
	add_escaped(&path, id);
	root = openalex_get(path.buf, mailto, fs, err);
	buf_release(&path);
	if (!root)
		return -1;
	add_openalex(l, root);
	cJSON_Delete(root);
	return 0;
}

static cJSON *ror_get(const char *path, const struct fetch_settings *fs, struct buf *err)
{
	struct buf url = BUF_INIT;
	cJSON *root;

	buf_addstr(&url, base_url("INTLKPI_ROR_API", "https://api.ror.org"));
	buf_addstr(&url, path);
	root = get_json(url.buf, url.buf, fs, err);
	buf_release(&url);
	return root;
}

int inst_search_ror(const char *name, const struct fetch_settings *fs,
		    struct inst_list *l, struct buf *err)
{
	struct buf path = BUF_INIT;
	const cJSON *e;
	cJSON *root;

	buf_addstr(&path, "/organizations?query=");
	add_escaped(&path, name);
	root = ror_get(path.buf, fs, err);
	buf_release(&path);
	if (!root)
		return -1;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "items"))
		add_ror(l, e);
	cJSON_Delete(root);
	return 0;
}

int inst_lookup_ror(const char *id, const struct fetch_settings *fs,
		    struct inst_list *l, struct buf *err)
{
	struct buf path = BUF_INIT;
	cJSON *root;

	buf_addstr(&path, "/organizations/");
	add_escaped(&path, id);
	root = ror_get(path.buf, fs, err);
	buf_release(&path);
	if (!root)
		return -1;
	add_ror(l, root);
	cJSON_Delete(root);
	return 0;
}
