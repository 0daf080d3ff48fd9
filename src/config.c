#include "config.h"
#include "jsonpos.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define CONFIG_MAX_FILE (4u << 20)

/* One configuration file being read: where errors go and how they are placed. */
struct cfile {
	const char *name;	/* as shown in messages */
	char *text;
	cJSON *root;
	struct jsonpos pos;
	struct buf *errors;
	int *nerr;
};

__attribute__((format(printf, 4, 5)))
static void err_at(struct cfile *f, const cJSON *node, int at_key,
		   const char *fmt, ...)
{
	int line = 0, col = 0;
	va_list ap;

	if (node)
		jsonpos_of(&f->pos, node, at_key, &line, &col);
	if (line)
		buf_addf(f->errors, "%s:%d:%d: ", f->name, line, col);
	else
		buf_addf(f->errors, "%s: ", f->name);
	va_start(ap, fmt);
	buf_vaddf(f->errors, fmt, ap);
	va_end(ap);
	buf_addch(f->errors, '\n');
	(*f->nerr)++;
}

static const char *type_name(const cJSON *n)
{
	if (!n)
		return "nothing";
	if (cJSON_IsString(n))
		return "a string";
	if (cJSON_IsNumber(n))
		return "a number";
	if (cJSON_IsBool(n))
		return "a boolean";
	if (cJSON_IsNull(n))
		return "null";
	if (cJSON_IsArray(n))
		return "an array";
	return "an object";
}

/* Reads and parses path; on failure reports it and returns -1. */
static int cfile_open(struct cfile *f, const char *path, const char *name,
		      struct buf *errors, int *nerr)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	const char *end = NULL, *start;

	memset(f, 0, sizeof(*f));
	f->name = name;
	f->errors = errors;
	f->nerr = nerr;
	if (file_read(path, &text, CONFIG_MAX_FILE, &err)) {
		buf_addf(errors, "%s: %s\n", name, err.buf);
		(*nerr)++;
		buf_release(&text);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	f->text = buf_detach(&text, NULL);
	start = f->text;
	if (!strncmp(start, "\xef\xbb\xbf", 3))
		start += 3;
	f->root = cJSON_ParseWithOpts(start, &end, 1);
	if (!f->root) {
		int line, col;
		size_t off = end ? (size_t)(end - start) : 0;
		/* cJSON points at the failing token or one past it */
		if (!end)
			end = cJSON_GetErrorPtr();
		if (end && end >= start)
			off = (size_t)(end - start);
		text_line_col(start, off, &line, &col);
		buf_addf(errors, "%s:%d:%d: invalid JSON near here\n", name, line, col);
		(*nerr)++;
		return -1;
	}
	jsonpos_build(&f->pos, start, f->root);
	return 0;
}

static void cfile_close(struct cfile *f)
{
	jsonpos_release(&f->pos);
	cJSON_Delete(f->root);
	free(f->text);
}

static void check_duplicate_keys(struct cfile *f, const cJSON *obj)
{
	for (const cJSON *m = obj->child; m; m = m->next)
		for (const cJSON *p = obj->child; p != m; p = p->next)
			if (!strcmp(p->string, m->string)) {
				err_at(f, m, 1, "duplicate key '%s'", m->string);
				break;
			}
}

/* Reports unknown and duplicate keys of obj. allowed ends with NULL. */
static void check_keys(struct cfile *f, const cJSON *obj,
		       const char *const *allowed)
{
	check_duplicate_keys(f, obj);
	for (const cJSON *m = obj->child; m; m = m->next) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			ok |= !strcmp(*a, m->string);
		if (!ok) {
			struct buf list = BUF_INIT;
			for (const char *const *a = allowed; *a; a++)
				buf_addf(&list, "%s%s", a == allowed ? "" : ", ", *a);
			err_at(f, m, 1, "unknown key '%s' (expected one of: %s)",
			       m->string, list.buf);
			buf_release(&list);
		}
	}
}

static int expect_object(struct cfile *f, const cJSON *n, const char *what)
{
	if (cJSON_IsObject(n))
		return 0;
	err_at(f, n, 0, "expected %s as an object, found %s", what, type_name(n));
	return -1;
}

