/* What changed between two runs (rundiff.h). */
#include "render/rundiff.h"
#include "util/qty.h"
#include "render/outdoc.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

struct val_change {
	int year;
	double old, new;
};

/* An observation in one run only, or with another value; either may be NULL. */
struct obs_change {
	const cJSON *old, *new;
};

struct kpi_change {
	const cJSON *old, *new;	/* NULL: the KPI is in one run only */
	struct val_change *vals;
	size_t nvals;
	bool status, forecast;
};

struct diff {
	struct kpi_change *k;
	size_t nk, nkpis;
	struct obs_change *o;
	size_t no;
	struct obs_change *s;	/* sources whose bytes or state changed */
	size_t ns;
};

static bool same_num(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static bool same_str(const char *a, const char *b)
{
	return !strcmp(a, b);
}

static const cJSON *by_id(const cJSON *list, const char *id)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, list)
		if (same_str(od_str(e, "id"), id))
			return e;
	return NULL;
}

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
		int y = (int)od_num(p, "year");
		size_t i = 0;
		while (i < *n && years[i] != y)
			i++;
		if (i == *n && *n < 256)
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
	c->status = !a || !b || !same_str(od_str(a, "status"), od_str(b, "status"));
	c->forecast = !same_num(od_num(fa, "value"), od_num(fb, "value")) ||
		      !same_num(od_num(fa, "year"), od_num(fb, "year"));
	return c->nvals || c->status || c->forecast;
}

/* Observations ordered by (metric, year, key, source). */
static int obs_cmp(const cJSON *a, const cJSON *b)
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

static int obs_qsort(const void *a, const void *b)
{
	return obs_cmp(*(const cJSON *const *)a, *(const cJSON *const *)b);
}

static const cJSON **sorted_obs(const cJSON *doc, size_t *n)
{
	const cJSON *list = od_get(doc, "observations"), *e;
	const cJSON **v = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*v));
	*n = 0;
	cJSON_ArrayForEach(e, list)
		v[(*n)++] = e;
	qsort(v, *n, sizeof(*v), obs_qsort);
	return v;
}

static void add_change(struct obs_change **v, size_t *n, size_t *alloc,
		       const cJSON *a, const cJSON *b)
{
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct obs_change){ a, b };
}

static void obs_diff(const cJSON *a, const cJSON *b, struct diff *d)
{
	size_t na, nb, i = 0, j = 0, alloc = 0;
	const cJSON **va = sorted_obs(a, &na), **vb = sorted_obs(b, &nb);

	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : obs_cmp(va[i], vb[j]);
		if (c < 0) {
			add_change(&d->o, &d->no, &alloc, va[i++], NULL);
		} else if (c > 0) {
			add_change(&d->o, &d->no, &alloc, NULL, vb[j++]);
		} else {
			if (!same_num(od_num(va[i], "value"), od_num(vb[j], "value")))
				add_change(&d->o, &d->no, &alloc, va[i], vb[j]);
			i++;
			j++;
		}
	}
	free(va);
	free(vb);
}

static void sources_diff(const cJSON *a, const cJSON *b, struct diff *d)
{
	const cJSON *e, *o;
	size_t alloc = 0;

	cJSON_ArrayForEach(e, od_get(b, "sources")) {
		o = by_id(od_get(a, "sources"), od_str(e, "id"));
		if (!o || !same_str(od_str(o, "sha256"), od_str(e, "sha256")) ||
		    !same_str(od_str(o, "state"), od_str(e, "state")))
			add_change(&d->s, &d->ns, &alloc, o, e);
	}
	cJSON_ArrayForEach(o, od_get(a, "sources"))
		if (!by_id(od_get(b, "sources"), od_str(o, "id")))
			add_change(&d->s, &d->ns, &alloc, o, NULL);
}

static void diff_build(const struct run_docs *a, const struct run_docs *b, struct diff *d)
{
	const cJSON *e, *ka = od_get(a->kpis, "kpis"), *kb = od_get(b->kpis, "kpis");
	struct kpi_change c;
	size_t alloc = 0;

	memset(d, 0, sizeof(*d));
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
	obs_diff(a->obs, b->obs, d);
	sources_diff(a->kpis, b->kpis, d);
}

