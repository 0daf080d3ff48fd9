/* The CWTS core sources list (core.h). */
#include "works/core.h"
#include "lang/oaid.h"
#include "util/csv.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void works_core_init(struct works_core *c)
{
	memset(c, 0, sizeof(*c));
	wmap_init(&c->ids);
}

void works_core_release(struct works_core *c)
{
	wmap_release(&c->ids);
	memset(c, 0, sizeof(*c));
}

uint64_t works_core_source_num(const char *s, size_t len)
{
	uint64_t v = 0;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	oaid_strip(&s, &len);
	if (len && (*s == 'S' || *s == 's')) {
		s++;
		len--;
	}
	if (!len || len > 18 || *s == '0')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static bool is_true(const char *s)
{
	while (*s == ' ')
		s++;
	return !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "True") ||
	       !strcmp(s, "TRUE");
}

static void digest(struct works_core *c)
{
	uint64_t *v = xmalloc((c->ids.n + 1) * sizeof(*v)), h = 0xcbf29ce484222325ULL;
	size_t n = 0;

	for (size_t i = 0; i < c->ids.cap; i++)
		if (c->ids.s[i].k != WMAP_EMPTY)
			v[n++] = c->ids.s[i].k;
	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			h = (h ^ ((v[i] >> (8 * b)) & 0xff)) * 0x100000001b3ULL;
	free(v);
	c->digest = h;
}

int works_core_load(struct works_core *c, const char *path, struct buf *err)
{
	struct buf data = BUF_INIT;
	struct csv csv;
	int r, id_col = -1, core_col = -1, header = 0, rc = -1;

	if (file_read(path, &data, 0, err))
		return -1;
	csv_init(&csv, data.buf, data.len, 0);
	while ((r = csv_next(&csv, err)) > 0) {
		uint64_t num;
		if (!header++) {
			id_col = csv_column(&csv, "source_id");
			core_col = csv_column(&csv, "is_core_source");
			if (id_col >= 0)
				continue;
			id_col = 0;	/* a plain list: this line is a source */
		}
		if ((size_t)id_col >= csv.nfields) {
			buf_setf(err, "'%s':%d: no source_id in this row", path, csv.line);
			goto out;
		}
		if (core_col >= 0 && ((size_t)core_col >= csv.nfields ||
				      !is_true(csv.fields[core_col])))
			continue;
		num = works_core_source_num(csv.fields[id_col], strlen(csv.fields[id_col]));
		if (!num) {
			buf_setf(err, "'%s':%d: '%s' is not an OpenAlex source id", path, csv.line,
				 csv.fields[id_col]);
			goto out;
		}
		if (!*wmap_slot(&c->ids, num)) {
			*wmap_slot(&c->ids, num) = 1;
			c->sources++;
		}
	}
	if (r < 0) {
		struct buf m = BUF_INIT;
		buf_setf(&m, "'%s': %s", path, err->buf);
		buf_setf(err, "%s", m.buf);
		buf_release(&m);
		goto out;
	}
	if (!c->sources) {
		buf_setf(err, "'%s': no core source (the CWTS core sources list: source_id, "
			 "is_core_source)", path);
		goto out;
	}
	digest(c);
	rc = 0;
out:
	csv_release(&csv);
	buf_release(&data);
	return rc;
}
