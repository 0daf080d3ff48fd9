#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract/html.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* The web fixture's configuration, one table per test. */
struct fx {
	struct config cfg;
	struct obs_table t;
	struct buf err;
	struct notes notes;	/* what the extractor noticed */
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct buf errors = BUF_INIT;
	int n = config_load(&f->cfg, "tests/fixtures/web", &errors);
	if (n)
		print_message("%s", errors.buf);
	assert_int_equal(n, 0);
	buf_release(&errors);
	obs_init(&f->t);
	buf_init(&f->err, 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	config_release(&f->cfg);
	obs_release(&f->t);
	buf_release(&f->err);
	notes_release(&f->notes);
	free(f);
	return 0;
}

/* The source with id, with its rules as configured (the test may change them). */
static struct source *source(struct fx *f, const char *id)
{
	for (size_t i = 0; i < f->cfg.nsources; i++)
		if (!strcmp(f->cfg.sources[i].id, id))
			return &f->cfg.sources[i];
	fail();
	return NULL;
}

static int run(struct fx *f, struct source *s, const char *doc, int year)
{
	struct extract_ctx x = { s, &f->cfg.profile, "page.html", year, &f->notes };
	struct obs_source rec = { 0 };
	size_t src;
	rec.id = s->id;
	src = obs_add_source(&f->t, &rec);
	return (s->kind_id == KIND_HTML_TABLE ? extract_html_table : extract_html_list)
		(&x, doc, strlen(doc), &f->t, src, &f->err);
}

static int run_file(struct fx *f, struct source *s, const char *path, int year)
{
	struct buf doc = BUF_INIT;
	int rc;
	assert_int_equal(file_read(path, &doc, 0, &f->err), 0);
	rc = run(f, s, doc.buf, year);
	buf_release(&doc);
	return rc;
}

/* The value of metric in year (and key), or -1 when there is none. */
static double value(struct fx *f, const char *metric, int year, const char *key)
{
	for (size_t i = 0; i < f->t.n; i++) {
		const struct obs *o = &f->t.v[i];
		if (!strcmp(o->metric, metric) && o->year == year &&
		    ((!key && !o->key) || (key && o->key && !strcmp(key, o->key))))
			return o->value;
	}
	return -1;
}

static void expect_error(struct fx *f, const char *message)
{
	if (!strstr(f->err.buf, message))
		print_message("error \"%s\" lacks \"%s\"\n", f->err.buf, message);
	assert_non_null(strstr(f->err.buf, message));
}

static void html_table__served_pages__give_the_university_row(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "rank-a");
	assert_int_equal(run_file(f, s, "tests/server/files/rank-a-2021.html", 2021), 0);
	assert_int_equal(run_file(f, s, "tests/server/files/rank-a-2022.html", 2022), 0);
	/* 2021: "=401" on the exact name; "Fixture University of Technology"
	 * (300), the nested table in the footer and the script are ignored */
	assert_float_equal(value(f, "rank_a", 2021, NULL), 401, 0);
	assert_float_equal(value(f, "score_a", 2021, NULL), 35.5, 0);
	/* 2022: "801–1000" on "Fixture University Karaganda, Kazakhstan" */
	assert_float_equal(value(f, "rank_a", 2022, NULL), 900.5, 0);
	assert_float_equal(value(f, "rank_a_low", 2022, NULL), 801, 0);
	assert_float_equal(value(f, "rank_a_high", 2022, NULL), 1000, 0);
	assert_true(isnan(value(f, "score_a", 2022, NULL)));	/* empty cell */
	assert_int_equal(f->t.n, 8);
}

static const char page[] =
	"<table class=ranking><tr><th>Rank<th>Institution<th>Year<th>Overall score\n"
	"<tr><td>%s<td>%s<td>2020<td>1,5\n"
	"</table>";

static void html_table__cells__parse_or_fail_with_line_and_column(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "rank-a");
	struct buf doc = BUF_INIT;
	struct selector *sel, *saved = s->table;

	assert_int_equal(selector_parse("table.ranking", &sel, &f->err), 0);
	s->table = sel;
	buf_addf(&doc, page, "Top 5%", "Fixture University");
	assert_int_equal(run(f, s, doc.buf, 2020), -1);
	expect_error(f, "page.html:2: column 1 (metric 'rank_a'): 'Top 5%' is not a rank");
	buf_reset(&doc);
	buf_addf(&doc, page, "12", "FIXTURE  university");
	assert_int_equal(run(f, s, doc.buf, 2020), -1);
	expect_error(f, "page.html:2: column 4 (metric 'score_a'): '1,5' is not a number");
	s->decimal = ',';
	assert_int_equal(run(f, s, doc.buf, 2020), 0);
	assert_float_equal(value(f, "score_a", 2020, NULL), 1.5, 0);
	s->table = saved;
	selector_free(sel);
	buf_release(&doc);
}

