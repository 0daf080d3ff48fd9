/* The run history under OUT/history/ (history.h). */
#include "report/history.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

static const char kpis_suffix[] = ".kpis.json";

void history_path(struct buf *out, const char *out_dir, const char *run,
		  const char *what)
{
	buf_reset(out);
	buf_addf(out, "%s/history/%s.%s.json", out_dir, run, what);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A run name: 16 characters of time, '-', two digits. */
static int run_name(const char *s, size_t len)
{
	if (len != 19 || s[8] != 'T' || s[15] != 'Z' || s[16] != '-')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (i != 8 && i != 15 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

int history_list(const char *out_dir, char ***names, size_t *n, struct buf *err)
{
	struct buf dir = BUF_INIT;
	size_t alloc = 0, sl = strlen(kpis_suffix);
	struct dirent *e;
	DIR *d;

	*names = NULL;
	*n = 0;
	path_join(&dir, out_dir, "history");
	d = opendir(dir.buf);
	if (!d) {
		int missing = errno == ENOENT;
		if (!missing)
			buf_setf(err, "cannot read '%s': %s", dir.buf, strerror(errno));
		buf_release(&dir);
		return missing ? 0 : -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= sl || strcmp(e->d_name + len - sl, kpis_suffix) ||
		    !run_name(e->d_name, len - sl))
			continue;
		*names = xgrow(*names, &alloc, *n + 1, sizeof(**names));
		(*names)[*n] = xstrdup(e->d_name);
		(*names)[(*n)++][len - sl] = '\0';
	}
	closedir(d);
	buf_release(&dir);
	if (*n)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

void history_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Removes the oldest runs until keep are left; a failure is only reported. */
static int prune(const char *out_dir, int keep, struct buf *err)
{
	struct buf p = BUF_INIT;
	char **names;
	size_t n;
	int rc = 0;

	if (history_list(out_dir, &names, &n, err))
		return -1;
	for (size_t i = 0; i + (size_t)keep < n; i++) {
		/* kpis first: a run without it is no longer in the history */
		history_path(&p, out_dir, names[i], "kpis");
		if (unlink(p.buf) && errno != ENOENT) {
			buf_setf(err, "cannot remove '%s': %s", p.buf, strerror(errno));
			rc = -1;
			break;
		}
		history_path(&p, out_dir, names[i], "observations");
		unlink(p.buf);
	}
	history_names_free(names, n);
	buf_release(&p);
	return rc;
}

int history_keep(const char *out_dir, const struct buf *observations,
		 const struct buf *kpis, long long now, int keep,
		 struct buf *name, struct buf *err)
{
	struct buf dir = BUF_INIT, p = BUF_INIT;
	time_t t = (time_t)now;
	struct tm tm;
	char stamp[32];
	struct stat st;
	int rc = -1, k;

	buf_reset(name);
	if (keep <= 0)
		return 0;
	path_join(&dir, out_dir, "history");
	if (mkdir_p(dir.buf, err))
		goto out;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (k = 0; k < 100; k++) {
		buf_reset(name);
		buf_addf(name, "%s-%02d", stamp, k);
		history_path(&p, out_dir, name->buf, "kpis");
		if (stat(p.buf, &st))
			break;
	}
	if (k == 100) {
		buf_setf(err, "'%s': 100 runs in one second already", dir.buf);
		goto out;
	}
	history_path(&p, out_dir, name->buf, "observations");
	if (file_write_atomic(p.buf, observations->buf, observations->len, err))
		goto out;
	history_path(&p, out_dir, name->buf, "kpis");
	if (file_write_atomic(p.buf, kpis->buf, kpis->len, err))
		goto out;
	rc = prune(out_dir, keep, err);
out:
	buf_release(&dir);
	buf_release(&p);
	return rc;
}
