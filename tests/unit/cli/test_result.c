/*
 * How a command ends: cli_result maps a stage's result to the exit code
 * and says it at the severity that goes with it, cli_close writes the
 * closing record at the level its exit code calls for, cli_load_config
 * says each configuration problem as an error of its own, and under the
 * journal every line carries its syslog priority. stderr is captured in a
 * file for each test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "config/config.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/log.h"
#include "../tmpdir.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

struct fx {
	struct buf dir, path, text;
	int saved;	/* the real stderr */
};

static int fx_setup(void **state)
{
	static struct fx f;
	int fd;

	memset(&f, 0, sizeof(f));
	buf_init(&f.dir, 0);
	buf_init(&f.path, 0);
	buf_init(&f.text, 0);
	if (tmpdir_make(&f.dir, "result"))
		return -1;
	path_join(&f.path, f.dir.buf, "stderr");
	fflush(stderr);
	f.saved = dup(STDERR_FILENO);
	fd = open(f.path.buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || f.saved < 0 || dup2(fd, STDERR_FILENO) < 0)
		return -1;
	close(fd);
	unsetenv("JOURNAL_STREAM");
	log_setup(LOG_NOTICE, LOG_TEXT);
	*state = &f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	int rc;

	fflush(stderr);
	dup2(f->saved, STDERR_FILENO);
	close(f->saved);
	unsetenv("JOURNAL_STREAM");
	log_setup(LOG_NOTICE, LOG_TEXT);
	rc = tmpdir_remove(f->dir.buf);
	buf_release(&f->dir);
	buf_release(&f->path);
	buf_release(&f->text);
	return rc;
}

/* What was written to stderr so far. */
static const char *said(struct fx *f)
{
	struct buf err = BUF_INIT;

	fflush(stderr);
	buf_reset(&f->text);
	assert_int_equal(file_read(f->path.buf, &f->text, 0, &err), 0);
	buf_release(&err);
	return f->text.buf;
}

static void cli_result__maps_the_sign_to_the_exit_code_and_the_severity(void **state)
{
	struct fx *f = *state;
	struct buf what = BUF_INIT;

	buf_addstr(&what, "3 of 27 charts not drawn");
	assert_int_equal(cli_result(0, &what), EXIT_OK);
	assert_string_equal(said(f), "");
	assert_int_equal(cli_result(1, &what), EXIT_STALE);
	assert_string_equal(said(f), "intlkpi: warning: 3 of 27 charts not drawn\n");
	assert_int_equal(cli_result(ERR_DATA, &what), EXIT_FATAL);
	assert_int_equal(cli_result(ERR_CONFIG, NULL), EXIT_FATAL);
	assert_non_null(strstr(said(f), "\nintlkpi: error: 3 of 27 charts not drawn\n"));
	/* a stage that has said it: nothing more */
	buf_reset(&what);
	assert_int_equal(cli_result(3, &what), EXIT_STALE);
	assert_null(strstr(said(f), "warning: \n"));
	buf_release(&what);
}

static void cli_close__json__has_exit_duration_run_id_and_the_counts(void **state)
{
	struct fx *f = *state;
	const char *t;

	log_setup(LOG_NOTICE, LOG_JSON);
	log_begin("fetch", true);
	log_source_done(0);
	log_source_done(0);
	log_source_done(3);
	assert_int_equal(cli_close(EXIT_STALE), EXIT_STALE);
	t = said(f);
	assert_non_null(strstr(t, "\"level\":\"warning\",\"message\":\"fetch finished: exit=1 sources "
			       "fresh=2 cached=0 snapshot=0 stale=1 failed=0\",\"command\":\"fetch\","
			       "\"exit\":1,\"duration_s\":0."));
	assert_non_null(strstr(t, ",\"run_id\":\"20"));
	assert_non_null(strstr(t, "\"sources\":{\"fresh\":2,\"cached\":0,\"snapshot\":0,"
			       "\"stale\":1,\"failed\":0}}\n"));
	assert_int_equal(t[strlen(t) - 1], '\n');
}

