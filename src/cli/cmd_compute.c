/* intlkpi compute and intlkpi run: sources -> observations -> KPIs -> files. */
#include "cli/cli.h"
#include "config/config.h"
#include "kpi/kpi.h"
#include "obs/obs.h"
#include "render/plot.h"
#include "report/report.h"
#include "render/html.h"
#include "report/history.h"
#include "collect/collect.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

static const char compute_usage[] =
	"usage: intlkpi compute [--accept SOURCE]... [--config DIR] [--output DIR]\n"
	"                       [--csv-excel]\n"
	"\n"
	"Reads every source without touching the network (local files, the\n"
	"cache under output/cache, else the bundled snapshots), computes the\n"
	"KPIs and writes output/kpis.json, kpis.csv, observations.json and\n"
	"observations.csv.\n"
	"\n"
	"  --accept SOURCE   keep a local file's new data even when it falls short\n"
	"                    of the source's expectations (docs/operations.md)\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  --output DIR      where outputs go (default: output)\n"
	"  --csv-excel       CSV for a European Excel: BOM, ';', decimal comma\n"
	"  --wait SECONDS    wait that long for another run's lock (default 0)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

static const char run_usage[] =
	"usage: intlkpi run [--offline] [--force] [--only SOURCE]... [--accept SOURCE]...\n"
	"                   [--config DIR] [--output DIR]\n"
	"\n"
	"The nightly job: fetches the web sources whose cached copy is older than\n"
	"their ttl (a conditional GET), reads every source, computes the KPIs and\n"
	"writes every output: the JSON and CSV files, the charts and report.html.\n"
	"A source that fails is computed from its last good copy (the cache, else\n"
	"the bundled snapshot) and marked stale.\n"
	"\n"
	"  --offline         open no connection: the cache, else the snapshots\n"
	"  --force           fetch even what is still within its ttl\n"
	"  --only SOURCE     fetch only this source (repeatable); the others are\n"
	"                    read from the cache\n"
	"  --accept SOURCE   fetch SOURCE now and keep its body even when it falls\n"
	"                    short of its expectations (docs/operations.md), once\n"
	"  --config DIR      the configuration (default: indicators)\n"
	"  --output DIR      where outputs go (default: output)\n"
	"  --csv-excel       CSV for a European Excel: BOM, ';', decimal comma\n"
	"  --history N       keep the last N runs' kpis.json and observations.json\n"
	"                    under output/history/ for intlkpi diff (default 60;\n"
	"                    0: keep none)\n"
	"  --wait SECONDS    wait that long for another run's lock (default 0)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok, 1 a source failed (outputs marked stale) or a chart could\n"
	"not be drawn, 2 usage or configuration error, 3 fatal, 75 locked.\n";

static int write_output(const char *dir, const char *name, const struct buf *b)
{
	struct buf path = BUF_INIT, err = BUF_INIT;
	int rc;
	path_join(&path, dir, name);
	rc = cli_result(file_write_atomic(path.buf, b->buf, b->len, &err), &err);
	if (rc == EXIT_OK)
		debugf("wrote %s (%zu bytes)", path.buf, b->len);
	buf_release(&path);
	buf_release(&err);
	return rc;
}

/* run's last steps: the charts, then the page; a missing chart is exit 1. */
static int render(const char *out_dir)
{
	struct buf err = BUF_INIT;
	struct notes ns = NOTES_INIT;
	int p, h;

	p = plot_all(out_dir, NULL, &ns, &err);
	notes_say(&ns);
	p = cli_result(p, &err);
	h = cli_result(report_html_write(out_dir, &err), &err);
	if (h == EXIT_OK)
		notef("wrote %s/report.html", out_dir);
	buf_release(&err);
	return p > h ? p : h;	/* EXIT_FATAL > EXIT_STALE > EXIT_OK */
}

