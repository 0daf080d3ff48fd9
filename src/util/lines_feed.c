/* A file as chunks of whole lines for several threads (lines.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/lines.h"
#include "util/gzdec.h"
#include "util/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

#define FEED_CHUNK ((size_t)4 << 20)	/* decoded bytes per chunk, before its line end */

struct lines_feed {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct lines_chunk **free_;	/* chunks to fill */
	size_t nfree;
	unsigned depth;
	int decoding;			/* a taker is filling a chunk */
	int done, failed, reported;
	struct buf err;
	atomic_uint_least64_t in_bytes;
	int fd, gz;
	char *path;
	struct gzdec *d;
	/* the filler's: the start of a line carried to the next chunk */
	char *carry;
	size_t ncarry, acarry;
	int skipping;			/* inside a too long line: up to its '\n' */
	uint64_t seq;
};

static ssize_t read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* Decoded bytes into out; bytes, 0 at the end, -1 on error. */
static ssize_t produce(struct lines_feed *f, char *out, size_t cap)
{
	uint64_t in = atomic_load(&f->in_bytes);
	ssize_t n;

	if (f->gz) {
		n = gzdec_read(f->d, f->fd, f->path, &in, (unsigned char *)out, cap, &f->err);
	} else {
		n = read_some(f->fd, out, cap);
		if (n < 0)
			buf_setf(&f->err, "cannot read '%s': %s", f->path, strerror(errno));
		else
			in += (uint64_t)n;
	}
	atomic_store(&f->in_bytes, in);
	return n;
}

static void room(struct lines_chunk *c, size_t need)
{
	if (c->len + need + 1 > c->alloc) {
		size_t a = c->alloc ? c->alloc : FEED_CHUNK;
		while (a < c->len + need + 1)
			a *= 2;
		c->data = xrealloc(c->data, a);
		c->alloc = a;
	}
}

/* The offset after the last '\n' of data[from..len), or from when none. */
static size_t after_last_nl(const char *data, size_t from, size_t len)
{
	for (size_t i = len; i > from; i--)
		if (data[i - 1] == '\n')
			return i;
	return from;
}

/* The line at c->data[at] (up to its '\n' or the end) is too long: an
 * empty line takes its place; the bytes after it move up. */
static void mark_too_long(struct lines_chunk *c, size_t at, size_t end)
{
	c->too_long = xgrow(c->too_long, &c->atoo_long, c->ntoo_long + 1, sizeof(*c->too_long));
	c->too_long[c->ntoo_long++] = at;
	memmove(c->data + at, c->data + end, c->len - end);
	c->len -= end - at;
}

/*
 * Fills c with whole lines: the carried start of a line, then decoded
 * bytes until about FEED_CHUNK and a line end; what follows the last line
 * end is carried to the next chunk. A line longer than
 * LINES_MAX_LINE_DEFAULT becomes an empty line (marked); the rest of it is
 * skipped as it comes. 1: a chunk; 0: nothing left; -1: error.
 */
