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

#define PARTIAL_MAGIC "intlkpi-works-partial\t1"

int works_output_parse(const char *name, enum works_output *out)
{
	static const char *const names[] = { "json", "csv", "csv-countries", "csv-partners" };

	for (int i = 0; i < 4; i++) {
		if (!strcmp(name, names[i])) {
			*out = (enum works_output)i;
			return 0;
		}
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

static int cmp_str_ix(const void *x, const void *y, const struct strtab *t)
{
	return strcmp(strtab_str(t, *(const uint32_t *)x), strtab_str(t, *(const uint32_t *)y));
}

static const struct strtab *sort_tab;

static int cmp_unknown(const void *x, const void *y)
{
	return cmp_str_ix(x, y, sort_tab);
}

/* Unknown country strings in sorted order (caller frees). */
static uint32_t *unknown_order(const struct works_agg *a)
{
	uint32_t *ix = xmalloc((a->unknown.n + 1) * sizeof(*ix));

	for (uint32_t i = 0; i < a->unknown.n; i++)
		ix[i] = i;
	sort_tab = &a->unknown;
	qsort(ix, a->unknown.n, sizeof(*ix), cmp_unknown);
	return ix;
}

static void json_year(const struct works_year *y, struct buf *o)
{
	buf_addf(o, "{\"year\":%d,\"works\":%llu,\"works_intl\":%llu,\"share_intl\":",
		 y->year, (unsigned long long)y->works, (unsigned long long)y->works_intl);
	jsonw_number(o, y->share_intl);
	buf_addf(o, ",\"works_collab\":%llu,\"p_collab\":", (unsigned long long)y->works_collab);
	jsonw_number(o, y->p_collab);
	buf_addf(o, ",\"irn\":{\"from\":%d,\"to\":%d,\"partners\":%llu,\"countries\":%llu,"
		 "\"index\":", y->irn_from, y->irn_to,
		 (unsigned long long)y->irn_partners, (unsigned long long)y->irn_countries);
	jsonw_number(o, y->irn);
	buf_addstr(o, "},\"partner_countries\":[");
	for (size_t i = 0; i < y->ncountries; i++)
		buf_addf(o, "%s{\"country\":\"%s\",\"works\":%llu}", i ? "," : "",
			 y->countries[i].country, (unsigned long long)y->countries[i].works);
	buf_addstr(o, "],\"partner_institutions\":[");
	for (size_t i = 0; i < y->npartners; i++) {
		buf_addstr(o, i ? ",{\"id\":" : "{\"id\":");
		jsonw_string(o, y->partners[i].key);
		buf_addf(o, ",\"country\":\"%s\",\"works\":%llu}", y->partners[i].country,
			 (unsigned long long)y->partners[i].works);
	}
	buf_addstr(o, "]}");
}

static void write_json(const struct works_agg *a, struct buf *o)
{
	uint32_t *ux = unknown_order(a);

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
	for (size_t s = 0; s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		works_agg_result(a, s, &r);
		buf_addstr(o, s ? ",\n{\"id\":" : "\n{\"id\":");
		jsonw_string(o, r.subject);
		buf_addstr(o, ",\"years\":[");
		for (size_t i = 0; i < r.nyears; i++) {
			buf_addstr(o, i ? ",\n" : "\n");
			json_year(&r.years[i], o);
		}
		buf_addstr(o, "]}");
		works_result_release(&r);
	}
	buf_addstr(o, "]}\n");
}

static void csv_num(struct buf *o, double v)
{
	if (!isnan(v))
		fmt_double(o, v);
}

static void write_csv(const struct works_agg *a, enum works_output fmt, struct buf *o)
{
	if (fmt == WORKS_OUT_CSV)
		buf_addstr(o, "institution,year,works,works_intl,share_intl,works_collab,"
			   "p_collab,irn_partners,irn_countries,irn\r\n");
	else if (fmt == WORKS_OUT_CSV_COUNTRIES)
		buf_addstr(o, "institution,year,country,works\r\n");
	else
		buf_addstr(o, "institution,year,partner,country,works\r\n");
	for (size_t s = 0; s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		works_agg_result(a, s, &r);
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
	}
}

void works_write(const struct works_agg *a, enum works_output fmt, struct buf *out)
{
	if (fmt == WORKS_OUT_JSON)
		write_json(a, out);
	else
		write_csv(a, fmt, out);
}

/* Partial strings escape backslash, tab and line breaks. */
static void esc(struct buf *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_addstr(o, "\\\\");
		else if (*s == '\t')
			buf_addstr(o, "\\t");
		else if (*s == '\n')
			buf_addstr(o, "\\n");
		else if (*s == '\r')
			buf_addstr(o, "\\r");
		else
			buf_addch(o, *s);
	}
}

static void unesc(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*d++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

void works_write_partial(const struct works_agg *a, struct buf *o)
{
	uint32_t *ux = unknown_order(a);

	buf_addf(o, "%s\noptions\t%d\t%d\t%s\t%d\t%s\n", PARTIAL_MAGIC, a->o.year_from,
		 a->o.year_to, a->o.home[0] ? a->o.home : "-", a->o.leiden ? 1 : 0,
		 a->all ? "all" : "list");
	buf_addf(o, "stats\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
		 (unsigned long long)a->st.lines, (unsigned long long)a->st.works,
		 (unsigned long long)a->st.blank, (unsigned long long)a->st.malformed,
		 (unsigned long long)a->st.too_long, (unsigned long long)a->no_year,
		 (unsigned long long)a->out_of_range);
	for (size_t i = 0; i < a->unknown.n; i++) {
		buf_addstr(o, "unknown\t");
		esc(o, strtab_str(&a->unknown, ux[i]));
		buf_addf(o, "\t%llu\n", (unsigned long long)a->unknown_n[ux[i]]);
	}
	free(ux);
	for (size_t s = 0; s < works_agg_nsubjects(a); s++) {
		struct works_result r;
		works_agg_result(a, s, &r);
		buf_addstr(o, "subject\t");
		esc(o, r.subject);
		buf_addch(o, '\n');
		for (size_t i = 0; i < r.nyears; i++) {
			const struct works_year *y = &r.years[i];
			buf_addf(o, "row\t%d\t%llu\t%llu\t%llu\n", y->year,
				 (unsigned long long)y->works, (unsigned long long)y->works_intl,
				 (unsigned long long)y->works_collab);
			for (size_t j = 0; j < y->ncountries; j++)
				buf_addf(o, "country\t%d\t%s\t%llu\n", y->year, y->countries[j].country,
					 (unsigned long long)y->countries[j].works);
			for (size_t j = 0; j < y->npartners; j++) {
				buf_addf(o, "partner\t%d\t", y->year);
				esc(o, y->partners[j].key);
				buf_addf(o, "\t%s\t%llu\n", y->partners[j].country,
					 (unsigned long long)y->partners[j].works);
			}
		}
		works_result_release(&r);
	}
	buf_addstr(o, "end\n");
}

/* Splits line into at most max tab-separated fields (in place). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static int num(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int year_ok(const char *s, int *y)
{
	uint64_t v;

	if (num(s, &v) || v > 9999)
		return -1;
	*y = (int)v;
	return 0;
}

int works_read_partial(struct works_agg *a, const char *data, size_t len,
		       const char *path, struct buf *err)
{
	char *copy = xstrndup(data, len), *p = copy, *f[10];
	long subject = -1;
	int lineno = 0, rc = -1, ended = 0;

	while (*p && !ended) {
		char *nl = strchr(p, '\n');
		size_t n;
		uint64_t v[7];
		int y;

		if (!nl)
			break;
		*nl = '\0';
		lineno++;
		if (lineno == 1) {
			if (strcmp(p, PARTIAL_MAGIC))
				goto bad;
			p = nl + 1;
			continue;
		}
		n = split(p, f, 10);
		if (!strcmp(f[0], "options") && n == 6) {
			long yf = strtol(f[1], NULL, 10), yt = strtol(f[2], NULL, 10);
			a->o.year_from = (int)yf;
			a->o.year_to = (int)yt;
			memcpy(a->o.home, strcmp(f[3], "-") ? f[3] : "", strcmp(f[3], "-") ? 3 : 1);
			a->o.home[2] = '\0';
			a->o.leiden = !strcmp(f[4], "1");
			if (strcmp(f[5], "all") && strcmp(f[5], "list"))
				goto bad;
		} else if (!strcmp(f[0], "stats") && n == 8) {
			for (int i = 0; i < 7; i++)
				if (num(f[i + 1], &v[i]))
					goto bad;
			a->st.lines += v[0];
			a->st.works += v[1];
			a->st.blank += v[2];
			a->st.malformed += v[3];
			a->st.too_long += v[4];
			a->no_year += v[5];
			a->out_of_range += v[6];
		} else if (!strcmp(f[0], "unknown") && n == 3) {
			if (num(f[2], &v[0]))
				goto bad;
			unesc(f[1]);
			works_agg_unknown(a, f[1], v[0]);
		} else if (!strcmp(f[0], "subject") && n == 2) {
			unesc(f[1]);
			if (!strcmp(f[1], "*"))
				subject = 0;
			else if (works_agg_add_subject(a, f[1]))
				goto bad;
			else
				subject = strtab_find(&a->subjects, f[1], strlen(f[1]));
		} else if (!strcmp(f[0], "row") && n == 5 && subject >= 0) {
			struct works_row r;
			if (year_ok(f[1], &y) || num(f[2], &r.works) || num(f[3], &r.intl) ||
			    num(f[4], &r.collab))
				goto bad;
			works_agg_row(a, (uint32_t)subject, y, &r);
		} else if (!strcmp(f[0], "country") && n == 4 && subject >= 0) {
			if (year_ok(f[1], &y) || strlen(f[2]) != 2 || f[2][0] < 'A' ||
			    f[2][0] > 'Z' || f[2][1] < 'A' || f[2][1] > 'Z' || num(f[3], &v[0]))
				goto bad;
			works_agg_country(a, (uint32_t)subject, y, f[2], v[0]);
		} else if (!strcmp(f[0], "partner") && n == 5 && subject >= 0) {
			if (year_ok(f[1], &y) || strlen(f[3]) != 2 || num(f[4], &v[0]))
				goto bad;
			unesc(f[2]);
			works_agg_pair(a, (uint32_t)subject, y, f[2], f[3], v[0]);
		} else if (!strcmp(f[0], "end") && n == 1) {
			ended = 1;
		} else {
			goto bad;
		}
		p = nl + 1;
	}
	if (!ended) {
		buf_setf(err, "'%s': truncated partial (no 'end' line)", path);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	buf_setf(err, "'%s':%d: not a line of an intlkpi works partial", path, lineno);
out:
	free(copy);
	return rc;
}
