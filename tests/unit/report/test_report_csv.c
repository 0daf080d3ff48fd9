#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/csv.h"
#include "obs/obs.h"
#include "report/report.h"
#include "util/buf.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

#define BOM "\xef\xbb\xbf"

/* A table of one source with the awkward cells: quotes, delimiters, null. */
static void awkward_table(struct obs_table *t)
{
	struct obs_source s = { 0 };
	size_t i;

	obs_init(t);
	s.id = "web";
	s.kind = "csv";
	s.url = "https://example.org/a,b?x=\"1\"";
	s.fetched_at = "2024-01-31T02:00:00Z";
	memcpy(s.sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 65);
	i = obs_add_source(t, &s);
	obs_add(t, i, "students", 2021, "Korea, Republic of", 1.5, 3);
	obs_add(t, i, "students", 2022, "=HYPERLINK(\"x\")", NAN, 4);
	obs_add(t, i, "students", 2023, NULL, -2, 5);
	obs_add_line(t, 2, 6);
	obs_set_pointer(t, 2, "/a/0");
	obs_sort(t);
}

static void report_obs_csv__rfc4180__comma_point_crlf_and_no_bom(void **state)
{
	struct obs_table t;
	struct buf o = BUF_INIT;
	(void)state;

	awkward_table(&t);
	report_obs_csv(&o, &t);
	assert_string_equal(o.buf,
		OBS_CSV_HEADER "\r\n"
		"students,2021,\"Korea, Republic of\",1.5,web,,\"https://example.org/a,b?x=\"\"1\"\"\",3,"
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,2024-01-31T02:00:00Z,3,\r\n"
		"students,2022,\"'=HYPERLINK(\"\"x\"\")\",,web,,\"https://example.org/a,b?x=\"\"1\"\"\",4,"
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,2024-01-31T02:00:00Z,4,\r\n"
		"students,2023,,-2,web,,\"https://example.org/a,b?x=\"\"1\"\"\",5,"
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,2024-01-31T02:00:00Z,5 6,/a/0\r\n");
	buf_release(&o);
	obs_release(&t);
}

static void report_obs_csv_as__excel__bom_semicolon_decimal_comma_and_formula_guard(void **state)
{
	struct obs_table t;
	struct buf o = BUF_INIT;
	(void)state;

	awkward_table(&t);
	report_obs_csv_as(&o, &t, CSV_EXCEL);
	assert_memory_equal(o.buf, BOM "metric;year;key;value;source;", strlen(BOM) + 29);
	assert_non_null(strstr(o.buf, "\r\nstudents;2021;\"Korea, Republic of\";1,5;web;;"));
	/* the text stays text: '=HYPERLINK("x") */
	assert_non_null(strstr(o.buf, "\r\nstudents;2022;\"'=HYPERLINK(\"\"x\"\")\";;web;"));
	/* a negative number is a number, not guarded text */
	assert_non_null(strstr(o.buf, "\r\nstudents;2023;;-2;web;"));
	buf_release(&o);
	obs_release(&t);
}

/* What we write, our RFC 4180 reader reads back cell for cell. */
static void report_obs_csv_as__both_dialects__read_back_by_the_csv_reader(void **state)
{
	static const enum csv_dialect dialects[] = { CSV_RFC4180, CSV_EXCEL };
	(void)state;

	for (int d = 0; d < 2; d++) {
		struct obs_table t;
		struct buf o = BUF_INIT, err = BUF_INIT;
		struct csv c;
		double v;

		awkward_table(&t);
		report_obs_csv_as(&o, &t, dialects[d]);
		csv_init(&c, o.buf, o.len, 0);
		assert_int_equal(csv_next(&c, &err), 1);
		assert_int_equal(c.nfields, 12);
		assert_string_equal(c.fields[0], "metric");
		assert_int_equal(csv_next(&c, &err), 1);
		assert_string_equal(c.fields[2], "Korea, Republic of");
		assert_int_equal(csv_parse_number(c.fields[3], d ? ',' : '.', 0, &v), 1);
		assert_float_equal(v, 1.5, 0);
		assert_string_equal(c.fields[6], "https://example.org/a,b?x=\"1\"");
		assert_int_equal(csv_next(&c, &err), 1);
		assert_string_equal(c.fields[3], "");	/* null */
		assert_int_equal(csv_next(&c, &err), 1);
		assert_string_equal(c.fields[2], "");	/* no key */
		assert_int_equal(csv_next(&c, &err), 0);
		csv_release(&c);
		buf_release(&o);
		buf_release(&err);
		obs_release(&t);
	}
}

static void csvw_num__each_kind_of_number__shortest_form_and_empty_for_null(void **state)
{
	struct buf o = BUF_INIT;
	struct csv_writer w;
	(void)state;

	csvw_init(&w, &o, CSV_RFC4180);
	csvw_num(&w, 0.1);
	csvw_num(&w, 1600);
	csvw_num(&w, NAN);
	csvw_num(&w, INFINITY);
	csvw_num(&w, 1e-7);
	csvw_int(&w, 2019);
	csvw_bool(&w, true);
	csvw_text(&w, NULL);
	csvw_end_row(&w);
	assert_string_equal(o.buf, "0.1,1600,,,1e-07,2019,true,\r\n");
	buf_release(&o);
}

static void csvw_text__rfc4180__quotes_a_leading_equals_sign_too(void **state)
{
	struct buf o = BUF_INIT;
	struct csv_writer w;
	(void)state;

	csvw_init(&w, &o, CSV_RFC4180);
	csvw_text(&w, "=1+1");
	csvw_text(&w, "@x");
	csvw_text(&w, "");
	csvw_end_row(&w);
	assert_string_equal(o.buf, "'=1+1,'@x,\r\n");
	buf_release(&o);
}

static void csvw_header__names__become_one_row(void **state)
{
	struct buf o = BUF_INIT;
	struct csv_writer w;
	(void)state;

	csvw_init(&w, &o, CSV_EXCEL);
	csvw_header(&w, "a,b,c");
	csvw_text(&w, "x");
	csvw_end_row(&w);
	assert_string_equal(o.buf, BOM "a;b;c\r\nx\r\n");
	buf_release(&o);
}

#define T(f) cmocka_unit_test(f)
int main(void)
{
	const struct CMUnitTest tests[] = {
		T(report_obs_csv__rfc4180__comma_point_crlf_and_no_bom),
		T(report_obs_csv_as__excel__bom_semicolon_decimal_comma_and_formula_guard),
		T(report_obs_csv_as__both_dialects__read_back_by_the_csv_reader),
		T(csvw_num__each_kind_of_number__shortest_form_and_empty_for_null),
		T(csvw_text__rfc4180__quotes_a_leading_equals_sign_too),
		T(csvw_header__names__become_one_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
