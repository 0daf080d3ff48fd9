/* What changed between two runs (rundiff.h): the comparison and its JSON. */
#include "render/rundiff.h"
#include "render/rundiff_in.h"
#include "render/outdoc.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static bool same_num(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

bool rundiff_same_str(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static const cJSON *by_id(const cJSON *list, const char *id)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, list)
		if (rundiff_same_str(od_str(e, "id"), id))
			return e;
	return NULL;
}

/* ---- KPIs ---- */

static double value_of(const cJSON *kpi, int year)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, od_get(kpi, "series"))
		if ((int)od_num(p, "year") == year)
			return od_num(p, "value");
	return NAN;
}

static void add_years(const cJSON *kpi, int *years, size_t *n)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, od_get(kpi, "series")) {
		double yd = od_num(p, "year");
		int y = isnan(yd) ? 0 : (int)yd;
		size_t i = 0;
		while (i < *n && years[i] != y)
			i++;
		if (y && i == *n && *n < 256)
			years[(*n)++] = y;
	}
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The differences of one KPI (either side may be NULL); false when none. */
static bool kpi_diff(const cJSON *a, const cJSON *b, struct kpi_change *c)
{
	int years[256];
	size_t ny = 0, alloc = 0;
	const cJSON *fa = a ? od_get(a, "forecast") : NULL, *fb = b ? od_get(b, "forecast") : NULL;

	memset(c, 0, sizeof(*c));
	c->old = a;
	c->new = b;
	if (a)
		add_years(a, years, &ny);
	if (b)
		add_years(b, years, &ny);
	qsort(years, ny, sizeof(int), int_cmp);
	for (size_t i = 0; i < ny; i++) {
		double x = a ? value_of(a, years[i]) : NAN, y = b ? value_of(b, years[i]) : NAN;
		if (same_num(x, y))
			continue;
		c->vals = xgrow(c->vals, &alloc, c->nvals + 1, sizeof(*c->vals));
		c->vals[c->nvals++] = (struct val_change){ years[i], x, y };
	}
	c->status = !a || !b || !rundiff_same_str(od_str(a, "status"), od_str(b, "status"));
	c->forecast = !same_num(od_num(fa, "value"), od_num(fb, "value")) ||
		      !same_num(od_num(fa, "year"), od_num(fb, "year"));
	return c->nvals || c->status || c->forecast;
}

/*
 * Whether the formula names metric: an identifier not followed by '('
 * (that is a function). Numbers such as 1e3 are skipped whole.
 */
static bool formula_uses(const char *f, const char *metric)
{
	size_t mlen = strlen(metric);
	while (f && *f) {
		if ((*f >= 'A' && *f <= 'Z') || (*f >= 'a' && *f <= 'z') || *f == '_') {
			const char *id = f, *p;
			while ((*f >= 'A' && *f <= 'Z') || (*f >= 'a' && *f <= 'z') ||
			       (*f >= '0' && *f <= '9') || *f == '_')
				f++;
			for (p = f; *p == ' ' || *p == '\t'; p++)
				;
			if (*p != '(' && (size_t)(f - id) == mlen && !memcmp(id, metric, mlen))
				return true;
		} else if (*f >= '0' && *f <= '9') {
			while ((*f >= '0' && *f <= '9') || *f == '.' || *f == 'e' || *f == 'E')
				f++;
		} else {
			f++;
		}
	}
	return false;
}

static bool lists_source(const cJSON *kpi, const char *id)
{
	const cJSON *s, *list = od_get(kpi, "sources");
	if (!cJSON_GetArraySize(list))
		return true;	/* a KPI that names no source: any of the metric's */
	cJSON_ArrayForEach(s, list)
		if (cJSON_IsString(s) && rundiff_same_str(s->valuestring, id))
			return true;
	return false;
}

static bool kpi_reads(const cJSON *kpi, const cJSON *ob)
{
	return kpi && formula_uses(od_str(kpi, "formula"), od_str(ob, "metric")) &&
	       lists_source(kpi, od_str(ob, "source"));
}

/* Whether observation change o feeds KPI change c: a metric of its formula, from its source. */
bool rundiff_feeds(const struct kpi_change *c, const struct change *o)
{
	const cJSON *x = o->new ? o->new : o->old;
	return kpi_reads(c->new, x) || kpi_reads(c->old, x);
}

/* ---- observations and source pages ---- */

/* Where a record came from: its url, else its path ("" when neither). */
const char *rundiff_page(const cJSON *x)
{
	const char *u = od_str_or_null(x, "url");
	return u ? u : od_str(x, "path");
}

