#include "extract/html.h"
#include "lang/jspage.h"
#include "util/textnorm.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

#define MAX_COLSPAN 1000
#define MAX_DEPTH 512		/* elements nested in a page (nesting_over) */

static int is_element(const GumboNode *n)
{
	return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

static int line_of(const GumboNode *n)
{
	return is_element(n) ? (int)n->v.element.start_pos.line : 0;
}

/* Elements whose text is not page text, and those that separate words. */
static int is_hidden(GumboTag t)
{
	return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
	       t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_NOSCRIPT;
}

static int is_break(GumboTag t)
{
	return t == GUMBO_TAG_BR || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV ||
	       t == GUMBO_TAG_LI || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH ||
	       t == GUMBO_TAG_TR || (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6);
}

/* The text of n as a reader sees it, spaces collapsed, into out (reset). */
static void node_text(const GumboNode *n, struct buf *out)
{
	struct buf raw = BUF_INIT;
	const GumboNode **stack = NULL;
	size_t depth = 0, alloc = 0;

	stack = xgrow(stack, &alloc, 1, sizeof(*stack));
	stack[depth++] = n;
	while (depth) {
		const GumboNode *c = stack[--depth];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
		    c->type == GUMBO_NODE_CDATA) {
			buf_addstr(&raw, c->v.text.text);
		} else if (is_element(c) && !is_hidden(c->v.element.tag)) {
			const GumboVector *kids = &c->v.element.children;
			if (is_break(c->v.element.tag))
				buf_addch(&raw, ' ');
			stack = xgrow(stack, &alloc, depth + kids->length, sizeof(*stack));
			/* pushed in reverse: popped in document order */
			for (unsigned i = kids->length; i > 0; i--)
				stack[depth++] = kids->data[i - 1];
		}
	}
	buf_reset(out);
	textnorm_space(raw.buf, out);
	buf_release(&raw);
	free(stack);
}

/* ---- the nesting guard (docs/configuration.md, "Limits") ---- */

/* Elements that never nest: void, or closed by their next sibling. */
static int is_flat(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR:
	case GUMBO_TAG_COL: case GUMBO_TAG_EMBED: case GUMBO_TAG_HR:
	case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN:
	case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_PARAM:
	case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR:
	case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME:
	case GUMBO_TAG_IMAGE: case GUMBO_TAG_MENUITEM:
	case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY:
	case GUMBO_TAG_LI: case GUMBO_TAG_P: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
	case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_TR:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TBODY:
	case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_COLGROUP:
	case GUMBO_TAG_CAPTION: case GUMBO_TAG_RB: case GUMBO_TAG_RP:
	case GUMBO_TAG_RT: case GUMBO_TAG_RTC:
		return 1;
	default:
		return 0;
	}
}

/* Elements whose content is text up to their end tag. */
static int is_raw(GumboTag t)
{
	return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEXTAREA ||
	       t == GUMBO_TAG_TITLE || t == GUMBO_TAG_XMP || t == GUMBO_TAG_IFRAME ||
	       t == GUMBO_TAG_NOEMBED || t == GUMBO_TAG_NOFRAMES;
}

/* Where the tag starting at s[i] ('<') ends: past its '>', quoted values skipped. */
static size_t tag_end(const char *s, size_t len, size_t i, int *self_closing)
{
	*self_closing = 0;
	for (i++; i < len; i++) {
		if (s[i] == '=') {
			const char *q;
			while (i + 1 < len && strchr(" \t\n\f\r", s[i + 1]))
				i++;
			if (i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\'') &&
			    (q = memchr(s + i + 2, s[i + 1], len - i - 2)))
				i = (size_t)(q - s);
		} else if (s[i] == '>') {
			*self_closing = s[i - 1] == '/';
			return i + 1;
		}
	}
	return len;
}

/* Past the next "</NAME" (any case) from i, or len. */
static size_t skip_raw(const char *s, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name);
	for (; i + 2 + n <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, n))
			return i;
	return len;
}

