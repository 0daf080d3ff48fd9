#ifndef UTIL_CSV_H
#define UTIL_CSV_H
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * RFC 4180 reader over a buffer in memory. Handles a UTF-8 BOM, CRLF or LF
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

/*
 * Parses a numeric cell: leading/trailing spaces ignored; `decimal` is '.'
 * or ','; `thousands` is 0 (none) or the separator (' ', '.', ',', '\'')
 * that may group digits by three. Returns 1 with *out set, 0 for an empty
 * cell (null, never zero), -1 when it is not a number.
 */
int csv_parse_number(const char *s, char decimal, char thousands, double *out);

#endif
