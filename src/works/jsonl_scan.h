#ifndef WORKS_JSONL_SCAN_H
#define WORKS_JSONL_SCAN_H
#include "works/oawork.h"
#include <stddef.h>

/*
 * The hot path of `intlkpi works`: reads one JSON Lines line into w
 * without building a tree. It validates the whole line exactly as cJSON
 * 1.7 does (its quirks included: a leading BOM, bytes <= 32 as whitespace,
 * numbers as strtod reads them, escapes, surrogates, the nesting limit of
 * 1000) but decodes only the fields oa_work holds. Returns what the cJSON
 * reference (tests/unit/oawork_ref.h) returns for the same line (0, -1 not
 * JSON, -2 not an object) and fills w identically;
 * tests/unit/works/test_jsonl_scan.c checks that on fixtures and fuzzed
 * lines. The design is in docs/works.md.
 */
int jsonl_scan(struct oa_work *w, const char *line, size_t len);

#endif
