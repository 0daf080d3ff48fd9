#ifndef EXTRACT_CSV_H
#define EXTRACT_CSV_H
#include "config/config.h"
#include "obs/obs.h"
#include "util/buf.h"
#include "util/notes.h"

/*
 * The years a hand-kept table's rows may count in, and "now". A range
 * (year_range) that starts earlier counts from `from`; an open one, or
 * one that ends later, up to `to` (config_year_cut). A row dated after
 * `today` (its date or month; YYYYMMDD, 0: unknown) is a plan and counts
 * nowhere. When `to` is the current calendar year `now` (0: unknown), a
 * range that started earlier reaches into it only when a row of the
 * table starts in it by today: a year that has only just begun is no
 * data of a register whose rows merely run on (docs/report.md, "Data
 * through").
 */
struct csv_years {
	int from, to, now, today;
};

/*
 * Applies a csv source's rules (docs/configuration.md) to its raw bytes and
 * adds the observations to t under source index src. name is the file as
 * shown in messages; y says which years rows count in. All or nothing: on
 * error returns ERR_DATA (a cell, a row) or ERR_CONFIG (a column or sheet
 * that is not there) with err set to "NAME:LINE: ..." and t unchanged.
 * What it noticed without failing (empty rows skipped, a blank cell in a
 * sum, rows entered twice and summed, rows dated after today, a year
 * withheld) goes into notes.
 */
int extract_csv(const struct source *s, const char *data, size_t len,
		const char *name, const struct csv_years *y,
		struct obs_table *t, size_t src, struct notes *notes, struct buf *err);

/*
 * The same for an xlsx source: the sheet s->sheet of the workbook in
 * data (util/xlsx.h), its header row s->header_row or its first non-empty
 * one; messages say "NAME, sheet 'S', row N" instead of "NAME:LINE".
 */
int extract_xlsx(const struct source *s, const char *data, size_t len,
		 const char *name, const struct csv_years *y,
		 struct obs_table *t, size_t src, struct notes *notes, struct buf *err);

#endif
