/* The aggregate's outputs (JSON, CSV) and its partial format. */
#include "works/works.h"
#include "util/csv.h"
#include "util/jsonw.h"
#include "util/xalloc.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static int works_output_parse(const char *name, enum works_output *out)
{
	static const char *const names[] = { "json", "csv", "csv-countries", "csv-partners",
		"leiden", "leiden-json" };

	for (int i = 0; i < 6; i++) {
		if (!strcmp(name, names[i])) {
			*out = (enum works_output)i;
			return 0;
		}
	}
	return -1;
}

int works_output_option(const char *name, const char *arg, enum works_output *fmt,
			struct works_agg *a, struct buf *err)
{
	char *end;
	long n;

	if (!strcmp(name, "format")) {
		if (!works_output_parse(arg, fmt))
			return 0;
		buf_setf(err, "--format takes json, csv, csv-countries, csv-partners, leiden "
			 "or leiden-json, not '%s'", arg);
	} else if (!strcmp(name, "window")) {
		errno = 0;
		n = strtol(arg, &end, 10);
		if (!errno && !*end && n >= 1 && n <= 100) {
			a->window = (int)n;
			return 0;
		}
		buf_setf(err, "--window takes a number of years from 1 to 100, not '%s'", arg);
	} else if (!strcmp(name, "counting")) {
		if (!strcmp(arg, "full") || !strcmp(arg, "fractional")) {
			a->fractional = !strcmp(arg, "fractional");
			return 0;
		}
		buf_setf(err, "--counting takes full or fractional, not '%s'", arg);
	} else {
		buf_setf(err, "no output option '%s'", name);
	}
	return -1;
}

static void json_stats(const struct works_agg *a, struct buf *o)
{
	buf_addf(o, "\"input\":{\"lines\":%llu,\"works\":%llu,\"blank\":%llu,"
		 "\"malformed\":%llu,\"too_long\":%llu,\"no_year\":%llu,"
		 "\"out_of_range\":%llu},\n",
		 (unsigned long long)a->st.lines, (unsigned long long)a->st.works,
		 (unsigned long long)a->st.blank, (unsigned long long)a->st.malformed,
		 (unsigned long long)a->st.too_long, (unsigned long long)a->no_year,
		 (unsigned long long)a->out_of_range);
}

struct str_ix {
	const char *s;
	uint32_t i;
};

static int cmp_str_ix(const void *x, const void *y)
{
	return strcmp(((const struct str_ix *)x)->s, ((const struct str_ix *)y)->s);
}

/* Unknown country strings in sorted order (caller frees). */
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

