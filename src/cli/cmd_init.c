/* intlkpi init DIR: a small working configuration to start from. */
#include "cli/cli.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/log.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

static const char init_usage[] =
	"usage: intlkpi init DIR\n"
	"\n"
	"Writes a small working configuration for a new university into DIR\n"
	"(created; it must not exist or be empty): a profile with placeholders\n"
	"to fill, two areas, a CSV source and a ranking with their sample files\n"
	"and expect blocks (what a new body must look like before it replaces\n"
	"the last good copy), and three KPIs (a share, a diversity measure, a\n"
	"decrease KPI). It passes\n"
	"'intlkpi check --config DIR' and 'intlkpi run --offline --config DIR'\n"
	"as written; docs/configuration.md describes every key.\n"
	"\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

struct init_file {
	const char *path;	/* relative to DIR */
	const char *text;
};

static const struct init_file files[] = {
	{ "profile.json",
	  "{\n"
	  "  \"note\": \"Written by 'intlkpi init'. Replace every placeholder (name, aliases, country, contact_email, the period); every key is described in docs/configuration.md, 'profile.json'.\",\n"
	  "  \"name\": \"Example University\",\n"
	  "  \"aliases\": [\"EU\", \"Example Univ.\"],\n"
	  "  \"country\": \"XX\",\n"
	  "  \"period\": { \"from\": 2024, \"to\": 2028 },\n"
	  "  \"contact_email\": \"replace-me@example.org\",\n"
	  "  \"status_threshold\": 0.1\n"
	  "}\n" },
	{ "areas.json",
	  "{\n"
	  "  \"note\": \"The strategy's areas (docs/configuration.md, 'areas.json'); each KPI names one by its id.\",\n"
	  "  \"areas\": [\n"
	  "    { \"id\": \"recruitment\", \"title\": \"International student recruitment\", \"order\": 1,\n"
	  "      \"description\": \"Grow the share of international students.\" },\n"
	  "    { \"id\": \"diversity\", \"title\": \"Diversity of source countries\", \"order\": 2,\n"
	  "      \"description\": \"Depend less on one or two source countries.\" }\n"
	  "  ]\n"
	  "}\n" },
	{ "sources/students.json",
	  "{\n"
	  "  \"id\": \"students\",\n"
	  "  \"kind\": \"csv\",\n"
	  "  \"title\": \"Students by group and citizenship\",\n"
	  "  \"note\": \"Illustrative sample data written by 'intlkpi init' (the report says so while this note does): replace data/students.csv with your own numbers, then this note. The kinds of source and their rules: docs/configuration.md, 'sources/*.json'.\",\n"
	  "  \"path\": \"data/students.csv\",\n"
	  "  \"delimiter\": \",\",\n"
	  "  \"decimal\": \".\",\n"
	  "  \"comment\": \"#\",\n"
	  "  \"year\": \"year\",\n"
	  "  \"metrics\": [\n"
	  "    { \"name\": \"intl_students\", \"value\": \"students\", \"key\": \"country\", \"sum\": true,\n"
	  "      \"where\": { \"group\": \"international\" } },\n"
	  "    { \"name\": \"enrolment\", \"value\": \"students\", \"sum\": true,\n"
	  "      \"where\": { \"group\": \"all\" } }\n"
	  "  ],\n"
	  "  \"expect\": {\n"
	  "    \"note\": \"What a new file must look like before it replaces the last good copy (docs/operations.md, 'Expectations'): no negative count, an enrolment that does not jump by half for a past year (a typo, a column shifted). 'intlkpi run --accept students' takes a real change.\",\n"
	  "    \"range\": { \"intl_students\": [0, null], \"enrolment\": [1, null] },\n"
	  "    \"max_change\": { \"enrolment\": 0.5 }\n"
	  "  }\n"
	  "}\n" },
	{ "sources/national-ranking.json",
	  "{\n"
	  "  \"id\": \"national-ranking\",\n"
	  "  \"kind\": \"json\",\n"
	  "  \"title\": \"National ranking\",\n"
	  "  \"note\": \"A ranking: the university's position in each edition, its row found by the profile's name or aliases. Illustrative sample data written by 'intlkpi init' (the report says so while this note does; replace it with the ranking's own note). A ranking on the web takes \\\"url\\\" (and a bundled \\\"snapshot\\\") instead of \\\"path\\\"; keep the expect block (docs/configuration.md, 'sources/*.json' and 'Expectations').\",\n"
	  "  \"path\": \"data/national-ranking.json\",\n"
	  "  \"year\": \"/editions/*/year\",\n"
	  "  \"match\": \"/editions/*/ranking/*/institution\",\n"
	  "  \"metrics\": [\n"
	  "    { \"name\": \"national_rank\", \"value\": \"/editions/*/ranking/*/position\", \"rank\": \"mid\" }\n"
	  "  ],\n"
	  "  \"expect\": {\n"
	  "    \"note\": \"A position outside 1-200 is a broken body (a column shifted, ranks x100); a published edition's position moving by more than half is the wrong edition or a wrong row. 'intlkpi run --accept national-ranking' takes a real change.\",\n"
	  "    \"range\": { \"national_rank\": [1, 200] },\n"
	  "    \"max_change\": { \"national_rank\": 0.5 }\n"
	  "  }\n"
	  "}\n" },
	{ "data/national-ranking.json",
	  "{\n"
	  "  \"note\": \"sample data written by 'intlkpi init': replace it, or point the source at the ranking's URL\",\n"
	  "  \"editions\": [\n"
	  "    { \"year\": 2024, \"ranking\": [ { \"position\": 1, \"institution\": \"Another University\" },\n"
	  "                                 { \"position\": 5, \"institution\": \"Example University\" } ] },\n"
	  "    { \"year\": 2025, \"ranking\": [ { \"position\": 1, \"institution\": \"Another University\" },\n"
	  "                                 { \"position\": 4, \"institution\": \"Example Univ.\" } ] },\n"
	  "    { \"year\": 2026, \"ranking\": [ { \"position\": 1, \"institution\": \"Another University\" },\n"
	  "                                 { \"position\": 4, \"institution\": \"Example University\" } ] }\n"
	  "  ]\n"
	  "}\n" },
	{ "data/students.csv",
	  "# sample data written by 'intlkpi init': replace it with your own numbers\n"
	  "# group 'all' is the whole enrolment; 'international' rows are by citizenship (ISO 3166-1 alpha-2)\n"
	  "year,group,country,students\n"
	  "2024,all,,8000\n"
	  "2024,international,IN,420\n"
	  "2024,international,PK,150\n"
	  "2024,international,CN,30\n"
	  "2025,all,,8200\n"
	  "2025,international,IN,440\n"
	  "2025,international,PK,180\n"
	  "2025,international,CN,50\n"
	  "2025,international,TR,20\n"
	  "2026,all,,8300\n"
	  "2026,international,IN,450\n"
	  "2026,international,PK,200\n"
	  "2026,international,CN,70\n"
	  "2026,international,TR,40\n" },
	{ "kpi/intl_student_share.json",
	  "{\n"
	  "  \"note\": \"A share. Formulas and every KPI key: docs/configuration.md, 'Formulas' and 'kpi/*.json'.\",\n"
	  "  \"id\": \"intl_student_share\",\n"
	  "  \"area\": \"recruitment\",\n"
	  "  \"title\": \"International students, share of enrolment\",\n"
	  "  \"unit\": \"%\",\n"
	  "  \"direction\": \"increase\",\n"
	  "  \"formula\": \"100 * sum(intl_students) / enrolment\",\n"
	  "  \"baseline\": 2024,\n"
	  "  \"targets\": { \"2026\": 9, \"2028\": 11 },\n"
	  "  \"weight\": 1,\n"
	  "  \"decimals\": 1,\n"
	  "  \"description\": \"International students as a percentage of all students.\"\n"
	  "}\n" },
	{ "kpi/intl_effective_countries.json",
	  "{\n"
	  "  \"note\": \"A diversity measure: 1 / Herfindahl index of the countries' shares (docs/configuration.md, 'Formulas').\",\n"
	  "  \"id\": \"intl_effective_countries\",\n"
	  "  \"area\": \"diversity\",\n"
	  "  \"title\": \"Effective number of source countries\",\n"
	  "  \"unit\": \"countries\",\n"
	  "  \"direction\": \"increase\",\n"
	  "  \"formula\": \"effective_n(intl_students)\",\n"
	  "  \"baseline\": 2024,\n"
	  "  \"targets\": { \"2028\": 3 },\n"
	  "  \"weight\": 1,\n"
	  "  \"decimals\": 2,\n"
	  "  \"description\": \"Equals the number of countries when all send the same number of students.\"\n"
	  "}\n" },
	{ "kpi/intl_top_country_share.json",
	  "{\n"
	  "  \"note\": \"A decrease KPI: lower is better (docs/configuration.md, 'kpi/*.json', direction).\",\n"
	  "  \"id\": \"intl_top_country_share\",\n"
	  "  \"area\": \"diversity\",\n"
	  "  \"title\": \"Share of the largest source country\",\n"
	  "  \"unit\": \"%\",\n"
	  "  \"direction\": \"decrease\",\n"
	  "  \"formula\": \"100 * max_share(intl_students)\",\n"
	  "  \"baseline\": 2024,\n"
	  "  \"targets\": { \"2028\": 50 },\n"
	  "  \"weight\": 1,\n"
	  "  \"decimals\": 1,\n"
	  "  \"description\": \"Students from the largest source country as a percentage of all international students.\"\n"
	  "}\n" },
};