static void html_table__structure_problems__fail(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "rank-a");
	assert_int_equal(run(f, s, "<p>maintenance</p>", 2020), -1);
	expect_error(f, "page.html: no element matches the 'table' selector");
	assert_int_equal(run(f, s, "<div class=results><table class=ranking>"
			 "<tr><th>Place<th>Institution</table></div>", 2020), ERR_CONFIG);
	expect_error(f, "no column 'Rank' in the table's header ('Place', 'Institution')");
	assert_int_equal(run(f, s, "{\"rank\": 1}", 2020), -1);
	expect_error(f, "expected HTML, found what looks like JSON");
	assert_int_equal(run(f, s, "", 2020), -1);
	expect_error(f, "the document is empty");
	assert_int_equal(f->t.n, 0);
}

static void html_table__columns_by_number_and_colspan__line_up(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "rank-a");
	static const char doc[] =
		"<div class=results><table class=ranking>"
		"<thead><tr><th colspan=2>Rank</th><th>Institution</th><th>x</th><th>Overall score</th></tr></thead>"
		"<tbody><tr><td>=7</td><td>(=7)</td><td>Фикстура университеті</td><td></td><td>88</td></tr>"
		"</tbody></table></div>";
	/* "Rank" spans columns 1 and 2: the header names column 1 Rank, 2 Rank */
	assert_int_equal(run(f, s, doc, 2019), 0);
	assert_float_equal(value(f, "rank_a", 2019, NULL), 7, 0);
	assert_float_equal(value(f, "rank_a_high", 2019, NULL), 7, 0);
	assert_float_equal(value(f, "score_a", 2019, NULL), 88, 0);
}

static void html_table__university_absent__gives_nothing(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "rank-a");
	assert_int_equal(run(f, s, "<div class=results><table class=ranking><tr><th>Rank"
			 "<th>Institution<th>Overall score<tr><td>1<td>Other<td>3</table></div>",
			 2019), 0);
	assert_int_equal(f->t.n, 0);
	/* said by the runner, not the extractor: one warning kept as a note */
	assert_int_equal(f->notes.n, 1);
	assert_int_equal(f->notes.v[0].level, LOG_WARN);
	assert_non_null(strstr(f->notes.v[0].text,
			       "page.html: the university is not in the table (2 rows)"));
}

static void html_list__items__are_counted_per_year_and_key(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "news");
	assert_int_equal(run_file(f, s, "tests/server/files/news.html", 0), 0);
	/* 2021: rankings 2, partnerships 1; 2022: rankings 1 (an item without
	 * a tag is not counted under news_items, one without a date at all) */
	assert_float_equal(value(f, "news_items", 2021, "rankings"), 2, 0);
	assert_float_equal(value(f, "news_items", 2021, "partnerships"), 1, 0);
	assert_float_equal(value(f, "news_items", 2022, "rankings"), 1, 0);
	assert_float_equal(value(f, "ranking_news", 2021, "QS"), 1, 0);
	assert_float_equal(value(f, "ranking_news", 2021, "THE"), 1, 0);
	assert_float_equal(value(f, "ranking_news", 2022, "QS"), 1, 0);
	assert_int_equal(f->t.n, 6);
}

static void html_list__filter_and_year_regex__select_items(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "news");
	struct html_rule saved = s->year_rule;
	regex_t filter;
	static const char doc[] =
		"<ul class=news><li><h3>Spring 2020: QS result</h3></li>"
		"<li><h3>Autumn 2020: THE result</h3></li>"
		"<li><h3>2021 (Winter): QS result</h3></li>"
		"<li><h3>Undated</h3></li></ul>";

	assert_int_equal(regcomp(&filter, "QS", REG_EXTENDED), 0);
	s->year_rule.sel = NULL;
	s->year_rule.attr = NULL;
	s->year_rule.re = NULL;	/* the item's text; its first four-digit year */
	s->metrics[1].filter = &filter;
	assert_int_equal(run(f, s, doc, 0), 0);
	assert_float_equal(value(f, "ranking_news", 2020, "QS"), 1, 0);
	assert_float_equal(value(f, "ranking_news", 2021, "QS"), 1, 0);
	assert_float_equal(value(f, "ranking_news", 2020, "THE"), -1, 0);
	s->metrics[1].filter = NULL;
	s->year_rule = saved;
	regfree(&filter);
}

