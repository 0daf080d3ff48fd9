#ifndef EXTRACT_CSV_H
#define EXTRACT_CSV_H
#include "config/config.h"
#include "obs/obs.h"
#include "util/buf.h"

/*
 * Applies a csv source's rules (docs/configuration.md) to its raw bytes and
 * adds the observations to t under source index src. name is the file as
 * shown in messages; rows are counted for years_from..years_to when the
 * source uses year_range. All or nothing: on error returns ERR_CONFIG (a
 * column the source names is not in the header) or ERR_DATA (util/err.h)
 * with err set to "NAME:LINE: ..." and t unchanged.
 */
int extract_csv(const struct source *s, const char *data, size_t len,
		const char *name, int years_from, int years_to,
		struct obs_table *t, size_t src, struct buf *err);

#endif
