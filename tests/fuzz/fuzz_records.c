/*
 * libFuzzer harness: institution records (OpenAlex's institutions entity
 * file, inst_records_load) from a temporary file; every record read must
 * be found by its id, with coordinates both set or both none and in range.
 */
#include "works/instrec.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/intlkpi-fuzz-records.XXXXXX";
	struct inst_records t;
	struct buf err = BUF_INIT;
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	inst_records_init(&t);
	if (!inst_records_load(&t, path, &err)) {
		if (!t.ids.n || t.records < t.ids.n)
			abort();
		for (uint32_t i = 0; i < t.ids.n; i++) {
			const char *id = strtab_str(&t.ids, i);
			const struct inst_rec *r = inst_records_find(&t, id);
			if (r != &t.r[i])
				abort();
			if (isnan(r->lat) != isnan(r->lon))
				abort();
			if (inst_rec_located(r) && (fabs(r->lat) > 90 || fabs(r->lon) > 180))
				abort();
			if (r->country[0] && strlen(r->country) != 2)
				abort();
		}
	} else if (!err.len) {
		abort();
	}
	inst_records_release(&t);
	buf_release(&err);
	unlink(path);
	return 0;
}
