#ifndef WORKS_READERS_H
#define WORKS_READERS_H
#include "works/builder.h"

/*
 * The readers per format family (read_openalex.c, read_scopus.c,
 * read_wos.c), which the format dispatcher (work.h) calls: every work of
 * data to fn, malformed records counted in st, -1 with err when the input
 * cannot be read.
 */
int works_read_openalex_json(const char *data, size_t len, const char *name,
			     const struct country_table *ct, work_fn fn, void *arg,
			     struct works_read_stats *st, struct buf *err);
int works_read_jsonl_mem(const char *data, size_t len, const char *name,
			 const struct country_table *ct, work_fn fn, void *arg,
			 struct works_read_stats *st, struct buf *err);
int works_read_openalex_csv(const char *data, size_t len, const char *name,
			    const struct country_table *ct, work_fn fn, void *arg,
			    struct works_read_stats *st, struct buf *err);
int works_read_scopus_csv(const char *data, size_t len, const char *name,
			  const struct country_table *ct, work_fn fn, void *arg,
			  struct works_read_stats *st, struct buf *err);
int works_read_wos(const char *data, size_t len, const char *name, int tab,
		   const struct country_table *ct, work_fn fn, void *arg,
		   struct works_read_stats *st, struct buf *err);
#endif
