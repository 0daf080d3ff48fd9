#include "sources/cache.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "util/banned.h"

#define META_MAX (1u << 16)

void cache_dir(struct buf *out, const char *out_dir, const char *source,
	       int page_year)
{
	buf_reset(out);
	buf_addstr(out, out_dir);
	if (out->len && out->buf[out->len - 1] != '/')
		buf_addch(out, '/');
	buf_addf(out, "cache/%s", source);
	if (page_year)
		buf_addf(out, "/%d", page_year);
}

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

long long parse_iso_time(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const int at[] = { 0, 5, 8, 11, 14, 17 }, len[] = { 4, 2, 2, 2, 2, 2 };
	static const char sep[] = "--T::Z";
	int v[6];
	struct tm tm;

	if (!s || strlen(s) != 20)
		return -1;
	for (int i = 0; i < 6; i++) {
		v[i] = 0;
		for (int k = 0; k < len[i]; k++) {
			char c = s[at[i] + k];
			if (c < '0' || c > '9')
				return -1;
			v[i] = v[i] * 10 + (c - '0');
		}
		if (s[at[i] + len[i]] != sep[i])
			return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 ||
	    v[4] > 59 || v[5] > 60)
		return -1;
	/* timegm would move 2023-02-29 to March 1st */
	if (v[2] > mdays[v[1] - 1] + (v[1] == 2 && leap_year(v[0])))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	return (long long)timegm(&tm);
}

static char *get_string(const cJSON *o, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(n) ? xstrdup(n->valuestring) : NULL;
}

int cache_read_meta(const char *dir, struct cache_meta *m, struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	cJSON *root = NULL;
	const cJSON *n;
	char *stamp = NULL, *sha = NULL;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	path_join(&path, dir, "meta.json");
	if (file_read(path.buf, &text, META_MAX, err))
		goto out;
	if (!(root = cJSON_Parse(text.buf)) || !cJSON_IsObject(root)) {
		buf_setf(err, "'%s' is not a cache record (invalid JSON)", path.buf);
		goto out;
	}
	m->url = get_string(root, "url");
	m->path = get_string(root, "path");
	m->etag = get_string(root, "etag");
	m->last_modified = get_string(root, "last_modified");
	n = cJSON_GetObjectItemCaseSensitive(root, "status");
	m->status = cJSON_IsNumber(n) ? (long)n->valuedouble : 0;
	n = cJSON_GetObjectItemCaseSensitive(root, "bytes");
	m->bytes = cJSON_IsNumber(n) ? (long long)n->valuedouble : -1;
	stamp = get_string(root, "fetched_at");
	sha = get_string(root, "sha256");
	m->fetched_at = parse_iso_time(stamp);
	if (m->fetched_at < 0 || !sha || strlen(sha) != 64 || m->bytes < 0) {
		buf_setf(err, "'%s' lacks fetched_at, sha256 or bytes", path.buf);
		cache_meta_release(m);
		goto out;
	}
	memcpy(m->sha256, sha, 65);
	rc = 0;
out:
	free(stamp);
	free(sha);
	cJSON_Delete(root);
	buf_release(&path);
	buf_release(&text);
	return rc;
}

static int read_matching(const char *dir, const char *name,
			 const struct cache_meta *m, struct buf *body,
			 struct buf *err)
{
	struct buf path = BUF_INIT;
	struct stat st;
	char sha[65];
	int rc = -1;

	buf_reset(body);
	path_join(&path, dir, name);
	if (!stat(path.buf, &st) && (long long)st.st_size != m->bytes) {
		buf_setf(err, "'%s' does not match its meta.json (sha256 or size); not used",
			 path.buf);
		goto out;
	}
	if (file_read(path.buf, body, (size_t)m->bytes + 1, err))
		goto out;
	sha256_hex(body->buf, body->len, sha);
	if ((long long)body->len != m->bytes || strcmp(sha, m->sha256)) {
		buf_setf(err, "'%s' does not match its meta.json (sha256 or size); not used",
			 path.buf);
		buf_reset(body);
		goto out;
	}
	rc = 0;
out:
	buf_release(&path);
	return rc;
}

/*
 * body.prev is a hard link to the body that meta.json described before a
 * write began: a crash between writing body and meta.json leaves the old
 * meta.json with body.prev, a good pair.
 */
int cache_read_body(const char *dir, const struct cache_meta *m,
		    struct buf *body, struct buf *err)
{
	struct buf perr = BUF_INIT;
	int rc = read_matching(dir, "body", m, body, err);
	if (rc && !read_matching(dir, "body.prev", m, body, &perr))
		rc = 0;
	buf_release(&perr);
	return rc;
}

static void meta_json(struct buf *o, const struct cache_meta *m)
{
	char stamp[21];
	iso_time(m->fetched_at, stamp);
	buf_addstr(o, "{\n  \"url\": ");
	jsonw_string_or_null(o, m->url);
	buf_addstr(o, ",\n  \"path\": ");
	jsonw_string_or_null(o, m->path);
	buf_addstr(o, ",\n  \"status\": ");
	if (m->status)
		jsonw_int(o, m->status);
	else
		buf_addstr(o, "null");
	buf_addstr(o, ",\n  \"etag\": ");
	jsonw_string_or_null(o, m->etag);
	buf_addstr(o, ",\n  \"last_modified\": ");
	jsonw_string_or_null(o, m->last_modified);
	buf_addstr(o, ",\n  \"fetched_at\": ");
	jsonw_string(o, stamp);
	buf_addstr(o, ",\n  \"sha256\": ");
	jsonw_string(o, m->sha256);
	buf_addstr(o, ",\n  \"bytes\": ");
	jsonw_int(o, m->bytes);
	buf_addstr(o, "\n}\n");
}

int cache_write_meta(const char *dir, const struct cache_meta *m,
		     struct buf *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc;

	/* a body always matches its meta: a meta without the body's digest
	 * would make every later read refuse (and re-fetch) the copy */
	if (strlen(m->sha256) != 64) {
		buf_setf(err, "'%s': the meta of a cached body needs its sha256", dir);
		return -1;
	}
	meta_json(&text, m);
	path_join(&path, dir, "meta.json");
	rc = file_write_atomic(path.buf, text.buf, text.len, err);
	buf_release(&path);
	buf_release(&text);
	return rc;
}

int cache_write(const char *dir, const char *body, size_t len,
		struct cache_meta *m, struct buf *err)
{
	struct buf path = BUF_INIT;
	int rc;

	struct buf prev = BUF_INIT;
	struct stat st;

	sha256_hex(body, len, m->sha256);
	m->bytes = (long long)len;
	path_join(&path, dir, "body");
	path_join(&prev, dir, "body.prev");
	rc = mkdir_p(dir, err);
	/* an existing body.prev is the good one of an interrupted write: keep it */
	if (!rc && stat(prev.buf, &st) && link(path.buf, prev.buf) && errno != ENOENT) {
		buf_setf(err, "cannot link '%s': %s", prev.buf, strerror(errno));
		rc = -1;
	}
	if (!rc)
		rc = file_write_atomic(path.buf, body, len, err);
	if (!rc)
		rc = cache_write_meta(dir, m, err);
	if (!rc)
		unlink(prev.buf);
	buf_release(&path);
	buf_release(&prev);
	return rc;
}

void cache_meta_release(struct cache_meta *m)
{
	free(m->url);
	free(m->path);
	free(m->etag);
	free(m->last_modified);
	memset(m, 0, sizeof(*m));
}
