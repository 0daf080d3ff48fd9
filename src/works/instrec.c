/* Institution records: OpenAlex's institutions entity file. */
#include "works/instrec.h"
#include "lang/oaid.h"
#include "util/lines.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void inst_records_init(struct inst_records *t)
{
	memset(t, 0, sizeof(*t));
	strtab_init(&t->ids);
	strtab_init(&t->rors);
	strtab_init(&t->types);
	strtab_init(&t->names);
	t->company = UINT32_MAX;
}

void inst_records_release(struct inst_records *t)
{
	strtab_release(&t->ids);
	strtab_release(&t->rors);
	strtab_release(&t->types);
	strtab_release(&t->names);
	free(t->r);
	memset(t, 0, sizeof(*t));
}

/* The id without its https://openalex.org/ or https://ror.org/ prefix. */
static const char *short_id(const char *s)
{
	size_t len = strlen(s);

	oaid_strip(&s, &len);
	return s;
}

static double coord(const cJSON *geo, const char *key, double limit)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(geo, key);

	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || fabs(v->valuedouble) > limit)
		return NAN;
	return v->valuedouble;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* One record line into t; -1 when it is not a record. */
static int add_line(struct inst_records *t, const char *line, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(line, len), *geo;
	const char *id, *ror, *type, *cc, *name;
	struct inst_rec *r;
	uint32_t k;

	if (!cJSON_IsObject(o) || !(id = str_of(o, "id"))) {
		cJSON_Delete(o);
		return -1;
	}
	id = short_id(id);
	k = strtab_intern(&t->ids, id, strlen(id));
	t->r = xgrow(t->r, &t->ar, k + 1, sizeof(*t->r));
	r = &t->r[k];
	r->ror = r->type = r->name = UINT32_MAX;
	r->country[0] = '\0';
	geo = cJSON_GetObjectItemCaseSensitive(o, "geo");
	r->lat = coord(geo, "latitude", 90);
	r->lon = coord(geo, "longitude", 180);
	if (isnan(r->lat) || isnan(r->lon))
		r->lat = r->lon = NAN;
	if ((ror = str_of(o, "ror"))) {
		ror = short_id(ror);
		r->ror = strtab_intern(&t->rors, ror, strlen(ror));
	}
	if ((name = str_of(o, "display_name")))
		r->name = strtab_intern(&t->names, name, strlen(name));
	if ((type = str_of(o, "type"))) {
		r->type = strtab_intern(&t->types, type, strlen(type));
		if (!strcmp(type, "company"))
			t->company = r->type;
	}
	cc = str_of(o, "country_code");
	if (!cc)
		cc = str_of(geo, "country_code");
	if (cc && strlen(cc) == 2) {
		r->country[0] = (char)(cc[0] >= 'a' && cc[0] <= 'z' ? cc[0] - 32 : cc[0]);
		r->country[1] = (char)(cc[1] >= 'a' && cc[1] <= 'z' ? cc[1] - 32 : cc[1]);
		r->country[2] = '\0';
	}
	cJSON_Delete(o);
	return 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t digest(const struct inst_records *t)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (uint32_t i = 0; i < t->ids.n; i++) {
		const struct inst_rec *r = &t->r[i];
		const char *id = strtab_str(&t->ids, i);
		const char *ror = inst_records_ror(t, r), *type = inst_records_type(t, r);
		const char *name = inst_records_name(t, r);
		h = fnv(h, id, strlen(id) + 1);
		h = fnv(h, ror ? ror : "", ror ? strlen(ror) + 1 : 1);
		h = fnv(h, name ? name : "", name ? strlen(name) + 1 : 1);
		h = fnv(h, type ? type : "", type ? strlen(type) + 1 : 1);
		h = fnv(h, r->country, 3);
		h = fnv(h, &r->lat, sizeof(r->lat));
		h = fnv(h, &r->lon, sizeof(r->lon));
	}
	return h;
}

int inst_records_load(struct inst_records *t, const char *path, struct buf *err)
{
	struct lines l;
	const char *line;
	size_t len;
	int r;

	if (lines_open(&l, path, 0, 0, err)) {
		lines_close(&l);
		return -1;
	}
	while ((r = lines_next(&l, &line, &len, err)) > 0) {
		size_t i = 0;
		t->lines++;
		while (i < len && (unsigned char)line[i] <= ' ')
			i++;
		if (i == len)
			continue;
		if (r == 2 || add_line(t, line, len)) {
			t->malformed++;
			if (!t->first_bad)
				t->first_bad = l.lineno;
		} else {
			t->records++;
		}
	}
	lines_close(&l);
	if (r < 0)
		return -1;
	if (!t->ids.n) {
		buf_setf(err, "'%s': no institution record (OpenAlex institutions, one JSON object per line)",
			 path);
		return -1;
	}
	t->digest = digest(t);
	return 0;
}

const struct inst_rec *inst_records_find(const struct inst_records *t, const char *id)
{
	long k = t && t->ids.n ? strtab_find(&t->ids, id, strlen(id)) : -1;

	return k < 0 ? NULL : &t->r[k];
}

const char *inst_records_type(const struct inst_records *t, const struct inst_rec *r)
{
	return r && r->type != UINT32_MAX ? strtab_str(&t->types, r->type) : NULL;
}

const char *inst_records_ror(const struct inst_records *t, const struct inst_rec *r)
{
	return r && r->ror != UINT32_MAX ? strtab_str(&t->rors, r->ror) : NULL;
}

const char *inst_records_name(const struct inst_records *t, const struct inst_rec *r)
{
	return r && r->name != UINT32_MAX ? strtab_str(&t->names, r->name) : NULL;
}

/*
 * CWTS-OpenAlex-databases (indicators, pub_gcd): 2 * 6371.01 *
 * asin(sqrt((1 - cos(dlat)) / 2 + cos(lat1) cos(lat2) (1 - cos(dlon)) / 2)),
 * the angles in radians, so that a distance at 100 or 5000 km falls on the
 * same side as in CWTS's tables.
 */
double inst_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = 3.14159265358979323846 / 180;
	double a1 = lat1 * rad, a2 = lat2 * rad, o1 = lon1 * rad, o2 = lon2 * rad;
	double h = (1 - cos(a2 - a1)) / 2 + cos(a1) * cos(a2) * ((1 - cos(o2 - o1)) / 2);

	return 2 * 6371.01 * asin(sqrt(h < 1 ? (h > 0 ? h : 0) : 1));
}
