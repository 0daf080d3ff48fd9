#ifndef UTIL_JSONW_H
#define UTIL_JSONW_H
#include "util/buf.h"
#include <stdbool.h>

/*
 * Appending JSON text to a buffer. Strings are escaped (control characters,
 * quotes, backslash; invalid UTF-8 bytes become U+FFFD); numbers that are
 * NaN (our null) or infinite are written as null. Numbers use the shortest
 * form that reads back to the same double.
 */
void jsonw_string(struct buf *out, const char *s);
void jsonw_string_or_null(struct buf *out, const char *s);
void jsonw_number(struct buf *out, double v);
void jsonw_int(struct buf *out, long long v);
void jsonw_bool(struct buf *out, bool v);
/* The shortest "%.*g" that round-trips (shared with CSV output). */
void fmt_double(struct buf *out, double v);

#endif