/*
 * How deep the elements of an HTML page nest, estimated in one pass
 * without building a tree: a start tag opens an element, an end tag
 * closes the innermost open element of its name and those opened inside
 * it (end tags of elements not open are ignored, as a parser does); void
 * elements, those closed by their next sibling (li, p, td, tr, ...),
 * self-closed tags in svg and math, comments and the text of script,
 * style and the like do not count. Returns 0, or 1 with the line and
 * column (in characters) of the start tag that passes max.
 */
static int nesting_over(const char *s, size_t len, size_t max, int *line,
			int *col)
{
	unsigned open[GUMBO_TAG_LAST + 1] = { 0 };
	GumboTag *stack = xmalloc((max + 1) * sizeof(*stack));
	size_t depth = 0, i = 0, lines_at = 0, line_start = 0;
	int over = 0;

	*line = 1;
	*col = 0;

	while (i < len && !over) {
		const char *lt = memchr(s + i, '<', len - i);
		size_t at, start;
		int end, self;
		GumboTag t;

		if (!lt)
			break;
		at = (size_t)(lt - s);
		for (; lines_at < at; lines_at++)
			if (s[lines_at] == '\n') {
				++*line;
				line_start = lines_at + 1;
			}
		if (len - at >= 4 && !memcmp(lt, "<!--", 4)) {
			for (i = at + 4; i + 3 <= len && memcmp(s + i, "-->", 3); i++)
				;
			i = i + 3 <= len ? i + 3 : len;
			continue;
		}
		end = at + 1 < len && s[at + 1] == '/';
		start = at + 1 + (size_t)end;
		i = start;
		while (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
			i++;
		while (i < len && i > start && !strchr("\t\n\f\r />", s[i]))
			i++;
		if (i == start) {
			i = at + 1;	/* "<" as text, or "<!...>", "<?...>" */
			continue;
		}
		t = gumbo_tagn_enum(s + start, (unsigned)(i - start));
		i = tag_end(s, len, at, &self);
		if (end) {
			if (!is_flat(t) && open[t])
				while (depth && open[t]) {
					depth--;
					open[stack[depth]]--;
				}
			continue;
		}
		if (is_raw(t)) {
			i = skip_raw(s, len, i, gumbo_normalized_tagname(t));
			continue;
		}
		if (t == GUMBO_TAG_PLAINTEXT)
			break;
		if (is_flat(t) || (self && (open[GUMBO_TAG_SVG] || open[GUMBO_TAG_MATH])))
			continue;
		if (t == GUMBO_TAG_A || t == GUMBO_TAG_BUTTON || t == GUMBO_TAG_NOBR ||
		    t == GUMBO_TAG_FORM) {
			/* these close an open one of their kind first */
			while (depth && open[t]) {
				depth--;
				open[stack[depth]]--;
			}
		}
		if (depth == max) {
			over = 1;
			*col = 1;
			for (size_t k = line_start; k < at; k++)
				*col += ((unsigned char)s[k] & 0xc0) != 0x80;
		} else {
			stack[depth++] = t;
			open[t]++;
		}
	}
	free(stack);
	return over;
}

static int parse_html(const struct extract_ctx *x, const char *data, size_t len,
		      GumboOutput **doc, struct buf *err)
{
	GumboOptions opt = kGumboDefaultOptions;
	size_t i = 0;
	int line, col;

	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i == len) {
		buf_setf(err, "%s: the document is empty", x->name);
		return -1;
	}
	if (data[i] == '{' || data[i] == '[') {
		buf_setf(err, "%s: expected HTML, found what looks like JSON", x->name);
		return -1;
	}
	/* gumbo's time grows with the square of the depth, and it frees
	 * its tree recursively: a page nested deeper is refused unparsed */
	if (nesting_over(data, len, MAX_DEPTH, &line, &col)) {
		buf_setf(err, "%s:%d:%d: elements nested deeper than %d; the page is not read",
			 x->name, line, col, MAX_DEPTH);
		return -1;
	}
	opt.max_errors = 0;	/* parse errors are normal on the web; keep none */
	*doc = gumbo_parse_with_options(&opt, data, len);
	return 0;
}

/* ---- html-table ---- */

