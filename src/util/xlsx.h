#ifndef UTIL_XLSX_H
#define UTIL_XLSX_H
#include "util/buf.h"
#include <stddef.h>

/*
 * One sheet of an Office Open XML workbook (.xlsx) as rows of text, read
 * with libzip (the container) and expat (the XML): the sheet found by its
 * name in workbook.xml, through the workbook's relationships to its part;
 * shared and inline strings as written; numbers as stored in the cell
 * (0.055, never the "5.5%" a format displays); booleans TRUE / FALSE;
 * error cells as their code (#N/A); a number whose style's format is a
 * date as an ISO date (2021-09-01, or 2021-09-01T10:30:00 with a time),
 * in the 1900 or 1904 date system the workbook says.
 *
 * Rows come in the sheet's order with their 1-based number; a row whose
 * cells are all empty is left out; cells missing before the last
 * non-empty one of a row are "". A formula's cached value is its value;
 * a formula without one (a workbook never opened in a spreadsheet) is an
 * error naming the cell. Every part is read to at most max_bytes
 * uncompressed. The sheet owns its rows and texts. stored[i] is 1 when
 * cell i was stored as a number (its text is then C's: "130.5",
 * "5.5E-2", whatever the workbook's locale), 0 for text, dates,
 * booleans and errors: a reader applies its decimal comma or thousands
 * separator to text cells only.
 */
struct xlsx_row {
	int number;
	char **cells;
	unsigned char *stored;
	size_t ncells;
};

struct xlsx_sheet {
	struct xlsx_row *rows;
	size_t nrows, arows;
};

/*
 * Reads the sheet named sheet. Returns 0, ERR_CONFIG when the workbook
 * has no such sheet (err lists the sheets it has), or ERR_DATA when the
 * bytes are not a workbook or a part is malformed (err says which).
 */
int xlsx_read_sheet(const char *data, size_t len, const char *sheet,
		    size_t max_bytes, struct xlsx_sheet *out, struct buf *err);
void xlsx_sheet_release(struct xlsx_sheet *s);

#endif
