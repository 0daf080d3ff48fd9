#include "sources/snapshot.h"
#include "sources/cache.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util/banned.h"

/* A sidecar is a few lines; a cap keeps a wrong file from being read whole. */
#define SIDECAR_MAX ((size_t)64 << 10)

static int str_member(const cJSON *root, const char *key, char **out,
		      const char *file, struct buf *err)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(root, key);
	if (!n)
		return 0;
	if (!cJSON_IsString(n)) {
		buf_setf(err, "%s: expected '%s' to be a string", file, key);
		return -1;
	}
	*out = xstrdup(n->valuestring);
	return 0;
}

/* "2024-01-15" or "2024-01-15T10:00:00Z" into m; -1 when neither. */
static int set_captured(struct snapshot_meta *m, const char *s)
{
	struct buf full = BUF_INIT;

	if (strlen(s) == 10)
		buf_addf(&full, "%sT00:00:00Z", s);
	else
		buf_addstr(&full, s);
	m->captured_at = parse_iso_time(full.buf);
	if (m->captured_at < 0) {
		buf_release(&full);
		return -1;
	}
	m->captured = buf_detach(&full, NULL);
	return 0;
}

static int parse(const char *file, const char *text, struct snapshot_meta *m,
		 struct buf *err)
{
	static const char *const keys[] = { "captured", "origin", "illustrative", "note" };
	cJSON *root = cJSON_Parse(text);
	const cJSON *n;
	char *captured = NULL;
	int rc = -1;

	if (!cJSON_IsObject(root)) {
		buf_setf(err, "%s: expected a JSON object", file);
		goto out;
	}
	cJSON_ArrayForEach(n, root) {
		size_t i;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(n->string, keys[i]))
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			buf_setf(err, "%s: unknown key '%s' (expected captured, origin, illustrative, note)",
				 file, n->string);
			goto out;
		}
	}
	if (str_member(root, "captured", &captured, file, err) ||
	    str_member(root, "origin", &m->origin, file, err) ||
	    str_member(root, "note", &m->note, file, err))
		goto out;
	if (!captured) {
		buf_setf(err, "%s: missing required key 'captured'", file);
		goto out;
	}
	if (set_captured(m, captured)) {
		buf_setf(err, "%s: expected 'captured' to be a date such as \"2024-01-15\" "
			 "or a time such as \"2024-01-15T10:00:00Z\", not '%s'", file, captured);
		goto out;
	}
	n = cJSON_GetObjectItemCaseSensitive(root, "illustrative");
	if (n && !cJSON_IsBool(n)) {
		buf_setf(err, "%s: expected 'illustrative' to be true or false", file);
		goto out;
	}
	m->illustrative = cJSON_IsTrue(n);
	rc = 0;
out:
	free(captured);
	cJSON_Delete(root);
	return rc;
}

int snapshot_meta_read(const char *path, struct snapshot_meta *m, struct buf *err)
{
	struct buf file = BUF_INIT, text = BUF_INIT;
	struct stat st;
	int rc;

	memset(m, 0, sizeof(*m));
	m->captured_at = -1;
	buf_addf(&file, "%s.meta.json", path);
	if (stat(file.buf, &st) && errno == ENOENT) {
		rc = 1;
	} else if (file_read(file.buf, &text, SIDECAR_MAX, err)) {
		rc = -1;
	} else {
		rc = parse(file.buf, text.buf, m, err);
		if (rc) {
			snapshot_meta_release(m);
			m->captured_at = -1;
		}
	}
	buf_release(&file);
	buf_release(&text);
	return rc;
}

void snapshot_meta_release(struct snapshot_meta *m)
{
	free(m->captured);
	free(m->origin);
	free(m->note);
	memset(m, 0, sizeof(*m));
	m->captured_at = -1;
}