static int fill_chunk(struct lines_feed *f, struct lines_chunk *c)
{
	size_t line = 0;	/* where the last, unfinished line starts */
	int eof = 0;

	c->len = 0;
	c->ntoo_long = 0;
	room(c, f->ncarry);
	if (f->ncarry)
		memcpy(c->data, f->carry, f->ncarry);
	c->len = f->ncarry;
	f->ncarry = 0;
	for (;;) {
		size_t want = c->len < FEED_CHUNK ? FEED_CHUNK - c->len : FEED_CHUNK, from = c->len;
		ssize_t n;
		char *nl;
		room(c, want);
		n = produce(f, c->data + from, want);
		if (n < 0)
			return -1;
		if (n == 0) {
			eof = 1;
			break;
		}
		c->len += (size_t)n;
		if (f->skipping) {	/* the rest of a too long line, up to its end */
			nl = memchr(c->data + from, '\n', (size_t)n);
			c->len = from;
			if (!nl)
				continue;
			f->skipping = 0;
			memmove(c->data + from, nl + 1, (size_t)n - (size_t)(nl + 1 - (c->data + from)));
			c->len = from + (size_t)n - (size_t)(nl + 1 - (c->data + from));
			if (c->len == from)
				continue;
		}
		nl = memchr(c->data + from, '\n', c->len - from);
		if (nl) {
			size_t end = (size_t)(nl - c->data);
			if (end - line > LINES_MAX_LINE_DEFAULT)
				mark_too_long(c, line, end);
			line = after_last_nl(c->data, line, c->len);
		} else if (c->len - line > LINES_MAX_LINE_DEFAULT) {
			c->len = line;
			mark_too_long(c, line, line);
			c->data[c->len++] = '\n';
			line = c->len;
			f->skipping = 1;
		}
		if (c->len >= FEED_CHUNK && line)
			break;
	}
	if (!eof) {
		f->ncarry = c->len - line;
		f->carry = xgrow(f->carry, &f->acarry, f->ncarry + 1, 1);
		memcpy(f->carry, c->data + line, f->ncarry);
		c->len = line;
	} else if (c->len > line) {
		room(c, 1);
		c->data[c->len++] = '\n';	/* the last line, without its '\n' */
	}
	if (!c->len)
		return eof ? 0 : fill_chunk(f, c);
	c->seq = f->seq++;	/* the takers count the lines: this thread only inflates */
	return 1;
}

int lines_feed_open(struct lines_feed **out, const char *path, unsigned depth, struct buf *err)
{
	struct lines_feed *f = xcalloc(1, sizeof(*f));
	unsigned char m[2];

	*out = f;
	if (depth < 2)
		depth = 2;
	f->depth = depth;
	f->fd = -1;
	f->path = xstrdup(path);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	buf_init(&f->err, 0);
	atomic_init(&f->in_bytes, 0);
	f->free_ = xcalloc(depth, sizeof(*f->free_));
	for (unsigned i = 0; i < depth; i++)
		f->free_[f->nfree++] = xcalloc(1, sizeof(**f->free_));
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (read_some(f->fd, m, 2) == 2 && m[0] == 0x1f && m[1] == 0x8b)
		f->gz = 1;
	if (lseek(f->fd, 0, SEEK_SET) < 0) {
		buf_setf(err, "cannot seek in '%s': %s", path, strerror(errno));
		return -1;
	}
	if (f->gz)
		f->d = gzdec_new();
	return 0;
}

/*
 * The takers fill the chunks themselves, one at a time (the decoder is
 * one): a taker that finds the decoder free fills a chunk and scans it
 * while the next taker fills the next, so reading and scanning share the
 * cores without a thread of their own.
 */
int lines_feed_take(struct lines_feed *f, struct lines_chunk **c, struct buf *err)
{
	int rc = 0;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		struct lines_chunk *k;
		int r;
		if (f->done) {
			if (f->failed && !f->reported) {
				f->reported = 1;
				buf_setf(err, "%s", f->err.buf);
				rc = -1;
			}
			break;
		}
		if (f->decoding || !f->nfree) {
			pthread_cond_wait(&f->cv, &f->mu);
			continue;
		}
		f->decoding = 1;
		k = f->free_[--f->nfree];
		pthread_mutex_unlock(&f->mu);
		r = fill_chunk(f, k);
		pthread_mutex_lock(&f->mu);
		f->decoding = 0;
		pthread_cond_broadcast(&f->cv);
		if (r > 0) {
			*c = k;
			rc = 1;
			break;
		}
		f->free_[f->nfree++] = k;
		f->done = 1;
		f->failed = r < 0;
	}
	pthread_mutex_unlock(&f->mu);
	return rc;
}

void lines_feed_give(struct lines_feed *f, struct lines_chunk *c)
{
	pthread_mutex_lock(&f->mu);
	f->free_[f->nfree++] = c;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

uint64_t lines_feed_in_bytes(struct lines_feed *f)
{
	return atomic_load(&f->in_bytes);
}

void lines_feed_close(struct lines_feed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfree; i++) {
		free(f->free_[i]->data);
		free(f->free_[i]->too_long);
		free(f->free_[i]);
	}
	free(f->free_);
	gzdec_free(f->d);
	if (f->fd >= 0)
		close(f->fd);
	buf_release(&f->err);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f->carry);
	free(f->path);
	free(f);
}