/*
 * Observations are the same quantity by (metric, year, key, source),
 * whichever page served them (a data file renamed, a page found at
 * another URL); ordered by page too, so that repeats pair in order.
 */
static int obs_key_cmp(const cJSON *a, const cJSON *b)
{
	int c = strcmp(od_str(a, "metric"), od_str(b, "metric"));
	double ya = od_num(a, "year"), yb = od_num(b, "year");
	const char *ka = od_str_or_null(a, "key"), *kb = od_str_or_null(b, "key");
	if (c)
		return c;
	if (ya != yb)
		return ya < yb ? -1 : 1;
	if (!ka != !kb)
		return ka ? 1 : -1;
	if (ka && (c = strcmp(ka, kb)))
		return c;
	return strcmp(od_str(a, "source"), od_str(b, "source"));
}

/* A record and its position in its list: repeats pair in their order. */
struct item {
	const cJSON *e;
	size_t pos;
};

static int pos_cmp(const struct item *a, const struct item *b)
{
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int obs_qsort(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = obs_key_cmp(a->e, b->e);
	if (!c)
		c = strcmp(rundiff_page(a->e), rundiff_page(b->e));
	return c ? c : pos_cmp(a, b);
}

static bool obs_changed(const cJSON *a, const cJSON *b)
{
	return !same_num(od_num(a, "value"), od_num(b, "value"));
}

static bool current_state(const char *s)
{
	return s && (!strcmp(s, "fresh") || !strcmp(s, "cached"));
}

bool rundiff_same_state(const char *a, const char *b)
{
	return rundiff_same_str(a, b) || (current_state(a) && current_state(b));
}

/* Source pages are matched by id and page (url, else path). */
static int src_cmp(const cJSON *a, const cJSON *b)
{
	int c = strcmp(od_str(a, "id"), od_str(b, "id"));
	return c ? c : strcmp(rundiff_page(a), rundiff_page(b));
}

static int src_qsort(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = src_cmp(a->e, b->e);
	return c ? c : pos_cmp(a, b);
}

/*
 * A failed or stale source whose reason changed is news too; fetched_at
 * alone is no change (a local file is read, and stamped, every run).
 */
static bool src_changed(const cJSON *a, const cJSON *b)
{
	return !rundiff_same_str(od_str(a, "sha256"), od_str(b, "sha256")) ||
	       !rundiff_same_state(od_str(a, "state"), od_str(b, "state")) ||
	       !rundiff_same_str(od_str_or_null(a, "error"), od_str_or_null(b, "error"));
}

static struct item *sorted(const cJSON *list, size_t *n,
			   int (*cmp)(const void *, const void *))
{
	const cJSON *e;
	struct item *v = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*v));
	*n = 0;
	cJSON_ArrayForEach(e, list) {
		v[*n] = (struct item){ e, *n };
		(*n)++;
	}
	qsort(v, *n, sizeof(*v), cmp);
	return v;
}

static void add_change(struct change **v, size_t *n, size_t *alloc,
		       const cJSON *a, const cJSON *b)
{
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct change){ a, b, false };
}

/* How one list of records is compared with the other's. */
struct matching {
	int (*order)(const void *, const void *);	/* qsort of struct item */
	int (*match)(const cJSON *, const cJSON *);	/* 0: the same record */
	bool (*changed)(const cJSON *, const cJSON *);
};

/*
 * The records of la and lb, sorted and walked side by side: each in one
 * list only, or matched and changed, into *out; *compared is lb's count.
 */
static void records_diff(const cJSON *la, const cJSON *lb, const struct matching *m,
			 struct change **out, size_t *nout, size_t *compared)
{
	size_t na, nb, i = 0, j = 0, alloc = 0;
	struct item *va = sorted(la, &na, m->order), *vb = sorted(lb, &nb, m->order);

	*compared = nb;
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : m->match(va[i].e, vb[j].e);
		if (c < 0) {
			add_change(out, nout, &alloc, va[i++].e, NULL);
		} else if (c > 0) {
			add_change(out, nout, &alloc, NULL, vb[j++].e);
		} else {
			if (m->changed(va[i].e, vb[j].e))
				add_change(out, nout, &alloc, va[i].e, vb[j].e);
			i++;
			j++;
		}
	}
	free(va);
	free(vb);
}