/* A string member; NULL (and an error when required) when absent or wrong. */
static char *get_str(struct cfile *f, const cJSON *obj, const char *key,
		     int required)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n) {
		if (required)
			err_at(f, obj, 0, "missing required key '%s'", key);
		return NULL;
	}
	if (!cJSON_IsString(n)) {
		err_at(f, n, 0, "expected '%s' to be a string, found %s", key,
		       type_name(n));
		return NULL;
	}
	if (required && !*n->valuestring) {
		err_at(f, n, 0, "'%s' must not be empty", key);
		return NULL;
	}
	return xstrdup(n->valuestring);
}

/* An integer member; returns 0 when found and valid. */
static int get_int(struct cfile *f, const cJSON *obj, const char *key,
		   int required, int *out)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n) {
		if (required)
			err_at(f, obj, 0, "missing required key '%s'", key);
		return -1;
	}
	if (!cJSON_IsNumber(n) || n->valuedouble != floor(n->valuedouble) ||
	    fabs(n->valuedouble) > 1e9) {
		err_at(f, n, 0, "expected '%s' to be an integer, found %s", key,
		       type_name(n));
		return -1;
	}
	*out = (int)n->valuedouble;
	return 0;
}

static int get_num(struct cfile *f, const cJSON *obj, const char *key,
		   int required, double *out)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n) {
		if (required)
			err_at(f, obj, 0, "missing required key '%s'", key);
		return -1;
	}
	if (!cJSON_IsNumber(n)) {
		err_at(f, n, 0, "expected '%s' to be a number, found %s", key,
		       type_name(n));
		return -1;
	}
	*out = n->valuedouble;
	return 0;
}

static int valid_id(const char *s, int allow_dash)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || (allow_dash && *s == '-')))
			return 0;
	return 1;
}

static int valid_metric_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static char *get_id(struct cfile *f, const cJSON *obj, int allow_dash)
{
	char *id = get_str(f, obj, "id", 1);
	if (id && !valid_id(id, allow_dash)) {
		err_at(f, cJSON_GetObjectItemCaseSensitive(obj, "id"), 0,
		       "id '%s' must match [a-z0-9_%s]+", id, allow_dash ? "-" : "");
	}
	return id;
}

/* ---- profile.json ---- */

static void load_profile(struct config *cfg, struct cfile *f)
{
	static const char *const keys[] = { "name", "aliases", "country",
		"openalex_id", "ror", "period", "peers", "contact_email",
		"status_threshold", "note", NULL };
	static const char *const period_keys[] = { "from", "to", NULL };
	static const char *const peer_keys[] = { "name", "openalex_id", "ror",
		"country", NULL };
	struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n;

	if (expect_object(f, root, "the profile"))
		return;
	check_keys(f, root, keys);
	p->name = get_str(f, root, "name", 1);
	p->country = get_str(f, root, "country", 1);
	if (p->country && (strlen(p->country) != 2 || p->country[0] < 'A' ||
			   p->country[0] > 'Z' || p->country[1] < 'A' ||
			   p->country[1] > 'Z'))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "country"), 0,
		       "expected 'country' to be an ISO 3166-1 alpha-2 code such as \"KZ\"");
	p->openalex_id = get_str(f, root, "openalex_id", 0);
	p->ror = get_str(f, root, "ror", 0);
	p->contact_email = get_str(f, root, "contact_email", 0);
	p->note = get_str(f, root, "note", 0);
	p->status_threshold = 0.1;
	if (!get_num(f, root, "status_threshold", 0, &p->status_threshold) &&
	    (p->status_threshold < 0 || p->status_threshold > 1))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "status_threshold"),
		       0, "expected 'status_threshold' between 0 and 1");

	n = cJSON_GetObjectItemCaseSensitive(root, "aliases");
	if (n && !cJSON_IsArray(n)) {
		err_at(f, n, 0, "expected 'aliases' to be an array of strings");
	} else if (n) {
		const cJSON *a;
		p->aliases = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(char *));
		cJSON_ArrayForEach(a, n) {
			if (!cJSON_IsString(a))
				err_at(f, a, 0, "expected an alias string, found %s",
				       type_name(a));
			else
				p->aliases[p->naliases++] = xstrdup(a->valuestring);
		}
	}

	n = cJSON_GetObjectItemCaseSensitive(root, "period");
	if (!n) {
		err_at(f, root, 0, "missing required key 'period'");
	} else if (!expect_object(f, n, "'period'")) {
		check_keys(f, n, period_keys);
		if (!get_int(f, n, "from", 1, &p->year_from) &&
		    !get_int(f, n, "to", 1, &p->year_to)) {
			if (p->year_from < 1900 || p->year_to > 2200 ||
			    p->year_from >= p->year_to)
				err_at(f, n, 0, "expected a period with 1900 <= from < to <= 2200");
		}
	}

	n = cJSON_GetObjectItemCaseSensitive(root, "peers");
	if (n && !cJSON_IsArray(n)) {
		err_at(f, n, 0, "expected 'peers' to be an array of objects");
	} else if (n) {
		const cJSON *e;
		p->peers = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*p->peers));
		cJSON_ArrayForEach(e, n) {
			struct peer *peer;
			if (expect_object(f, e, "a peer"))
				continue;
			check_keys(f, e, peer_keys);
			peer = &p->peers[p->npeers++];
			peer->name = get_str(f, e, "name", 1);
			peer->openalex_id = get_str(f, e, "openalex_id", 0);
			peer->ror = get_str(f, e, "ror", 0);
			peer->country = get_str(f, e, "country", 0);
		}
	}
}

