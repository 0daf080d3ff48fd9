#include "extract/json.h"
#include "lang/jspage.h"
#include "lang/jsonpath.h"
#include "util/jsonpos.h"
#include "util/textnorm.h"
#include "util/jsonw.h"
#include "util/csv.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* The first child of n that is an object whose member name is the string value. */
static const cJSON *filter_step(const cJSON *n, const char *name, size_t nlen,
				const char *value, size_t vlen)
{
	char key[256];

	if ((!cJSON_IsArray(n) && !cJSON_IsObject(n)) || nlen >= sizeof(key))
		return NULL;
	memcpy(key, name, nlen);
	key[nlen] = '\0';
	for (const cJSON *c = n->child; c; c = c->next) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(c, key);
		if (cJSON_IsString(m) && strlen(m->valuestring) == vlen &&
		    !memcmp(m->valuestring, value, vlen))
			return c;
	}
	return NULL;
}

/* One member, element or filter step; NULL when absent. */
static const cJSON *step(const cJSON *n, const char *seg)
{
	const char *name, *value;
	size_t nlen, vlen;

	if (jpath_filter(seg, &name, &nlen, &value, &vlen))
		return filter_step(n, name, nlen, value, vlen);
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

/* A (group, year) a fact metric has seen: a row of it, or any row. */
struct seen {
	unsigned group;
	int year;
};

/* One document being read. */
struct jdoc {
	const struct extract_ctx *x;
	const cJSON *root;
	struct jsonpos pos;	/* sorted by node, for lines */
	struct univ_names names;
	struct univ_names *peer_names;	/* one per peer of the profile */
	struct seen *found, *years;	/* fact metric: the rows found; every row's year */
	size_t nfound, afound, nyears, ayears;
	struct jpath year, match, key;	/* key: of the metric being read */
	const struct jpath *vpath;	/* the value path of the metric being read */
	size_t star_index[MAX_STARS];	/* the position of each '*' binding */
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

/* Metrics of rows chosen by name that say something when the row is absent. */
static bool tells_absence(const struct source *s, const struct metric_map *m)
{
	return s->has_match && (m->fact || m->rank);
}

static bool seen_has(const struct seen *v, size_t n, unsigned group, int year)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].group == group && v[i].year == year)
			return true;
	return false;
}

static void seen_add(struct seen **v, size_t *n, size_t *alloc, unsigned group, int year)
{
	if (seen_has(*v, *n, group, year))
		return;
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct seen){ group, year };
}

/* The binding's year: 0 (reported when report is set) when it has none. */
static int binding_year(struct jdoc *d, const struct metric_map *m,
			const cJSON *value, const cJSON *const *elem, bool report)
{
	const struct source *s = d->x->s;
	const cJSON *n;
	int year = d->x->page_year;

	if (!s->has_year)
		return year;
	n = eval_bound(d, &d->year, elem);
	if (cJSON_IsNumber(n) && n->valuedouble == floor(n->valuedouble))
		year = n->valuedouble >= 1900 && n->valuedouble <= 2200 ?
			(int)n->valuedouble : 0;
	else if (cJSON_IsString(n))
		year = extract_year(n->valuestring);
	else
		year = 0;
	if (!year && report)
		fail_at(d, n ? n : value, "'year' (%s): expected a year such as 2021 for metric '%s'",
			s->year.name, m->name);
	return year;
}

/*
 * A cell that says a value is not published: "n/a", "NA", "-" or a dash
 * ("–", "—"), spaces around (an empty cell is null as well, by
 * extract_number). Publishers print these where an indicator is withheld.
 */
static bool not_published(const char *text)
{
	static const char *const words[] = { "n/a", "N/A", "NA", "na", "-", "\u2013",
		"\u2014", NULL };
	size_t len;
	const char *t = text;

	while (*t == ' ')
		t++;
	len = strlen(t);
	while (len && t[len - 1] == ' ')
		len--;
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == len && !memcmp(t, *w, len))
			return true;
	return false;
}

/* "34%" or "34.5 %": 1 with *v = 34 (the number before the sign), else 0. */
static int percent_value(const char *text, double *v)
{
	size_t len = strlen(text);
	char tmp[64];

	while (len && text[len - 1] == ' ')
		len--;
	if (!len || text[len - 1] != '%' || len >= sizeof(tmp))
		return 0;
	memcpy(tmp, text, len - 1);
	tmp[len - 1] = '\0';
	return csv_parse_number(tmp, '.', 0, v) == 1;
}

