/* The fast scanner's validation of what it skips, as cJSON 1.7 (jsonl_lex.h). */
#include "works/jsonl_lex.h"
#include <stdint.h>
#include "util/banned.h"

/* cJSON's parse_hex4: an invalid digit makes the whole value 0. */
static unsigned hex4(const char *s)
{
	unsigned h = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)s[i];
		h <<= 4;
		if (c >= '0' && c <= '9')
			h += c - '0';
		else if (c >= 'A' && c <= 'F')
			h += 10u + c - 'A';
		else if (c >= 'a' && c <= 'f')
			h += 10u + c - 'a';
		else
			return 0;
	}
	return h;
}

/* cJSON's utf16_literal_to_utf8 at p ("\u..."): 0 or -1, *seq consumed bytes. */
static int utf16(const char *p, const char *end, unsigned char *o, size_t *olen,
		 size_t *seq)
{
	unsigned long cp;
	unsigned first, second;
	int n;

	if (end - p < 6)
		return -1;
	first = hex4(p + 2);
	if (first >= 0xDC00 && first <= 0xDFFF)
		return -1;
	if (first >= 0xD800 && first <= 0xDBFF) {
		const char *s2 = p + 6;
		if (end - s2 < 6 || s2[0] != '\\' || s2[1] != 'u')
			return -1;
		second = hex4(s2 + 2);
		if (second < 0xDC00 || second > 0xDFFF)
			return -1;
		cp = 0x10000 + (((first & 0x3FFul) << 10) | (second & 0x3FFul));
		*seq = 12;
	} else {
		cp = first;
		*seq = 6;
	}
	n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	for (int i = n - 1; i > 0; i--) {
		o[i] = (unsigned char)((cp & 0x3F) | 0x80);
		cp >>= 6;
	}
	o[0] = (unsigned char)(n == 1 ? cp : n == 2 ? (cp | 0xC0) : n == 3 ? (cp | 0xE0)
					: (cp | 0xF0));
	*olen = (size_t)n;
	return 0;
}

int jsonl_str_decode(const char *p, const char *end, struct buf *out)
{
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		unsigned char o[4];
		size_t olen = 1, seq = 2;

		if (!bs) {
			if (out)
				buf_add(out, p, (size_t)(end - p));
			return 0;
		}
		if (out)
			buf_add(out, p, (size_t)(bs - p));
		p = bs;
		switch (p[1]) {
		case 'b': o[0] = '\b'; break;
		case 'f': o[0] = '\f'; break;
		case 'n': o[0] = '\n'; break;
		case 'r': o[0] = '\r'; break;
		case 't': o[0] = '\t'; break;
		case '"': case '\\': case '/': o[0] = (unsigned char)p[1]; break;
		case 'u':
			if (utf16(p, end, o, &olen, &seq))
				return -1;
			break;
		default:
			return -1;
		}
		if (out)
			buf_add(out, o, olen);
		p += seq;
	}
	return 0;
}

/* p at '"': the byte after the string, or NULL. */
static inline const char *skip_string(const char *p, const char *end)
{
	int esc = 0;
	const char *q = str_close(p + 1, end, &esc);

	if (!q || (esc && jsonl_str_decode(p + 1, q, NULL)))
		return NULL;
	return q + 1;
}

/*
 * p at '-' or a digit. cJSON hands the run of [0-9+-eE.] (of any length in
 * Debian's 1.7.15) to strtod and fails unless strtod takes all of it (what
 * is left would stand where a ',', ']', '}' or the end must): so the run
 * must be one strtod number, -?(D+(.D*)?|.D+)([eE][+-]?D+)?.
 */
const char *jsonl_skip_number(const char *p, const char *end)
{
	const char *s = p, *d;

	if (*s == '-')
		s++;
	d = s;
	while (s < end && is_digit(*s))
		s++;
	if (s < end && *s == '.') {
		const char *f = ++s;
		while (s < end && is_digit(*s))
			s++;
		if (s == f && f - 1 == d)
			return NULL;
	} else if (s == d) {
		return NULL;
	}
	if (s < end && (*s == 'e' || *s == 'E')) {
		const char *x;
		s++;
		if (s < end && (*s == '+' || *s == '-'))
			s++;
		x = s;
		while (s < end && is_digit(*s))
			s++;
		if (s == x)
			return NULL;
	}
	if (s < end && numchar[(unsigned char)*s])
		return NULL;
	return s;
}

/*
 * Skips one value at p (after whitespace) inside depth open containers;
 * returns the byte after it or NULL when cJSON would fail.
 */
const char *jsonl_skip_value(const char *p, const char *end, unsigned depth)
{
	unsigned char stack[NEST_LIMIT + 1];	/* 1: object, 0: array */
	unsigned sp = 0;

value:
	p = ws(p, end);
	if (p >= end)
		return NULL;
	switch (*p) {
	case '"':
		p = skip_string(p, end);
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		p = skip_number_fast(p, end);
		break;
	case 't': case 'f': case 'n':
		p = skip_literal(p, end);
		break;
	case '[': case '{':
		if (depth >= NEST_LIMIT)
			return NULL;
		depth++;
		stack[sp++] = *p == '{';
		p = ws(p + 1, end);
		if (p < end && *p == (stack[sp - 1] ? '}' : ']')) {
			p++;
			sp--;
			depth--;
			break;
		}
		if (stack[sp - 1])
			goto key;
		goto element;
	default:
		return NULL;
	}
after:
	if (!p)
		return NULL;
	if (!sp)
		return p;
	p = ws(p, end);
	if (p >= end)
		return NULL;
	if (*p == ',') {
		p = ws(p + 1, end);
		if (stack[sp - 1])
			goto key;
		goto element;
	}
	if (*p != (stack[sp - 1] ? '}' : ']'))
		return NULL;
	p++;
	sp--;
	depth--;
	goto after;
element:
	/*
	 * Arrays of numbers or of strings (abstract_inverted_index,
	 * referenced_works) in a tight loop; any other element, or the
	 * array's end, goes back to the general states.
	 */
	while (p < end && (*p == '"' || is_digit(*p))) {
		p = *p == '"' ? skip_string(p, end) : skip_number_fast(p, end);
		if (!p)
			return NULL;
		p = ws(p, end);
		if (p < end && *p == ',') {
			p = ws(p + 1, end);
			continue;
		}
		if (p < end && *p == ']') {
			p++;
			sp--;
			depth--;
			goto after;
		}
		return NULL;
	}
	goto value;
key:
	if (p >= end || *p != '"')
		return NULL;
	p = skip_string(p, end);
	if (!p)
		return NULL;
	p = ws(p, end);
	if (p >= end || *p != ':')
		return NULL;
	p++;
	goto value;
}

