/*
 * The fixture of the line readers' unit tests (tests/unit/util/test_lines.c
 * and test_lines_feed.c; included, never built alone): a temporary
 * directory, files written into it whole, and gzip members to write.
 */
#ifndef TESTS_UNIT_LINES_FX_H
#define TESTS_UNIT_LINES_FX_H
#include "util/lines.h"
#include "util/buf.h"
#include "util/fs.h"
#include "tmpdir.h"
#include <string.h>
#include <zlib.h>

struct fx {
	struct buf dir, path, err, got;
	struct lines l;		/* test_lines.c's reader, closed by the teardown */
};

__attribute__((unused)) static int fx_setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	buf_init(&f.dir, 0);
	buf_init(&f.path, 0);
	buf_init(&f.err, 0);
	buf_init(&f.got, 0);
	f.l.fd = -1;
	if (tmpdir_make(&f.dir, "lines"))
		return -1;
	*state = &f;
	return 0;
}

__attribute__((unused)) static int fx_teardown(void **state)
{
	struct fx *f = *state;
	int rc = tmpdir_remove(f->dir.buf);

	lines_close(&f->l);
	buf_release(&f->dir);
	buf_release(&f->path);
	buf_release(&f->err);
	buf_release(&f->got);
	return rc;
}

/* Writes len bytes to DIR/name; the path is left in f->path. */
__attribute__((unused)) static const char *put(struct fx *f, const char *name, const void *data,
					       size_t len)
{
	path_join(&f->path, f->dir.buf, name);
	if (file_write_atomic(f->path.buf, data, len, &f->err))
		fail_msg("%s", f->err.buf);
	return f->path.buf;
}

/* data gzip-compressed at level (1 fast .. 9 small) as one member, appended to out. */
__attribute__((unused)) static void gzip_member(struct buf *out, const char *data, size_t len,
						int level)
{
	z_stream zs;
	unsigned char chunk[16384];
	int rc;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	do {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		rc = deflate(&zs, Z_FINISH);
		assert_true(rc == Z_OK || rc == Z_STREAM_END);
		buf_add(out, chunk, sizeof(chunk) - zs.avail_out);
	} while (rc != Z_STREAM_END);
	deflateEnd(&zs);
}

#endif
