#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract/json.h"
#include "lang/jsonpath.h"
#include "util/jsonpos.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* A json source built in place: one metric, optional year, key, match. */
struct fx {
	struct source s;
	struct metric_map m;
	struct profile p;
	char *aliases[2];
	struct obs_table t;
	struct buf err;
};

static struct fx *fx_new(const char *value, const char *year, const char *key,
			 const char *match, enum rank_pick rank)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	f->s.id = "j";
	f->s.kind_id = KIND_JSON;
	f->s.metrics = &f->m;
	f->s.nmetrics = 1;
	f->m.name = "m";
	f->m.value.name = (char *)value;
	f->m.rank = rank;
	if (year) {
		f->s.has_year = true;
		f->s.year.name = (char *)year;
	}
	if (key) {
		f->m.has_key = true;
		f->m.key.name = (char *)key;
	}
	if (match) {
		f->s.has_match = true;
		f->s.match.name = (char *)match;
	}
	f->p.name = "Fixture University";
	f->aliases[0] = "FU";
	f->aliases[1] = "Université Fixture";
	f->p.aliases = f->aliases;
	f->p.naliases = 2;
	f->p.year_from = 2019;
	f->p.year_to = 2023;
	obs_init(&f->t);
	buf_init(&f->err, 0);
	return f;
}

static int run(struct fx *f, const char *doc, int page_year)
{
	struct extract_ctx x = { &f->s, &f->p, "doc.json", page_year, NULL };
	size_t src;
	struct obs_source rec = { 0 };
	rec.id = "j";
	src = obs_add_source(&f->t, &rec);
	return extract_json(&x, doc, strlen(doc), &f->t, src, &f->err);
}

static void fx_free(struct fx *f)
{
	obs_release(&f->t);
	buf_release(&f->err);
	free(f);
}

static double value_of(struct fx *f, int year, const char *key)
{
	for (size_t i = 0; i < f->t.n; i++)
		if (f->t.v[i].year == year &&
		    ((!key && !f->t.v[i].key) ||
		     (key && f->t.v[i].key && !strcmp(key, f->t.v[i].key))))
			return f->t.v[i].value;
	return -1;
}

static const char editions[] =
	"{\"editions\": [\n"
	" {\"year\": 2021, \"rows\": [{\"name\": \"Universit\xc3\xa9 Fixture\", \"rank\": \"=12\"},\n"
	"                          {\"name\": \"Other\", \"rank\": 5}]},\n"
	" {\"year\": \"2022\", \"rows\": [{\"name\": \"Other\", \"rank\": \"11-20\"},\n"
	"                            {\"name\": \"FU\", \"rank\": 10},\n"
	"                            {\"name\": \"Fixture University Almaty\", \"rank\": 3}]}\n"
	"]}\n";

static void extract_json__ranks_of_the_university__per_edition(void **state)
{
	struct fx *f = fx_new("/editions/*/rows/*/rank", "/editions/*/year", NULL,
			      "/editions/*/rows/*/name", RANK_MID);
	(void)state;
	assert_int_equal(run(f, editions, 0), 0);
	/* 2021 "=12" for the alias; 2022 the exact "FU" (10) beats the
	 * name-and-city row (3), which only starts with the name */
	assert_int_equal(f->t.n, 2);
	assert_float_equal(value_of(f, 2021, NULL), 12, 0);
	assert_float_equal(value_of(f, 2022, NULL), 10, 0);
	assert_int_equal(f->t.v[0].line, 2);	/* the line of the value */
	fx_free(f);
}

static void extract_json__keys_and_numbers__become_observations(void **state)
{
	static const char doc[] =
		"{\"results\": [{\"year\": 2020, \"country\": \"KZ\", \"count\": 3},"
		" {\"year\": 2020, \"country\": \"CN\", \"count\": \"4.5\"},"
		" {\"year\": 2021, \"country\": 7, \"count\": null},"
		" {\"year\": 2021, \"country\": \"FR\"}]}";
	struct fx *f = fx_new("/results/*/count", "/results/*/year",
			      "/results/*/country", NULL, RANK_NONE);
	(void)state;
	assert_int_equal(run(f, doc, 0), 0);
	/* the fourth element has no count: no observation; null is null */
	assert_int_equal(f->t.n, 3);
	assert_float_equal(value_of(f, 2020, "KZ"), 3, 0);
	assert_float_equal(value_of(f, 2020, "CN"), 4.5, 0);
	assert_true(isnan(value_of(f, 2021, "7")));
	fx_free(f);
}

static void extract_json__page_year__applies_without_a_year_path(void **state)
{
	struct fx *f = fx_new("/total", NULL, NULL, NULL, RANK_NONE);
	(void)state;
	assert_int_equal(run(f, "{\"total\": 42}", 2022), 0);
	assert_float_equal(value_of(f, 2022, NULL), 42, 0);
	fx_free(f);
}