/* A number in decimal, without printf (the outputs are mostly numbers). */
static void add_u64(struct buf *o, uint64_t v)
{
	char t[20];
	size_t n = sizeof(t);

	do {
		t[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(o, t + n, sizeof(t) - n);
}

static void add_int(struct buf *o, int v)
{
	if (v < 0) {
		buf_addch(o, '-');
		add_u64(o, (uint64_t)-(int64_t)v);
	} else {
		add_u64(o, (uint64_t)v);
	}
}

static void json_year(const struct works_year *y, struct buf *o)
{
	buf_addstr(o, "{\"year\":");
	add_int(o, y->year);
	buf_addstr(o, ",\"works\":");
	add_u64(o, y->works);
	buf_addstr(o, ",\"works_intl\":");
	add_u64(o, y->works_intl);
	buf_addstr(o, ",\"share_intl\":");
	jsonw_number(o, y->share_intl);
	buf_addstr(o, ",\"works_collab\":");
	add_u64(o, y->works_collab);
	buf_addstr(o, ",\"p_collab\":");
	jsonw_number(o, y->p_collab);
	buf_addstr(o, ",\"irn\":{\"from\":");
	add_int(o, y->irn_from);
	buf_addstr(o, ",\"to\":");
	add_int(o, y->irn_to);
	buf_addstr(o, ",\"partners\":");
	add_u64(o, y->irn_partners);
	buf_addstr(o, ",\"countries\":");
	add_u64(o, y->irn_countries);
	buf_addstr(o, ",\"index\":");
	jsonw_number(o, y->irn);
	buf_addstr(o, "},\"partner_countries\":[");
	for (size_t i = 0; i < y->ncountries; i++) {
		buf_addstr(o, i ? ",{\"country\":\"" : "{\"country\":\"");
		buf_addstr(o, y->countries[i].country);
		buf_addstr(o, "\",\"works\":");
		add_u64(o, y->countries[i].works);
		buf_addch(o, '}');
	}
	buf_addstr(o, "],\"partner_institutions\":[");
	for (size_t i = 0; i < y->npartners; i++) {
		buf_addstr(o, i ? ",{\"id\":" : "{\"id\":");
		jsonw_string(o, y->partners[i].key);
		buf_addstr(o, ",\"country\":\"");
		buf_addstr(o, y->partners[i].country);
		buf_addstr(o, "\",\"works\":");
		add_u64(o, y->partners[i].works);
		buf_addch(o, '}');
	}
	buf_addstr(o, "]}");
}

/* Where an output goes: all into o, or handed to fn in pieces. */
struct sink {
	struct buf *o;
	works_flush_fn fn;
	void *arg;
	int failed;
};

#define FLUSH_AT ((size_t)1 << 20)

/* Hands o over to fn once it holds FLUSH_AT bytes (or at the end). */
static void flush(struct sink *k, bool end)
{
	if (!k->fn || k->failed || (!end && k->o->len < FLUSH_AT))
		return;
	if (k->o->len && k->fn(k->arg, k->o->buf, k->o->len))
		k->failed = 1;
	buf_reset(k->o);
}

static void write_json(const struct works_agg *a, struct sink *k)
{
	struct buf *o = k->o;
	uint32_t *ux = works_unknown_order(a);
	struct works_index ix;

	buf_addstr(o, "{\"schema\":\"intlkpi.works/1\",\n\"years\":");
	if (a->o.year_from || a->o.year_to)
		buf_addf(o, "{\"from\":%d,\"to\":%d}", a->o.year_from, a->o.year_to);
	else
		buf_addstr(o, "null");
	buf_addstr(o, ",\n\"hong_kong_macao_as_china\":");
	jsonw_bool(o, a->o.leiden);
	buf_addstr(o, ",\n");
	json_stats(a, o);
	buf_addstr(o, "\"unknown_countries\":[");
	for (size_t i = 0; i < a->unknown.n; i++) {
		buf_addstr(o, i ? ",{\"value\":" : "{\"value\":");
		jsonw_string(o, strtab_str(&a->unknown, ux[i]));
		buf_addf(o, ",\"works\":%llu}", (unsigned long long)a->unknown_n[ux[i]]);
	}
	free(ux);
	buf_addstr(o, "],\n\"institutions\":[");
	works_index_build(&ix, a);
	for (size_t s = 0; s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		works_index_result(&ix, s, &r);
		buf_addstr(o, s ? ",\n{\"id\":" : "\n{\"id\":");
		jsonw_string(o, r.subject);
		buf_addstr(o, ",\"years\":[");
		for (size_t i = 0; i < r.nyears; i++) {
			buf_addstr(o, i ? ",\n" : "\n");
			json_year(&r.years[i], o);
		}
		buf_addstr(o, "]}");
		works_result_release(&r);
		flush(k, false);
	}
	works_index_release(&ix);
	buf_addstr(o, "]}\n");
}

static void csv_num(struct buf *o, double v)
{
	if (!isnan(v))
		fmt_double(o, v);
}

static void write_csv(const struct works_agg *a, enum works_output fmt, struct sink *k)
{
	struct buf *o = k->o;
	struct works_index ix;

	if (fmt == WORKS_OUT_CSV)
		buf_addstr(o, "institution,year,works,works_intl,share_intl,works_collab,"
			   "p_collab,irn_partners,irn_countries,irn\r\n");
	else if (fmt == WORKS_OUT_CSV_COUNTRIES)
		buf_addstr(o, "institution,year,country,works\r\n");
	else
		buf_addstr(o, "institution,year,partner,country,works\r\n");
	works_index_build(&ix, a);
	for (size_t s = 0; s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		works_index_result(&ix, s, &r);
		for (size_t i = 0; i < r.nyears; i++) {
			const struct works_year *y = &r.years[i];
			if (fmt == WORKS_OUT_CSV) {
				csv_cell(o, r.subject);
				buf_addf(o, ",%d,%llu,%llu,", y->year, (unsigned long long)y->works,
					 (unsigned long long)y->works_intl);
				csv_num(o, y->share_intl);
				buf_addf(o, ",%llu,", (unsigned long long)y->works_collab);
				csv_num(o, y->p_collab);
				buf_addf(o, ",%llu,%llu,", (unsigned long long)y->irn_partners,
					 (unsigned long long)y->irn_countries);
				csv_num(o, y->irn);
				buf_addstr(o, "\r\n");
			}
			for (size_t j = 0; fmt == WORKS_OUT_CSV_COUNTRIES && j < y->ncountries; j++) {
				csv_cell(o, r.subject);
				buf_addf(o, ",%d,%s,%llu\r\n", y->year, y->countries[j].country,
					 (unsigned long long)y->countries[j].works);
			}
			for (size_t j = 0; fmt == WORKS_OUT_CSV_PARTNERS && j < y->npartners; j++) {
				csv_cell(o, r.subject);
				buf_addf(o, ",%d,", y->year);
				csv_cell(o, y->partners[j].key);
				buf_addf(o, ",%s,%llu\r\n", y->partners[j].country,
					 (unsigned long long)y->partners[j].works);
			}
		}
		works_result_release(&r);
		flush(k, false);
	}
	works_index_release(&ix);
}


/* The windows of the Leiden outputs: every run of `window` years inside the
 * --years range (else the years seen); one window when the range is shorter. */
static void windows(const struct works_agg *a, int *first, int *last, int *len)
{
	int lo = a->o.year_from, hi = a->o.year_to;

	*len = a->window > 0 ? a->window : WORKS_LEIDEN_WINDOW;
	if (!lo || !hi) {
		int smin = 0, smax = 0;
		for (size_t i = 0; i < a->rowix.cap; i++) {
			uint64_t k = a->rowix.keys[i];
			int y = (int)(k & 0x3fff);
			if (k == UINT64_MAX)
				continue;
			if (!smin || y < smin)
				smin = y;
			if (y > smax)
				smax = y;
		}
		if (!lo)
			lo = smin;
		if (!hi)
			hi = smax;
	}
	*first = lo;
	*last = hi - *len + 1 >= lo ? hi - *len + 1 : lo;
	if (hi - lo + 1 < *len)
		*len = hi - lo + 1;
}

static void csv_pp(struct buf *o, const struct works_pp *x, bool with_k)
{
	if (with_k) {
		buf_addch(o, ',');
		if (!isnan(x->pp))
			buf_addf(o, "%llu", (unsigned long long)x->k);
	}
	buf_addch(o, ',');
	csv_num(o, x->pp);
	buf_addch(o, ',');
	csv_num(o, x->lo);
	buf_addch(o, ',');
	csv_num(o, x->hi);
}

static void json_pp(struct buf *o, const char *name, const struct works_pp *x)
{
	buf_addf(o, ",\"%s\":", name);
	if (isnan(x->pp)) {
		buf_addstr(o, "null");
		return;
	}
	buf_addf(o, "{\"n\":%llu,\"p\":%llu,\"pp\":", (unsigned long long)x->n,
		 (unsigned long long)x->k);
	jsonw_number(o, x->pp);
	buf_addstr(o, ",\"interval\":[");
	jsonw_number(o, x->lo);
	buf_addch(o, ',');
	jsonw_number(o, x->hi);
	buf_addstr(o, "]}");
}

static void leiden_row(struct buf *o, const struct works_result *r, const char *ror,
		       const struct works_leiden *l, bool json, bool fractional, bool first)
{
	if (json) {
		buf_addstr(o, first ? "\n{\"institution\":" : ",\n{\"institution\":");
		jsonw_string(o, r->subject);
		buf_addstr(o, ",\"ror\":");
		if (ror)
			jsonw_string(o, ror);
		else
			buf_addstr(o, "null");
		buf_addf(o, ",\"from\":%d,\"to\":%d,\"p\":", l->from, l->to);
		if (fractional)
			jsonw_number(o, l->p_frac);
		else
			buf_addf(o, "%llu", (unsigned long long)l->p);
		json_pp(o, "collab", &l->collab);
		json_pp(o, "int_collab", &l->intl);
		json_pp(o, "industry", &l->industry);
		buf_addstr(o, ",\"located\":");
		if (l->has_records)
			buf_addf(o, "%llu", (unsigned long long)l->near.n);
		else
			buf_addstr(o, "null");
		json_pp(o, "lt_100km", &l->near);
		json_pp(o, "gt_5000km", &l->far);
		buf_addch(o, '}');
		return;
	}
	csv_cell(o, r->subject);
	buf_addch(o, ',');
	if (ror)
		csv_cell(o, ror);
	buf_addf(o, ",%d,%d,%s,", l->from, l->to, fractional ? "fractional" : "full");
	if (fractional)
		csv_num(o, l->p_frac);
	else
		buf_addf(o, "%llu", (unsigned long long)l->p);
	csv_pp(o, &l->collab, true);
	csv_pp(o, &l->intl, true);
	csv_pp(o, &l->industry, true);
	buf_addch(o, ',');
	if (l->has_records)
		buf_addf(o, "%llu", (unsigned long long)l->near.n);
	csv_pp(o, &l->near, true);
	csv_pp(o, &l->far, true);
	buf_addstr(o, "\r\n");
}

/* One row per subject and window with works in it. */
static void works_write_leiden(const struct works_agg *a, bool json, struct sink *k)
{
	struct buf *o = k->o;
	struct works_index ix;
	struct works_boot boot;
	int first, last, len;
	bool any = false;

	works_boot_init(&boot);
	windows(a, &first, &last, &len);
	if (json) {
		buf_addf(o, "{\"schema\":\"intlkpi.leiden/1\",\n\"counting\":\"%s\",\"window\":",
			 a->fractional ? "fractional" : "full");
		buf_addf(o, "%d,\"bootstrap\":{\"resamples\":%d,\"seed\":42,\"level\":0.95},"
			 "\n\"institution_records\":", len, WORKS_BOOTSTRAP);
		jsonw_bool(o, a->has_rec);
		buf_addstr(o, ",\n\"rows\":[");
	} else {
		buf_addstr(o, "institution,ror,from,to,counting,p,"
			   "p_collab,pp_collab,pp_collab_lo,pp_collab_hi,"
			   "p_int_collab,pp_int_collab,pp_int_collab_lo,pp_int_collab_hi,"
			   "p_industry,pp_industry,pp_industry_lo,pp_industry_hi,"
			   "p_located,p_lt_100km,pp_lt_100km,pp_lt_100km_lo,pp_lt_100km_hi,"
			   "p_gt_5000km,pp_gt_5000km,pp_gt_5000km_lo,pp_gt_5000km_hi\r\n");
	}
	works_index_build(&ix, a);
	for (size_t s = 0; first && s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		const char *ror = works_index_ror(&ix, s);
		works_index_result(&ix, s, &r);
		/* only the windows that hold one of the subject's years, each once */
		int next = first;
		for (size_t y = 0; y < r.nyears; y++) {
			int from = r.years[y].year - len + 1, to = r.years[y].year;
			if (from < next)
				from = next;
			if (to > last)
				to = last;
			for (; from <= to; from++) {
				struct works_leiden l;
				works_leiden(&r, from, from + len - 1, a->has_rec, &boot, &l);
				next = from + 1;
				if (!l.p)
					continue;
				leiden_row(o, &r, ror, &l, json, a->fractional, !any);
				any = true;
			}
		}
		works_result_release(&r);
		flush(k, false);
	}
	works_index_release(&ix);
	if (json)
		buf_addstr(o, "]}\n");
}

int works_write_to(const struct works_agg *a, enum works_output fmt, struct buf *out,
		   works_flush_fn fn, void *arg)
{
	struct sink k = { out, fn, arg, 0 };

	if (fmt == WORKS_OUT_JSON)
		write_json(a, &k);
	else if (fmt == WORKS_OUT_LEIDEN || fmt == WORKS_OUT_LEIDEN_JSON)
		works_write_leiden(a, fmt == WORKS_OUT_LEIDEN_JSON, &k);
	else
		write_csv(a, fmt, &k);
	flush(&k, true);
	return k.failed ? -1 : 0;
}

void works_write(const struct works_agg *a, enum works_output fmt, struct buf *out)
{
	works_write_to(a, fmt, out, NULL, NULL);
}

