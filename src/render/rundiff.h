#ifndef RENDER_RUNDIFF_H
#define RENDER_RUNDIFF_H
#include "util/buf.h"
#include <cjson/cJSON.h>

/*
 * What changed between two runs (intlkpi diff, docs/operations.md): each
 * KPI whose values, status or forecast differ, by how much, and the
 * observations of its formula's metrics that differ (with their source
 * lines, sha256 and fetched_at); the observations that changed without
 * moving a KPI; the source pages (matched by id and url, else path) whose
 * sha256, state or error differ. The trees are borrowed: a run's
 * kpis.json and observations.json (any version of either).
 */
struct run_docs {
	const char *label;	/* the run's name or path, for the header */
	const cJSON *kpis, *obs;
};

/* As text for people, into out (appended). */
void rundiff_text(const struct run_docs *a, const struct run_docs *b,
		  struct buf *out);
/* As an "intlkpi.diff/1" JSON document, into out (appended). */
void rundiff_json(const struct run_docs *a, const struct run_docs *b,
		  struct buf *out);

#endif
