#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "config/config.h"
#include "util/buf.h"
#include "util/fs.h"
#include "../tmpdir.h"
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include "util/banned.h"

/*
 * Each test copies tests/fixtures/small (a valid configuration) into a
 * temporary directory, rewrites one or more of its files, loads it and
 * looks for whole "FILE:LINE:COL: message" lines in the errors.
 */
#define FIXTURE "tests/fixtures/small"

struct fx {
	struct buf dir, errors;
	struct config cfg;
	int loaded;
};

static int fx_setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	buf_init(&f.dir, 0);
	buf_init(&f.errors, 0);
	if (tmpdir_make(&f.dir, "config") || tmpdir_copy(FIXTURE, f.dir.buf))
		return -1;
	*state = &f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	int rc = tmpdir_remove(f->dir.buf);

	if (f->loaded)
		config_release(&f->cfg);
	buf_release(&f->dir);
	buf_release(&f->errors);
	return rc;
}

/* Replaces the configuration's file name (e.g. "kpi/share.json") with text. */
static void put(struct fx *f, const char *name, const char *text)
{
	if (tmpdir_put(f->dir.buf, name, text))
		fail_msg("cannot write %s", name);
}

/* Loads the configuration; returns the number of problems. */
static int load(struct fx *f)
{
	int n;

	if (f->loaded)
		config_release(&f->cfg);
	buf_reset(&f->errors);
	n = config_load(&f->cfg, f->dir.buf, &f->errors);
	f->loaded = 1;
	return n;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Asserts that the errors hold the whole line want. */
static void has_line(struct fx *f, const char *want)
{
	size_t n = strlen(want);

	for (const char *p = f->errors.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !memcmp(p, want, n))
			return;
		p += len + (nl != NULL);
	}
	fail_msg("no line \"%s\" in:\n%s", want, f->errors.buf);
}

/* Asserts exactly one problem, the line want. */
static void only_error(struct fx *f, const char *want)
{
	int n = load(f);

	has_line(f, want);
	if (n != 1 || count_lines(f->errors.buf) != 1)
		fail_msg("expected one problem, got %d:\n%s", n, f->errors.buf);
}

static const char PROFILE_OK_TAIL[] =
	"  \"country\": \"KZ\",\n"
	"  \"period\": { \"from\": 2019, \"to\": 2023 }\n"
	"}\n";

static void config_load__valid_fixture__has_no_problems(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f), 0);
	assert_string_equal(f->errors.buf, "");
	assert_string_equal(f->cfg.profile.name, "Fixture University");
	assert_int_equal(f->cfg.profile.year_from, 2019);
	assert_int_equal(f->cfg.profile.year_to, 2023);
	assert_int_equal(f->cfg.nareas, 2);
	assert_int_equal(f->cfg.nsources, 2);
	assert_int_equal(f->cfg.nkpis, 3);
	/* sorted by area order, then file name */
	assert_string_equal(f->cfg.kpis[0].id, "countries");
	assert_string_equal(f->cfg.kpis[1].id, "share");
	assert_string_equal(f->cfg.kpis[2].id, "rank");
	assert_float_equal(f->cfg.kpis[0].weight, 3, 0);
	assert_float_equal(f->cfg.kpis[1].weight, 1, 0);
	assert_float_equal(f->cfg.profile.status_threshold, 0.5, 0);
}

static void config_load__unknown_key__names_file_line_column_and_the_allowed_keys(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT;

	buf_addstr(&text, "{\n"
		   "  \"name\": \"Fixture University\",\n"
		   "  \"colour\": \"blue\",\n");
	buf_addstr(&text, PROFILE_OK_TAIL);
	put(f, "profile.json", text.buf);
	only_error(f, "profile.json:3:3: unknown key 'colour' (expected one of: name, "
		   "aliases, country, openalex_id, ror, period, peers, contact_email, "
		   "status_threshold, charts, note, ids_verified, peer_groups, coverage)");
	buf_release(&text);
}

