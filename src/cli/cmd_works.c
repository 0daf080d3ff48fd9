/* intlkpi works: option parsing for the bulk co-authorship engine (works/run.h). */
#include "cli/cli.h"
#include "cli/works_cli.h"
#include "works/run.h"
#include "works/works.h"
#include "util/fs.h"
#include "util/log.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static const char works_usage[] =
	"usage: intlkpi works FILE... [--institutions FILE|all] [--years A-B]\n"
	"                    [--institution-records FILE] [--type T] [--country CC]\n"
	"                    [--home CC] [--core SOURCES] [--format F] [--window N]\n"
	"                    [--counting C] [--input-format F] [-o OUT] [--partial OUT]\n"
	"                    [--jobs N] [--strict] [--no-leiden]\n"
	"\n"
	"Counts co-authorship per institution and year over OpenAlex works, as\n"
	"JSON Lines (plain or gzip; other formats of the work reader too), in\n"
	"memory that does not grow with the input. See docs/works.md.\n"
	"\n"
	"  --institutions FILE  OpenAlex or ROR ids, one per line ('#' comments);\n"
	"                       'all': every institution seen (own id or lineage);\n"
	"                       without it every work counts for one subject '*'\n"
	"  --institution-records FILE  OpenAlex institutions (JSON Lines, plain or\n"
	"                       gzip): names, types, countries, coordinates, ROR ids\n"
	"  --type T             with 'all': only institutions of that type (records)\n"
	"  --country CC         with 'all': only institutions of that country (records)\n"
	"  --home CC            the subject's country when no institution of a work\n"
	"                       gives it (an export of one university)\n"
	"  --core SOURCES       the CWTS core sources list: Leiden rows for the core\n"
	"                       publications and for all publications\n"
	"  --years A-B          only works published in A..B\n"
	"  --format F           json (default), csv (institution-year rows),\n"
	"                       csv-countries, csv-partners, leiden (CSV, one row per\n"
	"                       institution and window), leiden-json\n"
	"  --window N           years per Leiden window (default 4)\n"
	"  --counting C         full (default), fractional (by author, as CWTS) or\n"
	"                       fractional-institution: how leiden counts P\n"
	"  -o, --output OUT     write there (atomically) instead of stdout\n"
	"  --partial OUT        write a mergeable partial (see 'intlkpi merge');\n"
	"                       the output is then written only with -o\n"
	"  --jobs N             N threads; a plain file is split at line boundaries\n"
	"  --input-format F     the inputs' format when it cannot be told from them:\n"
	"                       openalex-json, openalex-jsonl, openalex-csv,\n"
	"                       scopus-csv, wos or wos-tab (default: detected)\n"
	"  --strict             fail (exit 2, nothing written) on a malformed record\n"
	"                       (a record read twice counts once, warned: no failure)\n"
	"  --no-leiden          Hong Kong and Macao as their own countries\n"
	"  -q, --quiet          only errors and warnings (and no progress bar)\n"
	"  -v, --verbose        also debugging detail\n"
	"  --log-format F       text (default) or json, one object per line\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit: 0 ok, 1 written but an --institutions list matched no work, 2 usage\n"
	"error or bad input (a file that cannot be read, is empty or of no known\n"
	"format; a malformed record with --strict), 3 an output could not be written.\n";

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

