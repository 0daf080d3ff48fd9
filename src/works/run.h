#ifndef WORKS_RUN_H
#define WORKS_RUN_H
#include "works/work.h"
#include "works/works.h"

/*
 * Reads every work of files into agg with jobs threads (each with its own
 * aggregate made like agg, added into it at the end): a plain JSON Lines
 * file is cut into jobs byte ranges, a gzip file is inflated on a thread
 * of its own, other formats are read whole. Draws a progress bar, warns
 * about malformed lines (numbered over the whole file) and unknown
 * countries. Returns 0, or -1 (logged) when a file could not be read, a
 * thread's aggregate could not be added in, or there were more than
 * WORKS_MAX_SUBJECTS institutions; agg->st.malformed
 * counts the malformed lines for --strict. fmt WORKS_FMT_AUTO detects each
 * file's format; another fmt reads every (plain) file as that format.
 */
int works_run(char **files, int nfiles, int jobs, enum works_format fmt,
	      struct works_agg *agg, const struct country_table *ct);

#endif