static void config_load__column_after_utf8_text__counts_characters_not_bytes(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT;

	/* "Алматы" is 6 characters in 12 bytes: the key is at column 21, byte 27 */
	buf_addstr(&text, "{\n"
		   "  \"name\": \"\xd0\x90\xd0\xbb\xd0\xbc\xd0\xb0\xd1\x82\xd1\x8b\", \"colour\": 1,\n");
	buf_addstr(&text, PROFILE_OK_TAIL);
	put(f, "profile.json", text.buf);
	assert_int_equal(load(f), 1);
	assert_true(!strncmp(f->errors.buf, "profile.json:2:21: unknown key 'colour'", 39));
	buf_release(&text);
}

static void config_load__duplicate_key__names_the_second_one(void **state)
{
	struct fx *f = *state;

	put(f, "kpi/share.json", "{\n"
	    "  \"id\": \"share\",\n"
	    "  \"area\": \"a1\",\n"
	    "  \"title\": \"International students\",\n"
	    "  \"unit\": \"%\",\n"
	    "  \"title\": \"Again\",\n"
	    "  \"direction\": \"increase\",\n"
	    "  \"formula\": \"100 * sum(intl_students) / enrolment\",\n"
	    "  \"baseline\": 2019,\n"
	    "  \"targets\": { \"2023\": 20 }\n"
	    "}\n");
	only_error(f, "kpi/share.json:6:3: duplicate key 'title'");
}

static void config_load__duplicate_target_year__names_the_second_one(void **state)
{
	struct fx *f = *state;

	put(f, "kpi/rank.json", "{\n"
	    "  \"id\": \"rank\", \"area\": \"a2\", \"title\": \"Rank\", \"unit\": \"rank\",\n"
	    "  \"direction\": \"decrease\", \"formula\": \"rank\", \"baseline\": 2019,\n"
	    "  \"targets\": { \"2023\": 200,\n"
	    "               \"2023\": 150 }\n"
	    "}\n");
	assert_true(load(f) >= 1);
	has_line(f, "kpi/rank.json:5:16: duplicate key '2023'");
}

static void config_load__wrong_types__name_the_value_and_what_was_found(void **state)
{
	struct fx *f = *state;

	put(f, "kpi/rank.json", "{\n"
	    "  \"id\": \"rank\",\n"
	    "  \"area\": \"a2\",\n"
	    "  \"title\": \"National rank\",\n"
	    "  \"unit\": \"rank\",\n"
	    "  \"direction\": \"decrease\",\n"
	    "  \"formula\": \"rank\",\n"
	    "  \"baseline\": 2019,\n"
	    "  \"targets\": { \"2023\": 200 },\n"
	    "  \"weight\": \"heavy\",\n"
	    "  \"decimals\": [0],\n"
	    "  \"title\": 7\n"
	    "}\n");
	assert_int_equal(load(f), 3);
	has_line(f, "kpi/rank.json:10:13: expected 'weight' to be a number, found a string");
	has_line(f, "kpi/rank.json:11:15: expected 'decimals' to be an integer, found an array");
	has_line(f, "kpi/rank.json:12:3: duplicate key 'title'");
}

static void config_load__wrong_type_in_a_source__names_its_file(void **state)
{
	struct fx *f = *state;

	put(f, "sources/students.json", "{\n"
	    "  \"id\": \"students\",\n"
	    "  \"kind\": \"csv\",\n"
	    "  \"path\": 17,\n"
	    "  \"year\": \"year\",\n"
	    "  \"metrics\": [\n"
	    "    { \"name\": \"intl_students\", \"value\": \"students\", \"key\": \"country\", \"sum\": true }\n"
	    "  ]\n"
	    "}\n");
	assert_true(load(f) >= 1);
	has_line(f, "sources/students.json:4:11: expected 'path' to be a string, found a number");
}

