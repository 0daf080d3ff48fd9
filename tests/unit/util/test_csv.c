#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/csv.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define BOM "\xef\xbb\xbf"

/* Each test owns one reader and one error buffer. */
struct fx {
	struct csv c;
	struct buf err;
	char *data;	/* owned when read from a file */
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	buf_init(&f->err, 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	csv_release(&f->c);
	buf_release(&f->err);
	free(f->data);
	free(f);
	return 0;
}

static struct csv *open_str(void **state, const char *s, char delim)
{
	struct fx *f = *state;

	csv_release(&f->c);
	csv_init(&f->c, s, strlen(s), delim);
	return &f->c;
}

/* Reads a whole file into f->data; returns NULL when it cannot be opened. */
static struct csv *open_file(void **state, const char *path, char delim)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n, len;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	assert_false(ferror(fp));
	fclose(fp);
	f->data = buf_detach(&b, &len);
	csv_init(&f->c, f->data, len, delim);
	return &f->c;
}

/* Asserts that the next record starts on line `line` and holds `want`. */
static void next_is(void **state, int line, size_t n, const char *const *want)
{
	struct fx *f = *state;

	assert_int_equal(csv_next(&f->c, &f->err), 1);
	assert_int_equal(f->c.line, line);
	assert_int_equal(f->c.nfields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(f->c.fields[i], want[i]);
}

#define NEXT(state, line, ...)                                              \
	next_is(state, line,                                                 \
		sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *), \
		(const char *[]){ __VA_ARGS__ })

static void at_end(void **state)
{
	struct fx *f = *state;

	assert_int_equal(csv_next(&f->c, &f->err), 0);
	assert_int_equal(csv_next(&f->c, &f->err), 0);
}

static void fails_with(void **state, const char *msg)
{
	struct fx *f = *state;

	assert_int_equal(csv_next(&f->c, &f->err), -1);
	assert_string_equal(f->err.buf, msg);
}

static void csv_next__bom__is_skipped(void **state)
{
	open_str(state, BOM "a,b\n1,2\n", 0);
	NEXT(state, 1, "a", "b");
	NEXT(state, 2, "1", "2");
	at_end(state);
}

static void csv_next__bom_in_a_later_field__is_kept(void **state)
{
	open_str(state, "a," BOM "b\n", 0);
	NEXT(state, 1, "a", BOM "b");
	at_end(state);
}

static void csv_next__crlf__ends_records(void **state)
{
	open_str(state, "a,b\r\n1,2\r\n", 0);
	NEXT(state, 1, "a", "b");
	NEXT(state, 2, "1", "2");
	at_end(state);
}

static void csv_next__mixed_line_endings__all_end_records(void **state)
{
	open_str(state, "a\r\nb\nc\rd\r\n", 0);
	NEXT(state, 1, "a");
	NEXT(state, 2, "b");
	NEXT(state, 3, "c");
	NEXT(state, 4, "d");
	at_end(state);
}

static void csv_next__no_trailing_newline__reads_last_record(void **state)
{
	open_str(state, "a,b\n1,\"2\"", 0);
	NEXT(state, 1, "a", "b");
	NEXT(state, 2, "1", "2");
	at_end(state);
}

static void csv_next__quoted_delimiter__stays_in_field(void **state)
{
	open_str(state, "\"Lyon, France\",x\n", 0);
	NEXT(state, 1, "Lyon, France", "x");
	at_end(state);
}

static void csv_next__doubled_quotes__become_one(void **state)
{
	open_str(state, "\"say \"\"hi\"\"\",\"\"\"\"\n", 0);
	NEXT(state, 1, "say \"hi\"", "\"");
	at_end(state);
}

