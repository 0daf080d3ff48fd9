/* intlkpi works: the bulk co-authorship engine over OpenAlex JSON Lines. */
#include "cli/cli.h"
#include "works/jsonl_scan.h"
#include "works/works.h"
#include "util/fs.h"
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

static const char works_usage[] =
	"usage: intlkpi works FILE... [--institutions FILE] [--years A-B]\n"
	"                    [--format json|csv|csv-countries|csv-partners] [-o OUT]\n"
	"                    [--partial OUT] [--jobs N] [--strict] [--no-leiden]\n"
	"\n"
	"Counts co-authorship per institution and year over OpenAlex works, as\n"
	"JSON Lines (plain or gzip; other formats of the work reader too), in\n"
	"memory that does not grow with the input. See docs/works.md.\n"
	"\n"
	"  --institutions FILE  OpenAlex or ROR ids, one per line ('#' comments);\n"
	"                       without it every work counts for one subject '*'\n"
	"  --years A-B          only works published in A..B\n"
	"  --format F           json (default), csv (institution-year rows),\n"
	"                       csv-countries, csv-partners\n"
	"  -o, --output OUT     write there (atomically) instead of stdout\n"
	"  --partial OUT        write a mergeable partial (see 'intlkpi merge');\n"
	"                       the output is then written only with -o\n"
	"  --jobs N             N threads; a plain file is split at line boundaries\n"
	"  --strict             fail (exit 3, nothing written) on a malformed line\n"
	"  --no-leiden          Hong Kong and Macao as their own countries\n"
	"  -q, --quiet          only errors and warnings (and no progress bar)\n"
	"  -v, --verbose        also debugging detail\n"
	"  --log-format F       text (default) or json, one object per line\n"
	"  -h, --help           this help\n";

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
			if (works_read_file(it->path, WORKS_FMT_AUTO, run->ct, works_agg_add,
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
static int splittable(const char *path)
{
	char head[4096];
	FILE *f;
	size_t n;
	const char *nl;

	if (lines_is_gzip(path) != 0)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	nl = memchr(head, '\n', n);
	return works_detect(head, nl ? (size_t)(nl - head) : n) == WORKS_FMT_OPENALEX_JSONL;
}

static int load_institutions(struct works_agg *a, const char *path)
{
	struct buf data = BUF_INIT, err = BUF_INIT;
	char *p;
	int n = 0, lineno = 0;

	if (file_read(path, &data, 0, &err)) {
		errorf("%s", err.buf);
		buf_release(&err);
		return -1;
	}
	for (p = data.buf; *p;) {
		char *nl = strchr(p, '\n'), *hash;
		if (nl)
			*nl = '\0';
		lineno++;
		hash = strchr(p, '#');
		if (hash)
			*hash = '\0';
		for (char *c = p; *c; c++)
			if (*c == ',' || *c == '\r')
				*c = ' ';
		{
			char *s = p;
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s && !works_agg_add_subject(a, s))
				n++;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	buf_release(&data);
	if (!n) {
		errorf("'%s' lists no institution", path);
		return -1;
	}
	return 0;
}

static int parse_years(const char *s, struct works_opts *o)
{
	char *end;
	long a = strtol(s, &end, 10), b = a;

	if (end == s)
		return -1;
	if (*end == '-') {
		const char *t = end + 1;
		b = strtol(t, &end, 10);
		if (end == t)
			return -1;
	}
	if (*end || a < 1 || b > 9999 || a > b)
		return -1;
	o->year_from = (int)a;
	o->year_to = (int)b;
	return 0;
}

/* Writes buf to path atomically, or to stdout when path is NULL. */
static int emit(const char *path, const struct buf *out)
{
	struct buf err = BUF_INIT;

	if (!path)
		return fwrite(out->buf, 1, out->len, stdout) == out->len ? 0 : -1;
	if (file_write_atomic(path, out->buf, out->len, &err)) {
		errorf("%s", err.buf);
		buf_release(&err);
		return -1;
	}
	return 0;
}

/* Items per file: a plain JSON Lines file in `jobs` ranges, others whole. */
static void plan(struct run *run, char **files, int nfiles, int jobs)
{
	for (int f = 0; f < nfiles; f++) {
		struct stat sb;
		uint64_t size = !stat(files[f], &sb) ? (uint64_t)sb.st_size : 0;
		/* gzip is JSON Lines read as one range (inflated on its own thread) */
		int parts = lines_is_gzip(files[f]) == 1 ? 1 : splittable(files[f]) ? jobs : 0;
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

/* Reports failures and malformed lines (absolute line numbers); 0 when clean. */
static int report(struct run *run, const struct works_agg *a, int strict)
{
	uint64_t base = 0;
	int failed = 0, shown = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		struct item *it = &run->items[i];
		if (i && run->items[i - 1].file != it->file)
			base = 0;
		if (it->failed) {
			errorf("%s", it->err.buf);
			failed = 1;
		}
		for (unsigned k = 0; k < it->st.nbad && shown < WORKS_BAD_KEPT; k++, shown++)
			warnf("'%s':%llu: malformed line skipped", it->path,
			      (unsigned long long)(base + it->st.bad_lines[k]));
		base += it->st.lines;
	}
	if (a->st.malformed)
		warnf("%llu malformed line%s skipped (of %llu)",
		      (unsigned long long)a->st.malformed, a->st.malformed == 1 ? "" : "s",
		      (unsigned long long)a->st.lines);
	for (size_t i = 0; i < a->unknown.n && i < 10; i++)
		warnf("unknown country '%s' in %llu work(s)", strtab_str(&a->unknown, (uint32_t)i),
		      (unsigned long long)a->unknown_n[i]);
	if (failed)
		return EXIT_FATAL;
	return strict && a->st.malformed ? EXIT_FATAL : 0;
}

static int run_works(char **files, int nfiles, int jobs, struct works_agg *agg,
		     const struct country_table *ct, int strict)
{
	struct run run = { 0 };
	struct worker *w = xcalloc((size_t)jobs, sizeof(*w));
	struct progress pg;
	struct buf err = BUF_INIT;
	uint64_t total = 0;
	int rc;

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
		works_agg_init(&w[j].agg, &agg->o);
		for (size_t s = 0; !agg->all && s < agg->subjects.n; s++)
			works_agg_add_subject(&w[j].agg, strtab_str(&agg->subjects, (uint32_t)s));
		if (pthread_create(&w[j].tid, NULL, work_loop, &w[j])) {
			errorf("cannot start a thread: %s", strerror(errno));
			exit(EXIT_FATAL);
		}
	}
	/* the workers are threads; this one draws the progress bar */
	while (atomic_load(&run.finished) < jobs) {
		progress_draw(&pg, atomic_load(&run.done));
		usleep(50000);
	}
	for (int j = 0; j < jobs; j++)
		pthread_join(w[j].tid, NULL);
	progress_end(&pg);
	for (int j = 0; j < jobs; j++) {
		if (works_agg_merge(agg, &w[j].agg, &err))
			errorf("%s", err.buf);
		works_agg_release(&w[j].agg);
	}
	free(w);
	rc = report(&run, agg, strict);
	for (size_t i = 0; i < run.nitems; i++)
		buf_release(&run.items[i].err);
	free(run.items);
	buf_release(&err);
	return rc;
}

int cmd_works(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "institutions", required_argument, NULL, 'i' },
		{ "years", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "partial", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "no-leiden", no_argument, NULL, 'L' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *inst = NULL, *out_path = NULL, *partial = NULL;
	enum works_output fmt = WORKS_OUT_JSON;
	struct works_opts o = { .leiden = true };
	struct country_table ct;
	struct works_agg agg;
	struct buf err = BUF_INIT, out = BUF_INIT;
	long jobs = 1;
	int c, strict = 0, rc;
	struct cli_parser p = CLI_PARSER(works_usage, "o:", opts);
	char *end;

	while ((c = cli_next(&p, argc, argv)) > 0) {
		switch (c) {
		case 'i': inst = optarg; break;
		case 'o': out_path = optarg; break;
		case 'p': partial = optarg; break;
		case 's': strict = 1; break;
		case 'L': o.leiden = false; break;
		case 'y':
			if (parse_years(optarg, &o)) {
				errorf("--years takes A-B (e.g. 2019-2023), not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'f':
			if (works_output_parse(optarg, &fmt)) {
				errorf("--format takes json, csv, csv-countries or csv-partners, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || jobs < 1 || jobs > 256) {
				errorf("--jobs takes a number from 1 to 256, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return cli_usage(&p);
		}
	}
	if (c < 0)
		return p.exit;
	if (optind >= argc) {
		errorf("no input file (see 'intlkpi works --help')");
		return EXIT_USAGE;
	}
	if (country_table_load(&ct, NULL, &err)) {
		errorf("%s", err.buf);
		buf_release(&err);
		return EXIT_FATAL;
	}
	ct.leiden = o.leiden;
	works_agg_init(&agg, &o);
	if (inst && load_institutions(&agg, inst)) {
		rc = EXIT_USAGE;
		goto done;
	}
	rc = run_works(argv + optind, argc - optind, (int)jobs, &agg, &ct, strict);
	if (rc)
		goto done;
	if (partial) {
		works_write_partial(&agg, &out);
		if (emit(partial, &out))
			rc = EXIT_FATAL;
		buf_reset(&out);
	}
	if (!rc && (!partial || out_path)) {
		works_write(&agg, fmt, &out);
		if (emit(out_path, &out))
			rc = EXIT_FATAL;
	}
done:
	works_agg_release(&agg);
	country_table_release(&ct);
	buf_release(&out);
	buf_release(&err);
	return rc;
}
