/* intlkpi show: quick terminal queries over output/kpis.json. */
#include "cli.h"
#include "report.h"
#include "util/fs.h"
#include "util/jsonw.h"
#include "util/log.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static const char show_usage[] =
	"usage: intlkpi show [KPI|AREA] [--year Y] [--format table|json|csv] [--output DIR]\n"
	"\n"
	"Without an argument: every KPI with its latest value, target and status.\n"
	"With a KPI id: its series with targets, progress and forecast.\n"
	"With an area id: the KPIs of that area.\n"
	"\n"
	"  --year Y          values of year Y instead of the latest\n"
	"  --format F        table (default), json or csv\n"
	"  --output DIR      where kpis.json is (default: output)\n"
	"  -q, --quiet       only errors and warnings\n"
	"  -v, --verbose     also debugging detail\n"
	"  --log-format F    text (default) or json, one object per line\n"
	"  -h, --help        this help\n";

enum fmt { FMT_TABLE, FMT_JSON, FMT_CSV };

static double num(const cJSON *obj, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(n) ? n->valuedouble : NAN;
}

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(n) ? n->valuestring : "";
}

/* Text from the configuration may hold escape sequences: show them inert. */
static void term_text(struct buf *o, const char *s, size_t width)
{
	size_t cols = 0;
	for (; *s && (!width || cols < width); s++) {
		unsigned char c = (unsigned char)*s;
		buf_addch(o, c < 0x20 || c == 0x7f ? '?' : c);
		cols += (c & 0xc0) != 0x80;
	}
	for (; cols < width; cols++)
		buf_addch(o, ' ');
}

static void fmt_num(struct buf *o, double v, int decimals)
{
	if (isnan(v))
		buf_addch(o, '-');
	else
		buf_addf(o, "%.*f", decimals, v);
}

static void pad_num(struct buf *o, double v, int decimals, int width)
{
	struct buf t = BUF_INIT;
	fmt_num(&t, v, decimals);
	buf_addf(o, "%*s", width, t.buf);
	buf_release(&t);
}

/* The series point of year (or the latest with a value when year is 0). */
static const cJSON *point_of(const cJSON *kpi, int year)
{
	const cJSON *series = cJSON_GetObjectItemCaseSensitive(kpi, "series");
	const cJSON *p, *found = NULL;
	cJSON_ArrayForEach(p, series) {
		int y = (int)num(p, "year");
		if (year ? y == year : !isnan(num(p, "value")))
			found = p;
	}
	return found;
}

static int decimals_of(const cJSON *kpi)
{
	double d = num(kpi, "decimals");
	return isnan(d) ? 1 : (int)d;
}

static void summary_row(struct buf *o, const cJSON *kpi, int year, enum fmt f)
{
	const cJSON *p = point_of(kpi, year);
	int d = decimals_of(kpi);
	double v = p ? num(p, "value") : NAN, t = p ? num(p, "target") : NAN;
	int y = p ? (int)num(p, "year") : year;

	if (f == FMT_CSV) {
		csv_cell(o, str(kpi, "area"));
		buf_addch(o, ',');
		csv_cell(o, str(kpi, "id"));
		buf_addch(o, ',');
		if (y)
			buf_addf(o, "%d", y);
		buf_addch(o, ',');
		if (!isnan(v))
			fmt_double(o, v);
		buf_addch(o, ',');
		if (!isnan(t))
			fmt_double(o, t);
		buf_addf(o, ",%s\r\n", str(kpi, "status"));
		return;
	}
	term_text(o, str(kpi, "area"), 12);
	buf_addch(o, ' ');
	term_text(o, str(kpi, "id"), 28);
	if (y)
		buf_addf(o, " %4d ", y);
	else
		buf_addstr(o, "    - ");
	pad_num(o, v, d, 10);
	buf_addch(o, ' ');
	pad_num(o, t, d, 10);
	buf_addstr(o, "  ");
	term_text(o, str(kpi, "status"), 0);
	buf_addch(o, '\n');
}

static void kpi_detail(struct buf *o, const cJSON *kpi)
{
	const cJSON *fc = cJSON_GetObjectItemCaseSensitive(kpi, "forecast");
	const cJSON *p;
	int d = decimals_of(kpi);

	term_text(o, str(kpi, "id"), 0);
	buf_addstr(o, ": ");
	term_text(o, str(kpi, "title"), 0);
	buf_addstr(o, " (");
	term_text(o, str(kpi, "unit"), 0);
	buf_addstr(o, ")\narea ");
	term_text(o, str(kpi, "area"), 0);
	buf_addstr(o, ", ");
	term_text(o, str(kpi, "direction"), 0);
	buf_addstr(o, ", formula: ");
	term_text(o, str(kpi, "formula"), 0);
	buf_addstr(o, "\nstatus ");
	term_text(o, str(kpi, "status"), 0);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(kpi, "stale")))
		buf_addstr(o, " (stale data)");
	if (cJSON_IsObject(fc)) {
		buf_addf(o, ", forecast %d: ", (int)num(fc, "year"));
		fmt_num(o, num(fc, "value"), d);
		if (!isnan(num(fc, "low"))) {
			buf_addstr(o, " [");
			fmt_num(o, num(fc, "low"), d);
			buf_addstr(o, ", ");
			fmt_num(o, num(fc, "high"), d);
			buf_addstr(o, "] 80%");
		}
		buf_addf(o, " (%s)", str(fc, "method"));
	}
	if (!isnan(num(kpi, "cagr")))
		buf_addf(o, ", CAGR %.1f%%", 100 * num(kpi, "cagr"));
	buf_addstr(o, "\n\nYEAR       VALUE      TARGET  PROGRESS    CHANGE\n");
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(kpi, "series")) {
		double pr = num(p, "progress");
		buf_addf(o, "%4d  ", (int)num(p, "year"));
		pad_num(o, num(p, "value"), d, 10);
		buf_addstr(o, "  ");
		pad_num(o, num(p, "target"), d, 10);
		buf_addstr(o, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "target_set")) ? "*" : " ");
		if (isnan(pr))
			buf_addf(o, "%9s", "-");
		else
			buf_addf(o, "%8.0f%%", 100 * pr);
		buf_addstr(o, "  ");
		pad_num(o, num(p, "yoy_change"), d, 8);
		buf_addch(o, '\n');
	}
	buf_addstr(o, "(* a target set in the configuration; others are the interpolated path)\n");
}

