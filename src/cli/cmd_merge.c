/* intlkpi merge: adds partials of `intlkpi works` exactly. */
#include "cli/cli.h"
#include "works/works.h"
#include "util/fs.h"
#include "util/log.h"
#include <stdio.h>
#include "util/banned.h"

static const char merge_usage[] =
	"usage: intlkpi merge PARTIAL... [-o OUT] [--format F] [--window N]\n"
	"                    [--counting full|fractional] [--partial OUT]\n"
	"\n"
	"Adds partials written by 'intlkpi works --partial' and writes what one\n"
	"'intlkpi works' run over all their inputs writes, byte for byte. The\n"
	"partials must come from runs with the same --years, --institutions,\n"
	"--institution-records, --type and --country.\n"
	"\n"
	"  -o, --output OUT   write there (atomically) instead of stdout\n"
	"  --format F         json (default), csv, csv-countries, csv-partners,\n"
	"                     leiden, leiden-json\n"
	"  --window N         years per Leiden window (default 4)\n"
	"  --counting C       full (default) or fractional: how leiden counts P\n"
	"  --partial OUT      write the sum as a partial again (merge in stages);\n"
	"                     the output is then written only with -o\n"
	"  -q, --quiet        only errors and warnings\n"
	"  -v, --verbose      also debugging detail\n"
	"  --log-format F     text (default) or json, one object per line\n"
	"  -h, --help         this help\n";

/* A piece of the output to stdout (works_write_to streams stdout). */
static int to_stdout(void *arg, const char *data, size_t len)
{
	(void)arg;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int write_out(const char *path, const struct buf *b)
{
	struct buf err = BUF_INIT;
	int rc = 0;

	if (!path)
		return fwrite(b->buf, 1, b->len, stdout) == b->len ? 0 : -1;
	file_remove_leftovers(path);
	if (file_write_atomic(path, b->buf, b->len, &err)) {
		errorf("%s", err.buf);
		rc = -1;
	}
	buf_release(&err);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "partial", required_argument, NULL, 'p' },
		{ "window", required_argument, NULL, 'W' },
		{ "counting", required_argument, NULL, 'C' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *out_path = NULL, *partial = NULL;
	enum works_output fmt = WORKS_OUT_JSON;
	struct works_opts o = { 0 };
	struct works_agg sum, outopt;
	struct buf err = BUF_INIT, out = BUF_INIT;
	int c, rc = EXIT_OK;

	struct cli_parser p = CLI_PARSER(merge_usage, "o:", opts);

	works_agg_init(&outopt, &o);	/* --window and --counting */
	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c == 'o') {
			out_path = optarg;
		} else if (c == 'p') {
			partial = optarg;
		} else if (c == 'f' || c == 'W' || c == 'C') {
			if (works_output_option(c == 'f' ? "format" : c == 'W' ? "window" : "counting",
						optarg, &fmt, &outopt, &err)) {
				errorf("%s", err.buf);
				buf_release(&err);
				works_agg_release(&outopt);
				return EXIT_USAGE;
			}
		} else {
			works_agg_release(&outopt);
			return cli_usage(&p);
		}
	}
	if (c < 0) {
		works_agg_release(&outopt);
		return p.exit;
	}
	if (optind >= argc) {
		errorf("no partial to merge (see 'intlkpi merge --help')");
		works_agg_release(&outopt);
		return EXIT_USAGE;
	}
	for (int i = optind; i < argc && !rc; i++) {
		struct works_agg one;
		struct buf data = BUF_INIT;
		works_agg_init(&one, &o);
		if (file_read(argv[i], &data, 0, &err) ||
		    works_read_partial(&one, data.buf, data.len, argv[i], &err)) {
			errorf("%s", err.buf);
			rc = EXIT_USAGE;
		}
		buf_release(&data);
		if (!rc && i == optind) {	/* the first partial is the sum so far */
			sum = one;
			continue;
		}
		if (!rc && works_agg_merge(&sum, &one, &err)) {
			errorf("'%s': %s", argv[i], err.buf);
			rc = EXIT_USAGE;
		}
		if (rc && i == optind)
			works_agg_init(&sum, &o);
		works_agg_release(&one);
	}
	if (!rc && partial) {
		works_write_partial(&sum, &out);
		if (write_out(partial, &out))
			rc = EXIT_FATAL;
		buf_reset(&out);
	}
	if (!rc && (!partial || out_path)) {
		sum.window = outopt.window;
		sum.fractional = outopt.fractional;
		/* stdout in pieces; a file whole, written atomically */
		if (out_path ? (works_write(&sum, fmt, &out), write_out(out_path, &out)) :
		    works_write_to(&sum, fmt, &out, to_stdout, NULL)) {
			if (!out_path)
				errorf("cannot write the output to stdout");
			rc = EXIT_FATAL;
		}
	}
	works_agg_release(&sum);
	works_agg_release(&outopt);
	buf_release(&out);
	buf_release(&err);
	return rc;
}