/* run: this run's documents into output/history/ (report/history.h). */
static int keep_history(const char *out_dir, const struct buf *obs,
			const struct buf *kpis, long long now, int keep)
{
	struct buf name = BUF_INIT, err = BUF_INIT;
	int rc = history_keep(out_dir, obs, kpis, now, keep, &name, &err);

	if (rc)
		buf_prefixf(&err, "the run history could not be kept: ");
	rc = cli_result(rc, &err);
	if (rc == EXIT_OK && name.len)
		debugf("kept this run in %s/history as %s", out_dir, name.buf);
	buf_release(&name);
	buf_release(&err);
	return rc;
}

/*
 * The partner portfolio (partners.json of the configuration), before the
 * KPIs: its metrics are observations they read. true when computed; a
 * failure is said and makes the run exit 1 (*rc).
 */
static bool partners_prepare(const struct config *cfg, struct obs_table *t,
			     struct portfolio *pf, int *rc)
{
	struct buf err = BUF_INIT;
	bool ok = false;

	if (!cfg->partners.set)
		return false;
	if (portfolio_compute(cfg, t, pf, &err) < 0) {
		errorf("partner portfolio: %s; partners.json is not written", err.buf);
		*rc = EXIT_STALE;
	} else {
		portfolio_observe(cfg, pf, t);
		ok = true;
	}
	buf_release(&err);
	return ok;
}

/*
 * partners.json and partners.csv of pf; without a portfolio, older ones
 * are removed (they would describe another run). -1 when a write failed.
 */
static int partners_write(const struct config *cfg, const struct portfolio *pf,
			  const char *out_dir, const char *stamp, enum csv_dialect d)
{
	struct buf json = BUF_INIT, csv = BUF_INIT, path = BUF_INIT;
	int rc = 0;

	if (!pf) {
		path_join(&path, out_dir, "partners.json");
		remove(path.buf);
		path_join(&path, out_dir, "partners.csv");
		remove(path.buf);
	} else {
		report_partners_json(&json, cfg, pf, stamp);
		report_partners_csv(&csv, pf, d);
		rc = write_output(out_dir, "partners.json", &json) ||
		     write_output(out_dir, "partners.csv", &csv) ? -1 : 0;
	}
	buf_release(&json);
	buf_release(&csv);
	buf_release(&path);
	return rc;
}

/* What the command line chose beyond the sources' options. */
struct compute_opts {
	bool render;			/* run: charts and report too */
	int history;			/* run: runs kept under history/; 0 none */
	enum csv_dialect dialect;
};

static int compute(const char *config_dir, const char *out_dir,
		   struct source_opts *so, const struct compute_opts *co)
{
	struct config cfg;
	struct obs_table t;
	struct kpi_results r = { 0 };
	struct portfolio pf = { 0 };
	bool have_pf;
	struct buf out[4], err = BUF_INIT;
	static const char *const names[4] = { "observations.json",
		"observations.csv", "kpis.json", "kpis.csv" };
	char stamp[21];
	int failed, rc = EXIT_OK;
	long long now;

	if ((rc = cli_prepare(&cfg, config_dir, out_dir, so))) {
		buf_release(&err);
		return rc;
	}
	rc = EXIT_OK;
	so->out_dir = out_dir;
	obs_init(&t);
	failed = sources_run(&cfg, so, &t);
	have_pf = partners_prepare(&cfg, &t, &pf, &rc);
	kpi_compute(&cfg, &t, &r);
	/* kpi/ keeps its warnings with each KPI (kpis.json has them); said here */
	for (size_t i = 0; i < r.nkpis; i++)
		for (size_t j = 0; j < r.kpis[i].nwarnings; j++)
			warnf("KPI '%s': %s", r.kpis[i].def->id, r.kpis[i].warnings[j]);

