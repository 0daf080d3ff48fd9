#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/lock.h"
#include "util/buf.h"
#include "util/fs.h"
#include "../tmpdir.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

/*
 * The lock is held until the process exits, so every lock that succeeds is
 * taken in a child; the test process itself only ever fails to take it.
 */
struct fx {
	struct buf dir, out, err;
	pid_t holder;
	int release_fd;	/* closing it lets the holder exit */
};

static int fx_setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	buf_init(&f.dir, 0);
	buf_init(&f.out, 0);
	buf_init(&f.err, 0);
	f.release_fd = -1;
	if (tmpdir_make(&f.dir, "lock"))
		return -1;
	path_join(&f.out, f.dir.buf, "output");
	*state = &f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	int rc;

	if (f->release_fd >= 0)
		close(f->release_fd);
	if (f->holder > 0) {
		kill(f->holder, SIGKILL);
		waitpid(f->holder, NULL, 0);
	}
	rc = tmpdir_remove(f->dir.buf);
	buf_release(&f->dir);
	buf_release(&f->out);
	buf_release(&f->err);
	return rc;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Forks a process that takes the lock of f->out and holds it until
 * f->release_fd is closed (or it is killed); returns once it holds it.
 */
static void start_holder(struct fx *f)
{
	int ready[2], release[2];
	char c = 0;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	f->holder = fork();
	assert_true(f->holder >= 0);
	if (f->holder == 0) {
		struct buf err = BUF_INIT;
		char ok;
		close(ready[0]);
		close(release[1]);
		ok = lock_output(f->out.buf, 0, &err) == 0 ? 'y' : 'n';
		if (write(ready[1], &ok, 1) != 1)
			_exit(2);
		while (read(release[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(release[0]);
	f->release_fd = release[1];
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_int_equal(c, 'y');
}

/* lock_output(f->out, wait) in a child; its return value (or -2 on a crash). */
static int lock_in_child(struct fx *f, int wait_seconds)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct buf err = BUF_INIT;
		int rc = lock_output(f->out.buf, wait_seconds, &err);
		_exit(rc < 0 ? 255 : rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		return -2;
	return WEXITSTATUS(status) == 255 ? -1 : WEXITSTATUS(status);
}

/* The pid recorded in OUTPUT/.lock, its start time into started[21]. */
static long long recorded_pid(struct fx *f, char started[21])
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	long long pid = 0;
	char *end;

	path_join(&path, f->out.buf, ".lock");
	if (file_read(path.buf, &text, 0, &f->err))
		fail_msg("%s", f->err.buf);
	pid = strtoll(text.buf, &end, 10);
	assert_int_equal(*end, ' ');
	assert_int_equal(strlen(end + 1), 21);	/* the time and '\n' */
	memcpy(started, end + 1, 20);
	started[20] = '\0';
	buf_release(&path);
	buf_release(&text);
	return pid;
}

static void lock_output__free_directory__is_taken_and_records_the_holder(void **state)
{
	struct fx *f = *state;
	char started[21], today[21];

	start_holder(f);
	assert_int_equal(recorded_pid(f, started), f->holder);
	/* "YYYY-MM-DDTHH:MM:SSZ", today in UTC (unless midnight passed meanwhile) */
	iso_time((long long)time(NULL), today);
	assert_int_equal(started[10], 'T');
	assert_int_equal(started[19], 'Z');
	assert_memory_equal(started, today, 8);
}

static void lock_output__held_by_another_process__returns_1_naming_its_pid_and_start(void **state)
{
	struct fx *f = *state;
	char started[21];
	struct buf want = BUF_INIT;
	double t0;

	start_holder(f);
	recorded_pid(f, started);
	t0 = now();
	assert_int_equal(lock_output(f->out.buf, 0, &f->err), 1);
	assert_true(now() - t0 < 1);	/* no wait asked, none done */
	buf_addf(&want, "another intlkpi (pid %lld, started %s) holds '%s/.lock'",
		 (long long)f->holder, started, f->out.buf);
	assert_string_equal(f->err.buf, want.buf);
	buf_release(&want);
}

static void lock_output__holder_still_there_after_the_wait__returns_1(void **state)
{
	struct fx *f = *state;
	double t0;

	start_holder(f);
	t0 = now();
	assert_int_equal(lock_output(f->out.buf, 1, &f->err), 1);
	assert_true(now() - t0 >= 0.9);
	assert_true(now() - t0 < 5);
	assert_non_null(strstr(f->err.buf, "another intlkpi (pid "));
}

static void lock_output__holder_exits_during_the_wait__is_taken(void **state)
{
	struct fx *f = *state;
	int status;
	pid_t waiter;
	double t0;

	start_holder(f);
	t0 = now();
	waiter = fork();
	assert_true(waiter >= 0);
	if (waiter == 0) {
		struct buf err = BUF_INIT;
		close(f->release_fd);	/* else the holder never sees its end */
		_exit(lock_output(f->out.buf, 10, &err) == 0 ? 0 : 1);
	}
	usleep(300 * 1000);
	close(f->release_fd);	/* the holder exits, the kernel drops its lock */
	f->release_fd = -1;
	assert_int_equal(waitpid(waiter, &status, 0), waiter);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(now() - t0 < 5);
}

static void lock_output__holder_killed__does_not_block_the_next_run(void **state)
{
	struct fx *f = *state;
	char started[21];
	pid_t dead;

	start_holder(f);
	dead = f->holder;
	assert_int_equal(kill(dead, SIGKILL), 0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	f->holder = 0;
	/* the file still names the dead process, but no lock is held */
	assert_int_equal(recorded_pid(f, started), dead);
	assert_int_equal(lock_in_child(f, 0), 0);
	assert_true(recorded_pid(f, started) != dead);
}

static void lock_output__same_process_again__returns_0(void **state)
{
	struct fx *f = *state;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct buf err = BUF_INIT;
		int a = lock_output(f->out.buf, 0, &err);
		int b = lock_output(f->out.buf, 0, &err);
		_exit(a == 0 && b == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void lock_output__output_is_a_file__fails_naming_it(void **state)
{
	struct fx *f = *state;

	assert_int_equal(tmpdir_put(f->dir.buf, "output", "not a directory"), 0);
	assert_int_equal(lock_output(f->out.buf, 0, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->out.buf));
	assert_non_null(strstr(f->err.buf, strerror(ENOTDIR)));
}

static int exists(struct fx *f, const char *name)
{
	struct buf p = BUF_INIT;
	int r;

	path_join(&p, f->out.buf, name);
	r = access(p.buf, F_OK) == 0;
	buf_release(&p);
	return r;
}

static void lock_output__taken__removes_temporaries_that_killed_runs_left(void **state)
{
	struct fx *f = *state;
	struct buf sub = BUF_INIT;

	assert_int_equal(mkdir_p(f->out.buf, &f->err), 0);
	path_join(&sub, f->out.buf, "cache/src");
	assert_int_equal(mkdir_p(sub.buf, &f->err), 0);
	tmpdir_put(f->out.buf, "kpi.json.tmp.Ab3dE9", "half");
	tmpdir_put(sub.buf, "body.tmp.x1y2z3", "half");
	tmpdir_put(f->out.buf, "kpi.json", "{}");
	tmpdir_put(f->out.buf, "notes.tmp.toolong", "kept");
	tmpdir_put(f->out.buf, "notes.tmp.short", "kept");
	assert_int_equal(lock_in_child(f, 0), 0);
	assert_false(exists(f, "kpi.json.tmp.Ab3dE9"));
	assert_false(exists(f, "cache/src/body.tmp.x1y2z3"));
	assert_true(exists(f, "kpi.json"));
	assert_true(exists(f, "notes.tmp.toolong"));
	assert_true(exists(f, "notes.tmp.short"));
	assert_true(exists(f, "cache/src"));
	buf_release(&sub);
}

static void lock_output__held_by_another__removes_no_temporary(void **state)
{
	struct fx *f = *state;

	start_holder(f);
	/* a temporary being written by the holder right now */
	tmpdir_put(f->out.buf, "kpi.json.tmp.Ab3dE9", "in progress");
	assert_int_equal(lock_output(f->out.buf, 0, &f->err), 1);
	assert_true(exists(f, "kpi.json.tmp.Ab3dE9"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(lock_output__free_directory__is_taken_and_records_the_holder),
		T(lock_output__held_by_another_process__returns_1_naming_its_pid_and_start),
		T(lock_output__holder_still_there_after_the_wait__returns_1),
		T(lock_output__holder_exits_during_the_wait__is_taken),
		T(lock_output__holder_killed__does_not_block_the_next_run),
		T(lock_output__same_process_again__returns_0),
		T(lock_output__output_is_a_file__fails_naming_it),
		T(lock_output__taken__removes_temporaries_that_killed_runs_left),
		T(lock_output__held_by_another__removes_no_temporary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
