/* intlkpi check: validate indicators/ and list every error. */
#include "cli/cli.h"
#include "config/config.h"
#include "util/log.h"
#include <stdio.h>
#include "util/banned.h"

static const char check_usage[] =
	"usage: intlkpi check [--config DIR]\n"
	"\n"
	"Validates the configuration: exits 0 silently when it is valid, or\n"
	"lists every error as FILE:LINE:COLUMN: message and exits 2.\n"
	"\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

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
	config_release(&cfg);
	if (n) {
		errorf("%d error%s in %s", n, n == 1 ? "" : "s", config_dir);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
