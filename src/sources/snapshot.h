#ifndef SOURCES_SNAPSHOT_H
#define SOURCES_SNAPSHOT_H
#include "util/buf.h"
#include <stdbool.h>

/*
 * What a bundled snapshot says about itself: for indicators/snapshots/X
 * (a file, or the directory of an openalex-works snapshot) the sidecar
 * indicators/snapshots/X.meta.json =
 *   { "captured": "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ",
 *     "origin": "URL or description", "illustrative": true | false,
 *     "note": "..." }
 * captured is required, the rest optional; unknown keys are errors. A
 * snapshot's capture time comes only from here, never from a file's
 * mtime (a clone's file times say when it was cloned). Strings are owned.
 */
struct snapshot_meta {
	long long captured_at;	/* unix time; -1 when unknown (no sidecar) */
	char *captured;		/* ISO 8601 UTC, "2024-01-15T00:00:00Z" for a date */
	char *origin, *note;	/* NULL when absent */
	bool illustrative;
};

/*
 * Reads the sidecar of the snapshot at path. 0 when read, 1 when there is
 * none (m empty, captured_at -1), -1 when it is malformed (err names the
 * sidecar and what is wrong). m is always initialised; release it.
 */
int snapshot_meta_read(const char *path, struct snapshot_meta *m, struct buf *err);
void snapshot_meta_release(struct snapshot_meta *m);

#endif
