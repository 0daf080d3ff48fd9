#ifndef CONFIG_BENCH_H
#define CONFIG_BENCH_H
#include "config/file.h"

/*
 * Internal to the loader: peers and partners (bench.c). The profile's
 * "peer_groups", each peer's "groups" and "coverage"; then, once the
 * sources are loaded, peers.json and partners.json (both optional).
 */
void config_load_peer_groups(struct config *cfg, struct cfile *f);
void config_load_bench(struct config *cfg, struct buf *errors, int *nerr);
/* Whether metric is one the partner portfolio adds (partners.json "metrics"). */
bool config_derived_metric(const struct config *cfg, const char *metric);
void config_bench_release(struct config *cfg);

#endif
