#ifndef WORKS_WMAP_H
#define WORKS_WMAP_H
#include <stddef.h>
#include <stdint.h>

/*
 * The works engine's hash table: 64-bit keys to 64-bit values, open
 * addressing with linear probing, key and value side by side (one cache
 * line per probe), Fibonacci hashing, no deletion. UINT64_MAX is no key.
 * Inline: it is the hot path of counting.
 */
struct wmap_slot {
	uint64_t k, v;
};

struct wmap {
	struct wmap_slot *s;
	size_t cap, n;		/* cap: a power of two, or 0 */
	unsigned shift;		/* 64 - log2(cap) */
};

#define WMAP_EMPTY UINT64_MAX

void wmap_init(struct wmap *m);
void wmap_release(struct wmap *m);
void wmap_grow(struct wmap *m);

static inline size_t wmap_home(const struct wmap *m, uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> m->shift);
}

/* The value slot of key, added with value 0 when new. */
static inline uint64_t *wmap_slot(struct wmap *m, uint64_t key)
{
	size_t j;

	if ((m->n + 1) * 4 > m->cap * 3)
		wmap_grow(m);
	j = wmap_home(m, key);
	for (;;) {
		struct wmap_slot *s = &m->s[j];
		if (s->k == key)
			return &s->v;
		if (s->k == WMAP_EMPTY) {
			s->k = key;
			s->v = 0;
			m->n++;
			return &s->v;
		}
		j = (j + 1) & (m->cap - 1);
	}
}

/* The value of key, or NULL. */
static inline const uint64_t *wmap_get(const struct wmap *m, uint64_t key)
{
	size_t j;

	if (!m->cap)
		return NULL;
	j = wmap_home(m, key);
	for (;;) {
		const struct wmap_slot *s = &m->s[j];
		if (s->k == key)
			return &s->v;
		if (s->k == WMAP_EMPTY)
			return NULL;
		j = (j + 1) & (m->cap - 1);
	}
}

#endif
