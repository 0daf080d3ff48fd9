#ifndef WORKS_DICT_H
#define WORKS_DICT_H
#include "util/hmap.h"
#include "works/wmap.h"
#include <stddef.h>
#include <stdint.h>

/*
 * The institution ids of an aggregate numbered 0, 1, 2, ... in order of
 * first sight (dense ids). An OpenAlex id ("I" and 1 to 18 digits, the
 * first not 0) is kept as its number, so the hot path hashes an integer
 * and compares none of the string; any other name (an affiliation of a
 * Scopus or WoS record, a ROR id of a list) is interned as a string.
 */
struct works_dict {
	struct wmap map;	/* key -> dense id */
	struct strtab str;	/* names that are not OpenAlex ids */
	uint64_t *key;		/* per dense id */
	size_t n, akey;
};

#define WORKS_DICT_NAME 24	/* room for "I" and 18 digits and the NUL */
#define WORKS_DICT_STR (1ULL << 62)	/* the key of string number i: STR | i */

void works_dict_init(struct works_dict *d);
void works_dict_release(struct works_dict *d);
/* The key of an OpenAlex id's number (s/len without prefix), or 0 when s is not one. */
uint64_t works_dict_num(const char *s, size_t len);
/* The dense id of name s/len (added when new). */
uint32_t works_dict_id(struct works_dict *d, const char *s, size_t len);
/* The dense id of s/len, or -1. */
long works_dict_find(const struct works_dict *d, const char *s, size_t len);
/* The dense id of a key (numeric or WORKS_DICT_STR-tagged of d's strings), added when new. */
uint32_t works_dict_key(struct works_dict *d, uint64_t key);
/* The name of dense id i: a string of d, or tmp filled. */
const char *works_dict_name(const struct works_dict *d, uint32_t i, char tmp[WORKS_DICT_NAME]);

#endif
