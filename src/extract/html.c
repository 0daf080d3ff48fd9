#include "extract/html.h"
#include "lang/jspage.h"
#include "extract/html_doc.h"
#include "util/err.h"
#include "util/textnorm.h"
#include "util/xalloc.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

#define MAX_COLSPAN 1000

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
		if (!html_is_element(c) || (c->v.element.tag != GUMBO_TAG_TD &&
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
		html_text(c, &text);
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
		if (!html_is_element(c))
			continue;
		tag = c->v.element.tag;
		if (tag == GUMBO_TAG_TR) {
			add_row(t, c, 0);
		} else if (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY ||
			   tag == GUMBO_TAG_TFOOT) {
			const GumboVector *rows = &c->v.element.children;
			for (unsigned j = 0; j < rows->length; j++) {
				const GumboNode *r = rows->data[j];
				if (html_is_element(r) && r->v.element.tag == GUMBO_TAG_TR)
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

/*
 * 0-based column of c, or a failure with err naming the header: ERR_CONFIG
 * for a column the configuration names that the header lacks, ERR_DATA
 * when the table has no header to find a name in.
 */
static int column(const struct extract_ctx *x, const struct row *h,
		  const struct colref *c, struct buf *err)
{
	if (!c->name) {
		if (!h || (size_t)c->number <= h->n)
			return c->number - 1;
		buf_setf(err, "%s: column %d does not exist (the header has %zu)",
			 x->name, c->number, h->n);
		return ERR_CONFIG;
	}
	for (size_t i = 0; h && i < h->n; i++)
		if (!strcasecmp(h->cells[i], c->name))
			return (int)i;
	if (!h) {
		buf_setf(err, "%s: the table has no header row (th cells) to find column '%s'; name columns by number",
			 x->name, c->name);
		return ERR_DATA;
	}
	buf_setf(err, "%s: no column '%s' in the table's header (", x->name, c->name);
	for (size_t i = 0; i < h->n; i++)
		buf_addf(err, "%s'%s'", i ? ", " : "", h->cells[i]);
	buf_addch(err, ')');
	return ERR_CONFIG;
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
		return c->match;
	if (s->has_year && (c->year = column(x, h, &s->year, err)) < 0)
		return c->year;
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct metric_map *m = &s->metrics[i];
		c->key[i] = -1;
		if ((c->value[i] = column(x, h, &m->value, err)) < 0)
			return c->value[i];
		if (m->has_key && (c->key[i] = column(x, h, &m->key, err)) < 0)
			return c->key[i];
	}
	return 0;
}

static int read_row(const struct extract_ctx *x, const struct row *r,
		    const struct cols *c, int score, struct extract_tmp *tmp,
		    struct buf *err)
{
	const struct source *s = x->s;
	int line = html_line(r->tr), year = x->page_year;
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
	if (html_parse(x, data, len, &doc, err))
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
	if ((rc = resolve(x, h, &c, err)) < 0)
		goto out;
	rc = ERR_DATA;
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
		notes_addf(x->notes, LOG_WARN,
			   "%s: the university is not in the table (%zu rows); no values from it",
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
		html_text(n, &text);
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
	if (html_parse(x, data, len, &doc, err))
		goto out;
	selector_all(s->items, doc->document, &items);
	if (!items.n) {
		buf_setf(err, "%s: no element matches the 'items' selector", x->name);
		goto out;
	}
	for (size_t i = 0; i < items.n; i++) {
		const GumboNode *it = items.v[i];
		int year = x->page_year, line = html_line(it);
		if (!year && rule_text(&s->year_rule, it, &year_text))
			year = extract_year(year_text.buf);
		if (!year) {
			notes_addf(x->notes, LOG_DEBUG, "%s:%d: an item without a year is not counted",
				   x->name, line);
			continue;
		}
		dated++;
		if (filtered)
			html_text(it, &text);
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
		for (size_t k = i + 1; k < j; k++)
			obs_add_line(&tmp.t, tmp.t.n - 1, seen.v[k].line);
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
