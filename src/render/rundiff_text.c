/* What changed between two runs (rundiff.h), as text for people. */
#include "render/rundiff.h"
#include "render/rundiff_in.h"
#include "render/outdoc.h"
#include "util/qty.h"
#include "util/jsonw.h"
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Observations and source pages listed one by one in text, per source. */
#define TEXT_MAX_PER_SOURCE 12

/* Untrusted text for a terminal: control characters out, long text cut. */
static void shown(struct buf *out, const char *s)
{
	struct buf t = BUF_INIT;
	buf_add_excerpt(&t, s ? s : "", 200);
	for (size_t i = 0; i < t.len; i++)
		if ((unsigned char)t.buf[i] < 0x20 || t.buf[i] == 0x7f)
			t.buf[i] = '?';
	buf_addstr(out, t.buf);
	buf_release(&t);
}

static const char *short_sha(const cJSON *o, char out[13])
{
	const char *s = o ? od_str(o, "sha256") : "";
	size_t n = strlen(s) < 12 ? strlen(s) : 12;
	memcpy(out, s, n);
	out[n] = '\0';
	return n ? out : "none";
}

/* When a copy was fetched or read ("" for none, or a value derived from no copy). */
static const char *stamp(const cJSON *o)
{
	return o ? od_str(o, "fetched_at") : "";
}

/* ---- text ---- */

static void qty(struct buf *out, const cJSON *kpi, double v)
{
	qty_fmt(out, v, od_decimals(kpi), od_str(kpi, "unit"));
}

/* " line 4", " lines 114, 130", " /data/3/rank" or nothing. */
static void text_where(struct buf *out, const cJSON *x)
{
	const cJSON *lines = od_get(x, "lines"), *l;
	const char *ptr = od_str_or_null(x, "pointer");
	double line = od_num(x, "line");

	if (ptr) {
		buf_addch(out, ' ');
		shown(out, ptr);
	} else if (cJSON_GetArraySize(lines) > 1) {
		bool first = true;
		buf_addstr(out, " lines ");
		cJSON_ArrayForEach(l, lines) {
			buf_addf(out, "%s%d", first ? "" : ", ", cJSON_IsNumber(l) ? l->valueint : 0);
			first = false;
		}
	} else if (!isnan(line) && line > 0) {
		buf_addf(out, " line %d", (int)line);
	}
}

static bool same_copy(const struct change *a, const struct change *b)
{
	return a && b && rundiff_same_str(a->old ? od_str(a->old, "sha256") : NULL,
				  b->old ? od_str(b->old, "sha256") : NULL) &&
	       rundiff_same_str(a->new ? od_str(a->new, "sha256") : NULL,
			b->new ? od_str(b->new, "sha256") : NULL);
}

/* One observation change; its copies' sha256 unless prev said the same. */
static void text_obs(struct buf *out, const struct change *o, const struct change *prev)
{
	const cJSON *x = o->new ? o->new : o->old;
	const char *key = od_str_or_null(x, "key");
	char sa[13], sb[13];

	buf_addstr(out, "    ");
	shown(out, od_str(x, "metric"));
	buf_addf(out, " %d", (int)od_num(x, "year"));
	if (key) {
		buf_addstr(out, " [");
		shown(out, key);
		buf_addch(out, ']');
	}
	buf_addstr(out, ": ");
	if (o->old && !isnan(od_num(o->old, "value")))
		fmt_double(out, od_num(o->old, "value"));
	else
		buf_addstr(out, o->old ? "null" : "(none)");
	buf_addstr(out, " -> ");
	if (o->new && !isnan(od_num(o->new, "value")))
		fmt_double(out, od_num(o->new, "value"));
	else
		buf_addstr(out, o->new ? "null" : "(none)");
	buf_addstr(out, " (source ");
	shown(out, od_str(x, "source"));
	buf_addstr(out, ", ");
	shown(out, od_str_or_null(x, "path") ? od_str(x, "path") : od_str(x, "url"));
	text_where(out, x);
	buf_addstr(out, ")\n");
	if (same_copy(o, prev))
		return;
	/* the same bytes on both sides: a value derived elsewhere moved, no copy did */
	if (o->old && o->new &&
	    rundiff_same_str(od_str(o->old, "sha256"), od_str(o->new, "sha256")))
		return;
	buf_addf(out, "      sha256 %s -> %s", short_sha(o->old, sa), short_sha(o->new, sb));
	if (*stamp(o->old) || *stamp(o->new))
		buf_addf(out, ", fetched_at %s -> %s", *stamp(o->old) ? stamp(o->old) : "none",
			 *stamp(o->new) ? stamp(o->new) : "none");
	buf_addch(out, '\n');
}

