#define _POSIX_C_SOURCE 200809L
#include "util/fs.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

int file_read(const char *path, struct buf *out, size_t max, struct buf *err)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		return ERR_CONFIG;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			buf_setf(err, "cannot read '%s': %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		if ((max && out->len + (size_t)n > max) ||
		    buf_add(out, chunk, (size_t)n)) {
			buf_setf(err, "'%s' is larger than the limit of %zu bytes",
				 path, max ? max : out->max);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void fsync_dir_of(const char *path)
{
	struct buf dir = BUF_INIT;
	const char *slash = strrchr(path, '/');
	if (slash)
		buf_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		buf_addch(&dir, '.');
	int fd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	buf_release(&dir);
}

/* The temporary file being written, for the signal handler to remove. */
static char pending_tmp[4096];
static volatile sig_atomic_t pending;
/* A child writing files for us, and the temporaries it or we may create. */
static volatile pid_t guard_child;
static char *const *volatile guard_paths;
static volatile size_t guard_n;

static void on_signal(int sig)
{
	if (guard_child > 0) {
		kill(guard_child, SIGKILL);
		while (waitpid(guard_child, NULL, 0) < 0 && errno == EINTR)
			;
	}
	for (size_t i = 0; i < guard_n; i++)
		unlink(guard_paths[i]);
	if (pending)
		unlink(pending_tmp);
	log_close_signal(sig);	/* the closing record, last */
	_exit(128 + sig);
}

void fs_guard_child(long child)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	guard_child = (pid_t)child;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void fs_guard_temps(char *const *paths, size_t n)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	guard_paths = paths;
	guard_n = paths ? n : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void fs_cleanup_on_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void set_pending(const char *tmp)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pending = 0;
	if (tmp && strlen(tmp) < sizeof(pending_tmp)) {
		memcpy(pending_tmp, tmp, strlen(tmp) + 1);
		pending = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * The mode of a new output: 0666 less the process's umask, as open(2)
 * would give (mkstemp gives 0600): 0644 under the usual 022, 0640 under
 * the service's UMask=0027, so that the outputs are the group's to read.
 */
static mode_t new_file_mode;

static void read_umask(void)
{
	mode_t m = umask(0);
	umask(m);
	new_file_mode = 0666 & ~m;
}

int file_write_atomic(const char *path, const void *data, size_t len,
		      struct buf *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct buf tmp = BUF_INIT;
	int fd, saved;

	buf_addf(&tmp, "%s.tmp.XXXXXX", path);
	/* signals blocked so the handler never sees a created, unrecorded file */
	{
		sigset_t all, old;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, &old);
		fd = mkstemp(tmp.buf);
		if (fd >= 0)
			set_pending(tmp.buf);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (fd < 0) {
		buf_setf(err, "cannot create a temporary file for '%s': %s", path,
			 strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	pthread_once(&once, read_umask);
	if (fchmod(fd, new_file_mode) || write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd)) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp.buf, path)) {
		saved = errno;
		goto fail;
	}
	set_pending(NULL);
	fsync_dir_of(path);
	buf_release(&tmp);
	return 0;
fail:
	unlink(tmp.buf);
	set_pending(NULL);
	buf_setf(err, "cannot write '%s': %s", path, strerror(saved));
	buf_release(&tmp);
	return -1;
}

int mkdir_p(const char *dir, struct buf *err)
{
	char *p;
	if (!*dir) {
		buf_setf(err, "cannot create directory '': %s", strerror(ENOENT));
		return -1;
	}
	p = xstrdup(dir);
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			struct stat st;
			int e = mkdir(p, 0755) ? errno : 0;
			/* an existing file of the name is not the directory asked for */
			if (e == EEXIST && !c && (stat(p, &st) || !S_ISDIR(st.st_mode)))
				e = ENOTDIR;
			if (e && e != EEXIST) {
				buf_setf(err, "cannot create directory '%s': %s", p,
					 strerror(e));
				free(p);
				return -1;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return 0;
}

void path_join(struct buf *out, const char *a, const char *b)
{
	buf_reset(out);
	buf_addstr(out, a);
	if (out->len && out->buf[out->len - 1] != '/')
		buf_addch(out, '/');
	buf_addstr(out, b);
}

void sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (unsigned i = 0; i < mdlen && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}

void iso_time(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void file_remove_leftovers(const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	struct buf dir = BUF_INIT, p = BUF_INIT;
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (slash)
		buf_add(&dir, path, (size_t)(slash - path) + (slash == path));
	else
		buf_addch(&dir, '.');
	d = opendir(dir.buf);
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, base, blen) || strncmp(e->d_name + blen, ".tmp.", 5) ||
		    strlen(e->d_name + blen + 5) != 6)
			continue;
		path_join(&p, dir.buf, e->d_name);
		if (!lstat(p.buf, &st) && S_ISREG(st.st_mode))
			unlink(p.buf);
	}
	if (d)
		closedir(d);
	buf_release(&dir);
	buf_release(&p);
}
