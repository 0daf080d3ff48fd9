#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "lang/selector.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

/* The data-t of every match, "?TAG" when it has none, "-" for none. */
static void describe(const struct node_list *l, struct buf *out)
{
	for (size_t i = 0; i < l->n; i++) {
		const GumboAttribute *a = gumbo_get_attribute(&l->v[i]->v.element.attributes,
							      "data-t");
		buf_addstr(out, i ? " " : "");
		if (a)
			buf_addstr(out, a->value);
		else
			buf_addf(out, "?%s", gumbo_normalized_tagname(l->v[i]->v.element.tag));
	}
	if (!l->n)
		buf_addch(out, '-');
}

static void selector_all__golden_cases__match(void **state)
{
	struct buf html = BUF_INIT, cases = BUF_INIT, err = BUF_INIT, got = BUF_INIT;
	GumboOutput *doc;
	int n = 0, bad = 0;

	(void)state;
	assert_int_equal(file_read("tests/golden/selector/doc.html", &html, 0, &err), 0);
	assert_int_equal(file_read("tests/golden/selector/cases.txt", &cases, 0, &err), 0);
	doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.buf, html.len);
	for (char *line = cases.buf; *line;) {
		char *nl = strchr(line, '\n'), *tab;
		if (nl)
			*nl = '\0';
		tab = strchr(line, '\t');
		if (line[0] != '#' && tab) {
			struct selector *sel;
			*tab = '\0';
			buf_reset(&got);
			buf_reset(&err);
			if (selector_parse(line, &sel, &err)) {
				assert_null(sel);
				buf_addf(&got, "error: %s", err.buf);
			} else {
				struct node_list l = { 0 };
				selector_all(sel, doc->document, &l);
				describe(&l, &got);
				/* selector_first agrees with the first of all */
				assert_ptr_equal(selector_first(sel, doc->document),
						 l.n ? l.v[0] : NULL);
				node_list_release(&l);
				selector_free(sel);
			}
			if (strcmp(got.buf, tab + 1)) {
				print_message("'%s': got \"%s\", expected \"%s\"\n", line,
					      got.buf, tab + 1);
				bad++;
			}
			n++;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	gumbo_destroy_output(&kGumboDefaultOptions, doc);
	buf_release(&html);
	buf_release(&cases);
	buf_release(&err);
	buf_release(&got);
	assert_true(n >= 50);
	assert_int_equal(bad, 0);
}

static void selector_all__scope__searches_below_it_with_ancestors(void **state)
{
	static const char html[] =
		"<ul class=news><li><time>2021</time><b>x</b></li>"
		"<li><time>2022</time></li></ul>";
	GumboOutput *doc = gumbo_parse(html);
	struct selector *items, *in;
	struct buf err = BUF_INIT;
	struct node_list l = { 0 };

	(void)state;
	assert_int_equal(selector_parse("ul.news > li", &items, &err), 0);
	assert_int_equal(selector_parse("ul.news time", &in, &err), 0);
	selector_all(items, doc->root, &l);
	assert_int_equal(l.n, 2);
	/* within the second item only its own time, though ul is above it */
	{
		const GumboNode *t = selector_first(in, l.v[1]);
		assert_non_null(t);
		assert_string_equal(((GumboNode *)t->v.element.children.data[0])->v.text.text,
				    "2022");
	}
	/* the scope itself is not a match */
	assert_null(selector_first(items, l.v[0]));
	node_list_release(&l);
	selector_free(items);
	selector_free(in);
	buf_release(&err);
	gumbo_destroy_output(&kGumboDefaultOptions, doc);
}

/* 20000 nested divs: the walk is iterative and linear. */
static void selector_all__deep_tree__is_linear_and_does_not_recurse(void **state)
{
	struct buf html = BUF_INIT, err = BUF_INIT;
	struct selector *sel;
	struct node_list l = { 0 };
	GumboOptions opt = kGumboDefaultOptions;
	GumboOutput *doc;
	clock_t t0;
	double secs, parse;

	(void)state;
	for (int i = 0; i < 20000; i++)
		buf_addstr(&html, "<div>");
	buf_addstr(&html, "<p>x</p>");
	/* 20000 unclosed elements are 20000 parse errors, which gumbo keeps
	 * (quadratically) unless told not to: as html_parse does */
	opt.max_errors = 0;
	t0 = clock();
	doc = gumbo_parse_with_options(&opt, html.buf, html.len);
	parse = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(selector_parse("div div div div div > div p", &sel, &err), 0);
	t0 = clock();
	selector_all(sel, doc->document, &l);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(l.n, 1);
	/* linear: no slower than parsing the page (a walk up from each of
	 * the 20,000 divs would be 10^8 steps); a ratio of CPU times
	 * measured here, whatever the machine or the sanitizers */
	if (secs > parse + 0.01)
		fail_msg("matching took %.3f s, parsing %.3f s", secs, parse);
	node_list_release(&l);
	selector_free(sel);
	buf_release(&err);
	buf_release(&html);
	gumbo_destroy_output(&opt, doc);
}

/* More than 16 siblings: positions are counted once per parent. */
static void selector_all__nth_of_type_among_many_siblings__counts_per_type(void **state)
{
	struct buf html = BUF_INIT, err = BUF_INIT, got = BUF_INIT;
	struct node_list l = { 0 };
	struct selector *sel, *item;
	GumboOutput *doc;
	static const char *const cases[][2] = {
		/* li 1-20 with p and custom elements between them */
		{ "li:nth-of-type(20)", "li20" },
		{ "ul > :nth-of-type(2)", "li2 p2 xa2" },
		{ "x-a:nth-of-type(3)", "xa3" },	/* <X-A> and <x-a> are one type */
		{ "x-b:nth-of-type(1)", "xb1" },
		{ "p:nth-of-type(4)", "-" },
		{ "li:nth-of-type(21)", "-" },
	};

	(void)state;
	buf_addstr(&html, "<ul>");
	for (int i = 1; i <= 20; i++) {
		buf_addf(&html, "<li data-t=li%d><b data-t=b%d>%d</b></li> ", i, i, i);
		if (i <= 3)
			buf_addf(&html, "<p data-t=p%d></p><%s data-t=xa%d></x-a>", i,
				 i == 2 ? "X-A" : "x-a", i);
	}
	buf_addstr(&html, "<x-b data-t=xb1></x-b></ul>");
	doc = gumbo_parse(html.buf);
	/* from inside the list, the scope's own position counts */
	assert_int_equal(selector_parse("li:nth-of-type(20) b", &sel, &err), 0);
	assert_int_equal(selector_parse("b", &item, &err), 0);
	selector_all(item, doc->document, &l);
	assert_int_equal(l.n, 20);
	assert_ptr_equal(selector_first(sel, l.v[19]->parent), l.v[19]);
	assert_ptr_equal(selector_first(sel, l.v[18]->parent), NULL);
	node_list_release(&l);
	selector_free(sel);
	selector_free(item);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(selector_parse(cases[i][0], &sel, &err), 0);
		selector_all(sel, doc->document, &l);
		buf_reset(&got);
		describe(&l, &got);
		if (strcmp(got.buf, cases[i][1]))
			print_error("%s: got '%s', expected '%s'\n", cases[i][0], got.buf, cases[i][1]);
		assert_string_equal(got.buf, cases[i][1]);
		node_list_release(&l);
		selector_free(sel);
	}
	buf_release(&got);
	buf_release(&err);
	buf_release(&html);
	gumbo_destroy_output(&kGumboDefaultOptions, doc);
}

