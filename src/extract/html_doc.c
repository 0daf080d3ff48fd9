/* An HTML page as the extractors see it (extract/html_doc.h). */
#include "extract/html_doc.h"
#include "util/textnorm.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

#define MAX_DEPTH 512		/* elements nested in a page (nesting_over) */

int html_is_element(const GumboNode *n)
{
	return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

int html_line(const GumboNode *n)
{
	return html_is_element(n) ? (int)n->v.element.start_pos.line : 0;
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

void html_text(const GumboNode *n, struct buf *out)
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
		} else if (html_is_element(c) && !is_hidden(c->v.element.tag)) {
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

int html_parse(const struct extract_ctx *x, const char *data, size_t len,
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