static void cli_close__level__follows_the_exit_code(void **state)
{
	struct fx *f = *state;
	static const struct { int code; const char *level; } want[] = {
		{ EXIT_OK, "notice" }, { EXIT_LOCKED, "notice" }, { EXIT_STALE, "warning" },
		{ 130, "warning" }, { EXIT_USAGE, "error" }, { EXIT_FATAL, "error" },
	};
	struct buf one = BUF_INIT;

	log_setup(LOG_DEBUG, LOG_JSON);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		log_begin("show", false);
		cli_close(want[i].code);
		buf_setf(&one, "\"level\":\"%s\",\"message\":\"show finished: exit=%d\"", want[i].level,
			 want[i].code);
		assert_non_null(strstr(said(f), one.buf));
	}
	/* no sources member for a command without sources */
	assert_null(strstr(said(f), "\"sources\""));
	buf_release(&one);
}

static void cli_close__text__only_once_the_sources_ran_and_quiet_hides_a_clean_end(void **state)
{
	struct fx *f = *state;

	log_begin("run", true);
	cli_close(EXIT_USAGE);
	assert_string_equal(said(f), "");
	log_begin("run", true);
	log_sources_ran();
	log_source_done(1);
	cli_close(EXIT_OK);
	assert_string_equal(said(f), "intlkpi: run finished: exit=0 sources fresh=0 cached=1 "
			    "snapshot=0 stale=0 failed=0\n");
	log_setup(LOG_WARN, LOG_JSON);
	log_begin("run", true);
	cli_close(EXIT_OK);
	assert_null(strstr(said(f), "{"));
}

static void journal__every_line_starts_with_its_priority(void **state)
{
	struct fx *f = *state;
	struct stat st;
	struct buf v = BUF_INIT;

	assert_int_equal(stat(f->path.buf, &st), 0);
	buf_addf(&v, "%llu:%llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", v.buf, 1);
	log_setup(LOG_DEBUG, LOG_TEXT);
	log_begin("check", false);
	errorf("e");
	warnf("w");
	notef("n");
	debugf("d");
	assert_string_equal(said(f), "<3>intlkpi: error: e\n<4>intlkpi: warning: w\n"
			    "<5>intlkpi: n\n<7>intlkpi: debug: d\n");
	/* another stream's device and inode: no prefix */
	setenv("JOURNAL_STREAM", "1:1", 1);
	log_begin("check", false);
	notef("plain");
	assert_non_null(strstr(said(f), "\nintlkpi: plain\n"));
	buf_release(&v);
}

static void cli_load_config__each_problem__is_one_error_line(void **state)
{
	struct fx *f = *state;
	struct config cfg;
	struct buf cfgdir = BUF_INIT;
	const char *t;
	int lines = 0;

	path_join(&cfgdir, f->dir.buf, "cfg");
	assert_int_equal(mkdir(cfgdir.buf, 0755), 0);
	assert_int_equal(tmpdir_copy("tests/fixtures/small", cfgdir.buf), 0);
	/* areas.json with an unknown key (and so no areas: more problems follow) */
	assert_int_equal(tmpdir_put(cfgdir.buf, "areas.json", "{\"areaz\": []}\n"), 0);
	assert_true(cli_load_config(&cfg, cfgdir.buf) >= 1);
	config_release(&cfg);
	t = said(f);
	for (const char *p = t; (p = strstr(p, "intlkpi: error: ")); p++)
		lines++;
	assert_true(lines >= 1);
	assert_non_null(strstr(t, "intlkpi: error: areas.json:1:"));
	for (const char *p = t; *p; p++)
		assert_true(*p != '\n' || !p[1] || !strncmp(p + 1, "intlkpi: error: ", 16));
	buf_release(&cfgdir);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(cli_result__maps_the_sign_to_the_exit_code_and_the_severity),
		T(cli_close__json__has_exit_duration_run_id_and_the_counts),
		T(cli_close__level__follows_the_exit_code),
		T(cli_close__text__only_once_the_sources_ran_and_quiet_hides_a_clean_end),
		T(journal__every_line_starts_with_its_priority),
		T(cli_load_config__each_problem__is_one_error_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
