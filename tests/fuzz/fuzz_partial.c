/*
 * libFuzzer harness: the partial reader (works_read_partial). Bytes it
 * accepts must make an aggregate whose partial reads back to the same
 * partial and the same outputs (JSON, Leiden); bytes it refuses must say
 * why.
 */
#include "works/works.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct works_opts none = { 0 };
	struct works_agg a, b;
	struct buf err = BUF_INIT, p1 = BUF_INIT, p2 = BUF_INIT, o1 = BUF_INIT, o2 = BUF_INIT;

	works_agg_init(&a, &none);
	if (works_read_partial(&a, (const char *)data, size, "fuzz.partial", &err)) {
		if (!err.len)
			abort();
	} else {
		works_write_partial(&a, &p1);
		works_write(&a, WORKS_OUT_JSON, &o1);
		works_write(&a, WORKS_OUT_LEIDEN, &o1);
		works_agg_init(&b, &none);
		if (works_read_partial(&b, p1.buf, p1.len, "again.partial", &err))
			abort();
		works_write_partial(&b, &p2);
		works_write(&b, WORKS_OUT_JSON, &o2);
		works_write(&b, WORKS_OUT_LEIDEN, &o2);
		if (strcmp(p1.buf, p2.buf) || strcmp(o1.buf, o2.buf))
			abort();
		works_agg_release(&b);
	}
	works_agg_release(&a);
	buf_release(&err);
	buf_release(&p1);
	buf_release(&p2);
	buf_release(&o1);
	buf_release(&o2);
	return 0;
}
