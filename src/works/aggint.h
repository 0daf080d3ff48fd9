#ifndef WORKS_AGGINT_H
#define WORKS_AGGINT_H
#include "works/works.h"
#include <string.h>

/*
 * Internal to works/agg.c and works/count.c: the keys of the aggregate's
 * tables and the helpers both use.
 */

/* Keys: subject < 2^20, year < 2^14, partner < 2^30, country index < 2^10. */
#define ROW_KEY(s, y) (((uint64_t)(s) << 14) | (uint64_t)(y))
#define CC_KEY(s, y, c) (((uint64_t)(s) << 24) | ((uint64_t)(y) << 10) | (uint64_t)(c))
#define PAIR_KEY(s, y, p) (((uint64_t)(s) << 44) | ((uint64_t)(y) << 30) | (uint64_t)(p))

static inline unsigned works_cc_index(const char *cc)
{
	return (unsigned)(cc[0] - 'A') * 26u + (unsigned)(cc[1] - 'A');
}

/* have becomes cc when it is empty or cc is smaller. */
static inline void works_min_cc(char *have, const char *cc)
{
	if (!have[0] || (cc[0] < have[0] || (cc[0] == have[0] && cc[1] < have[1])))
		memcpy(have, cc, 3);
}

/* The row of subject s in year y (added, zero, when new). */
uint32_t works_agg_row_of(struct works_agg *a, uint32_t s, int y);

#endif
