#include "works/oawork.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void oa_work_init(struct oa_work *w)
{
	memset(w, 0, sizeof(*w));
	buf_init(&w->arena, 0);
}

void oa_work_clear(struct oa_work *w)
{
	w->id = (struct oa_str){ 0, 0 };
	w->has_id = w->has_year = w->has_authorships = 0;
	w->year = 0;
	w->nauth = w->ninst = w->nstrs = 0;
	buf_reset(&w->arena);
}

void oa_work_release(struct oa_work *w)
{
	free(w->auth);
	free(w->inst);
	free(w->strs);
	buf_release(&w->arena);
	memset(w, 0, sizeof(*w));
	buf_init(&w->arena, 0);
}

struct oa_str oa_work_str(struct oa_work *w, const char *s, size_t len)
{
	const char *nul = memchr(s, '\0', len);
	struct oa_str r;

	if (nul)
		len = (size_t)(nul - s);
	r.off = (uint32_t)w->arena.len;
	r.len = (uint32_t)len;
	buf_add(&w->arena, s, len);
	return r;
}

uint32_t oa_work_add_str(struct oa_work *w, struct oa_str s)
{
	w->strs = xgrow(w->strs, &w->astrs, w->nstrs + 1, sizeof(*w->strs));
	w->strs[w->nstrs] = s;
	return (uint32_t)w->nstrs++;
}

struct oa_auth *oa_work_add_auth(struct oa_work *w)
{
	struct oa_auth *a;

	w->auth = xgrow(w->auth, &w->aauth, w->nauth + 1, sizeof(*w->auth));
	a = &w->auth[w->nauth++];
	memset(a, 0, sizeof(*a));
	a->countries = (uint32_t)w->nstrs;
	a->insts = (uint32_t)w->ninst;
	return a;
}

struct oa_inst *oa_work_add_inst(struct oa_work *w)
{
	struct oa_inst *in;

	w->inst = xgrow(w->inst, &w->ainst, w->ninst + 1, sizeof(*w->inst));
	in = &w->inst[w->ninst++];
	memset(in, 0, sizeof(*in));
	return in;
}

int oa_work_year(const struct oa_work *w)
{
	if (!w->has_year || !(w->year >= 1 && w->year <= 9999) ||
	    w->year != floor(w->year))
		return 0;
	return (int)w->year;
}

int oa_line_blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)line[i] > 32)
			return 0;
	return 1;
}

static int get_str(struct oa_work *w, const cJSON *o, const char *key,
		   struct oa_str *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(v))
		return 0;
	*out = oa_work_str(w, v->valuestring, strlen(v->valuestring));
	return 1;
}

/* Appends the strings of array a to w->strs; returns how many. */
static uint32_t add_strings(struct oa_work *w, const cJSON *a)
{
	uint32_t n = 0;
	const cJSON *e;

	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsString(e))
			continue;
		oa_work_add_str(w, oa_work_str(w, e->valuestring, strlen(e->valuestring)));
		n++;
	}
	return n;
}

static void add_inst(struct oa_work *w, const cJSON *o)
{
	struct oa_inst *in = oa_work_add_inst(w);
	const cJSON *lin = cJSON_GetObjectItemCaseSensitive(o, "lineage");
	struct oa_str s;

	if (get_str(w, o, "id", &s)) {
		in = &w->inst[w->ninst - 1];
		in->has_id = 1;
		in->id = s;
	}
	if (get_str(w, o, "ror", &s)) {
		in = &w->inst[w->ninst - 1];
		in->has_ror = 1;
		in->ror = s;
	}
	if (get_str(w, o, "country_code", &s)) {
		in = &w->inst[w->ninst - 1];
		in->has_country = 1;
		in->country = s;
	}
	if (cJSON_IsArray(lin)) {
		uint32_t first = (uint32_t)w->nstrs, n = add_strings(w, lin);
		in = &w->inst[w->ninst - 1];
		in->has_lineage = 1;
		in->lineage = first;
		in->nlineage = n;
	}
}

static void add_auth(struct oa_work *w, const cJSON *o)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "countries");
	const cJSON *is = cJSON_GetObjectItemCaseSensitive(o, "institutions");
	size_t ai = w->nauth;
	const cJSON *e;

	oa_work_add_auth(w);
	if (cJSON_IsArray(c)) {
		uint32_t first = (uint32_t)w->nstrs, n = add_strings(w, c);
		w->auth[ai].has_countries = 1;
		w->auth[ai].countries = first;
		w->auth[ai].ncountries = n;
	}
	if (cJSON_IsArray(is)) {
		w->auth[ai].has_institutions = 1;
		w->auth[ai].insts = (uint32_t)w->ninst;
		cJSON_ArrayForEach(e, is) {
			if (cJSON_IsObject(e))
				add_inst(w, e);
		}
		w->auth[ai].ninsts = (uint32_t)(w->ninst - w->auth[ai].insts);
	}
}

int oa_work_from_cjson(struct oa_work *w, const cJSON *item)
{
	const cJSON *y, *a, *e;

	oa_work_clear(w);
	if (!cJSON_IsObject(item))
		return -1;
	if (get_str(w, item, "id", &w->id))
		w->has_id = 1;
	y = cJSON_GetObjectItemCaseSensitive(item, "publication_year");
	if (cJSON_IsNumber(y)) {
		w->has_year = 1;
		w->year = y->valuedouble;
	}
	a = cJSON_GetObjectItemCaseSensitive(item, "authorships");
	if (cJSON_IsArray(a)) {
		w->has_authorships = 1;
		cJSON_ArrayForEach(e, a) {
			if (cJSON_IsObject(e))
				add_auth(w, e);
		}
	}
	return 0;
}
