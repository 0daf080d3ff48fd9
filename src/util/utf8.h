#ifndef UTF8_H
#define UTF8_H
#include <stddef.h>

/*
 * Length (1-4) of the valid UTF-8 sequence at s, or 0 when the bytes there
 * are not one (overlong forms, surrogates, past U+10FFFF, a cut sequence).
 * s is NUL-terminated; a NUL is never part of a longer sequence.
 */
size_t utf8_seq(const unsigned char *s);

#endif
