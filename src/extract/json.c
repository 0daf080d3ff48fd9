#include "extract/json.h"
#include "lang/jsonpath.h"
#include "util/jsonpos.h"
#include "util/textnorm.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* One member or element step; NULL when absent. */
static const cJSON *step(const cJSON *n, const char *seg)
{
	if (cJSON_IsObject(n))
		return cJSON_GetObjectItemCaseSensitive(n, seg);
	if (cJSON_IsArray(n)) {
		char *end;
		long i = strtol(seg, &end, 10);
		if (*seg < '0' || *seg > '9' || *end || i < 0)
			return NULL;
		return cJSON_GetArrayItem(n, (int)i);
	}
	return NULL;
}

/* One document being read. */
struct jdoc {
	const struct extract_ctx *x;
	const cJSON *root;
	struct jsonpos pos;	/* sorted by node, for lines */
	struct univ_names names;
	struct jpath year, match, key;	/* key: of the metric being read */
	struct extract_tmp tmp;
	struct buf *err;
	int failed;
};

static int pos_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct jsonpos_entry *)a)->node;
	uintptr_t y = (uintptr_t)((const struct jsonpos_entry *)b)->node;
	return x < y ? -1 : x > y;
}

static int line_of(const struct jdoc *d, const cJSON *n, int *col)
{
	struct jsonpos_entry key = { .node = n }, *e;
	e = bsearch(&key, d->pos.v, d->pos.n, sizeof(key), pos_cmp);
	if (col)
		*col = e ? e->col : 0;
	return e ? e->line : 0;
}

__attribute__((format(printf, 3, 4)))
static void fail_at(struct jdoc *d, const cJSON *n, const char *fmt, ...)
{
	int col, line = line_of(d, n, &col);
	va_list ap;
	if (d->failed++)
		return;
	buf_setf(d->err, "%s:%d:%d: ", d->x->name, line, col);
	va_start(ap, fmt);
	buf_vaddf(d->err, fmt, ap);
	va_end(ap);
}

/* Evaluates p under the bindings: its k-th '*' is elem[k]. */
static const cJSON *eval_bound(const struct jdoc *d, const struct jpath *p,
			       const cJSON *const *elem)
{
	const cJSON *n = d->root;
	size_t k = 0;
	for (size_t i = 0; i < p->n && n; i++)
		n = p->seg[i] ? step(n, p->seg[i]) : elem[k++];
	return n;
}

static void add_binding(struct jdoc *d, const struct metric_map *m,
			const cJSON *value, const cJSON *const *elem)
{
	const struct source *s = d->x->s;
	const cJSON *n;
	struct buf key = BUF_INIT, err = BUF_INIT;
	int year = d->x->page_year, score = 0;
	double v = NAN;

	if (s->has_match) {
		n = eval_bound(d, &d->match, elem);
		if (!cJSON_IsString(n) || !(score = univ_match(&d->names, n->valuestring)))
			goto out;
	}
	if (s->has_year) {
		n = eval_bound(d, &d->year, elem);
		if (cJSON_IsNumber(n) && n->valuedouble == floor(n->valuedouble))
			year = n->valuedouble >= 1900 && n->valuedouble <= 2200 ?
				(int)n->valuedouble : 0;
		else if (cJSON_IsString(n))
			year = extract_year(n->valuestring);
		else
			year = 0;
		if (!year) {
			fail_at(d, n ? n : value, "'year' (%s): expected a year such as 2021 for metric '%s'",
				s->year.name, m->name);
			goto out;
		}
	}
	if (m->has_key) {
		n = eval_bound(d, &d->key, elem);
		if (cJSON_IsString(n))
			textnorm_space(n->valuestring, &key);
		else if (cJSON_IsNumber(n))
			fmt_double(&key, n->valuedouble);
		if (!key.len) {
			fail_at(d, n ? n : value, "'key' (%s): expected a non-empty string or a number for metric '%s'",
				m->key.name, m->name);
			goto out;
		}
	}
	if (cJSON_IsNumber(value)) {
		v = value->valuedouble;
		if (m->rank && (v < 1 || v != floor(v))) {
			fail_at(d, value, "metric '%s': %g is not a rank", m->name, v);
			goto out;
		}
	} else if (cJSON_IsString(value)) {
		if (extract_number(m, value->valuestring, '.', 0, &v, &err) < 0) {
			fail_at(d, value, "metric '%s': %s", m->name, err.buf);
			goto out;
		}
	} else if (!cJSON_IsNull(value)) {
		fail_at(d, value, "metric '%s': expected a number, found %s", m->name,
			cJSON_IsBool(value) ? "a boolean" :
			cJSON_IsArray(value) ? "an array" : "an object");
		goto out;
	}
	extract_tmp_add(&d->tmp, m->name, year, key.len ? key.buf : NULL, v,
			line_of(d, value, NULL), score);
out:
	buf_release(&key);
	buf_release(&err);
}