static void csv_next__quoted_newline__stays_in_field(void **state)
{
	open_str(state, "h1,h2\n\"one\ntwo\nthree\",x\nnext,y\n\"a\nb\",z", 0);
	NEXT(state, 1, "h1", "h2");
	NEXT(state, 2, "one\ntwo\nthree", "x");
	NEXT(state, 5, "next", "y");
	NEXT(state, 6, "a\nb", "z");
	at_end(state);
}

static void csv_next__quoted_crlf__is_kept_and_counted(void **state)
{
	open_str(state, "\"a\r\nb\",1\r\nc,2\r\n", 0);
	NEXT(state, 1, "a\r\nb", "1");
	NEXT(state, 3, "c", "2");
	at_end(state);
}

static void csv_init__semicolon_majority__detects_semicolon(void **state)
{
	struct csv *c = open_str(state, "name;share;n\r\nLyon, FR;12,5;3\r\n", 0);

	assert_int_equal(c->delim, ';');
	NEXT(state, 1, "name", "share", "n");
	NEXT(state, 2, "Lyon, FR", "12,5", "3");
	at_end(state);
}

static void csv_init__tab_majority__detects_tab(void **state)
{
	struct csv *c = open_str(state, "a\tb\tc\n1,5\t2;3\t\n", 0);

	assert_int_equal(c->delim, '\t');
	NEXT(state, 1, "a", "b", "c");
	NEXT(state, 2, "1,5", "2;3", "");
	at_end(state);
}

static void csv_init__delimiters_inside_quotes__are_not_counted(void **state)
{
	struct csv *c = open_str(state, "\"a;b;c\nd;e\",f\n", 0);

	assert_int_equal(c->delim, ',');
	NEXT(state, 1, "a;b;c\nd;e", "f");
	at_end(state);
}

static void csv_init__only_first_line__is_counted(void **state)
{
	struct csv *c = open_str(state, "\n\na,b\nc;d;e;f\n", 0);

	assert_int_equal(c->delim, ',');
}

static void csv_init__tie__falls_back_to_comma(void **state)
{
	assert_int_equal(open_str(state, "a;b\tc\n", 0)->delim, ',');
	assert_int_equal(open_str(state, "abc\n", 0)->delim, ',');
	assert_int_equal(open_str(state, "", 0)->delim, ',');
	assert_int_equal(open_str(state, BOM, 0)->delim, ',');
}

static void csv_init__explicit_delimiter__overrides_detection(void **state)
{
	open_str(state, "a;b,c;d\n", ',');
	NEXT(state, 1, "a;b", "c;d");
	at_end(state);
}

static void csv_next__unterminated_quote__names_start_line(void **state)
{
	open_str(state, "a,b\n1,2\n3,\"open\nstill open\nend\n", 0);
	NEXT(state, 1, "a", "b");
	NEXT(state, 2, "1", "2");
	fails_with(state, "line 3: unterminated quoted field");
	at_end(state);
}

static void csv_next__unterminated_later_field__names_its_line(void **state)
{
	open_str(state, "\"a\nb\",\"c\nd\ne\n", 0);
	fails_with(state, "line 2: unterminated quoted field");
}

static void csv_next__text_after_closing_quote__is_error(void **state)
{
	open_str(state, "a\n\"x\ny\"z,1\n", 0);
	NEXT(state, 1, "a");
	fails_with(state, "line 3: unexpected character after closing quote");
}

static void csv_next__quote_after_closing_quote_and_space__is_error(void **state)
{
	open_str(state, "\"a\" \"b\"\n", 0);
	fails_with(state, "line 1: unexpected character after closing quote");
}

static void csv_next__spaces_after_closing_quote__are_tolerated(void **state)
{
	open_str(state, "\"a\"  ,\"b\"\t\r\n\"c\" ", 0);
	NEXT(state, 1, "a", "b");
	NEXT(state, 2, "c");
	at_end(state);
}

static void csv_next__tab_after_quote_with_tab_delimiter__delimits(void **state)
{
	open_str(state, "\"a\"\t\tb\n", '\t');
	NEXT(state, 1, "a", "", "b");
	at_end(state);
}

