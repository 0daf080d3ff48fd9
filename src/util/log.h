#ifndef UTIL_LOG_H
#define UTIL_LOG_H
#include <stdbool.h>

/*
 * The one way to speak: messages go to stderr with the prefix "intlkpi: "
 * (text) or as one JSON object per line (json). Text from outside (URLs,
 * cell contents) is passed as arguments and control characters in it are
 * escaped, so a message is always one line.
 *
 * Levels are syslog's (docs/operations.md): error (priority 3), warning
 * (4), notice (5: what a default run says), debug (7, -v). -q keeps
 * errors and warnings. When stderr is the journal (JOURNAL_STREAM names
 * its device and inode, as systemd sets it for a service), every line
 * starts with its priority, "<3>" to "<7>", which journald takes off and
 * files the line under (journalctl -p warning).
 */
enum log_level { LOG_ERROR, LOG_WARN, LOG_NOTICE, LOG_DEBUG };
enum log_format { LOG_TEXT, LOG_JSON };

void log_setup(enum log_level max, enum log_format fmt);
enum log_level log_max_level(void);
/* Names the source that later messages concern (NULL clears it). */
void log_set_source(const char *source);
/*
 * Names the class of the failure that later messages report ("config",
 * "network", "data"; NULL clears it): a "class" member in the JSON log.
 */
void log_set_class(const char *cls);

void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debugf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The closing record. log_begin, at the start of a command, notes the
 * start time, makes the run id (the UTC start and the pid,
 * "20261202T023000Z-4242") and looks whether stderr is the journal;
 * with_sources: the command reads the configured sources, and its closing
 * record counts them. log_source_done counts one source by the state it
 * ended in (0 fresh, 1 cached, 2 snapshot, 3 stale, 4 failed: obs.h's
 * order; a paged source once, in its worst page's state); log_sources_ran
 * says the sources were read (the text closing line is written only then).
 *
 * log_close writes the command's last record at level:
 *   "run finished: exit=1 sources fresh=9 cached=0 snapshot=5 stale=1 failed=0"
 * with --log-format json always, with the members exit, duration_s,
 * run_id and (with_sources) sources {fresh, cached, snapshot, stale,
 * failed}; in text only once the sources ran. log_close_signal is the
 * same from a signal handler (async-signal-safe: no allocation, no stdio),
 * at warning, with exit 128 + sig and the member "signal".
 */
void log_begin(const char *command, bool with_sources);
void log_source_done(unsigned state);
void log_sources_ran(void);
void log_close(enum log_level level, int exit_code);
void log_close_signal(int sig);

#endif
