#include "works/work.h"
#include "lang/oaid.h"
#include "works/jsonl_scan.h"
#include "util/fs.h"
#include "util/lines.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void works_stats_bad(struct works_read_stats *st, uint64_t line)
{
	st->malformed++;
	if (st->nbad < WORKS_BAD_KEPT)
		st->bad_lines[st->nbad++] = line;
}

void wb_init(struct work_builder *b)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->arena, 0);
	buf_init(&b->id, 0);
}

void wb_release(struct work_builder *b)
{
	buf_release(&b->arena);
	buf_release(&b->id);
	free(b->cc);
	free(b->in);
	free(b->lin);
	free(b->unk);
	free(b->out_in);
	free(b->ptrs);
	wb_init(b);
}

void wb_reset(struct work_builder *b)
{
	buf_reset(&b->arena);
	buf_reset(&b->id);
	b->year = 0;
	b->line = 0;
	b->ncc = b->nin = b->nlin = b->nunk = 0;
}

static size_t arena_add(struct work_builder *b, const char *s, size_t len)
{
	size_t off = b->arena.len;

	buf_add(&b->arena, s, len);
	buf_addch(&b->arena, '\0');
	return off;
}

void wb_country(struct work_builder *b, const char code[3])
{
	for (size_t i = 0; i < b->ncc; i++)
		if (!memcmp(b->cc[i], code, 3))
			return;
	b->cc = xgrow(b->cc, &b->acc, b->ncc + 1, sizeof(*b->cc));
	memcpy(b->cc[b->ncc++], code, 3);
}

void wb_unknown(struct work_builder *b, const char *s, size_t len)
{
	b->unk = xgrow(b->unk, &b->aunk, b->nunk + 1, sizeof(*b->unk));
	b->unk[b->nunk++] = arena_add(b, s, len);
}

size_t wb_inst(struct work_builder *b, const char *name, size_t len,
	       const char *ror, size_t ror_len, const char country[3])
{
	struct wb_inst *in;

	b->in = xgrow(b->in, &b->ain, b->nin + 1, sizeof(*b->in));
	in = &b->in[b->nin];
	in->name = arena_add(b, name, len);
	in->ror = ror && ror_len ? arena_add(b, ror, ror_len) : SIZE_MAX;
	in->lineage = b->nlin;
	in->nlineage = 0;
	memcpy(in->country, country ? country : "", country && *country ? 3 : 1);
	return b->nin++;
}

void wb_lineage(struct work_builder *b, size_t inst, const char *id, size_t len)
{
	b->lin = xgrow(b->lin, &b->alin, b->nlin + 1, sizeof(*b->lin));
	b->lin[b->nlin++] = arena_add(b, id, len);
	b->in[inst].nlineage++;
}

static int cmp_cc(const void *a, const void *b)
{
	return memcmp(a, b, 2);
}

static int cmp_inst(const void *a, const void *b)
{
	const struct work_inst *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	/* the entry with a country first, then the smallest country */
	if (!*x->country != !*y->country)
		return *x->country ? -1 : 1;
	return strcmp(x->country, y->country);
}

const struct work *wb_finish(struct work_builder *b)
{
	struct work *w = &b->w;
	const char *A = b->arena.buf;
	size_t n = 0, np = 0;

	memset(w, 0, sizeof(*w));
	w->id = b->id.buf;
	w->year = b->year;
	w->line = b->line;
	if (b->ncc)
		qsort(b->cc, b->ncc, sizeof(*b->cc), cmp_cc);
	w->countries = (const char (*)[3])b->cc;
	w->ncountries = b->ncc;
	b->ptrs = xgrow(b->ptrs, &b->aptrs, b->nlin + b->nunk + 1, sizeof(*b->ptrs));
	for (size_t i = 0; i < b->nlin; i++)
		b->ptrs[np++] = A + b->lin[i];
	b->out_in = xgrow(b->out_in, &b->aout_in, b->nin + 1, sizeof(*b->out_in));
	for (size_t i = 0; i < b->nin; i++) {
		struct work_inst *o = &b->out_in[i];
		o->name = A + b->in[i].name;
		o->ror = b->in[i].ror == SIZE_MAX ? NULL : A + b->in[i].ror;
		memcpy(o->country, b->in[i].country, 3);
		o->lineage = b->ptrs + b->in[i].lineage;
		o->nlineage = b->in[i].nlineage;
	}
	qsort(b->out_in, b->nin, sizeof(*b->out_in), cmp_inst);
	for (size_t i = 0; i < b->nin; i++)
		if (*b->out_in[i].name &&
		    (!n || strcmp(b->out_in[n - 1].name, b->out_in[i].name)))
			b->out_in[n++] = b->out_in[i];
	w->inst = b->out_in;
	w->ninst = n;
	for (size_t i = 0; i < b->nunk; i++)
		b->ptrs[np + i] = A + b->unk[i];
	w->unknown = b->ptrs + np;
	w->nunknown = b->nunk;
	return w;
}

