#include "util/jsonpos.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

struct scan {
	const char *p;
	int line, col;
};

static void advance(struct scan *s)
{
	unsigned char c = (unsigned char)*s->p;
	if (!c)
		return;
	s->p++;
	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xc0) != 0x80) {
		/* count characters, not UTF-8 continuation bytes */
		s->col++;
	} else {
		return;
	}
}

static void skip_ws(struct scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		advance(s);
}

static void skip_string(struct scan *s)
{
	advance(s);	/* opening quote */
	while (*s->p && *s->p != '"') {
		if (*s->p == '\\' && s->p[1])
			advance(s);
		advance(s);
	}
	advance(s);
}

static void record(struct jsonpos *jp, const cJSON *node, int line, int col,
		   int kline, int kcol)
{
	jp->v = xgrow(jp->v, &jp->alloc, jp->n + 1, sizeof(*jp->v));
	jp->v[jp->n++] = (struct jsonpos_entry){ node, line, col, kline, kcol };
}

/* The tree came from a successful parse of the same text, so they agree. */
static void walk(struct jsonpos *jp, struct scan *s, const cJSON *node,
		 int kline, int kcol)
{
	skip_ws(s);
	record(jp, node, s->line, s->col, kline ? kline : s->line,
	       kline ? kcol : s->col);
	if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
		int is_obj = cJSON_IsObject(node);
		const cJSON *child = node->child;
		advance(s);	/* { or [ */
		for (;;) {
			int kl = 0, kc = 0;
			skip_ws(s);
			if (*s->p == '}' || *s->p == ']' || !*s->p || !child)
				break;
			if (is_obj) {
				kl = s->line;
				kc = s->col;
				skip_string(s);
				skip_ws(s);
				advance(s);	/* : */
			}
			walk(jp, s, child, kl, kc);
			child = child->next;
			skip_ws(s);
			if (*s->p == ',')
				advance(s);
		}
		advance(s);
	} else if (cJSON_IsString(node)) {
		skip_string(s);
	} else {
		while (*s->p && !strchr(",]} \t\r\n", *s->p))
			advance(s);
	}
}

void jsonpos_build(struct jsonpos *jp, const char *text, const cJSON *root)
{
	struct scan s = { text, 1, 1 };
	memset(jp, 0, sizeof(*jp));
	if (!strncmp(s.p, "\xef\xbb\xbf", 3))
		s.p += 3;
	if (root)
		walk(jp, &s, root, 0, 0);
}

void jsonpos_release(struct jsonpos *jp)
{
	free(jp->v);
	memset(jp, 0, sizeof(*jp));
}

void jsonpos_of(const struct jsonpos *jp, const cJSON *node, int at_key,
		int *line, int *col)
{
	*line = *col = 0;
	for (size_t i = 0; i < jp->n; i++) {
		if (jp->v[i].node == node) {
			*line = at_key ? jp->v[i].key_line : jp->v[i].line;
			*col = at_key ? jp->v[i].key_col : jp->v[i].col;
			return;
		}
	}
}

void text_line_col(const char *text, size_t off, int *line, int *col)
{
	struct scan s = { text, 1, 1 };
	while (*s.p && (size_t)(s.p - text) < off)
		advance(&s);
	*line = s.line;
	*col = s.col;
}

size_t json_depth_at(const char *text, size_t off)
{
	size_t depth = 0;
	int in_str = 0;

	for (size_t i = 0; i < off && text[i]; i++) {
		char c = text[i];
		if (in_str) {
			if (c == '\\' && text[i + 1])
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return depth;
}
