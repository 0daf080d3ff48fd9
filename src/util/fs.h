#ifndef UTIL_FS_H
#define UTIL_FS_H
#include "util/buf.h"
#include <stddef.h>

/*
 * Files. Every function returns 0 on success and -1 on failure with a
 * message naming the path in err (replaced, not appended).
 */

/*
 * Reads the whole file into out (appended); fails past max bytes (0 =
 * none). A file that cannot be opened (not there, not readable) is
 * ERR_CONFIG, what a configuration names and lacks; a read error or one
 * too large is ERR_DATA (util/err.h).
 */
int file_read(const char *path, struct buf *out, size_t max, struct buf *err);
/*
 * Writes data to a temporary file beside path, fsyncs it, renames it over
 * path and fsyncs the directory: a reader sees the old file or the new one,
 * never a part. On failure the temporary file is removed and path untouched.
 * The file gets mode 0666 less the umask (0644, or 0640 under UMask=0027).
 */
int file_write_atomic(const char *path, const void *data, size_t len,
		      struct buf *err);
/*
 * Installs SIGINT and SIGTERM handlers that remove the temporary file being
 * written (if any) and exit with 128 + the signal (130, 143): an
 * interrupted run leaves the previous outputs and no debris.
 */
void fs_cleanup_on_signals(void);
/*
 * More for those handlers to clean up, for a child that writes files for
 * us (gnuplot): they kill child (SIGKILL, then wait for it, so that it
 * writes nothing after we are gone) and remove every one of paths (the
 * temporaries it, or we, may have created) before exiting. paths are
 * borrowed until the next call; fs_guard_child(0) and fs_guard_temps(NULL,
 * 0) end the guard. Call with the signals blocked around creating the child.
 */
void fs_guard_child(long child);
void fs_guard_temps(char *const *paths, size_t n);
/*
 * Removes what an interrupted file_write_atomic(path) left beside path
 * (PATH.tmp.XXXXXX): for writers of paths outside a locked output
 * directory (works --partial, merge), called before they write path.
 */
void file_remove_leftovers(const char *path);
/* Creates dir and its missing parents (mode 0755). */
int mkdir_p(const char *dir, struct buf *err);
/* Joins a and b with one '/', into out (reset first). */
void path_join(struct buf *out, const char *a, const char *b);
/* Hex SHA-256 of data into hex[65]. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* UTC time as ISO 8601 ("2024-01-31T12:00:00Z") into out[21]. */
void iso_time(long long t, char out[21]);

#endif