static const char SHARE_HEAD[] =
	"{\n"
	"  \"id\": \"share\",\n"
	"  \"area\": \"a1\",\n"
	"  \"title\": \"Share\",\n"
	"  \"unit\": \"%\",\n"
	"  \"direction\": \"increase\",\n";

static void share_with_formula(struct fx *f, const char *formula)
{
	struct buf text = BUF_INIT;

	buf_addstr(&text, SHARE_HEAD);
	buf_addf(&text, "  \"formula\": \"%s\",\n", formula);
	buf_addstr(&text, "  \"baseline\": 2019,\n  \"targets\": { \"2023\": 20 }\n}\n");
	put(f, "kpi/share.json", text.buf);
	buf_release(&text);
}

static void config_load__unknown_metric_in_a_formula__names_its_column(void **state)
{
	struct fx *f = *state;

	/* "enrolmnt" starts at character 28 of the formula */
	share_with_formula(f, "100 * sum(intl_students) / enrolmnt");
	only_error(f, "kpi/share.json:7:14: formula column 28: unknown metric 'enrolmnt' "
		   "(no source produces it)");
}

static void config_load__keyed_metric_without_a_key_function__names_its_column(void **state)
{
	struct fx *f = *state;

	share_with_formula(f, "enrolment / intl_students");
	only_error(f, "kpi/share.json:7:14: formula column 13: metric 'intl_students' has keys; "
		   "use it inside sum(), count(), hhi() or another key function");
}

static void config_load__formula_syntax_error__names_its_column(void **state)
{
	struct fx *f = *state;

	share_with_formula(f, "100 * (enrolment");
	assert_int_equal(load(f), 1);
	assert_true(!strncmp(f->errors.buf, "kpi/share.json:7:14: formula: column ", 37));
}

static const char COUNTRIES_HEAD[] =
	"{\n"
	"  \"id\": \"countries\",\n"
	"  \"area\": \"a1\",\n"
	"  \"title\": \"Countries\",\n"
	"  \"unit\": \"countries\",\n"
	"  \"direction\": \"increase\",\n"
	"  \"formula\": \"count(intl_students)\",\n"
	"  \"baseline\": 2019,\n";

static void config_load__target_outside_the_period__names_the_year_key(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT;

	buf_addstr(&text, COUNTRIES_HEAD);
	buf_addstr(&text, "  \"targets\": { \"2021\": 3, \"2030\": 4 }\n}\n");
	put(f, "kpi/countries.json", text.buf);
	only_error(f, "kpi/countries.json:9:27: target year 2030 is outside the period 2019-2023");
	buf_release(&text);
}

static void config_load__target_not_after_the_baseline__names_the_year_key(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT;

	buf_addstr(&text, COUNTRIES_HEAD);
	buf_addstr(&text, "  \"targets\": {\n    \"2019\": 3,\n    \"2023\": 4\n  }\n}\n");
	put(f, "kpi/countries.json", text.buf);
	only_error(f, "kpi/countries.json:10:5: target year 2019 is not after the baseline 2019");
	buf_release(&text);
}

static void students_with_path(struct fx *f, const char *path)
{
	struct buf text = BUF_INIT;

	buf_addf(&text, "{\n"
		 "  \"id\": \"students\",\n"
		 "  \"kind\": \"csv\",\n"
		 "  \"path\": \"%s\",\n"
		 "  \"year\": \"year\",\n"
		 "  \"metrics\": [\n"
		 "    { \"name\": \"intl_students\", \"value\": \"students\", \"key\": \"country\", \"sum\": true }\n"
		 "  ]\n"
		 "}\n", path);
	put(f, "sources/students.json", text.buf);
	buf_release(&text);
}