static void extract_json__escapes_and_indexes__step_exactly(void **state)
{
	struct fx *f = fx_new("/a~1b/1/c~0d", NULL, NULL, NULL, RANK_NONE);
	(void)state;
	assert_int_equal(run(f, "{\"a/b\": [{\"c~d\": 1}, {\"c~d\": 2}]}", 2020), 0);
	assert_float_equal(value_of(f, 2020, NULL), 2, 0);
	fx_free(f);
}

static void expect_error(const char *value, const char *year, const char *doc,
			 const char *message)
{
	struct fx *f = fx_new(value, year, NULL, NULL, RANK_NONE);
	assert_int_equal(run(f, doc, year ? 0 : 2020), -1);
	if (!strstr(f->err.buf, message))
		print_message("error \"%s\" lacks \"%s\"\n", f->err.buf, message);
	assert_non_null(strstr(f->err.buf, message));
	assert_int_equal(f->t.n, 0);	/* all or nothing */
	fx_free(f);
}

static void extract_json__bad_documents__fail_with_position(void **state)
{
	(void)state;
	expect_error("/a", NULL, "{\"a\": 1,\n \"b\": }", "doc.json:2:7: invalid JSON near here");
	expect_error("/a", NULL, "{\"a\": 1} trailing", "invalid JSON near here");
	expect_error("/a", NULL, "  <!DOCTYPE html><html></html>", "expected JSON, found HTML");
	expect_error("/a", NULL, " \n ", "the document is empty");
	expect_error("/a", NULL, "{\"a\": {\"b\": 1}}", "doc.json:1:7: metric 'm': expected a number, found an object");
	expect_error("/a", NULL, "{\"a\": \"12x\"}", "'12x' is not a number");
	expect_error("/r/*/v", "/r/*/y", "{\"r\": [{\"y\": \"soon\", \"v\": 1}]}",
		     "'year' (/r/*/y): expected a year such as 2021");
	expect_error("/r/*/v", "/r/*/y", "{\"r\": [{\"y\": 2020, \"v\": 1}, {\"y\": 2020, \"v\": 2}]}",
		     "a second value for metric 'm', year 2020");
}

/* cJSON stops at 1,000 levels: the message says so, not only "invalid" */
static void extract_json__nested_past_1000__says_so(void **state)
{
	struct buf doc = BUF_INIT;
	(void)state;
	for (int depth = 999; depth <= 1001; depth++) {
		buf_reset(&doc);
		buf_addstr(&doc, "{\"s\": \"[[[{{\", \"a\": ");	/* brackets in strings do not count */
		for (int i = 0; i < depth - 1; i++)
			buf_addch(&doc, '[');
		for (int i = 0; i < depth - 1; i++)
			buf_addch(&doc, ']');
		buf_addch(&doc, '}');
		if (depth <= 1000) {
			expect_error("/a", NULL, doc.buf, "metric 'm': expected a number, found an array");
		} else {
			expect_error("/a", NULL, doc.buf,
				     "doc.json:1:1020: invalid JSON near here (nested deeper than 1000 levels)");
		}
	}
	expect_error("/a", NULL, "{\"a\": [}", "invalid JSON near here");
	buf_release(&doc);
}

static void extract_json__rank_cells__must_be_ranks(void **state)
{
	struct fx *f = fx_new("/r", NULL, NULL, NULL, RANK_MID);
	(void)state;
	assert_int_equal(run(f, "{\"r\": \"Top 5%\"}", 2020), -1);
	assert_non_null(strstr(f->err.buf, "'Top 5%' is not a rank"));
	fx_free(f);
	f = fx_new("/r", NULL, NULL, NULL, RANK_MID);
	assert_int_equal(run(f, "{\"r\": \"1001+\"}", 2020), 0);
	assert_true(isnan(value_of(f, 2020, NULL)));	/* open band: no midpoint */
	fx_free(f);
}

static void json_path_check__syntax__is_checked(void **state)
{
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(json_path_check("/a/*/b", &err), 0);
	assert_int_equal(json_path_check("/", &err), 0);
	assert_int_equal(json_path_check("a/b", &err), -1);
	assert_non_null(strstr(err.buf, "starts with '/'"));
	assert_int_equal(json_path_check("/a~2", &err), -1);
	assert_int_equal(json_path_check("/*/*/*/*/*/*/*/*/*", &err), -1);
	assert_non_null(strstr(err.buf, "more than 8"));
	buf_release(&err);
}