/* The value of a binding into *v: 0, or -1 (reported). */
static int binding_value(struct jdoc *d, const struct metric_map *m,
			 const cJSON *value, double *v)
{
	struct buf err = BUF_INIT;
	struct rank_band band;
	int rc = 0;

	*v = NAN;
	if (m->fact == FACT_LISTED) {
		*v = 1;
	} else if (m->fact == FACT_RANKED) {
		/* a number is a rank; a string is one when it parses as one */
		int parsed = cJSON_IsString(value) ? rank_parse(value->valuestring, &band) : -1;
		if (cJSON_IsNumber(value))
			*v = value->valuedouble >= 1;
		else if (parsed >= 0)
			*v = parsed > 0;
		else if (cJSON_IsNull(value))
			*v = 0;
		else
			rc = -1;
		if (rc)
			fail_at(d, value, "metric '%s': expected a rank cell (such as 451, =451, 801-1000, 1001+ or Reporter)",
				m->name);
	} else if (cJSON_IsNumber(value)) {
		*v = value->valuedouble;
		if (m->rank && (*v < 1 || *v != floor(*v))) {
			fail_at(d, value, "metric '%s': %g is not a rank", m->name, *v);
			rc = -1;
		}
	} else if (cJSON_IsString(value)) {
		if (!m->rank && not_published(value->valuestring)) {
			*v = NAN;
		} else if (!m->rank && percent_value(value->valuestring, v)) {
			/* "34%": the publisher's percentage, as the number 34 */
		} else if (extract_number(m, value->valuestring, '.', 0, v, &err) < 0) {
			fail_at(d, value, "metric '%s': %s", m->name, err.buf);
			rc = -1;
		}
	} else if (!cJSON_IsNull(value)) {
		fail_at(d, value, "metric '%s': expected a number, found %s", m->name,
			cJSON_IsBool(value) ? "a boolean" :
			cJSON_IsArray(value) ? "an array" : "an object");
		rc = -1;
	}
	buf_release(&err);
	return rc;
}

/* One reference token of a JSON pointer: ~ and / escaped. */
static void pointer_token(struct buf *out, const char *s)
{
	buf_addch(out, '/');
	for (; *s; s++) {
		if (*s == '~' || *s == '/')
			buf_addstr(out, *s == '~' ? "~0" : "~1");
		else
			buf_addch(out, *s);
	}
}

/*
 * The JSON pointer (RFC 6901) of a binding of the value path: its member
 * names and indexes, each '*' as the bound member's name or element's
 * index, a filter step as the element it chose.
 */
static void binding_pointer(const struct jdoc *d, const cJSON *const *elem,
			    struct buf *out)
{
	const cJSON *n = d->root, *c;
	size_t k = 0, at;

	for (size_t i = 0; i < d->vpath->n && n; i++) {
		const char *seg = d->vpath->seg[i], *name, *value;
		size_t nlen, vlen;
		if (!seg) {
			c = elem[k];
			at = d->star_index[k++];
		} else if (jpath_filter(seg, &name, &nlen, &value, &vlen)) {
			c = step(n, seg);
			at = 0;
			for (const cJSON *e = n->child; e && e != c; e = e->next)
				at++;
		} else {
			pointer_token(out, seg);
			n = step(n, seg);
			continue;
		}
		if (!c)
			return;
		if (c->string) {
			pointer_token(out, c->string);
		} else {
			buf_addch(out, '/');
			buf_addf(out, "%zu", at);
		}
		n = c;
	}
}

/*
 * One binding of m's value path: a row. With 'match' it counts for the
 * university (group 0) or, for a metric of the peers, for each peer whose
 * names it matches (group 1 + i, keyed by the peer's name).
 */
