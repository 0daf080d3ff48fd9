/* intlkpi compute and intlkpi run: sources -> observations -> KPIs -> files. */
#include "cli.h"
#include "config.h"
#include "kpi.h"
#include "obs.h"
#include "report.h"
#include "source.h"
#include "util/fs.h"
#include "util/log.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

static const char compute_usage[] =
	"usage: intlkpi compute [--config DIR] [--output DIR]\n"
	"\n"
	"Reads every source, computes the KPIs and writes output/kpis.json,\n"
	"kpis.csv, observations.json and observations.csv.\n"
	"\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  --output DIR      where outputs go (default: output)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

static const char run_usage[] =
	"usage: intlkpi run [--offline] [--config DIR] [--output DIR]\n"
	"\n"
	"The nightly job: reads (and, for web sources, fetches) every source,\n"
	"computes the KPIs and writes every output.\n"
	"\n"
	"  --offline         never touch the network (local sources only today)\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  --output DIR      where outputs go (default: output)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok, 1 a source failed (outputs marked stale), 2 usage or\n"
	"configuration error, 3 fatal (nothing written).\n";

static int write_output(const char *dir, const char *name, const struct buf *b)
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	int rc;
	path_join(&path, dir, name);
	rc = file_write_atomic(path.buf, b->buf, b->len, &err);
	if (rc)
		errorf("%s", err.buf);
	else
		debugf("wrote %s (%zu bytes)", path.buf, b->len);
	buf_release(&path);
	buf_release(&err);
	return rc;
}

static int compute(const char *config_dir, const char *out_dir)
{
	struct config cfg;
	struct obs_table t;
	struct kpi_results r = { 0 };
	struct buf out[4], err = BUF_INIT;
	static const char *const names[4] = { "observations.json",
		"observations.csv", "kpis.json", "kpis.csv" };
	char stamp[21];
	int failed, rc = EXIT_OK;

	if (config_load_reported(&cfg, config_dir)) {
		config_release(&cfg);
		return EXIT_USAGE;
	}
	if (mkdir_p(out_dir, &err)) {
		errorf("%s", err.buf);
		buf_release(&err);
		config_release(&cfg);
		return EXIT_FATAL;
	}
	obs_init(&t);
	failed = sources_run(&cfg, &t);
	kpi_compute(&cfg, &t, &r);

	iso_time((long long)time(NULL), stamp);
	for (int i = 0; i < 4; i++)
		buf_init(&out[i], 0);
	report_obs_json(&out[0], &t, stamp);
	report_obs_csv(&out[1], &t);
	report_kpis_json(&out[2], &cfg, &t, &r, stamp);
	report_kpis_csv(&out[3], &r);
	/* observations first: kpis.json never points at older observations */
	for (int i = 0; i < 4 && rc == EXIT_OK; i++)
		if (write_output(out_dir, names[i], &out[i]))
			rc = EXIT_FATAL;
	if (rc == EXIT_OK) {
		size_t achieved = 0;
		for (size_t i = 0; i < r.nkpis; i++)
			achieved += r.kpis[i].status == ST_ACHIEVED;
		notef("%zu KPIs in %zu areas from %zu observations (%zu achieved); wrote %s/kpis.json",
		      r.nkpis, r.nareas, t.n, achieved, out_dir);
		if (failed) {
			warnf("%d source%s failed; the KPIs that use %s are marked stale",
			      failed, failed == 1 ? "" : "s", failed == 1 ? "it" : "them");
			rc = EXIT_STALE;
		}
	}
	for (int i = 0; i < 4; i++)
		buf_release(&out[i]);
	buf_release(&err);
	kpi_results_release(&r);
	obs_release(&t);
	config_release(&cfg);
	return rc;
}

static int compute_main(int argc, char **argv, const char *usage, int is_run)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "offline", no_argument, NULL, 'f' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *config_dir = "indicators", *out_dir = "output";
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		int rc = cli_common(c, optarg, usage);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		if (c == 'c') {
			config_dir = optarg;
		} else if (c == 'o') {
			out_dir = optarg;
		} else if (c == 'f' && is_run) {
			/* every source is local until web sources land */
		} else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return compute(config_dir, out_dir);
}

int cmd_compute(int argc, char **argv)
{
	return compute_main(argc, argv, compute_usage, 0);
}

int cmd_run(int argc, char **argv)
{
	return compute_main(argc, argv, run_usage, 1);
}
