#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H
#include <stddef.h>

/* Allocation failure ends the program: callers never check for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grows *p (an array of *alloc elements of size sz) to hold at least need. */
void *xgrow(void *p, size_t *alloc, size_t need, size_t sz);

#endif
