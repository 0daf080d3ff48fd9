#ifndef UTIL_TEXTNORM_H
#define UTIL_TEXTNORM_H
#include "util/buf.h"
#include <stdint.h>

/*
 * Text normalised for matching names (a university in a ranking table):
 * case folded, diacritics removed (Latin-1 Supplement and Latin Extended-A
 * letters to their base letters, ß to "ss", æ to "ae"; Cyrillic ё to е
 * and й to и, as when their combining marks are dropped), punctuation and
 * every kind of space to one ASCII space, apostrophes removed, leading and
 * trailing space trimmed. Cyrillic, including Kazakh letters (ә ғ қ ң ө ұ
 * ү һ і), and Greek are lowercased and kept; other letters pass through.
 * Invalid UTF-8 bytes count as spaces.
 */
void textnorm_name(const char *s, struct buf *out);

/*
 * Appends s with every run of spaces (ASCII white space,
 * no-break and other Unicode spaces) and control characters turned into
 * one ASCII space, trimmed at both ends: how a table cell reads.
 */
void textnorm_space(const char *s, struct buf *out);

/*
 * Decodes the code point at s (NUL-terminated): returns the bytes it takes
 * (1-4) with *cp set, or 1 with *cp = 0xFFFD for an invalid byte.
 */
size_t textnorm_decode(const char *s, uint32_t *cp);

/* Appends code point cp as UTF-8. */
void textnorm_encode(struct buf *out, uint32_t cp);

#endif
