#ifndef UTIL_NOTES_H
#define UTIL_NOTES_H
#include "util/log.h"
#include <stddef.h>

/*
 * What a stage noticed without failing (a skipped record, a blank cell, a
 * chart left out), kept as data: the stages below collect/ never print;
 * the runner (collect/, cli/, the works driver) says what it holds through
 * util/log.h when and how it decides. A notes value starts as NOTES_INIT
 * and owns its texts.
 */
struct note {
	enum log_level level;	/* LOG_WARN, LOG_NOTICE or LOG_DEBUG */
	char *text;		/* owned; one line, without the "intlkpi: " prefix */
};

struct notes {
	struct note *v;
	size_t n, alloc;
};

#define NOTES_INIT { 0 }

/* Adds a note to ns; ns NULL drops it (a caller that does not want them). */
__attribute__((format(printf, 3, 4)))
void notes_addf(struct notes *ns, enum log_level level, const char *fmt, ...);
/* Says every note through util/log.h, in order, and empties ns. */
void notes_say(struct notes *ns);
void notes_release(struct notes *ns);

#endif
