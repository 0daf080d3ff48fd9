#ifndef WORKS_OAWORK_H
#define WORKS_OAWORK_H
#include "util/buf.h"
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What intlkpi reads from one OpenAlex work object, exactly as the JSON has
 * it (no normalisation): the first "id", "publication_year" and
 * "authorships" keys of the work (cJSON's GetObjectItemCaseSensitive rule),
 * and per authorship object its first "countries" and "institutions", per
 * institution object its first "id", "ror", "country_code" and "lineage".
 * Values of another type than expected are absent; array elements of
 * another type are left out. Strings are decoded and cut at their first
 * NUL, as C strings. Two readers fill it: oa_work_from_cjson (the
 * reference, over a cJSON tree) and jsonl_scan (the fast path); they must
 * agree on every input (tests/unit/works/test_jsonl_scan.c).
 * All strings live in the record's arena, which the record owns.
 */
struct oa_str {
	uint32_t off, len;	/* into arena */
};

struct oa_inst {
	struct oa_str id, ror, country;
	uint8_t has_id, has_ror, has_country, has_lineage;
	uint32_t lineage, nlineage;	/* into strs */
};

struct oa_auth {
	uint8_t has_countries, has_institutions;
	uint32_t countries, ncountries;	/* into strs */
	uint32_t insts, ninsts;		/* into inst */
};

struct oa_work {
	struct oa_str id;
	uint8_t has_id, has_year, has_authorships;
	double year;			/* when has_year: the number as read */
	struct oa_auth *auth;
	size_t nauth, aauth;
	struct oa_inst *inst;
	size_t ninst, ainst;
	struct oa_str *strs;
	size_t nstrs, astrs;
	struct buf arena;
};

void oa_work_init(struct oa_work *w);
void oa_work_clear(struct oa_work *w);	/* empties it, keeps the memory */
void oa_work_release(struct oa_work *w);

/* Appends bytes to the arena, cut at the first NUL. */
struct oa_str oa_work_str(struct oa_work *w, const char *s, size_t len);
uint32_t oa_work_add_str(struct oa_work *w, struct oa_str s);
struct oa_auth *oa_work_add_auth(struct oa_work *w);
struct oa_inst *oa_work_add_inst(struct oa_work *w);
static inline const char *oa_str_ptr(const struct oa_work *w, struct oa_str s)
{
	return w->arena.buf + s.off;
}

/* The publication year when it is a whole number in 1..9999, else 0. */
int oa_work_year(const struct oa_work *w);

/*
 * Fills w from a cJSON work object. Returns 0, or -1 when item is not an
 * object.
 */
int oa_work_from_cjson(struct oa_work *w, const cJSON *item);

/* Whether every byte of line is <= 32 (a blank line: skipped, not an error). */
int oa_line_blank(const char *line, size_t len);

#endif
