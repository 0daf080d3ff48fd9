/* The work record's builder, and the helpers the readers share. */
#include "works/builder.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "lang/oaid.h"
#include "works/core.h"
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
	free(b->share);
	free(b->out_share);
	free(b->fin);
	free(b->auth_at);
	free(b->aff);
	free(b->affid);
	free(b->mine);
	wb_init(b);
}

void wb_reset(struct work_builder *b)
{
	buf_reset(&b->arena);
	buf_reset(&b->id);
	b->year = 0;
	b->line = 0;
	b->numbered = false;
	b->auth_no_inst = b->auth_no_country = 0;
	b->ncc = b->nin = b->nlin = b->nunk = 0;
	b->nauthors = 0;
	b->cwts = 0;
	b->source = 0;
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
	b->share = xgrow(b->share, &b->ashare, b->nin + 1, sizeof(*b->share));
	b->share[b->nin] = 0;
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

/* An institution entry with its share, sorted by name. */
struct fin {
	struct work_inst in;
	double share;
};

static int cmp_inst(const struct work_inst *x, const struct work_inst *y)
{
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	/* the entry with a country first, then the smallest country */
	if (!*x->country != !*y->country)
		return *x->country ? -1 : 1;
	return strcmp(x->country, y->country);
}

static int cmp_fin(const void *a, const void *b)
{
	return cmp_inst(&((const struct fin *)a)->in, &((const struct fin *)b)->in);
}

/* Sorts f by name: insertion sort for the usual few, qsort past that. */
static void sort_fin(struct fin *f, size_t n)
{
	if (n > 16) {
		qsort(f, n, sizeof(*f), cmp_fin);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct fin t = f[i];
		size_t j = i;
		while (j && cmp_inst(&f[j - 1].in, &t.in) > 0) {
			f[j] = f[j - 1];
			j--;
		}
		f[j] = t;
	}
}

const struct work *wb_finish(struct work_builder *b)
{
	struct work *w = &b->w;
	const char *A = b->arena.buf;
	size_t n = 0, np = 0;
	struct fin *f;

	memset(w, 0, sizeof(*w));
	w->id = b->id.buf;
	w->year = b->year;
	w->line = b->line;
	w->numbered = b->numbered;
	w->nauthors = b->nauthors;
	w->cwts = b->cwts;
	w->source = b->source;
	w->auth_no_inst = b->auth_no_inst;
	w->auth_no_country = b->auth_no_country;
	if (b->ncc > 1)
		qsort(b->cc, b->ncc, sizeof(*b->cc), cmp_cc);
	w->countries = (const char (*)[3])b->cc;
	w->ncountries = b->ncc;
	b->ptrs = xgrow(b->ptrs, &b->aptrs, b->nlin + b->nunk + 1, sizeof(*b->ptrs));
	for (size_t i = 0; i < b->nlin; i++)
		b->ptrs[np++] = A + b->lin[i];
	b->fin = xgrow(b->fin, &b->afin, b->nin + 1, sizeof(*f));
	f = b->fin;
	for (size_t i = 0; i < b->nin; i++) {
		struct work_inst *o = &f[i].in;
		o->name = A + b->in[i].name;
		o->ror = b->in[i].ror == SIZE_MAX ? NULL : A + b->in[i].ror;
		memcpy(o->country, b->in[i].country, 3);
		o->lineage = b->ptrs + b->in[i].lineage;
		o->nlineage = b->in[i].nlineage;
		f[i].share = b->share[i];
	}
	sort_fin(f, b->nin);
	b->out_in = xgrow(b->out_in, &b->aout_in, b->nin + 1, sizeof(*b->out_in));
	b->out_share = xgrow(b->out_share, &b->aout_share, b->nin + 1, sizeof(*b->out_share));
	/* one entry per name (the first in that order); shares add up */
	for (size_t i = 0; i < b->nin; i++) {
		if (!*f[i].in.name)
			continue;
		if (n && !strcmp(b->out_in[n - 1].name, f[i].in.name)) {
			b->out_share[n - 1] += f[i].share;
			continue;
		}
		b->out_in[n] = f[i].in;
		b->out_share[n++] = f[i].share;
	}
	w->inst = b->out_in;
	w->ninst = n;
	w->share = b->nauthors ? b->out_share : NULL;
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

/* country_code_valid, remembered per pair of capitals (the hot path asks
 * the same few codes for every work). */
static int cc_valid(struct work_builder *b, const struct country_table *ct, const char *s,
		    size_t len, char out[3])
{
	unsigned k;

	if (len != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
		return country_code_valid(ct, s, len, out);
	if (b->cc_table != ct || b->cc_leiden != ct->leiden) {
		memset(b->cc_known, 0, sizeof(b->cc_known));
		b->cc_table = ct;
		b->cc_leiden = ct->leiden;
	}
	k = (unsigned)(s[0] - 'A') * 26u + (unsigned)(s[1] - 'A');
	if (!b->cc_known[k]) {
		char c[3];
		b->cc_known[k] = country_code_valid(ct, s, len, c) ? 1 : -1;
		memcpy(b->cc_code[k], c, 2);
	}
	if (b->cc_known[k] < 0)
		return 0;
	memcpy(out, b->cc_code[k], 2);
	out[2] = '\0';
	return 1;
}

/* A country code from OpenAlex into the builder, or an unknown string. */
static void oa_country(struct work_builder *b, const struct country_table *ct,
		       const char *s, size_t len)
{
	char cc[3];

	if (!len)
		return;
	if (cc_valid(b, ct, s, len, cc))
		wb_country(b, cc);
	else
		wb_unknown(b, s, len);
}

/* Trims ASCII white space (CWTS trims raw affiliation strings). */
static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || (**s >= '\t' && **s <= '\r'))) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || ((*s)[*len - 1] >= '\t' && (*s)[*len - 1] <= '\r')))
		(*len)--;
}

