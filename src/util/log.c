#include "util/log.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

static enum log_level max_level = LOG_NOTICE;
static enum log_format format = LOG_TEXT;
static const char *current_source;
static const char *current_class;

static const char *const level_names[] = { "error", "warning", "notice", "debug" };
/* syslog's priorities (sd-daemon.h's SD_ERR ... SD_DEBUG) */
static const char *const level_prefix[] = { "<3>", "<4>", "<5>", "<7>" };

/* The command's run, for its closing record (log_begin). */
static struct {
	const char *command;	/* static; NULL before log_begin */
	bool with_sources, sources_ran, journal;
	volatile sig_atomic_t closed;	/* the closing record is written once */
	struct timespec start;	/* CLOCK_MONOTONIC */
	char run_id[40];
	volatile size_t n[5];	/* sources by state */
} run;

void log_setup(enum log_level max, enum log_format fmt)
{
	max_level = max;
	format = fmt;
}

enum log_level log_max_level(void)
{
	return max_level;
}

void log_set_class(const char *cls)
{
	current_class = cls;
}

void log_set_source(const char *source)
{
	current_source = source;
}

/*
 * Control characters from outside text would break the one-line rule or
 * drive the terminal: C0, DEL, C1 (U+0080-U+009F; U+009B is CSI) and bytes
 * that are not UTF-8 (0x9b alone is CSI to an 8-bit terminal) are escaped.
 */
static void add_escaped_text(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t n = utf8_seq(s);
		if (!n || (n == 1 && (*s < 0x20 || *s == 0x7f)) ||
		    (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)) {
			for (size_t i = 0; i < (n ? n : 1); i++)
				buf_addf(out, "\\x%02x", s[i]);
			s += n ? n : 1;
			continue;
		}
		buf_add(out, s, n);
		s += n;
	}
}

__attribute__((format(printf, 2, 0)))
static void vlog(enum log_level level, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, line = BUF_INIT;

	if (level > max_level)
		return;
	buf_vaddf(&msg, fmt, ap);
	if (run.journal)
		buf_addstr(&line, level_prefix[level]);
	if (format == LOG_JSON) {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_addstr(&line, "{\"time\":");
		jsonw_string(&line, stamp);
		buf_addstr(&line, ",\"level\":");
		jsonw_string(&line, level_names[level]);
		if (current_source) {
			buf_addstr(&line, ",\"source\":");
			jsonw_string(&line, current_source);
		}
		if (current_class && level <= LOG_WARN) {
			buf_addstr(&line, ",\"class\":");
			jsonw_string(&line, current_class);
		}
		buf_addstr(&line, ",\"message\":");
		jsonw_string(&line, msg.buf);
		buf_addstr(&line, "}\n");
	} else {
		buf_addstr(&line, "intlkpi: ");
		if (level != LOG_NOTICE) {
			buf_addstr(&line, level_names[level]);
			buf_addstr(&line, ": ");
		}
		if (current_source) {
			buf_addstr(&line, "source '");
			add_escaped_text(&line, current_source);
			buf_addstr(&line, "': ");
		}
		add_escaped_text(&line, msg.buf);
		buf_addch(&line, '\n');
	}
	fputs(line.buf, stderr);
	buf_release(&msg);
	buf_release(&line);
}

#define DEFINE_LOG(name, level)                 \
	void name(const char *fmt, ...)         \
	{                                       \
		va_list ap;                     \
		va_start(ap, fmt);              \
		vlog(level, fmt, ap);           \
		va_end(ap);                     \
	}

DEFINE_LOG(errorf, LOG_ERROR)
DEFINE_LOG(warnf, LOG_WARN)
DEFINE_LOG(notef, LOG_NOTICE)
DEFINE_LOG(debugf, LOG_DEBUG)

/* ---- the closing record: built in a fixed buffer, safe in a signal handler ---- */

struct rec {
	char b[1024];
	size_t n;
};

static void rec_str(struct rec *r, const char *s)
{
	while (*s && r->n + 1 < sizeof(r->b))
		r->b[r->n++] = *s++;
}

