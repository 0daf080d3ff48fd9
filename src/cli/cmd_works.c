/* intlkpi works: option parsing for the bulk co-authorship engine (works/run.h). */
#include "cli/cli.h"
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
	"                    [--format F] [--window N] [--counting full|fractional]\n"
	"                    [--input-format F] [-o OUT] [--partial OUT] [--jobs N]\n"
	"                    [--strict] [--no-leiden]\n"
	"\n"
	"Counts co-authorship per institution and year over OpenAlex works, as\n"
	"JSON Lines (plain or gzip; other formats of the work reader too), in\n"
	"memory that does not grow with the input. See docs/works.md.\n"
	"\n"
	"  --institutions FILE  OpenAlex or ROR ids, one per line ('#' comments);\n"
	"                       'all': every institution seen (own id or lineage);\n"
	"                       without it every work counts for one subject '*'\n"
	"  --institution-records FILE  OpenAlex institutions (JSON Lines, plain or\n"
	"                       gzip): types, countries, coordinates, ROR ids\n"
	"  --type T             with 'all': only institutions of that type (records)\n"
	"  --country CC         with 'all': only institutions of that country (records)\n"
	"  --years A-B          only works published in A..B\n"
	"  --format F           json (default), csv (institution-year rows),\n"
	"                       csv-countries, csv-partners, leiden (CSV, one row per\n"
	"                       institution and window), leiden-json\n"
	"  --window N           years per Leiden window (default 4)\n"
	"  --counting C         full (default) or fractional: how leiden counts P\n"
	"  -o, --output OUT     write there (atomically) instead of stdout\n"
	"  --partial OUT        write a mergeable partial (see 'intlkpi merge');\n"
	"                       the output is then written only with -o\n"
	"  --jobs N             N threads; a plain file is split at line boundaries\n"
	"  --input-format F     the inputs' format when it cannot be told from them:\n"
	"                       openalex-json, openalex-jsonl, openalex-csv,\n"
	"                       scopus-csv, wos or wos-tab (default: detected)\n"
	"  --strict             fail (exit 2, nothing written) on a malformed line\n"
	"  --no-leiden          Hong Kong and Macao as their own countries\n"
	"  -q, --quiet          only errors and warnings (and no progress bar)\n"
	"  -v, --verbose        also debugging detail\n"
	"  --log-format F       text (default) or json, one object per line\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit: 0 ok, 2 usage error or bad input (a file that cannot be read, is\n"
	"empty or of no known format; a malformed line with --strict), 3 an\n"
	"output could not be written.\n";

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
/* A piece of the output to stdout (works_write_to streams stdout). */
static int to_stdout(void *arg, const char *data, size_t len)
{
	(void)arg;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int emit(const char *path, const struct buf *out)
{
	struct buf err = BUF_INIT;

	if (!path)
		return fwrite(out->buf, 1, out->len, stdout) == out->len ? 0 : -1;
	file_remove_leftovers(path);
	if (file_write_atomic(path, out->buf, out->len, &err)) {
		errorf("%s", err.buf);
		buf_release(&err);
		return -1;
	}
	return 0;
}

int cmd_works(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "institutions", required_argument, NULL, 'i' },
		{ "institution-records", required_argument, NULL, 'R' },
		{ "type", required_argument, NULL, 't' },
		{ "country", required_argument, NULL, 'c' },
		{ "years", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ "window", required_argument, NULL, 'W' },
		{ "counting", required_argument, NULL, 'C' },
		{ "output", required_argument, NULL, 'o' },
		{ "partial", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "input-format", required_argument, NULL, 'I' },
		{ "no-leiden", no_argument, NULL, 'L' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *inst = NULL, *out_path = NULL, *partial = NULL, *records = NULL;
	enum works_output fmt = WORKS_OUT_JSON;
	struct works_opts o = { .leiden = true };
	struct works_filter filter = { "", "" };
	struct country_table ct;
	struct inst_records rec;
	struct works_agg agg, outopt;
	struct buf err = BUF_INIT, out = BUF_INIT;
	long jobs = 1;
	enum works_format in_fmt = WORKS_FMT_AUTO;
	int c, strict = 0, rc;
	char *end;

	struct cli_parser p = CLI_PARSER(works_usage, "o:", opts);

	works_agg_init(&outopt, &o);	/* holds --window and --counting while parsing */
	while ((c = cli_next(&p, argc, argv)) > 0) {
		switch (c) {
		case 'i': inst = optarg; break;
		case 'R': records = optarg; break;
		case 'o': out_path = optarg; break;
		case 'p': partial = optarg; break;
		case 's': strict = 1; break;
		case 'I':
			if (works_format_parse(optarg, &in_fmt)) {
				errorf("--input-format takes openalex-json, openalex-jsonl, openalex-csv, "
				       "scopus-csv, wos or wos-tab, not '%s'", optarg);
				rc = EXIT_USAGE;
				goto usage_rc;
			}
			break;
		case 'L': o.leiden = false; break;
		case 't':
			if (!*optarg || strlen(optarg) >= sizeof(filter.type)) {
				errorf("--type takes an OpenAlex institution type (e.g. education), not '%s'",
				       optarg);
				rc = EXIT_USAGE;
				goto usage_rc;
			}
			memcpy(filter.type, optarg, strlen(optarg) + 1);
			break;
		case 'c':
			if (strlen(optarg) != 2 || optarg[0] < 'A' || optarg[0] > 'Z' ||
			    optarg[1] < 'A' || optarg[1] > 'Z') {
				errorf("--country takes an ISO 3166-1 alpha-2 code such as KZ, not '%s'",
				       optarg);
				rc = EXIT_USAGE;
				goto usage_rc;
			}
			memcpy(filter.country, optarg, 3);
			break;
		case 'y':
			if (parse_years(optarg, &o)) {
				errorf("--years takes A-B (e.g. 2019-2023), not '%s'", optarg);
				rc = EXIT_USAGE;
				goto usage_rc;
			}
			break;
		case 'f':
		case 'W':
		case 'C':
			if (works_output_option(c == 'f' ? "format" : c == 'W' ? "window" : "counting",
						optarg, &fmt, &outopt, &err)) {
				errorf("%s", err.buf);
				buf_release(&err);
				rc = EXIT_USAGE;
				goto usage_rc;
			}
			break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || jobs < 1 || jobs > 256) {
				errorf("--jobs takes a number from 1 to 256, not '%s'", optarg);
				rc = EXIT_USAGE;
				goto usage_rc;
			}
			break;
		default:
			rc = cli_usage(&p);
			goto usage_rc;
		}
	}
	rc = p.exit;
	if (c < 0)
		goto usage_rc;
	rc = EXIT_USAGE;
	if (optind >= argc) {
		errorf("no input file (see 'intlkpi works --help')");
		goto usage_rc;
	}
	if ((filter.type[0] || filter.country[0]) && (!inst || strcmp(inst, "all") || !records)) {
		errorf("--type and --country filter '--institutions all' by the "
		       "--institution-records; give both");
		goto usage_rc;
	}
	inst_records_init(&rec);
	if (records) {
		if (inst_records_load(&rec, records, &err)) {
			errorf("%s", err.buf);
			inst_records_release(&rec);
			buf_release(&err);
			goto usage_rc;
		}
		if (rec.malformed)
			warnf("'%s':%llu: %llu malformed institution record%s skipped", records,
			      (unsigned long long)rec.first_bad, (unsigned long long)rec.malformed,
			      rec.malformed == 1 ? "" : "s");
	}
	if (country_table_load(&ct, NULL, &err)) {
		errorf("%s", err.buf);
		buf_release(&err);
		inst_records_release(&rec);
		works_agg_release(&outopt);
		return EXIT_FATAL;
	}
	ct.leiden = o.leiden;
	works_agg_init(&agg, &o);
	agg.window = outopt.window;
	agg.fractional = outopt.fractional;
	works_agg_set_records(&agg, records ? &rec : NULL);
	if (inst && !strcmp(inst, "all")) {
		works_agg_every(&agg, &filter);
	} else if (inst && load_institutions(&agg, inst)) {
		rc = EXIT_USAGE;
		goto done;
	}
	/* what it could not read is bad input (2); 3 is for outputs */
	rc = works_run(argv + optind, argc - optind, (int)jobs, in_fmt, &agg, &ct) ? EXIT_USAGE : 0;
	if (!rc && strict && agg.st.malformed)
		rc = EXIT_USAGE;
	if (rc)
		goto done;
	if (partial) {
		works_write_partial(&agg, &out);
		if (emit(partial, &out))
			rc = EXIT_FATAL;
		buf_reset(&out);
	}
	if (!rc && (!partial || out_path)) {
		/* stdout in pieces; a file whole, written atomically */
		if (out_path ? (works_write(&agg, fmt, &out), emit(out_path, &out)) :
		    works_write_to(&agg, fmt, &out, to_stdout, NULL)) {
			if (!out_path)
				errorf("cannot write the output to stdout");
			rc = EXIT_FATAL;
		}
	}
done:
	works_agg_release(&agg);
	country_table_release(&ct);
	inst_records_release(&rec);
	buf_release(&out);
	buf_release(&err);
usage_rc:
	works_agg_release(&outopt);
	return rc;
}
