#ifndef EXTRACT_CELLS_H
#define EXTRACT_CELLS_H
#include "config/config.h"
#include "util/buf.h"

/*
 * Reading the cells of hand-kept tables (csv and xlsx sources) the way
 * docs/configuration.md states: years, dates and academic years, and what
 * to say when a number cell is not a number.
 */

/*
 * The calendar year of a year cell: "2021"; an ISO date "2021-09" or
 * "2021-09-01" (a valid month and day; a time may follow "T" or a space);
 * an academic year "2023/24", "2023-24", "2023/2024", "2023–2024" (the
 * second year the next one) counted by rule (ACAD_START: 2023, ACAD_END:
 * 2024). Without a rule, "YYYY-MM" is a month ("2010-11": November 2010)
 * and an academic year is refused. Years are 1900..2200.
 * Returns the year, 0 for an empty cell, -1 when malformed, -2 for an
 * academic year without a rule.
 */
int cell_year(const char *cell, enum academic_year rule);
/*
 * The first day a cell names, as YYYYMMDD: its date ("2027-03-01":
 * 20270301) or the first of its month ("2027-03": 20270301); 0 for a
 * year, an academic year (no day is known) and a cell that is no year.
 */
int cell_day(const char *cell, enum academic_year rule);

/*
 * Appends to out what would make a cell that is not a number read as one,
 * for a source with decimal and thousands and a file separated by delim
 * (0 when not CSV): a decimal comma, a percent sign, digits grouped by
 * thousands. Returns 1 when it added a hint, 0 when it knows none.
 */
int cell_number_hint(const char *cell, char decimal, char thousands, char delim,
		     struct buf *out);

#endif
