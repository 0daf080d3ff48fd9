/*
 * Expectations: a freshly read body is data only when it is plausible
 * (docs/operations.md). It is extracted on the side, compared with what
 * the last good copy (the cached body, extracted again with the current
 * configuration) yields, and only then added to the run's table.
 */
#include "collect/collect.h"
#include "collect/unit.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

bool collect_id_listed(char *const *list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], id))
			return true;
	return false;
}

static int cell_cmp(const struct obs *a, const struct obs *b)
{
	int c = strcmp(a->metric, b->metric);
	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (!a->key || !b->key)
		return !a->key - !b->key;
	return strcmp(a->key, b->key);
}

static int cell_qsort(const void *a, const void *b)
{
	return cell_cmp(*(const struct obs *const *)a, *(const struct obs *const *)b);
}

/* The table's observations by (metric, year, key); the caller frees. */
static const struct obs **cells(const struct obs_table *t)
{
	const struct obs **v = xcalloc(t->n + 1, sizeof(*v));
	for (size_t i = 0; i < t->n; i++)
		v[i] = &t->v[i];
	qsort(v, t->n, sizeof(*v), cell_qsort);
	return v;
}

static const struct obs *find_cell(const struct obs **v, size_t n,
				   const struct obs *want)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cell_cmp(v[mid], want);
		if (!c)
			return v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static size_t values(const struct obs_table *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += !isnan(t->v[i].value);
	return n;
}

static void cell_name(struct buf *out, const struct obs *o)
{
	buf_addf(out, "%s %d", o->metric, o->year);
	if (o->key)
		buf_addf(out, " [%s]", o->key);
}

/* Where a fresh value stands: its JSON pointer, else its line. */
static void where(struct buf *why, const struct obs *o)
{
	if (o->pointer)
		buf_addf(why, " (at %s)", o->pointer);
	else if (o->line > 0)
		buf_addf(why, " (line %d)", o->line);
}

static void bound_text(struct buf *out, double v)
{
	if (isnan(v))
		buf_addstr(out, "none");
	else
		fmt_double(out, v);
}

/* expect.range: every value within its metric's bounds. */
static int check_ranges(const struct source_expect *e, const struct obs_table *t,
			struct buf *why)
{
	for (size_t r = 0; r < e->nranges; r++) {
		const struct expect_bound *b = &e->ranges[r];
		for (size_t i = 0; i < t->n; i++) {
			const struct obs *o = &t->v[i];
			if (isnan(o->value) || strcmp(o->metric, b->metric) ||
			    ((isnan(b->min) || o->value >= b->min) &&
			     (isnan(b->max) || o->value <= b->max)))
				continue;
			buf_reset(why);
			cell_name(why, o);
			buf_addstr(why, ": ");
			fmt_double(why, o->value);
			buf_addstr(why, " is outside expect.range [");
			bound_text(why, b->min);
			buf_addstr(why, ", ");
			bound_text(why, b->max);
			buf_addstr(why, "]");
			where(why, o);
			return -1;
		}
	}
	return 0;
}

static const struct expect_bound *change_of(const struct source_expect *e,
					    const char *metric)
{
	const struct expect_bound *all = NULL;
	for (size_t i = 0; i < e->nchanges; i++) {
		if (!e->changes[i].metric)
			all = &e->changes[i];
		else if (!strcmp(e->changes[i].metric, metric))
			return &e->changes[i];
	}
	return all;
}

/*
 * The last good cells against the fresh ones: a good value lost (missing
 * or null now) counts in *lost (the first into first), and a change past
 * expect.max_change fails at once. A last good value of 0 has no relative
 * change and is not checked.
 */
static int compare(const struct source_expect *e, const struct obs_table *good,
		   const struct obs **fv, size_t fn, size_t *lost,
		   const struct obs **first, struct buf *why)
{
	*lost = 0;
	*first = NULL;
	for (size_t i = 0; i < good->n; i++) {
		const struct obs *g = &good->v[i], *f;
		const struct expect_bound *b;
		if (isnan(g->value))
			continue;
		f = find_cell(fv, fn, g);
		if (!f || isnan(f->value)) {
			if (!(*lost)++)
				*first = g;
			continue;
		}
		b = change_of(e, g->metric);
		if (b && g->value != 0 && fabs(f->value - g->value) / fabs(g->value) > b->max) {
			buf_reset(why);
			cell_name(why, g);
			buf_addstr(why, ": ");
			fmt_double(why, g->value);
			buf_addstr(why, " -> ");
			fmt_double(why, f->value);
			buf_addf(why, " is a change of %.0f%%, more than expect.max_change %g",
				 100 * fabs(f->value - g->value) / fabs(g->value), b->max);
			where(why, f);
			return -1;
		}
	}
	return 0;
}

/*
 * Whether fresh may replace good (NULL: there is no last good copy).
 * defaults: the checks that need no configuration (web sources).
 */
