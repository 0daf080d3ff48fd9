#include "util/qty.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

void qty_fmt(struct buf *out, double v, int decimals, const char *unit)
{
	if (isnan(v)) {
		buf_addstr(out, "no data");
		return;
	}
	if (!strcmp(unit, "rank"))
		buf_addstr(out, "rank ");
	buf_addf(out, "%.*f", decimals, v);
	if (!strcmp(unit, "%"))
		buf_addch(out, '%');
	else if (*unit && strcmp(unit, "rank"))
		buf_addf(out, " %s", unit);
}
