#ifndef RENDER_GNUPLOT_H
#define RENDER_GNUPLOT_H
#include "util/buf.h"

/* The one gnuplot process of a run, and how text reaches its scripts. */

/*
 * Appends s as one gnuplot string expression: single-quoted pieces (in
 * which gnuplot expands nothing: no backquotes, no escapes) joined with
 * "." to the constants "'" and "\\" for the quotes and backslashes of s.
 * Control characters become spaces (a newline would end the command),
 * invalid UTF-8 becomes U+FFFD, and "]]>" is split (gnuplot's SVG writer
 * would copy it into the XML). With wrap > 0, lines are broken at spaces
 * before wrap characters with "\n". Returns the number of lines.
 */
int gp_quote(struct buf *out, const char *s, int wrap);

/*
 * Runs "gnuplot" (found on PATH) with script on its standard input; its
 * stderr goes to stderr_path and its stdout to /dev/null (where gnuplot
 * plots when a "set output" failed: never into ours). While it runs, a
 * SIGINT or SIGTERM kills it and waits for it before the program exits
 * (util/fs.h). Returns its wait status (exit 127 when it is not found,
 * as a shell would say), or -1 with err.
 */
int gp_run(const struct buf *script, const char *stderr_path, struct buf *err);
/* What a wait status of gp_run means, appended to out ("gnuplot was not found ..."). */
void gp_describe_status(struct buf *out, int status);

#endif
