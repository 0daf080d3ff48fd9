/* intlkpi plot: kpis.json and observations.json -> output/charts/. */
#include "cli/cli.h"
#include "render/plot.h"
#include "util/log.h"
#include <stdio.h>
#include "util/banned.h"

static const char plot_usage[] =
	"usage: intlkpi plot [--output DIR]\n"
	"\n"
	"Draws every chart from output/kpis.json and observations.json with one\n"
	"gnuplot process: per KPI, per area, the areas' radar, students by\n"
	"country, co-authorship by partner country and over time. Each chart is\n"
	"written as output/charts/NAME.svg and NAME.png and listed in\n"
	"output/charts/index.json.\n"
	"\n"
	"  --output DIR      where kpis.json is and charts/ goes (default: output)\n"
	"  --wait SECONDS    wait that long for another run's lock (default 0)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok, 1 some charts not drawn (gnuplot missing or failing),\n"
	"2 usage error, 3 kpis.json unreadable or charts/ not writable.\n";

static int plot(const char *out_dir)
{
	struct buf err = BUF_INIT;
	struct notes ns = NOTES_INIT;
	int rc = cli_lock(out_dir);

	if (rc)
		return rc;
	rc = plot_all(out_dir, NULL, &ns, &err);
	notes_say(&ns);
	rc = cli_result(rc, &err);
	if (rc == EXIT_OK)
		notef("drew the charts into %s/%s", out_dir, CHARTS_DIR);
	buf_release(&err);
	return rc;
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		CLI_COMMON_LONG,
		CLI_WAIT_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_parser p = CLI_PARSER(plot_usage, "", opts);
	const char *out_dir = "output";
	int c;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c != 'o')
			return cli_usage(&p);
		out_dir = optarg;
	}
	if (c < 0)
		return p.exit;
	if ((c = cli_no_operands(&p, argc, argv)))
		return c;
	return plot(out_dir);
}