static void csv_next__blank_lines__are_skipped(void **state)
{
	open_str(state, "\r\n\na,b\n\n\r\n1,2\r\n\r\n\n3,4\n\n", 0);
	NEXT(state, 3, "a", "b");
	NEXT(state, 6, "1", "2");
	NEXT(state, 9, "3", "4");
	at_end(state);
}

static void csv_next__empty_cells__are_empty_strings(void **state)
{
	open_str(state, "a,,b\n,,\n\"\",x,\n,\n", 0);
	NEXT(state, 1, "a", "", "b");
	NEXT(state, 2, "", "", "");
	NEXT(state, 3, "", "x", "");
	NEXT(state, 4, "", "");
	at_end(state);
}

static void csv_next__quoted_empty_line__is_a_record(void **state)
{
	open_str(state, "\"\"\n\n\"\"", 0);
	NEXT(state, 1, "");
	NEXT(state, 3, "");
	at_end(state);
}

static void csv_next__whitespace_line__is_not_blank(void **state)
{
	open_str(state, "a\n \n\tb\n", 0);
	NEXT(state, 1, "a");
	NEXT(state, 2, " ");
	NEXT(state, 3, "\tb");
	at_end(state);
}

static void csv_next__quote_inside_unquoted_field__is_literal(void **state)
{
	open_str(state, "5\" disk,O'Brien \"Jr\",a\"\"b\n", 0);
	NEXT(state, 1, "5\" disk", "O'Brien \"Jr\"", "a\"\"b");
	at_end(state);
}

static void csv_next__space_before_quote__is_unquoted(void **state)
{
	open_str(state, "a, \"b, c\"\n", 0);
	NEXT(state, 1, "a", " \"b", " c\"");
	at_end(state);
}

static void csv_next__trailing_delimiter_at_end__gives_empty_field(void **state)
{
	open_str(state, "a,b,", 0);
	NEXT(state, 1, "a", "b", "");
	at_end(state);
}

static void csv_next__ragged_rows__are_returned_as_they_are(void **state)
{
	open_str(state, "a,b,c\n1\n1,2,3,4\n", 0);
	NEXT(state, 1, "a", "b", "c");
	NEXT(state, 2, "1");
	NEXT(state, 3, "1", "2", "3", "4");
	at_end(state);
}

static void csv_next__utf8_text__passes_through(void **state)
{
	open_str(state, "\"M\xc3\xbcnchen\";\xe4\xb8\xad\xe5\x9b\xbd\n", 0);
	NEXT(state, 1, "M\xc3\xbcnchen", "\xe4\xb8\xad\xe5\x9b\xbd");
	at_end(state);
}

static void csv_next__empty_input__is_end(void **state)
{
	open_str(state, "", 0);
	at_end(state);
	open_str(state, BOM, 0);
	at_end(state);
	open_str(state, "\r\n\n\r", 0);
	at_end(state);
}

static void csv_next__nul_byte__is_error(void **state)
{
	struct fx *f = *state;
	static const char utf16[] = "\xff\xfe" "a\0,\0b\0";

	csv_init(&f->c, utf16, sizeof(utf16) - 1, 0);
	fails_with(state, "line 1: nul byte in input (utf-16 or binary file?)");
	csv_release(&f->c);
	csv_init(&f->c, "a\n\"x\0\"", 6, 0);
	NEXT(state, 1, "a");
	fails_with(state, "line 2: nul byte in input (utf-16 or binary file?)");
}

static void csv_next__fields__stay_valid_until_next_call(void **state)
{
	struct fx *f = *state;
	char *a, *b;

	open_str(state, "first,second\nthird\n", 0);
	assert_int_equal(csv_next(&f->c, &f->err), 1);
	a = f->c.fields[0];
	b = f->c.fields[1];
	assert_string_equal(a, "first");
	assert_string_equal(b, "second");
	assert_ptr_equal(a + strlen(a) + 1, b);
}

