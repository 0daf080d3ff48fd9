/* A source's "expect" block: what a fresh body must yield (docs/operations.md). */
#include "config/file.h"
#include "config/expect.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static const char *const expect_keys[] = { "optional", "shrink",
	"min_observations", "range", "max_change", "note", NULL };

static int known_metric(const struct source *s, const char *name)
{
	for (size_t i = 0; i < s->nmetrics; i++)
		if (s->metrics[i].name && !strcmp(s->metrics[i].name, name))
			return 1;
	return 0;
}

static int get_bool(struct cfile *f, const cJSON *obj, const char *key, bool *out)
{
	const cJSON *n = cfg_get(obj, key);
	if (!n)
		return 0;
	if (!cJSON_IsBool(n)) {
		cfg_err(f, n, 0, "expected 'expect.%s' to be true or false, found %s",
			key, cfg_type_name(n));
		return -1;
	}
	*out = cJSON_IsTrue(n);
	return 0;
}

/* One bound of a range: a number, or null for none. */
static int bound(struct cfile *f, const cJSON *n, const char *metric, double *out)
{
	if (cJSON_IsNull(n)) {
		*out = NAN;
		return 0;
	}
	if (!cJSON_IsNumber(n) || !isfinite(n->valuedouble)) {
		cfg_err(f, n, 0, "'expect.range' of '%s': expected a number or null, found %s",
			metric, cfg_type_name(n));
		return -1;
	}
	*out = n->valuedouble;
	return 0;
}

static struct expect_bound *add_bound(struct expect_bound **v, size_t *n,
				      size_t *alloc, const char *metric)
{
	struct expect_bound *b;
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	b = &(*v)[(*n)++];
	b->metric = metric ? xstrdup(metric) : NULL;
	b->min = b->max = NAN;
	return b;
}

/* "range": { "METRIC": [MIN, MAX], ... } with null for an open end. */
static void load_ranges(struct source *s, struct cfile *f, const cJSON *n)
{
	struct source_expect *e = &s->expect;
	const cJSON *r;
	size_t alloc = 0;

	if (!cJSON_IsObject(n)) {
		cfg_err(f, n, 0, "expected 'expect.range' to be an object of metric: [min, max]");
		return;
	}
	cfg_check_duplicates(f, n);
	cJSON_ArrayForEach(r, n) {
		double lo, hi;
		if (!known_metric(s, r->string)) {
			cfg_err(f, r, 1, "'expect.range': '%s' is not a metric of this source",
				r->string);
			continue;
		}
		if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) != 2) {
			cfg_err(f, r, 0, "'expect.range' of '%s': expected [min, max] (null for no bound)",
				r->string);
			continue;
		}
		if (bound(f, cJSON_GetArrayItem(r, 0), r->string, &lo) ||
		    bound(f, cJSON_GetArrayItem(r, 1), r->string, &hi))
			continue;
		if (!isnan(lo) && !isnan(hi) && lo > hi) {
			cfg_err(f, r, 0, "'expect.range' of '%s': min %g is above max %g",
				r->string, lo, hi);
			continue;
		}
		struct expect_bound *b = add_bound(&e->ranges, &e->nranges, &alloc, r->string);
		b->min = lo;
		b->max = hi;
	}
}

static int change_value(struct cfile *f, const cJSON *n, const char *what, double *out)
{
	if (!cJSON_IsNumber(n) || !(n->valuedouble > 0) || !isfinite(n->valuedouble)) {
		cfg_err(f, n, 0, "'expect.max_change'%s: expected a positive number (0.5: at most 50%% up or down)",
			what);
		return -1;
	}
	*out = n->valuedouble;
	return 0;
}

/* "max_change": 0.5 (every metric) or { "METRIC": 0.5, ... }. */
static void load_changes(struct source *s, struct cfile *f, const cJSON *n)
{
	struct source_expect *e = &s->expect;
	const cJSON *c;
	size_t alloc = 0;
	double v;

	if (cJSON_IsNumber(n)) {
		if (!change_value(f, n, "", &v))
			add_bound(&e->changes, &e->nchanges, &alloc, NULL)->max = v;
		return;
	}
	if (!cJSON_IsObject(n)) {
		cfg_err(f, n, 0, "expected 'expect.max_change' to be a number or an object of metric: number");
		return;
	}
	cfg_check_duplicates(f, n);
	cJSON_ArrayForEach(c, n) {
		if (!known_metric(s, c->string)) {
			cfg_err(f, c, 1, "'expect.max_change': '%s' is not a metric of this source",
				c->string);
			continue;
		}
		if (!change_value(f, c, " of a metric", &v))
			add_bound(&e->changes, &e->nchanges, &alloc, c->string)->max = v;
	}
}

void config_load_expect(struct source *s, struct cfile *f)
{
	const cJSON *x = cfg_get(f->root, "expect"), *n;
	struct source_expect *e = &s->expect;
	int v;

	if (!x)
		return;
	if (!cJSON_IsObject(x)) {
		cfg_err(f, x, 0, "expected 'expect' to be an object");
		return;
	}
	cfg_check_keys(f, x, expect_keys, NULL);
	free(cfg_str(f, x, "note", 0));	/* why these bounds: for people, a string */
	if (!get_bool(f, x, "optional", &e->optional) && e->optional && !s->has_match)
		cfg_err(f, cfg_get(x, "optional"), 1,
			"'expect.optional' is for a source with 'match' (the university may be missing)");
	get_bool(f, x, "shrink", &e->shrink);
	if (cfg_get(x, "min_observations") &&
	    !cfg_int(f, x, "min_observations", 0, &v)) {
		if (v < 1)
			cfg_err(f, cfg_get(x, "min_observations"), 0,
				"expected 'expect.min_observations' to be a positive integer");
		else
			e->min_observations = v;
	}
	if ((n = cfg_get(x, "range")))
		load_ranges(s, f, n);
	if ((n = cfg_get(x, "max_change")))
		load_changes(s, f, n);
}

void config_expect_release(struct source_expect *e)
{
	for (size_t i = 0; i < e->nranges; i++)
		free(e->ranges[i].metric);
	for (size_t i = 0; i < e->nchanges; i++)
		free(e->changes[i].metric);
	free(e->ranges);
	free(e->changes);
	memset(e, 0, sizeof(*e));
}
