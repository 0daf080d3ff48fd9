#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/csv.h"
#include "util/buf.h"
#include <math.h>
#include <string.h>
#include "util/banned.h"

#define BOM "\xef\xbb\xbf"

static const char *cell(struct buf *out, const char *s)
{
	buf_reset(out);
	csv_cell(out, s);
	return out->buf;
}

/* One Excel-dialect text cell, alone in its row (BOM and CRLF cut off). */
static const char *excel_text(struct buf *out, const char *s)
{
	struct csv_writer w;

	buf_reset(out);
	csvw_init(&w, out, CSV_EXCEL);
	csvw_text(&w, s);
	assert_memory_equal(out->buf, BOM, 3);
	memmove(out->buf, out->buf + 3, out->len - 2);
	out->len -= 3;
	return out->buf;
}

static const char *excel_num(struct buf *out, double v)
{
	struct csv_writer w;

	buf_reset(out);
	csvw_init(&w, out, CSV_EXCEL);
	csvw_num(&w, v);
	return out->buf + 3;
}

static void csv_cell__plain_text__is_written_as_is(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(cell(&out, "Fixture University"), "Fixture University");
	assert_string_equal(cell(&out, " padded "), " padded ");
	assert_string_equal(cell(&out, "\xd0\x90\xd0\xbb\xd0\xbc\xd0\xb0\xd1\x82\xd1\x8b"),
			    "\xd0\x90\xd0\xbb\xd0\xbc\xd0\xb0\xd1\x82\xd1\x8b");
	assert_string_equal(cell(&out, ""), "");
	assert_string_equal(cell(&out, NULL), "");
	buf_release(&out);
}