/* cmark-style guard: quadratic behaviour would take minutes, not seconds. */
static void csv_next__ten_megabyte_field__is_read_in_linear_time(void **state)
{
	struct fx *f = *state;
	size_t n = 10u << 20, len = 0, nl = 0, pairs = 0;
	char *s = xmalloc(n + 16);
	clock_t t0 = clock();

	s[len++] = '"';
	while (len < n) {
		s[len++] = 'x';
		if (len % 64 == 0) {
			s[len++] = '\n';
			nl++;
		}
		if (len % 100 == 0) {
			s[len++] = '"';
			s[len++] = '"';
			pairs++;
		}
	}
	s[len++] = '"';
	s[len++] = ',';
	s[len++] = '1';
	f->data = s;
	csv_init(&f->c, s, len, 0);
	assert_int_equal(csv_next(&f->c, &f->err), 1);
	assert_int_equal(f->c.nfields, 2);
	assert_int_equal(strlen(f->c.fields[0]), len - 4 - pairs);
	assert_string_equal(f->c.fields[1], "1");
	assert_int_equal(f->c.line, 1);
	assert_int_equal(f->c.next_line, 1 + (int)nl);
	at_end(state);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
}

static void csv_next__million_rows__are_read_in_linear_time(void **state)
{
	struct fx *f = *state;
	size_t rows = 1000000, len = 0;
	char *s = xmalloc(rows * 8 + 1);
	clock_t t0 = clock();
	size_t got = 0;
	int r;

	for (size_t i = 0; i < rows; i++) {
		memcpy(s + len, "a,\"b\",c\n", 8);
		len += 8;
	}
	f->data = s;
	csv_init(&f->c, s, len, 0);
	while ((r = csv_next(&f->c, &f->err)) == 1) {
		got++;
		if (f->c.nfields != 3 || f->c.fields[1][0] != 'b')
			fail_msg("bad record at line %d", f->c.line);
	}
	assert_int_equal(r, 0);
	assert_int_equal(got, rows);
	assert_int_equal(f->c.line, (int)rows);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
}

static void csv_next__excel_european_fixture__reads(void **state)
{
	double v;

	if (!open_file(state, "tests/fixtures/csv/excel_semicolon_bom_crlf.csv", 0))
		fail_msg("fixture missing: run from the repository root");
	NEXT(state, 1, "Institution", "Country", "Papers", "Share");
	NEXT(state, 2, "Universit\xc3\xa9 de Lyon; campus Nord", "FR",
	     "1" NBSP "234", "12,5");
	assert_int_equal(csv_parse_number(((struct fx *)*state)->c.fields[2],
					  ',', ' ', &v), 1);
	assert_float_equal(v, 1234, 0);
	NEXT(state, 3, "Line one\r\nline two", "DE", "7", "0,25");
	NEXT(state, 5, "Say \"hi\"", "IT", "", "");
	at_end(state);
}

static void csv_next__tab_fixture__reads(void **state)
{
	if (!open_file(state, "tests/fixtures/csv/tab_no_final_newline.tsv", 0))
		fail_msg("fixture missing: run from the repository root");
	assert_int_equal(((struct fx *)*state)->c.delim, '\t');
	NEXT(state, 1, "id", "title", "year");
	NEXT(state, 2, "1", "A\ttabbed title", "2021");
	NEXT(state, 3, "2", "5\" floppy disks", "2019");
	at_end(state);
}

static void csv_next__scopus_sample__has_9_records_of_45_fields(void **state)
{
	struct fx *f = *state;
	int n = 0, r;

	if (!open_file(state, "../shared/realdata/scopus_sample.csv", 0)) {
		print_message("../shared/realdata/scopus_sample.csv absent: skipped\n");
		skip();
	}
	assert_int_equal(f->c.delim, ',');
	while ((r = csv_next(&f->c, &f->err)) == 1) {
		n++;
		assert_int_equal(f->c.line, n);
		assert_int_equal(f->c.nfields, 45);
	}
	assert_int_equal(r, 0);
	assert_int_equal(n, 9);
}