static int plausible(const struct source *s, const struct obs_table *fresh,
		     const struct obs_table *good, bool defaults, struct buf *why)
{
	const struct source_expect *e = &s->expect;
	size_t nv = values(fresh), gv = good ? values(good) : 0, lost = 0;
	const struct obs **fv = cells(fresh), *first = NULL;
	int rc = -1;

	if (defaults && s->has_match && !fresh->n && !e->optional) {
		buf_reset(why);
		if (gv)
			buf_addf(why, "yield fell from %zu to 0 observations: ", gv);
		buf_addf(why, "the university's row is missing (no row matches it in '%s'; "
			 "a ranking it may leave takes \"expect\": {\"optional\": true})",
			 s->match.name ? s->match.name : "match");
		goto out;
	}
	/* a matched row may be all null (not ranked this year): lost cells say more */
	if (defaults && fresh->n && !nv && !s->has_match) {
		buf_setf(why, "no value in the fresh body is a number (%zu cell%s, all null)",
			 fresh->n, fresh->n == 1 ? "" : "s");
		goto out;
	}
	if (e->min_observations && nv < (size_t)e->min_observations) {
		buf_setf(why, "%zu value%s, fewer than expect.min_observations %ld", nv,
			 nv == 1 ? "" : "s", e->min_observations);
		goto out;
	}
	if (check_ranges(e, fresh, why))
		goto out;
	if (good && compare(e, good, fv, fresh->n, &lost, &first, why))
		goto out;
	if (defaults && lost && !e->shrink && !(s->has_match && e->optional && !fresh->n)) {
		buf_setf(why, "yield fell from %zu to %zu observations: %zu value%s of the last good copy %s missing or null (first: ",
			 gv, nv, lost, lost == 1 ? "" : "s", lost == 1 ? "is" : "are");
		cell_name(why, first);
		buf_addstr(why, "); a source that drops old years takes \"expect\": {\"shrink\": true}");
		goto out;
	}
	rc = 0;
out:
	free(fv);
	return rc;
}

/* The last good copy's cells (the cached body) into good: 0, or -1 when none. */
static int last_good(struct run *r, struct unit *u, struct obs_table *good)
{
	struct buf body = BUF_INIT, err = BUF_INIT;
	struct obs_source rec = { 0 };
	int rc = -1;

	if (r->o->out_dir && (u->have_meta || !cache_read_meta(u->cache.buf, &u->meta, &err))) {
		u->have_meta = true;
		rec.id = u->s->id;
		if (!cache_read_body(u->cache.buf, &u->meta, &body, &err) &&
		    !unit_extract_into(r, u, good, obs_add_source(good, &rec), body.buf,
				       body.len, u->cache.buf, &err))
			rc = 0;
		else
			debugf("no last good cells to compare with: %s", err.buf);
	}
	buf_release(&body);
	buf_release(&err);
	return rc;
}

/*
 * Whether data are the last good copy's own bytes (same sha256 as the
 * cache's meta.json): then nothing of it can be lost, and extracting the
 * cached body again to compare would only double the work of every run.
 */
static bool same_as_last_good(struct run *r, struct unit *u, const char *sha)
{
	struct buf err = BUF_INIT;

	if (r->o->out_dir && !u->have_meta && !cache_read_meta(u->cache.buf, &u->meta, &err))
		u->have_meta = true;
	buf_release(&err);
	return u->have_meta && !strcmp(u->meta.sha256, sha);
}

int unit_extract_fresh(struct run *r, struct unit *u, size_t idx,
		       const char *data, size_t len, const char *name,
		       struct buf *err)
{
	struct obs_table fresh, good;
	struct obs_source rec = { 0 };
	bool accepted = r->o->accept && collect_id_listed(r->o->accept, r->o->naccept, u->s->id);
	int have_good, rc;
	bool same;
	char sha[65];

	sha256_hex(data, len, sha);
	obs_init(&fresh);
	obs_init(&good);
	rec.id = u->s->id;
	if ((rc = unit_extract_into(r, u, &fresh, obs_add_source(&fresh, &rec), data, len,
				    name, err)))
		goto out;
	if (accepted) {
		notef("taking the fresh body of '%s' as it is (--accept)", name);
	} else {
		same = same_as_last_good(r, u, sha);
		have_good = !same && !last_good(r, u, &good);
		u->fresh_values = values(&fresh);
		u->good_values = same ? u->fresh_values : have_good ? values(&good) : 0;
		if (plausible(u->s, &fresh, have_good ? &good : NULL, u->s->url != NULL, err)) {
			u->implausible = true;
			u->row_missing = u->s->has_match && !fresh.n;
			buf_prefixf(err, "%s: not taken: ", name);
			buf_addf(err, "; if the change is real: --accept %s", u->s->id);
			rc = ERR_DATA;
			goto out;
		}
	}
	for (size_t i = 0; i < fresh.n; i++) {
		const struct obs *o = &fresh.v[i];
		obs_add(r->t, idx, o->metric, o->year, o->key, o->value, o->line);
		obs_copy_where(r->t, r->t->n - 1, o);
	}
	obs_copy_labels(r->t, idx, &fresh);
	r->t->sources[idx].bad_utf8_line = fresh.sources[0].bad_utf8_line;
	obs_copy_warnings(&r->t->sources[idx], &fresh.sources[0]);
	memcpy(r->t->sources[idx].sha256, sha, sizeof(sha));
	unit_provenance(r, idx, (long long)len, r->now, SRC_FRESH);
	rc = 0;
out:
	obs_release(&fresh);
	obs_release(&good);
	return rc;
}
