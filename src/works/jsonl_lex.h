#ifndef WORKS_JSONL_LEX_H
#define WORKS_JSONL_LEX_H
#include "util/buf.h"
#include <stddef.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Internal to the fast scanner (jsonl_scan.c, jsonl_skip.c): the lexical
 * pieces both need, as cJSON 1.7 reads them. Inline, the hot path.
 */
#define NEST_LIMIT 1000		/* CJSON_NESTING_LIMIT */

/* Bytes <= 32 are whitespace to cJSON. */
static inline const char *ws(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= 32)
		p++;
	return p;
}

/*
 * From the byte after an opening quote to the closing quote (NULL when
 * there is none). A backslash skips the next byte and sets *esc; one as the
 * very last byte of the line fails, as in cJSON.
 */
static inline const char *str_close(const char *p, const char *end, int *esc)
{
#if defined(__SSE2__)
	const __m128i q = _mm_set1_epi8('"'), b = _mm_set1_epi8('\\');
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, b)));
		if (!m) {
			p += 16;
			continue;
		}
		p += __builtin_ctz(m);
		if (*p == '"')
			return p;
		*esc = 1;
		if (end - p < 2)
			return NULL;
		p += 2;
	}
#endif
	while (p < end) {
		if (*p == '"')
			return p;
		if (*p == '\\') {
			*esc = 1;
			if (end - p < 2)
				return NULL;
			p += 2;
			continue;
		}
		p++;
	}
	return NULL;
}

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Bytes that cJSON's parse_number collects: [0-9+-eE.]. */
static const unsigned char numchar[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['+'] = 1, ['-'] = 1,
	['e'] = 1, ['E'] = 1, ['.'] = 1,
};

/* Checks (and, with out, decodes) the escapes of a string body as cJSON. */
int jsonl_str_decode(const char *p, const char *end, struct buf *out);
/* p at '-' or a digit: the byte after the number, or NULL (jsonl_skip.c). */
const char *jsonl_skip_number(const char *p, const char *end);
/* Skips one value at p inside depth open containers; the byte after it or
 * NULL when cJSON would fail (jsonl_skip.c). */
const char *jsonl_skip_value(const char *p, const char *end, unsigned depth);

/* The common case, a short run of digits, inline; the rest as above. */
static inline const char *skip_number_fast(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && is_digit(*q))
		q++;
	if (q > p && (q == end || !numchar[(unsigned char)*q]))
		return q;
	return jsonl_skip_number(p, end);
}

static inline const char *skip_literal(const char *p, const char *end)
{
	size_t left = (size_t)(end - p);

	switch (*p) {
	case 't':
		return left >= 4 && p[1] == 'r' && p[2] == 'u' && p[3] == 'e' ? p + 4 : NULL;
	case 'f':
		return left >= 5 && p[1] == 'a' && p[2] == 'l' && p[3] == 's' && p[4] == 'e' ?
			p + 5 : NULL;
	default:
		return left >= 4 && p[1] == 'u' && p[2] == 'l' && p[3] == 'l' ? p + 4 : NULL;
	}
}


#endif