/* ---- areas.json ---- */

static int area_cmp(const void *a, const void *b)
{
	return ((const struct area *)a)->order - ((const struct area *)b)->order;
}

static void load_areas(struct config *cfg, struct cfile *f)
{
	static const char *const keys[] = { "areas", "note", NULL };
	static const char *const area_keys[] = { "id", "title", "order",
		"description", NULL };
	const cJSON *list, *e;

	if (expect_object(f, f->root, "the areas file"))
		return;
	check_keys(f, f->root, keys);
	list = cJSON_GetObjectItemCaseSensitive(f->root, "areas");
	if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list)) {
		err_at(f, list ? list : f->root, 0,
		       "expected 'areas' to be a non-empty array of areas");
		return;
	}
	cfg->areas = xcalloc((size_t)cJSON_GetArraySize(list), sizeof(*cfg->areas));
	cJSON_ArrayForEach(e, list) {
		struct area *a;
		if (expect_object(f, e, "an area"))
			continue;
		check_keys(f, e, area_keys);
		a = &cfg->areas[cfg->nareas];
		a->id = get_id(f, e, 1);
		a->title = get_str(f, e, "title", 1);
		a->description = get_str(f, e, "description", 0);
		if (!get_int(f, e, "order", 1, &a->order) && a->order < 1)
			err_at(f, cJSON_GetObjectItemCaseSensitive(e, "order"), 0,
			       "expected 'order' to be a positive integer");
		for (size_t i = 0; i < cfg->nareas; i++) {
			if (a->id && cfg->areas[i].id && !strcmp(a->id, cfg->areas[i].id))
				err_at(f, e, 0, "duplicate area id '%s'", a->id);
			if (a->order && a->order == cfg->areas[i].order)
				err_at(f, e, 0, "duplicate area order %d", a->order);
		}
		cfg->nareas++;
	}
	qsort(cfg->areas, cfg->nareas, sizeof(*cfg->areas), area_cmp);
}

/* ---- sources: one JSON file per source ---- */

static int get_colref(struct cfile *f, const cJSON *n, const char *what,
		      struct colref *out)
{
	if (cJSON_IsString(n) && *n->valuestring) {
		out->name = xstrdup(n->valuestring);
		return 0;
	}
	if (cJSON_IsNumber(n) && n->valuedouble >= 1 && n->valuedouble <= 10000 &&
	    n->valuedouble == floor(n->valuedouble)) {
		out->number = (int)n->valuedouble;
		return 0;
	}
	err_at(f, n, 0, "expected %s to be a column header (string) or number (1, 2, ...), found %s",
	       what, type_name(n));
	return -1;
}

