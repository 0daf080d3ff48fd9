#ifndef UTIL_UTF8_H
#define UTIL_UTF8_H
#include "util/buf.h"
#include <stddef.h>

/*
 * Length (1-4) of the valid UTF-8 sequence at s, or 0 when the bytes there
 * are not one (overlong forms, surrogates, past U+10FFFF, a cut sequence).
 * s is NUL-terminated; a NUL is never part of a longer sequence.
 */
size_t utf8_seq(const unsigned char *s);
/*
 * The one policy for bytes that are not UTF-8: s into out (reset) with
 * each invalid sequence replaced by U+FFFD, as jsonw does. Returns how
 * many were replaced (0: out is a copy of s).
 */
size_t utf8_sanitize(const char *s, struct buf *out);

/*
 * Appends the character at s (not NUL) as text that XML and HTML accept: a
 * control character (C0, DEL or C1) becomes a space, an invalid sequence or U+FFFE/U+FFFF
 * becomes U+FFFD. Returns how many bytes of s it used. Markup characters
 * (& < > quotes) are the caller's to escape.
 */
size_t utf8_add_xml_char(struct buf *out, const unsigned char *s);

/*
 * Appends s escaped for HTML text and double- or single-quoted attribute
 * values: & < > " ' as references, control characters (but tab and
 * newline) as spaces, invalid UTF-8 as U+FFFD. The one HTML escape.
 */
void html_escape(struct buf *out, const char *s);

#endif
