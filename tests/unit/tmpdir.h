/*
 * A temporary directory for one unit test (included by the test programs,
 * never built alone): tmpdir_make creates /tmp/intlkpi-NAME-XXXXXX (or under
 * $TMPDIR), tmpdir_remove deletes it with everything inside.
 */
#ifndef TESTS_UNIT_TMPDIR_H
#define TESTS_UNIT_TMPDIR_H
#include "util/buf.h"
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int tmpdir_rm_one(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Creates the directory into dir (reset); returns 0 or -1. */
static int tmpdir_make(struct buf *dir, const char *name)
{
	const char *base = getenv("TMPDIR");

	buf_reset(dir);
	buf_addf(dir, "%s/intlkpi-%s-XXXXXX", base && *base ? base : "/tmp", name);
	return mkdtemp(dir->buf) ? 0 : -1;
}

/* Removes dir and its contents (it may already be gone); returns 0 or -1. */
static int tmpdir_remove(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st))
		return 0;
	chmod(dir, 0755);	/* a test may have made it unwritable */
	return nftw(dir, tmpdir_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes text to DIR/name (creating nothing else); returns 0 or -1. */
static int tmpdir_put(const char *dir, const char *name, const char *text)
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