/* One side's forecast: its value, "too few points" or "none". */
static void forecast_side(struct buf *out, const cJSON *k, const cJSON *side, const cJSON *f)
{
	if (!f)
		buf_addstr(out, "none");
	else if (cJSON_IsObject(f) && !od_forecast_quotable(side))
		buf_addstr(out, "too few points");
	else
		qty(out, k, od_num(f, "value"));
}

static void text_forecast(struct buf *out, const cJSON *k, const cJSON *ka, const cJSON *kb)
{
	const cJSON *fa = od_get(ka, "forecast"), *fb = od_get(kb, "forecast");
	double ya = od_num(fa, "year"), yb = od_num(fb, "year");

	/* two lines through two points each: no forecast changed that anyone could quote */
	if (cJSON_IsObject(fa) && cJSON_IsObject(fb) && !od_forecast_quotable(ka) &&
	    !od_forecast_quotable(kb))
		return;

	buf_addstr(out, "  forecast");
	if (!isnan(yb) && (isnan(ya) || ya == yb))
		buf_addf(out, " %d", (int)yb);
	else if (!isnan(ya) && isnan(yb))
		buf_addf(out, " %d", (int)ya);
	buf_addstr(out, ": ");
	forecast_side(out, k, ka, fa);
	if (!isnan(ya) && !isnan(yb) && ya != yb)
		buf_addf(out, " (%d)", (int)ya);
	buf_addstr(out, " -> ");
	forecast_side(out, k, kb, fb);
	if (!isnan(ya) && !isnan(yb) && ya != yb)
		buf_addf(out, " (%d)", (int)yb);
	buf_addch(out, '\n');
}

