#ifndef LANG_OAID_H
#define LANG_OAID_H
#include "util/buf.h"
#include <stddef.h>

/*
 * The syntax of OpenAlex and ROR ids as written in configuration and in
 * OpenAlex records: "I123", "https://openalex.org/I123", "https://ror.org/03rc6as71".
 */
#define OA_ID_MAX 24

/* Drops an "https://openalex.org/" or "https://ror.org/" prefix (also http) from s/len. */
void oaid_strip(const char **s, size_t *len);

/* "I123" or "https://openalex.org/I123" -> "I123": 0, or -1 when not an institution id. */
int oa_short_id(const char *id, char out[OA_ID_MAX]);

/* Percent-encodes s onto out for a query value: unreserved bytes and '*' stay. */
void oa_escape(struct buf *out, const char *s);

#endif
