#ifndef SOURCE_H
#define SOURCE_H
#include "config.h"
#include "obs.h"

/*
 * Running the configured sources: reading each one's raw bytes, recording
 * provenance (path, sha256, time read) and extracting its observations
 * into t. A source that fails is recorded with state failed and its error,
 * logged, and the others go on. Returns the number of failed sources.
 */
int sources_run(const struct config *cfg, struct obs_table *t);
/* Runs one source into t (unsorted); 0 on success, -1 when it failed. */
int source_run_one(const struct config *cfg, const struct source *s,
		   struct obs_table *t);

#endif
