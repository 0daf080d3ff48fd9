/* gnuplot's SVG made fit to inline in the report, and nothing else let through. */
#include "render/svg_inline.h"
#include "util/utf8.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "util/banned.h"

/* What gnuplot 5.4's svg terminal writes (and no script, link or image). */
static const char *const allowed_elements[] = {
	"svg", "g", "defs", "title", "desc", "path", "polygon", "polyline",
	"line", "rect", "circle", "ellipse", "use", "text", "tspan", "filter",
	"feFlood", "feComposite", "feMerge", "feMergeNode", "feOffset",
	"clipPath", "pattern", "linearGradient", "radialGradient", "stop",
	"marker",
};

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-' || c == '.';
}

static int element_allowed(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(allowed_elements) / sizeof(*allowed_elements); i++)
		if (strlen(allowed_elements[i]) == n && !strncmp(allowed_elements[i], name, n))
			return 1;
	return 0;
}

/* Whether the reference at v is one of XML's five (&amp; &lt; &gt; &quot; &apos;). */
static int ref_is_xml(const char *v, size_t n)
{
	static const char *const refs[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	for (size_t i = 0; i < sizeof(refs) / sizeof(*refs); i++)
		if (n >= strlen(refs[i]) && !strncmp(v, refs[i], strlen(refs[i])))
			return 1;
	return 0;
}

/* Copies an attribute value, prefixing the ids it defines or refers to. */
static int copy_value(struct buf *out, const char *name, size_t nlen,
		      const char *v, size_t vlen, const char *prefix, struct buf *err)
{
	/* HTML lowercases attribute names: HREF is href */
	int is_id = nlen == 2 && !strncasecmp(name, "id", 2);
	int is_href = (nlen == 4 && !strncasecmp(name, "href", 4)) ||
		      (nlen == 10 && !strncasecmp(name, "xlink:href", 10));

	if (is_href && (vlen == 0 || v[0] != '#')) {
		buf_setf(err, "a link to '%.*s'", (int)(vlen > 60 ? 60 : vlen), v);
		return -1;
	}
	if (is_id)
		buf_addstr(out, prefix);
	for (size_t i = 0; i < vlen; i++) {
		if (is_href && i == 0) {
			buf_addch(out, '#');
			buf_addstr(out, prefix);
			continue;
		}
		if (vlen - i >= 4 && !strncasecmp(v + i, "url(", 4)) {
			size_t j = i + 4;
			while (j < vlen && (v[j] == ' ' || v[j] == '\'' || v[j] == '"'))
				j++;
			if (j >= vlen || v[j] != '#') {
				buf_setf(err, "a url() outside the document");
				return -1;
			}
			buf_add(out, v + i, j + 1 - i);
			buf_addstr(out, prefix);
			i = j;
			continue;
		}
		/*
		 * The browser decodes references before it reads a url() or a
		 * link ("url&#40;http:..."); gnuplot writes none but the XML five.
		 */
		if (v[i] == '&' && !ref_is_xml(v + i, vlen - i)) {
			buf_setf(err, "a character reference '%.*s'",
				 (int)(vlen - i > 12 ? 12 : vlen - i), v + i);
			return -1;
		}
		if (v[i] == '"')
			buf_addstr(out, "&quot;");	/* the value was single-quoted */
		else
			buf_addch(out, v[i]);
	}
	return 0;
}

/*
 * Copies the start tag at *p (after '<'): its name checked, its attributes
 * checked and rewritten; the root gets role and aria-label.
 */
static int copy_start_tag(struct buf *out, const char **p, const char *prefix,
			  const char *title, const char *label, int root, struct buf *err)
{
	const char *s = *p, *name = s;
	size_t n;

	while (is_name_char(*s))
		s++;
	n = (size_t)(s - name);
	if (!element_allowed(name, n) || (root && (n != 3 || strncmp(name, "svg", 3)))) {
		buf_setf(err, "an element <%.*s> that gnuplot does not write", (int)(n > 30 ? 30 : n), name);
		return -1;
	}
	buf_addch(out, '<');
	buf_add(out, name, n);
	if (root) {
		buf_addstr(out, " role=\"img\" aria-label=\"");
		html_escape(out, label);
		buf_addch(out, '"');
	}
	for (;;) {
		const char *an, *v;
		size_t alen, vlen;
		char q;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s == '>' || (s[0] == '/' && s[1] == '>'))
			break;
		an = s;
		while (is_name_char(*s))
			s++;
		alen = (size_t)(s - an);
		while (*s == ' ')
			s++;
		if (*s == '=')
			s++;
		while (*s == ' ')
			s++;
		if (!alen || (*s != '"' && *s != '\'')) {
			buf_setf(err, "a malformed attribute in <%.*s>", (int)n, name);
			return -1;
		}
		if (alen >= 2 && !strncasecmp(an, "on", 2)) {
			buf_setf(err, "an event handler '%.*s'", (int)(alen > 30 ? 30 : alen), an);
			return -1;
		}
		q = *s;
		v = s + 1;
		s = strchr(v, q);
		if (!s) {
			buf_setf(err, "an unterminated attribute value");
			return -1;
		}
		vlen = (size_t)(s - v);
		s++;
		/* the root's size comes from CSS and its viewBox */
		if (root && ((alen == 5 && !strncmp(an, "width", 5)) ||
			     (alen == 6 && !strncmp(an, "height", 6))))
			continue;
		buf_addch(out, ' ');
		buf_add(out, an, alen);
		buf_addstr(out, "=\"");
		if (copy_value(out, an, alen, v, vlen, prefix, err))
			return -1;
		buf_addch(out, '"');
	}
	if (*s == '/') {
		buf_addstr(out, "/>");
		s += 2;
	} else {
		buf_addch(out, '>');
		s++;
	}
	if (root) {
		/* what a tooltip and a screen reader say: the chart, not gnuplot */
		buf_addstr(out, "<title>");
		html_escape(out, title);
		buf_addstr(out, "</title><desc>");
		html_escape(out, label);
		buf_addstr(out, "</desc>");
	}
	*p = s;
	return 0;
}