static void json_path_aligned__wildcards__line_up_or_not(void **state)
{
	struct buf err = BUF_INIT;
	(void)state;
	assert_int_equal(json_path_aligned("/e/*/r/*/v", "/e/*/year", &err), 0);
	assert_int_equal(json_path_aligned("/e/*/r/*/v", "/e/*/r/*/name", &err), 0);
	assert_int_equal(json_path_aligned("/e/*/r/*/v", "/meta/year", &err), 0);
	assert_int_equal(json_path_aligned("/e/*/r/*/v", "/x/*/year", &err), -1);
	assert_int_equal(json_path_aligned("/e/*/v", "/e/*/r/*/name", &err), -1);
	buf_release(&err);
}


/* QS's endpoint: scores per lens, one entry per indicator_name */
static const char qs_rows[] =
	"{\"score_nodes\": [\n"
	" {\"title\": \"Other\", \"scores\": {\"Global Engagement\": [\n"
	"   {\"indicator_name\": \"International Student Ratio\", \"score\": \"99.0\"}]}},\n"
	" {\"title\": \"Fixture University\", \"scores\": {\"Research\": [\n"
	"   {\"indicator_name\": \"Academic Reputation\", \"score\": \"40.1\"}],\n"
	"   \"Global Engagement\": [\n"
	"   {\"indicator_name\": \"International Faculty Ratio\", \"score\": \"3.5\"},\n"
	"   {\"indicator_name\": \"International Student Ratio\", \"score\": \"12.5\"}]}}]}\n";

static void extract_json__filter_step__takes_the_entry_whose_member_matches(void **state)
{
	struct fx *f = fx_new("/score_nodes/*/scores/*/[indicator_name=International Student Ratio]/score",
			      NULL, NULL, "/score_nodes/*/title", RANK_NONE);
	(void)state;
	assert_int_equal(run(f, qs_rows, 2023), 0);
	/* the university's row only; the lens without the indicator yields nothing */
	assert_int_equal(f->t.n, 1);
	assert_float_equal(value_of(f, 2023, NULL), 12.5, 0);
	fx_free(f);
}

static void extract_json__filter_without_a_match__yields_nothing(void **state)
{
	struct fx *f = fx_new("/score_nodes/*/scores/*/[indicator_name=International Research Network]/score",
			      NULL, NULL, "/score_nodes/*/title", RANK_NONE);
	(void)state;
	/* an indicator of later editions: no observation (no data), not a null */
	assert_int_equal(run(f, qs_rows, 2023), 0);
	assert_int_equal(f->t.n, 0);
	fx_free(f);
}

static void extract_json__percent_and_withheld_cells__are_the_number_and_null(void **state)
{
	static const char doc[] =
		"{\"data\": [{\"year\": 2021, \"pc\": \"34%\"}, {\"year\": 2022, \"pc\": \" 7.5 % \"},"
		" {\"year\": 2023, \"pc\": \"n/a\"}, {\"year\": 2024, \"pc\": \"\u2014\"},"
		" {\"year\": 2025, \"pc\": \"\"}]}";
	struct fx *f = fx_new("/data/*/pc", "/data/*/year", NULL, NULL, RANK_NONE);
	(void)state;
	assert_int_equal(run(f, doc, 0), 0);
	assert_float_equal(value_of(f, 2021, NULL), 34, 0);
	assert_float_equal(value_of(f, 2022, NULL), 7.5, 0);
	/* withheld: null (not published), never 0 */
	assert_true(isnan(value_of(f, 2023, NULL)));
	assert_true(isnan(value_of(f, 2024, NULL)));
	assert_true(isnan(value_of(f, 2025, NULL)));
	fx_free(f);
}

static void extract_json__percent_sign_alone__is_not_a_number(void **state)
{
	struct fx *f = fx_new("/data/*/pc", "/data/*/year", NULL, NULL, RANK_NONE);
	(void)state;
	assert_int_equal(run(f, "{\"data\": [{\"year\": 2021, \"pc\": \"%\"}]}", 0), -1);
	assert_non_null(strstr(f->err.buf, "is not a number"));
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extract_json__ranks_of_the_university__per_edition),
		cmocka_unit_test(extract_json__keys_and_numbers__become_observations),
		cmocka_unit_test(extract_json__page_year__applies_without_a_year_path),
		cmocka_unit_test(extract_json__escapes_and_indexes__step_exactly),
		cmocka_unit_test(extract_json__bad_documents__fail_with_position),
		cmocka_unit_test(extract_json__nested_past_1000__says_so),
		cmocka_unit_test(extract_json__rank_cells__must_be_ranks),
		cmocka_unit_test(json_path_check__syntax__is_checked),
		cmocka_unit_test(json_path_aligned__wildcards__line_up_or_not),
		cmocka_unit_test(extract_json__filter_step__takes_the_entry_whose_member_matches),
		cmocka_unit_test(extract_json__filter_without_a_match__yields_nothing),
		cmocka_unit_test(extract_json__percent_and_withheld_cells__are_the_number_and_null),
		cmocka_unit_test(extract_json__percent_sign_alone__is_not_a_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
