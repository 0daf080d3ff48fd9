#ifndef UTIL_PROGRESS_H
#define UTIL_PROGRESS_H
#include <stdint.h>

/*
 * A one-line progress bar on stderr (bytes done of total, rate, ETA),
 * drawn only when stderr is a terminal and messages are not quieted.
 * progress_draw rate-limits itself; progress_end clears the line.
 */
struct progress {
	int on;
	uint64_t total;
	double start, last;
};

void progress_begin(struct progress *p, uint64_t total);
void progress_draw(struct progress *p, uint64_t done);
void progress_end(struct progress *p);

#endif
