#ifndef UTIL_HMAP_H
#define UTIL_HMAP_H
#include "util/buf.h"
#include <stddef.h>
#include <stdint.h>

/*
 * Two open-addressing hash tables without deletion. u64map maps 64-bit
 * keys (UINT64_MAX is reserved) to 64-bit values; strtab interns byte
 * strings and numbers them 0, 1, 2, ... in order of first sight. Both own
 * their memory; a strtab string stays valid until strtab_release.
 */
struct u64map {
	uint64_t *keys, *vals;
	size_t cap, n;		/* cap: a power of two, or 0 */
};

void u64map_init(struct u64map *m);
void u64map_release(struct u64map *m);
/* The value slot of key, added with value 0 when new. */
uint64_t *u64map_slot(struct u64map *m, uint64_t key);
/* The value of key, or NULL. */
const uint64_t *u64map_get(const struct u64map *m, uint64_t key);

struct strtab {
	uint32_t *slots;	/* index + 1; 0 = empty */
	size_t cap, n, alloc;
	uint64_t *hashes;	/* per string */
	size_t *offs;		/* per string: offset into text */
	struct buf text;	/* NUL-terminated strings */
};

void strtab_init(struct strtab *t);
void strtab_release(struct strtab *t);
/* The number of s (added when new). */
uint32_t strtab_intern(struct strtab *t, const char *s, size_t len);
/* The number of s, or -1. */
long strtab_find(const struct strtab *t, const char *s, size_t len);
static inline const char *strtab_str(const struct strtab *t, uint32_t i)
{
	return t->text.buf + t->offs[i];
}

#endif
