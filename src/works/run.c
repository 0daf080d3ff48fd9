/*
 * The threaded driver of `intlkpi works`: plans the input into pieces
 * (byte ranges of plain JSON Lines, whole files otherwise), reads them on
 * worker threads into one aggregate each, builds the index of those
 * aggregates (in parallel too) and reports what the reads saw. Whole
 * files are read in turn, in the order given, through one set of record
 * ids (works/seen.h): the first of two duplicates is the one counted,
 * whatever --jobs.
 */
#include "works/run.h"
#include "works/jsonl_scan.h"
#include "works/seen.h"
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
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

#define UNKNOWN_SHOWN 10	/* unknown country strings named on stderr */

/*
 * A piece of work: a byte range of a plain JSON Lines file, a gzip file
 * that every thread scans chunk by chunk (a feed), or a whole file.
 */
struct item {
	const char *path;
	int file;
	uint64_t from, to;	/* to 0: to the end */
	int whole;		/* read with works_read_file (other formats) */
	size_t turn;		/* whole: its number among the whole files */
	int feed;		/* gzip JSON Lines with several threads */
	struct works_read_stats st;
	int failed;
	struct buf err;
	/* a feed's: opened by the thread that takes the item, joined by others */
	pthread_mutex_t mu;
	pthread_cond_t opened;	/* state left 0 */
	struct lines_feed *f;
	int state;		/* 0 not open, 1 open, 2 done */
	int users;
	atomic_uint_least64_t counted;	/* input bytes added to run->done */
	struct chunk_stat {	/* per chunk (by number): its lines, its first bad ones */
		uint64_t lines;
		uint64_t bad[WORKS_BAD_KEPT];	/* line numbers within the chunk */
		unsigned nbad;
	} *cs;
	size_t acs;
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
	/* the whole files: read one at a time, in order, through seen */
	struct works_seen seen;
	pthread_mutex_t turn_mu;
	pthread_cond_t turn_cv;
	size_t turn;		/* the whole file whose turn it is */
	size_t nwhole;
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
	ow.want = agg->nsets ? OA_WANT_LEIDEN : 0;
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

/* The feed's bytes read so far into the progress, once. */
static void feed_progress(struct run *run, struct item *it)
{
	uint64_t cur = lines_feed_in_bytes(it->f), prev = atomic_load(&it->counted);

	while (cur > prev && !atomic_compare_exchange_weak(&it->counted, &prev, cur))
		;
	if (cur > prev)
		atomic_fetch_add(&run->done, cur - prev);
}

/* Chunks of a feed, as long as it has some; the stats of each added to the item's. */
static void scan_feed(struct run *run, struct item *it, struct works_agg *agg)
{
	struct lines_chunk *c;
	struct oa_work ow;
	struct work_builder b;
	struct buf err = BUF_INIT;
	int r;

	oa_work_init(&ow);
	ow.want = agg->nsets ? OA_WANT_LEIDEN : 0;
	wb_init(&b);
	while ((r = lines_feed_take(it->f, &c, &err)) > 0) {
		struct works_read_stats st = { 0 };
		const char *p = c->data, *e = c->data + c->len, *nl;
		uint64_t line = 1, seq = c->seq;	/* within the chunk: made absolute at the end */
		size_t k = 0;
		for (; p < e; p = nl + 1, line++) {
			nl = memchr(p, '\n', (size_t)(e - p));
			st.lines++;
			if (k < c->ntoo_long && c->too_long[k] == (size_t)(p - c->data)) {
				k++;
				st.too_long++;
				works_stats_bad(&st, line);
			} else if (oa_line_blank(p, (size_t)(nl - p))) {
				st.blank++;
			} else if (jsonl_scan(&ow, p, (size_t)(nl - p))) {
				works_stats_bad(&st, line);
			} else {
				work_from_openalex(&b, &ow, run->ct);
				b.line = 0;	/* numbered within the chunk only: unknown here */
				st.works++;
				works_agg_add(wb_finish(&b), agg);
			}
		}
		lines_feed_give(it->f, c);
		feed_progress(run, it);
		pthread_mutex_lock(&it->mu);
		it->st.lines += st.lines;
		it->st.works += st.works;
		it->st.blank += st.blank;
		it->st.malformed += st.malformed;
		it->st.too_long += st.too_long;
		if (seq + 1 > it->acs) {
			size_t old = it->acs;
			it->cs = xgrow(it->cs, &it->acs, seq + 1, sizeof(*it->cs));
			memset(it->cs + old, 0, (it->acs - old) * sizeof(*it->cs));
		}
		it->cs[seq].lines = st.lines;
		it->cs[seq].nbad = st.nbad;
		memcpy(it->cs[seq].bad, st.bad_lines, sizeof(st.bad_lines));
		pthread_mutex_unlock(&it->mu);
	}
	if (r < 0) {
		pthread_mutex_lock(&it->mu);
		it->failed = 1;
		buf_setf(&it->err, "%s", err.buf);
		pthread_mutex_unlock(&it->mu);
	}
	buf_release(&err);
	wb_release(&b);
	oa_work_release(&ow);
}

/*
 * Joins a feed item: opens it (first == 1: the thread that took it) or
 * joins it while it is open (every item is taken by then: a helper waits
 * for the taker to open it); the last thread to leave closes it.
 */
static void join_feed(struct run *run, struct item *it, struct works_agg *agg, int first)
{
	pthread_mutex_lock(&it->mu);
	if (first) {
		if (lines_feed_open(&it->f, it->path, (unsigned)run->jobs + 1, &it->err)) {
			it->failed = 1;
			it->state = 2;
			lines_feed_close(it->f);
			it->f = NULL;
			pthread_cond_broadcast(&it->opened);
			pthread_mutex_unlock(&it->mu);
			return;
		}
		it->state = 1;
		pthread_cond_broadcast(&it->opened);
	}
	while (!it->state)
		pthread_cond_wait(&it->opened, &it->mu);
	if (it->state != 1) {
		pthread_mutex_unlock(&it->mu);
		return;
	}
	it->users++;
	pthread_mutex_unlock(&it->mu);
	scan_feed(run, it, agg);
	pthread_mutex_lock(&it->mu);
	if (!--it->users && it->state == 1) {
		feed_progress(run, it);
		lines_feed_close(it->f);
		it->f = NULL;
		it->state = 2;
	}
	pthread_mutex_unlock(&it->mu);
}

/*
 * A file of another format than JSON Lines, read whole when its turn comes
 * (the items are taken in order, so the turns before are taken already),
 * its duplicates of records read before left out.
 */
static void read_whole(struct run *run, struct item *it, struct works_agg *agg)
{
	struct works_dedup d = { &run->seen, it->path, works_agg_add, agg, &it->st };
	struct stat sb;

	pthread_mutex_lock(&run->turn_mu);
	while (run->turn != it->turn)
		pthread_cond_wait(&run->turn_cv, &run->turn_mu);
	pthread_mutex_unlock(&run->turn_mu);
	if (works_read_file(it->path, run->fmt, run->ct, works_dedup_fn, &d, &it->st,
			    &it->err))
		it->failed = 1;
	if (!stat(it->path, &sb))
		atomic_fetch_add(&run->done, (uint64_t)sb.st_size);
	pthread_mutex_lock(&run->turn_mu);
	run->turn++;
	pthread_cond_broadcast(&run->turn_cv);
	pthread_mutex_unlock(&run->turn_mu);
}

static void *work_loop(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	size_t i;

	while ((i = atomic_fetch_add(&run->next, 1)) < run->nitems) {
		struct item *it = &run->items[i];
		if (it->feed) {
			join_feed(run, it, &w->agg, 1);
		} else if (it->whole) {
			read_whole(run, it, &w->agg);
		} else {
			read_range(run, it, &w->agg);
		}
		if (!it->feed)
			works_agg_add_stats(&w->agg, &it->st);
	}
	/* no item left: help scan the feeds still open */
	for (i = 0; i < run->nitems; i++)
		if (run->items[i].feed)
			join_feed(run, &run->items[i], &w->agg, 0);
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

/* Seconds on a monotonic clock (the -v timings). */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A range of a plain file: big enough to read at full speed, small enough
 * that the threads end together (a thread done early takes the next). */
#define RANGE_BYTES ((uint64_t)16 << 20)

/* Items per file: a plain JSON Lines file in ranges (at least `jobs`), others whole. */
static void plan(struct run *run, char **files, int nfiles, int jobs)
{
	for (int f = 0; f < nfiles; f++) {
		struct stat sb;
		uint64_t size = !stat(files[f], &sb) ? (uint64_t)sb.st_size : 0;
		/* gzip JSON Lines is read as one range (inflated on its own thread);
		 * a gzip export of another format whole, as a plain one */
		int gz = lines_is_gzip(files[f]) == 1;
		int gzl = gz && works_gzip_is_jsonl(files[f], run->fmt);
		int parts = gzl ? 1 : !gz && splittable(files[f], run->fmt) ? jobs : 0;
		if (parts > 1 && (uint64_t)parts < size / RANGE_BYTES)
			parts = (int)(size / RANGE_BYTES);
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
			if (it->whole)
				it->turn = run->nwhole++;
			it->feed = jobs > 1 && gzl;
			pthread_mutex_init(&it->mu, NULL);
			pthread_cond_init(&it->opened, NULL);
			atomic_init(&it->counted, 0);
			it->from = parts ? size * (uint64_t)k / (uint64_t)parts : 0;
			it->to = parts && k + 1 < parts ? size * (uint64_t)(k + 1) / (uint64_t)parts : 0;
		}
	}
}

struct unknown_ix {
	const char *s;
	uint64_t n;
};

/* most works first, then by name: the order does not hang on --jobs */
static int cmp_unknown(const void *pa, const void *pb)
{
	const struct unknown_ix *a = pa, *b = pb;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->s, b->s);
}

