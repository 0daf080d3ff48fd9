#ifndef OBS_OBS_H
#define OBS_OBS_H
#include "util/notes.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * Observations: the single internal table of (metric, year, key, value)
 * with provenance. Null values are NAN. The table owns every string in it;
 * pointers into it are valid until the next obs_add / obs_add_source.
 */

enum source_state { SRC_FRESH, SRC_CACHED, SRC_SNAPSHOT, SRC_STALE, SRC_FAILED };

/* Where a bundled snapshot's data came from (sources/snapshot.h's sidecar). */
struct obs_snapshot {
	bool used;		/* the data are the bundled snapshot's */
	bool illustrative;	/* the sidecar says they are not real data */
	char *origin, *note;	/* NULL when not said */
};

struct obs_source {
	char *id, *kind, *title, *note;
	char *path, *url;	/* where the raw bytes came from */
	char *fetched_at;	/* ISO 8601 UTC, NULL when never read */
	char sha256[65];	/* of the raw bytes; "" when none */
	long long bytes;
	enum source_state state;
	char *error;		/* why it failed, NULL when it did not */
	int bad_utf8_line;	/* first line whose text was not UTF-8 (replaced by U+FFFD); 0 none */
	const char *error_class;	/* "config", "network" or "data" with error; static */
	size_t nobs;
	/* a source on a metered API (OpenAlex): requests made this run, and
	 * what the rate-limit header said was left (-1: it said nothing) */
	bool metered;
	long long requests, budget_left;
	struct obs_snapshot snapshot;	/* fetched_at is its capture time, NULL when unknown */
	/*
	 * What its extraction noticed that may make a number wrong (the
	 * extractor's LOG_WARN notes: rows entered twice and summed, a blank
	 * cell in a sum, unknown countries...): the first OBS_WARNINGS_KEPT,
	 * owned, and how many more there were.
	 */
	char **warnings;
	size_t nwarnings, warnings_more;
};

/* Warnings kept per source record; the log says every one. */
#define OBS_WARNINGS_KEPT 20

/*
 * Where in the raw bytes a value stands: every line of the rows it was
 * made of (a sum, a count of items), and for a JSON source the JSON
 * pointer (RFC 6901) of the value. line is the first (smallest) line, 0
 * when not applicable; more holds the others, ascending, each once.
 */
struct obs {
	char *metric;
	int year;
	char *key;		/* NULL when the metric has no key */
	double value;		/* NAN = null */
	int line;		/* first line in the raw file, 0 when not applicable */
	size_t src;		/* index into obs_table.sources */
	int *more;		/* owned; the further lines, NULL when one row */
	size_t nmore, amore;
	char *pointer;		/* owned; the JSON pointer, NULL when not JSON */
};

/*
 * What a source calls a key, where the key is an id ("I116953780" ->
 * "Tongji University", OpenAlex's key_display_name): for people, never for
 * joining. The first label a key gets is kept.
 */
struct obs_label {
	char *key, *label;
	size_t src;
};

struct obs_table {
	struct obs *v;
	size_t n, alloc;
	struct obs_label *labels;
	size_t nlabels, alabels;
	struct obs_source *sources;
	size_t nsources, asources;
	bool sorted;
	int bad_utf8_line;	/* first line of a key that was not UTF-8 (any source); 0 none */
};

void obs_init(struct obs_table *t);
void obs_release(struct obs_table *t);
/* Adds a source record (strings and warnings copied) and returns its index. */
size_t obs_add_source(struct obs_table *t, const struct obs_source *s);
/*
 * Adds an observation (strings copied). A key that is not UTF-8 is kept
 * with U+FFFD for each invalid sequence, the policy of every output, and
 * the source record notes the first line where it was seen.
 */
void obs_add(struct obs_table *t, size_t src, const char *metric, int year,
	     const char *key, double value, int line);
/*
 * Observation i was made of the row at line too (a sum, a count): kept
 * ascending, once; 0 or less is ignored. Appending lines in ascending
 * order (as obs_sort leaves the rows of one value) costs O(1) each.
 */
void obs_add_line(struct obs_table *t, size_t i, int line);
/* Observation i's JSON pointer (copied; NULL clears it). */
void obs_set_pointer(struct obs_table *t, size_t i, const char *pointer);
/* Observation i gets every line and the pointer of from (of another table). */
void obs_copy_where(struct obs_table *t, size_t i, const struct obs *from);
/* Labels key (strings copied; control characters dropped); a key labelled before keeps its label. */
void obs_add_label(struct obs_table *t, size_t src, const char *key, const char *label);
/* The label of key, or NULL. */
const char *obs_label(const struct obs_table *t, const char *key);
/* Every label of from onto to, as from record src. */
void obs_copy_labels(struct obs_table *to, size_t src, const struct obs_table *from);
/* What obs_add noted in a staging table, onto to's record src (after copying). */
void obs_carry_utf8(struct obs_table *to, size_t src, const struct obs_table *from);
/*
 * Record s's warnings become the LOG_WARN notes of ns (copied; the first
 * OBS_WARNINGS_KEPT, the rest counted), replacing those it had.
 */
void obs_keep_warnings(struct obs_source *s, const struct notes *ns);
/* Record s's warnings become a copy of from's. */
void obs_copy_warnings(struct obs_source *s, const struct obs_source *from);
void obs_sort(struct obs_table *t);
/* After obs_sort: the run of observations of metric in year (all keys). */
const struct obs *obs_range(const struct obs_table *t, const char *metric,
			    int year, size_t *count);
const char *source_state_name(enum source_state s);

#endif
