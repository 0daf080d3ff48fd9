#ifndef UTIL_ERR_H
#define UTIL_ERR_H

/*
 * A failure says its class in the value it returns, from where it is
 * raised: every function below cli/ that can fail returns 0 on success
 * and one of these (all negative) on failure, with the caller's
 * struct buf *err holding the words. A caller passes a callee's failure
 * on unchanged (rc = step(); if (rc < 0) return rc;); nobody reads the
 * class back from the words. -1 stays "data", the common case.
 *
 *   ERR_DATA     the bytes are not what the source promises (malformed,
 *                implausible, a cell that is not a number)
 *   ERR_CONFIG   what indicators/ names is not there: a local file, a
 *                column, a sheet (what 'intlkpi check' reports)
 *   ERR_NETWORK  the fetch failed (connection, HTTP status, timeout, size)
 */
enum err_class { ERR_DATA = -1, ERR_CONFIG = -2, ERR_NETWORK = -3 };

/* "data", "config" or "network" for a failure rc; NULL for rc >= 0. */
const char *err_class_name(int rc);

#endif