static void diff_release(struct diff *d)
{
	for (size_t i = 0; i < d->nk; i++)
		free(d->k[i].vals);
	free(d->k);
	free(d->o);
	free(d->s);
}

static bool uses_source(const cJSON *kpi, const char *id)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, od_get(kpi, "sources"))
		if (cJSON_IsString(s) && same_str(s->valuestring, id))
			return true;
	return false;
}

/* Whether observation change o feeds KPI change c (through its sources). */
static bool feeds(const struct kpi_change *c, const struct obs_change *o)
{
	const char *src = od_str(o->new ? o->new : o->old, "source");
	return (c->new && uses_source(c->new, src)) || (c->old && uses_source(c->old, src));
}

static const char *short_sha(const cJSON *o, char out[13])
{
	const char *s = od_str(o, "sha256");
	size_t n = strlen(s) < 12 ? strlen(s) : 12;
	memcpy(out, s, n);
	out[n] = '\0';
	return n ? out : "none";
}

/* ---- text ---- */

static void qty(struct buf *out, const cJSON *kpi, double v)
{
	qty_fmt(out, v, od_decimals(kpi), od_str(kpi, "unit"));
}

static void text_obs(struct buf *out, const struct obs_change *o)
{
	const cJSON *x = o->new ? o->new : o->old;
	const char *key = od_str_or_null(x, "key"), *where;
	char sa[13], sb[13];
	int line = (int)od_num(x, "line");

	buf_addf(out, "    %s %d", od_str(x, "metric"), (int)od_num(x, "year"));
	if (key)
		buf_addf(out, " [%s]", key);
	buf_addstr(out, ": ");
	if (o->old)
		fmt_double(out, od_num(o->old, "value"));
	else
		buf_addstr(out, "(none)");
	buf_addstr(out, " -> ");
	if (o->new)
		fmt_double(out, od_num(o->new, "value"));
	else
		buf_addstr(out, "(none)");
	where = od_str_or_null(x, "path") ? od_str(x, "path") : od_str(x, "url");
	buf_addf(out, " (source %s, %s", od_str(x, "source"), where);
	if (line > 0)
		buf_addf(out, " line %d", line);
	buf_addstr(out, ")\n");
	buf_addf(out, "      sha256 %s -> %s, fetched_at %s -> %s\n",
		 o->old ? short_sha(o->old, sa) : "none", o->new ? short_sha(o->new, sb) : "none",
		 o->old ? od_str(o->old, "fetched_at") : "none",
		 o->new ? od_str(o->new, "fetched_at") : "none");
}

