#ifndef REPORT_OBS_JSON_H
#define REPORT_OBS_JSON_H
#include "obs/obs.h"
#include "util/buf.h"

/*
 * Reading an observations document (schema intlkpi.observations/1, what
 * report_obs_json writes) back into an observation table, for queries
 * over the outputs. t must be initialized; what is read is appended.
 * only_source (NULL: all) keeps one source and its observations; year
 * (0: all) keeps the observations of one year. The document's generated_at
 * is appended to generated_at unless it is NULL. Returns 0, or -1 with the
 * reason in err (t may then hold part of the document).
 */
int obs_json_read(struct obs_table *t, const char *text, const char *only_source,
		  int year, struct buf *generated_at, struct buf *err);

#endif