/* Every binding of the value path from segment i at node n. */
static void walk(struct jdoc *d, const struct metric_map *m,
		 const struct jpath *p, size_t i, const cJSON *n,
		 const cJSON **elem, size_t k)
{
	for (; i < p->n && n && p->seg[i]; i++)
		n = step(n, p->seg[i]);
	if (!n || d->failed)
		return;
	if (i == p->n) {
		add_binding(d, m, n, elem);
		return;
	}
	if (!cJSON_IsArray(n) && !cJSON_IsObject(n))
		return;
	for (const cJSON *c = n->child; c && !d->failed; c = c->next) {
		elem[k] = c;
		walk(d, m, p, i + 1, c, elem, k + 1);
	}
}

static int parse_doc(const struct extract_ctx *x, const char *data, size_t len,
		     cJSON **root, struct buf *err)
{
	const char *end = NULL;
	size_t skip = len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3) ? 3 : 0;
	size_t i = skip;

	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i == len) {
		buf_setf(err, "%s: the document is empty", x->name);
		return -1;
	}
	if (data[i] == '<') {
		buf_setf(err, "%s: expected JSON, found HTML or XML (starting with '<')",
			 x->name);
		return -1;
	}
	if (memchr(data, '\0', len)) {
		buf_setf(err, "%s: expected JSON, found a NUL byte", x->name);
		return -1;
	}
	/* data[len] is NUL: with it counted, cJSON rejects trailing garbage */
	*root = cJSON_ParseWithLengthOpts(data + skip, len - skip + 1, &end, 1);
	if (!*root) {
		int line, col;
		size_t off = end && end >= data + skip ? (size_t)(end - data - skip) : 0;
		text_line_col(data + skip, off, &line, &col);
		buf_setf(err, "%s:%d:%d: invalid JSON near here", x->name, line, col);
		if (json_depth_at(data + skip, off + 1) > CJSON_NESTING_LIMIT)
			buf_addf(err, " (nested deeper than %d levels)", CJSON_NESTING_LIMIT);
		return -1;
	}
	return 0;
}

int extract_json(const struct extract_ctx *x, const char *data, size_t len,
		 struct obs_table *t, size_t src, struct buf *err)
{
	const struct source *s = x->s;
	struct jdoc d = { .x = x, .err = err };
	cJSON *root = NULL;
	int rc = -1;

	extract_tmp_init(&d.tmp);
	if (parse_doc(x, data, len, &root, err))
		goto out;
	d.root = root;
	jsonpos_build(&d.pos, data, root);
	qsort(d.pos.v, d.pos.n, sizeof(*d.pos.v), pos_cmp);
	univ_names_init(&d.names, x->profile);
	/* the configuration checked every path: these parse */
	if (s->has_year)
		jpath_parse(s->year.name, &d.year, err);
	if (s->has_match)
		jpath_parse(s->match.name, &d.match, err);
	for (size_t i = 0; i < s->nmetrics && !d.failed; i++) {
		const struct metric_map *m = &s->metrics[i];
		const cJSON *elem[MAX_STARS];
		struct jpath p;
		if (jpath_parse(m->value.name, &p, err)) {
			d.failed = 1;
			break;
		}
		if (m->has_key)
			jpath_parse(m->key.name, &d.key, err);
		walk(&d, m, &p, 0, root, elem, 0);
		jpath_release(&p);
		jpath_release(&d.key);
	}
	jpath_release(&d.year);
	jpath_release(&d.match);
	if (!d.failed)
		rc = extract_tmp_commit(&d.tmp, x->name, t, src, err);
	univ_names_release(&d.names);
	jsonpos_release(&d.pos);
out:
	extract_tmp_release(&d.tmp);
	cJSON_Delete(root);
	return rc;
}
