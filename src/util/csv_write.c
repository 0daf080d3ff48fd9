/* Writing CSV (util/csv.h): cells, rows and the two dialects. */
#include "util/csv.h"
#include "util/utf8.h"
#include "util/jsonw.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

/* Whether text starts like a formula: a leading = + - @ tab or CR. */
static bool csv_formula_like(const char *s)
{
	return s && *s && strchr("=+-@\t\r", *s);
}

void csv_cell(struct buf *o, const char *s)
{
	struct buf clean = BUF_INIT;
	/*
	 * A spreadsheet runs a cell that starts like a formula, and English
	 * Excel opens comma files directly: text from the web or a config
	 * stays text (OWASP's CSV injection advice: a leading quote).
	 */
	const char *lead = csv_formula_like(s) ? "'" : "";

	if (!s)
		return;
	/* bytes that are not UTF-8 become U+FFFD, as in every JSON output */
	if (utf8_sanitize(s, &clean))
		s = clean.buf;
	if (!s[strcspn(s, ",;\"\r\n")]) {
		buf_addstr(o, lead);
		buf_addstr(o, s);
	} else {
		buf_addch(o, '"');
		buf_addstr(o, lead);
		for (; *s; s++) {
			if (*s == '"')
				buf_addch(o, '"');
			buf_addch(o, *s);
		}
		buf_addch(o, '"');
	}
	buf_release(&clean);
}

void csvw_init(struct csv_writer *w, struct buf *out, enum csv_dialect d)
{
	w->out = out;
	w->dialect = d;
	w->col = 0;
	if (d == CSV_EXCEL)
		buf_addstr(out, "\xef\xbb\xbf");
}

static void sep(struct csv_writer *w)
{
	if (w->col++)
		buf_addch(w->out, w->dialect == CSV_EXCEL ? ';' : ',');
}

void csvw_text(struct csv_writer *w, const char *s)
{
	sep(w);
	csv_cell(w->out, s);
}

void csvw_num(struct csv_writer *w, double v)
{
	size_t at;
	sep(w);
	if (!isfinite(v))
		return;
	at = w->out->len;
	fmt_double(w->out, v);
	if (w->dialect == CSV_EXCEL) {
		char *dot = strchr(w->out->buf + at, '.');
		if (dot)
			*dot = ',';
	}
}

void csvw_int(struct csv_writer *w, long long v)
{
	sep(w);
	buf_addf(w->out, "%lld", v);
}

void csvw_bool(struct csv_writer *w, bool v)
{
	sep(w);
	buf_addstr(w->out, v ? "true" : "false");
}

void csvw_header(struct csv_writer *w, const char *names)
{
	const char *p = names;
	while (*p) {
		size_t n = strcspn(p, ",");
		sep(w);
		buf_add(w->out, p, n);
		p += n + (p[n] == ',');
	}
	csvw_end_row(w);
}

void csvw_end_row(struct csv_writer *w)
{
	buf_addstr(w->out, "\r\n");
	w->col = 0;
}
