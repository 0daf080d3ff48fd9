/* OpenAlex readers: /works JSON pages, JSON Lines in memory, the CSV export. */
#include "works/jsonl_scan.h"
#include "works/readers.h"
#include "util/jsonpos.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/oaid.h"
#include "util/banned.h"

/* One JSON value of the text, for the lines of its bad elements. */
struct value_pos {
	const char *data;	/* the whole text */
	size_t off;		/* where the value starts */
	const cJSON *root;
	struct jsonpos jp;	/* built at the first bad element */
	int built;
};

static void line_col(const char *data, size_t off, size_t *line, size_t *col);

/* The line of item in the text; 0 past the bad lines kept (not worth a scan). */
static uint64_t line_of(struct value_pos *vp, const cJSON *item, const struct works_read_stats *st)
{
	size_t line0, col0;
	int line, col;

	if (st->nbad >= WORKS_BAD_KEPT)
		return 0;
	if (!vp->built) {
		jsonpos_build(&vp->jp, vp->data + vp->off, vp->root);
		vp->built = 1;
	}
	jsonpos_of(&vp->jp, item, 0, &line, &col);
	if (!line)
		return 0;
	line_col(vp->data, vp->off, &line0, &col0);
	return (uint64_t)line0 + (uint64_t)line - 1;
}

static int emit_cjson(struct work_builder *b, struct oa_work *ow, const cJSON *item,
		      const struct country_table *ct, work_fn fn, void *arg,
		      struct works_read_stats *st, uint64_t n, struct value_pos *vp)
{
	st->lines++;
	if (oa_work_from_cjson(ow, item)) {
		/* named by its line in the file, not its number among the works */
		uint64_t line = line_of(vp, item, st);
		works_stats_bad(st, line ? line : n);
		return 0;
	}
	work_from_openalex(b, ow, ct);
	b->line = n;
	b->numbered = true;	/* a page is often one line: its works by number */
	st->works++;
	return fn(wb_finish(b), arg);
}

/* Line and column (1-based) of byte off of data. */
static void line_col(const char *data, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* One JSON value: a /works page, an array of works or one work. */
static int read_value(const cJSON *root, const char *name, struct work_builder *b,
		      struct oa_work *ow, const struct country_table *ct, work_fn fn,
		      void *arg, struct works_read_stats *st, uint64_t *n,
		      struct value_pos *vp, struct buf *err)
{
	const cJSON *list = cJSON_IsArray(root) ? root :
			    cJSON_GetObjectItemCaseSensitive(root, "results"), *e;

	if (cJSON_IsArray(list)) {
		cJSON_ArrayForEach(e, list)
			if (emit_cjson(b, ow, e, ct, fn, arg, st, ++*n, vp))
				return -1;
		return 0;
	}
	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "id"))
		return emit_cjson(b, ow, root, ct, fn, arg, st, ++*n, vp) ? -1 : 0;
	buf_setf(err, "'%s': neither a /works page (\"results\"), an array "
		 "of works nor a work", name);
	return -1;
}

/*
 * A JSON document, compact or pretty-printed, or several one after the
 * other (`jq .` over JSON Lines writes works that way); works are
 * numbered across them.
 */
int works_read_openalex_json(const char *data, size_t len, const char *name,
			     const struct country_table *ct, work_fn fn, void *arg,
			     struct works_read_stats *st, struct buf *err)
{
	struct oa_work ow;
	struct work_builder b;
	size_t off = 0;
	uint64_t n = 0;
	int rc = 0;

	oa_work_init(&ow);
	wb_init(&b);
	while (!rc) {
		const char *end = NULL;
		cJSON *root;
		while (off < len && strchr(" \t\r\n", data[off]) && data[off])
			off++;
		if (off == len)
			break;
		root = cJSON_ParseWithLengthOpts(data + off, len - off, &end, 0);
		if (!root) {
			size_t line, col;
			line_col(data, end ? (size_t)(end - data) : off, &line, &col);
			buf_setf(err, "'%s':%zu:%zu: not valid JSON", name, line, col);
			rc = -1;
			break;
		}
		{
			struct value_pos vp = { data, off, root, { 0 }, 0 };
			rc = read_value(root, name, &b, &ow, ct, fn, arg, st, &n, &vp, err);
			if (vp.built)
				jsonpos_release(&vp.jp);
		}
		cJSON_Delete(root);
		off = (size_t)(end - data);
	}
	wb_release(&b);
	oa_work_release(&ow);
	return rc;
}

int works_read_jsonl_mem(const char *data, size_t len, const char *name,
			 const struct country_table *ct, work_fn fn, void *arg,
			 struct works_read_stats *st, struct buf *err)
{
	struct oa_work ow;
	struct work_builder b;
	const char *p = data, *e = data + len;
	uint64_t n = 0;
	int rc = 0;

