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
/* Whether the file at path starts with the gzip magic bytes (-1: unreadable). */
int lines_is_gzip(const char *path);

#endif