static bool str_is(const struct oa_work *ow, bool has, struct oa_str s, const char *lit)
{
	size_t n = strlen(lit);

	return has && s.len == n && !memcmp(oa_str_ptr(ow, s), lit, n);
}

/* The wb_inst of name s/len, or SIZE_MAX. */
static size_t inst_named(const struct work_builder *b, const char *s, size_t len)
{
	for (size_t i = 0; i < b->nin; i++) {
		const char *n = b->arena.buf + b->in[i].name;
		if (!strncmp(n, s, len) && n[len] == '\0')
			return i;
	}
	return SIZE_MAX;
}

/* The work-level affiliation of a raw string (added when new). */
static size_t aff_of(struct work_builder *b, size_t *naff, const char *raw, size_t len)
{
	for (size_t i = 0; i < *naff; i++)
		if (b->aff[i].len == len && !memcmp(b->aff[i].raw, raw, len))
			return i;
	b->aff = xgrow(b->aff, &b->aaff, *naff + 1, sizeof(*b->aff));
	b->aff[*naff].raw = raw;
	b->aff[*naff].len = len;
	return (*naff)++;
}

/* An institution id of affiliation k (once per affiliation across authorships). */
static void aff_id(struct work_builder *b, size_t *nid, size_t k, const char *s, size_t len)
{
	oaid_strip(&s, &len);
	if (!len)
		return;
	for (size_t i = 0; i < *nid; i++)
		if (b->affid[i].aff == k && b->affid[i].len == len && !memcmp(b->affid[i].id, s, len))
			return;
	b->affid = xgrow(b->affid, &b->aaffid, *nid + 1, sizeof(*b->affid));
	b->affid[*nid].aff = k;
	b->affid[*nid].id = s;
	b->affid[*nid].len = len;
	b->affid[*nid].inst = inst_named(b, s, len);
	(*nid)++;
}

/*
 * Each institution's share of the work by author, as CWTS counts
 * fractionally: 1 / (authorships) per authorship, split equally over its
 * distinct affiliations (non-empty raw strings; the institution ids of an
 * affiliation are those given to that string anywhere in the work), each
 * affiliation's part split equally over its institutions; an authorship
 * without an "affiliations" array splits over its institutions. Parts for
 * an affiliation without institutions, or an institution not among the
 * work's, belong to no one. Then the criteria of CWTS's publication sets.
 */
