#include "cli/cli.h"
#include "util/fs.h"
#include "util/log.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	bool sources;	/* reads the configured sources: counted in the closing record */
};

static const struct command commands[] = {
	{ "run", cmd_run, "fetch, compute and report", true },
	{ "fetch", cmd_fetch, "refresh raw data into the cache", true },
	{ "compute", cmd_compute, "sources -> output/kpis.json, kpis.csv, observations", true },
	{ "plot", cmd_plot, "kpis.json -> output/charts/", false },
	{ "report", cmd_report, "-> output/report.html", false },
	{ "show", cmd_show, "query the outputs in the terminal", false },
	{ "check", cmd_check, "validate the configuration", false },
	{ "diff", cmd_diff, "what changed between two runs, and why", false },
	{ "extract", cmd_extract, "print what one source yields", false },
	{ "works", cmd_works, "bulk co-authorship engine over OpenAlex JSON Lines", false },
	{ "merge", cmd_merge, "merge partial aggregates of 'works'", false },
	{ "institutions", cmd_institutions, "find OpenAlex and ROR ids of institutions", false },
	{ "init", cmd_init, "write a small working configuration to start from", false },
};

static void usage(FILE *f)
{
	fputs("usage: intlkpi COMMAND [OPTIONS]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s  %s\n", commands[i].name, commands[i].summary);
	fputs("\n'intlkpi COMMAND --help' describes one command. "
	      "Common options: -q, -v, --log-format text|json, --version.\n", f);
}

/*
 * Flushes stdout and reports a failed write (a full disk, a closed pipe),
 * then writes the closing record (cli_close).
 */
static int finish(int rc)
{
	if (fflush(stdout) || ferror(stdout)) {
		errorf("cannot write to standard output");
		rc = rc ? rc : EXIT_FATAL;
	}
	return cli_close(rc);
}

int main(int argc, char **argv)
{
	fs_cleanup_on_signals();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("intlkpi %s\n", INTLKPI_VERSION);
		return finish(EXIT_OK);
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return finish(EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name)) {
			log_begin(commands[i].name, commands[i].sources);
			return finish(commands[i].fn(argc - 1, argv + 1));
		}
	errorf("unknown command '%s' (see 'intlkpi --help')", argv[1]);
	return EXIT_USAGE;
}
