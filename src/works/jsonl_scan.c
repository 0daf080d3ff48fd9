#include "works/jsonl_scan.h"
#include "works/jsonl_lex.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* p at '"': the decoded string into w's arena. */
static const char *read_string(struct oa_work *w, const char *p, const char *end,
			       struct oa_str *out)
{
	int esc = 0;
	const char *q = str_close(p + 1, end, &esc);

	if (!q)
		return NULL;
	if (!esc) {
		*out = oa_work_str(w, p + 1, (size_t)(q - p - 1));
	} else {
		struct buf tmp = BUF_INIT;
		if (jsonl_str_decode(p + 1, q, &tmp)) {
			buf_release(&tmp);
			return NULL;
		}
		*out = oa_work_str(w, tmp.buf, tmp.len);
		buf_release(&tmp);
	}
	return q + 1;
}

/*
 * The members we look for in one object. Keys compare as C strings after
 * decoding, as cJSON_GetObjectItemCaseSensitive does; only the first
 * member with a given key counts.
 */
struct keyset {
	const char *const *names;
	const size_t *lens;
	unsigned n;
};

/* Index of the key [s, e) in ks, or -1. */
static int key_index(const struct keyset *ks, const char *s, const char *e, int esc)
{
	struct buf tmp = BUF_INIT;
	size_t len = (size_t)(e - s);
	int found = -1;

	if (esc) {
		if (jsonl_str_decode(s, e, &tmp)) {
			buf_release(&tmp);
			return -2;
		}
		s = tmp.buf;
		len = strlen(tmp.buf);	/* cut at a decoded NUL */
	}
	for (unsigned i = 0; i < ks->n && found < 0; i++) {
		size_t n = ks->lens[i];
		if (len >= n && s[0] == ks->names[i][0] && !memcmp(s, ks->names[i], n) &&
		    (len == n || s[n] == '\0'))
			found = (int)i;
	}
	if (esc)
		buf_release(&tmp);
	return found;
}

typedef const char *(*member_fn)(struct oa_work *w, int key, const char *p,
				 const char *end, unsigned depth, void *ctx);
typedef const char *(*elem_fn)(struct oa_work *w, const char *p, const char *end,
			       unsigned depth, void *ctx);

/*
 * p at '{', inside depth open containers. fn reads the value of each first
 * member named in ks (members at depth + 1); the rest are skipped.
 */
static const char *scan_object(struct oa_work *w, const char *p, const char *end,
			       unsigned depth, const struct keyset *ks,
			       member_fn fn, void *ctx)
{
	unsigned seen = 0;

	if (depth >= NEST_LIMIT)
		return NULL;
	p = ws(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		int esc = 0, k;
		const char *ks0, *ke;

		if (p >= end || *p != '"')
			return NULL;
		ks0 = p + 1;
		ke = str_close(ks0, end, &esc);
		if (!ke)
			return NULL;
		k = key_index(ks, ks0, ke, esc);
		if (k == -2)
			return NULL;
		p = ws(ke + 1, end);
		if (p >= end || *p != ':')
			return NULL;
		p = ws(p + 1, end);
		if (p >= end)
			return NULL;
		if (k >= 0 && !(seen & (1u << k))) {
			seen |= 1u << k;
			p = fn(w, k, p, end, depth + 1, ctx);
		} else {
			p = jsonl_skip_value(p, end, depth + 1);
		}
		if (!p)
			return NULL;
		p = ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == '}')
			return p + 1;
		if (*p != ',')
			return NULL;
		p = ws(p + 1, end);
	}
}

/* p at '[', inside depth open containers: fn reads each element. */
static const char *scan_array(struct oa_work *w, const char *p, const char *end,
			      unsigned depth, elem_fn fn, void *ctx)
{
	if (depth >= NEST_LIMIT)
		return NULL;
	p = ws(p + 1, end);
	if (p < end && *p == ']')
		return p + 1;
	for (;;) {
		if (p >= end)
			return NULL;
		p = fn(w, p, end, depth + 1, ctx);
		if (!p)
			return NULL;
		p = ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == ']')
			return p + 1;
		if (*p != ',')
			return NULL;
		p = ws(p + 1, end);
	}
}

/* An element of a string array: strings go to w->strs, counted in *ctx. */
static const char *str_elem(struct oa_work *w, const char *p, const char *end,
			    unsigned depth, void *ctx)
{
	struct oa_str s;

	if (*p != '"')
		return jsonl_skip_value(p, end, depth);
	p = read_string(w, p, end, &s);
	if (p) {
		oa_work_add_str(w, s);
		++*(uint32_t *)ctx;
	}
	return p;
}