static int load_kpis(const char *out_dir, cJSON **root)
{
	struct buf path = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
	int rc = 0;
	path_join(&path, out_dir, "kpis.json");
	if (file_read(path.buf, &text, 0, &err)) {
		errorf("%s (run 'intlkpi compute' first)", err.buf);
		rc = -1;
	} else if (!(*root = cJSON_Parse(text.buf)) ||
		   strcmp(str(*root, "schema"), KPIS_SCHEMA)) {
		errorf("'%s' is not an %s document", path.buf, KPIS_SCHEMA);
		cJSON_Delete(*root);
		rc = -1;
	}
	buf_release(&path);
	buf_release(&text);
	buf_release(&err);
	return rc;
}

static int show(const char *out_dir, const char *what, int year, enum fmt f)
{
	cJSON *root = NULL;
	const cJSON *kpis, *k;
	struct buf o = BUF_INIT;
	size_t shown = 0;
	int area_match = 0;

	if (load_kpis(out_dir, &root))
		return EXIT_FATAL;
	kpis = cJSON_GetObjectItemCaseSensitive(root, "kpis");
	if (what) {
		cJSON_ArrayForEach(k, kpis) {
			if (!strcmp(str(k, "id"), what)) {
				if (f == FMT_JSON) {
					char *s = cJSON_Print(k);
					buf_addstr(&o, s);
					buf_addch(&o, '\n');
					cJSON_free(s);
				} else if (f == FMT_CSV) {
					buf_addstr(&o, "area,kpi,year,value,target,status\r\n");
					summary_row(&o, k, year, f);
				} else {
					kpi_detail(&o, k);
				}
				shown = 1;
			}
			area_match |= !strcmp(str(k, "area"), what);
		}
	}
	if (!shown && (!what || area_match)) {
		cJSON *arr = cJSON_CreateArray();
		if (f == FMT_CSV)
			buf_addstr(&o, "area,kpi,year,value,target,status\r\n");
		else if (f == FMT_TABLE)
			buf_addstr(&o, "AREA         KPI                          YEAR     LATEST     TARGET  STATUS\n");
		cJSON_ArrayForEach(k, kpis) {
			if (what && strcmp(str(k, "area"), what))
				continue;
			if (f == FMT_JSON)
				cJSON_AddItemReferenceToArray(arr, (cJSON *)k);
			else
				summary_row(&o, k, year, f);
			shown++;
		}
		if (f == FMT_JSON) {
			char *s = cJSON_Print(arr);
			buf_addstr(&o, s);
			buf_addch(&o, '\n');
			cJSON_free(s);
		}
		cJSON_Delete(arr);
	}
	cJSON_Delete(root);
	if (!shown) {
		errorf("no KPI or area named '%s' in %s/kpis.json", what, out_dir);
		buf_release(&o);
		return EXIT_USAGE;
	}
	fwrite(o.buf, 1, o.len, stdout);
	buf_release(&o);
	return EXIT_OK;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 },
	};
	const char *out_dir = "output";
	enum fmt f = FMT_TABLE;
	int c, year = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		int rc = cli_common(c, optarg, show_usage);
		char *end;
		long y;
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		switch (c) {
		case 'o':
			out_dir = optarg;
			break;
		case 'y':
			errno = 0;
			y = strtol(optarg, &end, 10);
			if (errno || *end || y < 1900 || y > 2200) {
				errorf("--year takes a year such as 2021, not '%s'", optarg);
				return EXIT_USAGE;
			}
			year = (int)y;
			break;
		case 'f':
			if (!strcmp(optarg, "table"))
				f = FMT_TABLE;
			else if (!strcmp(optarg, "json"))
				f = FMT_JSON;
			else if (!strcmp(optarg, "csv"))
				f = FMT_CSV;
			else {
				errorf("--format takes table, json or csv, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			fputs(show_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		errorf("show takes at most one KPI or area");
		return EXIT_USAGE;
	}
	return show(out_dir, optind < argc ? argv[optind] : NULL, year, f);
}
