/* intlkpi show: its options; the rendering is show_render.c's. */
#include "cli/cli.h"
#include "cli/show_render.h"
#include "kpi/status.h"
#include "util/log.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static const char show_usage[] =
	"usage: intlkpi show [KPI|AREA] [--area A] [--status S,...] [--year Y]\n"
	"                    [--source ID] [--format table|json|csv] [--output DIR]\n"
	"       intlkpi show --partners [--state S,...] [--format F] [--output DIR]\n"
	"       intlkpi show --peers [--format F] [--output DIR]\n"
	"\n"
	"Without an argument: every KPI with its latest value, target and status.\n"
	"With a KPI id: its series with targets, progress and forecast.\n"
	"With an area id: the KPIs of that area (as --area).\n"
	"\n"
	"  --area A          only the KPIs of area A (its id or its number)\n"
	"  --status S,...    only KPIs with these statuses: achieved, nearly,\n"
	"                    missed, on_track, at_risk, off_track, not_ranked,\n"
	"                    no_data\n"
	"  --year Y          values of year Y instead of the latest\n"
	"  --source ID       what source ID produced: its state, provenance and\n"
	"                    observations (from observations.json)\n"
	"  --partners        the partner portfolio (from partners.json): each\n"
	"                    partner's state, joint works and activity, and why\n"
	"  --state S,...     with --partners, only these states: active, dormant,\n"
	"                    candidate, new, expired\n"
	"  --peers           the university beside its peers (from kpis.json): the\n"
	"                    rankings' positions as published and the indicators\n"
	VIEW_HELP
	"  --output DIR      where kpis.json is (default: output)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

static int parse_statuses(const char *arg, unsigned *mask)
{
	const char *p = arg;
	while (*p) {
		size_t n = strcspn(p, ",");
		char name[32];
		enum kpi_status i = ST_COUNT;
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			i = kpi_status_parse(name);
		}
		if (i == ST_COUNT) {
			errorf("--status takes %s (comma-separated), not '%.*s'",
			       SHOW_STATUSES, (int)n, p);
			return -1;
		}
		*mask |= 1u << i;
		p += n + (p[n] == ',');
	}
	if (!*mask)
		errorf("--status takes at least one status");
	return *mask ? 0 : -1;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "area", required_argument, NULL, 'a' },
		{ "status", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ "partners", no_argument, NULL, 'P' },
		{ "peers", no_argument, NULL, 'E' },
		{ "state", required_argument, NULL, 'T' },
		VIEW_LONG,
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct show_query q = { "output", NULL, NULL, NULL, 0, 0, false, 0, false, VIEW_INIT };
	struct cli_parser p = CLI_PARSER(show_usage, "", opts);
	int c;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		char *end;
		long y;
		int rc = view_option(&q.view, c, optarg);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0)
			continue;
		switch (c) {
		case 'o':
			q.out_dir = optarg;
			break;
		case 'a':
			q.area = optarg;
			break;
		case 'S':
			q.source = optarg;
			break;
		case 'P':
			q.partners = true;
			break;
		case 'E':
			q.peers = true;
			break;
		case 'T':
			if (show_partner_states(optarg, &q.partner_mask)) {
				errorf("--state takes active, dormant, candidate, new or expired"
				       " (comma-separated), not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if (parse_statuses(optarg, &q.status_mask))
				return EXIT_USAGE;
			break;
		case 'y':
			errno = 0;
			y = strtol(optarg, &end, 10);
			if (errno || *end || y < 1900 || y > 2200) {
				errorf("--year takes a year such as 2021, not '%s'", optarg);
				return EXIT_USAGE;
			}
			q.year = (int)y;
			break;
		default:
			return cli_usage(&p);
		}
	}
	if (c < 0)
		return p.exit;
	if (argc - optind > 1) {
		errorf("show takes at most one KPI or area");
		return EXIT_USAGE;
	}
	q.what = optind < argc ? argv[optind] : NULL;
	if (q.partner_mask && !q.partners) {
		errorf("--state goes with --partners (for KPIs: --status)");
		return EXIT_USAGE;
	}
	if (q.partners && (q.what || q.area || q.status_mask || q.source || q.year)) {
		errorf("--partners takes only --state, --format and --output");
		return EXIT_USAGE;
	}
	if (q.peers && (q.partners || q.what || q.area || q.status_mask || q.source || q.year)) {
		errorf("--peers takes only --format and --output");
		return EXIT_USAGE;
	}
	if (q.source && (q.what || q.area || q.status_mask)) {
		errorf("--source takes only --year, --format and --output");
		return EXIT_USAGE;
	}
	view_ready(&q.view);
	return show_run(&q);
}
