/*
 * A sheet of an .xlsx workbook as rows of text (xlsx.h): libzip opens the
 * container from memory, expat reads each XML part as it is inflated.
 */
#include "util/xlsx.h"
#include "util/err.h"
#include "util/xalloc.h"
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "util/banned.h"

#define XLSX_MAX_COLS 16384	/* XFD, Excel's last column */
#define XLSX_MAX_ROW 1048576

/* What every part's reader shares: the parser, the error, the text being collected. */
struct xctx {
	XML_Parser p;
	struct buf *err;
	const char *part;
	int failed;
	int collect;		/* character data goes into text */
	struct buf text;
};

__attribute__((format(printf, 2, 3)))
static void xfail(struct xctx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->failed)
		return;
	x->failed = 1;
	buf_setf(x->err, "part '%s' line %lu: ", x->part,
		 (unsigned long)XML_GetCurrentLineNumber(x->p));
	va_start(ap, fmt);
	buf_vaddf(x->err, fmt, ap);
	va_end(ap);
	XML_StopParser(x->p, XML_FALSE);
}

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (; *atts; atts += 2)
		if (!strcmp(local(atts[0]), name))
			return atts[1];
	return NULL;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	struct xctx *x = XML_GetUserData((XML_Parser)ud);
	if (x->collect)
		buf_add(&x->text, s, (size_t)len);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
		       const XML_Char *pub, int internal)
{
	(void)name;
	(void)sys;
	(void)pub;
	(void)internal;
	xfail(XML_GetUserData((XML_Parser)ud), "a DOCTYPE, which no workbook part has");
}

/*
 * Parses the part of z named part with the handlers (their first argument
 * the parser; XML_GetUserData gives x). Returns 0, 1 when the part is
 * absent and not required, or ERR_DATA with x->err set.
 */
static int parse_part(zip_t *z, const char *part, int required, size_t max,
		      struct xctx *x, XML_StartElementHandler start,
		      XML_EndElementHandler end)
{
	zip_int64_t idx = zip_name_locate(z, part, 0);
	zip_file_t *f;
	char chunk[1 << 16];
	size_t total = 0;
	int rc = 0;

	if (idx < 0) {
		if (!required)
			return 1;
		buf_setf(x->err, "not an xlsx workbook: it has no part '%s'", part);
		return ERR_DATA;
	}
	f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (!f) {
		buf_setf(x->err, "cannot read part '%s' of the workbook: %s", part, zip_strerror(z));
		return ERR_DATA;
	}
	x->p = XML_ParserCreate(NULL);
	x->part = part;
	x->failed = 0;
	x->collect = 0;
	buf_reset(&x->text);
	XML_SetUserData(x->p, x);
	XML_UseParserAsHandlerArg(x->p);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof(chunk));
		if (n < 0) {
			buf_setf(x->err, "cannot inflate part '%s' of the workbook: %s", part,
				 zip_file_strerror(f));
			rc = ERR_DATA;
			break;
		}
		total += (size_t)n;
		if (total > max) {
			buf_setf(x->err, "part '%s' of the workbook is larger than max_bytes "
				 "(%zu bytes) once inflated", part, max);
			rc = ERR_DATA;
			break;
		}
		if (XML_Parse(x->p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!x->failed)
				buf_setf(x->err, "part '%s' line %lu: not well-formed XML (%s)", part,
					 (unsigned long)XML_GetCurrentLineNumber(x->p),
					 XML_ErrorString(XML_GetErrorCode(x->p)));
			rc = ERR_DATA;
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(f);
	return rc;
}

/* ---- relationships: _rels/.rels and the workbook's ---- */

struct rels {
	struct xctx x;
	char **id, **target, **type;
	size_t n, a;
};

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels *r = XML_GetUserData((XML_Parser)ud);
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
		   *type = attr(atts, "Type");
	size_t a;

	if (strcmp(local(name), "Relationship") || !target)
		return;
	a = r->a;
	r->id = xgrow(r->id, &a, r->n + 1, sizeof(char *));
	r->target = xrealloc(r->target, a * sizeof(char *));
	r->type = xrealloc(r->type, a * sizeof(char *));
	r->a = a;
	r->id[r->n] = xstrdup(id ? id : "");
	r->target[r->n] = xstrdup(target);
	r->type[r->n] = xstrdup(type ? type : "");
	r->n++;
}

