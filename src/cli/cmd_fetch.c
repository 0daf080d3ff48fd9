/* intlkpi fetch: refresh the raw data of the sources into the cache. */
#include "cli/cli.h"
#include "config/config.h"
#include "obs/obs.h"
#include "collect/collect.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <stdio.h>
#include "util/banned.h"

static const char fetch_usage[] =
	"usage: intlkpi fetch [--offline] [--force] [--accept SOURCE]... [--config DIR]\n"
	"                     [--output DIR] [SOURCE]...\n"
	"\n"
	"Refreshes the raw data of the named sources (default: all) into\n"
	"output/cache/SOURCE/: web sources whose cached copy is older than their\n"
	"ttl are fetched (a conditional GET), local files are read; a copy is\n"
	"kept only when it extracts cleanly, and a failure never touches the\n"
	"last good copy. Computes nothing.\n"
	"\n"
	"  --offline         open no connection: check that the cache or the\n"
	"                    bundled snapshot of each source is usable\n"
	"  --force           fetch even what is still within its ttl\n"
	"  --accept SOURCE   fetch SOURCE now and keep its body even when it falls\n"
	"                    short of its expectations (docs/operations.md), once\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  --output DIR      where the cache goes (default: output)\n"
	"  --wait SECONDS    wait that long for another run's lock (default 0)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok, 1 a source failed (its last good copy is kept), 2 usage or\n"
	"configuration error, 3 fatal, 75 another run holds the lock.\n";

static int fetch(const char *config_dir, const char *out_dir,
		 struct source_opts *so)
{
	struct config cfg;
	struct obs_table t;
	struct buf what = BUF_INIT;
	int bad, rc;

	if ((rc = cli_prepare(&cfg, config_dir, out_dir, so)))
		return rc;
	so->out_dir = out_dir;
	so->fetch_only = true;
	obs_init(&t);
	bad = sources_run(&cfg, so, &t);
	if (bad)
		buf_setf(&what, "%d source%s failed; %s last good cop%s kept", bad,
			 bad == 1 ? "" : "s", bad == 1 ? "its" : "their",
			 bad == 1 ? "y is" : "ies are");
	rc = cli_result(bad, &what);
	buf_release(&what);
	obs_release(&t);
	config_release(&cfg);
	return rc;
}

int cmd_fetch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "offline", no_argument, NULL, 'f' },
		{ "force", no_argument, NULL, 'F' },
		{ "accept", required_argument, NULL, 'A' },
		CLI_COMMON_LONG,
		CLI_WAIT_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *config_dir = "indicators", *out_dir = "output";
	struct source_opts so = { 0 };
	struct cli_parser p = CLI_PARSER(fetch_usage, "", opts);
	char **accept = xcalloc((size_t)argc + 1, sizeof(char *));
	int c, rc;

	so.network = true;
	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c == 'c') {
			config_dir = optarg;
		} else if (c == 'o') {
			out_dir = optarg;
		} else if (c == 'f') {
			so.network = false;
		} else if (c == 'F') {
			so.force = true;
		} else if (c == 'A') {
			accept[so.naccept++] = optarg;
		} else {
			free(accept);
			return cli_usage(&p);
		}
	}
	so.accept = accept;
	if (c < 0) {
		free(accept);
		return p.exit;
	}
	if (optind < argc) {
		so.only = argv + optind;
		so.nonly = (size_t)(argc - optind);
	}
	rc = fetch(config_dir, out_dir, &so);
	free(accept);
	return rc;
}