/*
 * At p (after '<'): gnuplot's own <title> or <desc> ("Gnuplot",
 * "gnuplot_plot_1", "$bd u 1:2"), skipped with its content; p moves past
 * its end tag. 0 when p is not one, -1 when it is not closed.
 */
static int skip_gnuplot_text(const char **p, struct buf *err)
{
	static const char *const names[] = { "title", "desc" };
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(names[i]);
		char end[16];
		const char *e;
		if (strncmp(*p, names[i], n) || is_name_char((*p)[n]))
			continue;
		snprintf(end, sizeof(end), "</%s>", names[i]);
		if (!(e = strstr(*p, end))) {
			buf_setf(err, "an unterminated <%s>", names[i]);
			return -1;
		}
		*p = e + strlen(end);
		return 1;
	}
	return 0;
}

static int inline_svg(struct buf *out, const char *svg, const char *prefix,
		      const char *title, const char *label, struct buf *err)
{
	const char *p = strstr(svg, "<svg");
	int root = 1;

	if (!p) {
		buf_setf(err, "no <svg> element");
		return -1;
	}
	while (*p) {
		const char *lt = strchr(p, '<');
		if (!lt) {
			buf_addstr(out, p);
			break;
		}
		buf_add(out, p, (size_t)(lt - p));
		p = lt + 1;
		if (!strncmp(p, "!--", 3)) {
			const char *end = strstr(p, "-->");
			if (!end) {
				buf_setf(err, "an unterminated comment");
				return -1;
			}
			p = end + 3;
		} else if (*p == '/') {
			const char *name = ++p;
			while (is_name_char(*p))
				p++;
			if (!element_allowed(name, (size_t)(p - name)) || *p != '>') {
				buf_setf(err, "a malformed end tag");
				return -1;
			}
			buf_addstr(out, "</");
			buf_add(out, name, (size_t)(p - name));
			buf_addch(out, '>');
			p++;
		} else {
			int skip = root ? 0 : skip_gnuplot_text(&p, err);
			if (skip < 0)
				return -1;
			if (skip)
				continue;
			if (copy_start_tag(out, &p, prefix, title, label, root, err))
				return -1;
			root = 0;
		}
	}
	return 0;
}

int svg_inline(struct buf *out, const char *svg, const char *id_prefix,
	       const char *title, const char *label, struct buf *err)
{
	size_t len = out->len;
	if (inline_svg(out, svg, id_prefix, title, label, err)) {
		out->len = len;
		out->buf[len] = '\0';
		return -1;
	}
	return 0;
}
