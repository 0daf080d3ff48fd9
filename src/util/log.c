#include "util/log.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "util/banned.h"

static enum log_level max_level = LOG_NOTE;
static enum log_format format = LOG_TEXT;
static const char *current_source;
static unsigned counts[4];

static const char *const level_names[] = { "error", "warning", "note", "debug" };

void log_setup(enum log_level max, enum log_format fmt)
{
	max_level = max;
	format = fmt;
}

enum log_level log_max_level(void)
{
	return max_level;
}

static const char *current_class;

void log_set_class(const char *cls)
{
	current_class = cls;
}

void log_set_source(const char *source)
{
	current_source = source;
}

unsigned log_count(enum log_level level)
{
	return counts[level];
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

	counts[level]++;
	if (level > max_level)
		return;
	buf_vaddf(&msg, fmt, ap);
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
		if (level != LOG_NOTE) {
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
DEFINE_LOG(notef, LOG_NOTE)
DEFINE_LOG(debugf, LOG_DEBUG)
