/* The gnuplot pipe and gnuplot's string quoting (render/gnuplot.h). */
#include "render/gnuplot.h"
#include "util/utf8.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

int gp_run(const struct buf *script, const char *stderr_path,
		       struct buf *err)
{
	struct sigaction ign, old;
	FILE *p;
	int saved_stderr, fd, status;
	size_t written;

	fflush(stderr);
	fd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		buf_setf(err, "cannot create '%s': %s", stderr_path, strerror(errno));
		return -1;
	}
	/* the child inherits fd 2: gnuplot's messages land in the file */
	saved_stderr = fcntl(2, F_DUPFD_CLOEXEC, 3);
	if (saved_stderr < 0) {
		buf_setf(err, "cannot duplicate standard error: %s", strerror(errno));
		close(fd);
		return -1;
	}
	dup2(fd, 2);
	close(fd);
	p = popen("gnuplot >/dev/null", "w");
	dup2(saved_stderr, 2);
	close(saved_stderr);
	if (!p) {
		buf_setf(err, "cannot start gnuplot: %s", strerror(errno));
		return -1;
	}
	/* a gnuplot that died early must not kill us with SIGPIPE */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	written = fwrite(script->buf, 1, script->len, p);
	if (written < script->len || fflush(p))
		buf_setf(err, "gnuplot stopped reading its script (%s)", strerror(errno));
	status = pclose(p);
	sigaction(SIGPIPE, &old, NULL);
	if (status == -1) {
		buf_setf(err, "cannot wait for gnuplot: %s", strerror(errno));
		return -1;
	}
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