/* A country code from OpenAlex into the builder, or an unknown string. */
static void oa_country(struct work_builder *b, const struct country_table *ct,
		       const char *s, size_t len)
{
	char cc[3];

	if (!len)
		return;
	if (country_code_valid(ct, s, len, cc))
		wb_country(b, cc);
	else
		wb_unknown(b, s, len);
}

void work_from_openalex(struct work_builder *b, const struct oa_work *ow,
			const struct country_table *ct)
{
	wb_reset(b);
	if (ow->has_id) {
		const char *s = oa_str_ptr(ow, ow->id);
		size_t len = ow->id.len;
		oaid_strip(&s, &len);
		buf_add(&b->id, s, len);
	}
	b->year = oa_work_year(ow);
	for (size_t a = 0; a < ow->nauth; a++) {
		const struct oa_auth *au = &ow->auth[a];
		for (uint32_t i = 0; i < au->ncountries; i++) {
			struct oa_str s = ow->strs[au->countries + i];
			oa_country(b, ct, oa_str_ptr(ow, s), s.len);
		}
		for (uint32_t i = 0; i < au->ninsts; i++) {
			const struct oa_inst *in = &ow->inst[au->insts + i];
			const char *id = oa_str_ptr(ow, in->id), *ror = NULL;
			size_t idlen = in->id.len, rorlen = 0, k;
			char cc[3] = "";

			if (in->has_country && in->country.len &&
			    !country_code_valid(ct, oa_str_ptr(ow, in->country),
						in->country.len, cc))
				cc[0] = '\0';
			if (!au->ncountries && in->has_country)
				oa_country(b, ct, oa_str_ptr(ow, in->country), in->country.len);
			if (!in->has_id || !idlen)
				continue;
			oaid_strip(&id, &idlen);
			if (in->has_ror) {
				ror = oa_str_ptr(ow, in->ror);
				rorlen = in->ror.len;
				oaid_strip(&ror, &rorlen);
			}
			k = wb_inst(b, id, idlen, ror, rorlen, cc);
			for (uint32_t j = 0; j < in->nlineage; j++) {
				struct oa_str s = ow->strs[in->lineage + j];
				const char *l = oa_str_ptr(ow, s);
				size_t ll = s.len;
				oaid_strip(&l, &ll);
				wb_lineage(b, k, l, ll);
			}
		}
	}
}

const char *works_format_name(enum works_format fmt)
{
	static const char *const names[] = { "auto", "openalex-json", "openalex-jsonl",
		"openalex-csv", "scopus-csv", "wos", "wos-tab" };
	return names[fmt];
}

int works_format_parse(const char *name, enum works_format *fmt)
{
	for (int f = WORKS_FMT_AUTO; f <= WORKS_FMT_WOS_TAB; f++) {
		if (!strcmp(name, works_format_name((enum works_format)f))) {
			*fmt = (enum works_format)f;
			return 0;
		}
	}
	return -1;
}

enum works_format works_detect(const char *data, size_t len)
{
	const char *p = data, *e = data + len, *nl;

	if (len >= 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b)
		return WORKS_FMT_OPENALEX_JSONL;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (e - p >= 3 && (!memcmp(p, "FN ", 3) || !memcmp(p, "PT ", 3)))
		return WORKS_FMT_WOS_TAGGED;
	if (e - p >= 3 && !memcmp(p, "PT\t", 3))
		return WORKS_FMT_WOS_TAB;
	if (p < e && *p == '[')
		return WORKS_FMT_OPENALEX_JSON;
	nl = memchr(p, '\n', (size_t)(e - p));
	if (p < e && *p == '{') {
		/* a /works page has "results"; works one per line do not */
		const char *end = nl ? nl : e;
		for (const char *q = p; q + 10 <= end; q++)
			if (!memcmp(q, "\"results\"", 9))
				return WORKS_FMT_OPENALEX_JSON;
		return WORKS_FMT_OPENALEX_JSONL;
	}
	{
		size_t hl = nl ? (size_t)(nl - p) : (size_t)(e - p);
		struct buf h = BUF_INIT;
		enum works_format f = WORKS_FMT_AUTO;
		buf_add(&h, p, hl);
		if (strstr(h.buf, "authorships.countries"))
			f = WORKS_FMT_OPENALEX_CSV;
		else if (strstr(h.buf, "Affiliations"))
			f = WORKS_FMT_SCOPUS_CSV;
		buf_release(&h);
		return f;
	}
}