static void csv_parse_number__plain_numbers__parse(void **state)
{
	double v;

	(void)state;
	assert_int_equal(csv_parse_number("42", '.', 0, &v), 1);
	assert_float_equal(v, 42, 0);
	assert_int_equal(csv_parse_number("  -3.5 ", '.', 0, &v), 1);
	assert_float_equal(v, -3.5, 0);
	assert_int_equal(csv_parse_number("+7", '.', 0, &v), 1);
	assert_float_equal(v, 7, 0);
	assert_int_equal(csv_parse_number(".5", '.', 0, &v), 1);
	assert_float_equal(v, 0.5, 0);
	assert_int_equal(csv_parse_number("1.5E-2", '.', 0, &v), 1);
	assert_float_equal(v, 0.015, 1e-15);
	assert_int_equal(csv_parse_number("2e+3", '.', ',', &v), 1);
	assert_float_equal(v, 2000, 0);
	assert_int_equal(csv_parse_number("007", '.', 0, &v), 1);
	assert_float_equal(v, 7, 0);
}

static void csv_parse_number__decimal_comma__parses(void **state)
{
	double v;

	(void)state;
	assert_int_equal(csv_parse_number("3,14", ',', 0, &v), 1);
	assert_float_equal(v, 3.14, 1e-12);
	assert_int_equal(csv_parse_number("-0,25", ',', '.', &v), 1);
	assert_float_equal(v, -0.25, 0);
	assert_int_equal(csv_parse_number("3.14", ',', 0, &v), -1);
	assert_int_equal(csv_parse_number("1e5", ',', 0, &v), -1);
}

static void csv_parse_number__thousands_groups__parse(void **state)
{
	double v;

	(void)state;
	assert_int_equal(csv_parse_number("1 234 567,5", ',', ' ', &v), 1);
	assert_float_equal(v, 1234567.5, 0);
	assert_int_equal(csv_parse_number("1,234,567.25", '.', ',', &v), 1);
	assert_float_equal(v, 1234567.25, 0);
	assert_int_equal(csv_parse_number("1.234,5", ',', '.', &v), 1);
	assert_float_equal(v, 1234.5, 0);
	assert_int_equal(csv_parse_number("1'234.5", '.', '\'', &v), 1);
	assert_float_equal(v, 1234.5, 0);
	assert_int_equal(csv_parse_number("1\xe2\x80\x99" "234", '.', '\'', &v), 1);
	assert_float_equal(v, 1234, 0);
	assert_int_equal(csv_parse_number("-999", '.', ',', &v), 1);
	assert_float_equal(v, -999, 0);
	/* Grouping is allowed, not required. */
	assert_int_equal(csv_parse_number("1234567", '.', ',', &v), 1);
	assert_float_equal(v, 1234567, 0);
}