static const char *const inst_names[] = { "id", "ror", "country_code", "lineage" };
static const size_t inst_lens[] = { 2, 3, 12, 7 };
static const struct keyset inst_keys = { inst_names, inst_lens, 4 };

static const char *inst_member(struct oa_work *w, int key, const char *p,
			       const char *end, unsigned depth, void *ctx)
{
	size_t i = (size_t)(uintptr_t)ctx;
	struct oa_str s;
	uint32_t first, n = 0;

	if (key == 3) {
		if (*p != '[')
			return jsonl_skip_value(p, end, depth);
		first = (uint32_t)w->nstrs;
		p = scan_array(w, p, end, depth, str_elem, &n);
		w->inst[i].has_lineage = 1;
		w->inst[i].lineage = first;
		w->inst[i].nlineage = n;
		return p;
	}
	if (*p != '"')
		return jsonl_skip_value(p, end, depth);
	p = read_string(w, p, end, &s);
	if (key == 0) {
		w->inst[i].has_id = 1;
		w->inst[i].id = s;
	} else if (key == 1) {
		w->inst[i].has_ror = 1;
		w->inst[i].ror = s;
	} else {
		w->inst[i].has_country = 1;
		w->inst[i].country = s;
	}
	return p;
}

static const char *inst_elem(struct oa_work *w, const char *p, const char *end,
			     unsigned depth, void *ctx)
{
	(void)ctx;
	if (*p != '{')
		return jsonl_skip_value(p, end, depth);
	oa_work_add_inst(w);
	return scan_object(w, p, end, depth, &inst_keys, inst_member,
			   (void *)(uintptr_t)(w->ninst - 1));
}

/* An element of "affiliations": its raw string and institution ids. */
static const char *const aff_names[] = { "raw_affiliation_string", "institution_ids" };
static const size_t aff_lens[] = { 22, 15 };
static const struct keyset aff_keys = { aff_names, aff_lens, 2 };

static const char *aff_member(struct oa_work *w, int key, const char *p,
			      const char *end, unsigned depth, void *ctx)
{
	size_t k = (size_t)(uintptr_t)ctx;
	struct oa_str s;
	uint32_t first, n = 0;

	if (key == 0) {
		if (*p != '"')
			return jsonl_skip_value(p, end, depth);
		p = read_string(w, p, end, &s);
		w->aff[k].has_raw = 1;
		w->aff[k].raw = s;
		return p;
	}
	if (*p != '[')
		return jsonl_skip_value(p, end, depth);
	first = (uint32_t)w->nstrs;
	p = scan_array(w, p, end, depth, str_elem, &n);
	w->aff[k].has_ids = 1;
	w->aff[k].ids = first;
	w->aff[k].nids = n;
	return p;
}

static const char *aff_elem(struct oa_work *w, const char *p, const char *end,
			    unsigned depth, void *ctx)
{
	(void)ctx;
	if (*p != '{')
		return jsonl_skip_value(p, end, depth);
	oa_work_add_aff(w);
	return scan_object(w, p, end, depth, &aff_keys, aff_member,
			   (void *)(uintptr_t)(w->naff - 1));
}

static const char *const auth_names[] = { "countries", "institutions", "affiliations" };
static const size_t auth_lens[] = { 9, 12, 12 };
static const struct keyset auth_keys = { auth_names, auth_lens, 2 };
static const struct keyset auth_keys_leiden = { auth_names, auth_lens, 3 };

static const char *auth_member(struct oa_work *w, int key, const char *p,
			       const char *end, unsigned depth, void *ctx)
{
	size_t a = (size_t)(uintptr_t)ctx;
	uint32_t first, n = 0;

	if (*p != '[')
		return jsonl_skip_value(p, end, depth);
	if (key == 0) {
		first = (uint32_t)w->nstrs;
		p = scan_array(w, p, end, depth, str_elem, &n);
		w->auth[a].has_countries = 1;
		w->auth[a].countries = first;
		w->auth[a].ncountries = n;
	} else if (key == 1) {
		first = (uint32_t)w->ninst;
		p = scan_array(w, p, end, depth, inst_elem, NULL);
		w->auth[a].has_institutions = 1;
		w->auth[a].insts = first;
		w->auth[a].ninsts = (uint32_t)(w->ninst - first);
	} else {
		first = (uint32_t)w->naff;
		p = scan_array(w, p, end, depth, aff_elem, NULL);
		w->auth[a].has_affiliations = 1;
		w->auth[a].affs = first;
		w->auth[a].naffs = (uint32_t)(w->naff - first);
	}
	return p;
}

