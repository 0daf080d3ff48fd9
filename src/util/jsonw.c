#include "util/jsonw.h"
#include "util/utf8.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void jsonw_string(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	buf_addch(out, '"');
	while (*s) {
		size_t n;
		switch (*s) {
		case '"': buf_addstr(out, "\\\""); s++; continue;
		case '\\': buf_addstr(out, "\\\\"); s++; continue;
		case '\n': buf_addstr(out, "\\n"); s++; continue;
		case '\r': buf_addstr(out, "\\r"); s++; continue;
		case '\t': buf_addstr(out, "\\t"); s++; continue;
		default: break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			buf_addf(out, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_seq(s);
		if (!n) {
			buf_addstr(out, "\\ufffd");
			s++;
			continue;
		}
		buf_add(out, s, n);
		s += n;
	}
	buf_addch(out, '"');
}

void jsonw_string_or_null(struct buf *out, const char *s)
{
	if (s)
		jsonw_string(out, s);
	else
		buf_addstr(out, "null");
}

void jsonw_key(struct buf *out, const char *name, int *first)
{
	if (!*first)
		buf_addch(out, ',');
	*first = 0;
	jsonw_string(out, name);
	buf_addch(out, ':');
}

void jsonw_kv_str(struct buf *out, const char *name, const char *v, int *first)
{
	jsonw_key(out, name, first);
	jsonw_string_or_null(out, v);
}

void jsonw_kv_num(struct buf *out, const char *name, double v, int *first)
{
	jsonw_key(out, name, first);
	jsonw_number(out, v);
}

void jsonw_kv_int(struct buf *out, const char *name, long long v, int *first)
{
	jsonw_key(out, name, first);
	jsonw_int(out, v);
}

void jsonw_kv_year(struct buf *out, const char *name, int year, int *first)
{
	jsonw_key(out, name, first);
	if (year)
		jsonw_int(out, year);
	else
		buf_addstr(out, "null");
}

void jsonw_str_array(struct buf *out, char *const *v, size_t n)
{
	buf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(out, ',');
		jsonw_string(out, v[i]);
	}
	buf_addch(out, ']');
}

void fmt_double(struct buf *out, double v)
{
	char tmp[40];
	if (v == 0) {
		buf_addch(out, '0');
		return;
	}
	/* whole numbers as such: 1600, not 1.6e+03 (range first: the cast of
	 * a double past long long is undefined) */
	if (fabs(v) < 1e15 && v == (double)(long long)v) {
		buf_addf(out, "%lld", (long long)v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	buf_addstr(out, tmp);
}

void jsonw_number(struct buf *out, double v)
{
	if (!isfinite(v))
		buf_addstr(out, "null");
	else
		fmt_double(out, v);
}

void jsonw_int(struct buf *out, long long v)
{
	buf_addf(out, "%lld", v);
}

void jsonw_bool(struct buf *out, bool v)
{
	buf_addstr(out, v ? "true" : "false");
}

static void tree(struct buf *o, const cJSON *j, int depth)
{
	const cJSON *c;
	bool object = cJSON_IsObject(j);

	if (cJSON_IsNumber(j)) {
		jsonw_number(o, j->valuedouble);
	} else if (cJSON_IsString(j)) {
		jsonw_string(o, j->valuestring);
	} else if (cJSON_IsBool(j)) {
		jsonw_bool(o, cJSON_IsTrue(j));
	} else if (object || cJSON_IsArray(j)) {
		buf_addch(o, object ? '{' : '[');
		cJSON_ArrayForEach(c, j) {
			buf_addstr(o, c == j->child ? "\n" : ",\n");
			for (int i = 0; i <= depth; i++)
				buf_addch(o, '\t');
			if (object) {
				jsonw_string(o, c->string);
				buf_addstr(o, ": ");
			}
			tree(o, c, depth + 1);
		}
		if (j->child) {
			buf_addch(o, '\n');
			for (int i = 0; i < depth; i++)
				buf_addch(o, '\t');
		}
		buf_addch(o, object ? '}' : ']');
	} else {
		buf_addstr(o, "null");
	}
}

void jsonw_tree(struct buf *out, const cJSON *j)
{
	tree(out, j, 0);
	buf_addch(out, '\n');
}
