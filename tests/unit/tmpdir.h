/*
 * A temporary directory for one unit test (included by the test programs,
 * never built alone): tmpdir_make creates /tmp/intlkpi-NAME-XXXXXX (or under
 * $TMPDIR), tmpdir_remove deletes it with everything inside, tmpdir_put writes
 * one small file, tmpdir_copy copies a fixture's tree into it.
 */
#ifndef TESTS_UNIT_TMPDIR_H
#define TESTS_UNIT_TMPDIR_H
#include "util/buf.h"
#include "util/fs.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates the directory into dir (reset); returns 0 or -1. */
__attribute__((unused)) static int tmpdir_make(struct buf *dir, const char *name)
{
	const char *base = getenv("TMPDIR");

	buf_reset(dir);
	buf_addf(dir, "%s/intlkpi-%s-XXXXXX", base && *base ? base : "/tmp", name);
	return mkdtemp(dir->buf) ? 0 : -1;
}

/* Removes path and, for a directory, everything inside; returns 0 or -1. */
__attribute__((unused)) static int tmpdir_remove(const char *path)
{
	struct stat st;
	struct buf sub = BUF_INIT;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	chmod(path, 0755);	/* a test may have made it unreadable */
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_reset(&sub);
		buf_addf(&sub, "%s/%s", path, e->d_name);
		if (tmpdir_remove(sub.buf))
			rc = -1;
	}
	closedir(d);
	buf_release(&sub);
	return rmdir(path) ? -1 : rc;
}

/* Copies the tree src into dst (which exists); 0 or -1. */
__attribute__((unused)) static int tmpdir_copy(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *e;
	struct buf from = BUF_INIT, to = BUF_INIT, data = BUF_INIT, err = BUF_INIT;
	struct stat st;
	int rc = d ? 0 : -1;

	while (d && !rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		path_join(&from, src, e->d_name);
		path_join(&to, dst, e->d_name);
		if (stat(from.buf, &st)) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = mkdir(to.buf, 0755) || tmpdir_copy(from.buf, to.buf);
		} else {
			buf_reset(&data);
			rc = file_read(from.buf, &data, 0, &err) ||
			     file_write_atomic(to.buf, data.buf, data.len, &err);
		}
	}
	if (d)
		closedir(d);
	buf_release(&from);
	buf_release(&to);
	buf_release(&data);
	buf_release(&err);
	return rc ? -1 : 0;
}

/* Writes text to DIR/name (creating nothing else); returns 0 or -1. */
__attribute__((unused)) static int tmpdir_put(const char *dir, const char *name, const char *text)
{
	struct buf path = BUF_INIT;
	FILE *f;
	int rc = -1;

	buf_addf(&path, "%s/%s", dir, name);
	f = fopen(path.buf, "wb");
	if (f) {
		rc = fputs(text, f) < 0 ? -1 : 0;
		if (fclose(f))
			rc = -1;
	}
	buf_release(&path);
	return rc;
}

#endif