static void text_kpi(struct buf *out, const struct rundiff *d, const struct kpi_change *c)
{
	const cJSON *k = c->new ? c->new : c->old;
	const struct change *prev = NULL;
	size_t n = 0;

	buf_addstr(out, "\n");
	shown(out, od_str(k, "id"));
	buf_addstr(out, " - ");
	shown(out, od_str(k, "title"));
	buf_addf(out, "%s\n", !c->old ? " (new KPI)" : !c->new ? " (no longer computed)" : "");
	for (size_t i = 0; i < c->nvals; i++) {
		const struct val_change *v = &c->vals[i];
		buf_addf(out, "  %d: ", v->year);
		qty(out, k, v->old);
		buf_addstr(out, " -> ");
		qty(out, k, v->new);
		if (!isnan(v->old) && !isnan(v->new)) {
			double dv = v->new - v->old;
			/* a change too small for the KPI's decimals still shows */
			if (fabs(dv) < 0.5 * pow(10, -od_decimals(k)))
				buf_addf(out, " (%+.2g", dv);
			else
				buf_addf(out, " (%+.*f", od_decimals(k), dv);
			if (v->old != 0)
				buf_addf(out, ", %+.1f%%", 100 * (v->new - v->old) / fabs(v->old));
			buf_addch(out, ')');
		}
		buf_addch(out, '\n');
	}
	if (c->status)
		buf_addf(out, "  status: %s -> %s\n", c->old ? od_str(c->old, "status") : "(none)",
			 c->new ? od_str(c->new, "status") : "(none)");
	if (c->forecast)
		text_forecast(out, k, c->old, c->new);
	for (size_t i = 0; i < d->no; i++)
		n += rundiff_feeds(c, &d->o[i]);
	if (!n) {
		buf_addstr(out, "  no observation of its formula changed (its configuration, the period or the date did)\n");
		return;
	}
	buf_addf(out, "  because of %zu observation%s:\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < d->no; i++)
		if (rundiff_feeds(c, &d->o[i])) {
			text_obs(out, &d->o[i], prev);
			prev = &d->o[i];
		}
}

/* The observations that moved no KPI, at most TEXT_MAX_PER_SOURCE per source. */
static void text_unmoved(struct buf *out, const struct rundiff *d)
{
	const struct change *prev = NULL;
	const char *src = NULL;
	size_t shown_n = 0, cut = 0;

	if (d->nmoved == d->no)
		return;
	buf_addf(out, "\n%zu observation%s changed without moving a KPI:\n", d->no - d->nmoved,
		 d->no - d->nmoved == 1 ? "" : "s");
	for (size_t i = 0; i < d->no; i++) {
		const struct change *o = &d->o[i];
		const char *s = od_str(o->new ? o->new : o->old, "source");
		if (o->moved)
			continue;
		if (!src || strcmp(src, s)) {
			src = s;
			shown_n = 0;
		}
		if (shown_n++ < TEXT_MAX_PER_SOURCE) {
			text_obs(out, o, prev);
			prev = o;
		} else
			cut++;
	}
	if (cut)
		buf_addf(out, "    ... and %zu more ('intlkpi diff --format json' lists every one)\n", cut);
}

static void text_source(struct buf *out, const struct rundiff *d, const struct change *s)
{
	const cJSON *x = s->new ? s->new : s->old;
	const char *id = od_str(x, "id"), *err = s->new ? od_str_or_null(s->new, "error") : NULL;
	size_t pa = 0, pb = 0;
	const cJSON *e;
	char sa[13], sb[13];

	cJSON_ArrayForEach(e, d->src_a)
		pa += rundiff_same_str(od_str(e, "id"), id);
	cJSON_ArrayForEach(e, d->src_b)
		pb += rundiff_same_str(od_str(e, "id"), id);
	buf_addstr(out, "  ");
	shown(out, id);
	/* a source read as several pages (or whose page changed) names the page */
	if (pa > 1 || pb > 1 || !s->old || !s->new) {
		buf_addstr(out, " ");
		shown(out, rundiff_page(x));
	}
	if (!s->old) {
		buf_addf(out, ": new, %s, sha256 %s", od_str(x, "state"), short_sha(x, sb));
	} else if (!s->new) {
		buf_addf(out, ": no longer read (was %s, sha256 %s)", od_str(x, "state"),
			 short_sha(x, sa));
	} else {
		const char *sep = ": ";
		if (!rundiff_same_str(od_str(s->old, "sha256"), od_str(s->new, "sha256"))) {
			buf_addf(out, "%ssha256 %s -> %s", sep, short_sha(s->old, sa),
				 short_sha(s->new, sb));
			if (*stamp(s->old) || *stamp(s->new))
				buf_addf(out, ", fetched_at %s -> %s",
					 *stamp(s->old) ? stamp(s->old) : "none",
					 *stamp(s->new) ? stamp(s->new) : "none");
			sep = ", ";
		}
		if (!rundiff_same_state(od_str(s->old, "state"), od_str(s->new, "state"))) {
			buf_addf(out, "%sstate %s -> %s", sep, od_str(s->old, "state"),
				 od_str(s->new, "state"));
			sep = ", ";
		}
		if (!err && od_str_or_null(s->old, "error"))
			buf_addf(out, "%sno longer failing", sep);
		else if (err && !strcmp(sep, ": "))	/* only the reason changed */
			buf_addf(out, ": still %s", od_str(s->new, "state"));
	}
	if (err) {
		buf_addstr(out, " (");
		shown(out, err);
		buf_addch(out, ')');
	}
	buf_addch(out, '\n');
}

void rundiff_text(const struct run_docs *a, const struct run_docs *b,
		  struct buf *out)
{
	struct rundiff d;

	rundiff_build(a, b, &d);
	buf_addstr(out, "From ");
	shown(out, a->label);
	buf_addf(out, " (generated %s)\n  to ", od_str(a->kpis, "generated_at"));
	shown(out, b->label);
	buf_addf(out, " (generated %s):\n", od_str(b->kpis, "generated_at"));
	if (!rundiff_same_str(od_str(a->kpis, "schema"), od_str(b->kpis, "schema")))
		buf_addf(out, "(the runs wrote %s and %s: compared by the members both have)\n",
			 od_str(a->kpis, "schema"), od_str(b->kpis, "schema"));
	if (!d.nk && !d.no && !d.ns) {
		buf_addf(out, "nothing changed (%zu KPIs, %zu source pages, %zu observations compared)\n",
			 d.nkpis, d.nsources, d.nobs);
		rundiff_release(&d);
		return;
	}
	if (!d.nk)
		buf_addf(out, "no KPI changed (%zu KPIs)", d.nkpis);
	else
		buf_addf(out, "%zu of %zu KPIs changed", d.nk, d.nkpis);
	buf_addf(out, "; %zu observation%s and %zu source page%s changed\n", d.no,
		 d.no == 1 ? "" : "s", d.ns, d.ns == 1 ? "" : "s");
	for (size_t i = 0; i < d.nk; i++)
		text_kpi(out, &d, &d.k[i]);
	text_unmoved(out, &d);
	if (d.ns)
		buf_addstr(out, "\nsources whose data or state changed:\n");
	for (size_t i = 0; i < d.ns; i++)
		text_source(out, &d, &d.s[i]);
	rundiff_release(&d);
}

