#ifndef PORTFOLIO_REGISTRY_H
#define PORTFOLIO_REGISTRY_H
#include "config/config.h"
#include "util/buf.h"

/*
 * The agreements registry of partners.json: the csv source's file (its
 * path, delimiter, leading comment lines) read for the columns
 * partners.json names. One row per agreement; cells trimmed, NULL when
 * empty or when partners.json names no such column. The registry owns
 * every string (registry_release).
 */
enum { REG_PARTNER, REG_COUNTRY, REG_OPENALEX, REG_ROR, REG_TYPE, REG_PROGRAMME,
       REG_START, REG_END, REG_NCOLS };

struct registry_row {
	char *f[REG_NCOLS];
	int line;
};

struct registry {
	struct registry_row *v;
	size_t n, alloc;
	char sha256[65];	/* of the file's bytes */
	char *path;		/* as configured (relative to the configuration) */
};

/* 0, or ERR_CONFIG (no file, no such column) / ERR_DATA (malformed) with err. */
int registry_read(const struct config *cfg, struct registry *out, struct buf *err);
void registry_release(struct registry *r);

#endif
