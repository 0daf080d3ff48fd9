/* Bibliographic sources: reader results per year -> observations. */
#include "extract/biblio.h"
#include "works/country.h"
#include "works/seen.h"
#include "util/csv.h"
#include "util/notes.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "util/banned.h"

#define SHOWN_UNKNOWN 5		/* unknown country strings named in a warning */

/* A year's value of a keyless result; NAN when null. */
static double year_value(enum works_value v, const struct works_year *y)
{
	switch (v) {
	case WV_WORKS:
		return (double)y->works;
	case WV_WORKS_INTL:
		return (double)y->works_intl;
	case WV_SHARE_INTL:
		return y->share_intl;
	case WV_WORKS_COLLAB:
		return (double)y->works_collab;
	case WV_P_COLLAB:
		return y->p_collab;
	case WV_IRN:
		return y->irn;
	case WV_IRN_PARTNERS:
		return (double)y->irn_partners;
	case WV_IRN_COUNTRIES:
		return (double)y->irn_countries;
	default:
		return NAN;
	}
}

/* One year; none says the year has no works (no row in the results). */
static void observe_year(const struct source *s, const struct works_year *y,
			 bool none, const char *peer, struct extract_tmp *x)
{
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		const struct works_count *c = NULL;
		size_t n = 0;

		if (m->peers != (peer != NULL) || !m->name || WV_IS_COVERAGE(m->works))
			continue;	/* coverage: extract/openalex.c counts it */
		if (m->works == WV_PARTNER_COUNTRIES) {
			c = y->countries;
			n = y->ncountries;
		} else if (m->works == WV_PARTNER_INSTITUTIONS) {
			c = y->partners;
			n = y->npartners;
		} else if (!none || m->works <= WV_P_COLLAB) {
			/* without works: counts are 0, shares null, the IRN unknown */
			extract_tmp_add(x, m->name, y->year, peer, year_value(m->works, y), 0, 0);
		}
		for (size_t k = 0; k < n; k++)
			extract_tmp_add(x, m->name, y->year, c[k].key, (double)c[k].works, 0, 0);
	}
}

void works_observe(const struct source *s, const struct works_result *r,
		   const char *peer, int from, int to, struct extract_tmp *x)
{
	if (!from) {
		for (size_t i = 0; i < r->nyears; i++)
			observe_year(s, &r->years[i], false, peer, x);
		return;
	}
	for (int year = from; year <= to; year++) {
		struct works_year zero = { 0 };
		size_t i = 0;
		while (i < r->nyears && r->years[i].year != year)
			i++;
		if (i < r->nyears) {
			observe_year(s, &r->years[i], false, peer, x);
			continue;
		}
		zero.year = year;
		zero.share_intl = zero.p_collab = zero.irn = NAN;
		observe_year(s, &zero, true, peer, x);
	}
}

void works_report(const struct works_agg *a, const char *name, struct notes *ns)
{
	struct buf list = BUF_INIT;
	uint64_t total = 0;

	/* a too-long line is counted in malformed too (works_stats_bad) */
	if (a->st.malformed && a->st.nbad)
		notes_addf(ns, LOG_WARN, "'%s':%llu: %llu malformed record%s skipped (this is the first)",
			   name, (unsigned long long)a->st.bad_lines[0],
			   (unsigned long long)a->st.malformed, a->st.malformed == 1 ? "" : "s");
	else if (a->st.malformed)
		notes_addf(ns, LOG_WARN, "'%s': %llu malformed record%s skipped", name,
			   (unsigned long long)a->st.malformed, a->st.malformed == 1 ? "" : "s");
	if (a->no_year)
		notes_addf(ns, LOG_WARN, "'%s': %llu work%s without a publication year left out", name,
			   (unsigned long long)a->no_year, a->no_year == 1 ? "" : "s");
	for (uint32_t i = 0; i < a->unknown.n; i++) {
		total += a->unknown_n[i];
		if (i < SHOWN_UNKNOWN) {
			buf_addstr(&list, i ? ", '" : "'");
			buf_add_excerpt(&list, strtab_str(&a->unknown, i), 40);
			buf_addf(&list, "' (%llu)", (unsigned long long)a->unknown_n[i]);
		}
	}
	if (total)
		notes_addf(ns, LOG_WARN, "'%s': country not recognised %llu time%s, left out: %s%s", name,
			   (unsigned long long)total, total == 1 ? "" : "s", list.buf,
			   a->unknown.n > SHOWN_UNKNOWN ? ", ..." : "");
	buf_release(&list);
}

