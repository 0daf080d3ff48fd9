#ifndef UTIL_LOG_H
#define UTIL_LOG_H

/*
 * The one way to speak: messages go to stderr with the prefix "intlkpi: "
 * (text) or as one JSON object per line (json). Text from outside (URLs,
 * cell contents) is passed as arguments and control characters in it are
 * escaped, so a message is always one line.
 */
enum log_level { LOG_ERROR, LOG_WARN, LOG_NOTE, LOG_DEBUG };
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
/* Counts of errors and warnings printed so far. */
unsigned log_count(enum log_level level);

void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void notef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debugf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
