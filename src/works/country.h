#ifndef WORKS_COUNTRY_H
#define WORKS_COUNTRY_H
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * Country names and codes to ISO 3166-1 alpha-2: the names, official and
 * common names and alpha-3 codes of Debian's iso-codes
 * (/usr/share/iso-codes/json/iso_3166-1.json), plus the alias table of
 * bibliographic spellings in country.c (documented in docs/works.md).
 * Names compare after normalisation: ASCII letters lowercased, every run of
 * other ASCII bytes one space, trimmed; UTF-8 letters kept as they are.
 * With `leiden` (the default), Hong Kong and Macao count as China.
 * The table owns its memory.
 */
struct country_name {
	char *name;	/* normalised */
	char code[3];
};

struct country_table {
	struct country_name *names;	/* sorted by name */
	size_t n;
	char (*alpha2)[3];		/* sorted valid alpha-2 codes */
	size_t nalpha2;
	bool leiden;
};

#define COUNTRY_ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

/* path NULL: $INTLKPI_ISO_CODES, else COUNTRY_ISO_JSON. */
int country_table_load(struct country_table *t, const char *path, struct buf *err);
void country_table_release(struct country_table *t);

/*
 * A country name, alias or code to its alpha-2 code in out (Leiden rule
 * applied), where the format puts a code (OpenAlex's country columns):
 * names and the alias table first ("UK" is Great Britain), then alpha-2
 * and alpha-3 codes written in capitals. Returns 1, or 0 when unknown.
 */
int country_lookup(const struct country_table *t, const char *s, size_t len,
		   char out[3]);
/*
 * A country as people write it in a hand-kept file: a name, an alias, or
 * an alpha-2 or alpha-3 code in any case ("China", "cn", "CHN", "UK").
 * No Leiden rule: Hong Kong stays HK. Returns 1 with the alpha-2 code, or
 * 0 when it is none.
 */
int country_parse(const struct country_table *t, const char *s, size_t len,
		  char out[3]);
/*
 * The country at the end of an address (Scopus, Web of Science), by the
 * rule of docs/works.md: the text after the last comma, without a final
 * full stop, is a country's name or an alias ("Peoples R China", "UK");
 * else "... USA" or a US state code with an optional ZIP code ("MO",
 * "CA 92093") is the United States; else a three-letter code in capitals.
 * Two letters are never an ISO code here: addresses name countries, and
 * other two-letter tails are states or provinces ("ON", "SA 5005").
 * Returns 1 with the code, or 0 with the text tried in *tail / *tail_len.
 */
int country_from_address(const struct country_table *t, const char *addr,
			 size_t len, char out[3], const char **tail, size_t *tail_len);
/* An alpha-2 code as given by OpenAlex: 1 when valid (folded), else 0. */
int country_code_valid(const struct country_table *t, const char *code,
		       size_t len, char out[3]);

#endif