int works_gunzip(const char *data, size_t len, size_t max, const char *name,
		 struct buf *out, struct buf *err)
{
	z_stream z;
	char chunk[1 << 16];
	int zr = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		buf_setf(err, "'%s': cannot start the gzip decoder", name);
		return -1;
	}
	buf_reset(out);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	while (zr != Z_STREAM_END || z.avail_in) {
		if (zr == Z_STREAM_END)
			inflateReset(&z);	/* another member follows */
		z.next_out = (unsigned char *)chunk;
		z.avail_out = sizeof(chunk);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			buf_setf(err, "'%s': not valid gzip data (%s)", name,
				 zr == Z_BUF_ERROR ? "cut short" : z.msg ? z.msg : "corrupt");
			inflateEnd(&z);
			return -1;
		}
		if (out->len + (sizeof(chunk) - z.avail_out) > max ||
		    buf_add(out, chunk, sizeof(chunk) - z.avail_out)) {
			buf_setf(err, "'%s': larger than max_bytes (%zu bytes) once inflated",
				 name, max);
			inflateEnd(&z);
			return -1;
		}
	}
	inflateEnd(&z);
	return 0;
}

/* The reader's format for the file of kind: -1 with err when it is not one. */
static int file_format(const struct source *s, const char *data, size_t len,
		       const char *name, enum works_format *fmt, struct buf *err)
{
	enum works_format d = works_detect(data, len);

	switch (s->kind_id) {
	case KIND_SCOPUS_CSV:
		*fmt = WORKS_FMT_SCOPUS_CSV;
		return 0;
	case KIND_WOS:
		*fmt = d;
		if (d == WORKS_FMT_WOS_TAGGED || d == WORKS_FMT_WOS_TAB)
			return 0;
		buf_setf(err, "'%s': not a Web of Science export (tagged text "
			 "starting with FN or PT, or tab-delimited starting with PT)", name);
		return -1;
	default:
		*fmt = d;
		if (d == WORKS_FMT_OPENALEX_JSONL || d == WORKS_FMT_OPENALEX_JSON ||
		    d == WORKS_FMT_OPENALEX_CSV)
			return 0;
		buf_setf(err, "'%s': not OpenAlex works (JSON Lines, a /works page "
			 "or the CSV export)", name);
		return -1;
	}
}

int extract_works(const struct extract_ctx *x, const char *data, size_t len,
		  struct obs_table *t, size_t src, struct buf *err)
{
	const struct source *s = x->s;
	struct buf plain = BUF_INIT;
	struct country_table ct;
	struct works_opts o = { 0 };
	struct works_agg a;
	struct works_read_stats st = { 0 };
	struct works_seen seen;
	struct works_dedup dd = { &seen, x->name, works_agg_add, NULL, &st };
	struct works_result r;
	struct extract_tmp tmp;
	enum works_format fmt;
	int rc;

	if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
		if (works_gunzip(data, len, (size_t)s->max_bytes, x->name, &plain, err))
			return -1;
		data = plain.buf;
		len = plain.len;
	} else if (csv_from_utf16(data, len, &plain)) {
		data = plain.buf;
		len = plain.len;
	}
	if (file_format(s, data, len, x->name, &fmt, err) ||
	    country_table_load(&ct, NULL, err)) {
		buf_release(&plain);
		return -1;
	}
	memcpy(o.home, x->profile->country, 3);
	o.leiden = ct.leiden;
	works_agg_init(&a, &o);
	/* the file is in memory: its duplicates are left out whatever its format */
	works_seen_init(&seen);
	dd.arg = &a;
	rc = works_read_mem(data, len, x->name, fmt, &ct, works_dedup_fn, &dd, &st, err);
	works_agg_add_stats(&a, &st);
	/* adding stats sums counts only: the first bad lines (one file here)
	 * go along so that works_report names the first */
	a.st.nbad = st.nbad;
	memcpy(a.st.bad_lines, st.bad_lines, sizeof(st.bad_lines));
	if (!rc && !st.works) {
		if (st.nbad)
			buf_setf(err, "'%s':%llu: no works found in this %s export: %llu "
				 "malformed record%s (this is the first)", x->name,
				 (unsigned long long)st.bad_lines[0], works_format_name(fmt),
				 (unsigned long long)st.malformed, st.malformed == 1 ? "" : "s");
		else
			buf_setf(err, "'%s': no works found in this %s export", x->name,
				 works_format_name(fmt));
		rc = -1;
	}
	if (!rc) {
		struct buf msg = BUF_INIT;
		works_seen_message(&seen, &msg);
		if (msg.len)
			notes_addf(x->notes, LOG_WARN, "%s", msg.buf);
		buf_release(&msg);
		works_report(&a, x->name, x->notes);
		works_agg_result(&a, 0, &r);
		extract_tmp_init(&tmp);
		works_observe(s, &r, NULL, 0, 0, &tmp);
		rc = extract_tmp_commit(&tmp, x->name, t, src, err);
		works_result_release(&r);
	}
	works_agg_release(&a);
	works_seen_release(&seen);
	country_table_release(&ct);
	buf_release(&plain);
	return rc;
}
