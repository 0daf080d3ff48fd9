#ifndef WORKS_SEEN_H
#define WORKS_SEEN_H
#include "works/builder.h"
#include "util/hmap.h"
#include <stdbool.h>
#include <stdint.h>

/*
 * The record ids read so far (docs/works.md, "Duplicate records"): the
 * same work exported twice (overlapping Web of Science or Scopus exports,
 * a file saved twice, OpenAlex pages that overlap) is counted once, by its
 * id (WoS UT, Scopus EID, OpenAlex id), across every file that uses the
 * set. A work without an id is always counted. Not thread-safe: its users
 * read one file at a time (works/run.c reads the files it checks in turn).
 */
struct seen_at {
	const char *file;	/* borrowed: outlives the set */
	uint64_t line;
	bool numbered;		/* line is the work's number (a JSON document) */
};

struct works_seen {
	struct strtab ids;
	struct seen_at *at;	/* per id: where it was first read */
	size_t aat;
	uint64_t dups;		/* works left out as repeating an id */
	struct seen_at dup, orig;	/* the first duplicate, and the record it repeats */
	struct buf dup_id;
};

void works_seen_init(struct works_seen *s);
void works_seen_release(struct works_seen *s);
/* 1 when w's id is new (remembered as read in file) or w has none; 0 when
 * the id was read before (w is a duplicate, counted in s). */
int works_seen_claim(struct works_seen *s, const struct work *w, const char *file);
/* "'b.txt':17: the record X was read before ('a.txt':5); N duplicate
 * records counted once", or "" when there was none. */
void works_seen_message(const struct works_seen *s, struct buf *out);

/* A work_fn in front of fn: a duplicate is counted in st->duplicates and
 * not passed on; every other work is. */
struct works_dedup {
	struct works_seen *seen;
	const char *file;
	work_fn fn;
	void *arg;
	struct works_read_stats *st;
};
int works_dedup_fn(const struct work *w, void *arg);

#endif