static void csv_cell__delimiters_quotes_and_newlines__are_quoted(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(cell(&out, "Smith, J."), "\"Smith, J.\"");
	assert_string_equal(cell(&out, "a;b"), "\"a;b\"");
	assert_string_equal(cell(&out, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(cell(&out, "\""), "\"\"\"\"");
	assert_string_equal(cell(&out, "two\nlines"), "\"two\nlines\"");
	assert_string_equal(cell(&out, "cr\rhere"), "\"cr\rhere\"");
	buf_release(&out);
}

static void csvw__rfc4180__has_commas_points_crlf_and_no_bom(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csvw_init(&w, &out, CSV_RFC4180);
	assert_int_equal(out.len, 0);
	csvw_header(&w, "year,value,name,ok");
	csvw_int(&w, 2024);
	csvw_num(&w, 12.5);
	csvw_text(&w, "a, b");
	csvw_bool(&w, true);
	csvw_end_row(&w);
	csvw_int(&w, -7);
	csvw_num(&w, -0.25);
	csvw_text(&w, "=1+1");
	csvw_bool(&w, false);
	csvw_end_row(&w);
	assert_string_equal(out.buf,
		"year,value,name,ok\r\n"
		"2024,12.5,\"a, b\",true\r\n"
		"-7,-0.25,'=1+1,false\r\n");
	buf_release(&out);
}

static void csvw_num__null__is_an_empty_cell_never_zero(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csvw_init(&w, &out, CSV_RFC4180);
	csvw_num(&w, NAN);
	csvw_num(&w, 0);
	csvw_text(&w, NULL);
	csvw_num(&w, INFINITY);
	csvw_end_row(&w);
	assert_string_equal(out.buf, ",0,,\r\n");
	buf_release(&out);
}

static void csvw__excel__starts_with_a_bom_and_uses_semicolons(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csvw_init(&w, &out, CSV_EXCEL);
	csvw_header(&w, "year,value,name");
	csvw_int(&w, 2023);
	csvw_num(&w, NAN);
	csvw_text(&w, "Smith; J.");
	csvw_end_row(&w);
	assert_string_equal(out.buf,
		BOM "year;value;name\r\n"
		"2023;;\"Smith; J.\"\r\n");
	buf_release(&out);
}

static void csvw_num__excel__writes_a_decimal_comma(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(excel_num(&out, 12.5), "12,5");
	assert_string_equal(excel_num(&out, -0.25), "-0,25");
	assert_string_equal(excel_num(&out, 1600), "1600");
	assert_string_equal(excel_num(&out, 0.1 + 0.2), "0,30000000000000004");
	assert_string_equal(excel_num(&out, 2.5e20), "2,5e+20");
	assert_string_equal(excel_num(&out, NAN), "");
	buf_release(&out);
}

static void csvw_text__excel_formula_lookalikes__get_a_leading_quote(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(excel_text(&out, "=HYPERLINK(\"http://x\")"),
			    "\"'=HYPERLINK(\"\"http://x\"\")\"");
	assert_string_equal(excel_text(&out, "=1+1"), "'=1+1");
	assert_string_equal(excel_text(&out, "+7"), "'+7");
	assert_string_equal(excel_text(&out, "-2"), "'-2");
	assert_string_equal(excel_text(&out, "@SUM(A1)"), "'@SUM(A1)");
	assert_string_equal(excel_text(&out, "=a;b"), "\"'=a;b\"");
	/* only a leading character counts */
	assert_string_equal(excel_text(&out, "a=b-c+d@e"), "a=b-c+d@e");
	assert_string_equal(excel_text(&out, ""), "");
	assert_string_equal(excel_text(&out, NULL), "");
	buf_release(&out);
}

static void csv_cell__formula_lookalikes__get_a_leading_quote_in_every_dialect(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(cell(&out, "=HYPERLINK(\"http://x\",\"y\")"),
			    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_string_equal(cell(&out, "+7"), "'+7");
	assert_string_equal(cell(&out, "-2"), "'-2");
	assert_string_equal(cell(&out, "@SUM(A1)"), "'@SUM(A1)");
	assert_string_equal(cell(&out, "\tcmd"), "'\tcmd");
	assert_string_equal(cell(&out, "\rcmd"), "\"'\rcmd\"");
	assert_string_equal(cell(&out, "=a,b"), "\"'=a,b\"");
	/* only a leading character counts; empty and null stay empty */
	assert_string_equal(cell(&out, "a=b-c+d@e"), "a=b-c+d@e");
	assert_string_equal(cell(&out, "'=quoted"), "'=quoted");
	assert_string_equal(cell(&out, ""), "");
	assert_string_equal(cell(&out, NULL), "");
	buf_release(&out);
}

static void csvw_num_and_int__rfc4180_negative_numbers__stay_numbers(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csvw_init(&w, &out, CSV_RFC4180);
	csvw_int(&w, -5);
	csvw_num(&w, -1.5);
	csvw_text(&w, "-1.5");
	csvw_end_row(&w);
	assert_string_equal(out.buf, "-5,-1.5,'-1.5\r\n");
	buf_release(&out);
}

static void csvw_num_and_int__excel_negative_numbers__stay_numbers(void **state)
{
	struct buf out = BUF_INIT;
	struct csv_writer w;

	(void)state;
	csvw_init(&w, &out, CSV_EXCEL);
	csvw_int(&w, -5);
	csvw_num(&w, -1.5);
	csvw_end_row(&w);
	assert_string_equal(out.buf, BOM "-5;-1,5\r\n");
	buf_release(&out);
}

/* Writes awkward cells in dialect d and reads them back with the CSV reader. */
static void round_trip(enum csv_dialect d, char delim)
{
	static const char *const texts[] = {
		"plain", "a,b", "a;b", "q\"uote", "two\nlines", "", "\xc3\xa9t\xc3\xa9",
	};
	enum { N = sizeof(texts) / sizeof(texts[0]) };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct csv_writer w;
	struct csv c;

	csvw_init(&w, &out, d);
	csvw_header(&w, "a,b,c,d,e,f,g");
	for (int i = 0; i < N; i++)
		csvw_text(&w, texts[i]);
	csvw_end_row(&w);
	csv_init(&c, out.buf, out.len, delim);
	assert_int_equal(csv_next(&c, &err), 1);
	assert_int_equal(c.nfields, N);
	assert_string_equal(c.fields[0], "a");
	assert_string_equal(c.fields[6], "g");
	assert_int_equal(csv_next(&c, &err), 1);
	assert_int_equal(c.nfields, N);
	for (int i = 0; i < N; i++)
		assert_string_equal(c.fields[i], texts[i]);
	assert_int_equal(csv_next(&c, &err), 0);
	csv_release(&c);
	buf_release(&out);
	buf_release(&err);
}

static void csvw__both_dialects__read_back_through_the_csv_reader(void **state)
{
	(void)state;
	round_trip(CSV_RFC4180, ',');
	round_trip(CSV_EXCEL, ';');
	round_trip(CSV_EXCEL, 0);	/* auto-detection finds ';' */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_cell__plain_text__is_written_as_is),
		cmocka_unit_test(csv_cell__delimiters_quotes_and_newlines__are_quoted),
		cmocka_unit_test(csvw__rfc4180__has_commas_points_crlf_and_no_bom),
		cmocka_unit_test(csvw_num__null__is_an_empty_cell_never_zero),
		cmocka_unit_test(csvw__excel__starts_with_a_bom_and_uses_semicolons),
		cmocka_unit_test(csvw_num__excel__writes_a_decimal_comma),
		cmocka_unit_test(csvw_text__excel_formula_lookalikes__get_a_leading_quote),
		cmocka_unit_test(csv_cell__formula_lookalikes__get_a_leading_quote_in_every_dialect),
		cmocka_unit_test(csvw_num_and_int__rfc4180_negative_numbers__stay_numbers),
		cmocka_unit_test(csvw_num_and_int__excel_negative_numbers__stay_numbers),
		cmocka_unit_test(csvw__both_dialects__read_back_through_the_csv_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