static void load_where(struct cfile *f, const cJSON *n, struct metric_map *m)
{
	const cJSON *e;
	if (expect_object(f, n, "'where'"))
		return;
	m->wheres = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*m->wheres));
	cJSON_ArrayForEach(e, n) {
		struct where *w = &m->wheres[m->nwheres];
		const cJSON *t;
		w->col.name = xstrdup(e->string);
		if (cJSON_IsString(e)) {
			w->texts = xcalloc(1, sizeof(char *));
			w->texts[w->ntexts++] = xstrdup(e->valuestring);
		} else if (cJSON_IsArray(e) && cJSON_GetArraySize(e)) {
			w->texts = xcalloc((size_t)cJSON_GetArraySize(e), sizeof(char *));
			cJSON_ArrayForEach(t, e) {
				if (cJSON_IsString(t))
					w->texts[w->ntexts++] = xstrdup(t->valuestring);
				else
					err_at(f, t, 0, "expected a string to match, found %s",
					       type_name(t));
			}
		} else {
			err_at(f, e, 0, "expected a string or a non-empty array of strings for column '%s'",
			       e->string);
		}
		m->nwheres++;
	}
}

static void load_metric(struct cfile *f, const cJSON *e, struct metric_map *m)
{
	static const char *const keys[] = { "name", "value", "count", "key",
		"where", "sum", NULL };
	const cJSON *n;

	check_keys(f, e, keys);
	m->name = get_str(f, e, "name", 1);
	if (m->name && !valid_metric_name(m->name))
		err_at(f, cJSON_GetObjectItemCaseSensitive(e, "name"), 0,
		       "metric name '%s' must match [A-Za-z_][A-Za-z0-9_]*", m->name);
	n = cJSON_GetObjectItemCaseSensitive(e, "count");
	if (n && !cJSON_IsBool(n))
		err_at(f, n, 0, "expected 'count' to be true or false");
	m->count = cJSON_IsTrue(n);
	n = cJSON_GetObjectItemCaseSensitive(e, "sum");
	if (n && !cJSON_IsBool(n))
		err_at(f, n, 0, "expected 'sum' to be true or false");
	m->sum = m->count || cJSON_IsTrue(n);
	n = cJSON_GetObjectItemCaseSensitive(e, "value");
	if (m->count && n)
		err_at(f, n, 0, "a metric has either 'value' or 'count', not both");
	else if (!m->count && !n)
		err_at(f, e, 0, "missing 'value' (a column) or \"count\": true");
	else if (n)
		get_colref(f, n, "'value'", &m->value);
	n = cJSON_GetObjectItemCaseSensitive(e, "key");
	if (n && !get_colref(f, n, "'key'", &m->key))
		m->has_key = true;
	n = cJSON_GetObjectItemCaseSensitive(e, "where");
	if (n)
		load_where(f, n, m);
}

static char get_char_option(struct cfile *f, const cJSON *obj, const char *key,
			    const char *allowed, char dflt)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n)
		return dflt;
	if (cJSON_IsString(n) && !*n->valuestring && !strcmp(key, "thousands"))
		return 0;
	if (!cJSON_IsString(n) || strlen(n->valuestring) != 1 ||
	    !strchr(allowed, n->valuestring[0])) {
		struct buf list = BUF_INIT;
		for (const char *a = allowed; *a; a++)
			buf_addf(&list, "%s\"%s\"", a == allowed ? "" : ", ",
				 *a == '\t' ? "\\t" : (char[]){ *a, 0 });
		err_at(f, n, 0, "expected '%s' to be one of %s", key, list.buf);
		buf_release(&list);
		return dflt;
	}
	return n->valuestring[0];
}

/* A path inside the configuration directory: relative, no "..". */
static int safe_relative_path(const char *p)
{
	if (!*p || *p == '/')
		return 0;
	for (const char *s = p; *s;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return 0;
		s += n + (e ? 1 : 0);
	}
	return 1;
}

