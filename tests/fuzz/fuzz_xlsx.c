/*
 * libFuzzer harness: the xlsx reader (util/xlsx.h), sheet "Data", every
 * cell of every row touched. An input starting with "PK" is a whole
 * workbook; any other input is XML for the parts a mutation would
 * otherwise rarely reach through deflate: the shared strings, then after
 * a line "--" the sheet, packed here with fixed workbook, relationship
 * and style parts. Seeds are written by tests/fuzz/seeds.sh.
 */
#include "util/xlsx.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zip.h>

#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define RELS "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parts around sst and sheet, zipped (stored) into out; 0 or -1. */
static int pack(const char *sst, size_t sst_len, const char *sheet, size_t sheet_len,
		struct buf *out)
{
	static const char *const fixed[][2] = {
		{ "_rels/.rels", RELS "<Relationship Id=\"r1\" Type=\"" REL "officeDocument\" "
		  "Target=\"xl/workbook.xml\"/></Relationships>" },
		{ "xl/workbook.xml", "<workbook><workbookPr date1904=\"0\"/><sheets><sheet "
		  "name=\"Data\" r:id=\"r1\"/></sheets></workbook>" },
		{ "xl/_rels/workbook.xml.rels", RELS "<Relationship Id=\"r1\" Type=\"" REL
		  "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"r2\" Type=\"" REL
		  "sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"r3\" Type=\"" REL
		  "styles\" Target=\"styles.xml\"/></Relationships>" },
		{ "xl/styles.xml", "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"d/m/yyyy\"/>"
		  "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
		  "</cellXfs></styleSheet>" },
	};
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_int64_t len, got = 0;
	int rc = -1;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (size_t i = 0; z && i < 4; i++)
		zip_file_add(z, fixed[i][0], zip_source_buffer(z, fixed[i][1], strlen(fixed[i][1]), 0), 0);
	if (z) {
		zip_file_add(z, "xl/sharedStrings.xml", zip_source_buffer(z, sst, sst_len, 0), 0);
		zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, sheet, sheet_len, 0), 0);
		for (zip_int64_t i = 0; i < 6; i++)
			zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
	}
	if (z && !zip_close(z) && !zip_source_open(src)) {
		zip_source_seek(src, 0, SEEK_END);
		len = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		while (got < len) {
			char chunk[4096];
			zip_int64_t k = zip_source_read(src, chunk, sizeof(chunk));
			if (k <= 0)
				break;
			buf_add(out, chunk, (size_t)k);
			got += k;
		}
		zip_source_close(src);
		rc = got == len ? 0 : -1;
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

/* The first "\n--\n" of d, or NULL. */
static const char *separator(const char *d, size_t size)
{
	for (size_t i = 0; i + 4 <= size; i++)
		if (!memcmp(d + i, "\n--\n", 4))
			return d + i;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	struct xlsx_sheet s;
	struct buf err = BUF_INIT, wb = BUF_INIT;
	size_t n = 0;

	if (!(size >= 2 && !memcmp(d, "PK", 2))) {
		const char *sep = separator(d, size);
		size_t sl = sep ? (size_t)(sep - d) : 0;
		if (pack(d, sl, sep ? sep + 4 : d, sep ? size - sl - 4 : size, &wb)) {
			buf_release(&wb);
			return 0;
		}
		d = wb.buf;
		size = wb.len;
	}
	if (!xlsx_read_sheet(d, size, "Data", (size_t)1 << 22, &s, &err)) {
		for (size_t i = 0; i < s.nrows; i++)
			for (size_t k = 0; k < s.rows[i].ncells; k++)
				n += strlen(s.rows[i].cells[k]);
		xlsx_sheet_release(&s);
	}
	buf_release(&err);
	buf_release(&wb);
	return n == SIZE_MAX;
}
