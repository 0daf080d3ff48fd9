/* intlkpi report: kpis.json and the charts -> output/report.html. */
#include "cli/cli.h"
#include "render/html.h"
#include "util/log.h"
#include <stdio.h>
#include "util/banned.h"

static const char report_usage[] =
	"usage: intlkpi report [--output DIR]\n"
	"\n"
	"Writes output/report.html from output/kpis.json and the charts of\n"
	"'intlkpi plot': one self-contained page (inline SVG and CSS, no script,\n"
	"no network) with the areas' radar, the summary table, every KPI's\n"
	"chart and the provenance of the data.\n"
	"\n"
	"  --output DIR      where kpis.json and charts/ are (default: output)\n"
	"  --wait SECONDS    wait that long for another run's lock (default 0)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok, 1 written without some charts, 2 usage error,\n"
	"3 kpis.json unreadable or report.html not writable.\n";

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		CLI_COMMON_LONG,
		CLI_WAIT_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *out_dir = "output";
	struct buf err = BUF_INIT;
	struct cli_parser p = CLI_PARSER(report_usage, "", opts);
	int c, rc;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c != 'o')
			return cli_usage(&p);
		out_dir = optarg;
	}
	if (c < 0)
		return p.exit;
	if ((rc = cli_no_operands(&p, argc, argv)) || (rc = cli_lock(out_dir)))
		return rc;
	rc = cli_result(report_html_write(out_dir, &err), &err);
	if (rc == EXIT_OK)
		notef("wrote %s/report.html", out_dir);
	buf_release(&err);
	return rc;
}
