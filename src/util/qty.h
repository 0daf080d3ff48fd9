#ifndef UTIL_QTY_H
#define UTIL_QTY_H
#include "util/buf.h"
#include <stdbool.h>

/*
 * How a KPI's quantity reads, the same in the statuses' reasons, the
 * terminal, the charts and the report.
 */

/*
 * Appends v as people read it: decimals digits and the unit ("14.4%",
 * "112 works", "1 course", "rank 900"); "no data" for NAN. A unit that is
 * a plural noun is singular after exactly "1".
 */
void qty_fmt(struct buf *out, double v, int decimals, const char *unit);

/*
 * Whether low..high is a band as published (low known, and high either
 * unknown/infinite, an open band such as "1001+", or above low).
 */
bool qty_is_band(double low, double high);

/*
 * A rank band as published: "rank 1201–1400", "rank 1001+" (high NAN or
 * infinite); a band of one place reads as that rank.
 */
void qty_fmt_band(struct buf *out, double low, double high, const char *unit);

/* v, or the band low..high when qty_is_band says it is one. */
void qty_fmt_point(struct buf *out, double v, double low, double high,
		   int decimals, const char *unit);

/*
 * A difference of two values, its absolute value in words: "400 places",
 * "1 place", "5.6 points", "30 students", "0.03" (no unit).
 */
void qty_fmt_diff(struct buf *out, double d, int decimals, const char *unit);

#endif
