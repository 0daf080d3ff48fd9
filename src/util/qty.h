#ifndef UTIL_QTY_H
#define UTIL_QTY_H
#include "util/buf.h"

/*
 * How a KPI's quantity reads, the same in the statuses' reasons, the
 * terminal, the charts and the report.
 */

/*
 * Appends v as people read it: decimals digits and the unit ("14.4%",
 * "112 works", "rank 900"); "no data" for NAN.
 */
void qty_fmt(struct buf *out, double v, int decimals, const char *unit);

#endif
