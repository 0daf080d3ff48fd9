/* Extracting bytes into a unit's source record, with its provenance. */
#include "collect/collect.h"
#include "collect/unit.h"
#include "extract/biblio.h"
#include "extract/csv.h"
#include "extract/html.h"
#include "extract/json.h"
#include "extract/openalex.h"
#include "extract/openalex_group.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

typedef int (*extract_fn)(const struct extract_ctx *x, const char *data,
			  size_t len, struct obs_table *t, size_t src,
			  struct buf *err);

/*
 * The years a csv or xlsx row counts in: a range starts no earlier than
 * ten years before the period, and ends (an open one stops) at the last
 * year that can have happened; "now" for the rows dated later and for
 * the year that has only just begun (extract/csv.h).
 */
static void table_years(const struct profile *p, struct csv_years *y)
{
	y->from = p->year_from - 10;
	y->to = config_year_cut(p);
	y->now = p->year_now;
	y->today = p->today;
}

static int extract_csv_doc(const struct extract_ctx *x, const char *data,
			   size_t len, struct obs_table *t, size_t src,
			   struct buf *err)
{
	struct csv_years y;
	table_years(x->profile, &y);
	return extract_csv(x->s, data, len, x->name, &y, t, src, x->notes, err);
}

static int extract_xlsx_doc(const struct extract_ctx *x, const char *data,
			    size_t len, struct obs_table *t, size_t src,
			    struct buf *err)
{
	struct csv_years y;
	table_years(x->profile, &y);
	return extract_xlsx(x->s, data, len, x->name, &y, t, src, x->notes, err);
}

/*
 * How each kind turns one document into observations. openalex-works
 * pages through the API itself (run_openalex): its unit is a set of pages
 * (openalex.h), with the same cache directory, fallbacks and record.
 */
static const extract_fn extractors[KIND_UNKNOWN] = {
	[KIND_CSV] = extract_csv_doc,
	[KIND_JSON] = extract_json,
	[KIND_HTML_TABLE] = extract_html_table,
	[KIND_HTML_LIST] = extract_html_list,
	[KIND_OPENALEX_JSONL] = extract_works,
	[KIND_SCOPUS_CSV] = extract_works,
	[KIND_WOS] = extract_works,
	[KIND_OPENALEX_GROUP] = extract_openalex_group,
	[KIND_XLSX] = extract_xlsx_doc,
};

void collect_say(const struct run *r, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (r->o->fetch_only)
		notef("%s", msg.buf);
	else
		debugf("%s", msg.buf);
	buf_release(&msg);
}

void collect_age_text(long long secs, struct buf *out)
{
	buf_reset(out);
	if (secs < 0)
		secs = 0;
	if (secs < 120)
		buf_addf(out, "%lld s", secs);
	else if (secs < 2 * 3600)
		buf_addf(out, "%lld min", secs / 60);
	else if (secs < 2 * 86400)
		buf_addf(out, "%lld h", secs / 3600);
	else
		buf_addf(out, "%lld days", secs / 86400);
}

void collect_set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* Text that was not UTF-8 (obs_add noted where), as a warning of the record. */
static void utf8_note(const struct obs_source *rec, const char *name, struct notes *ns)
{
	if (rec->bad_utf8_line > 0)
		notes_addf(ns, LOG_WARN, "%s:%d: text that is not UTF-8; each invalid byte sequence is U+FFFD in every output (first seen here)",
			   name, rec->bad_utf8_line);
	else if (rec->bad_utf8_line)
		notes_addf(ns, LOG_WARN, "%s: text that is not UTF-8; each invalid byte sequence is U+FFFD in every output",
			   name);
}

void unit_provenance(struct run *r, size_t idx, long long bytes,
		     long long fetched_at, enum source_state state)
{
	struct obs_source *rec = &r->t->sources[idx];
	char stamp[21];

	rec->bytes = bytes;
	iso_time(fetched_at, stamp);
	/* a bundled snapshot without a sidecar: when it was captured is unknown */
	collect_set_str(&rec->fetched_at, fetched_at < 0 ? NULL : stamp);
	rec->state = state;
}

int unit_extract_into(struct run *r, struct unit *u, struct obs_table *t,
		      size_t idx, const char *data, size_t len, const char *name,
		      struct buf *err)
{
	struct notes notes = NOTES_INIT;
	struct extract_ctx x = { u->s, &r->cfg->profile, name, u->year, &notes };
	int rc = extractors[u->s->kind_id](&x, data, len, t, idx, err);

	if (!rc) {
		utf8_note(&t->sources[idx], name, &notes);
		/* kept with the record: kpis.json and the report carry them */
		obs_keep_warnings(&t->sources[idx], &notes);
	}
	notes_say(&notes);	/* the extractors do not speak; the runner does */
	return rc;
}

/* Extracts data into the unit's record idx; on success fills provenance. */
int unit_extract(struct run *r, struct unit *u, size_t idx, const char *data,
		   size_t len, const char *name, long long fetched_at,
		   enum source_state state, struct buf *err)
{
	int rc = unit_extract_into(r, u, r->t, idx, data, len, name, err);

	if (rc)
		return rc;
	sha256_hex(data, len, r->t->sources[idx].sha256);
	unit_provenance(r, idx, (long long)len, fetched_at, state);
	return 0;
}

/* A set of OpenAlex pages into the record idx, like extract. */
int unit_extract_set(struct run *r, struct unit *u, size_t idx,
		       const struct oa_set *set, const char *name,
		       long long fetched_at, enum source_state state, struct buf *err)
{
	struct oa_pages *v = xcalloc(set->n + 1, sizeof(*v));
	struct notes ns = NOTES_INIT;
	long long bytes;
	int rc;

	/* the pages as the extractor reads them (extract/ does not see the set) */
	for (size_t i = 0; i < set->n; i++) {
		v[i].id = set->inst[i].id;
		v[i].home = set->inst[i].home;
		v[i].peer = set->inst[i].peer;
		v[i].pages = set->inst[i].pages;
		v[i].npages = set->inst[i].npages;
	}
	rc = extract_openalex(u->s, v, set->n, name, r->t, idx, &ns, err);
	free(v);
	if (!rc)
		obs_keep_warnings(&r->t->sources[idx], &ns);
	notes_say(&ns);
	if (rc)
		return rc;
	oa_set_digest(set, r->t->sources[idx].sha256, &bytes);
	unit_provenance(r, idx, bytes, fetched_at, state);
	return 0;
}

