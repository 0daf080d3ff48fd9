#ifndef UTIL_BUF_H
#define UTIL_BUF_H
#include <stdarg.h>
#include <stddef.h>

/*
 * The one growable byte buffer. `buf` is never NULL and always
 * NUL-terminated; `max` (0 = no limit) caps `len`: an append that would pass
 * it fails with -1 and leaves the buffer unchanged. The buffer owns its
 * memory until buf_detach hands it over.
 */
struct buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0 }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *data, size_t n);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Replaces the contents with a formatted message (for error buffers). */
void buf_setf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Appends at most max bytes of untrusted text s, cut at a UTF-8 character
 * boundary and marked with "..." when cut: a 10 MB cell stays out of logs.
 */
void buf_add_excerpt(struct buf *b, const char *s, size_t max);
/*
 * Puts formatted text before the contents ("FILE: " before a message); when
 * that would pass the cap, the contents stay as they were.
 */
void buf_prefixf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns the malloc'ed string (caller frees) and resets b. */
char *buf_detach(struct buf *b, size_t *len);

#endif