static void ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void rels_release(struct rels *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->id[i]);
		free(r->target[i]);
		free(r->type[i]);
	}
	free(r->id);
	free(r->target);
	free(r->type);
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcmp(s + n - m, tail);
}

/* A relationship's target as a part name: relative to dir, or absolute from the root. */
static void part_name(const char *dir, const char *target, struct buf *out)
{
	buf_reset(out);
	if (*target == '/') {
		buf_addstr(out, target + 1);
		return;
	}
	buf_addstr(out, dir);
	while (!strncmp(target, "../", 3)) {
		char *slash;
		target += 3;
		if (out->len && out->buf[out->len - 1] == '/')
			out->buf[--out->len] = '\0';
		slash = strrchr(out->buf, '/');
		out->len = slash ? (size_t)(slash - out->buf) + 1 : 0;
		out->buf[out->len] = '\0';
	}
	buf_addstr(out, target);
}

/* ---- workbook.xml: the sheets and the date system ---- */

struct workbook {
	struct xctx x;
	char **name, **rid;
	size_t n, a;
	int date1904;
};

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook *w = XML_GetUserData((XML_Parser)ud);
	const char *l = local(name), *v;
	size_t a;

	if (!strcmp(l, "workbookPr")) {
		v = attr(atts, "date1904");
		w->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(l, "sheet") && (v = attr(atts, "name"))) {
		const char *rid = attr(atts, "id");
		a = w->a;
		w->name = xgrow(w->name, &a, w->n + 1, sizeof(char *));
		w->rid = xrealloc(w->rid, a * sizeof(char *));
		w->a = a;
		w->name[w->n] = xstrdup(v);
		w->rid[w->n] = xstrdup(rid ? rid : "");
		w->n++;
	}
}

static void workbook_release(struct workbook *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->name[i]);
		free(w->rid[i]);
	}
	free(w->name);
	free(w->rid);
}

/* ---- sharedStrings.xml ---- */

struct sst {
	struct xctx x;
	char **s;
	size_t n, a;
	int in_si, in_rph;
};

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst *t = XML_GetUserData((XML_Parser)ud);
	const char *l = local(name);

	(void)atts;
	if (!strcmp(l, "si")) {
		t->in_si = 1;
		buf_reset(&t->x.text);
	} else if (!strcmp(l, "rPh")) {
		t->in_rph++;	/* phonetic runs are not the text */
	} else if (!strcmp(l, "t") && t->in_si && !t->in_rph) {
		t->x.collect = 1;
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct sst *t = XML_GetUserData((XML_Parser)ud);
	const char *l = local(name);

	if (!strcmp(l, "t")) {
		t->x.collect = 0;
	} else if (!strcmp(l, "rPh")) {
		t->in_rph--;
	} else if (!strcmp(l, "si") && t->in_si) {
		t->s = xgrow(t->s, &t->a, t->n + 1, sizeof(char *));
		t->s[t->n++] = xstrdup(t->x.text.buf);
		t->in_si = 0;
	}
}

/* ---- styles.xml: which cell styles are dates ---- */

struct styles {
	struct xctx x;
	int *fmt_id;		/* numFmts: custom ids */
	char **fmt_code;
	size_t nfmt, afmt;
	unsigned char *is_date;	/* per cellXfs index */
	size_t nxf, axf;
	int in_xfs;
};

/* Whether a number format code shows a date: y or d outside quotes and brackets. */
static int date_code(const char *c)
{
	for (; *c; c++) {
		if (*c == '"') {
			while (c[1] && c[1] != '"')
				c++;
			if (c[1])
				c++;
		} else if (*c == '[') {
			while (c[1] && c[1] != ']')
				c++;
		} else if (*c == '\\' && c[1]) {
			c++;
		} else if (strchr("yYdD", *c)) {
			return 1;
		}
	}
	return 0;
}