/*
 * The unknown country strings, the ten found in most works named; the
 * others counted, since the CSV outputs do not list them (the JSON output's
 * unknown_countries does).
 */
static void report_unknown(const struct works_agg *a)
{
	struct unknown_ix *v;
	uint64_t more = 0;
	uint32_t n = a->unknown.n;

	if (!n)
		return;
	v = xmalloc(n * sizeof(*v));
	for (uint32_t i = 0; i < n; i++) {
		v[i].s = strtab_str(&a->unknown, i);
		v[i].n = a->unknown_n[i];
	}
	qsort(v, n, sizeof(*v), cmp_unknown);
	for (uint32_t i = 0; i < n; i++) {
		if (i < UNKNOWN_SHOWN)
			warnf("unknown country '%s' in %llu work(s)", v[i].s,
			      (unsigned long long)v[i].n);
		else
			more += v[i].n;
	}
	if (n > UNKNOWN_SHOWN)
		warnf("%u more unknown country strings, in %llu work(s) or fewer, not named "
		      "here (the JSON output's unknown_countries names each with its works)",
		      n - UNKNOWN_SHOWN, (unsigned long long)more);
	free(v);
}

/*
 * Reports failures and malformed records (a JSON line, a CSV row, a WoS
 * tagged record), each by the absolute line it starts on; -1 on a failed
 * read.
 */
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
			warnf("'%s':%llu: malformed record skipped", it->path,
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
		warnf("%llu malformed record%s skipped (of %llu lines)",
		      (unsigned long long)a->st.malformed, a->st.malformed == 1 ? "" : "s",
		      (unsigned long long)a->st.lines);
	if (a->no_year)
		warnf("%llu work%s without a publication year left out (counted in no_year)",
		      (unsigned long long)a->no_year, a->no_year == 1 ? "" : "s");
	if (run->seen.dups) {
		struct buf msg = BUF_INIT;
		works_seen_message(&run->seen, &msg);
		warnf("%s", msg.buf);
		buf_release(&msg);
	}
	report_unknown(a);
	if (a->too_many_subjects)
		errorf("more than %u institutions: %llu institution ids left out",
		       WORKS_MAX_SUBJECTS, (unsigned long long)a->too_many_subjects);
	return failed || a->too_many_subjects ? -1 : 0;
}