static void config_load__path_escaping_the_config_dir__is_refused(void **state)
{
	static const char *const bad[] = {
		"../outside.csv", "/etc/passwd", "data/../../outside.csv", "data/..", "..",
	};
	struct fx *f = *state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		students_with_path(f, bad[i]);
		only_error(f, "sources/students.json:4:11: 'path' must be relative to the "
			   "configuration directory and not contain '..'");
	}
	/* dots that are not a ".." component are fine */
	students_with_path(f, "data/..students.csv");
	assert_int_equal(load(f), 0);
	students_with_path(f, "./data/students.csv");
	assert_int_equal(load(f), 0);
}

static void config_load__snapshot_escaping_the_config_dir__is_refused(void **state)
{
	struct fx *f = *state;

	put(f, "sources/students.json", "{\n"
	    "  \"id\": \"students\",\n"
	    "  \"kind\": \"csv\",\n"
	    "  \"url\": \"https://example.org/students.csv\",\n"
	    "  \"snapshot\": \"../snapshots/students.csv\",\n"
	    "  \"year\": \"year\",\n"
	    "  \"metrics\": [\n"
	    "    { \"name\": \"intl_students\", \"value\": \"students\", \"key\": \"country\", \"sum\": true }\n"
	    "  ]\n"
	    "}\n");
	assert_true(load(f) >= 1);
	has_line(f, "sources/students.json:5:15: 'snapshot' must be relative to the "
		 "configuration directory and not contain '..'");
}

static void config_load__a_csv_metric_may_read_rank_cells_but_not_when_it_counts(void **state)
{
	struct fx *f = *state;

	put(f, "sources/ranks.json", "{\n"
	    "  \"id\": \"ranks\", \"kind\": \"csv\", \"path\": \"data/ranks.csv\", \"year\": \"year\",\n"
	    "  \"metrics\": [ { \"name\": \"qs\", \"value\": \"qs\", \"rank\": \"mid\" } ]\n"
	    "}\n");
	assert_int_equal(load(f), 0);
	for (size_t i = 0; i < f->cfg.nsources; i++)
		if (!strcmp(f->cfg.sources[i].id, "ranks"))
			assert_int_equal(f->cfg.sources[i].metrics[0].rank, RANK_MID);
	put(f, "sources/ranks.json", "{\n"
	    "  \"id\": \"ranks\", \"kind\": \"csv\", \"path\": \"data/ranks.csv\", \"year\": \"year\",\n"
	    "  \"metrics\": [ { \"name\": \"qs\", \"count\": true, \"rank\": \"mid\" } ]\n"
	    "}\n");
	only_error(f, "sources/ranks.json:3:55: a metric that counts rows reads no rank: "
		   "drop 'rank' or \"count\"");
}

static void config_load__as_of_after_the_current_year__is_an_error(void **state)
{
	struct fx *f = *state;

	setenv("INTLKPI_TODAY", "2022-12-05", 1);
	put(f, "profile.json", "{\n  \"name\": \"U\",\n  \"country\": \"KZ\",\n"
	    "  \"period\": { \"from\": 2019, \"to\": 2023, \"as_of\": 2023 }\n}\n");
	/* as_of 2023 counted open-ended agreements in 2023, a year not yet over */
	only_error(f, "profile.json:4:50: 'as_of' 2023 is after the current year 2022: a year "
		   "that has not happened is not judged (leave 'as_of' out to judge the data so far)");
	put(f, "profile.json", "{\n  \"name\": \"U\",\n  \"country\": \"KZ\",\n"
	    "  \"period\": { \"from\": 2019, \"to\": 2023, \"as_of\": 2022 }\n}\n");
	assert_int_equal(load(f), 0);
	unsetenv("INTLKPI_TODAY");
}

