#ifndef WORKS_WORK_H
#define WORKS_WORK_H
#include "works/builder.h"

/*
 * The format dispatcher: which format a file or body is (detected or
 * named), and reading every work of it with that format's reader. The
 * work record and its builder are in builder.h.
 */
enum works_format {
	WORKS_FMT_AUTO,
	WORKS_FMT_OPENALEX_JSON,	/* a /works API page, an array or one work */
	WORKS_FMT_OPENALEX_JSONL,	/* snapshot JSON Lines, plain or gzip */
	WORKS_FMT_OPENALEX_CSV,		/* the web UI's CSV export */
	WORKS_FMT_SCOPUS_CSV,		/* Scopus CSV, new and old formats */
	WORKS_FMT_WOS_TAGGED,		/* Web of Science plain text */
	WORKS_FMT_WOS_TAB,		/* Web of Science tab-delimited */
};

/*
 * Reads every work of a file (or of a body in memory) and calls fn for
 * each. fmt WORKS_FMT_AUTO guesses from the content. Malformed lines or
 * records are counted in st and skipped; a failure to read or a format
 * that cannot be recognised returns -1 with err. fn returning nonzero
 * stops the read with -1 (err left as fn set it).
 */
int works_read_file(const char *path, enum works_format fmt,
		    const struct country_table *ct, work_fn fn, void *arg,
		    struct works_read_stats *st, struct buf *err);
int works_read_mem(const char *data, size_t len, const char *name,
		   enum works_format fmt, const struct country_table *ct,
		   work_fn fn, void *arg, struct works_read_stats *st,
		   struct buf *err);
enum works_format works_detect(const char *data, size_t len);
/*
 * Whether the gzip file path is read as JSON Lines (streamed, split for
 * --jobs) under fmt: yes for fmt openalex-jsonl, and for WORKS_FMT_AUTO
 * unless its inflated head is another format (a gzip-compressed WoS or
 * Scopus export, a pretty-printed page), which is inflated and read whole.
 */
int works_gzip_is_jsonl(const char *path, enum works_format fmt);
const char *works_format_name(enum works_format fmt);
/* "openalex-json", "openalex-jsonl", "openalex-csv", "scopus-csv", "wos", "wos-tab". */
int works_format_parse(const char *name, enum works_format *fmt);

#endif