static int date_fmt(const struct styles *st, int id)
{
	/* the built-in date and date-time formats */
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	    (id >= 50 && id <= 58))
		return !(id >= 18 && id <= 21) && !(id >= 45 && id <= 47);	/* not times alone */
	for (size_t i = 0; i < st->nfmt; i++)
		if (st->fmt_id[i] == id)
			return date_code(st->fmt_code[i]);
	return 0;
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles *st = XML_GetUserData((XML_Parser)ud);
	const char *l = local(name), *id = attr(atts, "numFmtId");
	size_t a;

	if (!strcmp(l, "numFmt") && id && attr(atts, "formatCode")) {
		a = st->afmt;
		st->fmt_id = xgrow(st->fmt_id, &a, st->nfmt + 1, sizeof(int));
		st->fmt_code = xrealloc(st->fmt_code, a * sizeof(char *));
		st->afmt = a;
		st->fmt_id[st->nfmt] = (int)strtol(id, NULL, 10);
		st->fmt_code[st->nfmt++] = xstrdup(attr(atts, "formatCode"));
	} else if (!strcmp(l, "cellXfs")) {
		st->in_xfs = 1;
	} else if (!strcmp(l, "xf") && st->in_xfs) {
		st->is_date = xgrow(st->is_date, &st->axf, st->nxf + 1, 1);
		st->is_date[st->nxf++] = id ? (unsigned char)date_fmt(st, (int)strtol(id, NULL, 10)) : 0;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct styles *st = XML_GetUserData((XML_Parser)ud);
	if (!strcmp(local(name), "cellXfs"))
		st->in_xfs = 0;
}

static void styles_release(struct styles *st)
{
	for (size_t i = 0; i < st->nfmt; i++)
		free(st->fmt_code[i]);
	free(st->fmt_id);
	free(st->fmt_code);
	free(st->is_date);
}

/* ---- the sheet ---- */

struct sheet {
	struct xctx x;
	const struct sst *sst;
	const struct styles *st;
	int date1904;
	struct xlsx_sheet *out;
	int row, col;		/* current row number, next column (0-based) */
	char **cells;		/* the row being read */
	unsigned char *stored;	/* per cell of it: stored as a number */
	size_t ncells, acells;
	/* the cell being read */
	char ref[16], type[12];
	int style, has_f, has_v, in_is, in_rph, is_number;
	struct buf v;
};

/* "AB12" -> column 27 (0-based) and row 12; -1 when not a reference. */
static int cell_ref(const char *r, int *col, int *row)
{
	long c = 0, n = 0;
	const char *p = r;

	while ((*p >= 'A' && *p <= 'Z') && c <= XLSX_MAX_COLS)
		c = c * 26 + (*p++ - 'A' + 1);
	if (p == r || c > XLSX_MAX_COLS)
		return -1;
	if (*p) {
		while (*p >= '0' && *p <= '9' && n <= XLSX_MAX_ROW)
			n = n * 10 + (*p++ - '0');
		if (*p || n < 1 || n > XLSX_MAX_ROW)
			return -1;
	}
	*col = (int)c - 1;
	*row = (int)n;
	return 0;
}

static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

