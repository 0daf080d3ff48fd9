/* The output options and the output sink of works and merge (works_cli.h). */
#include "cli/works_cli.h"
#include "cli/cli.h"
#include "util/fs.h"
#include "util/log.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

void works_cli_out_init(struct works_cli_out *o)
{
	memset(o, 0, sizeof(*o));
	o->wo.fmt = WORKS_OUT_JSON;
	o->wo.counting = WORKS_COUNT_FULL;
	o->wo.jobs = 1;
}

static int number(const char *arg, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	return errno || end == arg || *end || *out < lo || *out > hi ? -1 : 0;
}

int works_cli_out_option(struct works_cli_out *o, int c, const char *arg)
{
	static const char *const formats[] = { "json", "csv", "csv-countries", "csv-partners",
		"leiden", "leiden-json" };
	static const char *const countings[] = { "full", "fractional", "fractional-institution" };
	long n;

	switch (c) {
	case 'f':
		for (int i = 0; i < 6; i++) {
			if (!strcmp(arg, formats[i])) {
				o->wo.fmt = (enum works_output)i;
				return 0;
			}
		}
		errorf("--format takes json, csv, csv-countries, csv-partners, leiden or "
		       "leiden-json, not '%s'", arg);
		return -1;
	case 'W':
		if (!number(arg, 1, 100, &n)) {
			o->wo.window = (int)n;
			return 0;
		}
		errorf("--window takes a number of years from 1 to 100, not '%s'", arg);
		return -1;
	case 'C':
		for (int i = 0; i < 3; i++) {
			if (!strcmp(arg, countings[i])) {
				o->wo.counting = (enum works_counting)i;
				return 0;
			}
		}
		errorf("--counting takes full, fractional or fractional-institution, not '%s'", arg);
		return -1;
	case 'o':
		o->path = arg;
		return 0;
	case 'p':
		o->partial = arg;
		return 0;
	case 'j':
		if (!number(arg, 1, 256, &n)) {
			o->wo.jobs = (int)n;
			return 0;
		}
		errorf("--jobs takes a number from 1 to 256, not '%s'", arg);
		return -1;
	default:
		return 1;
	}
}

static int to_stdout(void *arg, const char *data, size_t len)
{
	(void)arg;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* fmt of ix whole into path, atomically: the exit code (cli_result). */
static int to_file(const struct works_index *ix, const struct works_out *wo, const char *path)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int code;

	works_write_index(ix, wo, &out);
	file_remove_leftovers(path);
	code = cli_result(file_write_atomic(path, out.buf, out.len, &err), &err);
	buf_release(&out);
	buf_release(&err);
	return code;
}

int works_cli_emit(const struct works_index *ix, const struct works_cli_out *o)
{
	if (o->wo.fmt == WORKS_OUT_LEIDEN || o->wo.fmt == WORKS_OUT_LEIDEN_JSON) {
		int len = o->wo.window ? o->wo.window : WORKS_LEIDEN_WINDOW, first, last;
		works_windows(ix, len, &first, &last);
		if (!first && ix->year_lo)
			warnf("the works span %d-%d, shorter than the %d-year Leiden window: "
			      "no Leiden rows (give --window)", ix->year_lo, ix->year_hi, len);
	}
	if (o->partial) {
		struct works_out p = o->wo;
		p.fmt = WORKS_OUT_PARTIAL;
		int code = to_file(ix, &p, o->partial);
		if (code || !o->path)
			return code;
	}
	if (o->path)
		return to_file(ix, &o->wo, o->path);
	/* stdout in pieces, as they are formatted */
	if (works_write_to(ix, &o->wo, to_stdout, NULL) || fflush(stdout)) {
		errorf("cannot write the output to stdout");
		return EXIT_FATAL;
	}
	return EXIT_OK;
}