static void rec_uint(struct rec *r, unsigned long long v, int width)
{
	char d[24];
	int k = 0;
	do {
		d[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && k < (int)sizeof(d));
	while (k < width && k < (int)sizeof(d))
		d[k++] = '0';
	while (k && r->n + 1 < sizeof(r->b))
		r->b[r->n++] = d[--k];
}

/* A JSON string of our own words (a command name, a run id): quotes and backslashes escaped. */
static void rec_json_str(struct rec *r, const char *s)
{
	rec_str(r, "\"");
	for (; *s && r->n + 3 < sizeof(r->b); s++) {
		if (*s == '"' || *s == '\\')
			r->b[r->n++] = '\\';
		if ((unsigned char)*s >= 0x20)
			r->b[r->n++] = *s;
	}
	rec_str(r, "\"");
}

/* t (seconds since the epoch) as "2026-12-02T02:30:00Z", or "20261202T023000Z" compact. */
static void rec_time(struct rec *r, long long t, bool compact)
{
	long long days = t / 86400, secs = t % 86400;
	long long z, era, doe, yoe, doy, mp, y, m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* days to a civil date (H. Hinnant's algorithm), no gmtime in a handler */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	rec_uint(r, (unsigned long long)y, 4);
	rec_str(r, compact ? "" : "-");
	rec_uint(r, (unsigned long long)m, 2);
	rec_str(r, compact ? "" : "-");
	rec_uint(r, (unsigned long long)d, 2);
	rec_str(r, "T");
	rec_uint(r, (unsigned long long)(secs / 3600), 2);
	rec_str(r, compact ? "" : ":");
	rec_uint(r, (unsigned long long)(secs / 60 % 60), 2);
	rec_str(r, compact ? "" : ":");
	rec_uint(r, (unsigned long long)(secs % 60), 2);
	rec_str(r, "Z");
}

/* "run finished: exit=1 sources fresh=9 cached=0 snapshot=5 stale=1 failed=0" */
static void rec_message(struct rec *r, int exit_code)
{
	static const char *const names[5] = { "fresh", "cached", "snapshot", "stale", "failed" };

	rec_str(r, run.command);
	rec_str(r, " finished: exit=");
	rec_uint(r, (unsigned long long)exit_code, 1);
	if (!run.with_sources)
		return;
	rec_str(r, " sources");
	for (int i = 0; i < 5; i++) {
		rec_str(r, " ");
		rec_str(r, names[i]);
		rec_str(r, "=");
		rec_uint(r, run.n[i], 1);
	}
}

static void closing(enum log_level level, int exit_code, const char *signame)
{
	static const char *const names[5] = { "fresh", "cached", "snapshot", "stale", "failed" };
	struct rec r = { .n = 0 };
	struct timespec now;
	long long ms;
	ssize_t w;

	if (!run.command || run.closed)
		return;
	run.closed = 1;	/* a signal after the end writes no second one */
	if (level > max_level || (format == LOG_TEXT && !run.sources_ran))
		return;
	if (run.journal)
		rec_str(&r, level_prefix[level]);
	if (format == LOG_TEXT) {
		rec_str(&r, "intlkpi: ");
		if (level != LOG_NOTICE) {
			rec_str(&r, level_names[level]);
			rec_str(&r, ": ");
		}
		rec_message(&r, exit_code);
		rec_str(&r, "\n");
	} else {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (long long)(now.tv_sec - run.start.tv_sec) * 1000 +
		     (now.tv_nsec - run.start.tv_nsec) / 1000000;
		if (ms < 0)
			ms = 0;
		rec_str(&r, "{\"time\":\"");
		rec_time(&r, (long long)time(NULL), false);
		rec_str(&r, "\",\"level\":\"");
		rec_str(&r, level_names[level]);
		rec_str(&r, "\",\"message\":\"");
		rec_message(&r, exit_code);
		rec_str(&r, "\",\"command\":");
		rec_json_str(&r, run.command);
		rec_str(&r, ",\"exit\":");
		rec_uint(&r, (unsigned long long)exit_code, 1);
		if (signame) {
			rec_str(&r, ",\"signal\":");
			rec_json_str(&r, signame);
		}
		rec_str(&r, ",\"duration_s\":");
		rec_uint(&r, (unsigned long long)(ms / 1000), 1);
		rec_str(&r, ".");
		rec_uint(&r, (unsigned long long)(ms % 1000), 3);
		rec_str(&r, ",\"run_id\":");
		rec_json_str(&r, run.run_id);
		if (run.with_sources) {
			rec_str(&r, ",\"sources\":{");
			for (int i = 0; i < 5; i++) {
				rec_str(&r, i ? ",\"" : "\"");
				rec_str(&r, names[i]);
				rec_str(&r, "\":");
				rec_uint(&r, run.n[i], 1);
			}
			rec_str(&r, "}");
		}
		rec_str(&r, "}\n");
	}
	for (size_t at = 0; at < r.n; at += (size_t)w) {
		w = write(STDERR_FILENO, r.b + at, r.n - at);
		if (w <= 0)
			break;
	}
}

/* Whether stderr is the stream JOURNAL_STREAM ("DEVICE:INODE") names. */
static bool stderr_is_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	char *end;
	struct stat st;

	if (!v || !*v || fstat(STDERR_FILENO, &st))
		return false;
	dev = strtoull(v, &end, 10);
	if (end == v || *end != ':')
		return false;
	v = end + 1;
	ino = strtoull(v, &end, 10);
	if (end == v || *end)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void log_begin(const char *command, bool with_sources)
{
	struct rec r = { .n = 0 };

	memset((void *)&run, 0, sizeof(run));
	run.command = command;
	run.with_sources = with_sources;
	run.journal = stderr_is_journal();
	clock_gettime(CLOCK_MONOTONIC, &run.start);
	rec_time(&r, (long long)time(NULL), true);
	rec_str(&r, "-");
	rec_uint(&r, (unsigned long long)getpid(), 1);
	r.b[r.n] = '\0';
	memcpy(run.run_id, r.b, r.n + 1 < sizeof(run.run_id) ? r.n + 1 : sizeof(run.run_id));
	run.run_id[sizeof(run.run_id) - 1] = '\0';
}

void log_source_done(unsigned state)
{
	if (state < 5)
		run.n[state]++;
}

void log_sources_ran(void)
{
	run.sources_ran = true;
}

void log_close(enum log_level level, int exit_code)
{
	closing(level, exit_code, NULL);
}

void log_close_signal(int sig)
{
	closing(LOG_WARN, 128 + sig, sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal");
}