/* Counting each element's predecessors took about 20 s for 50,000 items. */
static void selector_all__nth_of_type_in_a_long_list__is_linear(void **state)
{
	struct buf html = BUF_INIT, err = BUF_INIT;
	struct selector *sel;
	struct node_list l = { 0 };
	GumboOptions opt = kGumboDefaultOptions;
	GumboOutput *doc;
	clock_t t0;
	double secs, parse;

	(void)state;
	buf_addstr(&html, "<ul>");
	for (int i = 0; i < 50000; i++)
		buf_addstr(&html, "<li><b>x</b></li>");
	opt.max_errors = 0;
	t0 = clock();
	doc = gumbo_parse_with_options(&opt, html.buf, html.len);
	parse = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(selector_parse("ul > li:nth-of-type(3) > b:nth-of-type(1)", &sel, &err), 0);
	t0 = clock();
	selector_all(sel, doc->document, &l);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(l.n, 1);
	/* linear: no slower than parsing the list (counting the earlier
	 * siblings of each of 50,000 items would be 10^9 steps) */
	if (secs > parse + 0.01)
		fail_msg("matching took %.3f s, parsing %.3f s", secs, parse);
	node_list_release(&l);
	selector_free(sel);
	buf_release(&err);
	buf_release(&html);
	gumbo_destroy_output(&opt, doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(selector_all__golden_cases__match),
		cmocka_unit_test(selector_all__scope__searches_below_it_with_ancestors),
		cmocka_unit_test(selector_all__deep_tree__is_linear_and_does_not_recurse),
		cmocka_unit_test(selector_all__nth_of_type_among_many_siblings__counts_per_type),
		cmocka_unit_test(selector_all__nth_of_type_in_a_long_list__is_linear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
