#ifndef UTIL_JSONW_H
#define UTIL_JSONW_H
#include "util/buf.h"
#include <cjson/cJSON.h>
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
/*
 * An object's members: jsonw_key writes "name": after a comma unless
 * *first, which it clears; the caller writes the value. The kv forms write
 * the value too (a NULL string and a NAN number as null).
 */
void jsonw_key(struct buf *out, const char *name, int *first);
void jsonw_kv_str(struct buf *out, const char *name, const char *v, int *first);
void jsonw_kv_num(struct buf *out, const char *name, double v, int *first);
void jsonw_kv_int(struct buf *out, const char *name, long long v, int *first);
/* A year, null when 0 (no year). */
void jsonw_kv_year(struct buf *out, const char *name, int year, int *first);
/* [v[0],...,v[n-1]], each a string. */
void jsonw_str_array(struct buf *out, char *const *v, size_t n);
/*
 * A cJSON tree as indented JSON text and a newline: what cJSON_Print
 * gives, but with numbers in the shortest form that reads back to the same
 * double (cJSON_Print keeps 15 digits: 23.940677966101696 would come out
 * as 23.9406779661017).
 */
void jsonw_tree(struct buf *out, const cJSON *j);
/* The shortest "%.*g" that round-trips (shared with CSV output). */
void fmt_double(struct buf *out, double v);

#endif
