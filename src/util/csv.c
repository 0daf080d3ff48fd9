#include "util/csv.h"
#include "util/xalloc.h"
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static bool is_eol(char ch)
{
	return ch == '\n' || ch == '\r';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * Counts ',', ';' and tab outside quotes on the first non-blank line (a
 * quoted newline does not end it). The most frequent wins; ties and no
 * delimiter at all give ','.
 */
static char detect_delim(const char *d, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0, i = 0;
	bool quoted = false;

	while (i < len && is_eol(d[i]))
		i++;
	for (; i < len; i++) {
		char ch = d[i];

		if (ch == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (is_eol(ch))
			break;
		else if (ch == ',')
			comma++;
		else if (ch == ';')
			semi++;
		else if (ch == '\t')
			tab++;
	}
	if (semi > comma && semi > tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

void csv_init(struct csv *c, const char *data, size_t len, char delimiter)
{
	c->data = data;
	c->len = len;
	c->pos = 0;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		c->pos = 3;
	if (delimiter)
		c->delim = delimiter;
	else if (len > c->pos)
		c->delim = detect_delim(data + c->pos, len - c->pos);
	else
		c->delim = ',';
	c->literal = false;
	c->line = 1;
	c->next_line = 1;
	c->fields = NULL;
	c->nfields = 0;
	c->afields = 0;
	buf_init(&c->scratch, 0);
}

/* Consumes the line ending at *i (CRLF, LF or a lone CR). */
static void skip_eol(struct csv *c, size_t *i)
{
	if (c->data[*i] == '\r' && *i + 1 < c->len && c->data[*i + 1] == '\n')
		(*i)++;
	(*i)++;
	c->next_line++;
}

static int fail(struct csv *c, struct buf *err, const char *what, int line)
{
	buf_setf(err, "line %d: %s", line, what);
	c->pos = c->len;
	c->nfields = 0;
	buf_reset(&c->scratch);
	return -1;
}

/*
 * Reads a quoted field whose opening quote is at *i into scratch. Newlines
 * inside are kept as they are and counted in next_line.
 */
static int read_quoted(struct csv *c, size_t *i, struct buf *err)
{
	const char *d = c->data;
	size_t len = c->len, p = *i + 1;
	int start = c->next_line;

	for (;;) {
		size_t s = p;

		while (p < len && d[p] != '"' && !is_eol(d[p]) && d[p] != '\0')
			p++;
		buf_add(&c->scratch, d + s, p - s);
		if (p >= len)
			return fail(c, err, "unterminated quoted field", start);
		if (d[p] == '\0')
			return fail(c, err, "nul byte in input (utf-16 or binary file?)",
				    c->next_line);
		if (is_eol(d[p])) {
			s = p;
			skip_eol(c, &p);
			buf_add(&c->scratch, d + s, p - s);
			continue;
		}
		if (p + 1 < len && d[p + 1] == '"') {
			buf_addch(&c->scratch, '"');
			p += 2;
			continue;
		}
		p++;
		break;
	}
	/* Tolerated: spaces (and tabs, unless tab delimits) after the quote. */
	while (p < len && (d[p] == ' ' || (d[p] == '\t' && c->delim != '\t')))
		p++;
	if (p < len && d[p] != c->delim && !is_eol(d[p]))
		return fail(c, err, "unexpected character after closing quote",
			    c->next_line);
	*i = p;
	return 0;
}

int csv_next(struct csv *c, struct buf *err)
{
	const char *d = c->data;
	size_t len = c->len, i = c->pos, nf = 0;
	char *p;

	buf_reset(&c->scratch);
	c->nfields = 0;
	while (i < len && is_eol(d[i]))
		skip_eol(c, &i);
	if (i >= len) {
		c->pos = len;
		return 0;
	}
	c->line = c->next_line;
	/* Fields go into scratch, each ended by a NUL; pointers are set last. */
	for (;;) {
		if (i < len && d[i] == '"' && !c->literal) {
			if (read_quoted(c, &i, err))
				return -1;
		} else {
			size_t s = i;

			while (i < len && d[i] != c->delim && !is_eol(d[i]) &&
			       d[i] != '\0')
				i++;
			if (i < len && d[i] == '\0')
				return fail(c, err,
					    "nul byte in input (utf-16 or binary file?)",
					    c->next_line);
			buf_add(&c->scratch, d + s, i - s);
		}
		buf_addch(&c->scratch, '\0');
		nf++;
		if (i < len && d[i] == c->delim) {
			i++;
			continue;
		}
		if (i < len)
			skip_eol(c, &i);
		break;
	}
	c->pos = i;
	c->fields = xgrow(c->fields, &c->afields, nf, sizeof(*c->fields));
	p = c->scratch.buf;
	for (size_t k = 0; k < nf; k++) {
		c->fields[k] = p;
		p += strlen(p) + 1;
	}
	c->nfields = nf;
	return 1;
}

void csv_release(struct csv *c)
{
	free(c->fields);
	c->fields = NULL;
	c->nfields = 0;
	c->afields = 0;
	buf_release(&c->scratch);
}

int csv_column(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const char *f = c->fields[i];
		while (*f == ' ')
			f++;
		if (!strcmp(f, name))
			return (int)i;
	}
	return -1;
}

/* Length of the space at s: ASCII space or tab, U+00A0 or U+202F. */
static size_t space_at(const char *s, const char *end)
{
	const unsigned char *u = (const unsigned char *)s;

	if (s < end && (*s == ' ' || *s == '\t' || is_eol(*s)))
		return 1;
	if (end - s >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (end - s >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf)
		return 3;
	return 0;
}

/* Length of the space that ends just before end, as space_at. */
static size_t space_before(const char *s, const char *end)
{
	if (end - s >= 1 && space_at(end - 1, end) == 1)
		return 1;
	if (end - s >= 2 && space_at(end - 2, end) == 2)
		return 2;
	if (end - s >= 3 && space_at(end - 3, end) == 3)
		return 3;
	return 0;
}

/*
 * Length of the thousands separator at s. A space separator also matches
 * U+00A0 and U+202F (French-locale exports), an apostrophe
 * also U+2019.
 */
static size_t sep_at(const char *s, const char *end, char thousands)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!thousands || s >= end)
		return 0;
	if (thousands == ' ') {
		size_t n = *s == ' ' ? 1 : space_at(s, end);

		return n == 1 && *s != ' ' ? 0 : n;
	}
	if (*s == thousands)
		return 1;
	if (thousands == '\'' && end - s >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    u[2] == 0x99)
		return 3;
	return 0;
}

/*
 * Copies the number in [p, end) to norm in the form strtod reads in the
 * "C" locale (digits, '.', 'e'), or returns -1 when it is not one.
 */
static int normalize(const char *p, const char *end, char decimal,
		     char thousands, char *norm)
{
	size_t k = 0, run = 0, digits = 0, n;
	bool grouped = false;

	if (p < end && (*p == '+' || *p == '-'))
		norm[k++] = *p++;
	for (;;) {
		if (p < end && is_digit(*p)) {
			norm[k++] = *p++;
			run++;
			continue;
		}
		n = sep_at(p, end, thousands);
		if (n && run && (grouped ? run == 3 : run <= 3)) {
			digits += run;
			run = 0;
			grouped = true;
			p += n;
			continue;
		}
		break;
	}
	if (grouped && run != 3)
		return -1;
	digits += run;
	if (p < end && *p == decimal) {
		norm[k++] = '.';
		p++;
		while (p < end && is_digit(*p)) {
			norm[k++] = *p++;
			digits++;
		}
	}
	if (!digits)
		return -1;
	if (decimal == '.' && p < end && (*p == 'e' || *p == 'E')) {
		size_t e = 0;

		norm[k++] = 'e';
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			norm[k++] = *p++;
		for (; p < end && is_digit(*p); e++)
			norm[k++] = *p++;
		if (!e)
			return -1;
	}
	norm[k] = '\0';
	return p == end ? 0 : -1;
}

int csv_parse_number(const char *s, char decimal, char thousands, double *out)
{
	const char *p = s, *end = s + strlen(s);
	const char *dp = localeconv()->decimal_point;
	char small[64], *norm, *ep;
	size_t n;
	double v;
	int ret = -1;

	if ((decimal != '.' && decimal != ',') || thousands == decimal)
		return -1;
	while ((n = space_at(p, end)))
		p += n;
	while ((n = space_before(p, end)))
		end -= n;
	if (p == end)
		return 0;
	/* The normalized form is never longer than the input. */
	n = (size_t)(end - p);
	norm = n < sizeof(small) ? small : xmalloc(n + 1);
	if (!normalize(p, end, decimal, thousands, norm)) {
		/* strtod follows LC_NUMERIC; a program may have called setlocale. */
		if (dp && dp[0] && !dp[1] && dp[0] != '.') {
			char *q = strchr(norm, '.');

			if (q)
				*q = dp[0];
		}
		errno = 0;
		v = strtod(norm, &ep);
		if (!*ep && isfinite(v) && !(errno == ERANGE && fabs(v) > 1)) {
			*out = v;
			ret = 1;
		}
	}
	if (norm != small)
		free(norm);
	return ret;
}

static void put_utf8(struct buf *out, unsigned long c)
{
	char b[4];

	if (c < 0x80) {
		buf_addch(out, (int)c);
		return;
	}
	if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		buf_add(out, b, 2);
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		buf_add(out, b, 4);
	}
}

/* The length of the line at p (its newline included). */
static size_t line_len(const char *p, size_t len)
{
	const char *nl = memchr(p, '\n', len);
	return nl ? (size_t)(nl - p) + 1 : len;
}

int csv_skip_to_header(const char **data, size_t *len, const char *comment, int header_row)
{
	const char *p = *data;
	size_t n = *len, k;
	int skipped = 0;

	if (header_row > 0) {
		for (; skipped < header_row - 1; skipped++) {
			if (!n)
				return -1;
			k = line_len(p, n);
			p += k;
			n -= k;
		}
		if (!n)
			return -1;
		k = line_len(p, n);
		while (k && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r' ||
			     p[k - 1] == '\n'))
			k--;
		if (!k)
			return -2;
	} else {
		size_t c = comment ? strlen(comment) : 0;
		while (c && n >= c && !memcmp(p, comment, c)) {
			k = line_len(p, n);
			p += k;
			n -= k;
			skipped++;
		}
	}
	*data = p;
	*len = n;
	return skipped;
}

int csv_from_utf16(const char *data, size_t len, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)data;
	int le;

	if (len < 2 || !((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return 0;
	le = u[0] == 0xff;
	buf_reset(out);
	for (size_t i = 2; i + 1 < len; i += 2) {
		unsigned long c = le ? (unsigned long)(u[i] | u[i + 1] << 8) :
				       (unsigned long)(u[i] << 8 | u[i + 1]);
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < len) {
			unsigned long d = le ? (unsigned long)(u[i + 2] | u[i + 3] << 8) :
					       (unsigned long)(u[i + 2] << 8 | u[i + 3]);
			if (d >= 0xdc00 && d < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i += 2;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		} else if (!c) {
			c = 0xfffd;	/* a NUL would end the text */
		}
		put_utf8(out, c);
	}
	return 1;
}
