#include "obs/obs.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void drop_warnings(struct obs_source *s)
{
	for (size_t i = 0; i < s->nwarnings; i++)
		free(s->warnings[i]);
	free(s->warnings);
	s->warnings = NULL;
	s->nwarnings = s->warnings_more = 0;
}

void obs_keep_warnings(struct obs_source *s, const struct notes *ns)
{
	size_t n = 0;

	drop_warnings(s);
	for (size_t i = 0; i < ns->n; i++)
		n += ns->v[i].level == LOG_WARN;
	if (!n)
		return;
	s->warnings = xcalloc(n < OBS_WARNINGS_KEPT ? n : OBS_WARNINGS_KEPT, sizeof(char *));
	for (size_t i = 0; i < ns->n; i++) {
		if (ns->v[i].level != LOG_WARN)
			continue;
		if (s->nwarnings < OBS_WARNINGS_KEPT)
			s->warnings[s->nwarnings++] = xstrdup(ns->v[i].text);
		else
			s->warnings_more++;
	}
}

void obs_copy_warnings(struct obs_source *s, const struct obs_source *from)
{
	if (s == from)
		return;
	drop_warnings(s);
	if (from->nwarnings)
		s->warnings = xcalloc(from->nwarnings, sizeof(char *));
	for (size_t i = 0; i < from->nwarnings; i++)
		s->warnings[i] = xstrdup(from->warnings[i]);
	s->nwarnings = from->nwarnings;
	s->warnings_more = from->warnings_more;
}

void obs_init(struct obs_table *t)
{
	memset(t, 0, sizeof(*t));
}

void obs_release(struct obs_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].metric);
		free(t->v[i].key);
		free(t->v[i].more);
		free(t->v[i].pointer);
	}
	free(t->v);
	for (size_t i = 0; i < t->nlabels; i++) {
		free(t->labels[i].key);
		free(t->labels[i].label);
	}
	free(t->labels);
	for (size_t i = 0; i < t->nsources; i++) {
		struct obs_source *s = &t->sources[i];
		free(s->id);
		free(s->kind);
		free(s->title);
		free(s->note);
		free(s->path);
		free(s->url);
		free(s->fetched_at);
		free(s->error);
		free(s->snapshot.origin);
		free(s->snapshot.note);
		drop_warnings(s);
	}
	free(t->sources);
	obs_init(t);
}

size_t obs_add_source(struct obs_table *t, const struct obs_source *s)
{
	struct obs_source *d;
	t->sources = xgrow(t->sources, &t->asources, t->nsources + 1,
			   sizeof(*t->sources));
	d = &t->sources[t->nsources];
	*d = *s;
	d->id = dup_or_null(s->id);
	d->kind = dup_or_null(s->kind);
	d->title = dup_or_null(s->title);
	d->note = dup_or_null(s->note);
	d->path = dup_or_null(s->path);
	d->url = dup_or_null(s->url);
	d->fetched_at = dup_or_null(s->fetched_at);
	d->error = dup_or_null(s->error);
	d->snapshot.origin = dup_or_null(s->snapshot.origin);
	d->snapshot.note = dup_or_null(s->snapshot.note);
	d->warnings = NULL;
	d->nwarnings = d->warnings_more = 0;
	obs_copy_warnings(d, s);
	return t->nsources++;
}

void obs_add(struct obs_table *t, size_t src, const char *metric, int year,
	     const char *key, double value, int line)
{
	struct buf clean = BUF_INIT;
	char *k = NULL;

	if (key && utf8_sanitize(key, &clean)) {
		k = buf_detach(&clean, NULL);
		if (!t->bad_utf8_line)
			t->bad_utf8_line = line > 0 ? line : -1;
		if (src < t->nsources && !t->sources[src].bad_utf8_line)
			t->sources[src].bad_utf8_line = line > 0 ? line : -1;
	} else {
		k = dup_or_null(key);
	}
	buf_release(&clean);
	t->v = xgrow(t->v, &t->alloc, t->n + 1, sizeof(*t->v));
	t->v[t->n++] = (struct obs){ .metric = xstrdup(metric), .year = year, .key = k,
				     .value = value, .line = line > 0 ? line : 0, .src = src };
	if (src < t->nsources)
		t->sources[src].nobs++;
	t->sorted = false;
}