	now = (long long)time(NULL);
	iso_time(now, stamp);
	for (int i = 0; i < 4; i++)
		buf_init(&out[i], 0);
	report_obs_json(&out[0], &t, stamp);
	report_obs_csv_as(&out[1], &t, co->dialect);
	report_kpis_json(&out[2], &cfg, &t, &r, stamp);
	report_kpis_csv_as(&out[3], &r, co->dialect);
	/* observations first: kpis.json never points at older observations */
	for (int i = 0; i < 4 && rc != EXIT_FATAL; i++) {
		if (i == 2 && partners_write(&cfg, have_pf ? &pf : NULL, out_dir, stamp, co->dialect))
			rc = EXIT_FATAL;
		if (rc != EXIT_FATAL && write_output(out_dir, names[i], &out[i]))
			rc = EXIT_FATAL;
	}
	if (rc == EXIT_OK || rc == EXIT_STALE) {
		size_t achieved = 0;
		for (size_t i = 0; i < r.nkpis; i++)
			achieved += r.kpis[i].status == ST_ACHIEVED;
		notef("%zu KPIs in %zu areas from %zu observations (%zu achieved); wrote %s/kpis.json",
		      r.nkpis, r.nareas, t.n, achieved, out_dir);
		if (failed) {
			buf_setf(&err, "%d source%s failed; the KPIs that use %s are marked stale",
				 failed, failed == 1 ? "" : "s", failed == 1 ? "it" : "them");
			rc = cli_result(failed, &err);
		}
		if (keep_history(out_dir, &out[0], &out[2], now, co->history))
			rc = EXIT_FATAL;
	}
	if (co->render && (rc == EXIT_OK || rc == EXIT_STALE)) {
		int rr = render(out_dir);
		if (rr == EXIT_FATAL || (rr != EXIT_OK && rc == EXIT_OK))
			rc = rr;
	}
	for (int i = 0; i < 4; i++)
		buf_release(&out[i]);
	buf_release(&err);
	kpi_results_release(&r);
	portfolio_release(&pf);
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
		{ "force", no_argument, NULL, 'F' },
		{ "only", required_argument, NULL, 'O' },
		{ "accept", required_argument, NULL, 'A' },
		{ "csv-excel", no_argument, NULL, 'X' },
		{ "history", required_argument, NULL, 'H' },
		CLI_COMMON_LONG,
		CLI_WAIT_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *config_dir = "indicators", *out_dir = "output";
	struct source_opts so = { 0 };
	struct compute_opts co = { is_run, is_run ? HISTORY_KEEP : 0, CSV_RFC4180 };
	char **only = xcalloc((size_t)argc + 1, sizeof(char *));
	char **accept = xcalloc((size_t)argc + 1, sizeof(char *));
	struct cli_parser p = CLI_PARSER(usage, "", opts);
	int c, rc = 0;

	so.network = is_run;
	while (!rc && (c = cli_next(&p, argc, argv)) > 0) {
		if (c == 'c') {
			config_dir = optarg;
		} else if (c == 'o') {
			out_dir = optarg;
		} else if (c == 'f' && is_run) {
			so.network = false;
		} else if (c == 'F' && is_run) {
			so.force = true;
		} else if (c == 'H' && is_run) {
			char *end;
			long v;
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 0 || v > 100000) {
				errorf("--history: expected a number of runs (0 to 100000), not '%s'", optarg);
				rc = EXIT_USAGE;
			} else {
				co.history = (int)v;
			}
		} else if (c == 'X') {
			co.dialect = CSV_EXCEL;
		} else if (c == 'O' && is_run) {
			only[so.nonly++] = optarg;
		} else if (c == 'A') {
			accept[so.naccept++] = optarg;
		} else {
			rc = cli_usage(&p);
		}
	}
	if (!rc && c < 0)
		rc = p.exit;
	else if (!rc)
		rc = cli_no_operands(&p, argc, argv);
	if (!rc && c == 0) {
		so.only = so.nonly ? only : NULL;
		so.accept = accept;
		rc = compute(config_dir, out_dir, &so, &co);
	}
	free(only);
	free(accept);
	return rc;
}

int cmd_compute(int argc, char **argv)
{
	return compute_main(argc, argv, compute_usage, 0);
}

int cmd_run(int argc, char **argv)
{
	return compute_main(argc, argv, run_usage, 1);
}
