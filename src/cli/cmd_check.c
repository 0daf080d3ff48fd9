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
	int c, n;

	optind = 1;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		int rc = cli_common(c, optarg, check_usage);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		if (c != 'c') {
			fputs(check_usage, stderr);
			return EXIT_USAGE;
		}
		config_dir = optarg;
	}
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	n = config_load_reported(&cfg, config_dir);
	config_release(&cfg);
	if (n) {
		errorf("%d error%s in %s", n, n == 1 ? "" : "s", config_dir);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
