/* libFuzzer harness: the CSV reader and number parser on any bytes. */
#include "util/csv.h"
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct buf err = BUF_INIT;
	char delim = size ? ",;\t"[data[0] % 4 == 3 ? 0 : data[0] % 3] : 0;
	double v;

	csv_init(&c, (const char *)data, size, size && data[0] % 4 == 3 ? 0 : delim);
	while (csv_next(&c, &err) > 0)
		for (size_t i = 0; i < c.nfields; i++) {
			csv_parse_number(c.fields[i], '.', 0, &v);
			csv_parse_number(c.fields[i], ',', ' ', &v);
		}
	csv_release(&c);
	buf_release(&err);
	return 0;
}
