#ifndef CLI_CLI_H
#define CLI_CLI_H
#include <getopt.h>

/*
 * What every command shares: the common options (-q, -v, --log-format,
 * -h), the exit codes, and the command functions that main dispatches to.
 */
enum exit_code {
	EXIT_OK = 0,
	EXIT_STALE = 1,		/* finished, but a source failed */
	EXIT_USAGE = 2,		/* usage or configuration error */
	EXIT_FATAL = 3,		/* nothing written */
	EXIT_LOCKED = 75,	/* another run holds the lock */
};

#define CLI_COMMON_SHORT "hqv"
#define CLI_COMMON_LONG                                           \
	{ "help", no_argument, NULL, 'h' },                       \
	{ "quiet", no_argument, NULL, 'q' },                      \
	{ "verbose", no_argument, NULL, 'v' },                    \
	{ "log-format", required_argument, NULL, 1000 }
/*
 * --wait SECONDS, only for the commands that take the output lock
 * (cli_lock: run, fetch, compute, plot, report); elsewhere it is a usage
 * error that says so.
 */
#define CLI_WAIT_LONG { "wait", required_argument, NULL, 1001 }

/*
 * One command's option parser: getopt_long over the command's own options
 * plus the common ones, which it handles itself.
 *
 *	struct cli_parser p = CLI_PARSER(usage, "o:", opts);
 *	while ((c = cli_next(&p, argc, argv)) > 0)
 *		switch (c) { case 'o': ...; break; default: return cli_usage(&p); }
 *	if (c < 0)
 *		return p.exit;
 *
 * cli_next returns the command's next option character (optarg set), 0
 * when the options are done (optind is the first operand), or -1 when the
 * command must stop with p.exit: 0 after --help, EXIT_USAGE after an
 * unknown option or a bad common value (the message already printed).
 * A command that takes the lock lists CLI_WAIT_LONG too.
 * shortopts is the command's own; CLI_COMMON_SHORT is added.
 */
struct cli_parser {
	const char *usage;
	const char *shortopts;
	const struct option *longopts;
	int exit;
	char optstring[64];
};
#define CLI_PARSER(usage, shortopts, longopts) { (usage), (shortopts), (longopts), 0, { 0 } }
int cli_next(struct cli_parser *p, int argc, char **argv);

/*
 * Prints the usage to stderr (not with --log-format json, whose lines are
 * records); returns EXIT_USAGE, for a command to return.
 */
int cli_usage(const struct cli_parser *p);

/*
 * A command that takes no operands: 0 when there are none, else the
 * message printed and EXIT_USAGE.
 */
int cli_no_operands(const struct cli_parser *p, int argc, char **argv);

/*
 * The one way a command ends a stage (every command goes through it, so
 * the same case is said the same way everywhere): rc 0 is EXIT_OK and
 * nothing is said; rc > 0, a partial result (some charts missing, some
 * sources stale, some ids unconfirmed), is EXIT_STALE with what said as a
 * warning; rc < 0, a failure (util/err.h) that leaves an output unwritten,
 * is EXIT_FATAL with what said as an error. what NULL or empty: the stage
 * has said it already. Returns the exit code. what is a buffer, read after
 * the stage ran: cli_result(stage(&err), &err) says the stage's words.
 */
struct buf;
int cli_result(int rc, const struct buf *what);

/*
 * The command's closing record (util/log.h log_close) at the level its
 * exit code calls for: notice for 0 and 75 (nothing to do), warning for 1
 * (stale, usable outputs) and for 130 and 143 (stopped; as the signal
 * handler writes it), error for 2 and 3. Returns code.
 */
int cli_close(int code);

/*
 * Takes the output directory's lock for a command that writes there
 * (lock.h), waiting up to --wait SECONDS (default 0: fail at once).
 * Returns 0 when held, else the exit code to stop with: EXIT_LOCKED when
 * another run holds it, EXIT_FATAL on failure (message printed).
 */
int cli_lock(const char *out_dir);

/*
 * config_load (config/config.h), each problem said as an error of its own;
 * returns the number of problems (0: cfg loaded).
 */
struct config;
int cli_load_config(struct config *cfg, const char *dir);

/*
 * What fetch, compute and run do first: load the configuration (errors
 * reported), check that every --only source exists, create out_dir and
 * take its lock. Returns 0 when all went well (cfg loaded, lock held),
 * else the exit code to stop with (cfg released).
 */
struct config;
struct source_opts;
int cli_prepare(struct config *cfg, const char *config_dir,
		const char *out_dir, const struct source_opts *so);

int cmd_run(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_compute(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_works(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_institutions(int argc, char **argv);
int cmd_init(int argc, char **argv);

#endif