struct row {
	const GumboNode *tr;
	char **cells;		/* colspan expanded */
	size_t n;
	int all_th, in_head;
};

struct table {
	struct row *rows;
	size_t n, alloc;
};

static void add_row(struct table *t, const GumboNode *tr, int in_head)
{
	const GumboVector *kids = &tr->v.element.children;
	struct row r = { tr, NULL, 0, 1, in_head };
	struct buf text = BUF_INIT;
	size_t alloc = 0;

	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *c = kids->data[i];
		const GumboAttribute *a;
		long span = 1;
		if (!is_element(c) || (c->v.element.tag != GUMBO_TAG_TD &&
				       c->v.element.tag != GUMBO_TAG_TH))
			continue;
		r.all_th &= c->v.element.tag == GUMBO_TAG_TH;
		if ((a = gumbo_get_attribute(&c->v.element.attributes, "colspan"))) {
			char *end;
			errno = 0;
			span = strtol(a->value, &end, 10);
			if (errno || end == a->value || span < 1 || span > MAX_COLSPAN)
				span = 1;
		}
		node_text(c, &text);
		for (long k = 0; k < span; k++) {
			r.cells = xgrow(r.cells, &alloc, r.n + 1, sizeof(char *));
			r.cells[r.n++] = xstrdup(text.buf);
		}
	}
	buf_release(&text);
	t->rows = xgrow(t->rows, &t->alloc, t->n + 1, sizeof(*t->rows));
	t->rows[t->n++] = r;
}

/* The table's own rows (not those of tables nested in it). */
static void read_rows(const GumboNode *table, struct table *t)
{
	const GumboVector *kids = &table->v.element.children;
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *c = kids->data[i];
		GumboTag tag;
		if (!is_element(c))
			continue;
		tag = c->v.element.tag;
		if (tag == GUMBO_TAG_TR) {
			add_row(t, c, 0);
		} else if (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY ||
			   tag == GUMBO_TAG_TFOOT) {
			const GumboVector *rows = &c->v.element.children;
			for (unsigned j = 0; j < rows->length; j++) {
				const GumboNode *r = rows->data[j];
				if (is_element(r) && r->v.element.tag == GUMBO_TAG_TR)
					add_row(t, r, tag == GUMBO_TAG_THEAD);
			}
		}
	}
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->rows[i].n; k++)
			free(t->rows[i].cells[k]);
		free(t->rows[i].cells);
	}
	free(t->rows);
}

/* The header: the last row of thead, else a first row of th cells. */
static const struct row *header_of(const struct table *t)
{
	const struct row *h = NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].in_head)
			h = &t->rows[i];
	if (!h && t->n && t->rows[0].all_th && t->rows[0].n)
		h = &t->rows[0];
	return h;
}

/* 0-based column of c, or -1 with err naming the header. */
static int column(const struct extract_ctx *x, const struct row *h,
		  const struct colref *c, struct buf *err)
{
	if (!c->name) {
		if (!h || (size_t)c->number <= h->n)
			return c->number - 1;
		buf_setf(err, "%s: column %d does not exist (the header has %zu)",
			 x->name, c->number, h->n);
		return -1;
	}
	for (size_t i = 0; h && i < h->n; i++)
		if (!strcasecmp(h->cells[i], c->name))
			return (int)i;
	if (!h) {
		buf_setf(err, "%s: the table has no header row (th cells) to find column '%s'; name columns by number",
			 x->name, c->name);
		return -1;
	}
	buf_setf(err, "%s: no column '%s' in the table's header (", x->name, c->name);
	for (size_t i = 0; i < h->n; i++)
		buf_addf(err, "%s'%s'", i ? ", " : "", h->cells[i]);
	buf_addch(err, ')');
	return -1;
}

static const char *cell(const struct row *r, int col)
{
	return col >= 0 && (size_t)col < r->n ? r->cells[col] : "";
}

struct cols {
	int match, year;
	int *value, *key;
};

