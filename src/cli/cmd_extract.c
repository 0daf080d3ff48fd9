/* intlkpi extract: what one source definition yields, without writing anything. */
#include "cli/cli.h"
#include "config/config.h"
#include "obs/obs.h"
#include "collect/collect.h"
#include "util/fs.h"
#include "util/log.h"
#include "cli/view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/banned.h"

static const char extract_usage[] =
	"usage: intlkpi extract SOURCE-FILE [--config DIR] [--format table|json|csv]\n"
	"\n"
	"Runs one source definition (DIR/sources/NAME.json) and prints the\n"
	"observations it yields, with the line of the raw file each comes from.\n"
	"Writes nothing and opens no connection: a web source is read from its\n"
	"bundled snapshot. The configuration it belongs to is loaded and checked\n"
	"as a whole; by default it is DIR, taken from SOURCE-FILE's path.\n"
	"\n"
	"  --config DIR      the configuration SOURCE-FILE belongs to\n"
	VIEW_HELP
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n"
	"\n"
	"Exit: 0 ok, 1 the source failed (its error is shown), 2 usage or\n"
	"configuration error.\n";

/* DIR of DIR/sources/NAME.json into dir; -1 when file is not so placed. */
static int config_dir_of(const char *file, struct buf *dir)
{
	const char *slash = strrchr(file, '/');
	size_t n;

	buf_reset(dir);
	if (!slash)
		return -1;
	n = (size_t)(slash - file);
	if (n < 7 || memcmp(slash - 7, "sources", 7) ||
	    (n > 7 && slash[-8] != '/'))
		return -1;
	if (n == 7)
		buf_addch(dir, '.');
	else
		buf_add(dir, file, n - 8 ? n - 8 : 1);
	return 0;
}

/* The source of cfg defined by file (compared as real paths), or NULL. */
static const struct source *source_of_file(const struct config *cfg,
					   const char *file)
{
	struct buf path = BUF_INIT;
	const struct source *found = NULL;
	char *want = realpath(file, NULL);

	for (size_t i = 0; want && !found && i < cfg->nsources; i++) {
		char *have;
		path_join(&path, cfg->dir, cfg->sources[i].file);
		have = realpath(path.buf, NULL);
		if (have && !strcmp(have, want))
			found = &cfg->sources[i];
		free(have);
	}
	free(want);
	buf_release(&path);
	return found;
}

static int extract(const char *file, const char *config_dir, const struct view *v)
{
	struct config cfg;
	struct obs_table t;
	struct buf o = BUF_INIT;
	const struct source *s;
	char stamp[21];
	int rc = EXIT_OK;

	if (cli_load_config(&cfg, config_dir)) {
		config_release(&cfg);
		return EXIT_USAGE;
	}
	s = source_of_file(&cfg, file);
	if (!s) {
		errorf("'%s' is not a source of the configuration '%s'", file, config_dir);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	obs_init(&t);
	log_set_source(s->id);
	rc = cli_result(source_run_one(&cfg, s, &t), NULL);
	log_set_source(NULL);
	obs_sort(&t);
	iso_time((long long)time(NULL), stamp);
	view_obs(&o, v, &t, stamp);
	fwrite(o.buf, 1, o.len, stdout);
	if (!rc)
		notef("%zu observations from source '%s'", t.n, s->id);
	buf_release(&o);
	obs_release(&t);
	config_release(&cfg);
	return rc;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		VIEW_LONG,
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct view v = VIEW_INIT;
	struct buf dir = BUF_INIT;
	const char *config_dir = NULL;
	struct cli_parser p = CLI_PARSER(extract_usage, "", opts);
	int c, rc;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		rc = view_option(&v, c, optarg);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0)
			continue;
		if (c != 'c')
			return cli_usage(&p);
		config_dir = optarg;
	}
	if (c < 0)
		return p.exit;
	if (argc - optind != 1) {
		errorf("extract takes one SOURCE-FILE (see 'intlkpi extract --help')");
		return EXIT_USAGE;
	}
	if (!config_dir) {
		if (config_dir_of(argv[optind], &dir)) {
			errorf("'%s' is not in a sources/ directory: name the configuration with --config DIR",
			       argv[optind]);
			return EXIT_USAGE;
		}
		config_dir = dir.buf;
	}
	view_ready(&v);
	rc = extract(argv[optind], config_dir, &v);
	buf_release(&dir);
	return rc;
}
