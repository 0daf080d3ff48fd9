#ifndef EXTRACT_CSV_H
#define EXTRACT_CSV_H
#include "config/config.h"
#include "obs/obs.h"
#include "util/buf.h"
#include "util/notes.h"

/*
 * Applies a csv source's rules (docs/configuration.md) to its raw bytes and
 * adds the observations to t under source index src. name is the file as
 * shown in messages; rows are counted for years_from..years_to when the
 * source uses year_range. All or nothing: on error returns ERR_DATA (a
 * cell, a row) or ERR_CONFIG (a column or sheet that is not there) with
 * err set to "NAME:LINE: ..." and t unchanged. What it noticed without
 * failing (empty rows skipped, a blank cell in a sum, rows entered twice
 * and summed) goes into notes.
 */
int extract_csv(const struct source *s, const char *data, size_t len,
		const char *name, int years_from, int years_to,
		struct obs_table *t, size_t src, struct notes *notes, struct buf *err);

/*
 * The same for an xlsx source: the sheet s->sheet of the workbook in
 * data (util/xlsx.h), its first row the header; messages say "NAME,
 * sheet 'S', row N" instead of "NAME:LINE".
 */
int extract_xlsx(const struct source *s, const char *data, size_t len,
		 const char *name, int years_from, int years_to,
		 struct obs_table *t, size_t src, struct notes *notes, struct buf *err);

#endif