	(void)name;
	(void)err;
	oa_work_init(&ow);
	wb_init(&b);
	while (p < e && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl : e;
		n++;
		st->lines++;
		if (oa_line_blank(p, (size_t)(le - p))) {
			st->blank++;
		} else if (jsonl_scan(&ow, p, (size_t)(le - p))) {
			works_stats_bad(st, n);
		} else {
			work_from_openalex(&b, &ow, ct);
			b.line = n;
			st->works++;
			rc = fn(wb_finish(&b), arg) ? -1 : 0;
		}
		p = nl ? nl + 1 : e;
	}
	wb_release(&b);
	oa_work_release(&ow);
	return rc;
}

/* The '|'-separated slots of s (at most max kept); returns their count. */
static size_t slots(const char *s, const char **starts, size_t *lens, size_t max)
{
	size_t n = 0;
	const char *p = s;

	if (!*s)
		return 0;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (n < max) {
			starts[n] = p;
			lens[n] = l;
		}
		n++;
		if (!bar)
			return n;
		p = bar + 1;
	}
}

#define MAX_SLOTS 4096

/*
 * One CSV row: countries from authorships.countries (ISO codes, one slot
 * per author, empty slots skipped); institutions from
 * authorships.institutions.id (or display_name), paired with the country
 * slot of the same position only when both lists have the same length.
 */
static void csv_row(struct work_builder *b, const struct country_table *ct,
		    const char *countries, const char *ids, const char *names)
{
	const char **cs = xmalloc(MAX_SLOTS * sizeof(*cs)), **is = xmalloc(MAX_SLOTS * sizeof(*is));
	size_t *cl = xmalloc(MAX_SLOTS * sizeof(*cl)), *il = xmalloc(MAX_SLOTS * sizeof(*il));
	size_t nc = slots(countries, cs, cl, MAX_SLOTS);
	size_t ni = slots(*ids ? ids : names, is, il, MAX_SLOTS);
	char cc[3];

	if (nc > MAX_SLOTS)
		nc = MAX_SLOTS;
	if (ni > MAX_SLOTS)
		ni = MAX_SLOTS;
	for (size_t i = 0; i < nc; i++) {
		if (!cl[i])
			continue;
		if (country_lookup(ct, cs[i], cl[i], cc))
			wb_country(b, cc);
		else
			wb_unknown(b, cs[i], cl[i]);
	}
	for (size_t i = 0; i < ni; i++) {
		const char *s = is[i];
		size_t l = il[i];
		if (!l)
			continue;
		oaid_strip(&s, &l);
		cc[0] = '\0';
		if (ni == nc && cl[i] && !country_lookup(ct, cs[i], cl[i], cc))
			cc[0] = '\0';
		wb_inst(b, s, l, NULL, 0, cc);
	}
	free(cs);
	free(is);
	free(cl);
	free(il);
}

/* A whole number 1..9999 ("2021"), else 0. */
static int whole_year(const char *s)
{
	char *end;
	long y = strtol(s, &end, 10);

	return end != s && !*end && y > 0 && y < 10000 ? (int)y : 0;
}

static void oa_csv_row(struct work_builder *b, const struct country_table *ct,
		       const char *const cell[EC_N])
{
	const char *id = cell[EC_ID];
	size_t idl = strlen(id);

	oaid_strip(&id, &idl);
	buf_add(&b->id, id, idl);
	csv_row(b, ct, cell[EC_COUNTRIES], cell[EC_INST_ID], cell[EC_INST_NAME]);
}

static const struct export_layout oa_csv = {
	.what = "an OpenAlex CSV export",
	.needs = "the columns 'publication_year' and 'authorships.countries'",
	.cols = {
		[EC_ID] = (const char *const[]){ "id", NULL },
		[EC_YEAR] = (const char *const[]){ "publication_year", NULL },
		[EC_COUNTRIES] = (const char *const[]){ "authorships.countries", NULL },
		[EC_INST_ID] = (const char *const[]){ "authorships.institutions.id", NULL },
		[EC_INST_NAME] = (const char *const[]){ "authorships.institutions.display_name", NULL },
	},
	.need = { 1u << EC_YEAR, 1u << EC_COUNTRIES },
	.year = whole_year,
	.row = oa_csv_row,
};

int works_read_openalex_csv(const char *data, size_t len, const char *name,
			    const struct country_table *ct, work_fn fn, void *arg,
			    struct works_read_stats *st, struct buf *err)
{
	return works_read_export(data, len, name, &oa_csv, ct, fn, arg, st, err);
}
