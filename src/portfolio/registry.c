/* The agreements registry: a csv source's file read for its columns. */
#include "portfolio/registry.h"
#include "util/csv.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* The column named name in the header, or -1 (name NULL: -1 without error). */
static int column(char **names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

/* A trimmed copy of a field, NULL when empty. */
static char *cell(const struct csv *c, int col)
{
	const char *s;
	size_t len;

	if (col < 0 || (size_t)col >= c->nfields)
		return NULL;
	s = c->fields[col];
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len ? xstrndup(s, len) : NULL;
}

int registry_read(const struct config *cfg, struct registry *out, struct buf *err)
{
	const struct partners_cfg *pc = &cfg->partners;
	const struct source *s = config_source(cfg, pc->registry);
	const char *cols[REG_NCOLS] = { pc->col_partner, pc->col_country, pc->col_openalex,
		pc->col_ror, pc->col_type, pc->col_programme, pc->col_start, pc->col_end };
	struct buf data = BUF_INIT;
	struct csv c;
	char **names = NULL;
	size_t nnames = 0;
	int idx[REG_NCOLS], r, rc = ERR_DATA, line = 0, skip;
	const char *p;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!s || !s->path) {
		buf_setf(err, "partners.json: registry source '%s' is not a csv source with a path",
			 pc->registry ? pc->registry : "?");
		return ERR_CONFIG;
	}
	out->path = xstrdup(s->path);
	{
		struct buf path = BUF_INIT;
		path_join(&path, cfg->dir, s->path);
		r = file_read(path.buf, &data, (size_t)s->max_bytes, err);
		buf_release(&path);
	}
	if (r) {
		buf_release(&data);
		return ERR_CONFIG;
	}
	sha256_hex(data.buf, data.len, out->sha256);
	p = data.buf;
	len = data.len;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
		p += 3;
		len -= 3;
	}
	/* the lines above the header, as extract_csv skips them */
	if ((skip = csv_skip_to_header(&p, &len, s->comment, s->header_row)) < 0) {
		buf_setf(err, "%s:%d: no header there (\"header_row\")", s->path, s->header_row);
		buf_release(&data);
		registry_release(out);
		return ERR_CONFIG;
	}
	csv_init(&c, p, len, s->delimiter);
	c.next_line += skip;
	if ((r = csv_next(&c, err)) <= 0) {
		if (!r)
			buf_setf(err, "%s: no header row", s->path);
		goto out;
	}
	nnames = c.nfields;
	names = xcalloc(nnames + 1, sizeof(char *));
	for (size_t i = 0; i < nnames; i++)
		names[i] = xstrdup(c.fields[i]);
	for (int k = 0; k < REG_NCOLS; k++) {
		idx[k] = column(names, nnames, cols[k]);
		if (cols[k] && idx[k] < 0) {
			buf_setf(err, "%s: no column '%s' (named in partners.json)", s->path, cols[k]);
			rc = ERR_CONFIG;
			goto out;
		}
	}
	while ((r = csv_next(&c, err)) > 0) {
		struct registry_row *row;
		line = c.line;
		out->v = xgrow(out->v, &out->alloc, out->n + 1, sizeof(*out->v));
		row = &out->v[out->n++];
		row->line = line;
		for (int k = 0; k < REG_NCOLS; k++)
			row->f[k] = cell(&c, idx[k]);
		if (!row->f[REG_PARTNER]) {
			buf_setf(err, "%s:%d: the partner ('%s') is empty", s->path, line, cols[0]);
			goto out;
		}
	}
	if (!r)
		rc = 0;
out:
	if (r < 0 && rc == ERR_DATA && !err->len)
		buf_setf(err, "%s: malformed CSV", s->path);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	csv_release(&c);
	buf_release(&data);
	if (rc)
		registry_release(out);
	return rc;
}

void registry_release(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (int k = 0; k < REG_NCOLS; k++)
			free(r->v[i].f[k]);
	free(r->v);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