int works_read_mem(const char *data, size_t len, const char *name,
		   enum works_format fmt, const struct country_table *ct,
		   work_fn fn, void *arg, struct works_read_stats *st,
		   struct buf *err)
{
	if (fmt == WORKS_FMT_AUTO)
		fmt = works_detect(data, len);
	switch (fmt) {
	case WORKS_FMT_OPENALEX_JSON:
		return works_read_openalex_json(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_OPENALEX_JSONL:
		return works_read_jsonl_mem(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_OPENALEX_CSV:
		return works_read_openalex_csv(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_SCOPUS_CSV:
		return works_read_scopus_csv(data, len, name, ct, fn, arg, st, err);
	case WORKS_FMT_WOS_TAGGED:
	case WORKS_FMT_WOS_TAB:
		return works_read_wos(data, len, name, fmt == WORKS_FMT_WOS_TAB, ct,
				      fn, arg, st, err);
	case WORKS_FMT_AUTO:
		break;
	}
	buf_setf(err, "'%s': cannot tell the format (use openalex-json, "
		 "openalex-jsonl, openalex-csv, scopus-csv, wos or wos-tab)", name);
	return -1;
}

/* JSON Lines from a file, streamed (plain or gzip) with the fast scanner. */
static int read_jsonl_file(const char *path, const struct country_table *ct,
			   work_fn fn, void *arg, struct works_read_stats *st,
			   struct buf *err)
{
	struct lines l;
	struct oa_work ow;
	struct work_builder b;
	const char *line;
	size_t len;
	int rc = 0, r;

	if (lines_open(&l, path, 0, 0, err)) {
		lines_close(&l);
		return -1;
	}
	oa_work_init(&ow);
	wb_init(&b);
	while ((r = lines_next(&l, &line, &len, err)) > 0) {
		st->lines++;
		if (r == 2) {
			st->too_long++;
			works_stats_bad(st, l.lineno);
			continue;
		}
		if (oa_line_blank(line, len)) {
			st->blank++;
			continue;
		}
		if (jsonl_scan(&ow, line, len)) {
			works_stats_bad(st, l.lineno);
			continue;
		}
		work_from_openalex(&b, &ow, ct);
		b.line = l.lineno;
		st->works++;
		if (fn(wb_finish(&b), arg)) {
			rc = -1;
			break;
		}
	}
	if (r < 0)
		rc = -1;
	wb_release(&b);
	oa_work_release(&ow);
	lines_close(&l);
	return rc;
}

int works_read_file(const char *path, enum works_format fmt,
		    const struct country_table *ct, work_fn fn, void *arg,
		    struct works_read_stats *st, struct buf *err)
{
	struct buf data = BUF_INIT;
	int rc;

	if (fmt == WORKS_FMT_AUTO || fmt == WORKS_FMT_OPENALEX_JSONL) {
		/* sniff the start: JSON Lines (or gzip) stream, the rest is read whole */
		struct lines l;
		const char *line;
		size_t len;
		int gz = lines_is_gzip(path);
		if (gz < 0) {
			buf_setf(err, "cannot open '%s'", path);
			return -1;
		}
		if (fmt == WORKS_FMT_AUTO && !gz) {
			if (lines_open(&l, path, 0, 0, err)) {
				lines_close(&l);
				return -1;
			}
			rc = lines_next(&l, &line, &len, err);
			fmt = rc == 1 ? works_detect(line, len) :
			      rc == 2 ? WORKS_FMT_OPENALEX_JSONL : WORKS_FMT_AUTO;
			lines_close(&l);
			if (rc < 0)
				return -1;
		}
		if (gz || fmt == WORKS_FMT_OPENALEX_JSONL)
			return read_jsonl_file(path, ct, fn, arg, st, err);
	}
	if (file_read(path, &data, 0, err)) {
		buf_release(&data);
		return -1;
	}
	rc = works_read_mem(data.buf, data.len, path, fmt, ct, fn, arg, st, err);
	buf_release(&data);
	return rc;
}
