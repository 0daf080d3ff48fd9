/* Dense institution ids (dict.h). */
#include "works/dict.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void wmap_init(struct wmap *m)
{
	memset(m, 0, sizeof(*m));
}

void wmap_release(struct wmap *m)
{
	free(m->s);
	wmap_init(m);
}

void wmap_grow(struct wmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct wmap n = { xmalloc(cap * sizeof(*m->s)), cap, m->n, 0 };

	memset(n.s, 0xff, cap * sizeof(*n.s));
	for (unsigned b = 0; ((size_t)1 << b) < cap; b++)
		n.shift = 63 - b;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (m->s[i].k == WMAP_EMPTY)
			continue;
		j = wmap_home(&n, m->s[i].k);
		while (n.s[j].k != WMAP_EMPTY)
			j = (j + 1) & (cap - 1);
		n.s[j] = m->s[i];
	}
	free(m->s);
	*m = n;
}

void works_dict_init(struct works_dict *d)
{
	memset(d, 0, sizeof(*d));
	wmap_init(&d->map);
	strtab_init(&d->str);
}

void works_dict_release(struct works_dict *d)
{
	wmap_release(&d->map);
	strtab_release(&d->str);
	free(d->key);
	memset(d, 0, sizeof(*d));
}

uint64_t works_dict_num(const char *s, size_t len)
{
	uint64_t v = 0;

	if (len < 2 || len > 19 || s[0] != 'I' || s[1] < '1' || s[1] > '9')
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v;
}

uint32_t works_dict_key(struct works_dict *d, uint64_t key)
{
	uint64_t *v = wmap_slot(&d->map, key);

	if (!*v) {
		d->key = xgrow(d->key, &d->akey, d->n + 1, sizeof(*d->key));
		d->key[d->n] = key;
		*v = ++d->n;
	}
	return (uint32_t)(*v - 1);
}

uint32_t works_dict_id(struct works_dict *d, const char *s, size_t len)
{
	uint64_t key = works_dict_num(s, len);

	if (!key)
		key = WORKS_DICT_STR | strtab_intern(&d->str, s, len);
	return works_dict_key(d, key);
}

long works_dict_find(const struct works_dict *d, const char *s, size_t len)
{
	uint64_t key = works_dict_num(s, len);
	const uint64_t *v;

	if (!key) {
		long i = strtab_find(&d->str, s, len);
		if (i < 0)
			return -1;
		key = WORKS_DICT_STR | (uint64_t)i;
	}
	v = wmap_get(&d->map, key);
	return v ? (long)(*v - 1) : -1;
}

const char *works_dict_name(const struct works_dict *d, uint32_t i, char tmp[WORKS_DICT_NAME])
{
	uint64_t k = d->key[i];
	char t[20];
	size_t n = 0;

	if (k & WORKS_DICT_STR)
		return strtab_str(&d->str, (uint32_t)(k & ~WORKS_DICT_STR));
	do {
		t[n++] = (char)('0' + k % 10);
		k /= 10;
	} while (k);
	tmp[0] = 'I';
	for (size_t j = 0; j < n; j++)
		tmp[1 + j] = t[n - 1 - j];
	tmp[n + 1] = '\0';
	return tmp;
}