void obs_add_line(struct obs_table *t, size_t i, int line)
{
	struct obs *o = &t->v[i];
	size_t lo = 0, hi;

	if (line <= 0 || line == o->line)
		return;
	if (!o->line) {
		o->line = line;
		return;
	}
	if (line < o->line) {
		int first = o->line;
		o->line = line;
		line = first;
	}
	hi = o->nmore;
	if (hi && o->more[hi - 1] < line) {
		lo = hi;	/* the usual case: rows in ascending order */
	} else {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (o->more[mid] < line)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < o->nmore && o->more[lo] == line)
			return;
	}
	o->more = xgrow(o->more, &o->amore, o->nmore + 1, sizeof(*o->more));
	memmove(o->more + lo + 1, o->more + lo, (o->nmore - lo) * sizeof(*o->more));
	o->more[lo] = line;
	o->nmore++;
}

void obs_set_pointer(struct obs_table *t, size_t i, const char *pointer)
{
	free(t->v[i].pointer);
	t->v[i].pointer = dup_or_null(pointer);
}

void obs_copy_where(struct obs_table *t, size_t i, const struct obs *from)
{
	struct obs *o = &t->v[i];

	obs_add_line(t, i, from->line);
	if (from->nmore) {
		o->more = xgrow(o->more, &o->amore, o->nmore + from->nmore, sizeof(*o->more));
		if (!o->nmore && o->line == from->line) {
			memcpy(o->more, from->more, from->nmore * sizeof(*o->more));
			o->nmore = from->nmore;
		} else {
			for (size_t k = 0; k < from->nmore; k++)
				obs_add_line(t, i, from->more[k]);
		}
	}
	if (from->pointer)
		obs_set_pointer(t, i, from->pointer);
}

void obs_add_label(struct obs_table *t, size_t src, const char *key, const char *label)
{
	struct obs_label *l;
	struct buf clean = BUF_INIT, text = BUF_INIT;

	if (!key || !label || obs_label(t, key))
		return;
	utf8_sanitize(label, &text);
	for (const char *c = text.buf ? text.buf : ""; *c; c++)
		if ((unsigned char)*c >= 0x20 && *c != 0x7f)
			buf_addch(&clean, *c);
	buf_release(&text);
	t->labels = xgrow(t->labels, &t->alabels, t->nlabels + 1, sizeof(*t->labels));
	l = &t->labels[t->nlabels++];
	l->key = xstrdup(key);
	l->label = buf_detach(&clean, NULL);
	l->src = src;
}

const char *obs_label(const struct obs_table *t, const char *key)
{
	for (size_t i = 0; key && i < t->nlabels; i++)
		if (!strcmp(t->labels[i].key, key))
			return t->labels[i].label;
	return NULL;
}

void obs_copy_labels(struct obs_table *to, size_t src, const struct obs_table *from)
{
	for (size_t i = 0; i < from->nlabels; i++)
		obs_add_label(to, src, from->labels[i].key, from->labels[i].label);
}

void obs_carry_utf8(struct obs_table *to, size_t src, const struct obs_table *from)
{
	if (!from->bad_utf8_line)
		return;
	if (!to->bad_utf8_line)
		to->bad_utf8_line = from->bad_utf8_line;
	if (src < to->nsources && !to->sources[src].bad_utf8_line)
		to->sources[src].bad_utf8_line = from->bad_utf8_line;
}

static int key_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int obs_cmp(const void *pa, const void *pb)
{
	const struct obs *a = pa, *b = pb;
	int c = strcmp(a->metric, b->metric);
	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	c = key_cmp(a->key, b->key);
	if (c)
		return c;
	return a->line - b->line;
}

void obs_sort(struct obs_table *t)
{
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), obs_cmp);
	t->sorted = true;
}

const struct obs *obs_range(const struct obs_table *t, const char *metric,
			    int year, size_t *count)
{
	size_t lo = 0, hi = t->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct obs *o = &t->v[mid];
		int c = strcmp(o->metric, metric);
		if (c < 0 || (c == 0 && o->year < year))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < t->n && t->v[end].year == year &&
		       !strcmp(t->v[end].metric, metric); end++)
		;
	*count = end - lo;
	return *count ? &t->v[lo] : NULL;
}

const char *source_state_name(enum source_state s)
{
	static const char *const names[] = { "fresh", "cached", "snapshot",
					     "stale", "failed" };
	return names[s];
}