void rundiff_build(const struct run_docs *a, const struct run_docs *b, struct rundiff *d)
{
	const cJSON *e, *ka = od_get(a->kpis, "kpis"), *kb = od_get(b->kpis, "kpis");
	struct kpi_change c;
	size_t alloc = 0;

	memset(d, 0, sizeof(*d));
	d->src_a = od_get(a->kpis, "sources");
	d->src_b = od_get(b->kpis, "sources");
	cJSON_ArrayForEach(e, kb) {
		d->nkpis++;
		if (kpi_diff(by_id(ka, od_str(e, "id")), e, &c)) {
			d->k = xgrow(d->k, &alloc, d->nk + 1, sizeof(*d->k));
			d->k[d->nk++] = c;
		}
	}
	cJSON_ArrayForEach(e, ka)
		if (!by_id(kb, od_str(e, "id")) && kpi_diff(e, NULL, &c)) {
			d->k = xgrow(d->k, &alloc, d->nk + 1, sizeof(*d->k));
			d->k[d->nk++] = c;
		}
	records_diff(od_get(a->obs, "observations"), od_get(b->obs, "observations"),
		     &(struct matching){ obs_qsort, obs_key_cmp, obs_changed },
		     &d->o, &d->no, &d->nobs);
	for (size_t i = 0; i < d->no; i++) {
		for (size_t k = 0; k < d->nk && !d->o[i].moved; k++)
			d->o[i].moved = rundiff_feeds(&d->k[k], &d->o[i]);
		d->nmoved += d->o[i].moved;
	}
	records_diff(od_get(a->kpis, "sources"), od_get(b->kpis, "sources"),
		     &(struct matching){ src_qsort, src_cmp, src_changed },
		     &d->s, &d->ns, &d->nsources);
}

void rundiff_release(struct rundiff *d)
{
	for (size_t i = 0; i < d->nk; i++)
		free(d->k[i].vals);
	free(d->k);
	free(d->o);
	free(d->s);
}

/* ---- JSON ---- */

static void json_num_or_null(struct buf *out, const char *name, double v, bool comma)
{
	buf_addf(out, "%s\"%s\": ", comma ? ", " : "", name);
	jsonw_number(out, v);
}

static void json_pair(struct buf *out, const char *name, const cJSON *a,
		      const cJSON *b, const char *key)
{
	buf_addf(out, ", \"%s\": {\"old\": ", name);
	jsonw_string_or_null(out, a ? od_str_or_null(a, key) : NULL);
	buf_addstr(out, ", \"new\": ");
	jsonw_string_or_null(out, b ? od_str_or_null(b, key) : NULL);
	buf_addch(out, '}');
}

/* Every line the observation came from: "lines", else its one "line". */
static void json_lines(struct buf *out, const cJSON *x)
{
	const cJSON *lines = od_get(x, "lines"), *l;
	double line = od_num(x, "line");
	bool first = true;

	buf_addstr(out, ", \"lines\": [");
	if (cJSON_IsArray(lines)) {
		cJSON_ArrayForEach(l, lines)
			if (cJSON_IsNumber(l) && l->valueint > 0) {
				buf_addf(out, "%s%d", first ? "" : ", ", l->valueint);
				first = false;
			}
	} else if (!isnan(line) && line > 0) {
		buf_addf(out, "%d", (int)line);
	}
	buf_addch(out, ']');
}

static void json_obs(struct buf *out, const struct change *o)
{
	const cJSON *x = o->new ? o->new : o->old;
	double line = od_num(x, "line");

	buf_addstr(out, "{\"metric\": ");
	jsonw_string(out, od_str(x, "metric"));
	buf_addf(out, ", \"year\": %d, \"key\": ", (int)od_num(x, "year"));
	jsonw_string_or_null(out, od_str_or_null(x, "key"));
	buf_addstr(out, ", \"source\": ");
	jsonw_string(out, od_str(x, "source"));
	json_num_or_null(out, "old", o->old ? od_num(o->old, "value") : NAN, true);
	json_num_or_null(out, "new", o->new ? od_num(o->new, "value") : NAN, true);
	buf_addstr(out, ", \"path\": ");
	jsonw_string_or_null(out, od_str_or_null(x, "path"));
	buf_addstr(out, ", \"url\": ");
	jsonw_string_or_null(out, od_str_or_null(x, "url"));
	buf_addf(out, ", \"line\": %d", isnan(line) || line < 0 ? 0 : (int)line);
	json_lines(out, x);
	buf_addstr(out, ", \"pointer\": ");
	jsonw_string_or_null(out, od_str_or_null(x, "pointer"));
	json_pair(out, "sha256", o->old, o->new, "sha256");
	json_pair(out, "fetched_at", o->old, o->new, "fetched_at");
	buf_addf(out, ", \"moved_kpi\": %s}", o->moved ? "true" : "false");
}

