/* OpenAlex readers: /works JSON pages, JSON Lines in memory, the CSV export. */
#include "util/csv.h"
#include "works/jsonl_scan.h"
#include "works/readers.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/oaid.h"
#include "util/banned.h"

static int emit_cjson(struct work_builder *b, struct oa_work *ow, const cJSON *item,
		      const struct country_table *ct, work_fn fn, void *arg,
		      struct works_read_stats *st, uint64_t n)
{
	st->lines++;
	if (oa_work_from_cjson(ow, item)) {
		works_stats_bad(st, n);
		return 0;
	}
	work_from_openalex(b, ow, ct);
	b->line = n;
	st->works++;
	return fn(wb_finish(b), arg);
}

int works_read_openalex_json(const char *data, size_t len, const char *name,
			     const struct country_table *ct, work_fn fn, void *arg,
			     struct works_read_stats *st, struct buf *err)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	const cJSON *list, *e;
	struct oa_work ow;
	struct work_builder b;
	uint64_t n = 0;
	int rc = 0;

	if (!root) {
		size_t off = end ? (size_t)(end - data) : 0;
		buf_setf(err, "'%s': not valid JSON (near byte %zu)", name, off);
		return -1;
	}
	list = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, "results");
	oa_work_init(&ow);
	wb_init(&b);
	if (cJSON_IsArray(list)) {
		cJSON_ArrayForEach(e, list) {
			if (emit_cjson(&b, &ow, e, ct, fn, arg, st, ++n)) {
				rc = -1;
				break;
			}
		}
	} else if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "id")) {
		rc = emit_cjson(&b, &ow, root, ct, fn, arg, st, 1) ? -1 : 0;
	} else {
		buf_setf(err, "'%s': neither a /works page (\"results\"), an array "
			 "of works nor a work", name);
		rc = -1;
	}
	wb_release(&b);
	oa_work_release(&ow);
	cJSON_Delete(root);
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

int works_read_openalex_csv(const char *data, size_t len, const char *name,
			    const struct country_table *ct, work_fn fn, void *arg,
			    struct works_read_stats *st, struct buf *err)
{
	struct csv c;
	struct work_builder b;
	int col_id, col_year, col_cc, col_iid, col_iname, r, rc = 0;
	char *end;

	csv_init(&c, data, len, ',');
	r = csv_next(&c, err);
	if (r <= 0) {
		if (!r)
			buf_setf(err, "'%s': empty CSV", name);
		csv_release(&c);
		return -1;
	}
	col_id = work_csv_column(&c, "id");
	col_year = work_csv_column(&c, "publication_year");
	col_cc = work_csv_column(&c, "authorships.countries");
	col_iid = work_csv_column(&c, "authorships.institutions.id");
	col_iname = work_csv_column(&c, "authorships.institutions.display_name");
	if (col_year < 0 || col_cc < 0) {
		buf_setf(err, "'%s': an OpenAlex CSV export needs the columns "
			 "'publication_year' and 'authorships.countries'", name);
		csv_release(&c);
		return -1;
	}
	wb_init(&b);
	while ((r = csv_next(&c, err)) > 0) {
		long y;
		const char *id;
		size_t idl;
		st->lines++;
		if ((size_t)col_year >= c.nfields || (size_t)col_cc >= c.nfields) {
			works_stats_bad(st, (uint64_t)c.line);
			continue;
		}
		wb_reset(&b);
		b.line = (uint64_t)c.line;
		id = col_id >= 0 && (size_t)col_id < c.nfields ? c.fields[col_id] : "";
		idl = strlen(id);
		oaid_strip(&id, &idl);
		buf_add(&b.id, id, idl);
		y = strtol(c.fields[col_year], &end, 10);
		b.year = end != c.fields[col_year] && !*end && y > 0 && y < 10000 ? (int)y : 0;
		csv_row(&b, ct, c.fields[col_cc],
			col_iid >= 0 && (size_t)col_iid < c.nfields ? c.fields[col_iid] : "",
			col_iname >= 0 && (size_t)col_iname < c.nfields ? c.fields[col_iname] : "");
		st->works++;
		if (fn(wb_finish(&b), arg)) {
			rc = -1;
			break;
		}
	}
	if (r < 0) {
		buf_prefixf(err, "'%s': ", name);
		rc = -1;
	}
	wb_release(&b);
	csv_release(&c);
	return rc;
}
