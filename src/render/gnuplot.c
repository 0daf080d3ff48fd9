/* The gnuplot pipe and gnuplot's string quoting (render/gnuplot.h). */
#include "render/gnuplot.h"
#include "util/fs.h"
#include "util/utf8.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "util/banned.h"

/*
 * gnuplot's scanner mishandles some doubled quotes in single-quoted strings
 * ('''x' and 'a''''b' fail) and drops a backslash before the closing
 * quote, so no piece holds either: they are joined in as the constants
 * "'" and "\\".
 */
struct gp_pieces {
	struct buf *out;
	bool open, any;
};

static void gp_open(struct gp_pieces *p)
{
	if (p->open)
		return;
	buf_addstr(p->out, p->any ? ".'" : "'");
	p->open = p->any = true;
}

static void gp_const(struct gp_pieces *p, const char *dq)
{
	if (p->open)
		buf_addch(p->out, '\'');
	buf_addstr(p->out, p->any ? "." : "");
	buf_addstr(p->out, dq);
	p->open = false;
	p->any = true;
}

int gp_quote(struct buf *out, const char *str, int wrap)
{
	const unsigned char *s = (const unsigned char *)str;
	struct gp_pieces p = { out, false, false };
	int col = 0, lines = 1;

	while (*s) {
		if (*s == ' ' && wrap > 0 && col > 0) {
			int w = 0;
			for (const unsigned char *q = s + 1; *q && *q != ' '; q++)
				w += (*q & 0xc0) != 0x80;
			if (col + 1 + w > wrap) {
				gp_const(&p, "\"\\n\"");
				col = 0;
				lines++;
				s++;
				continue;
			}
		}
		col++;
		if (*s == '\'' || *s == '\\') {
			gp_const(&p, *s == '\'' ? "\"'\"" : "\"\\\\\"");
			s++;
			continue;
		}
		gp_open(&p);
		if (s[0] == ']' && s[1] == ']' && s[2] == '>') {
			buf_addstr(out, "]]\u200b");	/* a zero-width space */
			s += 2;
			continue;
		}
		s += utf8_add_xml_char(out, s);
	}
	if (p.open)
		buf_addch(out, '\'');
	else if (!p.any)
		buf_addstr(out, "''");
	return lines;
}

/*
 * Starts gnuplot (found on PATH) with stdin reading from *in, stdout on
 * /dev/null and stderr on errfd; its pid, or -1 with errno (ENOENT: not
 * found). The caller has SIGINT and SIGTERM blocked: the child starts
 * with no signal blocked and their default actions.
 */
static pid_t gp_spawn(int errfd, int *in)
{
	static char *const argv[] = { "gnuplot", NULL };
	extern char **environ;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	int p[2], e;
	pid_t pid = -1;

	if (pipe(p))
		return -1;
	/* neither end leaks into other children (fd 0 of gnuplot is a dup) */
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGPIPE);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	e = posix_spawnp(&pid, "gnuplot", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(p[0]);
	if (e) {
		close(p[1]);
		errno = e;
		return -1;
	}
	*in = p[1];
	return pid;
}

int gp_run(const struct buf *script, const char *stderr_path,
	   struct buf *err)
{
	struct sigaction ign, old;
	sigset_t stop, mask;
	size_t off = 0;
	int fd, in = -1, status = 0;
	pid_t pid;

	fd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		buf_setf(err, "cannot create '%s': %s", stderr_path, strerror(errno));
		return -1;
	}
	/* a signal between the start and the guard would leave gnuplot running */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &mask);
	pid = gp_spawn(fd, &in);
	if (pid > 0)
		fs_guard_child((long)pid);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	close(fd);
	if (pid < 0 && errno == ENOENT)
		return 127 << 8;	/* what a shell says: not found (gp_describe_status) */
	if (pid < 0) {
		buf_setf(err, "cannot start gnuplot: %s", strerror(errno));
		return -1;
	}
	/* a gnuplot that died early must not kill us with SIGPIPE */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	while (off < script->len) {
		ssize_t n = write(in, script->buf + off, script->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			buf_setf(err, "gnuplot stopped reading its script (%s)", strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	close(in);
	sigaction(SIGPIPE, &old, NULL);
	/* waited for, not reaped, until the guard is off: a signal handler
	 * meanwhile kills a zombie, never a process that took its pid */
	while (waitid(P_PID, (id_t)pid, &(siginfo_t){ 0 }, WEXITED | WNOWAIT) < 0 &&
	       errno == EINTR)
		;
	sigprocmask(SIG_BLOCK, &stop, &mask);
	fs_guard_child(0);
	if (waitpid(pid, &status, 0) < 0) {
		buf_setf(err, "cannot wait for gnuplot: %s", strerror(errno));
		status = -1;
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
	return status;
}

void gp_describe_status(struct buf *out, int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		buf_addstr(out, "gnuplot was not found (install the Debian package gnuplot-nox)");
	else if (WIFEXITED(status))
		buf_addf(out, "gnuplot exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		buf_addf(out, "gnuplot was killed by signal %d", WTERMSIG(status));
}
