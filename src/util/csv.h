#ifndef UTIL_CSV_H
#define UTIL_CSV_H
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * CSV in and out. The reader (csv.c): RFC 4180 over a buffer in memory. Handles a UTF-8 BOM, CRLF or LF
 * (or a mix), quoted fields with delimiters, doubled quotes and newlines
 * inside, and `,` `;` or tab delimiters (auto-detected from the first line
 * when delimiter is 0: the most frequent of the three outside quotes).
 * The reader borrows the input; the fields of a record belong to the reader
 * and stay valid until the next csv_next or csv_release.
 */
struct csv {
	const char *data;	/* borrowed */
	size_t len, pos;
	char delim;
	bool literal;		/* quotes are text (tab exports that never quote); false after csv_init */
	int line;		/* line where the current record starts (1-based) */
	int next_line;
	char **fields;		/* owned: fields of the current record */
	size_t nfields, afields;
	struct buf scratch;
};

/* delimiter: ',', ';', '\t' or 0 for auto-detection. */
void csv_init(struct csv *c, const char *data, size_t len, char delimiter);
/*
 * Reads the next record. Returns 1 with c->fields/c->nfields set, 0 at end
 * of input, -1 on malformed input (an unterminated quote, text after a
 * closing quote) with err naming the line. A blank line is skipped.
 */
int csv_next(struct csv *c, struct buf *err);
void csv_release(struct csv *c);
/* The index of the current record's field named name (a header; leading
 * spaces ignored), or -1. */
int csv_column(const struct csv *c, const char *name);

/*
 * Moves *data (*len bytes, after any BOM) to a table's header line: with
 * header_row (1-based; 0 = not set) past the header_row - 1 lines above
 * it, whatever they hold (a title, notes); else past the leading lines
 * that start with comment (NULL or "": none). Returns how many lines it
 * skipped (for csv.next_line), -1 when the data have fewer than
 * header_row lines, -2 when line header_row is blank.
 */
int csv_skip_to_header(const char **data, size_t *len, const char *comment, int header_row);

/*
 * Text saved as UTF-16 (a byte order mark FF FE or FE FF: Excel's "Unicode
 * Text", Web of Science's "Tab-delimited (Win, UTF-16)") as UTF-8 in out,
 * without the mark; a lone surrogate becomes U+FFFD. Returns 1 when data
 * was UTF-16 (out filled), 0 when it has no such mark (out untouched).
 */
int csv_from_utf16(const char *data, size_t len, struct buf *out);

/*
 * Parses a numeric cell: leading/trailing spaces ignored; `decimal` is '.'
 * or ','; `thousands` is 0 (none) or the separator (' ', '.', ',', '\'')
 * that may group digits by three. Returns 1 with *out set, 0 for an empty
 * cell (null, never zero), -1 when it is not a number.
 */
int csv_parse_number(const char *s, char decimal, char thousands, double *out);

/*
 * The writer (csv_write.c). CSV dialects. Both: UTF-8, a header row, CRLF, quotes only where needed
 * (RFC 4180), an empty cell for null, ISO 8601 times. CSV_RFC4180 has ','
 * and a decimal point; CSV_EXCEL is for a European Excel: a UTF-8 BOM, ';'
 * and a decimal comma. In both, text that a spreadsheet would run as a
 * formula is neutralised (csv_cell); numbers are written as numbers.
 */
enum csv_dialect { CSV_RFC4180, CSV_EXCEL };
/*
 * One CSV text cell, quoted when it needs to be (RFC 4180), with a
 * leading quote (') when it starts like a formula, so that a spreadsheet
 * shows "=HYPERLINK(...)" as text; every CSV the program writes puts its
 * text through here (docs/analyst.md). Numbers never come here.
 */
void csv_cell(struct buf *out, const char *s);

/* Writing CSV rows cell by cell in a dialect; out is borrowed. */
struct csv_writer {
	struct buf *out;
	enum csv_dialect dialect;
	int col;		/* cells so far in the current row */
};
/* Starts a document (the BOM of CSV_EXCEL). */
void csvw_init(struct csv_writer *w, struct buf *out, enum csv_dialect d);
/* names: the column names separated by ','; ends the row. */
void csvw_header(struct csv_writer *w, const char *names);
void csvw_text(struct csv_writer *w, const char *s);	/* NULL: empty */
void csvw_num(struct csv_writer *w, double v);		/* NAN: empty */
void csvw_int(struct csv_writer *w, long long v);
void csvw_bool(struct csv_writer *w, bool v);
void csvw_end_row(struct csv_writer *w);

#endif
