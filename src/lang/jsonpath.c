#include "lang/jsonpath.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int jpath_filter(const char *seg, const char **name, size_t *name_len,
		 const char **value, size_t *value_len)
{
	size_t n = seg ? strlen(seg) : 0;
	const char *eq;

	if (n < 4 || seg[0] != '[' || seg[n - 1] != ']')
		return 0;
	eq = memchr(seg + 1, '=', n - 2);
	if (!eq || eq == seg + 1)
		return 0;
	*name = seg + 1;
	*name_len = (size_t)(eq - seg - 1);
	*value = eq + 1;
	*value_len = (size_t)(seg + n - 1 - *value);
	return 1;
}

void jpath_release(struct jpath *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->seg[i]);
	free(p->seg);
	memset(p, 0, sizeof(*p));
}

int jpath_parse(const char *text, struct jpath *p, struct buf *err)
{
	const char *s = text;

	memset(p, 0, sizeof(*p));
	if (*s != '/') {
		buf_setf(err, "a path starts with '/', as in \"/results/*/count\"");
		return -1;
	}
	if (!s[1])
		return 0;	/* "/": the document itself */
	while (*s == '/') {
		struct buf seg = BUF_INIT;
		for (s++; *s && *s != '/'; s++) {
			if (*s == '~' && (s[1] == '0' || s[1] == '1')) {
				buf_addch(&seg, s[1] == '0' ? '~' : '/');
				s++;
			} else if (*s == '~') {
				buf_setf(err, "'~' in a path must be \"~0\" ('~') or \"~1\" ('/')");
				buf_release(&seg);
				jpath_release(p);
				return -1;
			} else {
				buf_addch(&seg, *s);
			}
		}
		p->seg = xrealloc(p->seg, (p->n + 1) * sizeof(char *));
		if (!strcmp(seg.buf, "*")) {
			p->seg[p->n++] = NULL;
			if (++p->nstars > MAX_STARS) {
				buf_setf(err, "more than %d '*' in a path", MAX_STARS);
				buf_release(&seg);
				jpath_release(p);
				return -1;
			}
			buf_release(&seg);
		} else {
			p->seg[p->n++] = buf_detach(&seg, NULL);
		}
	}
	return 0;
}

int json_path_check(const char *path, struct buf *err)
{
	struct jpath p;
	if (jpath_parse(path, &p, err))
		return -1;
	jpath_release(&p);
	return 0;
}

static int seg_equal(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Index of the segment after other's last '*' (0 when it has none), or -1. */
static long aligned_at(const struct jpath *value, const struct jpath *other)
{
	size_t last = 0;
	for (size_t i = 0; i < other->n; i++)
		if (!other->seg[i])
			last = i + 1;
	if (last > value->n)
		return -1;
	for (size_t i = 0; i < last; i++)
		if (!seg_equal(value->seg[i], other->seg[i]))
			return -1;
	return (long)last;
}

int json_path_aligned(const char *value, const char *other, struct buf *err)
{
	struct jpath v, o;
	int rc = 0;
	if (jpath_parse(value, &v, err))
		return -1;
	if (jpath_parse(other, &o, err)) {
		jpath_release(&v);
		return -1;
	}
	if (aligned_at(&v, &o) < 0) {
		buf_setf(err, "path \"%s\" must equal the value path \"%s\" up to its last '*'",
			 other, value);
		rc = -1;
	}
	jpath_release(&v);
	jpath_release(&o);
	return rc;
}
