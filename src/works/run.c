/*
 * The threaded driver of `intlkpi works`: plans the input into pieces
 * (byte ranges of plain JSON Lines, whole files otherwise), reads them on
 * worker threads into one aggregate each, adds those up and reports what
 * the reads saw.
 */
#include "works/run.h"
#include "works/jsonl_scan.h"
#include "util/lines.h"
#include "util/log.h"
#include "util/progress.h"
#include "util/xalloc.h"
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/banned.h"

/* A piece of work: a byte range of a plain JSON Lines file, or a whole file. */
struct item {
	const char *path;
	int file;
	uint64_t from, to;	/* to 0: to the end */
	int whole;		/* read with works_read_file (gzip, other formats) */
	struct works_read_stats st;
	int failed;
	struct buf err;
};

struct run {
	struct item *items;
	size_t nitems;
	atomic_size_t next;
	atomic_uint_least64_t done;	/* input bytes consumed */
	atomic_int finished;
	const struct country_table *ct;
	enum works_format fmt;
	int jobs;
};

struct worker {
	pthread_t tid;
	struct run *run;
	struct works_agg agg;
};

/* A range of a plain JSON Lines file, with the fast scanner. */
static void read_range(struct run *run, struct item *it, struct works_agg *agg)
{
	struct lines l;
	struct oa_work ow;
	struct work_builder b;
	const char *line;
	size_t len;
	uint64_t seen = it->from ? it->from - 1 : 0;
	unsigned tick = 0;
	int r;

	if (lines_open(&l, it->path, it->from, it->to, &it->err) ||
	    (run->jobs > 1 && lines_decode_thread(&l, &it->err))) {
		it->failed = 1;
		lines_close(&l);
		return;
	}
	oa_work_init(&ow);
	wb_init(&b);
	while ((r = lines_next(&l, &line, &len, &it->err)) > 0) {
		it->st.lines++;
		if (r == 2) {
			it->st.too_long++;
			works_stats_bad(&it->st, l.lineno);
		} else if (oa_line_blank(line, len)) {
			it->st.blank++;
		} else if (jsonl_scan(&ow, line, len)) {
			works_stats_bad(&it->st, l.lineno);
		} else {
			work_from_openalex(&b, &ow, run->ct);
			b.line = l.lineno;
			it->st.works++;
			works_agg_add(wb_finish(&b), agg);
		}
		if (!(++tick & 255)) {
			atomic_fetch_add(&run->done, l.in_bytes - seen);
			seen = l.in_bytes;
		}
	}
	atomic_fetch_add(&run->done, l.in_bytes - seen);
	if (r < 0)
		it->failed = 1;
	wb_release(&b);
	oa_work_release(&ow);
	lines_close(&l);
}

static void *work_loop(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	size_t i;

	while ((i = atomic_fetch_add(&run->next, 1)) < run->nitems) {
		struct item *it = &run->items[i];
		if (it->whole) {
			struct stat sb;
			if (works_read_file(it->path, run->fmt, run->ct, works_agg_add,
					    &w->agg, &it->st, &it->err))
				it->failed = 1;
			if (!stat(it->path, &sb))
				atomic_fetch_add(&run->done, (uint64_t)sb.st_size);
		} else {
			read_range(run, it, &w->agg);
		}
		works_agg_add_stats(&w->agg, &it->st);
	}
	atomic_fetch_add(&run->finished, 1);
	return NULL;
}

/* Whether path is plain JSON Lines that can be split. */
static int splittable(const char *path, enum works_format fmt)
{
	char head[4096];
	FILE *f;
	size_t n;

	if (lines_is_gzip(path) != 0 || (fmt != WORKS_FMT_AUTO && fmt != WORKS_FMT_OPENALEX_JSONL))
		return 0;
	if (fmt == WORKS_FMT_OPENALEX_JSONL)
		return 1;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	/* the whole head: a pretty-printed page is told by its second line */
	return works_detect(head, n) == WORKS_FMT_OPENALEX_JSONL;
}

/* Items per file: a plain JSON Lines file in `jobs` ranges, others whole. */
static void plan(struct run *run, char **files, int nfiles, int jobs)
{
	for (int f = 0; f < nfiles; f++) {
		struct stat sb;
		uint64_t size = !stat(files[f], &sb) ? (uint64_t)sb.st_size : 0;
		/* gzip is JSON Lines read as one range (inflated on its own thread) */
		int parts = lines_is_gzip(files[f]) == 1 ? 1 : splittable(files[f], run->fmt) ? jobs : 0;
		if (parts > 1 && size < ((uint64_t)1 << 20))
			parts = 1;
		for (int k = 0; k < (parts ? parts : 1); k++) {
			struct item *it;
			run->items = xrealloc(run->items, (run->nitems + 1) * sizeof(*run->items));
			it = &run->items[run->nitems++];
			memset(it, 0, sizeof(*it));
			buf_init(&it->err, 0);
			it->path = files[f];
			it->file = f;
			it->whole = !parts;
			it->from = parts ? size * (uint64_t)k / (uint64_t)parts : 0;
			it->to = parts && k + 1 < parts ? size * (uint64_t)(k + 1) / (uint64_t)parts : 0;
		}
	}
}

