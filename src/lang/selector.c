#include "lang/selector.h"
#include "util/textnorm.h"
#include "util/hmap.h"
#include "util/xalloc.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

#define MAX_COMPOUNDS 32

enum combinator { COMB_NONE, COMB_DESCENDANT, COMB_CHILD };

struct compound {
	enum combinator comb;	/* how it relates to the compound before */
	GumboTag tag;		/* GUMBO_TAG_LAST for any tag */
	char *tag_name;		/* set for tags gumbo does not know */
	char *id;
	char **classes;
	size_t nclasses;
	long nth;		/* :nth-of-type(n); 0 when absent */
};

struct selector {
	struct compound c[MAX_COMPOUNDS];
	size_t n;
};

struct parser {
	const char *text, *p;
	struct buf *err;
};

static int column(const struct parser *ps, const char *at)
{
	int col = 1;
	for (const char *s = ps->text; s < at; s++)
		col += ((unsigned char)*s & 0xc0) != 0x80;
	return col;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	buf_setf(ps->err, "column %d: ", column(ps, at));
	va_start(ap, fmt);
	buf_vaddf(ps->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static char *ident(struct parser *ps, const char *what)
{
	const char *start = ps->p;
	while (ident_char(*ps->p))
		ps->p++;
	if (ps->p == start) {
		fail(ps, start, "expected %s", what);
		return NULL;
	}
	return xstrndup(start, (size_t)(ps->p - start));
}

static int parse_nth(struct parser *ps, struct compound *c)
{
	static const char nth[] = ":nth-of-type(";
	const char *at = ps->p;
	char *end;
	long n;

	if (strncmp(ps->p, nth, sizeof(nth) - 1)) {
		const char *e = ps->p + 1;
		while (ident_char(*e) || *e == '(')
			e++;
		return fail(ps, at, "'%.*s' is not supported (only :nth-of-type(n))",
			    (int)(e - at), at);
	}
	ps->p += sizeof(nth) - 1;
	while (*ps->p == ' ')
		ps->p++;
	errno = 0;
	n = strtol(ps->p, &end, 10);
	if (end == ps->p || errno || n < 1 || n > 1000000 || *ps->p == '+')
		return fail(ps, ps->p, "expected a positive integer in :nth-of-type()");
	ps->p = end;
	while (*ps->p == ' ')
		ps->p++;
	if (*ps->p != ')')
		return fail(ps, ps->p, "expected ')' to close :nth-of-type(");
	ps->p++;
	if (c->nth)
		return fail(ps, at, "a second :nth-of-type() in one compound");
	c->nth = n;
	return 0;
}

static int unexpected(struct parser *ps, int after_compound);

static int parse_compound(struct parser *ps, struct compound *c)
{
	const char *start = ps->p;

	c->tag = GUMBO_TAG_LAST;
	if (*ps->p == '*') {
		ps->p++;
	} else if ((*ps->p >= 'a' && *ps->p <= 'z') || (*ps->p >= 'A' && *ps->p <= 'Z')) {
		char *name = ident(ps, "a tag name");
		for (char *s = name; *s; s++)
			if (*s >= 'A' && *s <= 'Z')
				*s = (char)(*s + 32);
		c->tag = gumbo_tag_enum(name);
		if (c->tag == GUMBO_TAG_UNKNOWN)
			c->tag_name = name;
		else
			free(name);
	}
	for (;;) {
		char *s;
		if (*ps->p == '#') {
			ps->p++;
			if (c->id)
				return fail(ps, ps->p - 1, "a second #id in one compound");
			if (!(c->id = ident(ps, "an id after '#'")))
				return -1;
		} else if (*ps->p == '.') {
			ps->p++;
			if (!(s = ident(ps, "a class name after '.'")))
				return -1;
			c->classes = xrealloc(c->classes, (c->nclasses + 1) * sizeof(char *));
			c->classes[c->nclasses++] = s;
		} else if (*ps->p == ':') {
			if (parse_nth(ps, c))
				return -1;
		} else {
			break;
		}
	}
	if (ps->p != start)
		return 0;
	return unexpected(ps, 0);
}

/* The error for the character at ps->p, where a compound cannot go on. */
static int unexpected(struct parser *ps, int after_compound)
{
	uint32_t cp;
	int len = (int)textnorm_decode(ps->p, &cp);

	if (*ps->p == ',')
		return fail(ps, ps->p, "selector lists (',') are not supported");
	if (*ps->p == '[')
		return fail(ps, ps->p, "attribute selectors are not supported");
	if (*ps->p == '+' || *ps->p == '~')
		return fail(ps, ps->p, "the '%c' combinator is not supported (only descendant and '>')",
			    *ps->p);
	if (!*ps->p)
		return fail(ps, ps->p, "expected a tag, '#id', '.class' or ':nth-of-type(n)' at the end");
	if (after_compound && (ident_char(*ps->p) || *ps->p == '*'))
		return fail(ps, ps->p, "expected a space or '>' before '%.*s'",
			    len, ps->p);
	return fail(ps, ps->p, "expected a tag, '#id', '.class' or ':nth-of-type(n)', found '%.*s'",
		    len, ps->p);
}

int selector_parse(const char *text, struct selector **out, struct buf *err)
{
	struct parser ps = { text, text, err };
	struct selector *sel = xcalloc(1, sizeof(*sel));
	enum combinator comb = COMB_NONE;

	while (*ps.p == ' ' || *ps.p == '\t')
		ps.p++;
	if (!*ps.p) {
		fail(&ps, ps.p, "empty selector");
		goto bad;
	}
	for (;;) {
		if (sel->n == MAX_COMPOUNDS) {
			fail(&ps, ps.p, "more than %d compounds", MAX_COMPOUNDS);
			goto bad;
		}
		sel->c[sel->n].comb = comb;
		if (parse_compound(&ps, &sel->c[sel->n++]))
			goto bad;
		comb = COMB_NONE;
		while (*ps.p == ' ' || *ps.p == '\t') {
			ps.p++;
			comb = COMB_DESCENDANT;
		}
		if (*ps.p == '>') {
			ps.p++;
			comb = COMB_CHILD;
			while (*ps.p == ' ' || *ps.p == '\t')
				ps.p++;
		}
		if (!*ps.p) {
			if (comb == COMB_CHILD) {
				fail(&ps, ps.p, "expected a compound after '>'");
				goto bad;
			}
			break;
		}
		if (comb == COMB_NONE) {
			/* text right after a compound that is not part of it */
			unexpected(&ps, 1);
			goto bad;
		}
	}
	*out = sel;
	return 0;
bad:
	selector_free(sel);
	*out = NULL;
	return -1;
}

void selector_free(struct selector *sel)
{
	if (!sel)
		return;
	for (size_t i = 0; i < sel->n; i++) {
		struct compound *c = &sel->c[i];
		free(c->tag_name);
		free(c->id);
		for (size_t k = 0; k < c->nclasses; k++)
			free(c->classes[k]);
		free(c->classes);
	}
	free(sel);
}

static int is_element(const GumboNode *n)
{
	return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

/* Whether two elements have the same type (tag, or name when unknown). */
static int same_type(const GumboElement *a, const GumboElement *b)
{
	GumboStringPiece x, y;
	if (a->tag != b->tag)
		return 0;
	if (a->tag != GUMBO_TAG_UNKNOWN)
		return 1;
	x = a->original_tag;
	y = b->original_tag;
	gumbo_tag_from_original_text(&x);
	gumbo_tag_from_original_text(&y);
	return x.length == y.length && !strncasecmp(x.data, y.data, x.length);
}

static int has_class(const char *list, const char *cls)
{
	size_t n = strlen(cls);
	for (const char *s = list; *s;) {
		size_t len;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f')
			s++;
		len = strcspn(s, " \t\n\r\f");
		if (len == n && !memcmp(s, cls, n))
			return 1;
		s += len;
	}
	return 0;
}

/*
 * Whether n is the nth element of its type among its siblings. The scan
 * goes back from n and stops once nth of its type are behind it, so that
 * a long list costs O(nth) per element, not O(siblings).
 */
static int is_nth_of_type(const GumboNode *n, long nth)
{
	const GumboVector *sib;
	size_t i;
	long before = 0;

	if (!n->parent)
		return nth == 1;
	sib = n->parent->type == GUMBO_NODE_DOCUMENT ?
		&n->parent->v.document.children : &n->parent->v.element.children;
	i = n->index_within_parent;
	if (i >= sib->length || sib->data[i] != n)
		for (i = 0; i < sib->length && sib->data[i] != n; i++)
			;
	while (i-- > 0 && before < nth) {
		const GumboNode *s = sib->data[i];
		before += is_element(s) && same_type(&s->v.element, &n->v.element);
	}
	return before == nth - 1;
}

/*
 * The nth-of-type of each of kids (0 for nodes that are not elements), in
 * one pass: the walk over a parent's children asks it of every child.
 */
static unsigned *nth_positions(const GumboVector *kids)
{
	unsigned *pos = xcalloc(kids->length ? kids->length : 1, sizeof(*pos));
	unsigned known[GUMBO_TAG_LAST + 1] = { 0 }, *unknown = NULL;
	size_t nunknown = 0, aunknown = 0;
	struct strtab names;
	struct buf name = BUF_INIT;

	strtab_init(&names);
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *c = kids->data[i];
		GumboStringPiece tag;
		uint32_t k;
		if (!is_element(c))
			continue;
		if (c->v.element.tag != GUMBO_TAG_UNKNOWN) {
			pos[i] = ++known[c->v.element.tag];
			continue;
		}
		/* unknown tags are told apart by name, without regard to case */
		tag = c->v.element.original_tag;
		gumbo_tag_from_original_text(&tag);
		buf_reset(&name);
		for (size_t j = 0; j < tag.length; j++)
			buf_addch(&name, tag.data[j] >= 'A' && tag.data[j] <= 'Z' ?
				  tag.data[j] + 32 : tag.data[j]);
		k = strtab_intern(&names, name.buf, name.len);
		if (k == nunknown) {
			unknown = xgrow(unknown, &aunknown, nunknown + 1, sizeof(*unknown));
			unknown[nunknown++] = 0;
		}
		pos[i] = ++unknown[k];
	}
	strtab_release(&names);
	buf_release(&name);
	free(unknown);
	return pos;
}

/* pos: n's nth-of-type when known, else 0 (it is counted when needed). */
static int compound_matches(const struct compound *c, const GumboNode *n,
			    unsigned pos)
{
	const GumboElement *el = &n->v.element;
	const GumboAttribute *a;

	if (c->tag != GUMBO_TAG_LAST && c->tag != el->tag)
		return 0;
	if (c->tag_name) {
		GumboStringPiece name = el->original_tag;
		gumbo_tag_from_original_text(&name);
		if (name.length != strlen(c->tag_name) ||
		    strncasecmp(name.data, c->tag_name, name.length))
			return 0;
	}
	if (c->id && (!(a = gumbo_get_attribute(&el->attributes, "id")) ||
		      strcmp(a->value, c->id)))
		return 0;
	if (c->nclasses) {
		if (!(a = gumbo_get_attribute(&el->attributes, "class")))
			return 0;
		for (size_t i = 0; i < c->nclasses; i++)
			if (!has_class(a->value, c->classes[i]))
				return 0;
	}
	if (!c->nth)
		return 1;
	return pos ? pos == (unsigned long)c->nth : is_nth_of_type(n, c->nth);
}

/*
 * Bit i of a node's "exact" mask: compounds 0..i match with compound i on
 * the node; of its "anc" mask: on the node or one of its ancestors.
 */
static uint32_t exact_mask(const struct selector *sel, const GumboNode *n,
			   unsigned pos, uint32_t parent_exact, uint32_t parent_anc)
{
	uint32_t m = 0;
	for (size_t i = 0; i < sel->n; i++) {
		const struct compound *c = &sel->c[i];
		int linked = i == 0 ||
			(c->comb == COMB_CHILD ? parent_exact : parent_anc) >> (i - 1) & 1;
		if (linked && compound_matches(c, n, pos))
			m |= (uint32_t)1 << i;
	}
	return m;
}

static const GumboVector *children(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	if (is_element(n))
		return &n->v.element.children;
	return NULL;
}

struct frame {
	const GumboNode *node;
	uint32_t exact, anc;
	unsigned next;
	unsigned *nth;		/* of the children, when the selector asks (owned) */
};

static int has_nth(const struct selector *sel)
{
	for (size_t i = 0; i < sel->n; i++)
		if (sel->c[i].nth)
			return 1;
	return 0;
}

/* Walks the subtree of scope; stops after the first match when first. */
static void walk(const struct selector *sel, const GumboNode *scope,
		 struct node_list *out, int first)
{
	struct frame *stack = NULL;
	size_t n = 0, alloc = 0, depth = 0;
	uint32_t last = (uint32_t)1 << (sel->n - 1);
	const GumboNode **path = NULL;
	uint32_t exact = 0, anc = 0;
	int nth = has_nth(sel);

	/* the masks of scope, from the root down */
	for (const GumboNode *p = scope; p; p = p->parent)
		depth++;
	path = xcalloc(depth, sizeof(*path));
	{
		size_t i = depth;
		for (const GumboNode *p = scope; p; p = p->parent)
			path[--i] = p;
	}
	for (size_t i = 0; i < depth; i++)
		if (is_element(path[i])) {
			exact = exact_mask(sel, path[i], 0, exact, anc);
			anc |= exact;
		}
	free(path);

	stack = xgrow(stack, &alloc, 1, sizeof(*stack));
	stack[n++] = (struct frame){ scope, exact, anc, 0, NULL };
	while (n) {
		struct frame *f = &stack[n - 1];
		const GumboVector *kids = children(f->node);
		const GumboNode *c;
		uint32_t e;

		if (!kids || f->next >= kids->length) {
			free(f->nth);
			n--;
			continue;
		}
		c = kids->data[f->next++];
		if (!is_element(c))
			continue;
		/* a few siblings are counted as asked; many, once for all */
		if (nth && !f->nth && kids->length > 16)
			f->nth = nth_positions(kids);
		e = exact_mask(sel, c, f->nth ? f->nth[f->next - 1] : 0, f->exact, f->anc);
		if (e & last) {
			out->v = xgrow(out->v, &out->alloc, out->n + 1, sizeof(*out->v));
			out->v[out->n++] = c;
			if (first)
				break;
		}
		stack = xgrow(stack, &alloc, n + 1, sizeof(*stack));
		stack[n] = (struct frame){ c, e, stack[n - 1].anc | e, 0, NULL };
		n++;
	}
	while (n)
		free(stack[--n].nth);	/* left early, at the first match */
	free(stack);
}

void selector_all(const struct selector *sel, const GumboNode *scope,
		  struct node_list *out)
{
	walk(sel, scope, out, 0);
}

const GumboNode *selector_first(const struct selector *sel,
				const GumboNode *scope)
{
	struct node_list l = { 0 };
	const GumboNode *n;
	walk(sel, scope, &l, 1);
	n = l.n ? l.v[0] : NULL;
	node_list_release(&l);
	return n;
}

void node_list_release(struct node_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
