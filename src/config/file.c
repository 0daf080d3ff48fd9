#include "config/file.h"
#include "lang/jsonpath.h"
#include "util/jsonpos.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define CONFIG_MAX_FILE (4u << 20)

void cfg_err(struct cfile *f, const cJSON *node, int at_key, const char *fmt, ...)
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

const char *cfg_type_name(const cJSON *n)
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

int cfile_open(struct cfile *f, const char *path, const char *name,
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
		buf_addf(errors, "%s:%d:%d: invalid JSON near here", name, line, col);
		if (json_depth_at(start, off + 1) > CJSON_NESTING_LIMIT)
			buf_addf(errors, " (nested deeper than %d levels)", CJSON_NESTING_LIMIT);
		buf_addch(errors, '\n');
		(*nerr)++;
		return -1;
	}
	jsonpos_build(&f->pos, start, f->root);
	return 0;
}

void cfile_close(struct cfile *f)
{
	jsonpos_release(&f->pos);
	cJSON_Delete(f->root);
	free(f->text);
}

void cfg_check_duplicates(struct cfile *f, const cJSON *obj)
{
	for (const cJSON *m = obj->child; m; m = m->next)
		for (const cJSON *p = obj->child; p != m; p = p->next)
			if (!strcmp(p->string, m->string)) {
				cfg_err(f, m, 1, "duplicate key '%s'", m->string);
				break;
			}
}

static int key_in(const char *key, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(*list, key))
			return 1;
	return 0;
}

void cfg_check_keys(struct cfile *f, const cJSON *obj,
		    const char *const *allowed, const char *const *extra)
{
	cfg_check_duplicates(f, obj);
	for (const cJSON *m = obj->child; m; m = m->next) {
		struct buf list = BUF_INIT;
		if (key_in(m->string, allowed) || key_in(m->string, extra))
			continue;
		for (const char *const *a = allowed; *a; a++)
			buf_addf(&list, "%s%s", list.len ? ", " : "", *a);
		for (const char *const *a = extra; a && *a; a++)
			buf_addf(&list, "%s%s", list.len ? ", " : "", *a);
		cfg_err(f, m, 1, "unknown key '%s' (expected one of: %s)",
			m->string, list.buf);
		buf_release(&list);
	}
}

int cfg_expect_object(struct cfile *f, const cJSON *n, const char *what)
{
	if (cJSON_IsObject(n))
		return 0;
	cfg_err(f, n, 0, "expected %s as an object, found %s", what, cfg_type_name(n));
	return -1;
}

/* A string member; NULL (and an error when required) when absent or wrong. */
char *cfg_str(struct cfile *f, const cJSON *obj, const char *key,
		     int required)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n) {
		if (required)
			cfg_err(f, obj, 0, "missing required key '%s'", key);
		return NULL;
	}
	if (!cJSON_IsString(n)) {
		cfg_err(f, n, 0, "expected '%s' to be a string, found %s", key,
		       cfg_type_name(n));
		return NULL;
	}
	if (required && !*n->valuestring) {
		cfg_err(f, n, 0, "'%s' must not be empty", key);
		return NULL;
	}
	return xstrdup(n->valuestring);
}

/* An integer member; returns 0 when found and valid. */
int cfg_int(struct cfile *f, const cJSON *obj, const char *key,
		   int required, int *out)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n) {
		if (required)
			cfg_err(f, obj, 0, "missing required key '%s'", key);
		return -1;
	}
	if (!cJSON_IsNumber(n) || n->valuedouble != floor(n->valuedouble) ||
	    fabs(n->valuedouble) > 1e9) {
		cfg_err(f, n, 0, "expected '%s' to be an integer, found %s", key,
		       cfg_type_name(n));
		return -1;
	}
	*out = (int)n->valuedouble;
	return 0;
}