/* Reports failures and malformed lines (absolute line numbers); -1 on a failed read. */
static int report(struct run *run, const struct works_agg *a)
{
	uint64_t base = 0;
	int failed = 0, shown = 0;

	uint64_t works = 0, first_bad = 0, bad = 0;
	int file_failed = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		struct item *it = &run->items[i];
		if (i && run->items[i - 1].file != it->file) {
			base = 0;
			works = bad = first_bad = 0;
			file_failed = 0;
		}
		if (it->failed) {
			errorf("%s", it->err.buf);
			failed = file_failed = 1;
		}
		for (unsigned k = 0; k < it->st.nbad && shown < WORKS_BAD_KEPT; k++, shown++)
			warnf("'%s':%llu: malformed line skipped", it->path,
			      (unsigned long long)(base + it->st.bad_lines[k]));
		if (it->st.nbad && !first_bad)
			first_bad = base + it->st.bad_lines[0];
		bad += it->st.malformed;
		works += it->st.works;
		base += it->st.lines;
		/* a file that is not empty and yields no work is not an empty result */
		if ((i + 1 == run->nitems || run->items[i + 1].file != it->file) &&
		    !works && !file_failed) {
			if (first_bad)
				errorf("'%s':%llu: no work read: %llu malformed record%s "
				       "(this is the first)", it->path,
				       (unsigned long long)first_bad, (unsigned long long)bad,
				       bad == 1 ? "" : "s");
			else
				errorf("'%s': no work read: the file holds no works", it->path);
			failed = 1;
		}
	}
	if (a->st.malformed)
		warnf("%llu malformed line%s skipped (of %llu)",
		      (unsigned long long)a->st.malformed, a->st.malformed == 1 ? "" : "s",
		      (unsigned long long)a->st.lines);
	for (size_t i = 0; i < a->unknown.n && i < 10; i++)
		warnf("unknown country '%s' in %llu work(s)", strtab_str(&a->unknown, (uint32_t)i),
		      (unsigned long long)a->unknown_n[i]);
	if (a->too_many_subjects)
		errorf("more than %u institutions: %llu institution ids left out",
		       WORKS_MAX_SUBJECTS, (unsigned long long)a->too_many_subjects);
	return failed || a->too_many_subjects ? -1 : 0;
}

int works_run(char **files, int nfiles, int jobs, enum works_format fmt,
	      struct works_agg *agg, const struct country_table *ct)
{
	struct run run = { 0 };
	struct worker *w = xcalloc((size_t)jobs, sizeof(*w));
	struct progress pg;
	struct buf err = BUF_INIT;
	uint64_t total = 0;
	int rc, started = 0, merged = 0;

	run.fmt = fmt;
	plan(&run, files, nfiles, jobs);
	for (int f = 0; f < nfiles; f++) {
		struct stat sb;
		if (!stat(files[f], &sb))
			total += (uint64_t)sb.st_size;
	}
	run.ct = ct;
	run.jobs = jobs;
	atomic_init(&run.next, 0);
	atomic_init(&run.done, 0);
	atomic_init(&run.finished, 0);
	progress_begin(&pg, total);
	for (int j = 0; j < jobs; j++) {
		w[j].run = &run;
		works_agg_init_like(&w[j].agg, agg);
	}
	for (; started < jobs; started++) {
		if (pthread_create(&w[started].tid, NULL, work_loop, &w[started])) {
			warnf("cannot start a thread (%s): reading with %d", strerror(errno),
			      started ? started : 1);
			break;
		}
	}
	if (!started) {		/* no thread at all: this one reads */
		work_loop(&w[0]);
	} else {
		/* the workers are threads; this one draws the progress bar */
		while (atomic_load(&run.finished) < started) {
			progress_draw(&pg, atomic_load(&run.done));
			usleep(50000);
		}
		for (int j = 0; j < started; j++)
			pthread_join(w[j].tid, NULL);
	}
	progress_end(&pg);
	for (int j = 0; j < jobs; j++) {
		if (!j && !agg->nrows && !agg->unknown.n && !agg->st.lines && !agg->no_year &&
		    !agg->out_of_range) {
			/* agg is empty and made like the worker's: take it over whole */
			works_agg_release(agg);
			*agg = w[0].agg;
			continue;
		}
		if (works_agg_merge(agg, &w[j].agg, &err)) {
			errorf("%s", err.buf);
			merged = -1;	/* a count short of a worker's share is no result */
		}
		works_agg_release(&w[j].agg);
	}
	free(w);
	rc = report(&run, agg);
	if (merged)
		rc = -1;
	for (size_t i = 0; i < run.nitems; i++)
		buf_release(&run.items[i].err);
	free(run.items);
	buf_release(&err);
	return rc;
}

