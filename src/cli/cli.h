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
	{ "log-format", required_argument, NULL, 1000 },          \
	{ "wait", required_argument, NULL, 1001 }

/*
 * Handles an option returned by getopt_long. Returns CLI_NOT_COMMON when
 * opt is the command's own, CLI_CONTINUE when it was handled, or an exit
 * code to stop with (help printed: 0; bad value or unknown option: 2).
 * usage is the command's help text.
 */
#define CLI_NOT_COMMON (-1)
#define CLI_CONTINUE (-2)
int cli_common(int opt, const char *arg, const char *usage);

/*
 * Takes the output directory's lock for a command that writes there
 * (lock.h), waiting up to --wait SECONDS (default 0: fail at once).
 * Returns CLI_CONTINUE when held, else the exit code to stop with:
 * EXIT_LOCKED when another run holds it, EXIT_FATAL on failure.
 */
int cli_lock(const char *out_dir);

/* For commands whose issue has not landed: a message and exit 2. */
int cli_not_implemented(int argc, char **argv);

int cmd_run(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_compute(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_works(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
