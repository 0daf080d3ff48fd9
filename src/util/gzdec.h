#ifndef UTIL_GZDEC_H
#define UTIL_GZDEC_H
#include "util/buf.h"
#include <stdint.h>
#include <sys/types.h>

/*
 * gzip decoding for the line readers (lines.c, lines_feed.c): zlib, or
 * ISA-L's igzip when built with INTLKPI_ISAL; concatenated members are
 * read in turn. The decoder owns its state; the file is the caller's.
 */
struct gzdec;
struct gzdec *gzdec_new(void);
void gzdec_free(struct gzdec *d);
/*
 * Inflates what fd holds into out[0..cap): returns the bytes written, 0
 * at the end, -1 on a read error or corrupt data (err names path). The
 * compressed bytes read are added to *in_bytes.
 */
ssize_t gzdec_read(struct gzdec *d, int fd, const char *path, uint64_t *in_bytes,
		   unsigned char *out, size_t cap, struct buf *err);

#endif