static void html_list__nothing_to_count__fails(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "news");
	assert_int_equal(run(f, s, "<ul class=other><li>x</li></ul>", 0), -1);
	expect_error(f, "page.html: no element matches the 'items' selector");
	assert_int_equal(run(f, s, "<ul class=news><li>a</li><li>b</li></ul>", 0), -1);
	expect_error(f, "none of the 2 items has a year");
}

/* doc: a table of the web fixture after open n times, before close n times */
static void wrapped(struct buf *doc, const char *open, const char *close, int n)
{
	buf_reset(doc);
	buf_addstr(doc, "<!DOCTYPE html>\n<body>");
	for (int i = 0; i < n; i++)
		buf_addstr(doc, open);
	buf_addstr(doc, "<div class=results><table class=ranking><tr><th>Rank<th>Institution"
		    "<th>Overall score<tr><td>5<td>Fixture University<td>1</table></div>");
	for (int i = 0; i < n; i++)
		buf_addstr(doc, close);
}

static void html_table__pages_nested_deeper_than_512__are_refused(void **state)
{
	struct fx *f = *state;
	struct source *s = source(f, "rank-a");
	struct buf doc = BUF_INIT;
	/* what does not nest: not counted, however many there are */
	static const char *const flat[][2] = {
		{ "<li>", "" },			/* li closes li */
		{ "<p>", "" }, { "<br>", "" }, { "<img src=x>", "" },
		{ "<a href=x>", "" },			/* a closes an open a */
		{ "<!-- <div> -->", "" },
		{ "<script>if (a<b) x = '<div><div>';</script>", "" },
		{ "<span title='>' data-x=\"<div>\"></span>", "" },
		{ "<svg><path d=M0/></svg>", "" },
		{ "<div></div>", "" },
		{ "<div><span></div>", "" },		/* </div> closes the span too */
	};
	/* what nests: refused past 512 levels */
	static const char *const deep[][2] = {
		{ "<div>", "</div>" }, { "<b>", "</b>" }, { "<ul><li>", "</li></ul>" },
		{ "<table><tr><td>", "</td></tr></table>" },
		{ "<div></i>", "" },			/* an end tag of nothing open */
		{ "<div/>", "" },			/* not self-closing in HTML */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(flat) / sizeof(flat[0]); i++) {
		wrapped(&doc, flat[i][0], flat[i][1], 3000);
		if (run(f, s, doc.buf, 2021))
			print_message("%s: %s\n", flat[i][0], f->err.buf);
		assert_int_equal(run(f, s, doc.buf, 2021 + (int)i), 0);
	}
	for (size_t i = 0; i < sizeof(deep) / sizeof(deep[0]); i++) {
		wrapped(&doc, deep[i][0], deep[i][1], 500);
		assert_int_equal(run(f, s, doc.buf, 2010), 0);
		obs_release(&f->t);
		obs_init(&f->t);
		wrapped(&doc, deep[i][0], deep[i][1], 100000);
		assert_int_equal(run(f, s, doc.buf, 2011), -1);
		expect_error(f, "page.html:2:");
		expect_error(f, ": elements nested deeper than 512; the page is not read");
	}
	wrapped(&doc, "<div>", "</div>", 513);
	assert_int_equal(run(f, s, doc.buf, 2012), -1);
	/* "<body>" then 512 "<div>": the 513th at column 7 + 5 * 512 */
	expect_error(f, "page.html:2:2567: elements nested deeper than 512");
	wrapped(&doc, "\n<div>", "</div>", 513);
	assert_int_equal(run(f, s, doc.buf, 2012), -1);
	expect_error(f, "page.html:515:1: elements nested deeper than 512");
	buf_release(&doc);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(html_table__served_pages__give_the_university_row),
		T(html_table__cells__parse_or_fail_with_line_and_column),
		T(html_table__structure_problems__fail),
		T(html_table__columns_by_number_and_colspan__line_up),
		T(html_table__university_absent__gives_nothing),
		T(html_list__items__are_counted_per_year_and_key),
		T(html_list__filter_and_year_regex__select_items),
		T(html_list__nothing_to_count__fails),
		T(html_table__pages_nested_deeper_than_512__are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
