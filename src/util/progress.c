#define _POSIX_C_SOURCE 200809L
#include "util/progress.h"
#include "util/log.h"
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

/* Seconds on a monotonic clock. */
static double progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_begin(struct progress *p, uint64_t total)
{
	p->on = isatty(STDERR_FILENO) && log_max_level() >= LOG_NOTICE;
	p->total = total;
	p->start = p->last = progress_now();
}

void progress_draw(struct progress *p, uint64_t done)
{
	double now = progress_now(), el, rate;
	char line[160];
	int pct;

	if (!p->on || now - p->last < 0.2)
		return;
	p->last = now;
	el = now - p->start;
	rate = el > 0 ? (double)done / el : 0;
	pct = p->total ? (int)(100.0 * (double)done / (double)p->total) : 0;
	if (pct > 100)
		pct = 100;
	if (rate > 0 && p->total > done) {
		long eta = (long)((double)(p->total - done) / rate);
		snprintf(line, sizeof(line), "\rintlkpi: %3d%% %.1f / %.1f MB  %.0f MB/s  ETA %ld:%02ld ",
			 pct, (double)done / 1e6, (double)p->total / 1e6, rate / 1e6,
			 eta / 60, eta % 60);
	} else {
		snprintf(line, sizeof(line), "\rintlkpi: %3d%% %.1f / %.1f MB  %.0f MB/s ",
			 pct, (double)done / 1e6, (double)p->total / 1e6, rate / 1e6);
	}
	fputs(line, stderr);
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->on)
		fputs("\r\033[K", stderr);
}