static int resolve(const struct extract_ctx *x, const struct row *h,
		   struct cols *c, struct buf *err)
{
	const struct source *s = x->s;
	c->match = c->year = -1;
	if (s->has_match && (c->match = column(x, h, &s->match, err)) < 0)
		return -1;
	if (s->has_year && (c->year = column(x, h, &s->year, err)) < 0)
		return -1;
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		c->key[i] = -1;
		if ((c->value[i] = column(x, h, &m->value, err)) < 0)
			return -1;
		if (m->has_key && (c->key[i] = column(x, h, &m->key, err)) < 0)
			return -1;
	}
	return 0;
}

static int read_row(const struct extract_ctx *x, const struct row *r,
		    const struct cols *c, int score, struct extract_tmp *tmp,
		    struct buf *err)
{
	const struct source *s = x->s;
	int line = line_of(r->tr), year = x->page_year;
	struct buf msg = BUF_INIT;

	if (c->year >= 0 && !(year = extract_year(cell(r, c->year)))) {
		buf_setf(err, "%s:%d: column %d: expected a year such as 2021, found '",
			 x->name, line, c->year + 1);
		extract_add_shown(err, cell(r, c->year));
		buf_addch(err, '\'');
		return -1;
	}
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		const char *key = m->has_key ? cell(r, c->key[i]) : NULL;
		double v;
		if (key && !*key) {
			buf_setf(err, "%s:%d: column %d: empty key for metric '%s'",
				 x->name, line, c->key[i] + 1, m->name);
			buf_release(&msg);
			return -1;
		}
		if (extract_number(m, cell(r, c->value[i]), s->decimal, s->thousands,
				   &v, &msg) < 0) {
			buf_setf(err, "%s:%d: column %d (metric '%s'): %s", x->name, line,
				 c->value[i] + 1, m->name, msg.buf);
			buf_release(&msg);
			return -1;
		}
		extract_tmp_add(tmp, m->name, year, key, v, line, score);
	}
	buf_release(&msg);
	return 0;
}

int extract_html_table(const struct extract_ctx *x, const char *data,
		       size_t len, struct obs_table *t, size_t src,
		       struct buf *err)
{
	const struct source *s = x->s;
	GumboOutput *doc = NULL;
	const GumboNode *node;
	struct table tab = { 0 };
	struct univ_names names = { 0 };
	struct extract_tmp tmp;
	struct cols c = { 0 };
	const struct row *h;
	size_t matched = 0;
	int rc = -1;

	extract_tmp_init(&tmp);
	if (parse_html(x, data, len, &doc, err))
		goto out;
	node = selector_first(s->table, doc->document);
	if (!node || node->v.element.tag != GUMBO_TAG_TABLE) {
		struct buf hint = BUF_INIT;
		buf_setf(err, "%s: %s", x->name, node ?
			 "the 'table' selector matches an element that is not a <table>" :
			 "no element matches the 'table' selector");
		if (!node && jspage_hint(data, len, x->page_year, &hint))
			buf_addf(err, "; %s", hint.buf);
		buf_release(&hint);
		goto out;
	}
	read_rows(node, &tab);
	h = header_of(&tab);
	c.value = xcalloc(s->nmetrics, sizeof(int));
	c.key = xcalloc(s->nmetrics, sizeof(int));
	if (resolve(x, h, &c, err))
		goto out;
	univ_names_init(&names, x->profile);
	for (size_t i = 0; i < tab.n; i++) {
		const struct row *r = &tab.rows[i];
		int score = 0;
		if (r == h || r->in_head || r->all_th || !r->n)
			continue;
		if (c.match >= 0 && !(score = univ_match(&names, cell(r, c.match))))
			continue;
		matched++;
		if (read_row(x, r, &c, score, &tmp, err))
			goto out;
	}
	if (s->has_match && !matched)
		warnf("%s: the university is not in the table (%zu rows); no values from it",
		      x->name, tab.n);
	rc = extract_tmp_commit(&tmp, x->name, t, src, err);
out:
	free(c.value);
	free(c.key);
	univ_names_release(&names);
	table_release(&tab);
	extract_tmp_release(&tmp);
	if (doc)
		gumbo_destroy_output(&kGumboDefaultOptions, doc);
	return rc;
}

