#include "cli/view.h"
#include "report/report.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/utf8.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

int view_option(struct view *v, int opt, const char *arg)
{
	static const char *const formats[] = { "table", "json", "csv" };
	static const char *const whens[] = { "auto", "always", "never" };

	if (opt == VIEW_OPT_FORMAT) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(arg, formats[i])) {
				v->format = (enum view_format)i;
				return 0;
			}
		errorf("--format takes table, json or csv, not '%s'", arg);
		return -1;
	}
	if (opt == VIEW_OPT_COLOR) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(arg, whens[i])) {
				v->color_when = (enum view_when)i;
				return 0;
			}
		errorf("--color takes auto, always or never, not '%s'", arg);
		return -1;
	}
	return 1;
}

void view_ready(struct view *v)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	if (v->color_when == VIEW_AUTO)
		v->color = isatty(STDOUT_FILENO) && !(no && *no) &&
			   !(term && !strcmp(term, "dumb"));
	else
		v->color = v->color_when == VIEW_ALWAYS;
}

/* Terminal columns of code point c: 0 for combining marks, 2 for East Asian wide. */
static size_t cp_width(unsigned c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	    (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/*
 * The character at s: its length in bytes (return), its columns, and
 * whether it must be shown as '?' (a control character, invalid UTF-8).
 */
static size_t next_char(const char *s, size_t *cols, int *shown_as_q)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = utf8_seq(u);
	unsigned c;

	*cols = 1;
	/* C0, DEL and C1 (U+0080-U+009F: U+009B is CSI to some terminals) */
	*shown_as_q = !n || (n == 1 && (u[0] < 0x20 || u[0] == 0x7f)) ||
		      (n == 2 && u[0] == 0xc2 && u[1] < 0xa0);
	if (*shown_as_q || n == 1)
		return n ? n : 1;
	c = u[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++)
		c = c << 6 | (u[i] & 0x3f);
	*cols = cp_width(c);
	return n;
}

/* Columns of the first n bytes of s. */
static size_t columns(const char *s, size_t n)
{
	size_t total = 0, w;
	int q;
	for (size_t i = 0; i < n; total += w)
		i += next_char(s + i, &w, &q);
	return total;
}

/* Appends the n bytes of s made safe (see view_text). */
static void add_safe(struct buf *o, const char *s, size_t n)
{
	size_t w, len;
	int q;
	for (size_t i = 0; i < n; i += len) {
		len = next_char(s + i, &w, &q);
		if (q)
			buf_addch(o, '?');
		else
			buf_add(o, s + i, len);
	}
}

void view_text(struct buf *o, const char *s, size_t width)
{
	size_t cols = 0, total = columns(s, strlen(s)), w, len;
	int q;

	if (!width || total <= width) {
		add_safe(o, s, strlen(s));
		cols = total;
	} else {
		for (; *s; s += len) {
			len = next_char(s, &w, &q);
			if (cols + w > width - 1)
				break;
			add_safe(o, s, len);
			cols += w;
		}
		buf_addch(o, '~');
		cols++;
	}
	for (; cols < width; cols++)
		buf_addch(o, ' ');
}

void view_wrap(struct buf *o, const char *s, size_t width, size_t indent)
{
	size_t col = 0;

	while (*s) {
		size_t n;
		while (*s == ' ')
			s++;
		n = strcspn(s, " ");
		if (!n)
			break;
		if (col && col + 1 + columns(s, n) > width) {
			buf_addch(o, '\n');
			for (col = 0; col < indent; col++)
				buf_addch(o, ' ');
		} else if (col) {
			buf_addch(o, ' ');
			col++;
		}
		add_safe(o, s, n);
		col += columns(s, n);
		s += n;
	}
	buf_addch(o, '\n');
}

void view_num(struct buf *o, double v, int decimals, int width)
{
	if (isnan(v))
		buf_addf(o, "%*s", width, "-");
	else
		buf_addf(o, "%*.*f", width, decimals, v);
}

void view_paint(struct buf *o, const struct view *v, const char *sgr,
		const char *s, size_t width)
{
	struct buf t = BUF_INIT;
	size_t n;

	view_text(&t, s, width);
	if (!v->color || !*sgr) {
		buf_add(o, t.buf, t.len);
		buf_release(&t);
		return;
	}
	/* the padding goes outside the colour */
	for (n = t.len; n && t.buf[n - 1] == ' '; n--)
		;
	buf_addf(o, "\033[%sm", sgr);
	buf_add(o, t.buf, n);
	buf_addstr(o, "\033[0m");
	buf_add(o, t.buf + n, t.len - n);
	buf_release(&t);
}

const char *view_status_sgr(const char *status)
{
	static const char *const map[][2] = {
		{ "achieved", "32" }, { "nearly", "33" }, { "missed", "31" },
		{ "on_track", "36" }, { "at_risk", "33" }, { "off_track", "31" },
		{ "no_data", "2" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(status, map[i][0]))
			return map[i][1];
	return "";
}

/* One line per metric of source src: count, years and keys per year. */
static void metric_summary(struct buf *o, const struct obs_table *t, size_t src)
{
	size_t i = 0;
	while (i < t->n) {
		const struct obs *first = &t->v[i];
		size_t count = 0, keys = 0, max_keys = 0;
		int lo = 0, hi = 0, year = 0;
		if (first->src != src) {
			i++;
			continue;
		}
		for (; i < t->n && !strcmp(t->v[i].metric, first->metric); i++) {
			const struct obs *ob = &t->v[i];
			if (ob->src != src)
				continue;
			if (!count++ || ob->year < lo)
				lo = ob->year;
			hi = ob->year > hi ? ob->year : hi;
			keys = ob->year == year ? keys + 1 : 1;
			year = ob->year;
			max_keys = keys > max_keys && ob->key ? keys : max_keys;
		}
		buf_addstr(o, "  ");
		view_text(o, first->metric, 28);
		buf_addf(o, " %6zu  %d", count, lo);
		if (hi != lo)
			buf_addf(o, "-%d", hi);
		if (max_keys)
			buf_addf(o, ", up to %zu key%s a year", max_keys,
				 max_keys == 1 ? "" : "s");
		buf_addch(o, '\n');
	}
}

/*
 * A path or URL in width columns: when longer, its start and its end with
 * '~' between (the whole of it is in the JSON and CSV formats).
 */
static void where(struct buf *o, const char *s, size_t width)
{
	size_t len = strlen(s), tail = len;

	if (columns(s, len) <= width) {
		add_safe(o, s, len);
		return;
	}
	/* the tail: the last 30 columns, from a character's first byte */
	while (tail > 0 && columns(s + tail - 1, len - tail + 1) <= 30)
		tail--;
	while (tail < len && ((unsigned char)s[tail] & 0xc0) == 0x80)
		tail++;
	view_text(o, s, width - columns(s + tail, len - tail));
	add_safe(o, s + tail, len - tail);
}

static void source_head(struct buf *o, const struct view *v,
			const struct obs_source *s)
{
	struct buf line = BUF_INIT;

	view_paint(o, v, VIEW_SGR_HEAD, s->id, 0);
	buf_addstr(o, " (");
	view_text(o, s->kind ? s->kind : "?", 0);
	buf_addstr(o, ", ");
	view_paint(o, v, s->state == SRC_FAILED ? "31" : "", source_state_name(s->state), 0);
	buf_addstr(o, ")\n");
	if (s->title) {
		buf_addstr(o, "  ");
		view_wrap(o, s->title, 78, 2);
	}
	buf_addstr(o, "  ");
	where(o, s->url ? s->url : s->path ? s->path : "", 78);
	buf_addch(o, '\n');
	if (s->fetched_at)
		buf_addf(&line, "%lld bytes, read %s", s->bytes, s->fetched_at);
	if (*s->sha256)
		buf_addf(&line, ", sha256:%.12s", s->sha256);
	if (line.len) {
		buf_addstr(o, "  ");
		view_wrap(o, line.buf, 78, 2);
	}
	if (s->error) {
		buf_addstr(o, "  ");
		view_paint(o, v, "31", "error:", 0);
		buf_addch(o, ' ');
		view_wrap(o, s->error, 71, 2);
	}
	for (size_t i = 0; i < s->nwarnings; i++) {
		buf_addstr(o, "  ");
		view_paint(o, v, "33", "warning:", 0);
		buf_addch(o, ' ');
		view_wrap(o, s->warnings[i], 69, 2);
	}
	buf_release(&line);
}

static void obs_row(struct buf *o, const struct obs *ob)
{
	struct buf val = BUF_INIT;
	view_text(o, ob->metric, 28);
	buf_addf(o, "  %4d  ", ob->year);
	view_text(o, ob->key ? ob->key : "", 20);
	if (isnan(ob->value))
		buf_addch(&val, '-');
	else
		fmt_double(&val, ob->value);
	if (val.len > 14) {
		buf_reset(&val);
		buf_addf(&val, "%.8g", ob->value);
	}
	buf_addf(o, " %14s %6d\n", val.buf, ob->line);
	buf_release(&val);
}

static void obs_table(struct buf *o, const struct view *v, const struct obs_table *t)
{
	for (size_t s = 0; s < t->nsources; s++) {
		if (s)
			buf_addch(o, '\n');
		source_head(o, v, &t->sources[s]);
		buf_addf(o, "  %zu observation%s%s\n", t->sources[s].nobs,
			 t->sources[s].nobs == 1 ? "" : "s", t->sources[s].nobs ? ":" : "");
		metric_summary(o, t, s);
		if (!t->sources[s].nobs)
			continue;
		buf_addch(o, '\n');
		view_paint(o, v, VIEW_SGR_HEAD,
			   "METRIC                        YEAR  KEY                           VALUE   LINE", 0);
		buf_addch(o, '\n');
		for (size_t i = 0; i < t->n; i++)
			if (t->v[i].src == s)
				obs_row(o, &t->v[i]);
	}
}

void view_obs(struct buf *o, const struct view *v, const struct obs_table *t,
	      const char *generated_at)
{
	if (v->format == VIEW_JSON)
		report_obs_json(o, t, generated_at);
	else if (v->format == VIEW_CSV)
		report_obs_csv(o, t);
	else
		obs_table(o, v, t);
}
