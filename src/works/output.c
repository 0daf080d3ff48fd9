/*
 * The index's outputs: the writer that formats chunks on several threads
 * and hands them over in order, the JSON and CSV formats, and the number
 * formatting every output shares.
 */
#include "works/outint.h"
#include "works/par.h"
#include "util/csv.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

bool works_output_leiden(enum works_output fmt)
{
	return fmt == WORKS_OUT_LEIDEN || fmt == WORKS_OUT_LEIDEN_JSON || fmt == WORKS_OUT_PARTIAL;
}

/* A number in decimal, without printf (the outputs are mostly numbers). */
void works_out_u64(struct buf *o, uint64_t v)
{
	char t[20];
	size_t n = sizeof(t);

	do {
		t[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(o, t + n, sizeof(t) - n);
}

void works_out_int(struct buf *o, int v)
{
	if (v < 0) {
		buf_addch(o, '-');
		works_out_u64(o, (uint64_t)-(int64_t)v);
	} else {
		works_out_u64(o, (uint64_t)v);
	}
}

/* A double as fmt_double writes it (shortest that reads back), cached. */
static void works_out_double(struct buf *o, double v, struct works_fmt_scratch *fs)
{
	uint64_t bits;
	size_t slot;

	if (v >= 0 && v < 1e15 && v == (double)(uint64_t)v) {	/* fmt_double's whole numbers */
		works_out_u64(o, (uint64_t)v);
		return;
	}
	memcpy(&bits, &v, sizeof(bits));
	slot = (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> 52) & (WORKS_NUM_CACHE - 1);
	if (fs->cache[slot].bits != bits || !fs->cache[slot].s[0]) {
		struct buf t = BUF_INIT;
		fmt_double(&t, v);
		if (t.len < sizeof(fs->cache[slot].s)) {
			fs->cache[slot].bits = bits;
			memcpy(fs->cache[slot].s, t.buf, t.len + 1);
		}
		buf_add(o, t.buf, t.len);
		buf_release(&t);
		return;
	}
	buf_addstr(o, fs->cache[slot].s);
}

void works_out_json_num(struct buf *o, double v, struct works_fmt_scratch *fs)
{
	if (!isfinite(v))
		buf_addstr(o, "null");
	else
		works_out_double(o, v, fs);
}

void works_out_csv_num(struct buf *o, double v, struct works_fmt_scratch *fs)
{
	if (!isnan(v))
		works_out_double(o, v, fs);
}

/* ---- the writer: chunks formatted in parallel, handed over in order ---- */

struct piece {
	struct buf b;
	int done;
};

struct writer {
	const struct works_emit *e;
	works_chunk_fn chunk;
	works_flush_fn fn;
	void *arg;
	bool array;
	struct works_fmt_scratch *fs;	/* per thread */
	struct piece *pieces;
	size_t next_out, ahead;		/* chunks handed over; how far formatting may run ahead */
	bool any;			/* an element of a comma-separated array written */
	int failed;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void hand_over(struct writer *w, struct buf *b)
{
	const char *p = b->buf;
	size_t n = b->len;

	if (!n || w->failed)
		return;
	if (w->array && !w->any && *p == ',') {	/* the first element of the array */
		p++;
		n--;
	}
	w->any = true;
	if (n && w->fn(w->arg, p, n))
		w->failed = 1;
}

static void write_chunk(void *arg, size_t ci, unsigned t)
{
	struct writer *w = arg;
	struct piece *pc = &w->pieces[ci];

	pthread_mutex_lock(&w->mu);
	while (ci >= w->next_out + w->ahead)	/* bounded memory: not too far ahead */
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	if (!w->failed)
		w->chunk(w->e, ci, &w->fs[t], &pc->b);
	pthread_mutex_lock(&w->mu);
	pc->done = 1;
	while (w->next_out < w->e->ix->nchunks && w->pieces[w->next_out].done) {
		struct piece *q = &w->pieces[w->next_out];
		hand_over(w, &q->b);
		buf_release(&q->b);
		w->next_out++;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
}

/* Writes head, every chunk (in parallel, in order), then tail; array: the
 * chunks' elements start with ',' (dropped before the first); -1 when fn failed. */
static int works_emit_chunks(const struct works_emit *e, const char *head, size_t head_len,
			     works_chunk_fn chunk, bool array, const char *tail,
			     works_flush_fn fn, void *arg)
{
	unsigned jobs = e->wo->jobs > 1 ? (unsigned)e->wo->jobs : 1;
	struct writer w = { e, chunk, fn, arg, array, NULL, NULL, 0, 2 * (size_t)jobs + 2, false,
			    0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

	if (head_len && fn(arg, head, head_len))
		return -1;
	w.fs = xcalloc(jobs, sizeof(*w.fs));
	w.pieces = xcalloc(e->ix->nchunks + 1, sizeof(*w.pieces));
	for (size_t i = 0; i < e->ix->nchunks; i++)
		buf_init(&w.pieces[i].b, 0);
	works_par(jobs, e->ix->nchunks, write_chunk, &w);
	for (unsigned t = 0; t < jobs; t++)
		free(w.fs[t].sc.pe);
	free(w.fs);
	free(w.pieces);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	if (!w.failed && tail && *tail && fn(arg, tail, strlen(tail)))
		w.failed = 1;
	return w.failed ? -1 : 0;
}

/* ---- JSON and CSV ---- */

static void json_stats(const struct works_agg *a, struct buf *o)
{
	buf_addstr(o, "\"input\":{\"records\":");
	works_out_u64(o, a->st.lines);
	buf_addstr(o, ",\"works\":");
	works_out_u64(o, a->st.works);
	buf_addstr(o, ",\"duplicates\":");
	works_out_u64(o, a->st.duplicates);
	buf_addstr(o, ",\"blank\":");
	works_out_u64(o, a->st.blank);
	buf_addstr(o, ",\"malformed\":");
	works_out_u64(o, a->st.malformed);
	buf_addstr(o, ",\"too_long\":");
	works_out_u64(o, a->st.too_long);
	buf_addstr(o, ",\"no_year\":");
	works_out_u64(o, a->no_year);
	buf_addstr(o, ",\"out_of_range\":");
	works_out_u64(o, a->out_of_range);
	buf_addstr(o, "},\n");
}

struct str_ix {
	const char *s;
	uint32_t i;
};

static int cmp_str_ix(const void *x, const void *y)
{
	return strcmp(((const struct str_ix *)x)->s, ((const struct str_ix *)y)->s);
}

uint32_t *works_unknown_order(const struct works_agg *a)
{
	struct str_ix *e = xmalloc((a->unknown.n + 1) * sizeof(*e));
	uint32_t *ix = xmalloc((a->unknown.n + 1) * sizeof(*ix));

	for (uint32_t i = 0; i < a->unknown.n; i++) {
		e[i].s = strtab_str(&a->unknown, i);
		e[i].i = i;
	}
	qsort(e, a->unknown.n, sizeof(*e), cmp_str_ix);
	for (uint32_t i = 0; i < a->unknown.n; i++)
		ix[i] = e[i].i;
	free(e);
	return ix;
}

static void json_year(const struct works_year *y, struct buf *o, struct works_fmt_scratch *fs)
{
	buf_addstr(o, "{\"year\":");
	works_out_int(o, y->year);
	buf_addstr(o, ",\"works\":");
	works_out_u64(o, y->works);
	buf_addstr(o, ",\"works_intl\":");
	works_out_u64(o, y->works_intl);
	buf_addstr(o, ",\"share_intl\":");
	works_out_json_num(o, y->share_intl, fs);
	buf_addstr(o, ",\"works_collab\":");
	works_out_u64(o, y->works_collab);
	buf_addstr(o, ",\"p_collab\":");
	works_out_json_num(o, y->p_collab, fs);
	buf_addstr(o, ",\"irn\":{\"from\":");
	works_out_int(o, y->irn_from);
	buf_addstr(o, ",\"to\":");
	works_out_int(o, y->irn_to);
	buf_addstr(o, ",\"partners\":");
	works_out_u64(o, y->irn_partners);
	buf_addstr(o, ",\"countries\":");
	works_out_u64(o, y->irn_countries);
	buf_addstr(o, ",\"index\":");
	works_out_json_num(o, y->irn, fs);
	buf_addstr(o, "},\"partner_countries\":[");
	for (size_t i = 0; i < y->ncountries; i++) {
		buf_addstr(o, i ? ",{\"country\":\"" : "{\"country\":\"");
		buf_add(o, y->countries[i].country, 2);
		buf_addstr(o, "\",\"works\":");
		works_out_u64(o, y->countries[i].works);
		buf_addch(o, '}');
	}
	buf_addstr(o, "],\"partner_institutions\":[");
	for (size_t i = 0; i < y->npartners; i++) {
		buf_addstr(o, i ? ",{\"id\":" : "{\"id\":");
		jsonw_string(o, y->partners[i].key);
		buf_addstr(o, ",\"country\":\"");
		buf_add(o, y->partners[i].country, 2);
		buf_addstr(o, "\",\"works\":");
		works_out_u64(o, y->partners[i].works);
		buf_addch(o, '}');
	}
	buf_addstr(o, "]}");
}

static void json_chunk(const struct works_emit *e, size_t ci, struct works_fmt_scratch *fs,
		       struct buf *o)
{
	const struct works_index *ix = e->ix;
	const struct works_chunk *c = &ix->chunks[ci];

	for (size_t s = c->first; s < c->end; s++) {
		struct works_result r;
		works_index_result_r(ix, s, &r, &fs->sc);
		buf_addstr(o, ",\n{\"id\":");
		jsonw_string(o, r.subject);
		if (ix->head.has_rec) {
			buf_addstr(o, ",\"ror\":");
			jsonw_string_or_null(o, works_index_ror(ix, s));
			buf_addstr(o, ",\"name\":");
			jsonw_string_or_null(o, works_index_name(ix, s));
		}
		buf_addstr(o, ",\"years\":[");
		for (size_t i = 0; i < r.nyears; i++) {
			buf_addstr(o, i ? ",\n" : "\n");
			json_year(&r.years[i], o, fs);
		}
		buf_addstr(o, "]}");
		works_result_release(&r);
	}
}

static void json_head(const struct works_index *ix, struct buf *o)
{
	const struct works_agg *a = &ix->head;
	uint32_t *ux = works_unknown_order(a);

	buf_addstr(o, "{\"schema\":\"intlkpi.works/2\",\n\"years\":");
	if (a->o.year_from || a->o.year_to)
		buf_addf(o, "{\"from\":%d,\"to\":%d}", a->o.year_from, a->o.year_to);
	else
		buf_addstr(o, "null");
	buf_addstr(o, ",\n\"home\":");
	jsonw_string_or_null(o, a->o.home[0] ? a->o.home : NULL);
	buf_addstr(o, ",\n\"hong_kong_macao_as_china\":");
	jsonw_bool(o, a->o.leiden);
	buf_addstr(o, ",\n");
	json_stats(a, o);
	buf_addstr(o, "\"unknown_countries\":[");
	for (size_t i = 0; i < a->unknown.n; i++) {
		buf_addstr(o, i ? ",{\"value\":" : "{\"value\":");
		jsonw_string(o, strtab_str(&a->unknown, ux[i]));
		buf_addstr(o, ",\"works\":");
		works_out_u64(o, a->unknown_n[ux[i]]);
		buf_addch(o, '}');
	}
	free(ux);
	buf_addstr(o, "],\n\"institutions\":[");
}

void works_out_csv_subject(struct buf *o, const struct works_index *ix, size_t s, bool labels)
{
	csv_cell(o, works_index_id(ix, s));
	if (labels) {
		const char *ror = works_index_ror(ix, s), *name = works_index_name(ix, s);
		buf_addch(o, ',');
		if (ror)
			csv_cell(o, ror);
		buf_addch(o, ',');
		if (name)
			csv_cell(o, name);
	}
}

static void csv_chunk(const struct works_emit *e, size_t ci, struct works_fmt_scratch *fs,
		      struct buf *o)
{
	const struct works_index *ix = e->ix;
	const struct works_chunk *c = &ix->chunks[ci];
	enum works_output fmt = e->wo->fmt;
	struct buf subj = BUF_INIT;

	for (size_t s = c->first; s < c->end; s++) {
		struct works_result r;
		works_index_result_r(ix, s, &r, &fs->sc);
		buf_reset(&subj);
		works_out_csv_subject(&subj, ix, s, ix->head.has_rec);
		for (size_t i = 0; i < r.nyears; i++) {
			const struct works_year *y = &r.years[i];
			if (fmt == WORKS_OUT_CSV) {
				buf_add(o, subj.buf, subj.len);
				buf_addch(o, ',');
				works_out_int(o, y->year);
				buf_addch(o, ',');
				works_out_u64(o, y->works);
				buf_addch(o, ',');
				works_out_u64(o, y->works_intl);
				buf_addch(o, ',');
				works_out_csv_num(o, y->share_intl, fs);
				buf_addch(o, ',');
				works_out_u64(o, y->works_collab);
				buf_addch(o, ',');
				works_out_csv_num(o, y->p_collab, fs);
				buf_addch(o, ',');
				works_out_u64(o, y->irn_partners);
				buf_addch(o, ',');
				works_out_u64(o, y->irn_countries);
				buf_addch(o, ',');
				works_out_csv_num(o, y->irn, fs);
				buf_addstr(o, "\r\n");
			}
			for (size_t j = 0; fmt == WORKS_OUT_CSV_COUNTRIES && j < y->ncountries; j++) {
				buf_add(o, subj.buf, subj.len);
				buf_addch(o, ',');
				works_out_int(o, y->year);
				buf_addch(o, ',');
				buf_add(o, y->countries[j].country, 2);
				buf_addch(o, ',');
				works_out_u64(o, y->countries[j].works);
				buf_addstr(o, "\r\n");
			}
			for (size_t j = 0; fmt == WORKS_OUT_CSV_PARTNERS && j < y->npartners; j++) {
				buf_add(o, subj.buf, subj.len);
				buf_addch(o, ',');
				works_out_int(o, y->year);
				buf_addch(o, ',');
				csv_cell(o, y->partners[j].key);
				buf_addch(o, ',');
				buf_add(o, y->partners[j].country, 2);
				buf_addch(o, ',');
				works_out_u64(o, y->partners[j].works);
				buf_addstr(o, "\r\n");
			}
		}
		works_result_release(&r);
	}
	buf_release(&subj);
}

static void csv_head(const struct works_index *ix, enum works_output fmt, struct buf *o)
{
	buf_addstr(o, ix->head.has_rec ? "institution,ror,name," : "institution,");
	if (fmt == WORKS_OUT_CSV)
		buf_addstr(o, "year,works,works_intl,share_intl,works_collab,"
			   "p_collab,irn_partners,irn_countries,irn\r\n");
	else if (fmt == WORKS_OUT_CSV_COUNTRIES)
		buf_addstr(o, "year,country,works\r\n");
	else
		buf_addstr(o, "year,partner,country,works\r\n");
}

int works_write_to(const struct works_index *ix, const struct works_out *wo,
		   works_flush_fn fn, void *arg)
{
	struct works_emit e = { ix, wo, 0, 0, 0, { { 0 }, { 0 } } };
	struct buf head = BUF_INIT;
	works_chunk_fn chunk;
	const char *tail = NULL;
	int rc;

	switch (wo->fmt) {
	case WORKS_OUT_JSON:
		json_head(ix, &head);
		chunk = json_chunk;
		tail = "]}\n";
		break;
	case WORKS_OUT_LEIDEN:
	case WORKS_OUT_LEIDEN_JSON:
		e.len = wo->window > 0 ? wo->window : WORKS_LEIDEN_WINDOW;
		works_windows(ix, e.len, &e.first, &e.last);
		works_boot_init(&e.boot);
		works_leiden_head(&e, &head, wo->fmt == WORKS_OUT_LEIDEN_JSON);
		chunk = wo->fmt == WORKS_OUT_LEIDEN_JSON ? works_leiden_chunk_json :
							   works_leiden_chunk_csv;
		tail = wo->fmt == WORKS_OUT_LEIDEN_JSON ? "]}\n" : NULL;
		break;
	case WORKS_OUT_PARTIAL:
		works_partial_head(ix, &head);
		chunk = works_partial_chunk;
		tail = "end\n";
		break;
	default:
		csv_head(ix, wo->fmt, &head);
		chunk = csv_chunk;
		break;
	}
	rc = works_emit_chunks(&e, head.buf, head.len, chunk,
			       wo->fmt == WORKS_OUT_JSON || wo->fmt == WORKS_OUT_LEIDEN_JSON, tail,
			       fn, arg);
	buf_release(&head);
	return rc;
}

static int to_buf(void *arg, const char *data, size_t len)
{
	buf_add(arg, data, len);
	return 0;
}

void works_write_index(const struct works_index *ix, const struct works_out *wo,
		       struct buf *out)
{
	works_write_to(ix, wo, to_buf, out);
}

void works_write(const struct works_agg *a, enum works_output fmt, struct buf *out)
{
	struct works_index ix;
	struct works_out wo = { fmt, 0, WORKS_COUNT_FULL, 1 };

	works_index_build(&ix, &a, 1, 1);
	works_write_index(&ix, &wo, out);
	works_index_release(&ix);
}

void works_write_partial(const struct works_agg *a, struct buf *out)
{
	works_write(a, WORKS_OUT_PARTIAL, out);
}
