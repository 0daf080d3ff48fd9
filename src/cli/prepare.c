/* What fetch, compute and run do before running the sources. */
#include "cli/cli.h"
#include "collect/collect.h"
#include "config/config.h"
#include "util/fs.h"
#include "util/log.h"
#include <string.h>
#include <sys/stat.h>
#include "util/banned.h"

/* OUT/cache, where the last good copies go, is a directory when it exists. */
static int cache_dir_usable(const char *out_dir, struct buf *err)
{
	struct buf path = BUF_INIT;
	struct stat st;
	int rc = 0;

	path_join(&path, out_dir, "cache");
	if (!stat(path.buf, &st) && !S_ISDIR(st.st_mode)) {
		buf_setf(err, "'%s' is not a directory: no last good copy could be kept (move it away)",
			 path.buf);
		rc = -1;
	}
	buf_release(&path);
	return rc;
}

int cli_load_config(struct config *cfg, const char *dir)
{
	struct buf errors = BUF_INIT;
	int n = config_load(cfg, dir, &errors);
	char *line = errors.buf;

	log_set_class("config");	/* every failure record has its class */
	while (*line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		errorf("%s", line);
		if (!nl)
			break;
		line = nl + 1;
	}
	log_set_class(NULL);
	buf_release(&errors);
	return n;
}

int cli_prepare(struct config *cfg, const char *config_dir,
		const char *out_dir, const struct source_opts *so)
{
	struct buf err = BUF_INIT;
	int rc;

	if (cli_load_config(cfg, config_dir)) {
		rc = EXIT_USAGE;
		goto fail;
	}
	for (size_t i = 0; i < so->nonly; i++)
		if (!config_source(cfg, so->only[i])) {
			errorf("no source '%s' in %s", so->only[i], config_dir);
			rc = EXIT_USAGE;
			goto fail;
		}
	for (size_t i = 0; i < so->naccept; i++)
		if (!config_source(cfg, so->accept[i])) {
			errorf("--accept: no source '%s' in %s", so->accept[i], config_dir);
			rc = EXIT_USAGE;
			goto fail;
		}
	if ((rc = cli_result(mkdir_p(out_dir, &err), &err)) ||
	    (rc = cli_lock(out_dir)) ||
	    (rc = cli_result(cache_dir_usable(out_dir, &err), &err)))
		goto fail;
	buf_release(&err);
	return 0;
fail:
	buf_release(&err);
	config_release(cfg);
	return rc;
}
