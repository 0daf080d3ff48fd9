#ifndef WORKS_PAR_H
#define WORKS_PAR_H
#include <stddef.h>

/*
 * Runs fn(arg, i, t) for every i in [0, n) on up to jobs threads, this one
 * included (t: the thread's number, 0 .. jobs-1, for per-thread scratch);
 * the items are handed out in order, one at a time, so a thread that is
 * done early takes the next. When a thread cannot be started, the others
 * (at least this one) do its share. Returns when every item is done.
 */
typedef void (*works_par_fn)(void *arg, size_t i, unsigned t);
void works_par(unsigned jobs, size_t n, works_par_fn fn, void *arg);

#endif
