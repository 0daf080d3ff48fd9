/* The work record's builder, and the helpers the readers share. */
#include "works/builder.h"
#include "util/csv.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "lang/oaid.h"
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
	b->auth_no_inst = b->auth_no_country = 0;
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

static void wb_lineage(struct work_builder *b, size_t inst, const char *id, size_t len)
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
	w->auth_no_inst = b->auth_no_inst;
	w->auth_no_country = b->auth_no_country;
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
	/* each unknown string once per work: counts are of works, not addresses */
	n = 0;
	for (size_t i = 0; i < b->nunk; i++) {
		size_t k = 0;
		while (k < n && strcmp(b->ptrs[np + k], A + b->unk[i]))
			k++;
		if (k == n)
			b->ptrs[np + n++] = A + b->unk[i];
	}
	w->unknown = b->ptrs + np;
	w->nunknown = n;
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
		bool has_inst = false, has_country = au->ncountries > 0;
		for (uint32_t i = 0; i < au->ninsts; i++) {
			const struct oa_inst *in = &ow->inst[au->insts + i];
			has_inst |= in->has_id && in->id.len;
			has_country |= in->has_country && in->country.len;
		}
		b->auth_no_inst += !has_inst;
		b->auth_no_country += !has_country;
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

static int letter(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/*
 * Whether a keyword starts a word of s (case-insensitive): "univ" in
 * "University", never inside a word ("inc" is not in "Princeton"). A
 * keyword ending in '$' must also end the word ("inc" is not "Income").
 */
static int has_word(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	int whole = n && w[n - 1] == '$';

	n -= (size_t)whole;
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		if (i && letter(s[i - 1]))
			continue;
		while (k < n && (s[i + k] | 0x20) == w[k])
			k++;
		if (k == n && (!whole || i + n == len || !letter(s[i + n])))
			return 1;
	}
	return 0;
}

/*
 * The institution of an address: with first_part (Web of Science, which
 * puts it first) the first ", " part; otherwise (Scopus, which starts with
 * departments) the first part naming a university, else the first naming
 * an institute, academy, hospital, college, centre, school, ..., else the
 * first part. The country (last part) is never chosen unless alone.
 */
static void work_affiliation_institution(const char *addr, size_t len, int first_part,
				  const char **name, size_t *name_len)
{
	static const char *const rank1[] = { "univ" };
	static const char *const rank2[] = { "institut", "inst ", "academ", "acad ",
		"hospital", "hosp ", "college", "coll ", "centre", "center", "ctr ",
		"school", "laborator", "lab ", "clinic", "foundation", "ministry",
		"council", "agency", "company", "corporation", "ltd$", "inc$" };
	const char *parts[64];
	size_t lens[64], n = 0;
	const char *p = addr, *e = addr + len;

	while (p < e && n < 64) {
		const char *c = p;
		while (c < e && *c != ',')
			c++;
		while (p < c && *p == ' ')
			p++;
		parts[n] = p;
		lens[n] = (size_t)(c - p);
		while (lens[n] && (p[lens[n] - 1] == ' ' || p[lens[n] - 1] == '.'))
			lens[n]--;
		n++;
		p = c < e ? c + 1 : e;
	}
	*name = addr;
	*name_len = 0;
	if (!n)
		return;
	*name = parts[0];
	*name_len = lens[0];
	if (first_part || n == 1)
		return;
	for (int r = 0; r < 2; r++) {
		const char *const *words = r ? rank2 : rank1;
		size_t nw = r ? sizeof(rank2) / sizeof(rank2[0]) : 1;
		for (size_t i = 0; i + 1 < n; i++) {
			for (size_t k = 0; k < nw; k++) {
				if (has_word(parts[i], lens[i], words[k])) {
					*name = parts[i];
					*name_len = lens[i];
					return;
				}
			}
		}
	}
}

void work_add_address(struct work_builder *b, const struct country_table *ct,
		      const char *addr, size_t len, int first_part)
{
	char cc[3] = "";
	const char *tail, *name;
	size_t tail_len, name_len;

	while (len && (addr[0] == ' ' || addr[0] == '\t')) {
		addr++;
		len--;
	}
	if (!len)
		return;
	if (country_from_address(ct, addr, len, cc, &tail, &tail_len))
		wb_country(b, cc);
	else if (tail_len)
		wb_unknown(b, tail, tail_len);
	work_affiliation_institution(addr, len, first_part, &name, &name_len);
	if (name_len)
		wb_inst(b, name, name_len, NULL, 0, cc);
}

int work_csv_column(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const char *f = c->fields[i];
		while (*f == ' ')
			f++;
		if (!strcmp(f, name))
			return (int)i;
	}
	return -1;
}