static const char *auth_elem(struct oa_work *w, const char *p, const char *end,
			     unsigned depth, void *ctx)
{
	(void)ctx;
	if (*p != '{')
		return jsonl_skip_value(p, end, depth);
	oa_work_add_auth(w);
	return scan_object(w, p, end, depth,
			   (w->want & OA_WANT_LEIDEN) ? &auth_keys_leiden : &auth_keys,
			   auth_member, (void *)(uintptr_t)(w->nauth - 1));
}

/* A number as strtod reads it (p at '-' or a digit); NULL when cJSON would fail. */
static const char *read_number(const char *p, const char *end, double *out)
{
	const char *q = jsonl_skip_number(p, end);
	char small[64];
	struct buf num = BUF_INIT;

	if (!q)
		return NULL;
	if (q - p < 64) {
		memcpy(small, p, (size_t)(q - p));
		small[q - p] = '\0';
		*out = strtod(small, NULL);
	} else {
		buf_add(&num, p, (size_t)(q - p));
		*out = strtod(num.buf, NULL);
		buf_release(&num);
	}
	return q;
}

/* primary_location -> source -> id, type */
static const char *const src_names[] = { "id", "type" };
static const size_t src_lens[] = { 2, 4 };
static const struct keyset src_keys = { src_names, src_lens, 2 };

static const char *src_member(struct oa_work *w, int key, const char *p,
			      const char *end, unsigned depth, void *ctx)
{
	(void)ctx;
	if (*p != '"')
		return jsonl_skip_value(p, end, depth);
	if (key == 0) {
		w->has_source_id = 1;
		return read_string(w, p, end, &w->source_id);
	}
	w->has_source_type = 1;
	return read_string(w, p, end, &w->source_type);
}

static const char *const loc_names[] = { "source" };
static const size_t loc_lens[] = { 6 };
static const struct keyset loc_keys = { loc_names, loc_lens, 1 };

static const char *loc_member(struct oa_work *w, int key, const char *p,
			      const char *end, unsigned depth, void *ctx)
{
	(void)key;
	(void)ctx;
	if (*p != '{')
		return jsonl_skip_value(p, end, depth);
	return scan_object(w, p, end, depth, &src_keys, src_member, NULL);
}

static const char *const work_names[] = { "id", "publication_year", "authorships",
	"type", "language", "is_retracted", "referenced_works_count", "primary_location" };
static const size_t work_lens[] = { 2, 16, 11, 4, 8, 12, 22, 16 };
static const struct keyset work_keys = { work_names, work_lens, 3 };
static const struct keyset work_keys_leiden = { work_names, work_lens, 8 };

static const char *work_member(struct oa_work *w, int key, const char *p,
			       const char *end, unsigned depth, void *ctx)
{
	(void)ctx;
	switch (key) {
	case 0:
		if (*p != '"')
			break;
		w->has_id = 1;
		return read_string(w, p, end, &w->id);
	case 1:
		if (*p != '-' && !is_digit(*p))
			break;
		w->has_year = 1;
		return read_number(p, end, &w->year);
	case 2:
		if (*p != '[')
			break;
		w->has_authorships = 1;
		return scan_array(w, p, end, depth, auth_elem, NULL);
	case 3:
	case 4:
		if (*p != '"')
			break;
		if (key == 3) {
			w->has_type = 1;
			return read_string(w, p, end, &w->type);
		}
		w->has_language = 1;
		return read_string(w, p, end, &w->language);
	case 5:
		if (*p != 't' && *p != 'f')
			break;
		p = skip_literal(p, end);
		if (p) {
			w->has_retracted = 1;
			w->retracted = p[-1] == 'e' && p[-2] == 'u';	/* "true" */
		}
		return p;
	case 6:
		if (*p != '-' && !is_digit(*p))
			break;
		w->has_refs = 1;
		return read_number(p, end, &w->refs);
	case 7:
		if (*p != '{')
			break;
		return scan_object(w, p, end, depth, &loc_keys, loc_member, NULL);
	}
	return jsonl_skip_value(p, end, depth);
}

int jsonl_scan(struct oa_work *w, const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	int is_object;

	oa_work_clear(w);
	if (len >= 5 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	p = ws(p, end);
	if (p >= end)
		return -1;
	is_object = *p == '{';
	if (is_object)
		p = scan_object(w, p, end, 0,
				(w->want & OA_WANT_LEIDEN) ? &work_keys_leiden : &work_keys,
				work_member, NULL);
	else
		p = jsonl_skip_value(p, end, 0);
	if (!p)
		return -1;
	for (; p < end; p++)
		if ((unsigned char)*p > 32)
			return -1;
	if (!is_object)
		return -2;
	return 0;
}
