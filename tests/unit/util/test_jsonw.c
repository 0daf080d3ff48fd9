#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/jsonw.h"
#include "util/buf.h"
#include <cjson/cJSON.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define FFFD "\xef\xbf\xbd"

static const char *str(struct buf *out, const char *s)
{
	buf_reset(out);
	jsonw_string(out, s);
	return out->buf;
}

static const char *num(struct buf *out, double v)
{
	buf_reset(out);
	jsonw_number(out, v);
	return out->buf;
}

static const char *fmt(struct buf *out, double v)
{
	buf_reset(out);
	fmt_double(out, v);
	return out->buf;
}

/* The string that a JSON parser reads back from text. */
static void reads_back_as(const char *text, const char *want)
{
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	assert_true(cJSON_IsString(j));
	assert_string_equal(j->valuestring, want);
	cJSON_Delete(j);
}

static void jsonw_string__quotes_and_backslash__are_escaped(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(str(&out, "say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
	reads_back_as(out.buf, "say \"hi\" \\ bye");
	assert_string_equal(str(&out, ""), "\"\"");
	buf_release(&out);
}

static void jsonw_string__control_characters__are_escaped(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(str(&out, "a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
	assert_string_equal(str(&out, "\x01\x1f\x7f\b\f"),
			    "\"\\u0001\\u001f\\u007f\\u0008\\u000c\"");
	reads_back_as(out.buf, "\x01\x1f\x7f\b\f");
	buf_release(&out);
}

static void jsonw_string__utf8__is_kept_and_invalid_bytes_become_fffd(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(str(&out, "\xc3\x89tudes \xe2\x82\xac \xf0\x9d\x84\x9e"),
			    "\"\xc3\x89tudes \xe2\x82\xac \xf0\x9d\x84\x9e\"");
	assert_string_equal(str(&out, "a\xff" "b\xc3"), "\"a\\ufffdb\\ufffd\"");
	reads_back_as(out.buf, "a" FFFD "b" FFFD);
	/* a surrogate encoded in UTF-8 is not valid either */
	assert_string_equal(str(&out, "\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	buf_release(&out);
}

static void jsonw_string__appends_to_the_buffer(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	buf_addstr(&out, "{\"k\":");
	jsonw_string(&out, "v");
	buf_addch(&out, ',');
	jsonw_string_or_null(&out, NULL);
	buf_addch(&out, ',');
	jsonw_string_or_null(&out, "w");
	buf_addch(&out, '}');
	assert_string_equal(out.buf, "{\"k\":\"v\",null,\"w\"}");
	buf_release(&out);
}

static void jsonw_number__nan_and_infinities__are_null(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(num(&out, NAN), "null");
	assert_string_equal(num(&out, -NAN), "null");
	assert_string_equal(num(&out, INFINITY), "null");
	assert_string_equal(num(&out, -INFINITY), "null");
	assert_string_equal(num(&out, 0.5), "0.5");
	buf_release(&out);
}

static void fmt_double__whole_numbers__print_without_a_fraction_or_exponent(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(fmt(&out, 0), "0");
	assert_string_equal(fmt(&out, -0.0), "0");
	assert_string_equal(fmt(&out, 1), "1");
	assert_string_equal(fmt(&out, -3), "-3");
	assert_string_equal(fmt(&out, 1600), "1600");
	assert_string_equal(fmt(&out, 2024), "2024");
	assert_string_equal(fmt(&out, 1e6), "1000000");
	assert_string_equal(fmt(&out, 999999999999999.0), "999999999999999");
	assert_string_equal(fmt(&out, -999999999999999.0), "-999999999999999");
	buf_release(&out);
}

static void fmt_double__fractions__use_the_shortest_form(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(fmt(&out, 0.1), "0.1");
	assert_string_equal(fmt(&out, 2.5), "2.5");
	assert_string_equal(fmt(&out, -12.75), "-12.75");
	assert_string_equal(fmt(&out, 0.1 + 0.2), "0.30000000000000004");
	assert_string_equal(fmt(&out, 1.0 / 3), "0.3333333333333333");
	assert_string_equal(fmt(&out, 2.0 / 3), "0.6666666666666666");
	assert_string_equal(fmt(&out, 33.3), "33.3");
	buf_release(&out);
}

static void fmt_double__large_and_small_numbers__use_an_exponent(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(fmt(&out, 1e15), "1e+15");
	assert_string_equal(fmt(&out, 1e21), "1e+21");
	assert_string_equal(fmt(&out, -2.5e300), "-2.5e+300");
	assert_string_equal(fmt(&out, 1e-7), "1e-07");
	assert_string_equal(fmt(&out, DBL_MAX), "1.7976931348623157e+308");
	assert_string_equal(fmt(&out, 5e-324), "5e-324");	/* the smallest denormal */
	assert_string_equal(fmt(&out, 123456789012345678.0), "1.2345678901234568e+17");
	buf_release(&out);
}

static void fmt_double__every_value__reads_back_exactly_and_is_valid_json(void **state)
{
	static const double vals[] = {
		0.1, 0.2, 0.7, 1.1, 12.345, 99.99, 1e-300, 3.14159265358979,
		2.718281828459045, 6.02214076e23, 1.5e15, 1e16 + 2, 4503599627370497.0,
		-0.000123, 7e-10, 2.2250738585072014e-308, 1234.5678, 1e22, 9007199254740993.0,
	};
	struct buf out = BUF_INIT;
	char shorter[400];

	(void)state;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		double v = vals[i];
		cJSON *j;
		int digits = 0;

		fmt(&out, v);
		assert_true(strtod(out.buf, NULL) == v);
		j = cJSON_Parse(out.buf);
		assert_non_null(j);
		assert_true(cJSON_IsNumber(j));
		cJSON_Delete(j);
		/* shortest: one significant digit fewer does not read back (leading zeros are not significant) */
		for (const char *p = out.buf; *p && *p != 'e'; p++)
			digits += (*p >= '1' && *p <= '9') || (*p == '0' && digits);
		if (strchr(out.buf, '.') || strchr(out.buf, 'e')) {
			snprintf(shorter, sizeof(shorter), "%.*g", digits - 1, v);
			assert_true(digits == 1 || strtod(shorter, NULL) != v);
		}
	}
	buf_release(&out);
}

static void jsonw_int_and_bool__print_as_json(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	jsonw_int(&out, LLONG_MIN);
	buf_addch(&out, ' ');
	jsonw_int(&out, LLONG_MAX);
	buf_addch(&out, ' ');
	jsonw_int(&out, 0);
	buf_addch(&out, ' ');
	jsonw_bool(&out, true);
	buf_addch(&out, ' ');
	jsonw_bool(&out, false);
	assert_string_equal(out.buf,
		"-9223372036854775808 9223372036854775807 0 true false");
	buf_release(&out);
}

static void jsonw_key_and_kv__members__are_comma_separated_with_nulls(void **state)
{
	struct buf out = BUF_INIT;
	int first = 1;

	(void)state;
	buf_addch(&out, '{');
	jsonw_kv_str(&out, "s", "a\"b", &first);
	jsonw_kv_str(&out, "none", NULL, &first);
	jsonw_kv_num(&out, "x", 0.5, &first);
	jsonw_kv_num(&out, "nan", NAN, &first);
	jsonw_kv_int(&out, "i", -3, &first);
	jsonw_key(&out, "o", &first);
	buf_addstr(&out, "[]}");
	assert_string_equal(out.buf,
		"{\"s\":\"a\\\"b\",\"none\":null,\"x\":0.5,\"nan\":null,\"i\":-3,\"o\":[]}");
	assert_int_equal(first, 0);
	buf_release(&out);
}

static void jsonw_kv_year_and_str_array__no_year_is_null_and_strings_are_escaped(void **state)
{
	struct buf out = BUF_INIT;
	char *v[] = { "a", "b\"" };
	int first = 1;

	(void)state;
	jsonw_kv_year(&out, "from", 2021, &first);
	jsonw_kv_year(&out, "as_of", 0, &first);
	jsonw_key(&out, "none", &first);
	jsonw_str_array(&out, v, 0);
	jsonw_key(&out, "two", &first);
	jsonw_str_array(&out, v, 2);
	assert_string_equal(out.buf,
		"\"from\":2021,\"as_of\":null,\"none\":[],\"two\":[\"a\",\"b\\\"\"]");
	buf_release(&out);
}

static void jsonw_tree__every_number__reads_back_to_the_same_double(void **state)
{
	const char *text = "{\"a\":23.940677966101696,\"b\":[15.299999999999999,0.1,1600,-0,"
			   "1e-300],\"c\":{\"d\":[],\"e\":{},\"f\":null,\"g\":true,"
			   "\"h\":\"x\\u0001y\"}}";
	cJSON *in = cJSON_Parse(text), *back;
	struct buf out = BUF_INIT;

	(void)state;
	assert_non_null(in);
	jsonw_tree(&out, in);
	assert_non_null(strstr(out.buf, "23.940677966101696"));
	assert_non_null(strstr(out.buf, "15.299999999999999"));
	assert_true(out.len && out.buf[out.len - 1] == '\n');
	back = cJSON_Parse(out.buf);
	assert_non_null(back);
	/* cJSON_Compare of numbers is approximate: compare the doubles themselves */
	assert_true(cJSON_GetObjectItem(back, "a")->valuedouble == 23.940677966101696);
	assert_true(cJSON_GetArrayItem(cJSON_GetObjectItem(back, "b"), 0)->valuedouble ==
		    15.299999999999999);
	assert_true(cJSON_GetArrayItem(cJSON_GetObjectItem(back, "b"), 4)->valuedouble == 1e-300);
	assert_true(cJSON_Compare(in, back, 1));
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(back, "c"), "h")->valuestring,
			    "x\001y");
	assert_non_null(strstr(out.buf, "\"d\": []"));
	assert_non_null(strstr(out.buf, "\"e\": {}"));
	cJSON_Delete(in);
	cJSON_Delete(back);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jsonw_string__quotes_and_backslash__are_escaped),
		cmocka_unit_test(jsonw_string__control_characters__are_escaped),
		cmocka_unit_test(jsonw_string__utf8__is_kept_and_invalid_bytes_become_fffd),
		cmocka_unit_test(jsonw_string__appends_to_the_buffer),
		cmocka_unit_test(jsonw_number__nan_and_infinities__are_null),
		cmocka_unit_test(fmt_double__whole_numbers__print_without_a_fraction_or_exponent),
		cmocka_unit_test(fmt_double__fractions__use_the_shortest_form),
		cmocka_unit_test(fmt_double__large_and_small_numbers__use_an_exponent),
		cmocka_unit_test(fmt_double__every_value__reads_back_exactly_and_is_valid_json),
		cmocka_unit_test(jsonw_int_and_bool__print_as_json),
		cmocka_unit_test(jsonw_key_and_kv__members__are_comma_separated_with_nulls),
		cmocka_unit_test(jsonw_kv_year_and_str_array__no_year_is_null_and_strings_are_escaped),
		cmocka_unit_test(jsonw_tree__every_number__reads_back_to_the_same_double),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
