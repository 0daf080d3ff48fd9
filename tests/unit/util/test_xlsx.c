#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/xlsx.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "util/banned.h"

/*
 * Each test writes its workbook in memory with libzip, part by part, as a
 * spreadsheet program does: the package's and the workbook's
 * relationships, workbook.xml with sheets "Notes" and "Data", shared
 * strings, styles (xf 1: built-in date 14; 2: custom yyyy-mm-dd; 3:
 * percent 10) and the sheet "Data" with the rows given.
 */
#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define RELS "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"

struct part {
	const char *name, *text;
};

/* A ZIP of parts into out. */
static void zip_parts(const struct part *p, size_t n, struct buf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_int64_t len;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, p[i].text, strlen(p[i].text), 0);
		assert_true(zip_file_add(z, p[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	zip_source_seek(src, 0, SEEK_END);
	len = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	buf_reset(out);
	for (zip_int64_t got = 0; got < len;) {
		char chunk[4096];
		zip_int64_t k = zip_source_read(src, chunk, sizeof(chunk));
		assert_true(k > 0);
		buf_add(out, chunk, (size_t)k);
		got += k;
	}
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
}

/* A workbook whose sheet "Data" has sheet_data; date1904 and the shared strings as given. */
static void workbook(struct buf *out, const char *sheet_data, int date1904, const char *sst)
{
	char wb[1024], sheet[8192], strings[2048];
	struct part p[] = {
		{ "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas."
		  "openxmlformats.org/package/2006/content-types\"/>" },
		{ "_rels/.rels", "<?xml version=\"1.0\"?>" RELS "<Relationship Id=\"rId1\" Type=\"" REL
		  "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" },
		{ "xl/workbook.xml", wb },
		{ "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?>" RELS
		  "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		  "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
		  "<Relationship Id=\"rId3\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
		  "<Relationship Id=\"rId4\" Type=\"" REL "styles\" Target=\"styles.xml\"/></Relationships>" },
		{ "xl/sharedStrings.xml", strings },
		{ "xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\">"
		  "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd;@\"/></numFmts>"
		  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
		  "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
		  "<xf numFmtId=\"10\"/></cellXfs></styleSheet>" },
		{ "xl/worksheets/sheet1.xml", sheet },
		{ "xl/worksheets/sheet2.xml", "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
		  "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>notes</t></is></c></row>"
		  "</sheetData></worksheet>" },
	};

	snprintf(wb, sizeof(wb), "<?xml version=\"1.0\"?><workbook " NS "><workbookPr date1904=\"%d\"/>"
		 "<sheets><sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId2\"/>"
		 "<sheet name=\"Data\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>", date1904);
	snprintf(sheet, sizeof(sheet), "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>%s"
		 "</sheetData></worksheet>", sheet_data);
	snprintf(strings, sizeof(strings), "<?xml version=\"1.0\"?><sst " NS ">%s</sst>", sst);
	zip_parts(p, sizeof(p) / sizeof(p[0]), out);
}

#define SST "<si><t>year</t></si><si><t>country</t></si><si><t>India</t></si>" \
	    "<si><r><t>Pak</t></r><r><t xml:space=\"preserve\">istan</t></r><rPh><t>x</t></rPh></si>"

struct fx {
	struct buf wb, err;
	struct xlsx_sheet s;
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	buf_init(&f->wb, 0);
	buf_init(&f->err, 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	xlsx_sheet_release(&f->s);
	buf_release(&f->wb);
	buf_release(&f->err);
	free(f);
	return 0;
}

static int read_data(struct fx *f, const char *rows, int date1904)
{
	workbook(&f->wb, rows, date1904, SST);
	return xlsx_read_sheet(f->wb.buf, f->wb.len, "Data", 1 << 20, &f->s, &f->err);
}

static void xlsx_read_sheet__strings_numbers_booleans_errors__as_stored(void **state)
{
	struct fx *f = *state;

	if (read_data(f, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		      "<c r=\"C1\" t=\"inlineStr\"><is><r><t>sha</t></r><r><t>re</t></r></is></c></row>"
		      "<row r=\"2\"><c r=\"A2\"><v>2021</v></c><c r=\"B2\" t=\"s\"><v>3</v></c>"
		      "<c r=\"C2\" s=\"3\"><v>0.055</v></c><c r=\"D2\" t=\"b\"><v>1</v></c>"
		      "<c r=\"E2\" t=\"e\"><v>#N/A</v></c><c r=\"F2\" t=\"str\"><f>\"x\"</f><v>x</v></c></row>", 0))
		fail_msg("%s", f->err.buf);
	assert_int_equal(f->s.nrows, 2);
	assert_int_equal(f->s.rows[0].number, 1);
	assert_int_equal(f->s.rows[0].ncells, 3);
	assert_string_equal(f->s.rows[0].cells[0], "year");
	assert_string_equal(f->s.rows[0].cells[2], "share");
	assert_string_equal(f->s.rows[1].cells[0], "2021");
	/* rich text runs joined, the phonetic run left out */
	assert_string_equal(f->s.rows[1].cells[1], "Pakistan");
	/* shown as 5.5% by its style, stored as 0.055 */
	assert_string_equal(f->s.rows[1].cells[2], "0.055");
	assert_string_equal(f->s.rows[1].cells[3], "TRUE");
	assert_string_equal(f->s.rows[1].cells[4], "#N/A");
	assert_string_equal(f->s.rows[1].cells[5], "x");
	/* numbers are marked as stored (a decimal comma applies to text only) */
	assert_int_equal(f->s.rows[1].stored[0], 1);
	assert_int_equal(f->s.rows[1].stored[2], 1);
	assert_int_equal(f->s.rows[0].stored[0], 0);
	assert_int_equal(f->s.rows[1].stored[1], 0);
	assert_int_equal(f->s.rows[1].stored[3], 0);
	assert_int_equal(f->s.rows[1].stored[4], 0);
	assert_int_equal(f->s.rows[1].stored[5], 0);
}

static void xlsx_read_sheet__date_styles__give_iso_dates(void **state)
{
	struct fx *f = *state;

	/* 44440 = 2021-09-01 (1900 system); .4375 of a day = 10:30 */
	if (read_data(f, "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44440</v></c><c r=\"B1\" s=\"2\">"
		      "<v>44805.4375</v></c><c r=\"C1\" s=\"1\"><v>59</v></c><c r=\"D1\" s=\"1\">"
		      "<v>61</v></c><c r=\"E1\"><v>44440</v></c></row>", 0))
		fail_msg("%s", f->err.buf);
	assert_string_equal(f->s.rows[0].cells[0], "2021-09-01");
	assert_int_equal(f->s.rows[0].stored[0], 0);	/* a date is text, not a number */
	assert_string_equal(f->s.rows[0].cells[1], "2022-09-01T10:30:00");
	/* Excel's 1900-02-29 (60) does not exist: 59 and 61 are the days around it */
	assert_string_equal(f->s.rows[0].cells[2], "1900-02-28");
	assert_string_equal(f->s.rows[0].cells[3], "1900-03-01");
	/* the same number without a date style stays a number */
	assert_string_equal(f->s.rows[0].cells[4], "44440");
}

static void xlsx_read_sheet__date1904__counts_from_1904(void **state)
{
	struct fx *f = *state;

	/* 42978 in the 1904 system = 44440 in the 1900 one */
	if (read_data(f, "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>42978</v></c></row>", 1))
		fail_msg("%s", f->err.buf);
	assert_string_equal(f->s.rows[0].cells[0], "2021-09-01");
}

static void xlsx_read_sheet__sparse_cells_and_empty_rows__are_padded_and_left_out(void **state)
{
	struct fx *f = *state;

	if (read_data(f, "<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"D2\"><v>2</v></c></row>"
		      "<row r=\"3\"><c r=\"A3\" s=\"1\"/><c r=\"B3\" t=\"inlineStr\"><is><t></t></is></c></row>"
		      "<row r=\"5\"><c><v>7</v></c><c><v>8</v></c></row>", 0))
		fail_msg("%s", f->err.buf);
	assert_int_equal(f->s.nrows, 2);
	assert_int_equal(f->s.rows[0].number, 2);
	assert_int_equal(f->s.rows[0].ncells, 4);
	assert_string_equal(f->s.rows[0].cells[0], "");
	assert_string_equal(f->s.rows[0].cells[1], "1");
	assert_string_equal(f->s.rows[0].cells[2], "");
	assert_string_equal(f->s.rows[0].cells[3], "2");
	/* cells without a reference follow each other */
	assert_int_equal(f->s.rows[1].number, 5);
	assert_string_equal(f->s.rows[1].cells[1], "8");
}

static void xlsx_read_sheet__formula_without_value__is_an_error_naming_the_cell(void **state)
{
	struct fx *f = *state;

	assert_int_equal(read_data(f, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
				   "<row r=\"2\"><c r=\"AB2\"><f>A1+1</f></c></row>", 0), ERR_DATA);
	assert_non_null(strstr(f->err.buf, "cell AB2 holds a formula without a stored value"));
	assert_int_equal(f->s.nrows, 0);
	xlsx_sheet_release(&f->s);
	/* openpyxl writes such a formula with an empty <v></v> */
	buf_reset(&f->err);
	assert_int_equal(read_data(f, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
				   "<row r=\"2\"><c r=\"D2\"><f>A1*2</f><v></v></c></row>", 0), ERR_DATA);
	assert_non_null(strstr(f->err.buf, "cell D2 holds a formula without a stored value"));
	xlsx_sheet_release(&f->s);
	/* a text formula whose value is the empty string is a value */
	buf_reset(&f->err);
	assert_int_equal(read_data(f, "<row r=\"1\"><c r=\"A1\"><v>1</v></c>"
				   "<c r=\"B1\" t=\"str\"><f>\"\"</f><v></v></c></row>", 0), 0);
}

static void xlsx_read_sheet__missing_sheet__is_a_config_error_listing_the_sheets(void **state)
{
	struct fx *f = *state;

	workbook(&f->wb, "", 0, SST);
	assert_int_equal(xlsx_read_sheet(f->wb.buf, f->wb.len, "Daten", 1 << 20, &f->s, &f->err),
			 ERR_CONFIG);
	assert_string_equal(f->err.buf, "the workbook has no sheet 'Daten' (its sheets: 'Notes', 'Data')");
	buf_reset(&f->err);
	if (xlsx_read_sheet(f->wb.buf, f->wb.len, "Notes", 1 << 20, &f->s, &f->err))
		fail_msg("%s", f->err.buf);
	assert_string_equal(f->s.rows[0].cells[0], "notes");
}

static void xlsx_read_sheet__not_a_workbook__is_a_data_error(void **state)
{
	struct fx *f = *state;
	struct part p[] = { { "hello.txt", "hello" } };

	assert_int_equal(xlsx_read_sheet("year,v\n", 7, "Data", 1 << 20, &f->s, &f->err), ERR_DATA);
	assert_non_null(strstr(f->err.buf, "not an xlsx workbook"));
	zip_parts(p, 1, &f->wb);
	assert_int_equal(xlsx_read_sheet(f->wb.buf, f->wb.len, "Data", 1 << 20, &f->s, &f->err),
			 ERR_DATA);
	assert_non_null(strstr(f->err.buf, "no part 'xl/workbook.xml'"));
}

static void xlsx_read_sheet__doctype_and_bad_xml__are_refused(void **state)
{
	struct fx *f = *state;

	workbook(&f->wb, "<row r=\"1\"><c r=\"A1\"><v>1</v></row>", 0, SST);
	assert_int_equal(xlsx_read_sheet(f->wb.buf, f->wb.len, "Data", 1 << 20, &f->s, &f->err),
			 ERR_DATA);
	assert_non_null(strstr(f->err.buf, "not well-formed XML"));
	workbook(&f->wb, "", 0, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><si><t>&a;</t></si>");
	assert_int_equal(xlsx_read_sheet(f->wb.buf, f->wb.len, "Data", 1 << 20, &f->s, &f->err),
			 ERR_DATA);
}

static void xlsx_read_sheet__part_over_max_bytes__is_refused(void **state)
{
	struct fx *f = *state;

	workbook(&f->wb, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", 0, SST);
	assert_int_equal(xlsx_read_sheet(f->wb.buf, f->wb.len, "Data", 100, &f->s, &f->err),
			 ERR_DATA);
	assert_non_null(strstr(f->err.buf, "larger than max_bytes"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(xlsx_read_sheet__strings_numbers_booleans_errors__as_stored),
		T(xlsx_read_sheet__date_styles__give_iso_dates),
		T(xlsx_read_sheet__date1904__counts_from_1904),
		T(xlsx_read_sheet__sparse_cells_and_empty_rows__are_padded_and_left_out),
		T(xlsx_read_sheet__formula_without_value__is_an_error_naming_the_cell),
		T(xlsx_read_sheet__missing_sheet__is_a_config_error_listing_the_sheets),
		T(xlsx_read_sheet__not_a_workbook__is_a_data_error),
		T(xlsx_read_sheet__doctype_and_bad_xml__are_refused),
		T(xlsx_read_sheet__part_over_max_bytes__is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
