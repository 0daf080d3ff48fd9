/* intlkpi diff: what changed between two runs, and why. */
#include "cli/cli.h"
#include "report/history.h"
#include "render/outdoc.h"
#include "render/rundiff.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "util/banned.h"

static const char diff_usage[] =
	"usage: intlkpi diff [OLD] [NEW] [--format text|json] [--output DIR]\n"
	"\n"
	"What changed between two runs: which KPI values, statuses and forecasts\n"
	"differ, by how much, and which observations of their sources (with the\n"
	"source line, sha256 and fetched_at) caused each change; then the\n"
	"observations that changed without moving a KPI, and the source pages\n"
	"(matched by id and URL) whose bytes, state or error changed. A run is a name\n"
	"in output/history/ (or the start of one, such as 20261202T0511), a\n"
	"directory holding kpis.json and observations.json, or a RUN.kpis.json\n"
	"file. Defaults: NEW is the latest run in the history, OLD the one before.\n"
	"Every 'intlkpi run' keeps its outputs in the history.\n"
	"\n"
	"  --format F        text (default) or json\n"
	"  --output DIR      where the history is (default: output)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok (whether or not anything changed), 2 usage error or a run\n"
	"that cannot be found or read.\n";

/* A run's two documents, loaded. */
struct loaded {
	struct buf label;
	cJSON *kpis, *obs;
};

/*
 * Any version of the two documents: a history spans upgrades, and the
 * diff reads only members every version has (id, series, status, forecast,
 * formula, sources; an observation's metric, year, key, value, provenance).
 */
#define KPIS_ANY "intlkpi.kpis/"
#define OBS_ANY "intlkpi.observations/"

static int load_pair(struct loaded *l, const char *dir, const char *kpis,
		     const char *obs, struct buf *err)
{
	if (od_load(dir, kpis, KPIS_ANY, &l->kpis, err) ||
	    od_load(dir, obs, OBS_ANY, &l->obs, err))
		return -1;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* A name of the history, or the unique run starting with it. */
static int from_history(const char *out_dir, const char *want, char **names,
			size_t n, struct loaded *l, struct buf *err)
{
	struct buf dir = BUF_INIT, k = BUF_INIT, o = BUF_INIT;
	const char *found = NULL;
	size_t matches = 0;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if (!strncmp(names[i], want, strlen(want))) {
			matches++;
			found = names[i];
			if (!strcmp(names[i], want)) {
				matches = 1;
				break;
			}
		}
	if (!matches) {
		buf_setf(err, "no run '%s' in %s/history (%zu run%s kept; 'ls %s/history')",
			 want, out_dir, n, n == 1 ? "" : "s", out_dir);
	} else if (matches > 1) {
		buf_setf(err, "'%s' names %zu runs in %s/history; give more of the name",
			 want, matches, out_dir);
	} else {
		path_join(&dir, out_dir, "history");
		buf_addf(&k, "%s.kpis.json", found);
		buf_addf(&o, "%s.observations.json", found);
		buf_addstr(&l->label, found);
		rc = load_pair(l, dir.buf, k.buf, o.buf, err);
	}
	buf_release(&dir);
	buf_release(&k);
	buf_release(&o);
	return rc;
}

/* Resolves one operand: a directory, a RUN.kpis.json file, or a history name. */
static int resolve(const char *out_dir, const char *arg, char **names, size_t n,
		   struct loaded *l, struct buf *err)
{
	struct stat st;
	struct buf dir = BUF_INIT, base = BUF_INIT;
	int rc;

	if (!stat(arg, &st) && S_ISDIR(st.st_mode)) {
		buf_addstr(&l->label, arg);
		return load_pair(l, arg, "kpis.json", "observations.json", err);
	}
	if (ends_with(arg, "kpis.json") && !stat(arg, &st)) {
		const char *slash = strrchr(arg, '/');
		size_t stem = strlen(arg) - strlen("kpis.json");
		buf_add(&dir, arg, slash ? (size_t)(slash - arg) : 0);
		if (!dir.len)
			buf_addch(&dir, '.');
		buf_add(&base, slash ? slash + 1 : arg, stem - (slash ? (size_t)(slash + 1 - arg) : 0));
		buf_addstr(&base, "observations.json");
		buf_addstr(&l->label, arg);
		rc = load_pair(l, dir.buf, slash ? slash + 1 : arg, base.buf, err);
		buf_release(&dir);
		buf_release(&base);
		return rc;
	}
	return from_history(out_dir, arg, names, n, l, err);
}

static void loaded_release(struct loaded *l)
{
	buf_release(&l->label);
	cJSON_Delete(l->kpis);
	cJSON_Delete(l->obs);
}

static int diff(const char *out_dir, char **ops, int nops, int json)
{
	struct loaded a = { BUF_INIT, NULL, NULL }, b = { BUF_INIT, NULL, NULL };
	struct buf err = BUF_INIT, out = BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	const char *old_arg = nops > 0 ? ops[0] : NULL, *new_arg = nops > 1 ? ops[1] : NULL;
	int rc = EXIT_USAGE;

	if (history_list(out_dir, &names, &n, &err)) {
		errorf("%s", err.buf);
		goto out;
	}
	if ((!new_arg && !n) || (!old_arg && n < 2)) {
		errorf("%s/history holds %zu run%s; diff needs two (every 'intlkpi run' keeps one) or OLD and NEW named",
		       out_dir, n, n == 1 ? "" : "s");
		goto out;
	}
	if (resolve(out_dir, old_arg ? old_arg : names[n - 2], names, n, &a, &err) ||
	    resolve(out_dir, new_arg ? new_arg : names[n - 1], names, n, &b, &err)) {
		errorf("%s", err.buf);
		goto out;
	}
	struct run_docs ra = { a.label.buf, a.kpis, a.obs }, rb = { b.label.buf, b.kpis, b.obs };
	if (json)
		rundiff_json(&ra, &rb, &out);
	else
		rundiff_text(&ra, &rb, &out);
	fwrite(out.buf, 1, out.len, stdout);
	rc = EXIT_OK;
out:
	history_names_free(names, n);
	loaded_release(&a);
	loaded_release(&b);
	buf_release(&err);
	buf_release(&out);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *out_dir = "output";
	struct cli_parser p = CLI_PARSER(diff_usage, "", opts);
	int c, json = 0;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		if (c == 'o') {
			out_dir = optarg;
		} else if (c == 'f' && (!strcmp(optarg, "text") || !strcmp(optarg, "json"))) {
			json = !strcmp(optarg, "json");
		} else if (c == 'f') {
			errorf("--format: expected text or json, not '%s'", optarg);
			return EXIT_USAGE;
		} else {
			return cli_usage(&p);
		}
	}
	if (c < 0)
		return p.exit;
	if (argc - optind > 2) {
		errorf("diff takes at most two runs (OLD and NEW)");
		return cli_usage(&p);
	}
	return diff(out_dir, argv + optind, argc - optind, json);
}
