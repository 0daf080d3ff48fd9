#include "util/hmap.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define EMPTY UINT64_MAX

static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

void u64map_init(struct u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void u64map_release(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	u64map_init(m);
}

static void u64_grow(struct u64map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	uint64_t *k = xmalloc(cap * sizeof(*k)), *v = xcalloc(cap, sizeof(*v));

	memset(k, 0xff, cap * sizeof(*k));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == EMPTY)
			continue;
		size_t j = mix(m->keys[i]) & (cap - 1);
		while (k[j] != EMPTY)
			j = (j + 1) & (cap - 1);
		k[j] = m->keys[i];
		v[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = k;
	m->vals = v;
	m->cap = cap;
}

uint64_t *u64map_slot(struct u64map *m, uint64_t key)
{
	size_t j;

	if ((m->n + 1) * 4 > m->cap * 3)
		u64_grow(m);
	j = mix(key) & (m->cap - 1);
	while (m->keys[j] != EMPTY) {
		if (m->keys[j] == key)
			return &m->vals[j];
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = key;
	m->vals[j] = 0;
	m->n++;
	return &m->vals[j];
}

const uint64_t *u64map_get(const struct u64map *m, uint64_t key)
{
	size_t j;

	if (!m->cap)
		return NULL;
	j = mix(key) & (m->cap - 1);
	while (m->keys[j] != EMPTY) {
		if (m->keys[j] == key)
			return &m->vals[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

/* FNV-1a, then mixed. */
static uint64_t hash_str(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return mix(h);
}

void strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->text, 0);
}

void strtab_release(struct strtab *t)
{
	free(t->slots);
	free(t->hashes);
	free(t->offs);
	buf_release(&t->text);
	strtab_init(t);
}

static void str_grow(struct strtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	uint32_t *s = xcalloc(cap, sizeof(*s));

	for (size_t i = 0; i < t->n; i++) {
		size_t j = t->hashes[i] & (cap - 1);
		while (s[j])
			j = (j + 1) & (cap - 1);
		s[j] = (uint32_t)i + 1;
	}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
}

static size_t probe(const struct strtab *t, const char *s, size_t len, uint64_t h)
{
	size_t j = h & (t->cap - 1);

	while (t->slots[j]) {
		uint32_t i = t->slots[j] - 1;
		const char *o = t->text.buf + t->offs[i];
		if (t->hashes[i] == h && !strncmp(o, s, len) && o[len] == '\0')
			return j;
		j = (j + 1) & (t->cap - 1);
	}
	return j;
}

uint32_t strtab_intern(struct strtab *t, const char *s, size_t len)
{
	uint64_t h = hash_str(s, len);
	size_t j;

	if ((t->n + 1) * 4 > t->cap * 3)
		str_grow(t);
	j = probe(t, s, len, h);
	if (t->slots[j])
		return t->slots[j] - 1;
	if (t->n + 1 > t->alloc) {
		size_t a = t->alloc;
		t->hashes = xgrow(t->hashes, &a, t->n + 1, sizeof(*t->hashes));
		t->offs = xrealloc(t->offs, a * sizeof(*t->offs));
		t->alloc = a;
	}
	t->hashes[t->n] = h;
	t->offs[t->n] = t->text.len;
	buf_add(&t->text, s, len);
	buf_addch(&t->text, '\0');
	t->slots[j] = (uint32_t)t->n + 1;
	return (uint32_t)t->n++;
}

long strtab_find(const struct strtab *t, const char *s, size_t len)
{
	size_t j;

	if (!t->cap)
		return -1;
	j = probe(t, s, len, hash_str(s, len));
	return t->slots[j] ? (long)t->slots[j] - 1 : -1;
}