static void csv_parse_number__bad_groups__are_not_numbers(void **state)
{
	double v = 99;

	(void)state;
	assert_int_equal(csv_parse_number("12,34", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number("1,2345", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number("1234,567", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number("1,,234", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number("1,234,", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number(",234", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number("1.234,5", '.', ',', &v), -1);
	assert_int_equal(csv_parse_number("1 234", '.', 0, &v), -1);
	assert_int_equal(csv_parse_number("1 234", ',', '.', &v), -1);
	assert_int_equal(csv_parse_number("1,5", ',', ',', &v), -1);
	assert_float_equal(v, 99, 0);
}

static void csv_parse_number__nbsp__groups_and_trims(void **state)
{
	double v;

	(void)state;
	assert_int_equal(csv_parse_number("1" NBSP "234,5", ',', ' ', &v), 1);
	assert_float_equal(v, 1234.5, 0);
	assert_int_equal(csv_parse_number("12" NNBSP "345" NNBSP "678", ',', ' ',
					  &v), 1);
	assert_float_equal(v, 12345678, 0);
	assert_int_equal(csv_parse_number(NBSP "42" NBSP, '.', 0, &v), 1);
	assert_float_equal(v, 42, 0);
	assert_int_equal(csv_parse_number("1" NBSP "234", '.', 0, &v), -1);
	assert_int_equal(csv_parse_number("1" NBSP "234", ',', '.', &v), -1);
}

static void csv_parse_number__empty__is_null_not_zero(void **state)
{
	double v;

	(void)state;
	assert_int_equal(csv_parse_number("", '.', 0, &v), 0);
	assert_int_equal(csv_parse_number("   ", ',', ' ', &v), 0);
	assert_int_equal(csv_parse_number(" \t" NBSP " ", '.', 0, &v), 0);
}

static void csv_parse_number__garbage__is_not_a_number(void **state)
{
	static const char *const bad[] = {
		"abc", "nan", "NaN", "inf", "-inf", "Infinity", "0x1A", "0X10",
		"1.2.3", "12abc", "12 abc", "-", "+", ".", "-.", "e5", "1e", "1e+",
		"1e5x", "--5", "- 5", "+-5", "1e999", "-1e999", "5%", "1,5",
		"\xe2\x88\x92" "5", "1_000",
	};
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (csv_parse_number(bad[i], '.', 0, &v) != -1)
			fail_msg("\"%s\" was taken for a number", bad[i]);
	}
	assert_int_equal(csv_parse_number("1", ';', 0, &v), -1);
}

static void csv_parse_number__long_input__parses(void **state)
{
	char s[200];
	double v;

	(void)state;
	memset(s, '0', sizeof(s));
	s[0] = '1';
	s[150] = '.';
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(csv_parse_number(s, '.', 0, &v), 1);
	assert_float_equal(v, 1e149, 1e135);
	s[10] = 'x';
	assert_int_equal(csv_parse_number(s, '.', 0, &v), -1);
}

/* A program that calls setlocale must not make "1.5" unreadable. */
static void csv_parse_number__comma_locale__still_parses(void **state)
{
	static const char *const names[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
	};
	const char *ok = NULL;
	double v = 0;
	int r;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !ok; i++)
		ok = setlocale(LC_NUMERIC, names[i]);
	if (!ok) {
		print_message("no comma-decimal locale installed: skipped\n");
		skip();
	}
	r = csv_parse_number("1 234,5", ',', ' ', &v);
	setlocale(LC_NUMERIC, "C");
	assert_int_equal(r, 1);
	assert_float_equal(v, 1234.5, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

static void csv_from_utf16__le_and_be_with_bom__give_utf8(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	/* "a,é\n" little-endian, then U+1F600 as a surrogate pair big-endian */
	assert_int_equal(csv_from_utf16("\xff\xfe" "a\0,\0\xe9\0\n\0", 10, &out), 1);
	assert_string_equal(out.buf, "a,\xc3\xa9\n");
	assert_int_equal(csv_from_utf16("\xfe\xff" "\xd8\x3d\xde\x00", 6, &out), 1);
	assert_string_equal(out.buf, "\xf0\x9f\x98\x80");
	/* a lone surrogate and a NUL are U+FFFD */
	assert_int_equal(csv_from_utf16("\xff\xfe" "\x00\xd8" "\0\0", 6, &out), 1);
	assert_string_equal(out.buf, "\xef\xbf\xbd\xef\xbf\xbd");
	buf_reset(&out);
	assert_int_equal(csv_from_utf16("year,v\n", 7, &out), 0);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

/* A title, a note and a blank line above the header (review item 5). */
static void csv_skip_to_header__header_row__skips_the_lines_above_whatever_they_hold(void **state)
{
	const char *text = "Register, 2026\n# kept by hand\r\n\nid,from\nA,2024\n";
	const char *p = text;
	size_t len = strlen(text);

	(void)state;
	assert_int_equal(csv_skip_to_header(&p, &len, "#", 4), 3);
	assert_true(!strncmp(p, "id,from\n", 8) && len == 15);
	/* without it: the leading comment lines only (none here: a title first) */
	p = text;
	len = strlen(text);
	assert_int_equal(csv_skip_to_header(&p, &len, "R", 0), 1);
	assert_true(p == text + 15);
	/* past the end, or a blank line */
	p = text;
	len = strlen(text);
	assert_int_equal(csv_skip_to_header(&p, &len, NULL, 7), -1);
	assert_int_equal(csv_skip_to_header(&p, &len, NULL, 3), -2);
	assert_true(p == text && len == strlen(text));
	assert_int_equal(csv_skip_to_header(&p, &len, NULL, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_from_utf16__le_and_be_with_bom__give_utf8),
		cmocka_unit_test(csv_skip_to_header__header_row__skips_the_lines_above_whatever_they_hold),
		T(csv_next__bom__is_skipped),
		T(csv_next__bom_in_a_later_field__is_kept),
		T(csv_next__crlf__ends_records),
		T(csv_next__mixed_line_endings__all_end_records),
		T(csv_next__no_trailing_newline__reads_last_record),
		T(csv_next__quoted_delimiter__stays_in_field),
		T(csv_next__doubled_quotes__become_one),
		T(csv_next__quoted_newline__stays_in_field),
		T(csv_next__quoted_crlf__is_kept_and_counted),
		T(csv_init__semicolon_majority__detects_semicolon),
		T(csv_init__tab_majority__detects_tab),
		T(csv_init__delimiters_inside_quotes__are_not_counted),
		T(csv_init__only_first_line__is_counted),
		T(csv_init__tie__falls_back_to_comma),
		T(csv_init__explicit_delimiter__overrides_detection),
		T(csv_next__unterminated_quote__names_start_line),
		T(csv_next__unterminated_later_field__names_its_line),
		T(csv_next__text_after_closing_quote__is_error),
		T(csv_next__quote_after_closing_quote_and_space__is_error),
		T(csv_next__spaces_after_closing_quote__are_tolerated),
		T(csv_next__tab_after_quote_with_tab_delimiter__delimits),
		T(csv_next__blank_lines__are_skipped),
		T(csv_next__empty_cells__are_empty_strings),
		T(csv_next__quoted_empty_line__is_a_record),
		T(csv_next__whitespace_line__is_not_blank),
		T(csv_next__quote_inside_unquoted_field__is_literal),
		T(csv_next__space_before_quote__is_unquoted),
		T(csv_next__trailing_delimiter_at_end__gives_empty_field),
		T(csv_next__ragged_rows__are_returned_as_they_are),
		T(csv_next__utf8_text__passes_through),
		T(csv_next__empty_input__is_end),
		T(csv_next__nul_byte__is_error),
		T(csv_next__fields__stay_valid_until_next_call),
		T(csv_next__ten_megabyte_field__is_read_in_linear_time),
		T(csv_next__million_rows__are_read_in_linear_time),
		T(csv_next__excel_european_fixture__reads),
		T(csv_next__tab_fixture__reads),
		T(csv_next__scopus_sample__has_9_records_of_45_fields),
		T(csv_parse_number__plain_numbers__parse),
		T(csv_parse_number__decimal_comma__parses),
		T(csv_parse_number__thousands_groups__parse),
		T(csv_parse_number__bad_groups__are_not_numbers),
		T(csv_parse_number__nbsp__groups_and_trims),
		T(csv_parse_number__empty__is_null_not_zero),
		T(csv_parse_number__garbage__is_not_a_number),
		T(csv_parse_number__long_input__parses),
		T(csv_parse_number__comma_locale__still_parses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
