#ifndef WORKS_INSTREC_H
#define WORKS_INSTREC_H
#include "util/buf.h"
#include "util/hmap.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * Institution records from OpenAlex's institutions entity file (the
 * snapshot's JSON Lines, plain or gzip): per institution its short
 * OpenAlex id, ROR id, name, type, country and coordinates, for `works
 * --institution-records` (filters and the Leiden indicators). The table
 * owns its memory; strings it returns live until inst_records_release.
 */
struct inst_rec {
	uint32_t ror;		/* into rors, or UINT32_MAX */
	uint32_t name;		/* display_name, into names, or UINT32_MAX */
	uint32_t type;		/* into types, or UINT32_MAX */
	char country[3];	/* alpha-2 as given, "" when none */
	double lat, lon;	/* degrees; NAN when not given or out of range */
};

struct inst_records {
	struct strtab ids;	/* short OpenAlex ids -> index into r */
	struct inst_rec *r;
	size_t ar;
	struct strtab rors, types, names;
	uint32_t company;	/* the type "company", or UINT32_MAX */
	uint64_t lines, records, malformed;
	uint64_t first_bad;	/* line of the first malformed record, 0 when none */
	uint64_t digest;	/* FNV-1a over the records as read, in id order (identity) */
};

void inst_records_init(struct inst_records *t);
void inst_records_release(struct inst_records *t);
/*
 * Reads every record of path (JSON Lines, plain or gzip) into t, which
 * must be freshly initialised. A line that is not a JSON object with a
 * string "id" is counted as malformed and skipped. A later record of the
 * same id replaces the earlier one. -1 with err when the file cannot be
 * read or has no record at all.
 */
int inst_records_load(struct inst_records *t, const char *path, struct buf *err);
/* The record of a short OpenAlex id ("I123"), or NULL. */
const struct inst_rec *inst_records_find(const struct inst_records *t, const char *id);
static inline bool inst_rec_located(const struct inst_rec *r)
{
	return r && r->lat == r->lat && r->lon == r->lon;	/* not NAN */
}
const char *inst_records_type(const struct inst_records *t, const struct inst_rec *r);
const char *inst_records_ror(const struct inst_records *t, const struct inst_rec *r);
const char *inst_records_name(const struct inst_records *t, const struct inst_rec *r);
/* Great-circle distance in km, as CWTS computes it (haversine, radius 6371.01 km). */
double inst_distance_km(double lat1, double lon1, double lat2, double lon2);

#endif
