/* libFuzzer harness: the formula parser and evaluator on any text. */
#include "lang/formula.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static double value(void *ctx, const char *metric, int year)
{
	(void)ctx;
	return metric[0] == 'n' ? NAN : (double)(year % 7) - 3 + (double)strlen(metric);
}

static size_t keys(void *ctx, const char *metric, int year, const double **v)
{
	static const double vals[] = { 50, 30, 0, -1, NAN, 20 };
	(void)ctx;
	(void)year;
	*v = vals;
	return strlen(metric) % 7;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct formula *f = NULL;
	struct buf err = BUF_INIT, warn = BUF_INIT;
	struct formula_env env = { value, keys, NULL };

	if (!formula_parse(text, &f, &err)) {
		const struct formula_ref *refs;
		formula_refs(f, &refs);
		formula_eval(f, 2021, &env, &warn);
		formula_free(f);
	}
	free(text);
	buf_release(&err);
	buf_release(&warn);
	return 0;
}
