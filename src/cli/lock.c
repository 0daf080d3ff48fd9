#include "cli/lock.h"
#include "util/fs.h"
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

static int lock_fd = -1;	/* kept open for the life of the process */

static void describe_holder(int fd, const char *path, struct buf *err)
{
	char text[128];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	long long pid = 0;
	char started[32] = "";

	if (n > 0) {
		char *end;
		text[n] = '\0';
		errno = 0;
		pid = strtoll(text, &end, 10);
		if (errno || end == text)
			pid = 0;
		else if (*end == ' ')
			snprintf(started, sizeof(started), "%.*s", (int)strcspn(end + 1, "\n"),
				 end + 1);
	}
	if (pid > 0)
		buf_setf(err, "another intlkpi (pid %lld, started %s) holds '%s'",
			 pid, *started ? started : "at an unknown time", path);
	else
		buf_setf(err, "another intlkpi holds '%s'", path);
}

/* "NAME.tmp.XXXXXX", as file_write_atomic names its temporary files */
static int is_tmp_name(const char *name)
{
	const char *t = strstr(name, ".tmp.");
	return t && strlen(t + 5) == 6;
}

/* Removes what killed runs left behind; only called with the lock held. */
static void remove_stale_tmp(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct buf path = BUF_INIT;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		path_join(&path, dir, e->d_name);
		if (e->d_type == DT_DIR && depth > 0)
			remove_stale_tmp(path.buf, depth - 1);
		else if (e->d_type == DT_REG && is_tmp_name(e->d_name))
			unlink(path.buf);
	}
	closedir(d);
	buf_release(&path);
}

/* Seconds on a clock that neither jumps nor rounds to whole seconds. */
static double monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int lock_output(const char *out_dir, int wait_seconds, struct buf *err)
{
	struct buf path = BUF_INIT, line = BUF_INIT;
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	double deadline = monotonic_now() + (wait_seconds > 0 ? wait_seconds : 0);
	char stamp[21];
	int fd, rc = -1;

	if (lock_fd >= 0)
		return 0;
	if (mkdir_p(out_dir, err))
		return -1;
	path_join(&path, out_dir, ".lock");
	fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		buf_setf(err, "cannot open '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			buf_setf(err, "cannot lock '%s': %s", path.buf, strerror(errno));
			close(fd);
			goto out;
		}
		if (monotonic_now() >= deadline) {
			describe_holder(fd, path.buf, err);
			close(fd);
			rc = 1;
			goto out;
		}
		nanosleep(&pause, NULL);
	}
	iso_time((long long)time(NULL), stamp);
	buf_addf(&line, "%lld %s\n", (long long)getpid(), stamp);
	if (ftruncate(fd, 0) || pwrite(fd, line.buf, line.len, 0) < 0) {
		buf_setf(err, "cannot write '%s': %s", path.buf, strerror(errno));
		close(fd);
		goto out;
	}
	lock_fd = fd;
	remove_stale_tmp(out_dir, 8);
	rc = 0;
out:
	buf_release(&path);
	buf_release(&line);
	return rc;
}
