#ifndef CLI_WORKS_CLI_H
#define CLI_WORKS_CLI_H
#include "works/works.h"

/*
 * What `works` and `merge` share: their output options (--format,
 * --window, --counting, -o, --partial, --jobs) and the one sink that
 * writes the index: the partial (atomically) when asked, then the output
 * to stdout (streamed) or to -o (atomically).
 */
struct works_cli_out {
	struct works_out wo;
	const char *path;	/* -o: NULL for stdout */
	const char *partial;	/* --partial */
};

/* The long options, with the codes works_cli_out_option takes. */
#define WORKS_CLI_OUT_LONG                                         \
	{ "format", required_argument, NULL, 'f' },                \
	{ "window", required_argument, NULL, 'W' },                \
	{ "counting", required_argument, NULL, 'C' },              \
	{ "output", required_argument, NULL, 'o' },                \
	{ "partial", required_argument, NULL, 'p' },               \
	{ "jobs", required_argument, NULL, 'j' }

void works_cli_out_init(struct works_cli_out *o);
/*
 * Takes option c with arg when it is an output option: 0 taken, 1 not an
 * output option, -1 a bad value (the message printed: exit 2).
 */
int works_cli_out_option(struct works_cli_out *o, int c, const char *arg);
/* Writes the partial and the output of ix; returns the exit code (0 or 3). */
int works_cli_emit(const struct works_index *ix, const struct works_cli_out *o);

#endif