static bool alpha2(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* What works reads besides the works: options that name files or values. */
struct works_cmd {
	struct works_opts o;
	struct works_filter filter;
	struct works_cli_out out;
	const char *inst, *records, *core;
	enum works_format in_fmt;
	bool strict;
};

/* One option of works (not an output option); EXIT_USAGE after a message. */
static int option(struct works_cmd *w, int c, const char *arg)
{
	switch (c) {
	case 'i': w->inst = arg; return 0;
	case 'R': w->records = arg; return 0;
	case 'K': w->core = arg; return 0;
	case 's': w->strict = true; return 0;
	case 'L': w->o.leiden = false; return 0;
	case 'I':
		if (!works_format_parse(arg, &w->in_fmt))
			return 0;
		errorf("--input-format takes openalex-json, openalex-jsonl, openalex-csv, "
		       "scopus-csv, wos or wos-tab, not '%s'", arg);
		return EXIT_USAGE;
	case 't':
		if (*arg && strlen(arg) < sizeof(w->filter.type)) {
			memcpy(w->filter.type, arg, strlen(arg) + 1);
			return 0;
		}
		errorf("--type takes an OpenAlex institution type (e.g. education), not '%s'", arg);
		return EXIT_USAGE;
	case 'c':
	case 'H':
		if (alpha2(arg)) {
			memcpy(c == 'c' ? w->filter.country : w->o.home, arg, 3);
			return 0;
		}
		errorf("--%s takes an ISO 3166-1 alpha-2 code such as KZ, not '%s'",
		       c == 'c' ? "country" : "home", arg);
		return EXIT_USAGE;
	case 'y':
		if (!parse_years(arg, &w->o))
			return 0;
		errorf("--years takes A-B (e.g. 2019-2023), not '%s'", arg);
		return EXIT_USAGE;
	default:
		return -1;
	}
}

/* The options that only make sense together; EXIT_USAGE after a message. */
static int check(const struct works_cmd *w, int nfiles)
{
	int len = w->out.wo.window ? w->out.wo.window : WORKS_LEIDEN_WINDOW;

	if (!nfiles) {
		errorf("no input file (see 'intlkpi works --help')");
		return EXIT_USAGE;
	}
	if ((w->filter.type[0] || w->filter.country[0]) &&
	    (!w->inst || strcmp(w->inst, "all") || !w->records)) {
		errorf("--type and --country filter '--institutions all' by the "
		       "--institution-records; give both");
		return EXIT_USAGE;
	}
	if (w->core && !works_output_leiden(w->out.wo.fmt) && !w->out.partial) {
		errorf("--core makes the Leiden rows of the core publications: give "
		       "--format leiden or leiden-json (or --partial)");
		return EXIT_USAGE;
	}
	if (works_output_leiden(w->out.wo.fmt) && w->o.year_from &&
	    w->o.year_to - w->o.year_from + 1 < len) {
		errorf("--years %d-%d holds no %d-year Leiden window (give --window or more years)",
		       w->o.year_from, w->o.year_to, len);
		return EXIT_USAGE;
	}
	return 0;
}

/* Records, core sources and countries; EXIT_USAGE or EXIT_FATAL after a message. */
static int load(const struct works_cmd *w, struct inst_records *rec, struct works_core *core,
		struct country_table *ct)
{
	struct buf err = BUF_INIT;
	int rc = EXIT_USAGE;

	if (w->records && inst_records_load(rec, w->records, &err))
		goto fail;
	if (rec->malformed)
		warnf("'%s':%llu: %llu malformed institution record%s skipped", w->records,
		      (unsigned long long)rec->first_bad, (unsigned long long)rec->malformed,
		      rec->malformed == 1 ? "" : "s");
	if (w->core && works_core_load(core, w->core, &err))
		goto fail;
	rc = EXIT_FATAL;
	if (country_table_load(ct, NULL, &err))
		goto fail;
	ct->leiden = w->o.leiden;
	return 0;
fail:
	errorf("%s", err.buf);
	buf_release(&err);
	return rc;
}

/* The aggregate every thread starts from: options, records, subjects. */
static int start(const struct works_cmd *w, struct works_agg *a, const struct inst_records *rec,
		 const struct works_core *core)
{
	works_agg_init(a, &w->o);
	works_agg_set_records(a, w->records ? rec : NULL);
	works_agg_set_core(a, w->core ? core : NULL);
	if (works_output_leiden(w->out.wo.fmt) || w->out.partial)
		works_agg_keep_leiden(a);
	if (w->inst && !strcmp(w->inst, "all"))
		works_agg_every(a, &w->filter);
	else if (w->inst && load_institutions(a, w->inst))
		return EXIT_USAGE;
	return 0;
}

/* What the operator should know about the result; EXIT_STALE when a list matched nothing. */
static int judge(const struct works_cmd *w, const struct works_index *ix)
{
	size_t seen = 0;

	if (w->core && ix->head.no_core_fields)
		warnf("--core: %llu works of a format without the fields of the core criteria "
		      "(only OpenAlex JSON has them) are in no core or all-publications row",
		      (unsigned long long)ix->head.no_core_fields);
	if (ix->head.mode != WORKS_LIST)
		return EXIT_OK;
	for (size_t i = 0; i < ix->nsubjects; i++)
		seen += works_index_nrows(ix, i) > 0;
	if (!seen) {
		warnf("no institution of '%s' has a work in the input%s", w->inst,
		      w->o.year_from ? " in --years" : "");
		return EXIT_STALE;
	}
	if (seen < ix->nsubjects)
		notef("%zu of the %zu institutions of '%s' have no work in the input",
		      ix->nsubjects - seen, ix->nsubjects, w->inst);
	return EXIT_OK;
}

int cmd_works(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "institutions", required_argument, NULL, 'i' },
		{ "institution-records", required_argument, NULL, 'R' },
		{ "type", required_argument, NULL, 't' },
		{ "country", required_argument, NULL, 'c' },
		{ "home", required_argument, NULL, 'H' },
		{ "core", required_argument, NULL, 'K' },
		{ "years", required_argument, NULL, 'y' },
		{ "strict", no_argument, NULL, 's' },
		{ "input-format", required_argument, NULL, 'I' },
		{ "no-leiden", no_argument, NULL, 'L' },
		WORKS_CLI_OUT_LONG,
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct works_cmd w = { .o = { .leiden = true }, .in_fmt = WORKS_FMT_AUTO };
	struct cli_parser p = CLI_PARSER(works_usage, "o:", opts);
	struct country_table ct;
	struct inst_records rec;
	struct works_core core;
	struct works_agg like;
	struct works_index ix;
	int c, rc = 0, verdict;

	works_cli_out_init(&w.out);
	while (!rc && (c = cli_next(&p, argc, argv)) > 0) {
		int r = works_cli_out_option(&w.out, c, optarg);
		if (r > 0)
			r = option(&w, c, optarg), rc = r < 0 ? cli_usage(&p) : r;
		else
			rc = r < 0 ? EXIT_USAGE : 0;
	}
	if (rc || c < 0)
		return rc ? rc : p.exit;
	if ((rc = check(&w, argc - optind)))
		return rc;
	inst_records_init(&rec);
	works_core_init(&core);
	if ((rc = load(&w, &rec, &core, &ct))) {
		inst_records_release(&rec);
		works_core_release(&core);
		return rc;
	}
	rc = start(&w, &like, &rec, &core);
	/* what it could not read is bad input (2); 3 is for outputs */
	if (!rc && works_run(argv + optind, argc - optind, w.out.wo.jobs, w.in_fmt, &like, &ct,
			     &ix) == 0) {
		verdict = judge(&w, &ix);
		if (w.strict && ix.head.st.malformed) {
			errorf("--strict: %llu malformed record%s (the first named above); nothing written",
			       (unsigned long long)ix.head.st.malformed,
			       ix.head.st.malformed == 1 ? "" : "s");
			rc = EXIT_USAGE;
		} else {
			rc = works_cli_emit(&ix, &w.out);
		}
		rc = rc ? rc : verdict;
		works_index_release(&ix);
	} else if (!rc) {
		works_index_release(&ix);
		rc = EXIT_USAGE;
	}
	works_agg_release(&like);
	country_table_release(&ct);
	inst_records_release(&rec);
	works_core_release(&core);
	return rc;
}
