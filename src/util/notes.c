#include "util/notes.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include <stdarg.h>
#include <stdlib.h>
#include "util/banned.h"

void notes_addf(struct notes *ns, enum log_level level, const char *fmt, ...)
{
	struct buf text = BUF_INIT;
	va_list ap;

	if (!ns)
		return;
	va_start(ap, fmt);
	buf_vaddf(&text, fmt, ap);
	va_end(ap);
	if (ns->n == ns->alloc) {
		ns->alloc = ns->alloc ? 2 * ns->alloc : 8;
		ns->v = xrealloc(ns->v, ns->alloc * sizeof(*ns->v));
	}
	ns->v[ns->n].level = level;
	ns->v[ns->n].text = buf_detach(&text, NULL);
	ns->n++;
}

void notes_say(struct notes *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		const char *t = ns->v[i].text;
		switch (ns->v[i].level) {
		case LOG_ERROR:
			errorf("%s", t);
			break;
		case LOG_WARN:
			warnf("%s", t);
			break;
		case LOG_NOTICE:
			notef("%s", t);
			break;
		default:
			debugf("%s", t);
			break;
		}
	}
	notes_release(ns);
}

void notes_release(struct notes *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i].text);
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->alloc = 0;
}