static void leiden_fields(struct work_builder *b, const struct oa_work *ow)
{
	size_t naff = 0, nid = 0;
	bool any_key = false, core_type, all_type;
	double n = (double)ow->nauth;

	b->nauthors = (uint32_t)ow->nauth;
	for (size_t a = 0; a < ow->nauth; a++) {
		const struct oa_auth *au = &ow->auth[a];
		any_key |= au->has_affiliations;
		for (uint32_t i = 0; au->has_affiliations && i < au->naffs; i++) {
			const struct oa_aff *af = &ow->aff[au->affs + i];
			const char *raw = oa_str_ptr(ow, af->raw);
			size_t len = af->raw.len, k;
			trim(&raw, &len);
			if (!af->has_raw || !len)
				continue;
			k = aff_of(b, &naff, raw, len);
			for (uint32_t j = 0; af->has_ids && j < af->nids; j++) {
				struct oa_str s = ow->strs[af->ids + j];
				aff_id(b, &nid, k, oa_str_ptr(ow, s), s.len);
			}
		}
	}
	for (size_t a = 0; a < ow->nauth; a++) {
		const struct oa_auth *au = &ow->auth[a];
		size_t nmine = 0;
		if (!au->has_affiliations) {
			/* distinct institutions of the authorship */
			for (size_t i = b->auth_at[a]; i < b->auth_at[a + 1]; i++) {
				const char *name = b->arena.buf + b->in[i].name;
				bool dup = false;
				for (size_t j = b->auth_at[a]; j < i && !dup; j++)
					dup = !strcmp(b->arena.buf + b->in[j].name, name);
				if (dup)
					continue;
				b->mine = xgrow(b->mine, &b->amine, nmine + 1, sizeof(*b->mine));
				b->mine[nmine++] = i;
			}
			for (size_t i = 0; i < nmine; i++)
				b->share[b->mine[i]] += 1 / (n * (double)nmine);
			continue;
		}
		for (uint32_t i = 0; i < au->naffs; i++) {
			const struct oa_aff *af = &ow->aff[au->affs + i];
			const char *raw = oa_str_ptr(ow, af->raw);
			size_t len = af->raw.len, k;
			bool dup = false;
			trim(&raw, &len);
			if (!af->has_raw || !len)
				continue;
			k = aff_of(b, &naff, raw, len);
			for (size_t j = 0; j < nmine && !dup; j++)
				dup = b->mine[j] == k;
			if (!dup) {
				b->mine = xgrow(b->mine, &b->amine, nmine + 1, sizeof(*b->mine));
				b->mine[nmine++] = k;
			}
		}
		for (size_t i = 0; i < nmine; i++) {
			size_t ids = 0;
			for (size_t j = 0; j < nid; j++)
				ids += b->affid[j].aff == b->mine[i];
			for (size_t j = 0; j < nid; j++)
				if (b->affid[j].aff == b->mine[i] && b->affid[j].inst != SIZE_MAX)
					b->share[b->affid[j].inst] +=
						1 / (n * (double)nmine * (double)ids);
		}
	}
	/* the criteria (CWTS-OpenAlex-databases: indicators pub, core work) */
	if (ow->has_source_id)
		b->source = works_core_source_num(oa_str_ptr(ow, ow->source_id), ow->source_id.len);
	{
		bool art = str_is(ow, ow->has_type, ow->type, "article") ||
			   str_is(ow, ow->has_type, ow->type, "review");
		bool chap = art || str_is(ow, ow->has_type, ow->type, "book-chapter");
		bool journal = str_is(ow, ow->has_source_type, ow->source_type, "journal");
		bool series = str_is(ow, ow->has_source_type, ow->source_type, "book series");
		bool proc = str_is(ow, ow->has_source_type, ow->source_type, "conference") ||
			    str_is(ow, ow->has_source_type, ow->source_type, "ebook platform");
		bool affiliated = any_key ? naff > 0 : b->nin > 0;
		bool meta = b->source && ow->nauth > 0 && affiliated && ow->has_refs &&
			    ow->refs > 0;
		bool retracted = ow->has_retracted && ow->retracted;
		core_type = (art && journal) || (chap && series);
		all_type = core_type || (chap && proc);
		b->cwts = WORK_CWTS_KNOWN;
		if (!retracted && meta && all_type) {
			b->cwts |= WORK_CWTS_ALL;
			if (core_type && str_is(ow, ow->has_language, ow->language, "en"))
				b->cwts |= WORK_CWTS_CORE;
		}
	}
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
	b->auth_at = xgrow(b->auth_at, &b->aauth_at, ow->nauth + 1, sizeof(*b->auth_at));
	for (size_t a = 0; a < ow->nauth; a++) {
		const struct oa_auth *au = &ow->auth[a];
		b->auth_at[a] = b->nin;
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
			    !cc_valid(b, ct, oa_str_ptr(ow, in->country), in->country.len, cc))
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
	b->auth_at[ow->nauth] = b->nin;
	if (ow->want & OA_WANT_LEIDEN)
		leiden_fields(b, ow);
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

