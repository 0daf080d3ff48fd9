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

#define CHUNK ((size_t)4 << 20)	/* decoded bytes asked for per fill */

int lines_is_gzip(const char *path)
{
	unsigned char m[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, m, 2);
	close(fd);
	return n == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

static ssize_t read_some(int fd, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

int lines_open(struct lines *l, const char *path, uint64_t from, uint64_t to,
	       struct buf *err)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->max_line = LINES_MAX_LINE_DEFAULT;
	l->path = xstrdup(path);
	l->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (l->fd < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	l->gz = lines_is_gzip(path) == 1;
	if (l->gz && (from || to)) {
		buf_setf(err, "'%s' is gzip-compressed and cannot be split", path);
		return -1;
	}
	l->alloc = CHUNK + 1;
	l->buf = xmalloc(l->alloc);
	l->to = to;
	if (l->gz) {
		l->z = gzdec_new();
	} else if (from) {
		/* The line that holds byte from-1 belongs to the range before. */
		if (lseek(l->fd, (off_t)(from - 1), SEEK_SET) < 0) {
			buf_setf(err, "cannot seek in '%s': %s", path, strerror(errno));
			return -1;
		}
		l->pos = from - 1;
		l->in_bytes = from - 1;
		for (;;) {
			const char *line;
			size_t len;
			int rc = lines_next(l, &line, &len, err);
			if (rc < 0)
				return -1;
			if (rc == 0 || rc == 1 || rc == 2)
				break;
		}
		l->lineno = 0;
	}
	return 0;
}

/*
 * The decoder thread: inflates into a ring of chunks that lines_next takes
 * from, so that inflating and scanning run on two cores.
 */
#define NCHUNKS 3
struct gzpipe {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *buf[NCHUNKS];
	size_t len[NCHUNKS];
	size_t head, count, off;	/* filled chunks [head, head + count); off into head */
	int done, failed, stop;
	struct buf err;
	atomic_uint_least64_t in_bytes;
	int fd;
	const char *path;
	struct gzdec *d;
};

static void *pipe_main(void *arg)
{
	struct gzpipe *g = arg;
	uint64_t in = 0;

	for (;;) {
		size_t slot;
		ssize_t n;

		pthread_mutex_lock(&g->mu);
		while (g->count == NCHUNKS && !g->stop)
			pthread_cond_wait(&g->cv, &g->mu);
		if (g->stop) {
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		slot = (g->head + g->count) % NCHUNKS;
		pthread_mutex_unlock(&g->mu);
		n = gzdec_read(g->d, g->fd, g->path, &in, (unsigned char *)g->buf[slot], CHUNK,
			       &g->err);
		atomic_store(&g->in_bytes, in);
		pthread_mutex_lock(&g->mu);
		if (n <= 0) {
			g->done = 1;
			g->failed = n < 0;
			pthread_cond_broadcast(&g->cv);
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		g->len[slot] = (size_t)n;
		g->count++;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
	}
}

int lines_decode_thread(struct lines *l, struct buf *err)
{
	struct gzpipe *g;

	if (!l->gz || l->pipe)
		return 0;
	g = xcalloc(1, sizeof(*g));
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	buf_init(&g->err, 0);
	for (int i = 0; i < NCHUNKS; i++)
		g->buf[i] = xmalloc(CHUNK);
	atomic_init(&g->in_bytes, 0);
	g->fd = l->fd;
	g->path = l->path;
	g->d = l->z;
	if (pthread_create(&g->tid, NULL, pipe_main, g)) {
		buf_setf(err, "cannot start a thread: %s", strerror(errno));
		for (int i = 0; i < NCHUNKS; i++)
			free(g->buf[i]);
		free(g);
		return -1;
	}
	l->pipe = g;
	return 0;
}

static ssize_t pipe_take(struct lines *l, char *out, size_t cap, struct buf *err)
{
	struct gzpipe *g = l->pipe;
	size_t n;

	pthread_mutex_lock(&g->mu);
	while (!g->count && !g->done)
		pthread_cond_wait(&g->cv, &g->mu);
	l->in_bytes = atomic_load(&g->in_bytes);
	if (!g->count) {
		int failed = g->failed;
		pthread_mutex_unlock(&g->mu);
		if (failed)
			buf_setf(err, "%s", g->err.buf);
		return failed ? -1 : 0;
	}
	pthread_mutex_unlock(&g->mu);
	/* the head chunk is ours until we release it */
	n = g->len[g->head] - g->off;
	if (n > cap)
		n = cap;
	memcpy(out, g->buf[g->head] + g->off, n);
	g->off += n;
	if (g->off == g->len[g->head]) {
		pthread_mutex_lock(&g->mu);
		g->head = (g->head + 1) % NCHUNKS;
		g->count--;
		g->off = 0;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
	}
	return (ssize_t)n;
}

static void pipe_end(struct gzpipe *g)
{
	pthread_mutex_lock(&g->mu);
	g->stop = 1;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->tid, NULL);
	for (int i = 0; i < NCHUNKS; i++)
		free(g->buf[i]);
	buf_release(&g->err);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	free(g);
}

/* Appends decoded bytes at l->end; returns bytes added, 0 at the end, -1 on error. */
static ssize_t fill(struct lines *l, struct buf *err)
{
	ssize_t n;

	if (l->start && l->start == l->end) {
		l->pos += l->start;
		l->start = l->end = l->scan = 0;
	}
	if (l->alloc - 1 - l->end < CHUNK / 2 && l->start) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->pos += l->start;
		l->end -= l->start;
		l->scan -= l->start;
		l->start = 0;
	}
	if (l->end == l->alloc - 1) {
		size_t want = l->alloc * 2;
		if (want > l->max_line + CHUNK + 1)
			want = l->max_line + CHUNK + 1;
		if (want <= l->alloc)
			return -2;	/* full: the caller handles a too long line */
		l->buf = xrealloc(l->buf, want);
		l->alloc = want;
	}
	if (l->pipe) {
		n = pipe_take(l, l->buf + l->end, l->alloc - 1 - l->end, err);
	} else if (l->gz) {
		n = gzdec_read(l->z, l->fd, l->path, &l->in_bytes,
			       (unsigned char *)l->buf + l->end, l->alloc - 1 - l->end, err);
	} else {
		n = read_some(l->fd, l->buf + l->end, l->alloc - 1 - l->end);
		if (n < 0)
			buf_setf(err, "cannot read '%s': %s", l->path, strerror(errno));
		else
			l->in_bytes += (uint64_t)n;
	}
	if (n > 0)
		l->end += (size_t)n;
	return n;
}

int lines_next(struct lines *l, const char **line, size_t *len, struct buf *err)
{
	size_t skipped = 0;

	for (;;) {
		char *nl;

		if (l->to && l->pos + l->start >= l->to)
			return 0;
		nl = memchr(l->buf + l->scan, '\n', l->end - l->scan);
		if (nl) {
			size_t s = l->start;
			size_t e = (size_t)(nl - l->buf);
			l->start = l->scan = e + 1;
			l->lineno++;
			/* past max_line even when the buffer happened to hold it whole */
			if (skipped || e - s > l->max_line) {
				*len = skipped + (e - s);
				return 2;
			}
			*line = l->buf + s;
			*len = e - s;
			return 1;
		}
		l->scan = l->end;
		if (l->end - l->start > l->max_line) {
			/* too long: drop what we have and look for its end */
			skipped += l->end - l->start;
			l->pos += l->end;
			l->start = l->end = l->scan = 0;
		}
		if (l->eof) {
			if (l->end == l->start && !skipped)
				return 0;
			size_t s = l->start;
			l->lineno++;
			l->start = l->scan = l->end;
			if (skipped || l->end - s > l->max_line) {
				*len = skipped + (l->end - s);
				return 2;
			}
			l->buf[l->end] = '\0';
			*line = l->buf + s;
			*len = l->end - s;
			return 1;
		}
		ssize_t n = fill(l, err);
		if (n < 0 && n != -2)
			return -1;
		if (n == 0)
			l->eof = 1;
	}
}

void lines_close(struct lines *l)
{
	if (l->pipe)
		pipe_end(l->pipe);
	gzdec_free(l->z);
	if (l->fd >= 0)
		close(l->fd);
	free(l->buf);
	free(l->path);
	memset(l, 0, sizeof(*l));
	l->fd = -1;
}