/* 0 when dir does not exist or is an empty directory; else -1 and err. */
static int usable(const char *dir, struct buf *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		buf_setf(err, "'%s': %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			buf_setf(err, "'%s' is not empty: not overwriting it", dir);
			rc = -1;
			break;
		}
	closedir(d);
	return rc;
}

static int write_all(const char *dir, struct buf *err)
{
	static const char *const subdirs[] = { "sources", "kpi", "data" };
	struct buf path = BUF_INIT;
	int rc = mkdir_p(dir, err);

	for (size_t i = 0; !rc && i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		buf_reset(&path);
		path_join(&path, dir, subdirs[i]);
		rc = mkdir_p(path.buf, err);
	}
	for (size_t i = 0; !rc && i < sizeof(files) / sizeof(files[0]); i++) {
		buf_reset(&path);
		path_join(&path, dir, files[i].path);
		rc = file_write_atomic(path.buf, files[i].text, strlen(files[i].text), err);
	}
	buf_release(&path);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_parser p = CLI_PARSER(init_usage, "", opts);
	struct buf err = BUF_INIT;
	const char *dir;
	int c, rc = EXIT_OK;

	while ((c = cli_next(&p, argc, argv)) > 0)
		return cli_usage(&p);
	if (c < 0)
		return p.exit;
	if (argc - optind != 1) {
		errorf("init takes one directory");
		return EXIT_USAGE;
	}
	dir = argv[optind];
	if (usable(dir, &err)) {
		errorf("%s", err.buf);
		rc = EXIT_USAGE;
	} else if ((rc = cli_result(write_all(dir, &err), &err))) {
		/* said */
	} else {
		notef("wrote a configuration to %s: fill in %s/profile.json and %s/data/students.csv, "
		      "then 'intlkpi check --config %s' and 'intlkpi run --config %s' "
		      "(docs/configuration.md describes every key)", dir, dir, dir, dir, dir);
	}
	buf_release(&err);
	return rc;
}
