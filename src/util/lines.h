#ifndef UTIL_LINES_H
#define UTIL_LINES_H
#include "util/buf.h"
#include <stddef.h>
#include <stdint.h>

/*
 * Reads a file line by line in bounded memory: plain text, or gzip
 * (detected by its magic bytes; concatenated members are read in turn)
 * through zlib, or ISA-L's igzip when built with INTLKPI_ISAL. A plain
 * file can be read over a byte range [from, to): the range owns the lines
 * that start inside it, so the ranges of any split of a file together
 * return every line exactly once. A returned line lacks its '\n' and stays
 * valid until the next lines_next; it lives in the reader's buffer, which
 * grows up to max_line bytes. The reader owns its buffers and descriptor.
 */
struct lines {
	int fd;
	char *path;		/* owned, for messages */
	int gz;			/* gzip input */
	char *buf;		/* owned: decoded bytes [start, end) pending */
	size_t alloc, start, end, scan;
	size_t max_line;
	uint64_t pos;		/* plain: file offset of buf[start] */
	uint64_t to;		/* plain: lines starting at or past it are not ours (0 = none) */
	uint64_t in_bytes;	/* bytes read from the file so far */
	uint64_t lineno;	/* lines returned so far (1-based number of the last) */
	int eof;		/* the file (or decoder) has no more bytes */
	void *z;		/* owned: decoder state */
	struct gzpipe *pipe;	/* owned: the decoder thread, when started */
};

#define LINES_MAX_LINE_DEFAULT ((size_t)64 << 20)

/*
 * Opens path for lines starting in [from, to) (to = 0: up to the end).
 * A range other than the whole file is refused for gzip input.
 */
int lines_open(struct lines *l, const char *path, uint64_t from, uint64_t to,
	       struct buf *err);
/*
 * Reads the next line: 1 with *line and *len set, 0 at the end, -1 on a read or
 * decoding error (err says which file and why), or 2 for a line longer
 * than max_line (skipped, counted in lineno; *len is its length so far).
 */
int lines_next(struct lines *l, const char **line, size_t *len, struct buf *err);
/*
 * For gzip input: inflate on a thread of its own (a second core), in
 * chunks handed to lines_next. Does nothing for plain input.
 */
int lines_decode_thread(struct lines *l, struct buf *err);
void lines_close(struct lines *l);

/*
 * A gzip (or plain) file as chunks of whole lines, for several threads to
 * scan (lines_feed.c): a thread that takes a chunk reads and inflates it
 * (one at a time: while it scans, the next taker fills the next chunk),
 * about 4 MiB each, ending at a line end (a last line without '\n' gets
 * one); it scans it and gives it back. A line longer than max_line
 * (LINES_MAX_LINE_DEFAULT) is left out and its place marked in the chunk
 * (too_long), so that line numbers stay right. At most `depth` chunks
 * exist at once (bounded memory).
 */
struct lines_chunk {
	char *data;		/* len bytes of lines, each ended by '\n' */
	size_t len, alloc;
	uint64_t seq;		/* 0, 1, 2, ... in file order (a taker counts its lines) */
	size_t *too_long;	/* offsets in data of the (empty) lines that were too long */
	size_t ntoo_long, atoo_long;
};
struct lines_feed;
/* Opens path; -1 with err. */
int lines_feed_open(struct lines_feed **f, const char *path, unsigned depth, struct buf *err);
/* The next chunk: 1 with *c, 0 when there is none left, -1 when reading
 * failed (err set, once: by the first taker who sees it). */
int lines_feed_take(struct lines_feed *f, struct lines_chunk **c, struct buf *err);
/* Gives a taken chunk back. */
void lines_feed_give(struct lines_feed *f, struct lines_chunk *c);
/* The file's bytes read so far (compressed bytes for gzip). */
uint64_t lines_feed_in_bytes(struct lines_feed *f);
/* Frees everything; no chunk may be out. */
void lines_feed_close(struct lines_feed *f);
/* Whether the file at path starts with the gzip magic bytes (-1: unreadable). */
int lines_is_gzip(const char *path);

#endif
