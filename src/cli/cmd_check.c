/* intlkpi check: validate indicators/ and list every error. */
#include "cli/cli.h"
#include "collect/collect.h"
#include "config/config.h"
#include "util/buf.h"
#include "util/log.h"
#include <stdio.h>
#include "util/banned.h"

static const char check_usage[] =
	"usage: intlkpi check [--config DIR]\n"
	"\n"
	"Validates the configuration: exits 0 silently when it is valid, or\n"
	"lists every error as FILE:LINE:COLUMN: message and exits 2. Then reads\n"
	"what run would read without the network: every local data file and\n"
	"bundled snapshot must exist and extract (every column it names in the\n"
	"header).\n"
	"\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

/* Each source's data file or snapshot (source_check); the number that fail. */
static int check_sources(const struct config *cfg)
{
	struct buf err = BUF_INIT;
	int n = 0;

	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *s = &cfg->sources[i];
		buf_reset(&err);
		if (source_check(cfg, s, &err)) {
			errorf("%s: %s", s->file ? s->file : s->id, err.buf);
			n++;
		}
	}
	buf_release(&err);
	return n;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *config_dir = "indicators";
	struct config cfg;
	struct cli_parser p = CLI_PARSER(check_usage, "", opts);
	int c, n;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c != 'c')
			return cli_usage(&p);
		config_dir = optarg;
	}
	if (c < 0)
		return p.exit;
	if ((c = cli_no_operands(&p, argc, argv)))
		return c;
	n = config_load_reported(&cfg, config_dir);
	if (!n)
		n = check_sources(&cfg);
	config_release(&cfg);
	if (n) {
		errorf("%d error%s in %s", n, n == 1 ? "" : "s", config_dir);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
