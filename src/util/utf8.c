#include "util/utf8.h"
#include "util/banned.h"

size_t utf8_seq(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

size_t utf8_add_xml_char(struct buf *out, const unsigned char *s)
{
	size_t n;
	if (*s < 0x20 || *s == 0x7f) {
		buf_addch(out, ' ');
		return 1;
	}
	n = utf8_seq(s);
	/* U+0080-U+009F: the C1 controls, errors to HTML's parser */
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0) {
		buf_addch(out, ' ');
		return 2;
	}
	/* U+FFFE and U+FFFF are not characters in XML either */
	if (!n || (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)) {
		buf_addstr(out, "\uFFFD");
		return n ? n : 1;
	}
	buf_add(out, s, n);
	return n;
}

void html_escape(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		switch (*s) {
		case '&': buf_addstr(out, "&amp;"); s++; continue;
		case '<': buf_addstr(out, "&lt;"); s++; continue;
		case '>': buf_addstr(out, "&gt;"); s++; continue;
		case '"': buf_addstr(out, "&quot;"); s++; continue;
		case '\'': buf_addstr(out, "&#39;"); s++; continue;
		case '\t': case '\n': buf_addch(out, *s++); continue;
		default: break;
		}
		s += utf8_add_xml_char(out, s);
	}
}

size_t utf8_sanitize(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t bad = 0;

	buf_reset(out);
	while (*p) {
		size_t n = utf8_seq(p);
		if (n) {
			buf_add(out, p, n);
			p += n;
		} else {
			buf_addstr(out, "\xef\xbf\xbd");
			bad++;
			p++;
		}
	}
	return bad;
}
