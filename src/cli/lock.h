#ifndef CLI_LOCK_H
#define CLI_LOCK_H
#include "util/buf.h"

/*
 * One run at a time: an exclusive flock on OUTPUT/.lock, held until the
 * process exits (the kernel releases it, so a lock left by a dead process
 * never blocks). The file records the holder's pid and start time for the
 * message a second run prints.
 *
 * Returns 0 when held, 1 when another process holds it (err names its pid
 * and start time) after waiting up to wait_seconds, -1 on another failure.
 */
int lock_output(const char *out_dir, int wait_seconds, struct buf *err);

#endif