static void config_load__invalid_json__names_the_place(void **state)
{
	struct fx *f = *state;

	put(f, "areas.json", "{\n"
	    "  \"areas\": [\n"
	    "    { \"id\": \"a1\", \"title\": \"Recruitment\", \"order\": 1 },\n"
	    "    { \"id\": \"a2\" \"title\": \"Rankings\", \"order\": 2 }\n"
	    "  ]\n"
	    "}\n");
	assert_true(load(f) >= 1);
	/* the missing comma: cJSON stops at the second key of line 4 */
	assert_true(!strncmp(f->errors.buf, "areas.json:4:", 13));
	assert_non_null(strstr(f->errors.buf, "invalid JSON near here\n"));
}

static void config_load__missing_file__names_it(void **state)
{
	struct fx *f = *state;
	struct buf path = BUF_INIT;

	path_join(&path, f->dir.buf, "profile.json");
	assert_int_equal(remove(path.buf), 0);
	assert_true(load(f) >= 1);
	assert_true(!strncmp(f->errors.buf, "profile.json: cannot open '", 27));
	assert_non_null(strstr(f->errors.buf, path.buf));
	buf_release(&path);
}

static void config_load__problems_in_several_files__are_all_reported_at_once(void **state)
{
	struct fx *f = *state;
	struct buf text = BUF_INIT;

	buf_addstr(&text, "{\n"
		   "  \"name\": \"Fixture University\",\n"
		   "  \"colour\": \"blue\",\n");
	buf_addstr(&text, PROFILE_OK_TAIL);
	put(f, "profile.json", text.buf);
	students_with_path(f, "../outside.csv");
	share_with_formula(f, "100 * sum(intl_students) / enrolmnt");
	buf_reset(&text);
	buf_addstr(&text, COUNTRIES_HEAD);
	buf_addstr(&text, "  \"targets\": { \"2021\": 3, \"2030\": 4 },\n  \"weight\": \"heavy\"\n}\n");
	put(f, "kpi/countries.json", text.buf);

	assert_int_equal(load(f), 5);
	assert_int_equal(count_lines(f->errors.buf), 5);
	/* in the order the files are read: profile, areas, sources, kpi (by name) */
	assert_string_equal(f->errors.buf,
		"profile.json:3:3: unknown key 'colour' (expected one of: name, aliases, "
		"country, openalex_id, ror, period, peers, contact_email, status_threshold, charts, note, "
		"ids_verified, peer_groups, coverage)\n"
		"sources/students.json:4:11: 'path' must be relative to the configuration "
		"directory and not contain '..'\n"
		"kpi/countries.json:10:13: expected 'weight' to be a number, found a string\n"
		"kpi/countries.json:9:27: target year 2030 is outside the period 2019-2023\n"
		"kpi/share.json:7:14: formula column 28: unknown metric 'enrolmnt' "
		"(no source produces it)\n");
	buf_release(&text);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(config_load__valid_fixture__has_no_problems),
		T(config_load__unknown_key__names_file_line_column_and_the_allowed_keys),
		T(config_load__column_after_utf8_text__counts_characters_not_bytes),
		T(config_load__duplicate_key__names_the_second_one),
		T(config_load__duplicate_target_year__names_the_second_one),
		T(config_load__wrong_types__name_the_value_and_what_was_found),
		T(config_load__wrong_type_in_a_source__names_its_file),
		T(config_load__unknown_metric_in_a_formula__names_its_column),
		T(config_load__keyed_metric_without_a_key_function__names_its_column),
		T(config_load__formula_syntax_error__names_its_column),
		T(config_load__target_outside_the_period__names_the_year_key),
		T(config_load__target_not_after_the_baseline__names_the_year_key),
		T(config_load__path_escaping_the_config_dir__is_refused),
		T(config_load__snapshot_escaping_the_config_dir__is_refused),
		T(config_load__a_csv_metric_may_read_rank_cells_but_not_when_it_counts),
		T(config_load__as_of_after_the_current_year__is_an_error),
		T(config_load__invalid_json__names_the_place),
		T(config_load__missing_file__names_it),
		T(config_load__problems_in_several_files__are_all_reported_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
