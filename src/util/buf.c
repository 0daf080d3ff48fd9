#include "util/buf.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->buf = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->buf);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->alloc)	/* buf_empty is "" already: never written (threads share it) */
		b->buf[0] = '\0';
}

static int grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra;
	if (need < b->len || (b->max && need > b->max))
		return -1;
	if (need + 1 > b->alloc) {
		size_t n = b->alloc ? b->alloc : 64;
		while (n < need + 1)
			n *= 2;
		if (b->alloc) {
			b->buf = xrealloc(b->buf, n);
		} else {
			b->buf = xmalloc(n);
			b->buf[0] = '\0';
		}
		b->alloc = n;
	}
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t n)
{
	if (!n)
		return 0;
	if (grow(b, n))
		return -1;
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

int buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, int c)
{
	char ch = (char)c;
	return buf_add(b, &ch, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || grow(b, (size_t)n))
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void buf_setf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	buf_reset(b);
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_prefixf(struct buf *b, const char *fmt, ...)
{
	struct buf head = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&head, fmt, ap);
	va_end(ap);
	/* past the cap the contents stay as they are, like a failed append */
	if (!b->max || head.len + b->len <= b->max) {
		buf_add(&head, b->buf, b->len);
		buf_reset(b);
		buf_add(b, head.buf, head.len);
	}
	buf_release(&head);
}

void buf_add_excerpt(struct buf *b, const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max) {
		buf_add(b, s, n);
		return;
	}
	n = max;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	buf_add(b, s, n);
	buf_addstr(b, "...");
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *s = b->alloc ? b->buf : xstrdup("");
	if (len)
		*len = b->len;
	buf_init(b, b->max);
	return s;
}