/* A date serial to ISO 8601 text; 0 when it is none (out untouched). */
static int serial_date(const char *v, int date1904, struct buf *out)
{
	char *end;
	double x = strtod(v, &end), day;
	long days, secs, y;
	int m, d;

	if (end == v || *end || !isfinite(x) || x < 0 || x > 2958465)	/* 9999-12-31 */
		return 0;
	day = floor(x);
	secs = lround((x - day) * 86400);
	days = (long)day;
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (date1904)
		days += days_from_civil(1904, 1, 1);
	else	/* 1900: serial 1 is 1900-01-01, and Excel's 1900-02-29 (60) does not exist */
		days += days_from_civil(1899, 12, 30) + (days < 61 ? 1 : 0);
	civil_from_days(days, &y, &m, &d);
	buf_reset(out);
	buf_addf(out, "%04ld-%02d-%02d", y, m, d);
	if (secs)
		buf_addf(out, "T%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
	return 1;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *sh = XML_GetUserData((XML_Parser)ud);
	const char *l = local(name), *v;
	int col, row;

	if (!strcmp(l, "row")) {
		v = attr(atts, "r");
		row = v ? (int)strtol(v, NULL, 10) : sh->row + 1;
		if (row < 1 || row > XLSX_MAX_ROW) {
			xfail(&sh->x, "row number '%.20s' out of range", v ? v : "?");
			return;
		}
		sh->row = row;
		sh->col = 0;
		for (size_t i = 0; i < sh->ncells; i++)	/* a row left open: dropped */
			free(sh->cells[i]);
		sh->ncells = 0;
	} else if (!strcmp(l, "c")) {
		v = attr(atts, "r");
		col = sh->col;
		if (v && cell_ref(v, &col, &row)) {
			xfail(&sh->x, "'%.20s' is not a cell reference", v);
			return;
		}
		if (col < 0 || col >= XLSX_MAX_COLS) {
			xfail(&sh->x, "a cell past column XFD");
			return;
		}
		sh->col = col;
		v = attr(atts, "t");
		snprintf(sh->type, sizeof(sh->type), "%s", v ? v : "n");
		v = attr(atts, "s");
		sh->style = v ? (int)strtol(v, NULL, 10) : 0;
		sh->has_f = sh->has_v = sh->in_is = 0;
		buf_reset(&sh->v);
		buf_reset(&sh->x.text);
	} else if (!strcmp(l, "v")) {
		sh->x.collect = 1;
		buf_reset(&sh->x.text);
	} else if (!strcmp(l, "f")) {
		sh->has_f = 1;
	} else if (!strcmp(l, "is")) {
		sh->in_is = 1;
		buf_reset(&sh->x.text);
	} else if (!strcmp(l, "rPh")) {
		sh->in_rph++;
	} else if (!strcmp(l, "t") && sh->in_is && !sh->in_rph) {
		sh->x.collect = 1;
	}
}

/* The text of the cell just read, into sh->v; -1 after xfail. */
static int cell_text(struct sheet *sh, const char *ref)
{
	const char *t = sh->type;

	sh->is_number = 0;
	if (!strcmp(t, "inlineStr")) {
		buf_setf(&sh->v, "%s", sh->x.text.buf);
		return 0;
	}
	/* no <v>, or an empty one (openpyxl's): no cached value, unless a
	 * text formula's value is the empty string */
	if (sh->has_f && (!sh->has_v || (!sh->x.text.len && strcmp(t, "str")))) {
		xfail(&sh->x, "cell %s holds a formula without a stored value (open and "
		      "save the workbook in a spreadsheet program first)", ref);
		return -1;
	}
	if (!sh->has_v)
		return 0;
	if (!strcmp(t, "s")) {
		char *end;
		long i = strtol(sh->x.text.buf, &end, 10);
		if (end == sh->x.text.buf || *end || i < 0 || (size_t)i >= sh->sst->n) {
			xfail(&sh->x, "cell %s names shared string %.20s, which does not exist",
			      ref, sh->x.text.buf);
			return -1;
		}
		buf_setf(&sh->v, "%s", sh->sst->s[i]);
	} else if (!strcmp(t, "b")) {
		buf_setf(&sh->v, "%s", !strcmp(sh->x.text.buf, "1") ? "TRUE" : "FALSE");
	} else if (!strcmp(t, "n") && sh->style >= 0 && (size_t)sh->style < sh->st->nxf &&
		   sh->st->is_date[sh->style] && serial_date(sh->x.text.buf, sh->date1904, &sh->v)) {
		;	/* a date */
	} else {
		buf_setf(&sh->v, "%s", sh->x.text.buf);
		sh->is_number = !strcmp(t, "n");
	}
	return 0;
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *sh = XML_GetUserData((XML_Parser)ud);
	const char *l = local(name);

	if (!strcmp(l, "v")) {
		sh->x.collect = 0;
		sh->has_v = 1;
	} else if (!strcmp(l, "t")) {
		if (sh->in_is)
			sh->x.collect = 0;
	} else if (!strcmp(l, "rPh")) {
		sh->in_rph--;
	} else if (!strcmp(l, "c")) {
		/* the reference for messages: the column's letters, then the row */
		char ref[32], letters[8];
		int c = sh->col + 1, k = 0;
		while (c > 0 && k < 7) {
			letters[k++] = (char)('A' + (c - 1) % 26);
			c = (c - 1) / 26;
		}
		for (int i = 0; i < k; i++)
			ref[i] = letters[k - 1 - i];
		snprintf(ref + k, sizeof(ref) - (size_t)k, "%d", sh->row);
		if (cell_text(sh, ref))
			return;
		if (sh->v.len) {
			size_t old = sh->acells, olds = sh->acells;
			sh->cells = xgrow(sh->cells, &sh->acells, (size_t)sh->col + 1, sizeof(char *));
			memset(sh->cells + old, 0, (sh->acells - old) * sizeof(char *));
			sh->stored = xgrow(sh->stored, &olds, sh->acells, 1);
			memset(sh->stored + old, 0, sh->acells - old);
			while (sh->ncells < (size_t)sh->col) {
				sh->stored[sh->ncells] = 0;
				sh->cells[sh->ncells++] = NULL;
			}
			if ((size_t)sh->col < sh->ncells) {
				free(sh->cells[sh->col]);	/* a cell written twice: the last */
				sh->cells[sh->col] = NULL;
			}
			sh->cells[sh->col] = xstrdup(sh->v.buf);
			sh->stored[sh->col] = (unsigned char)sh->is_number;
			if ((size_t)sh->col >= sh->ncells)
				sh->ncells = (size_t)sh->col + 1;
		}
		sh->col++;
	} else if (!strcmp(l, "row")) {
		struct xlsx_sheet *o = sh->out;
		struct xlsx_row *r;
		if (!sh->ncells)
			return;	/* no cell with text: left out */
		o->rows = xgrow(o->rows, &o->arows, o->nrows + 1, sizeof(*o->rows));
		r = &o->rows[o->nrows++];
		r->number = sh->row;
		r->ncells = sh->ncells;
		r->cells = xcalloc(sh->ncells, sizeof(char *));
		r->stored = xcalloc(sh->ncells, 1);
		for (size_t i = 0; i < sh->ncells; i++) {
			r->cells[i] = sh->cells[i] ? sh->cells[i] : xstrdup("");
			r->stored[i] = sh->cells[i] ? sh->stored[i] : 0;
		}
		sh->ncells = 0;
	}
}

static void sst_release(struct sst *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
}

int xlsx_read_sheet(const char *data, size_t len, const char *sheet,
		    size_t max_bytes, struct xlsx_sheet *out, struct buf *err)
{
	struct rels root = { 0 }, wbr = { 0 };
	struct workbook wb = { 0 };
	struct sst sst = { 0 };
	struct styles st = { 0 };
	struct sheet sh = { 0 };
	struct buf wbpart = BUF_INIT, dir = BUF_INIT, path = BUF_INIT;
	zip_source_t *src;
	zip_t *z = NULL;
	zip_error_t ze;
	const char *rid = NULL, *slash;
	int rc;

	memset(out, 0, sizeof(*out));
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src && !(z = zip_open_from_source(src, ZIP_RDONLY, &ze)))
		zip_source_free(src);
	if (!z) {
		buf_setf(err, "not an xlsx workbook (%s)", len >= 2 && !memcmp(data, "PK", 2) ?
			 zip_error_strerror(&ze) : "not a ZIP file");
		zip_error_fini(&ze);
		return ERR_DATA;
	}
	zip_error_fini(&ze);
	root.x.err = wbr.x.err = wb.x.err = sst.x.err = st.x.err = sh.x.err = err;
	buf_init(&root.x.text, 0);
	buf_init(&wbr.x.text, 0);
	buf_init(&wb.x.text, 0);
	buf_init(&sst.x.text, 0);
	buf_init(&st.x.text, 0);
	buf_init(&sh.x.text, 0);
	buf_init(&sh.v, 0);
	/* the workbook part, from the package's relationships */
	rc = parse_part(z, "_rels/.rels", 0, max_bytes, &root.x, rels_start, ignore_end);
	if (rc < 0)
		goto out;
	buf_addstr(&wbpart, "xl/workbook.xml");
	for (size_t i = 0; i < root.n; i++)
		if (ends_with(root.type[i], "/officeDocument"))
			part_name("", root.target[i], &wbpart);
	if ((rc = parse_part(z, wbpart.buf, 1, max_bytes, &wb.x, wb_start, ignore_end)) < 0)
		goto out;
	slash = strrchr(wbpart.buf, '/');
	buf_add(&dir, wbpart.buf, slash ? (size_t)(slash - wbpart.buf) + 1 : 0);
	buf_setf(&path, "%s_rels/%s.rels", dir.buf, slash ? slash + 1 : wbpart.buf);
	if ((rc = parse_part(z, path.buf, 1, max_bytes, &wbr.x, rels_start, ignore_end)) < 0)
		goto out;
	for (size_t i = 0; i < wb.n && !rid; i++)
		if (!strcmp(wb.name[i], sheet))
			rid = wb.rid[i];
	if (!rid) {
		buf_setf(err, "the workbook has no sheet '");
		buf_add_excerpt(err, sheet, 60);
		buf_addstr(err, "' (its sheets: ");
		for (size_t i = 0; i < wb.n && i < 30; i++) {
			buf_addstr(err, i ? ", '" : "'");
			buf_add_excerpt(err, wb.name[i], 40);
			buf_addch(err, '\'');
		}
		buf_addstr(err, wb.n ? ")" : "none)");
		rc = ERR_CONFIG;
		goto out;
	}
	for (size_t i = 0; i < wbr.n; i++) {
		if (ends_with(wbr.type[i], "/sharedStrings")) {
			part_name(dir.buf, wbr.target[i], &path);
			if ((rc = parse_part(z, path.buf, 1, max_bytes, &sst.x, sst_start, sst_end)) < 0)
				goto out;
		} else if (ends_with(wbr.type[i], "/styles")) {
			part_name(dir.buf, wbr.target[i], &path);
			if ((rc = parse_part(z, path.buf, 1, max_bytes, &st.x, styles_start, styles_end)) < 0)
				goto out;
		}
	}
	buf_reset(&path);
	for (size_t i = 0; i < wbr.n; i++)
		if (!strcmp(wbr.id[i], rid))
			part_name(dir.buf, wbr.target[i], &path);
	if (!path.len) {
		buf_setf(err, "the workbook's sheet '");
		buf_add_excerpt(err, sheet, 60);
		buf_addstr(err, "' has no part (a relationship is missing)");
		rc = ERR_DATA;
		goto out;
	}
	sh.sst = &sst;
	sh.st = &st;
	sh.date1904 = wb.date1904;
	sh.out = out;
	rc = parse_part(z, path.buf, 1, max_bytes, &sh.x, sheet_start, sheet_end);
	if (rc > 0)
		rc = 0;
out:
	if (rc < 0)
		xlsx_sheet_release(out);
	for (size_t i = 0; i < sh.ncells; i++)
		free(sh.cells[i]);
	free(sh.cells);
	free(sh.stored);
	buf_release(&sh.v);
	buf_release(&sh.x.text);
	buf_release(&root.x.text);
	buf_release(&wbr.x.text);
	buf_release(&wb.x.text);
	buf_release(&sst.x.text);
	buf_release(&st.x.text);
	rels_release(&root);
	rels_release(&wbr);
	workbook_release(&wb);
	sst_release(&sst);
	styles_release(&st);
	buf_release(&wbpart);
	buf_release(&dir);
	buf_release(&path);
	zip_close(z);
	return rc < 0 ? rc : 0;
}

void xlsx_sheet_release(struct xlsx_sheet *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		for (size_t k = 0; k < s->rows[i].ncells; k++)
			free(s->rows[i].cells[k]);
		free(s->rows[i].cells);
		free(s->rows[i].stored);
	}
	free(s->rows);
	memset(s, 0, sizeof(*s));
}
