/* gzip decoding for the line readers (gzdec.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/gzdec.h"
#include "util/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#ifdef INTLKPI_ISAL
#include <isa-l/igzip_lib.h>
#endif
#include "util/banned.h"

#define IN_CHUNK ((size_t)1 << 20)	/* compressed bytes read at once */

static ssize_t read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* The gzip decoder: compressed input buffer and the inflater's state. */
struct gzdec {
	unsigned char in[IN_CHUNK];
	size_t in_pos, in_len;
	int in_eof;
	int member_done;	/* a member ended; another may follow */
#ifdef INTLKPI_ISAL
	struct inflate_state st;
#else
	z_stream zs;
#endif
};

static void dec_init(struct gzdec *d)
{
#ifdef INTLKPI_ISAL
	isal_inflate_init(&d->st);
	d->st.crc_flag = ISAL_GZIP;
#else
	memset(&d->zs, 0, sizeof(d->zs));
	/* 15 + 16: a gzip wrapper only, as the magic bytes said */
	if (inflateInit2(&d->zs, 15 + 16) != Z_OK)
		xmalloc(SIZE_MAX);	/* zlib fails only for want of memory */
#endif
}

static void dec_end(struct gzdec *d)
{
#ifndef INTLKPI_ISAL
	inflateEnd(&d->zs);
#else
	(void)d;
#endif
}

/*
 * Inflates into out[0..cap); returns bytes written, 0 at the end, -1 on
 * error. Compressed bytes read are added to *in_bytes.
 */
ssize_t gzdec_read(struct gzdec *d, int fd, const char *path, uint64_t *in_bytes,
		   unsigned char *out, size_t cap, struct buf *err)
{
	for (;;) {
		size_t produced;
		int done;

		if (d->in_pos == d->in_len && !d->in_eof) {
			ssize_t n = read_some(fd, d->in, IN_CHUNK);
			if (n < 0) {
				buf_setf(err, "cannot read '%s': %s", path, strerror(errno));
				return -1;
			}
			d->in_pos = 0;
			d->in_len = (size_t)n;
			d->in_eof = n == 0;
			*in_bytes += (uint64_t)n;
		}
		if (d->in_pos == d->in_len) {
			if (!d->member_done) {
				buf_setf(err, "'%s': unexpected end of gzip data", path);
				return -1;
			}
			return 0;
		}
		if (d->member_done) {
#ifdef INTLKPI_ISAL
			isal_inflate_reset(&d->st);
			d->st.crc_flag = ISAL_GZIP;
#else
			inflateReset(&d->zs);
#endif
			d->member_done = 0;
		}
#ifdef INTLKPI_ISAL
		d->st.next_in = d->in + d->in_pos;
		d->st.avail_in = (uint32_t)(d->in_len - d->in_pos);
		d->st.next_out = out;
		d->st.avail_out = (uint32_t)cap;
		int rc = isal_inflate(&d->st);
		if (rc < 0) {
			buf_setf(err, "'%s': corrupt gzip data (igzip error %d)", path, rc);
			return -1;
		}
		d->in_pos = d->in_len - d->st.avail_in;
		produced = cap - d->st.avail_out;
		done = d->st.block_state == ISAL_BLOCK_FINISH;
#else
		d->zs.next_in = d->in + d->in_pos;
		d->zs.avail_in = (uInt)(d->in_len - d->in_pos);
		d->zs.next_out = out;
		d->zs.avail_out = (uInt)cap;
		int rc = inflate(&d->zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
			buf_setf(err, "'%s': corrupt gzip data (%s)", path,
				 d->zs.msg ? d->zs.msg : "inflate failed");
			return -1;
		}
		d->in_pos = d->in_len - d->zs.avail_in;
		produced = cap - d->zs.avail_out;
		done = rc == Z_STREAM_END;
#endif
		if (done)
			d->member_done = 1;
		if (produced)
			return (ssize_t)produced;
	}
}


struct gzdec *gzdec_new(void)
{
	struct gzdec *d = xcalloc(1, sizeof(*d));

	dec_init(d);
	return d;
}

void gzdec_free(struct gzdec *d)
{
	if (!d)
		return;
	dec_end(d);
	free(d);
}