static void load_source(struct source *s, struct cfile *f)
{
	static const char *const keys[] = { "id", "kind", "title", "note",
		"path", "url", "snapshot", "ttl", "delimiter", "decimal",
		"thousands", "comment", "year", "year_range", "metrics", NULL };
	const cJSON *root = f->root, *n, *e;

	if (expect_object(f, root, "a source"))
		return;
	check_keys(f, root, keys);
	s->id = get_id(f, root, 1);
	s->kind = get_str(f, root, "kind", 1);
	s->title = get_str(f, root, "title", 0);
	s->note = get_str(f, root, "note", 0);
	s->path = get_str(f, root, "path", 0);
	s->url = get_str(f, root, "url", 0);
	if (s->kind && strcmp(s->kind, "csv")) {
		/* other kinds arrive with their issues; name them exactly */
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "kind"), 0,
		       "kind '%s' is not supported yet (supported: csv)", s->kind);
	}
	if (s->url)
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "url"), 0,
		       "web sources ('url') are not supported yet; use 'path'");
	if (!s->path && !s->url)
		err_at(f, root, 0, "missing 'path' (a file relative to the configuration directory)");
	if (s->path && !safe_relative_path(s->path))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "path"), 0,
		       "'path' must be relative to the configuration directory and not contain '..'");
	s->delimiter = get_char_option(f, root, "delimiter", ",;\t", 0);
	s->decimal = get_char_option(f, root, "decimal", ".,", '.');
	s->thousands = get_char_option(f, root, "thousands", " .,'", 0);
	if (s->thousands && s->thousands == s->decimal)
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "thousands"), 0,
		       "'thousands' and 'decimal' must differ");
	s->comment = get_str(f, root, "comment", 0);

	n = cJSON_GetObjectItemCaseSensitive(root, "year");
	e = cJSON_GetObjectItemCaseSensitive(root, "year_range");
	if (n && e) {
		err_at(f, e, 1, "use either 'year' or 'year_range', not both");
	} else if (n) {
		get_colref(f, n, "'year'", &s->year);
	} else if (e) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2) {
			err_at(f, e, 0, "expected 'year_range' to be [from_column, to_column]");
		} else {
			s->has_year_range = true;
			get_colref(f, e->child, "the first 'year_range' column", &s->year);
			get_colref(f, e->child->next, "the second 'year_range' column",
				   &s->year_to);
		}
	} else {
		err_at(f, root, 0, "missing 'year' (the year column) or 'year_range'");
	}

	n = cJSON_GetObjectItemCaseSensitive(root, "metrics");
	if (!cJSON_IsArray(n) || !cJSON_GetArraySize(n)) {
		err_at(f, n ? n : root, 0, "expected 'metrics' to be a non-empty array");
		return;
	}
	s->metrics = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*s->metrics));
	cJSON_ArrayForEach(e, n) {
		if (expect_object(f, e, "a metric mapping"))
			continue;
		load_metric(f, e, &s->metrics[s->nmetrics++]);
	}
}

/* ---- kpi: one JSON file per KPI ---- */

static int target_cmp(const void *a, const void *b)
{
	return ((const struct target *)a)->year - ((const struct target *)b)->year;
}

static void load_kpi(struct config *cfg, struct kpi_def *k, struct cfile *f)
{
	static const char *const keys[] = { "id", "area", "title", "unit",
		"direction", "formula", "baseline", "targets", "weight",
		"decimals", "description", "note", NULL };
	const struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n, *t;
	char *dir;

	if (expect_object(f, root, "a KPI"))
		return;
	check_keys(f, root, keys);
	k->id = get_id(f, root, 0);
	k->area = get_str(f, root, "area", 1);
	k->title = get_str(f, root, "title", 1);
	k->unit = get_str(f, root, "unit", 1);
	k->description = get_str(f, root, "description", 0);
	k->note = get_str(f, root, "note", 0);
	if (k->area && cfg->nareas && !config_area(cfg, k->area))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "area"), 0,
		       "area '%s' does not exist in areas.json", k->area);
	dir = get_str(f, root, "direction", 1);
	if (dir && !strcmp(dir, "decrease"))
		k->direction = DIR_DECREASE;
	else if (dir && strcmp(dir, "increase"))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "direction"), 0,
		       "expected 'direction' to be \"increase\" or \"decrease\", found \"%s\"",
		       dir);
	free(dir);

	k->formula_text = get_str(f, root, "formula", 1);
	if (k->formula_text) {
		struct buf err = BUF_INIT;
		if (formula_parse(k->formula_text, &k->formula, &err)) {
			const cJSON *fn = cJSON_GetObjectItemCaseSensitive(root, "formula");
			err_at(f, fn, 0, "formula: %s", err.buf);
		}
		buf_release(&err);
	}

	k->weight = 1;
	if (!get_num(f, root, "weight", 0, &k->weight) && !(k->weight > 0))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "weight"), 0,
		       "expected 'weight' to be greater than 0");
	k->decimals = 1;
	if (!get_int(f, root, "decimals", 0, &k->decimals) &&
	    (k->decimals < 0 || k->decimals > 6))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "decimals"), 0,
		       "expected 'decimals' between 0 and 6");

	if (!get_int(f, root, "baseline", 1, &k->baseline) && p->year_to &&
	    (k->baseline < p->year_from - 10 || k->baseline >= p->year_to))
		err_at(f, cJSON_GetObjectItemCaseSensitive(root, "baseline"), 0,
		       "baseline %d is outside %d-%d (the period's start minus 10 years to its last year minus one)",
		       k->baseline, p->year_from - 10, p->year_to - 1);

	n = cJSON_GetObjectItemCaseSensitive(root, "targets");
	if (!n) {
		err_at(f, root, 0, "missing required key 'targets'");
		return;
	}
	if (!cJSON_IsObject(n) || !cJSON_GetArraySize(n)) {
		err_at(f, n, 0, "expected 'targets' to be an object of year: value, with at least one target");
		return;
	}
	check_duplicate_keys(f, n);
	k->targets = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*k->targets));
	cJSON_ArrayForEach(t, n) {
		char *end;
		long y;
		errno = 0;
		y = strtol(t->string, &end, 10);
		if (errno || *end || end == t->string || y < 1900 || y > 2200) {
			err_at(f, t, 1, "expected a year as target key, found \"%s\"",
			       t->string);
			continue;
		}
		if (!cJSON_IsNumber(t)) {
			err_at(f, t, 0, "expected the %ld target to be a number, found %s",
			       y, type_name(t));
			continue;
		}
		if (p->year_to && (y < p->year_from || y > p->year_to))
			err_at(f, t, 1, "target year %ld is outside the period %d-%d",
			       y, p->year_from, p->year_to);
		else if (k->baseline && y <= k->baseline)
			err_at(f, t, 1, "target year %ld is not after the baseline %d",
			       y, k->baseline);
		k->targets[k->ntargets++] = (struct target){ (int)y, t->valuedouble };
	}
	qsort(k->targets, k->ntargets, sizeof(*k->targets), target_cmp);
}