/* ---- html-list ---- */

/* The text a rule picks from item; 0 when it finds none. */
static int rule_text(const struct html_rule *r, const GumboNode *item,
		     struct buf *out)
{
	const GumboNode *n = r->sel ? selector_first(r->sel, item) : item;
	struct buf text = BUF_INIT;
	regmatch_t mt[2];
	int rc = 0;

	buf_reset(out);
	if (!n)
		return 0;
	if (r->attr) {
		const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes,
							      r->attr);
		if (!a)
			return 0;
		textnorm_space(a->value, &text);
	} else {
		node_text(n, &text);
	}
	if (!r->re) {
		buf_addstr(out, text.buf);
	} else if (!regexec(r->re, text.buf, 2, mt, 0)) {
		int g = r->re->re_nsub >= 1 && mt[1].rm_so >= 0;
		struct buf part = BUF_INIT;
		buf_add(&part, text.buf + mt[g].rm_so, (size_t)(mt[g].rm_eo - mt[g].rm_so));
		textnorm_space(part.buf, out);
		buf_release(&part);
	}
	rc = out->len > 0;
	buf_release(&text);
	return rc;
}

int extract_html_list(const struct extract_ctx *x, const char *data,
		      size_t len, struct obs_table *t, size_t src,
		      struct buf *err)
{
	const struct source *s = x->s;
	GumboOutput *doc = NULL;
	struct node_list items = { 0 };
	struct obs_table seen;
	struct extract_tmp tmp;
	struct buf text = BUF_INIT, key = BUF_INIT, year_text = BUF_INIT;
	size_t dated = 0;
	int rc = -1, filtered = 0;

	for (size_t k = 0; k < s->nmetrics; k++)
		filtered |= s->metrics[k].filter != NULL;
	obs_init(&seen);
	extract_tmp_init(&tmp);
	if (parse_html(x, data, len, &doc, err))
		goto out;
	selector_all(s->items, doc->document, &items);
	if (!items.n) {
		buf_setf(err, "%s: no element matches the 'items' selector", x->name);
		goto out;
	}
	for (size_t i = 0; i < items.n; i++) {
		const GumboNode *it = items.v[i];
		int year = x->page_year, line = line_of(it);
		if (!year && rule_text(&s->year_rule, it, &year_text))
			year = extract_year(year_text.buf);
		if (!year) {
			debugf("%s:%d: an item without a year is not counted", x->name, line);
			continue;
		}
		dated++;
		if (filtered)
			node_text(it, &text);
		for (size_t k = 0; k < s->nmetrics; k++) {
			const struct metric_map *m = &s->metrics[k];
			if (m->filter && regexec(m->filter, text.buf, 0, NULL, 0))
				continue;
			if (m->has_key && !rule_text(&m->key_rule, it, &key))
				continue;
			obs_add(&seen, 0, m->name, year, m->has_key ? key.buf : NULL, 1, line);
		}
	}
	if (!dated) {
		buf_setf(err, "%s: none of the %zu items has a year (the 'year' rule finds none)",
			 x->name, items.n);
		goto out;
	}
	/* one observation per metric, year and key: the number of items */
	obs_sort(&seen);
	for (size_t i = 0; i < seen.n;) {
		const struct obs *o = &seen.v[i];
		size_t j = i + 1;
		while (j < seen.n && !strcmp(seen.v[j].metric, o->metric) &&
		       seen.v[j].year == o->year &&
		       !strcmp(seen.v[j].key ? seen.v[j].key : "", o->key ? o->key : ""))
			j++;
		extract_tmp_add(&tmp, o->metric, o->year, o->key, (double)(j - i),
				o->line, 0);
		i = j;
	}
	rc = extract_tmp_commit(&tmp, x->name, t, src, err);
out:
	node_list_release(&items);
	obs_release(&seen);
	extract_tmp_release(&tmp);
	buf_release(&text);
	buf_release(&key);
	buf_release(&year_text);
	if (doc)
		gumbo_destroy_output(&kGumboDefaultOptions, doc);
	return rc;
}
