#include "cli/cli.h"
#include "cli/lock.h"
#include "util/log.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static int wait_seconds;	/* --wait, for cli_lock */

int cli_common(int opt, const char *arg, const char *usage)
{
	static enum log_level level = LOG_NOTE;
	static enum log_format format = LOG_TEXT;

	switch (opt) {
	case 'h':
		fputs(usage, stdout);
		return EXIT_OK;
	case 'q':
		level = LOG_WARN;
		break;
	case 'v':
		level = LOG_DEBUG;
		break;
	case 1000:
		if (!strcmp(arg, "text")) {
			format = LOG_TEXT;
		} else if (!strcmp(arg, "json")) {
			format = LOG_JSON;
		} else {
			errorf("--log-format takes 'text' or 'json', not '%s'", arg);
			return EXIT_USAGE;
		}
		break;
	case 1001: {
		char *end;
		long w;
		errno = 0;
		w = strtol(arg, &end, 10);
		if (errno || *end || end == arg || w < 0 || w > 86400) {
			errorf("--wait takes a number of seconds (0 to 86400), not '%s'", arg);
			return EXIT_USAGE;
		}
		wait_seconds = (int)w;
		return CLI_CONTINUE;
	}
	case '?':
		fputs(usage, stderr);
		return EXIT_USAGE;
	default:
		return CLI_NOT_COMMON;
	}
	log_setup(level, format);
	return CLI_CONTINUE;
}

int cli_not_implemented(int argc, char **argv)
{
	(void)argc;
	errorf("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cli_lock(const char *out_dir)
{
	struct buf err = BUF_INIT;
	int rc = lock_output(out_dir, wait_seconds, &err);
	if (rc)
		errorf("%s", err.buf);
	buf_release(&err);
	return rc == 0 ? CLI_CONTINUE : rc == 1 ? EXIT_LOCKED : EXIT_FATAL;
}