/* Checks the formula's metrics against the sources loaded before. */
static void check_formula_refs(const struct config *cfg, struct cfile *f,
			       const struct kpi_def *k)
{
	const struct formula_ref *refs;
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(f->root, "formula");
	size_t n = formula_refs(k->formula, &refs);

	for (size_t i = 0; i < n; i++) {
		const struct metric_map *m;
		if (!config_metric_source(cfg, refs[i].metric, &m))
			err_at(f, fn, 0, "formula column %d: unknown metric '%s' (no source produces it)",
			       refs[i].column, refs[i].metric);
		else if (m->has_key && !refs[i].keyed)
			err_at(f, fn, 0, "formula column %d: metric '%s' has keys; use it inside sum(), count(), hhi() or another key function",
			       refs[i].column, refs[i].metric);
		else if (!m->has_key && refs[i].keyed)
			err_at(f, fn, 0, "formula column %d: metric '%s' has no key; use it without a key function",
			       refs[i].column, refs[i].metric);
	}
}

static void check_source_unique(const struct config *cfg, struct cfile *f,
				const struct source *s)
{
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *o = &cfg->sources[i];
		if (s->id && o->id && !strcmp(s->id, o->id))
			err_at(f, cJSON_GetObjectItemCaseSensitive(f->root, "id"), 0,
			       "duplicate source id '%s' (also in %s)", s->id, o->file);
		for (size_t a = 0; a < s->nmetrics; a++)
			for (size_t b = 0; b < o->nmetrics; b++)
				if (s->metrics[a].name && o->metrics[b].name &&
				    !strcmp(s->metrics[a].name, o->metrics[b].name))
					err_at(f, f->root, 0, "metric '%s' is also produced by source '%s' (%s)",
					       s->metrics[a].name, o->id ? o->id : "?", o->file);
	}
	for (size_t a = 0; a < s->nmetrics; a++)
		for (size_t b = 0; b < a; b++)
			if (s->metrics[a].name && s->metrics[b].name &&
			    !strcmp(s->metrics[a].name, s->metrics[b].name))
				err_at(f, f->root, 0, "metric '%s' is mapped twice",
				       s->metrics[a].name);
}