static void text_kpi(struct buf *out, const struct diff *d, const struct kpi_change *c)
{
	const cJSON *k = c->new ? c->new : c->old;
	const cJSON *fa = c->old ? od_get(c->old, "forecast") : NULL;
	const cJSON *fb = c->new ? od_get(c->new, "forecast") : NULL;
	size_t n = 0;

	buf_addf(out, "\n%s - %s%s\n", od_str(k, "id"), od_str(k, "title"),
		 !c->old ? " (new KPI)" : !c->new ? " (no longer computed)" : "");
	for (size_t i = 0; i < c->nvals; i++) {
		const struct val_change *v = &c->vals[i];
		buf_addf(out, "  %d: ", v->year);
		qty(out, k, v->old);
		buf_addstr(out, " -> ");
		qty(out, k, v->new);
		if (!isnan(v->old) && !isnan(v->new)) {
			buf_addf(out, " (%+.*f", od_decimals(k), v->new - v->old);
			if (v->old != 0)
				buf_addf(out, ", %+.1f%%", 100 * (v->new - v->old) / fabs(v->old));
			buf_addch(out, ')');
		}
		buf_addch(out, '\n');
	}
	if (c->status)
		buf_addf(out, "  status: %s -> %s\n", c->old ? od_str(c->old, "status") : "(none)",
			 c->new ? od_str(c->new, "status") : "(none)");
	if (c->forecast) {
		buf_addf(out, "  forecast %d: ", (int)od_num(fb ? fb : fa, "year"));
		qty(out, k, od_num(fa, "value"));
		buf_addstr(out, " -> ");
		qty(out, k, od_num(fb, "value"));
		buf_addch(out, '\n');
	}
	for (size_t i = 0; i < d->no; i++)
		n += feeds(c, &d->o[i]);
	if (!n) {
		buf_addstr(out, "  no observation of its sources changed (its configuration or the period did)\n");
		return;
	}
	buf_addf(out, "  because of %zu observation%s:\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < d->no; i++)
		if (feeds(c, &d->o[i]))
			text_obs(out, &d->o[i]);
}

void rundiff_text(const struct run_docs *a, const struct run_docs *b,
		  struct buf *out)
{
	struct diff d;

	diff_build(a, b, &d);
	buf_addf(out, "From %s (generated %s)\n  to %s (generated %s):\n", a->label,
		 od_str(a->kpis, "generated_at"), b->label, od_str(b->kpis, "generated_at"));
	if (!d.nk)
		buf_addf(out, "no KPI changed (%zu KPIs)\n", d.nkpis);
	else
		buf_addf(out, "%zu of %zu KPIs changed\n", d.nk, d.nkpis);
	for (size_t i = 0; i < d.nk; i++)
		text_kpi(out, &d, &d.k[i]);
	if (d.ns)
		buf_addstr(out, "\nsources whose data changed:\n");
	for (size_t i = 0; i < d.ns; i++) {
		const struct obs_change *s = &d.s[i];
		const cJSON *x = s->new ? s->new : s->old;
		char sa[13], sb[13];
		buf_addf(out, "  %s: sha256 %s -> %s, fetched_at %s -> %s, state %s -> %s",
			 od_str(x, "id"), s->old ? short_sha(s->old, sa) : "none",
			 s->new ? short_sha(s->new, sb) : "none",
			 s->old ? od_str(s->old, "fetched_at") : "none",
			 s->new ? od_str(s->new, "fetched_at") : "none",
			 s->old ? od_str(s->old, "state") : "none",
			 s->new ? od_str(s->new, "state") : "none");
		if (s->new && od_str_or_null(s->new, "error"))
			buf_addf(out, " (%s)", od_str(s->new, "error"));
		buf_addch(out, '\n');
	}
	diff_release(&d);
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

static void json_obs(struct buf *out, const struct obs_change *o)
{
	const cJSON *x = o->new ? o->new : o->old;
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
	json_num_or_null(out, "line", od_num(x, "line"), true);
	json_pair(out, "sha256", o->old, o->new, "sha256");
	json_pair(out, "fetched_at", o->old, o->new, "fetched_at");
	buf_addch(out, '}');
}

static void json_kpi(struct buf *out, const struct diff *d, const struct kpi_change *c)
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
	json_num_or_null(out, "year", od_num(fb ? fb : fa, "year"), false);
	json_num_or_null(out, "old", od_num(fa, "value"), true);
	json_num_or_null(out, "new", od_num(fb, "value"), true);
	buf_addstr(out, "}, \"observations\": [");
	for (size_t i = 0; i < d->no; i++)
		if (feeds(c, &d->o[i])) {
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
	buf_addch(out, '}');
}

void rundiff_json(const struct run_docs *a, const struct run_docs *b,
		  struct buf *out)
{
	struct diff d;

	diff_build(a, b, &d);
	buf_addstr(out, "{\"schema\": \"intlkpi.diff/1\", ");
	json_run(out, "old", a);
	buf_addstr(out, ", ");
	json_run(out, "new", b);
	buf_addf(out, ", \"kpis_compared\": %zu, \"kpis\": [", d.nkpis);
	for (size_t i = 0; i < d.nk; i++) {
		buf_addstr(out, i ? ",\n  " : "\n  ");
		json_kpi(out, &d, &d.k[i]);
	}
	buf_addstr(out, "],\n \"sources\": [");
	for (size_t i = 0; i < d.ns; i++) {
		const struct obs_change *s = &d.s[i];
		buf_addstr(out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
		jsonw_string(out, od_str(s->new ? s->new : s->old, "id"));
		json_pair(out, "sha256", s->old, s->new, "sha256");
		json_pair(out, "fetched_at", s->old, s->new, "fetched_at");
		json_pair(out, "state", s->old, s->new, "state");
		json_pair(out, "error", s->old, s->new, "error");
		buf_addch(out, '}');
	}
	buf_addstr(out, "]}\n");
	diff_release(&d);
}
