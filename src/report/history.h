#ifndef REPORT_HISTORY_H
#define REPORT_HISTORY_H
#include "util/buf.h"
#include <stddef.h>

/*
 * The run history (docs/operations.md): OUT/history/ keeps the
 * observations.json and kpis.json of the last runs as RUN.observations.json
 * and RUN.kpis.json, RUN being the run's UTC time and a counter for runs
 * of the same second ("20261202T051100Z-00"), so names sort in run order.
 * Each file is written atomically, observations first: a run is in the
 * history once its kpis file is. Pruning removes the oldest runs first.
 */
#define HISTORY_KEEP 60

/*
 * Keeps one run (its two documents) and prunes the history to keep runs
 * (keep 0: the run is not kept and nothing is pruned). The run's name
 * goes into name (reset). 0, or -1 with err.
 */
int history_keep(const char *out_dir, const struct buf *observations,
		 const struct buf *kpis, long long now, int keep,
		 struct buf *name, struct buf *err);
/*
 * The runs in OUT/history, oldest first, into *names (owned by the
 * caller: history_names_free). A missing directory is an empty history.
 */
int history_list(const char *out_dir, char ***names, size_t *n, struct buf *err);
void history_names_free(char **names, size_t n);
/* OUT/history/RUN.WHAT.json into out (reset); what: "kpis" or "observations". */
void history_path(struct buf *out, const char *out_dir, const char *run,
		  const char *what);

#endif
