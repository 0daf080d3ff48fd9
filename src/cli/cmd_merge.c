/* intlkpi merge: adds partials of `intlkpi works` exactly. */
#include "cli/cli.h"
#include "cli/works_cli.h"
#include "works/works.h"
#include "util/fs.h"
#include "util/log.h"
#include <stdio.h>
#include "util/banned.h"

static const char merge_usage[] =
	"usage: intlkpi merge PARTIAL... [-o OUT] [--format F] [--window N]\n"
	"                    [--counting C] [--partial OUT] [--jobs N]\n"
	"\n"
	"Adds partials written by 'intlkpi works --partial' and writes what one\n"
	"'intlkpi works' run over all their inputs writes, byte for byte. The\n"
	"partials must come from runs with the same --years, --institutions,\n"
	"--institution-records, --type, --country, --home and --core.\n"
	"\n"
	"  -o, --output OUT   write there (atomically) instead of stdout\n"
	"  --format F         json (default), csv, csv-countries, csv-partners,\n"
	"                     leiden, leiden-json\n"
	"  --window N         years per Leiden window (default 4)\n"
	"  --counting C       full (default), fractional (by author, as CWTS) or\n"
	"                     fractional-institution: how leiden counts P\n"
	"  --partial OUT      write the sum as a partial again (merge in stages);\n"
	"                     the output is then written only with -o\n"
	"  --jobs N           N threads to group and write the sum\n"
	"  -q, --quiet        only errors and warnings\n"
	"  -v, --verbose      also debugging detail\n"
	"  --log-format F     text (default) or json, one object per line\n"
	"  -h, --help         this help\n";

/* The partials of files added up into sum (the first becomes it); EXIT_USAGE after a message. */
static int add_up(struct works_agg *sum, char **files, int n)
{
	struct works_opts o = { 0 };
	struct buf err = BUF_INIT;
	int rc = 0;

	for (int i = 0; i < n && !rc; i++) {
		struct works_agg one;
		struct buf data = BUF_INIT;
		works_agg_init(&one, &o);
		if (file_read(files[i], &data, 0, &err) ||
		    works_read_partial(&one, data.buf, data.len, files[i], &err)) {
			errorf("%s", err.buf);
			rc = EXIT_USAGE;
		} else if (!i) {
			*sum = one;	/* the first partial is the sum so far */
			buf_release(&data);
			continue;
		} else if (works_agg_merge(sum, &one, &err)) {
			errorf("'%s': %s", files[i], err.buf);
			rc = EXIT_USAGE;
		}
		buf_release(&data);
		if (rc && !i)
			works_agg_init(sum, &o);
		works_agg_release(&one);
	}
	buf_release(&err);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		WORKS_CLI_OUT_LONG,
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct works_cli_out out;
	struct cli_parser p = CLI_PARSER(merge_usage, "o:", opts);
	const struct works_agg *src[1];
	struct works_agg sum;
	struct works_index ix;
	int c, r, rc;

	works_cli_out_init(&out);
	while ((c = cli_next(&p, argc, argv)) > 0) {
		if ((r = works_cli_out_option(&out, c, optarg)) < 0)
			return EXIT_USAGE;
		if (r > 0)
			return cli_usage(&p);
	}
	if (c < 0)
		return p.exit;
	if (optind >= argc) {
		errorf("no partial to merge (see 'intlkpi merge --help')");
		return EXIT_USAGE;
	}
	rc = add_up(&sum, argv + optind, argc - optind);
	if (!rc) {
		src[0] = &sum;
		works_index_build(&ix, src, 1, out.wo.jobs);
		rc = works_cli_emit(&ix, &out);
		works_index_release(&ix);
	}
	works_agg_release(&sum);
	return rc;
}