/* The *.json files of dir, sorted by name; NULL when dir cannot be read. */
static char **list_json(const char *dir, size_t *n)
{
	struct dirent **ents;
	int count = scandir(dir, &ents, NULL, alphasort);
	char **names;

	*n = 0;
	if (count < 0)
		return NULL;
	names = xcalloc((size_t)count + 1, sizeof(char *));
	for (int i = 0; i < count; i++) {
		size_t len = strlen(ents[i]->d_name);
		if (len > 5 && !strcmp(ents[i]->d_name + len - 5, ".json") &&
		    ents[i]->d_name[0] != '.')
			names[(*n)++] = xstrdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int kpi_cmp_cfg(const struct config *cfg, const struct kpi_def *a,
		       const struct kpi_def *b)
{
	const struct area *x = a->area ? config_area(cfg, a->area) : NULL;
	const struct area *y = b->area ? config_area(cfg, b->area) : NULL;
	int ox = x ? x->order : 0, oy = y ? y->order : 0;
	if (ox != oy)
		return ox - oy;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static int source_cmp(const void *a, const void *b)
{
	const struct source *x = a, *y = b;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

typedef void (*load_fn)(struct config *cfg, struct cfile *f, size_t i);

/* The names of subdir's JSON files (reported when there are none). */
static char **dir_files(const struct config *cfg, const char *subdir,
			size_t *n, struct buf *errors, int *nerr)
{
	struct buf dir = BUF_INIT;
	char **names;

	path_join(&dir, cfg->dir, subdir);
	names = list_json(dir.buf, n);
	if (!names) {
		buf_addf(errors, "%s: cannot read directory: %s\n", dir.buf,
			 strerror(errno));
		(*nerr)++;
	} else if (!*n) {
		buf_addf(errors, "%s: no *.json files\n", dir.buf);
		(*nerr)++;
	}
	buf_release(&dir);
	return names;
}

/* Loads the n files of subdir with fn, in order. */
static void load_files(struct config *cfg, const char *subdir, char **names,
		       size_t n, load_fn fn, struct buf *errors, int *nerr)
{
	struct buf path = BUF_INIT, name = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct cfile f;
		buf_reset(&name);
		buf_addf(&name, "%s/%s", subdir, names[i]);
		path_join(&path, cfg->dir, name.buf);
		if (!cfile_open(&f, path.buf, name.buf, errors, nerr))
			fn(cfg, &f, i);
		cfile_close(&f);
	}
	free_list(names, n);
	buf_release(&path);
	buf_release(&name);
}

static void load_source_file(struct config *cfg, struct cfile *f, size_t i)
{
	struct source *s = &cfg->sources[i];
	s->file = xstrdup(f->name);
	load_source(s, f);
	check_source_unique(cfg, f, s);
	cfg->nsources = i + 1;
}

static void load_kpi_file(struct config *cfg, struct cfile *f, size_t i)
{
	struct kpi_def *k = &cfg->kpis[i];
	k->file = xstrdup(f->name);
	load_kpi(cfg, k, f);
	if (k->formula)
		check_formula_refs(cfg, f, k);
	for (size_t j = 0; j < i; j++)
		if (k->id && cfg->kpis[j].id && !strcmp(k->id, cfg->kpis[j].id))
			err_at(f, cJSON_GetObjectItemCaseSensitive(f->root, "id"), 0,
			       "duplicate KPI id '%s' (also in %s)", k->id,
			       cfg->kpis[j].file);
	cfg->nkpis = i + 1;
}

static void load_single(struct config *cfg, const char *file,
			void (*fn)(struct config *, struct cfile *),
			struct buf *errors, int *nerr)
{
	struct buf path = BUF_INIT;
	struct cfile f;
	path_join(&path, cfg->dir, file);
	if (!cfile_open(&f, path.buf, file, errors, nerr))
		fn(cfg, &f);
	cfile_close(&f);
	buf_release(&path);
}

static const struct config *sort_cfg;
static int kpi_cmp(const void *a, const void *b)
{
	return kpi_cmp_cfg(sort_cfg, a, b);
}

int config_load(struct config *cfg, const char *dir, struct buf *errors)
{
	int nerr = 0;
	size_t n;
	char **names;

	memset(cfg, 0, sizeof(*cfg));
	cfg->dir = xstrdup(dir);
	load_single(cfg, "profile.json", load_profile, errors, &nerr);
	load_single(cfg, "areas.json", load_areas, errors, &nerr);
	names = dir_files(cfg, "sources", &n, errors, &nerr);
	cfg->sources = xcalloc(n + 1, sizeof(*cfg->sources));
	load_files(cfg, "sources", names, n, load_source_file, errors, &nerr);
	names = dir_files(cfg, "kpi", &n, errors, &nerr);
	cfg->kpis = xcalloc(n + 1, sizeof(*cfg->kpis));
	load_files(cfg, "kpi", names, n, load_kpi_file, errors, &nerr);
	qsort(cfg->sources, cfg->nsources, sizeof(*cfg->sources), source_cmp);
	sort_cfg = cfg;
	qsort(cfg->kpis, cfg->nkpis, sizeof(*cfg->kpis), kpi_cmp);
	for (size_t a = 0; a < cfg->nareas; a++) {
		size_t used = 0;
		for (size_t k = 0; k < cfg->nkpis; k++)
			used += cfg->kpis[k].area && cfg->areas[a].id &&
				!strcmp(cfg->kpis[k].area, cfg->areas[a].id);
		if (!used) {
			buf_addf(errors, "areas.json: area '%s' has no KPI\n",
				 cfg->areas[a].id ? cfg->areas[a].id : "?");
			nerr++;
		}
	}
	return nerr;
}

static void colref_release(struct colref *c)
{
	free(c->name);
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_release(struct config *cfg)
{
	struct profile *p = &cfg->profile;
	free(p->name);
	free(p->country);
	free(p->openalex_id);
	free(p->ror);
	free(p->contact_email);
	free(p->note);
	free_strv(p->aliases, p->naliases);
	for (size_t i = 0; i < p->npeers; i++) {
		free(p->peers[i].name);
		free(p->peers[i].openalex_id);
		free(p->peers[i].ror);
		free(p->peers[i].country);
	}
	free(p->peers);
	for (size_t i = 0; i < cfg->nareas; i++) {
		free(cfg->areas[i].id);
		free(cfg->areas[i].title);
		free(cfg->areas[i].description);
	}
	free(cfg->areas);
	for (size_t i = 0; i < cfg->nsources; i++) {
		struct source *s = &cfg->sources[i];
		free(s->id);
		free(s->kind);
		free(s->title);
		free(s->note);
		free(s->file);
		free(s->path);
		free(s->url);
		free(s->comment);
		colref_release(&s->year);
		colref_release(&s->year_to);
		for (size_t m = 0; m < s->nmetrics; m++) {
			struct metric_map *mm = &s->metrics[m];
			free(mm->name);
			colref_release(&mm->value);
			colref_release(&mm->key);
			for (size_t w = 0; w < mm->nwheres; w++) {
				colref_release(&mm->wheres[w].col);
				free_strv(mm->wheres[w].texts, mm->wheres[w].ntexts);
			}
			free(mm->wheres);
		}
		free(s->metrics);
	}
	free(cfg->sources);
	for (size_t i = 0; i < cfg->nkpis; i++) {
		struct kpi_def *k = &cfg->kpis[i];
		free(k->id);
		free(k->area);
		free(k->title);
		free(k->unit);
		free(k->description);
		free(k->note);
		free(k->file);
		free(k->formula_text);
		formula_free(k->formula);
		free(k->targets);
	}
	free(cfg->kpis);
	free(cfg->dir);
	memset(cfg, 0, sizeof(*cfg));
}

const struct area *config_area(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nareas; i++)
		if (cfg->areas[i].id && !strcmp(cfg->areas[i].id, id))
			return &cfg->areas[i];
	return NULL;
}

const struct source *config_source(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].id && !strcmp(cfg->sources[i].id, id))
			return &cfg->sources[i];
	return NULL;
}

const struct source *config_metric_source(const struct config *cfg,
					  const char *metric,
					  const struct metric_map **map)
{
	for (size_t i = 0; i < cfg->nsources; i++)
		for (size_t m = 0; m < cfg->sources[i].nmetrics; m++)
			if (cfg->sources[i].metrics[m].name &&
			    !strcmp(cfg->sources[i].metrics[m].name, metric)) {
				if (map)
					*map = &cfg->sources[i].metrics[m];
				return &cfg->sources[i];
			}
	return NULL;
}

int config_load_reported(struct config *cfg, const char *dir)
{
	struct buf errors = BUF_INIT;
	int n = config_load(cfg, dir, &errors);
	char *line = errors.buf;
	while (*line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		errorf("%s", line);
		if (!nl)
			break;
		line = nl + 1;
	}
	buf_release(&errors);
	return n;
}