static void add_binding(struct jdoc *d, const struct metric_map *m,
			const cJSON *value, const cJSON *const *elem)
{
	const struct source *s = d->x->s;
	const struct profile *p = d->x->profile;
	const cJSON *n, *name = NULL;
	struct buf key = BUF_INIT, ptr = BUF_INIT;
	int year, score = 0;
	double v;
	size_t ngroups = m->peers ? p->npeers : 1;

	if (s->has_match) {
		name = eval_bound(d, &d->match, elem);
		if (!cJSON_IsString(name))
			name = NULL;
	}
	if (tells_absence(s, m)) {
		/* every row's year: absence is told for these */
		int y = binding_year(d, m, value, elem, false);
		if (y)
			seen_add(&d->years, &d->nyears, &d->ayears, 0, y);
	}
	for (size_t g = 0; g < ngroups && !d->failed; g++) {
		if (s->has_match) {
			if (!name)
				break;
			score = univ_match(m->peers ? &d->peer_names[g] : &d->names,
					   name->valuestring);
			if (!score)
				continue;
		}
		if (!(year = binding_year(d, m, value, elem, true)))
			break;
		buf_reset(&key);
		if (m->peers) {
			textnorm_space(p->peers[g].name, &key);
		} else if (m->has_key) {
			n = eval_bound(d, &d->key, elem);
			if (cJSON_IsString(n))
				textnorm_space(n->valuestring, &key);
			else if (cJSON_IsNumber(n))
				fmt_double(&key, n->valuedouble);
			if (!key.len) {
				fail_at(d, n ? n : value, "'key' (%s): expected a non-empty string or a number for metric '%s'",
					m->key.name, m->name);
				break;
			}
		}
		if (binding_value(d, m, value, &v))
			break;
		if (tells_absence(s, m))
			seen_add(&d->found, &d->nfound, &d->afound,
				 (unsigned)(m->peers ? g + 1 : 0), year);
		extract_tmp_add_group(&d->tmp, m->name, year, key.len ? key.buf : NULL, v,
				      line_of(d, value, NULL), score,
				      (unsigned)(m->peers ? g + 1 : 0));
		if (!ptr.len)
			binding_pointer(d, elem, &ptr);
		obs_set_pointer(&d->tmp.t, d->tmp.t.n - 1, ptr.buf);
	}
	buf_release(&key);
	buf_release(&ptr);
}

/*
 * For every group and year of the document without its row: a fact
 * metric's 0 (not listed), a rank metric's null (no rank in that edition:
 * not ranked, as for a "Reporter" row).
 */
static void add_absent(struct jdoc *d, const struct metric_map *m)
{
	const struct profile *p = d->x->profile;
	size_t ngroups = m->peers ? p->npeers : 1;
	struct buf key = BUF_INIT;

	if (d->x->page_year)
		seen_add(&d->years, &d->nyears, &d->ayears, 0, d->x->page_year);
	for (size_t g = 0; g < ngroups; g++) {
		unsigned group = (unsigned)(m->peers ? g + 1 : 0);
		buf_reset(&key);
		if (m->peers)
			textnorm_space(p->peers[g].name, &key);
		for (size_t i = 0; i < d->nyears; i++)
			if (!seen_has(d->found, d->nfound, group, d->years[i].year))
				extract_tmp_add_group(&d->tmp, m->name, d->years[i].year,
						      key.len ? key.buf : NULL, m->fact ? 0 : NAN,
						      0, 0, group);
	}
	buf_release(&key);
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
	d->star_index[k] = 0;
	for (const cJSON *c = n->child; c && !d->failed; c = c->next, d->star_index[k]++) {
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
		struct buf hint = BUF_INIT;
		buf_setf(err, "%s: expected JSON, found HTML or XML (starting with '<')",
			 x->name);
		if (jspage_hint(data, len, x->page_year, &hint))
			buf_addf(err, "; %s", hint.buf);
		buf_release(&hint);
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
	d.peer_names = xcalloc(x->profile->npeers + 1, sizeof(*d.peer_names));
	for (size_t i = 0; i < x->profile->npeers; i++)
		univ_names_init_peer(&d.peer_names[i], &x->profile->peers[i]);
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
		if (m->has_key && m->key.name)
			jpath_parse(m->key.name, &d.key, err);
		d.nfound = d.nyears = 0;
		d.vpath = &p;
		walk(&d, m, &p, 0, root, elem, 0);
		if (tells_absence(s, m) && !d.failed)
			add_absent(&d, m);
		jpath_release(&p);
		jpath_release(&d.key);
	}
	jpath_release(&d.year);
	jpath_release(&d.match);
	if (!d.failed)
		rc = extract_tmp_commit(&d.tmp, x->name, t, src, err);
	univ_names_release(&d.names);
	for (size_t i = 0; d.peer_names && i < x->profile->npeers; i++)
		univ_names_release(&d.peer_names[i]);
	free(d.peer_names);
	free(d.found);
	free(d.years);
	jsonpos_release(&d.pos);
out:
	extract_tmp_release(&d.tmp);
	cJSON_Delete(root);
	return rc;
}
