#ifndef WORKS_OUTINT_H
#define WORKS_OUTINT_H
#include "works/works.h"

/*
 * Internal to works/: how the outputs are written chunk by chunk (the
 * index's chunks, in id order) on several threads and handed over in
 * order (output.c), and the number formatting they share.
 */

/* A thread's scratch while formatting: results, and a cache of formatted doubles. */
#define WORKS_NUM_CACHE 4096
struct works_fmt_scratch {
	struct works_scratch sc;
	struct { uint64_t bits; char s[26]; } cache[WORKS_NUM_CACHE];
};

/* What a whole output shares, read only while formatting. */
struct works_emit {
	const struct works_index *ix;
	const struct works_out *wo;
	int first, last, len;		/* Leiden windows (works_windows) */
	struct works_boot boot;
};

/*
 * Formats the subjects of chunk ci into o. An output whose elements are
 * separated by commas (a JSON array) starts every element with ','; the
 * writer drops the first one of the whole array.
 */
typedef void (*works_chunk_fn)(const struct works_emit *e, size_t ci,
			       struct works_fmt_scratch *fs, struct buf *o);

void works_out_u64(struct buf *o, uint64_t v);
void works_out_int(struct buf *o, int v);
/* JSON: a number or null; CSV: a number or nothing. */
void works_out_json_num(struct buf *o, double v, struct works_fmt_scratch *fs);
void works_out_csv_num(struct buf *o, double v, struct works_fmt_scratch *fs);
/* Subject s's id, and with labels its ROR id and name (empty when
 * unknown), as CSV cells. */
void works_out_csv_subject(struct buf *o, const struct works_index *ix, size_t s, bool labels);

/* The formats (output_leiden.c, partial.c). */
void works_leiden_head(const struct works_emit *e, struct buf *o, bool json);
void works_leiden_chunk_csv(const struct works_emit *e, size_t ci,
			    struct works_fmt_scratch *fs, struct buf *o);
void works_leiden_chunk_json(const struct works_emit *e, size_t ci,
			     struct works_fmt_scratch *fs, struct buf *o);
void works_partial_head(const struct works_index *ix, struct buf *o);
void works_partial_chunk(const struct works_emit *e, size_t ci,
			 struct works_fmt_scratch *fs, struct buf *o);

#endif
