#ifndef CLI_VIEW_H
#define CLI_VIEW_H
#include "obs/obs.h"
#include "util/buf.h"
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Showing results to a person or a pipe, for show and extract: their
 * shared --format and --color options, text made safe for a terminal and
 * fitted to 80 columns, status colours, and observation listings. Every
 * function renders into a buffer (appended); strings are borrowed.
 */
enum view_format { VIEW_TABLE, VIEW_JSON, VIEW_CSV };
enum view_when { VIEW_AUTO, VIEW_ALWAYS, VIEW_NEVER };

struct view {
	enum view_format format;
	enum view_when color_when;
	bool color;		/* set by view_ready */
};

#define VIEW_INIT { VIEW_TABLE, VIEW_AUTO, false }
#define VIEW_OPT_FORMAT 'f'
#define VIEW_OPT_COLOR 1100
#define VIEW_LONG                                                  \
	{ "format", required_argument, NULL, VIEW_OPT_FORMAT },    \
	{ "color", required_argument, NULL, VIEW_OPT_COLOR }
#define VIEW_HELP                                                              \
	"  --format F        table (default), json or csv\n"                      \
	"  --color WHEN      auto (default: on a terminal unless NO_COLOR is set),\n" \
	"                    always or never\n"

/*
 * Handles an option from getopt_long: 0 when it was a view option, 1 when
 * it is not, -1 on a bad value (reported with errorf).
 */
int view_option(struct view *v, int opt, const char *arg);
/*
 * Decides colour: always, never, or auto: stdout is a terminal, NO_COLOR
 * is unset or empty (no-color.org) and TERM is not "dumb".
 */
void view_ready(struct view *v);

/*
 * s with control characters shown as '?', cut (the last column '~') or
 * padded with spaces to width columns; width 0 is as long as it is.
 */
void view_text(struct buf *o, const char *s, size_t width);
/* s wrapped at spaces to lines of width columns; later lines indented. */
void view_wrap(struct buf *o, const char *s, size_t width, size_t indent);
/* v with decimals digits, right-aligned in width; null is '-'. */
void view_num(struct buf *o, double v, int decimals, int width);
/* view_text of s in the SGR colour sgr when colour is on. */
void view_paint(struct buf *o, const struct view *v, const char *sgr,
		const char *s, size_t width);
/* The SGR colour of a KPI status ("31" for off_track...), "" if none. */
const char *view_status_sgr(const char *status);
#define VIEW_SGR_HEAD "1"

/*
 * The observations of t as the format asks: per source a description
 * and a table (fits 80 columns), the observations JSON document (with
 * generated_at), or observations CSV (RFC 4180).
 */
void view_obs(struct buf *o, const struct view *v, const struct obs_table *t,
	      const char *generated_at);

#endif