int works_run(char **files, int nfiles, int jobs, enum works_format fmt,
	      const struct works_agg *like, const struct country_table *ct,
	      struct works_index *ix)
{
	struct run run = { 0 };
	struct worker *w = xcalloc((size_t)jobs, sizeof(*w));
	const struct works_agg **src = xcalloc((size_t)jobs, sizeof(*src));
	struct progress pg;
	uint64_t total = 0;
	double t0 = now(), t1;
	int rc, started = 0;

	run.fmt = fmt;
	works_seen_init(&run.seen);
	pthread_mutex_init(&run.turn_mu, NULL);
	pthread_cond_init(&run.turn_cv, NULL);
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
		works_agg_init_like(&w[j].agg, like);
		src[j] = &w[j].agg;
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
			usleep(20000);
		}
		for (int j = 0; j < started; j++)
			pthread_join(w[j].tid, NULL);
	}
	progress_end(&pg);
	for (size_t i = 0; i < run.nitems; i++) {	/* a feed's, counted once */
		struct item *it = &run.items[i];
		uint64_t base = 0;
		if (!it->feed)
			continue;
		/* the first bad lines, numbered over the file: chunks in order */
		for (size_t c = 0; c < it->acs; c++) {
			for (unsigned k = 0; k < it->cs[c].nbad && it->st.nbad < WORKS_BAD_KEPT; k++)
				it->st.bad_lines[it->st.nbad++] = base + it->cs[c].bad[k];
			base += it->cs[c].lines;
		}
		works_agg_add_stats(&w[0].agg, &it->st);
	}
	t1 = now();
	works_index_build(ix, src, (size_t)jobs, jobs);
	for (int j = 0; j < jobs; j++)
		works_agg_release(&w[j].agg);
	debugf("read in %.3f s, added up and indexed in %.3f s (%zu subjects, %zu chunks)",
	       t1 - t0, now() - t1, ix->nsubjects, ix->nchunks);
	free(w);
	free(src);
	rc = report(&run, &ix->head);
	for (size_t i = 0; i < run.nitems; i++) {
		buf_release(&run.items[i].err);
		pthread_mutex_destroy(&run.items[i].mu);
		pthread_cond_destroy(&run.items[i].opened);
		free(run.items[i].cs);
	}
	free(run.items);
	works_seen_release(&run.seen);
	pthread_mutex_destroy(&run.turn_mu);
	pthread_cond_destroy(&run.turn_cv);
	return rc;
}
