#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/fs.h"
#include "util/buf.h"
#include "util/err.h"
#include "../tmpdir.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "util/banned.h"

/* Each test gets a fresh directory, removed afterwards. */
struct fx {
	struct buf dir, path, err, out;
};

static int fx_setup(void **state)
{
	static struct fx f;

	buf_init(&f.dir, 0);
	buf_init(&f.path, 0);
	buf_init(&f.err, 0);
	buf_init(&f.out, 0);
	if (tmpdir_make(&f.dir, "fs"))
		return -1;
	*state = &f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	int rc = tmpdir_remove(f->dir.buf);

	buf_release(&f->dir);
	buf_release(&f->path);
	buf_release(&f->err);
	buf_release(&f->out);
	return rc;
}

/* DIR/name into f->path. */
static const char *at(struct fx *f, const char *name)
{
	path_join(&f->path, f->dir.buf, name);
	return f->path.buf;
}

/* How many entries of dir have ".tmp." in their name. */
static int count_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

/* The whole of path, or fails the test. */
static void read_into(const char *path, struct buf *out)
{
	struct buf err = BUF_INIT;

	buf_reset(out);
	if (file_read(path, out, 0, &err))
		fail_msg("%s", err.buf);
	buf_release(&err);
}

static void file_write_atomic__new_file__has_the_data_and_mode_0644(void **state)
{
	struct fx *f = *state;
	struct stat st;

	assert_int_equal(file_write_atomic(at(f, "a.json"), "{\"x\":1}\n", 8, &f->err), 0);
	read_into(f->path.buf, &f->out);
	assert_string_equal(f->out.buf, "{\"x\":1}\n");
	assert_int_equal(stat(f->path.buf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(count_tmp(f->dir.buf), 0);
}

static void file_write_atomic__empty_data__makes_an_empty_file(void **state)
{
	struct fx *f = *state;
	struct stat st;

	tmpdir_put(f->dir.buf, "e", "old");
	assert_int_equal(file_write_atomic(at(f, "e"), "", 0, &f->err), 0);
	assert_int_equal(stat(f->path.buf, &st), 0);
	assert_int_equal(st.st_size, 0);
}

static void file_write_atomic__reader_of_the_old_file__keeps_it_whole(void **state)
{
	struct fx *f = *state;
	char got[64];
	ssize_t n;
	int fd;

	assert_int_equal(file_write_atomic(at(f, "r.txt"), "old contents", 12, &f->err), 0);
	fd = open(f->path.buf, O_RDONLY);
	assert_true(fd >= 0);
	/* a new file renamed over the path, not the old one rewritten in place */
	assert_int_equal(file_write_atomic(f->path.buf, "NEW", 3, &f->err), 0);
	n = pread(fd, got, sizeof(got), 0);
	close(fd);
	assert_int_equal(n, 12);
	assert_memory_equal(got, "old contents", 12);
	read_into(f->path.buf, &f->out);
	assert_string_equal(f->out.buf, "NEW");
	assert_int_equal(count_tmp(f->dir.buf), 0);
}

static void file_write_atomic__concurrent_reader__never_sees_half_a_file(void **state)
{
	enum { SIZE = 256 * 1024, ROUNDS = 40 };
	struct fx *f = *state;
	static char a[SIZE], b[SIZE];
	int status, reads = 0, done = 0;
	pid_t pid;

	memset(a, 'A', SIZE);
	memset(b, 'B', SIZE);
	assert_int_equal(file_write_atomic(at(f, "big"), a, SIZE, &f->err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct buf err = BUF_INIT;
		for (int i = 0; i < ROUNDS; i++)
			if (file_write_atomic(f->path.buf, i % 2 ? a : b, SIZE, &err))
				_exit(1);
		_exit(0);
	}
	while (!done) {
		done = waitpid(pid, &status, WNOHANG) == pid;
		read_into(f->path.buf, &f->out);
		reads++;
		assert_int_equal(f->out.len, SIZE);
		assert_true(!memcmp(f->out.buf, a, SIZE) || !memcmp(f->out.buf, b, SIZE));
	}
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(reads > 1);
	assert_int_equal(count_tmp(f->dir.buf), 0);
}

static void file_write_atomic__missing_directory__fails_naming_the_path(void **state)
{
	struct fx *f = *state;

	buf_addstr(&f->err, "an older message");
	assert_int_equal(file_write_atomic(at(f, "no/such/x.json"), "x", 1, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, strerror(ENOENT)));
	assert_null(strstr(f->err.buf, "an older message"));
}

static void file_write_atomic__rename_fails__removes_the_temporary(void **state)
{
	struct fx *f = *state;

	/* a non-empty directory where the file should go: rename() refuses */
	assert_int_equal(mkdir(at(f, "taken"), 0755), 0);
	tmpdir_put(f->path.buf, "inside", "x");
	assert_int_equal(file_write_atomic(f->path.buf, "data", 4, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_int_equal(count_tmp(f->dir.buf), 0);
	read_into(at(f, "taken/inside"), &f->out);
	assert_string_equal(f->out.buf, "x");
}

/* In a child: file writes past `limit` bytes fail (EFBIG) rather than kill. */
static void limit_file_size(rlim_t limit)
{
	struct rlimit rl = { limit, limit };

	if (setrlimit(RLIMIT_FSIZE, &rl))
		_exit(90);
}

static void file_write_atomic__write_fails__keeps_the_old_file_and_no_temporary(void **state)
{
	struct fx *f = *state;
	static char data[64 * 1024];
	char msg[512] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	tmpdir_put(f->dir.buf, "kept.json", "previous");
	at(f, "kept.json");
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct buf err = BUF_INIT;
		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		limit_file_size(1024);
		memset(data, 'z', sizeof(data));
		if (file_write_atomic(f->path.buf, data, sizeof(data), &err) != -1)
			_exit(1);
		if (write(fds[1], err.buf, err.len) < 0)
			_exit(2);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_non_null(strstr(msg, f->path.buf));
	assert_non_null(strstr(msg, strerror(EFBIG)));
	read_into(f->path.buf, &f->out);
	assert_string_equal(f->out.buf, "previous");
	assert_int_equal(count_tmp(f->dir.buf), 0);
}

static int kill_with = SIGTERM;

/* Runs inside the write (the kernel's SIGXFSZ): the run is interrupted there. */
static void interrupt_now(int sig)
{
	(void)sig;
	raise(kill_with);
}

/* A child interrupted by sig in the middle of file_write_atomic; its status. */
static int interrupted_write(struct fx *f, int sig)
{
	static char data[64 * 1024];
	struct sigaction sa;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct buf err = BUF_INIT;
		fs_cleanup_on_signals();
		kill_with = sig;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = interrupt_now;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGXFSZ, &sa, NULL);
		limit_file_size(1024);
		file_write_atomic(f->path.buf, data, sizeof(data), &err);
		_exit(1);	/* not reached: the handler exits */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void fs_cleanup_on_signals__sigterm_while_writing__removes_the_temporary_and_exits_143(void **state)
{
	struct fx *f = *state;
	int status;

	tmpdir_put(f->dir.buf, "out.html", "previous");
	at(f, "out.html");
	status = interrupted_write(f, SIGTERM);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 143);
	assert_int_equal(count_tmp(f->dir.buf), 0);
	read_into(f->path.buf, &f->out);
	assert_string_equal(f->out.buf, "previous");
}

static void fs_cleanup_on_signals__sigint_while_writing__removes_the_temporary_and_exits_130(void **state)
{
	struct fx *f = *state;
	int status;

	at(f, "new.html");
	status = interrupted_write(f, SIGINT);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 130);
	assert_int_equal(count_tmp(f->dir.buf), 0);
	assert_int_equal(access(f->path.buf, F_OK), -1);
}

static void file_read__whole_file__is_appended_to_out(void **state)
{
	struct fx *f = *state;

	tmpdir_put(f->dir.buf, "in.txt", "line 1\nline 2\n");
	buf_addstr(&f->out, "before|");
	assert_int_equal(file_read(at(f, "in.txt"), &f->out, 0, &f->err), 0);
	assert_string_equal(f->out.buf, "before|line 1\nline 2\n");
}

static void file_read__larger_than_one_read__returns_every_byte(void **state)
{
	enum { SIZE = 300000 };
	struct fx *f = *state;
	static char data[SIZE];

	for (int i = 0; i < SIZE; i++)
		data[i] = (char)('a' + i % 23);
	assert_int_equal(file_write_atomic(at(f, "big"), data, SIZE, &f->err), 0);
	assert_int_equal(file_read(f->path.buf, &f->out, 0, &f->err), 0);
	assert_int_equal(f->out.len, SIZE);
	assert_memory_equal(f->out.buf, data, SIZE);
}

static void file_read__at_the_limit__succeeds(void **state)
{
	struct fx *f = *state;

	tmpdir_put(f->dir.buf, "ten", "0123456789");
	assert_int_equal(file_read(at(f, "ten"), &f->out, 10, &f->err), 0);
	assert_string_equal(f->out.buf, "0123456789");
}

static void file_read__past_the_limit__fails_naming_the_path_and_limit(void **state)
{
	struct fx *f = *state;

	tmpdir_put(f->dir.buf, "eleven", "0123456789A");
	assert_int_equal(file_read(at(f, "eleven"), &f->out, 10, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, "limit of 10 bytes"));
}

static void file_read__past_the_buffer_cap__fails_naming_the_path(void **state)
{
	struct fx *f = *state;
	struct buf small;

	buf_init(&small, 4);
	tmpdir_put(f->dir.buf, "five", "01234");
	assert_int_equal(file_read(at(f, "five"), &small, 0, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, "limit of 4 bytes"));
	buf_release(&small);
}

static void file_read__missing_file__fails_naming_the_path_and_replaces_err(void **state)
{
	struct fx *f = *state;

	buf_addstr(&f->err, "an older message");
	/* what a configuration names and is not there: ERR_CONFIG (util/err.h) */
	assert_int_equal(file_read(at(f, "absent.json"), &f->out, 0, &f->err), ERR_CONFIG);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, strerror(ENOENT)));
	assert_null(strstr(f->err.buf, "an older message"));
	assert_string_equal(f->out.buf, "");
}

static void file_read__a_directory__fails_naming_it(void **state)
{
	struct fx *f = *state;

	assert_int_equal(file_read(f->dir.buf, &f->out, 0, &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->dir.buf));
	assert_non_null(strstr(f->err.buf, strerror(EISDIR)));
}

static int is_dir(const char *path);

static void file_remove_leftovers__removes_only_this_paths_temporaries(void **state)
{
	struct fx *f = *state;
	struct buf p = BUF_INIT;

	tmpdir_put(f->dir.buf, "out.csv", "whole");
	tmpdir_put(f->dir.buf, "out.csv.tmp.Ab12Cd", "half");
	tmpdir_put(f->dir.buf, "out.csv.tmp.zz99zz", "half");
	tmpdir_put(f->dir.buf, "out.csv.tmp.toolong", "kept");
	tmpdir_put(f->dir.buf, "out.csv.tmp.short", "kept");
	tmpdir_put(f->dir.buf, "other.csv.tmp.Ab12Cd", "kept");
	tmpdir_put(f->dir.buf, "xout.csv.tmp.Ab12Cd", "kept");
	tmpdir_put(f->dir.buf, "out.csv.bak", "kept");
	path_join(&p, f->dir.buf, "out.csv.tmp.dir123");
	assert_int_equal(mkdir(p.buf, 0755), 0);
	path_join(&p, f->dir.buf, "out.csv.tmp.link12");
	assert_int_equal(symlink("out.csv", p.buf), 0);
	file_remove_leftovers(at(f, "out.csv"));
	assert_int_equal(access(at(f, "out.csv.tmp.Ab12Cd"), F_OK), -1);
	assert_int_equal(access(at(f, "out.csv.tmp.zz99zz"), F_OK), -1);
	assert_int_equal(access(at(f, "out.csv"), F_OK), 0);
	assert_int_equal(access(at(f, "out.csv.tmp.toolong"), F_OK), 0);
	assert_int_equal(access(at(f, "out.csv.tmp.short"), F_OK), 0);
	assert_int_equal(access(at(f, "other.csv.tmp.Ab12Cd"), F_OK), 0);
	assert_int_equal(access(at(f, "xout.csv.tmp.Ab12Cd"), F_OK), 0);
	assert_int_equal(access(at(f, "out.csv.bak"), F_OK), 0);
	/* only regular files: a directory and a symlink of the name stay */
	assert_true(is_dir(at(f, "out.csv.tmp.dir123")));
	assert_int_equal(access(at(f, "out.csv.tmp.link12"), F_OK), 0);
	assert_int_equal(count_tmp(f->dir.buf), 6);
	buf_release(&p);
}

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static void mkdir_p__nested_path__creates_every_parent_with_mode_0755(void **state)
{
	struct fx *f = *state;
	struct stat st;
	mode_t old = umask(022);

	assert_int_equal(mkdir_p(at(f, "a/b/c"), &f->err), 0);
	umask(old);
	assert_true(is_dir(f->path.buf));
	assert_true(is_dir(at(f, "a/b")));
	assert_int_equal(stat(f->path.buf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
}

static void mkdir_p__existing_directory_or_trailing_slash__succeeds(void **state)
{
	struct fx *f = *state;

	assert_int_equal(mkdir_p(f->dir.buf, &f->err), 0);
	assert_int_equal(mkdir_p(at(f, "x/y/"), &f->err), 0);
	assert_true(is_dir(at(f, "x/y")));
	assert_int_equal(mkdir_p(f->path.buf, &f->err), 0);
}

static void mkdir_p__parent_is_a_file__fails_naming_the_path(void **state)
{
	struct fx *f = *state;

	tmpdir_put(f->dir.buf, "plain", "x");
	assert_int_equal(mkdir_p(at(f, "plain/sub"), &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, strerror(ENOTDIR)));
}

static void mkdir_p__path_is_a_file__fails_naming_it(void **state)
{
	struct fx *f = *state;

	/* "creates dir": a file of that name is not the directory asked for */
	tmpdir_put(f->dir.buf, "plain", "x");
	assert_int_equal(mkdir_p(at(f, "plain"), &f->err), -1);
	assert_non_null(strstr(f->err.buf, f->path.buf));
	assert_non_null(strstr(f->err.buf, strerror(ENOTDIR)));
}

static void mkdir_p__empty_path__fails(void **state)
{
	struct fx *f = *state;

	assert_int_equal(mkdir_p("", &f->err), -1);
	assert_non_null(strstr(f->err.buf, "''"));
}

static void path_join__joins_with_one_slash(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	buf_addstr(&out, "stale");
	path_join(&out, "out", "report.html");
	assert_string_equal(out.buf, "out/report.html");
	path_join(&out, "out/", "report.html");
	assert_string_equal(out.buf, "out/report.html");
	path_join(&out, "/", "etc");
	assert_string_equal(out.buf, "/etc");
	path_join(&out, "", "file");
	assert_string_equal(out.buf, "file");
	buf_release(&out);
}

static void sha256_hex__known_vectors__match(void **state)
{
	char hex[65];

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void iso_time__unix_times__print_as_utc(void **state)
{
	char out[21];

	(void)state;
	iso_time(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	/* 2024-01-31 is day 19753 since the epoch */
	iso_time(19753LL * 86400 + 12 * 3600, out);
	assert_string_equal(out, "2024-01-31T12:00:00Z");
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(file_write_atomic__new_file__has_the_data_and_mode_0644),
		T(file_write_atomic__empty_data__makes_an_empty_file),
		T(file_write_atomic__reader_of_the_old_file__keeps_it_whole),
		T(file_write_atomic__concurrent_reader__never_sees_half_a_file),
		T(file_write_atomic__missing_directory__fails_naming_the_path),
		T(file_write_atomic__rename_fails__removes_the_temporary),
		T(file_write_atomic__write_fails__keeps_the_old_file_and_no_temporary),
		T(fs_cleanup_on_signals__sigterm_while_writing__removes_the_temporary_and_exits_143),
		T(fs_cleanup_on_signals__sigint_while_writing__removes_the_temporary_and_exits_130),
		T(file_remove_leftovers__removes_only_this_paths_temporaries),
		T(file_read__whole_file__is_appended_to_out),
		T(file_read__larger_than_one_read__returns_every_byte),
		T(file_read__at_the_limit__succeeds),
		T(file_read__past_the_limit__fails_naming_the_path_and_limit),
		T(file_read__past_the_buffer_cap__fails_naming_the_path),
		T(file_read__missing_file__fails_naming_the_path_and_replaces_err),
		T(file_read__a_directory__fails_naming_it),
		T(mkdir_p__nested_path__creates_every_parent_with_mode_0755),
		T(mkdir_p__existing_directory_or_trailing_slash__succeeds),
		T(mkdir_p__parent_is_a_file__fails_naming_the_path),
		T(mkdir_p__path_is_a_file__fails_naming_it),
		T(mkdir_p__empty_path__fails),
		T(path_join__joins_with_one_slash),
		T(sha256_hex__known_vectors__match),
		T(iso_time__unix_times__print_as_utc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
