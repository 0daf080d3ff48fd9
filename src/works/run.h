#ifndef WORKS_RUN_H
#define WORKS_RUN_H
#include "works/work.h"
#include "works/works.h"

/*
 * Reads every work of files with jobs threads (each with its own aggregate
 * made like `like`) and builds the index ix of their aggregates (with jobs
 * threads too): a plain JSON Lines file is cut into byte ranges (at least
 * jobs, about 16 MiB each), a gzip file is inflated on a thread of its
 * own, other formats are read whole. Draws a progress bar, warns about
 * malformed records (by the line they start on, numbered over the whole file) and unknown countries.
 * Returns 0, or -1 (logged) when a file could not be read, a file that is
 * not empty yields no work, or there were more than WORKS_MAX_SUBJECTS
 * institutions; ix->head.st.malformed counts
 * the malformed records for --strict. fmt WORKS_FMT_AUTO detects each file's
 * format; another fmt reads every (plain) file as that format. ix is
 * built in every case (release it).
 */
int works_run(char **files, int nfiles, int jobs, enum works_format fmt,
	      const struct works_agg *like, const struct country_table *ct,
	      struct works_index *ix);

#endif