int cfg_num(struct cfile *f, const cJSON *obj, const char *key,
		   int required, double *out)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!n) {
		if (required)
			cfg_err(f, obj, 0, "missing required key '%s'", key);
		return -1;
	}
	if (!cJSON_IsNumber(n)) {
		cfg_err(f, n, 0, "expected '%s' to be a number, found %s", key,
		       cfg_type_name(n));
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

char *cfg_id(struct cfile *f, const cJSON *obj, int allow_dash)
{
	char *id = cfg_str(f, obj, "id", 1);
	if (id && !valid_id(id, allow_dash)) {
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(obj, "id"), 0,
		       "id '%s' must match [a-z0-9_%s]+", id, allow_dash ? "-" : "");
	}
	return id;
}

int cfg_colref(struct cfile *f, const cJSON *n, const char *what,
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
	cfg_err(f, n, 0, "expected %s to be a column header (string) or number (1, 2, ...), found %s",
		what, cfg_type_name(n));
	return -1;
}

/* A path inside the configuration directory: relative, no "..". */
int safe_relative_path(const char *p)
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

/* A JSON path (lang/jsonpath.h) into out->name. */
int cfg_path(struct cfile *f, const cJSON *n, const char *what,
		    struct colref *out)
{
	struct buf err = BUF_INIT;
	int rc = -1;
	if (!cJSON_IsString(n))
		cfg_err(f, n, 0, "expected %s to be a path such as \"/results/*/count\", found %s",
			what, cfg_type_name(n));
	else if (json_path_check(n->valuestring, &err))
		cfg_err(f, n, 0, "%s: %s", what, err.buf);
	else
		rc = 0;
	if (!rc)
		out->name = xstrdup(n->valuestring);
	buf_release(&err);
	return rc;
}

regex_t *cfg_regex(struct cfile *f, const cJSON *n, const char *what)
{
	regex_t *re;
	int rc;
	if (!cJSON_IsString(n) || !*n->valuestring) {
		cfg_err(f, n, 0, "expected %s to be a regular expression (POSIX extended), found %s",
			what, cfg_type_name(n));
		return NULL;
	}
	re = xmalloc(sizeof(*re));
	rc = regcomp(re, n->valuestring, REG_EXTENDED);
	if (rc) {
		char msg[256];
		regerror(rc, re, msg, sizeof(msg));
		cfg_err(f, n, 0, "%s: invalid regular expression: %s", what, msg);
		free(re);
		return NULL;
	}
	return re;
}

/* An html-list rule: a selector string, or { selector?, attr?, regex? }. */
int cfg_rule(struct cfile *f, const cJSON *n, const char *what,
		     struct html_rule *r)
{
	static const char *const keys[] = { "selector", "attr", "regex", NULL };
	const cJSON *e;
	if (cJSON_IsString(n))
		return (r->sel = cfg_selector(f, n, what)) ? 0 : -1;
	if (!cJSON_IsObject(n) || !n->child) {
		cfg_err(f, n, 0, "expected %s to be a selector or an object with 'selector', 'attr' or 'regex', found %s",
			what, cfg_type_name(n));
		return -1;
	}
	cfg_check_keys(f, n, keys, NULL);
	if ((e = cfg_get(n, "selector")))
		r->sel = cfg_selector(f, e, what);
	r->attr = cfg_str(f, n, "attr", 0);
	if ((e = cfg_get(n, "regex")))
		r->re = cfg_regex(f, e, what);
	return 0;
}

struct selector *cfg_selector(struct cfile *f, const cJSON *n, const char *what)
{
	struct selector *sel = NULL;
	struct buf err = BUF_INIT;
	if (!cJSON_IsString(n))
		cfg_err(f, n, 0, "expected %s to be a CSS selector, found %s", what,
			cfg_type_name(n));
	else if (selector_parse(n->valuestring, &sel, &err))
		cfg_err(f, n, 0, "%s: selector \"%s\": %s", what, n->valuestring, err.buf);
	buf_release(&err);
	return sel;
}