static void json_kpi(struct buf *out, const struct rundiff *d, const struct kpi_change *c)
{
	const cJSON *k = c->new ? c->new : c->old;
	const cJSON *fa = c->old ? od_get(c->old, "forecast") : NULL;
	const cJSON *fb = c->new ? od_get(c->new, "forecast") : NULL;
	bool first = true;

	buf_addstr(out, "{\"id\": ");
	jsonw_string(out, od_str(k, "id"));
	buf_addstr(out, ", \"values\": [");
	for (size_t i = 0; i < c->nvals; i++) {
		buf_addf(out, "%s{\"year\": %d", i ? ", " : "", c->vals[i].year);
		json_num_or_null(out, "old", c->vals[i].old, true);
		json_num_or_null(out, "new", c->vals[i].new, true);
		buf_addch(out, '}');
	}
	buf_addch(out, ']');
	json_pair(out, "status", c->old, c->new, "status");
	buf_addstr(out, ", \"forecast\": {");
	/* the new run's forecast year, else the old one's */
	json_num_or_null(out, "year", !isnan(od_num(fb, "year")) ? od_num(fb, "year") :
			 od_num(fa, "year"), false);
	json_num_or_null(out, "old", od_num(fa, "value"), true);
	json_num_or_null(out, "new", od_num(fb, "value"), true);
	buf_addstr(out, "}, \"observations\": [");
	for (size_t i = 0; i < d->no; i++)
		if (rundiff_feeds(c, &d->o[i])) {
			buf_addstr(out, first ? "" : ", ");
			json_obs(out, &d->o[i]);
			first = false;
		}
	buf_addstr(out, "]}");
}

static void json_run(struct buf *out, const char *name, const struct run_docs *r)
{
	buf_addf(out, "\"%s\": {\"run\": ", name);
	jsonw_string(out, r->label);
	buf_addstr(out, ", \"generated_at\": ");
	jsonw_string_or_null(out, od_str_or_null(r->kpis, "generated_at"));
	buf_addstr(out, ", \"schema\": ");
	jsonw_string_or_null(out, od_str_or_null(r->kpis, "schema"));
	buf_addch(out, '}');
}

void rundiff_json(const struct run_docs *a, const struct run_docs *b,
		  struct buf *out)
{
	struct rundiff d;
	bool first = true;

	rundiff_build(a, b, &d);
	buf_addstr(out, "{\"schema\": \"intlkpi.diff/1\", ");
	json_run(out, "old", a);
	buf_addstr(out, ", ");
	json_run(out, "new", b);
	buf_addf(out, ", \"changed\": %s, \"kpis_compared\": %zu, \"sources_compared\": %zu"
		 ", \"observations_compared\": %zu, \"kpis\": [",
		 d.nk || d.no || d.ns ? "true" : "false", d.nkpis, d.nsources, d.nobs);
	for (size_t i = 0; i < d.nk; i++) {
		buf_addstr(out, i ? ",\n  " : "\n  ");
		json_kpi(out, &d, &d.k[i]);
	}
	buf_addstr(out, "],\n \"observations\": [");
	for (size_t i = 0; i < d.no; i++)
		if (!d.o[i].moved) {
			buf_addstr(out, first ? "\n  " : ",\n  ");
			json_obs(out, &d.o[i]);
			first = false;
		}
	buf_addstr(out, "],\n \"sources\": [");
	for (size_t i = 0; i < d.ns; i++) {
		const struct change *s = &d.s[i];
		const cJSON *x = s->new ? s->new : s->old;
		buf_addstr(out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
		jsonw_string(out, od_str(x, "id"));
		buf_addstr(out, ", \"url\": ");
		jsonw_string_or_null(out, od_str_or_null(x, "url"));
		buf_addstr(out, ", \"path\": ");
		jsonw_string_or_null(out, od_str_or_null(x, "path"));
		json_pair(out, "sha256", s->old, s->new, "sha256");
		json_pair(out, "fetched_at", s->old, s->new, "fetched_at");
		json_pair(out, "state", s->old, s->new, "state");
		json_pair(out, "error", s->old, s->new, "error");
		buf_addch(out, '}');
	}
	buf_addstr(out, "]}\n");
	rundiff_release(&d);
}

