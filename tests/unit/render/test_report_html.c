/* html_escape, svg_inline and the shared status words of the report. */
#include "render/outdoc.h"
#include "util/qty.h"
#include "render/html.h"
#include "render/svg_inline.h"
#include "util/utf8.h"
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "util/banned.h"

static void assert_escaped(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	html_escape(&b, in);
	assert_string_equal(b.buf, want);
	buf_release(&b);
}

static void html_escape__markup_characters__become_references(void **state)
{
	(void)state;
	assert_escaped("<script>alert('x')</script> & \"q\"",
		       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	assert_escaped("&amp;", "&amp;amp;");
	assert_escaped("Қарағанды 大学", "Қарағанды 大学");
}

static void html_escape__control_characters__become_spaces(void **state)
{
	(void)state;
	assert_escaped("a\x01" "b\x1b[31mc\nd\te", "a b [31mc\nd\te");
}

static void html_escape__invalid_utf8__becomes_replacement_character(void **state)
{
	(void)state;
	assert_escaped("a\xc0\xafz", "a\xef\xbf\xbd\xef\xbf\xbdz");
	assert_escaped("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

/* The shape of gnuplot's SVG: prolog, defs with ids, uses referring to them. */
static const char gnuplot_svg[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
	"<svg \n width=\"600\" height=\"480\"\n viewBox=\"0 0 600 480\"\n"
	" xmlns=\"http://www.w3.org/2000/svg\"\n xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n>\n"
	"<title>Gnuplot</title>\n<desc>Produced by GNUPLOT 5.4</desc>\n<!-- a comment -->\n"
	"<g id=\"gnuplot_plot_1\" ><title>$bd u 1:2</title>\n</g>\n"
	"<defs>\n\t<circle id='gpDot' r='0.5'/>\n"
	"\t<use xlink:href='#gpDot' id='gpPt6' fill='currentColor'/>\n"
	"\t<filter id='textbox' filterUnits='objectBoundingBox'><feFlood flood-color='white'/></filter>\n"
	"</defs>\n<g style=\"filter:url(#textbox)\"><text>a &lt;b&gt; &amp; 'c'</text></g>\n"
	"<polygon fill = 'rgb(0, 114, 178)' points = '1,2 3,4 '/>\n</svg>\n";

static void svg_inline__gnuplot_svg__is_prefixed_and_labelled(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	(void)state;

	assert_int_equal(svg_inline(&out, gnuplot_svg, "c7-", "Students <2023>", "Chart of <x> & 'y'", &err), 0);
	assert_null(strstr(out.buf, "<?xml"));
	assert_null(strstr(out.buf, "<!--"));
	assert_non_null(strstr(out.buf, "<svg role=\"img\" aria-label=\"Chart of &lt;x&gt; &amp; &#39;y&#39;\""));
	/* gnuplot's titles are gone; the chart's own title and description lead */
	assert_null(strstr(out.buf, "Gnuplot"));
	assert_null(strstr(out.buf, "GNUPLOT"));
	assert_null(strstr(out.buf, "$bd"));
	assert_non_null(strstr(out.buf, "\"><title>Students &lt;2023&gt;</title>"
			       "<desc>Chart of &lt;x&gt; &amp; &#39;y&#39;</desc>"));
	/* the size comes from CSS and the viewBox */
	assert_null(strstr(out.buf, "width=\"600\""));
	assert_non_null(strstr(out.buf, "viewBox=\"0 0 600 480\""));
	assert_non_null(strstr(out.buf, "<circle id=\"c7-gpDot\""));
	assert_non_null(strstr(out.buf, "xlink:href=\"#c7-gpDot\" id=\"c7-gpPt6\""));
	assert_non_null(strstr(out.buf, "style=\"filter:url(#c7-textbox)\""));
	assert_non_null(strstr(out.buf, "<text>a &lt;b&gt; &amp; 'c'</text>"));
	assert_non_null(strstr(out.buf, "<polygon fill=\"rgb(0, 114, 178)\" points=\"1,2 3,4 \"/>"));
	assert_non_null(strstr(out.buf, "</svg>"));
	buf_release(&out);
	buf_release(&err);
}

static void assert_refused(const char *svg, const char *why)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	buf_addstr(&out, "kept");
	assert_int_equal(svg_inline(&out, svg, "p-", "title", "label", &err), -1);
	assert_string_equal(out.buf, "kept");
	if (!strstr(err.buf, why))
		fail_msg("error '%s' lacks '%s'", err.buf, why);
	buf_release(&out);
	buf_release(&err);
}

static void svg_inline__script_and_foreign_elements__are_refused(void **state)
{
	(void)state;
	assert_refused("<svg><script>alert(1)</script></svg>", "element <script>");
	assert_refused("<svg><foreignObject><p>x</p></foreignObject></svg>", "element <foreignObject>");
	assert_refused("<svg><a xlink:href='#x'>x</a></svg>", "element <a>");
	assert_refused("<svg><image href='#x'/></svg>", "element <image>");
	assert_refused("<svg><![CDATA[ x ]]></svg>", "element <>");
	assert_refused("<svg></svg></html>", "malformed end tag");
	assert_refused("no svg here", "no <svg>");
}

static void svg_inline__handlers_links_and_outside_urls__are_refused(void **state)
{
	(void)state;
	assert_refused("<svg onload='alert(1)'></svg>", "event handler 'onload'");
	assert_refused("<svg><g ONCLICK=\"x()\"></g></svg>", "event handler 'ONCLICK'");
	assert_refused("<svg><use xlink:href='http://example.org/x.svg#a'/></svg>", "a link to");
	assert_refused("<svg><use href='javascript:alert(1)'/></svg>", "a link to");
	assert_refused("<svg><g style='fill:url(http://example.org/p)'></g></svg>", "url() outside");
	assert_refused("<svg><g fill=url(#x)></g></svg>", "malformed attribute");
}

/*
 * An HTML parser lowercases attribute names and decodes character
 * references in values before the browser uses them: neither may carry a
 * link or a url() past the checks.
 */
static void svg_inline__uppercase_names_and_references__cannot_hide_a_link(void **state)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	(void)state;
	assert_refused("<svg><use HREF='http://example.org/x.svg#a'/></svg>", "a link to");
	assert_refused("<svg><use xlink:HREF='http://example.org/x.svg#a'/></svg>", "a link to");
	assert_refused("<svg><g style='fill:url&#40;http://example.org/p&#41;'></g></svg>",
		       "character reference");
	assert_refused("<svg><g style='fill:url&lpar;http://example.org/p&rpar;'></g></svg>",
		       "character reference");
	/* an uppercase ID is still prefixed; the five XML entities still pass */
	assert_int_equal(svg_inline(&out, "<svg><g ID='a' title='x &amp; &lt;y&gt;'></g></svg>",
				    "p-", "t", "l", &err), 0);
	assert_non_null(strstr(out.buf, "ID=\"p-a\""));
	assert_non_null(strstr(out.buf, "title=\"x &amp; &lt;y&gt;\""));
	buf_release(&out);
	buf_release(&err);
}

static void od_status__names__have_labels_and_unknown_is_no_data(void **state)
{
	(void)state;
	assert_string_equal(od_status("on_track")->label, "On track");
	assert_string_equal(od_status("off_track")->label, "Off track");
	assert_string_equal(od_status("<script>")->name, "no_data");
	assert_string_equal(od_status(NULL)->name, "no_data");
}

static void od_fmt_qty__units__read_naturally(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	qty_fmt(&b, 14.44, 1, "%");
	assert_string_equal(b.buf, "14.4%");
	buf_reset(&b);
	qty_fmt(&b, 900, 0, "rank");
	assert_string_equal(b.buf, "rank 900");
	buf_reset(&b);
	qty_fmt(&b, 112, 0, "works");
	assert_string_equal(b.buf, "112 works");
	buf_reset(&b);
	qty_fmt(&b, NAN, 0, "works");
	assert_string_equal(b.buf, "no data");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_escape__markup_characters__become_references),
		cmocka_unit_test(html_escape__control_characters__become_spaces),
		cmocka_unit_test(html_escape__invalid_utf8__becomes_replacement_character),
		cmocka_unit_test(svg_inline__gnuplot_svg__is_prefixed_and_labelled),
		cmocka_unit_test(svg_inline__script_and_foreign_elements__are_refused),
		cmocka_unit_test(svg_inline__handlers_links_and_outside_urls__are_refused),
		cmocka_unit_test(svg_inline__uppercase_names_and_references__cannot_hide_a_link),
		cmocka_unit_test(od_status__names__have_labels_and_unknown_is_no_data),
		cmocka_unit_test(od_fmt_qty__units__read_naturally),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
