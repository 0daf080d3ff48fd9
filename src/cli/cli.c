#include "cli/cli.h"
#include "cli/lock.h"
#include "util/log.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static int wait_seconds;	/* --wait, for cli_lock */
static enum log_level max_level = LOG_NOTICE;	/* -q, -v */
static enum log_format format = LOG_TEXT;	/* --log-format */

/* The common options; 0 when handled, -1 to stop with p->exit. */
static int common(struct cli_parser *p, int opt, const char *arg)
{
	switch (opt) {
	case 'h':
		fputs(p->usage, stdout);
		p->exit = EXIT_OK;
		return -1;
	case 'q':
		max_level = LOG_WARN;
		break;
	case 'v':
		max_level = LOG_DEBUG;
		break;
	case 1000:
		if (!strcmp(arg, "text")) {
			format = LOG_TEXT;
		} else if (!strcmp(arg, "json")) {
			format = LOG_JSON;
		} else {
			errorf("--log-format takes 'text' or 'json', not '%s'", arg);
			p->exit = EXIT_USAGE;
			return -1;
		}
		break;
	case 1001: {
		char *end;
		long w;
		errno = 0;
		w = strtol(arg, &end, 10);
		if (errno || *end || end == arg || w < 0 || w > 86400) {
			errorf("--wait takes a number of seconds (0 to 86400), not '%s'", arg);
			p->exit = EXIT_USAGE;
			return -1;
		}
		wait_seconds = (int)w;
		return 0;
	}
	default:
		p->exit = cli_usage(p);
		return -1;
	}
	log_setup(max_level, format);
	return 0;
}

int cli_next(struct cli_parser *p, int argc, char **argv)
{
	int c;

	if (!p->optstring[0]) {
		/* leading ':': a missing value is ':', told apart from '?' */
		snprintf(p->optstring, sizeof(p->optstring), ":%s%s", CLI_COMMON_SHORT,
			 p->shortopts ? p->shortopts : "");
		optind = 1;
		opterr = 0;	/* our messages, through the logger */
	}
	while ((c = getopt_long(argc, argv, p->optstring, p->longopts, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *arg = argv[optind - 1];
			if (c == '?' && (!strcmp(arg, "--wait") || !strncmp(arg, "--wait=", 7)))
				errorf("--wait is for the commands that take the output lock "
				       "(run, fetch, compute, plot, report); this one takes none");
			else if (optopt && strncmp(arg, "--", 2))
				errorf("%s option '-%c'", c == ':' ? "a value is needed after" : "unknown",
				       optopt);
			else
				errorf("%s option '%s'", c == ':' ? "a value is needed after" : "unknown",
				       arg);
			p->exit = cli_usage(p);
			return -1;
		}
		if (c == 1000 || c == 1001 || (c > 0 && strchr(CLI_COMMON_SHORT, c))) {
			if (common(p, c, optarg))
				return -1;
			continue;
		}
		return c;
	}
	return 0;
}

int cli_usage(const struct cli_parser *p)
{
	/* a log of JSON records stays one record per line: the error said it */
	if (format == LOG_TEXT)
		fputs(p->usage, stderr);
	return EXIT_USAGE;
}

int cli_no_operands(const struct cli_parser *p, int argc, char **argv)
{
	if (optind >= argc)
		return 0;
	errorf("unexpected argument '%s'", argv[optind]);
	return cli_usage(p);
}

int cli_result(int rc, const struct buf *what)
{
	bool say = what && what->len;

	if (!rc)
		return EXIT_OK;
	if (rc > 0) {
		if (say)
			warnf("%s", what->buf);
		return EXIT_STALE;
	}
	if (say)
		errorf("%s", what->buf);
	return EXIT_FATAL;
}

int cli_close(int code)
{
	enum log_level level = LOG_ERROR;

	if (code == EXIT_OK || code == EXIT_LOCKED)
		level = LOG_NOTICE;
	else if (code == EXIT_STALE || code > 128)
		level = LOG_WARN;
	log_close(level, code);
	return code;
}

int cli_lock(const char *out_dir)
{
	struct buf err = BUF_INIT;
	int rc = lock_output(out_dir, wait_seconds, &err);
	/* another run at work is the normal case for a timer: a notice, exit 75 */
	if (rc == 1) {
		notef("%s; not running (exit %d)", err.buf, EXIT_LOCKED);
		rc = EXIT_LOCKED;
	} else {
		rc = cli_result(rc, &err);
	}
	buf_release(&err);
	return rc;
}
