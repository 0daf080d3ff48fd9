#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "config/config.h"
#include "extract/csv.h"
#include "obs/obs.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/*
 * Each test builds one csv source in code, inside a config so that
 * config_release frees it, and extracts in-memory text named "data.csv"
 * for the years 2009..2023 into a table with one provenance record.
 */

/* cmocka's assert_float_equal lets NAN through; this does not. */
#define assert_near(got, want) assert_true(near((got), (want)))
#define assert_nan(x) assert_true(isnan(x))
#define assert_has(s, part) assert_true(has((s), (part)))
#define TEXTS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define YEARS_FROM 2009
#define YEARS_TO 2023

static int near(double got, double want)
{
	if (fabs(got - want) <= 1e-9 * (1 + fabs(want)))
		return 1;
	print_error("got %.17g, want %.17g\n", got, want);
	return 0;
}

static int has(const char *s, const char *part)
{
	if (strstr(s, part))
		return 1;
	print_error("'%s' does not contain '%s'\n", s, part);
	return 0;
}

struct fx {
	struct config cfg;	/* holds the one source */
	struct obs_table t;
	struct buf err;
	struct notes notes;	/* what the extraction noticed */
	struct csv_years years;	/* YEARS_FROM..YEARS_TO, "now" unknown unless a test sets it */
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct obs_source rec = { 0 };
	struct source *s;

	f->cfg.sources = xcalloc(1, sizeof(*f->cfg.sources));
	f->cfg.nsources = 1;
	s = &f->cfg.sources[0];
	s->id = xstrdup("s");
	s->kind = xstrdup("csv");
	s->file = xstrdup("sources/s.json");
	s->path = xstrdup("data/data.csv");
	s->decimal = '.';
	s->year.name = xstrdup("year");
	obs_init(&f->t);
	rec.id = (char *)"s";
	rec.kind = (char *)"csv";
	obs_add_source(&f->t, &rec);
	buf_init(&f->err, 0);
	f->years.from = YEARS_FROM;
	f->years.to = YEARS_TO;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	buf_release(&f->err);
	notes_release(&f->notes);
	obs_release(&f->t);
	config_release(&f->cfg);
	free(f);
	return 0;
}

static struct source *src(void **state)
{
	return &((struct fx *)*state)->cfg.sources[0];
}

/* Adds a metric taking its number from the column named value (NULL: count). */
static struct metric_map *metric(struct source *s, const char *name,
				 const char *value)
{
	struct metric_map *m;

	s->metrics = xrealloc(s->metrics, (s->nmetrics + 1) * sizeof(*s->metrics));
	m = &s->metrics[s->nmetrics++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	if (value)
		m->value.name = xstrdup(value);
	else
		m->count = m->sum = true;	/* as config_load sets it */
	return m;
}

static void set_key(struct metric_map *m, const char *col)
{
	m->has_key = true;
	m->key.name = xstrdup(col);
}

static void add_where(struct metric_map *m, const char *col,
		      const char *const *texts)
{
	struct where *w;
	size_t n = 0;

	m->wheres = xrealloc(m->wheres, (m->nwheres + 1) * sizeof(*m->wheres));
	w = &m->wheres[m->nwheres++];
	memset(w, 0, sizeof(*w));
	w->col.name = xstrdup(col);
	while (texts[n])
		n++;
	w->texts = xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		w->texts[i] = xstrdup(texts[i]);
	w->ntexts = n;
}

static int run(void **state, const char *text)
{
	struct fx *f = *state;

	return extract_csv(&f->cfg.sources[0], text, strlen(text), "data.csv",
			   &f->years, &f->t, 0, &f->notes, &f->err);
}

static void run_ok(void **state, const char *text)
{
	struct fx *f = *state;

	if (run(state, text))
		fail_msg("extract_csv failed: %s", f->err.buf);
}

/*
 * Runs text, which must fail, and returns the message; the table stays
 * empty. A cell or row is ERR_DATA, a column that is not there ERR_CONFIG.
 */
static const char *run_err(void **state, const char *text)
{
	struct fx *f = *state;
	int rc = run(state, text);

	assert_true(rc == ERR_DATA || rc == ERR_CONFIG);
	assert_int_equal(rc, strstr(f->err.buf, "column") && strstr(f->err.buf, "the header") ?
			 ERR_CONFIG : ERR_DATA);
	assert_true(f->err.len > 0);
	assert_int_equal(f->t.n, 0);
	assert_int_equal(f->t.sources[0].nobs, 0);
	return f->err.buf;
}

static const struct obs *find(void **state, const char *metric, int year,
			      const char *key)
{
	const struct obs_table *t = &((struct fx *)*state)->t;

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].metric, metric) && t->v[i].year == year &&
		    (key ? t->v[i].key && !strcmp(t->v[i].key, key) : !t->v[i].key))
			return &t->v[i];
	return NULL;
}

static double value(void **state, const char *metric, int year, const char *key)
{
	const struct obs *o = find(state, metric, year, key);

	if (!o)
		fail_msg("no observation %s %d %s", metric, year, key ? key : "-");
	return o->value;
}

static size_t nobs(void **state)
{
	return ((struct fx *)*state)->t.n;
}

/* ---- columns ---- */

static void extract_csv__value_column_by_header__gives_one_observation_per_row(void **state)
{
	const struct obs *o;

	metric(src(state), "students", "students");
	run_ok(state, "year,students\n2019,10\n2020,12.5\n");
	assert_int_equal(nobs(state), 2);
	o = find(state, "students", 2019, NULL);
	assert_non_null(o);
	assert_near(o->value, 10);
	/* provenance: the line in the raw file and the source record */
	assert_int_equal(o->line, 2);
	assert_int_equal(o->src, 0);
	assert_near(value(state, "students", 2020, NULL), 12.5);
	assert_int_equal(find(state, "students", 2020, NULL)->line, 3);
	assert_int_equal(((struct fx *)*state)->t.sources[0].nobs, 2);
}

static void extract_csv__value_column_by_number__reads_that_column(void **state)
{
	struct metric_map *m = metric(src(state), "b", NULL);

	m->count = m->sum = false;
	m->value.number = 3;
	run_ok(state, "year,a,b\n2019,1,7\n");
	assert_int_equal(nobs(state), 1);
	assert_near(value(state, "b", 2019, NULL), 7);
}

static void extract_csv__year_column_by_number__reads_that_column(void **state)
{
	struct source *s = src(state);

	free(s->year.name);
	s->year.name = NULL;
	s->year.number = 2;
	metric(s, "v", "v");
	run_ok(state, "v,when\n5,2021\n");
	assert_near(value(state, "v", 2021, NULL), 5);
}

static void extract_csv__header_with_spaces__matches_the_trimmed_name(void **state)
{
	metric(src(state), "v", "value");
	run_ok(state, "year , value \n2019,3\n");
	assert_near(value(state, "v", 2019, NULL), 3);
}

static void extract_csv__several_metrics__all_carry_the_given_source_index(void **state)
{
	const struct obs *o;

	metric(src(state), "a", "a");
	metric(src(state), "b", "b");
	run_ok(state, "year,a,b\n2019,1,2\n");
	assert_int_equal(nobs(state), 2);
	/* b is the second mapping, but its observation belongs to source 0 */
	o = find(state, "b", 2019, NULL);
	assert_non_null(o);
	assert_near(o->value, 2);
	assert_int_equal(o->src, 0);
	assert_int_equal(find(state, "a", 2019, NULL)->src, 0);
}

static void extract_csv__key_column__gives_one_observation_per_key(void **state)
{
	set_key(metric(src(state), "students", "students"), "country");
	run_ok(state, "year,country,students\n2019, KZ ,10\n2019,RU,5\n2020,KZ,11\n");
	assert_int_equal(nobs(state), 3);
	/* the key is trimmed */
	assert_near(value(state, "students", 2019, "KZ"), 10);
	assert_near(value(state, "students", 2019, "RU"), 5);
	assert_near(value(state, "students", 2020, "KZ"), 11);
}

static void extract_csv__empty_key_cell__is_an_error_with_its_line(void **state)
{
	const char *e;

	set_key(metric(src(state), "students", "students"), "country");
	e = run_err(state, "year,country,students\n2019,KZ,10\n2019,,5\n");
	assert_has(e, "data.csv:3:");
	assert_has(e, "'country'");
}

static void extract_csv__header_only__gives_no_observations(void **state)
{
	metric(src(state), "v", "v");
	run_ok(state, "year,v\n");
	assert_int_equal(nobs(state), 0);
}

/* ---- filters and counts ---- */

static void extract_csv__where_matching_no_row__gives_no_observations(void **state)
{
	add_where(metric(src(state), "phd", "n"), "level", TEXTS("PhD"));
	run_ok(state, "year,level,n\n2019,Master,30\n");
	assert_int_equal(nobs(state), 0);
}

static void extract_csv__where_with_one_text__keeps_only_matching_rows(void **state)
{
	struct metric_map *m = metric(src(state), "phd", "n");

	add_where(m, "level", TEXTS("PhD"));
	run_ok(state, "year,level,n\n2019, PhD ,4\n2019,Master,30\n2020,phd,7\n");
	/* " PhD " matches after trimming; "phd" does not (exact text) */
	assert_int_equal(nobs(state), 1);
	assert_near(value(state, "phd", 2019, NULL), 4);
}

static void extract_csv__where_with_a_list__keeps_rows_matching_any_text(void **state)
{
	struct metric_map *m = metric(src(state), "grad", "n");

	m->sum = true;
	add_where(m, "level", TEXTS("PhD", "Master"));
	run_ok(state, "year,level,n\n2019,PhD,4\n2019,Master,30\n2019,Bachelor,100\n");
	/* 4 + 30; the Bachelor row is left out */
	assert_int_equal(nobs(state), 1);
	assert_near(value(state, "grad", 2019, NULL), 34);
}

static void extract_csv__count__gives_the_number_of_rows_per_year_and_key(void **state)
{
	struct metric_map *m = metric(src(state), "agreements", NULL);

	set_key(m, "country");
	add_where(m, "type", TEXTS("MoU"));
	run_ok(state,
	       "year,country,type\n"
	       "2019,KZ,MoU\n"
	       "2019,KZ,MoU\n"
	       "2019,KZ,Other\n"
	       "2019,RU,MoU\n"
	       "2020,KZ,MoU\n");
	/* 2019 KZ: two MoU rows (the Other row is filtered); RU 1; 2020 KZ 1 */
	assert_int_equal(nobs(state), 3);
	assert_near(value(state, "agreements", 2019, "KZ"), 2);
	assert_near(value(state, "agreements", 2019, "RU"), 1);
	assert_near(value(state, "agreements", 2020, "KZ"), 1);
}

/* ---- years ---- */

static void extract_csv__iso_date__gives_its_year(void **state)
{
	metric(src(state), "v", "v");
	run_ok(state, "year,v\n2021-09-01,3\n 2022 ,4\n");
	assert_near(value(state, "v", 2021, NULL), 3);
	assert_near(value(state, "v", 2022, NULL), 4);
}

static void use_year_range(struct source *s)
{
	free(s->year.name);
	s->year.name = xstrdup("from");
	s->year_to.name = xstrdup("to");
	s->has_year_range = true;
}

static void extract_csv__year_range__counts_the_row_in_every_year_from_to(void **state)
{
	struct source *s = src(state);

	use_year_range(s);
	metric(s, "active", NULL);
	run_ok(state, "id,from,to\nA,2019,2021\nB,2020,2020\n");
	/* A: 2019, 2020, 2021; B: 2020 only */
	assert_int_equal(nobs(state), 3);
	assert_near(value(state, "active", 2019, NULL), 1);
	assert_near(value(state, "active", 2020, NULL), 2);
	assert_near(value(state, "active", 2021, NULL), 1);
}

static void extract_csv__year_range_with_empty_to__runs_to_years_to(void **state)
{
	struct source *s = src(state);

	use_year_range(s);
	metric(s, "active", NULL);
	run_ok(state, "id,from,to\nA,2021-03-01,\n");
	/* 2021..2023: three years */
	assert_int_equal(nobs(state), 3);
	assert_near(value(state, "active", 2021, NULL), 1);
	assert_near(value(state, "active", 2023, NULL), 1);
	assert_null(find(state, "active", 2024, NULL));
}

static void extract_csv__year_range__is_clipped_to_years_from_and_to(void **state)
{
	struct source *s = src(state);

	use_year_range(s);
	metric(s, "active", NULL);
	run_ok(state, "id,from,to\nA,2000,2010\nB,2022,2030\nC,1990,1995\n");
	/*
	 * A: 2000..2010 clipped to 2009..2010; B: 2022..2030 clipped to
	 * 2022..2023; C ends before 2009 and gives nothing.
	 */
	assert_int_equal(nobs(state), 4);
	assert_null(find(state, "active", 2008, NULL));
	assert_near(value(state, "active", 2009, NULL), 1);
	assert_near(value(state, "active", 2010, NULL), 1);
	assert_near(value(state, "active", 2022, NULL), 1);
	assert_near(value(state, "active", 2023, NULL), 1);
	assert_null(find(state, "active", 2024, NULL));
}

static const char *note(void **state, enum log_level level);

/* Now is 10 January 2027: the current year 2027 is the last that can have happened. */
static void now_is_10_january_2027(void **state)
{
	struct fx *f = *state;

	f->years.to = f->years.now = 2027;
	f->years.today = 20270110;
}

/*
 * review item 3: with INTLKPI_TODAY=2027-01-10 an agreement starting
 * 2027-03-01 (a plan) counted in 2027. It counts nowhere; one signed on
 * 5 January counts, and the open-ended one of 2024 runs on into 2027.
 */
static void extract_csv__a_range_starting_after_today__is_a_plan_counted_nowhere(void **state)
{
	struct source *s = src(state);

	use_year_range(s);
	metric(s, "active", NULL);
	now_is_10_january_2027(state);
	run_ok(state, "id,from,to\nA,2024-03-01,\nB,2027-01-05,\nC,2027-03-01,\nD,2027-01,2027-12\n");
	/* A: 2024..2027; B and D (January, begun) 2027; C none */
	assert_near(value(state, "active", 2024, NULL), 1);
	assert_near(value(state, "active", 2026, NULL), 1);
	assert_near(value(state, "active", 2027, NULL), 3);
	assert_int_equal(nobs(state), 4);
	assert_has(note(state, LOG_NOTICE), "data.csv:4: 1 row dated after today (2027-01-10) not counted");
}

/*
 * A year that has only just begun is no data of a register whose rows
 * merely run on into it: without a row starting in 2027 by today, the
 * open-ended rows count up to 2026 (so "data through" stays 2026 and
 * 2027 is judged on nothing but a calendar that turned).
 */
static void extract_csv__rows_running_on_into_a_year_just_begun__count_up_to_the_year_before(void **state)
{
	struct source *s = src(state);

	use_year_range(s);
	metric(s, "active", NULL);
	now_is_10_january_2027(state);
	run_ok(state, "id,from,to\nA,2024-03-01,\nB,2025-05-01,2028-12-31\nC,2027-03-01,\n");
	assert_near(value(state, "active", 2026, NULL), 2);
	assert_null(find(state, "active", 2027, NULL));
	/* the second notice (the first names the plan, line 4) */
	assert_int_equal(((struct fx *)*state)->notes.n, 2);
	assert_has(((struct fx *)*state)->notes.v[1].text, "data.csv: no row starts in 2027 by today "
		   "(2027-01-10), so the rows that started earlier count up to 2026");
}

/* Dated rows of a table by year: one dated after today is a plan too; a plain year is not. */
static void extract_csv__a_dated_row_after_today__is_left_out_and_a_year_row_stays(void **state)
{
	struct metric_map *m = metric(src(state), "v", "v");

	m->sum = true;
	now_is_10_january_2027(state);
	run_ok(state, "year,v\n2026-11-30,4\n2027-01-09,1\n2027-02-01,2\n2027,8\n2028-05-01,16\n");
	/* 2027: 1 (9 January) + 8 (the year 2027); 1 February is a plan; 2028 stays as before (a later year) */
	assert_near(value(state, "v", 2026, NULL), 4);
	assert_near(value(state, "v", 2027, NULL), 9);
	assert_near(value(state, "v", 2028, NULL), 16);
	assert_has(note(state, LOG_NOTICE), "data.csv:4: 1 row dated after today");
}

/* A range that ends before it starts counts in no year: an error, not a silent 0. */
static void extract_csv__year_range_ending_before_it_starts__is_an_error(void **state)
{
	struct source *s = src(state);
	const char *e;

	use_year_range(s);
	metric(s, "active", NULL);
	e = run_err(state, "id,from,to\nA,2019,2021\nB,2022,2020\n");
	assert_has(e, "data.csv:3: column 'to'");
	assert_has(e, "2022");
	assert_has(e, "2020");
}

/* ---- ranks as published ---- */

static void extract_csv__rank_cells__give_the_picked_end_of_each_band(void **state)
{
	metric(src(state), "qs", "qs")->rank = RANK_MID;
	metric(src(state), "qs_low", "qs")->rank = RANK_LOW;
	metric(src(state), "qs_high", "qs")->rank = RANK_HIGH;
	run_ok(state, "year,qs\n2019,1001-1200\n2020,not ranked\n2021,=451\n2022,1201+\n");
	assert_near(value(state, "qs", 2019, NULL), 1100.5);
	assert_near(value(state, "qs_low", 2019, NULL), 1001);
	assert_near(value(state, "qs_high", 2019, NULL), 1200);
	/* an edition without the university: an observation, null */
	assert_nan(value(state, "qs", 2020, NULL));
	assert_nan(value(state, "qs_low", 2020, NULL));
	assert_near(value(state, "qs_high", 2021, NULL), 451);
	/* an open band has a low end only */
	assert_near(value(state, "qs_low", 2022, NULL), 1201);
	assert_nan(value(state, "qs_high", 2022, NULL));
}

static void extract_csv__a_rank_cell_that_is_no_rank__is_an_error_naming_it(void **state)
{
	const char *e;

	metric(src(state), "qs", "qs")->rank = RANK_MID;
	e = run_err(state, "year,qs\n2019,1001-1200\n2020,top 500\n");
	assert_has(e, "data.csv:3:");
	assert_has(e, "'qs'");
	assert_has(e, "'top 500' is not a rank");
}

static void extract_csv__bad_year_cell__is_an_error_with_line_and_column(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "year,v\n2019,1\nabc,2\n");
	assert_has(e, "data.csv:3:");
	assert_has(e, "'year'");
	assert_has(e, "'abc'");
}

static void extract_csv__year_with_a_fifth_digit__is_an_error(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "year,v\n20190,1\n");
	assert_has(e, "data.csv:2:");
	assert_has(e, "'20190'");
}

static void extract_csv__empty_year_cell__is_an_error(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "year,v\n2019,1\n,2\n");
	assert_has(e, "data.csv:3:");
	assert_has(e, "'year'");
}

/* ---- comments ---- */

static void extract_csv__leading_comment_lines__are_skipped_and_counted(void **state)
{
	struct source *s = src(state);

	s->comment = xstrdup("#");
	metric(s, "v", "v");
	run_ok(state, "# illustrative sample data\n# second note\nyear,v\n2019,1\n");
	assert_int_equal(nobs(state), 1);
	/* the data row is line 4 of the file */
	assert_int_equal(find(state, "v", 2019, NULL)->line, 4);
}

static void extract_csv__bom_and_crlf_before_comment__are_skipped(void **state)
{
	struct source *s = src(state);

	s->comment = xstrdup("#");
	metric(s, "v", "v");
	run_ok(state, "\xef\xbb\xbf# note\r\nyear,v\r\n2019,1\r\n");
	assert_int_equal(nobs(state), 1);
	assert_int_equal(find(state, "v", 2019, NULL)->line, 3);
}

static void extract_csv__error_after_comment_lines__counts_them_in_the_line(void **state)
{
	struct source *s = src(state);
	const char *e;

	s->comment = xstrdup("#");
	metric(s, "v", "v");
	e = run_err(state, "# a\n# b\nyear,v\n2019,1\n2020,abc\n");
	/* line 5 of the file, the 3rd of the table */
	assert_has(e, "data.csv:5:");
}

/* ---- numbers ---- */

static void extract_csv__decimal_comma_and_thousands__are_read(void **state)
{
	struct source *s = src(state);

	s->delimiter = ';';
	s->decimal = ',';
	s->thousands = '.';
	metric(s, "v", "v");
	run_ok(state, "year;v\n2019;1.234,5\n2020;12,25\n2021;1.000.000\n");
	/* 1234.5, 12.25, 1000000 */
	assert_near(value(state, "v", 2019, NULL), 1234.5);
	assert_near(value(state, "v", 2020, NULL), 12.25);
	assert_near(value(state, "v", 2021, NULL), 1000000);
}

static void extract_csv__empty_cell__is_a_null_observation_not_zero(void **state)
{
	metric(src(state), "v", "v");
	run_ok(state, "year,v\n2019,\n2020,  \n2021,0\n");
	assert_int_equal(nobs(state), 3);
	assert_nan(value(state, "v", 2019, NULL));
	assert_nan(value(state, "v", 2020, NULL));
	assert_false(isnan(value(state, "v", 2021, NULL)));
	assert_near(value(state, "v", 2021, NULL), 0);
}

static void extract_csv__non_number_cell__error_names_file_line_column(void **state)
{
	metric(src(state), "v", "students");
	assert_string_equal(run_err(state, "year,students\n2019,1\n2020,abc\n"),
			    "data.csv:3: column 'students': 'abc' is not a number");
}

/* ---- duplicates ---- */

static void extract_csv__duplicate_without_sum__error_names_both_lines(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "year,v\n2019,1\n2020,2\n2019,3\n");
	/* the second value is on line 4, the first on line 2 */
	assert_has(e, "data.csv:4:");
	assert_has(e, "line 2");
	assert_has(e, "'v'");
	assert_has(e, "2019");
}

static void extract_csv__duplicate_key_without_sum__error_names_the_key(void **state)
{
	const char *e;

	set_key(metric(src(state), "v", "v"), "country");
	e = run_err(state, "year,country,v\n2019,KZ,1\n2019,RU,2\n2019,KZ,3\n");
	assert_has(e, "data.csv:4:");
	assert_has(e, "line 2");
	assert_has(e, "'KZ'");
}

/* A key is a cell: a 10 000-byte one is shortened in the message (and the log). */
static void extract_csv__duplicate_long_key__error_shows_an_excerpt(void **state)
{
	struct buf text = BUF_INIT;
	const char *e;

	set_key(metric(src(state), "v", "v"), "country");
	buf_addstr(&text, "year,country,v\n");
	for (int row = 0; row < 2; row++) {
		buf_addstr(&text, "2019,");
		for (int i = 0; i < 10000; i++)
			buf_addch(&text, 'K');
		buf_addf(&text, ",%d\n", row);
	}
	e = run_err(state, text.buf);
	assert_has(e, "data.csv:3:");
	assert_has(e, "line 2");
	assert_has(e, "KKK...'");
	assert_true(strlen(e) < 300);
	buf_release(&text);
}

static void extract_csv__duplicate_with_sum__values_are_added(void **state)
{
	struct metric_map *m = metric(src(state), "v", "v");

	m->sum = true;
	run_ok(state, "year,v\n2019,1\n2020,2\n2019,3\n2021,\n2021, \n");
	/* 2019: 1 + 3; 2020: 2; 2021 only empty cells: null (issue 18: a blank
	 * beside values makes the sum null, extract_csv__blank_cell_in_a_sum__...) */
	assert_int_equal(nobs(state), 3);
	assert_near(value(state, "v", 2019, NULL), 4);
	assert_near(value(state, "v", 2020, NULL), 2);
	assert_nan(value(state, "v", 2021, NULL));
}

/* The first message of level in the notes, or "". */
static const char *note(void **state, enum log_level level)
{
	const struct notes *ns = &((struct fx *)*state)->notes;

	for (size_t i = 0; i < ns->n; i++)
		if (ns->v[i].level == level)
			return ns->v[i].text;
	return "";
}

/* issue 18: "2024,CN,master," in a summed group left CN 2024 at 297 instead of flagging it */
static void extract_csv__blank_cell_in_a_sum__makes_it_null_with_a_warning(void **state)
{
	struct metric_map *m = metric(src(state), "v", "students");

	m->sum = true;
	set_key(m, "country");
	run_ok(state, "year,country,level,students\n2024,CN,bachelor,297\n2024,CN,master,\n"
		      "2024,KZ,bachelor,10\n2024,KZ,master,5\n");
	assert_nan(value(state, "v", 2024, "CN"));
	assert_near(value(state, "v", 2024, "KZ"), 15);
	assert_has(note(state, LOG_WARN), "data.csv:3: column 'students' is empty in a sum");
	assert_has(note(state, LOG_WARN), "\"blank\": \"zero\"");
}

static void extract_csv__blank_zero__counts_an_empty_cell_as_zero(void **state)
{
	struct metric_map *m = metric(src(state), "v", "students");

	m->sum = true;
	src(state)->blank_zero = true;
	run_ok(state, "year,level,students\n2024,bachelor,297\n2024,master,\n2025,master,\n");
	assert_near(value(state, "v", 2024, NULL), 297);
	assert_near(value(state, "v", 2025, NULL), 0);
	assert_string_equal(note(state, LOG_WARN), "");
}

/* issue 18: the 2026 rows pasted twice doubled the share */
static void extract_csv__identical_rows_without_sum__error_names_both_lines(void **state)
{
	set_key(metric(src(state), "v", "v"), "country");
	assert_string_equal(run_err(state, "year,country,v\n2025,KZ,1\n2026,KZ,2\n2026,KZ,2\n"),
			    "data.csv:4: the same row as line 3 (every cell equal): a row entered "
			    "twice? remove one, or if both are real add a column that tells them apart");
}

static void extract_csv__identical_rows_with_sum__warning_names_both_lines(void **state)
{
	struct metric_map *m = metric(src(state), "v", "v");

	m->sum = true;
	run_ok(state, "year,faculty,v\n2026,med,2\n2026,dent,1\n2026,med,2\n2026,dent,1\n");
	assert_near(value(state, "v", 2026, NULL), 6);
	assert_has(note(state, LOG_WARN), "data.csv:4: the same row as line 2");
	assert_has(note(state, LOG_WARN), "2 such rows in all");
}

static void extract_csv__duplicate_key__names_the_first_duplicate_and_what_sum_does(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	/* in the file, 2020 repeats first (line 4); 2019 repeats later (line 5) */
	e = run_err(state, "year,v\n2019,1\n2020,2\n2020,5\n2019,3\n");
	assert_has(e, "data.csv:4: a second value for metric 'v', year 2020 (first at line 3)");
	assert_has(e, "\"sum\": true on the metric adds them up");
}

static void country_cols(struct source *s, const char *col)
{
	s->country_cols = xcalloc(1, sizeof(*s->country_cols));
	s->country_cols[0].name = xstrdup(col);
	s->ncountry_cols = 1;
}

/* issue 18: "China" and "CN", "uz" and "UZ" counted as four countries */
/* a separator left at a row's end (a cell typed and deleted in a text editor) */
static void extract_csv__empty_cells_past_the_header__are_no_data(void **state)
{
	struct source *s = src(state);

	metric(s, "v", "students");
	run_ok(state, "year,students\n2023,3,\n2024,4, ,\n");
	assert_near(value(state, "v", 2023, NULL), 3);
	assert_near(value(state, "v", 2024, NULL), 4);
}

static void extract_csv__a_filled_cell_past_the_header__is_a_located_error(void **state)
{
	struct source *s = src(state);

	metric(s, "v", "students");
	assert_has(run_err(state, "year,students\n2023,3\n2024,1,000\n"),
		   "data.csv:3: expected 2 fields as in the header, found 3");
}

static void extract_csv__country_column__names_and_codes_are_one_country(void **state)
{
	struct source *s = src(state);
	struct metric_map *m = metric(s, "v", "students");

	m->sum = true;
	set_key(m, "country");
	country_cols(s, "country");
	m = metric(s, "w", "students");
	m->sum = true;
	add_where(m, "country", TEXTS("Uzbekistan"));
	run_ok(state, "year,country,students\n2024,China,3\n2024,CN,4\n2024,uz,1\n2024,UZ,2\n"
		      "2024,UK,1\n");
	assert_near(value(state, "v", 2024, "CN"), 7);
	assert_near(value(state, "v", 2024, "UZ"), 3);
	assert_near(value(state, "v", 2024, "GB"), 1);
	assert_near(value(state, "w", 2024, NULL), 3);
}

static void extract_csv__country_column__no_country_in_a_row_no_metric_takes_is_not_an_error(void **state)
{
	struct source *s = src(state);
	struct metric_map *m = metric(s, "v", "students");

	m->sum = true;
	set_key(m, "country");
	add_where(m, "level", TEXTS("ba"));
	country_cols(s, "country");
	run_ok(state, "year,country,level,students\n2024,KZ,ba,5\n2024,Stateless,other,2\n"
		      "2024,China,ba,3\n");
	assert_near(value(state, "v", 2024, "KZ"), 5);
	assert_near(value(state, "v", 2024, "CN"), 3);
}

static void extract_csv__country_column__no_country_in_a_row_a_metric_takes_says_how_to_leave_it_out(void **state)
{
	struct source *s = src(state);

	set_key(metric(s, "v", "students"), "country");
	country_cols(s, "country");
	assert_has(run_err(state, "year,country,students\n2024,CN,3\n2024,Stateless,4\n"),
		   "data.csv:3: column 'country': 'Stateless' is not a country");
	assert_has(run_err(state, "year,country,students\n2024,CN,3\n2024,Stateless,4\n"),
		   "can be left out by a \"where\"");
}

static void extract_csv__country_column__unknown_value_is_a_located_error(void **state)
{
	struct source *s = src(state);

	set_key(metric(s, "v", "students"), "country");
	country_cols(s, "country");
	assert_has(run_err(state, "year,country,students\n2024,CN,3\n2024,Chna,4\n"),
		   "data.csv:3: column 'country': 'Chna' is not a country");
}

/* issue 18: registrars count 2023/24; 2020-13-45 was taken as 2020 */
static void extract_csv__academic_year__counts_by_the_source_rule(void **state)
{
	struct source *s = src(state);

	metric(s, "v", "v");
	s->academic_year = ACAD_START;
	run_ok(state, "year,v\n2021/22,1\n2022-23,2\n2023\xe2\x80\x93" "2024,3\n");
	assert_near(value(state, "v", 2021, NULL), 1);
	assert_near(value(state, "v", 2022, NULL), 2);
	assert_near(value(state, "v", 2023, NULL), 3);
}

static void extract_csv__academic_year_end__counts_in_the_second_year(void **state)
{
	struct source *s = src(state);

	metric(s, "v", "v");
	s->academic_year = ACAD_END;
	run_ok(state, "year,v\n2023/24,1\n2024/2025,2\n");
	assert_near(value(state, "v", 2024, NULL), 1);
	assert_near(value(state, "v", 2025, NULL), 2);
}

static void extract_csv__academic_year_without_rule__is_an_error_naming_the_key(void **state)
{
	metric(src(state), "v", "v");
	assert_has(run_err(state, "year,v\n2023/24,1\n"), "data.csv:2: column 'year': '2023/24' "
		   "is an academic year: say \"academic_year\"");
}

static void extract_csv__malformed_date_or_year__is_an_error_never_a_prefix(void **state)
{
	static const char *const bad[] = { "2020-13-45", "2020-2021", "2021-02-29",
		"2020-1", "2020-09-01x", "2023/25", "2020x" };

	metric(src(state), "v", "v");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "year,v\n%s,1\n", bad[i]);
		assert_has(run_err(state, text), "data.csv:2: column 'year'");
	}
	run_ok(state, "year,v\n2020-02-29,1\n2021-09,2\n2022-09-01T10:30:00Z,3\n");
	assert_near(value(state, "v", 2021, NULL), 2);
}

/* issue 18: '22,5' is not a number, and nothing said "decimal": "," */
static void extract_csv__number_errors__carry_their_fix(void **state)
{
	metric(src(state), "v", "v");
	assert_string_equal(run_err(state, "year;v\n2020;22,5\n"),
			    "data.csv:2: column 'v': '22,5' is not a number: a decimal comma; "
			    "say \"decimal\": \",\" on the source (the file is separated by ';', "
			    "as Excel writes it where the comma is the decimal sign)");
	assert_has(run_err(state, "year,v\n2020,1.19%\n"), "'1.19%' is not a number: a percent sign");
	assert_has(run_err(state, "year,v\n2020,\"1,234,567\"\n"), "say \"thousands\": \",\"");
	assert_has(run_err(state, "year,v\n2020,12 345\n"), "say \"thousands\": \" \"");
}

/* issue 18: Excel's trailing ",,," rows failed with "found ''" */
static void extract_csv__empty_rows__are_skipped_with_one_note(void **state)
{
	metric(src(state), "v", "v");
	run_ok(state, "year,v\n2020,1\n,\n2021,2\n,\n , \n");
	assert_int_equal(nobs(state), 2);
	assert_string_equal(note(state, LOG_NOTICE), "data.csv:3: 3 empty rows skipped (this is the first)");
}

/* ---- malformed input ---- */

static void extract_csv__wrong_field_count__error_names_its_line(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "year,v\n2019,1\n2020,2,3\n");
	assert_has(e, "data.csv:3:");
}

static void extract_csv__missing_column__error_lists_the_header(void **state)
{
	const char *e;

	metric(src(state), "v", "students");
	e = run_err(state, "year,count,country\n2019,1,KZ\n");
	assert_has(e, "data.csv");
	assert_has(e, "'students'");
	assert_has(e, "'year'");
	assert_has(e, "'count'");
	assert_has(e, "'country'");
}

static void extract_csv__column_number_past_the_header__is_an_error(void **state)
{
	struct metric_map *m = metric(src(state), "v", NULL);
	const char *e;

	m->count = m->sum = false;
	m->value.number = 4;
	e = run_err(state, "year,a,b\n2019,1,2\n");
	assert_has(e, "data.csv");
	assert_has(e, "column 4");
}

static void extract_csv__unterminated_quote__error_names_its_line(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "year,v\n2019,1\n2020,\"2\n2021,3\n");
	assert_has(e, "data.csv:3:");
	assert_has(e, "unterminated");
}

static void extract_csv__empty_input__is_an_error(void **state)
{
	const char *e;

	metric(src(state), "v", "v");
	e = run_err(state, "");
	assert_has(e, "data.csv");
	assert_has(e, "header");
}

static void extract_csv__error__leaves_earlier_observations_untouched(void **state)
{
	struct fx *f = *state;

	obs_add(&f->t, 0, "other", 2019, NULL, 42, 7);
	metric(src(state), "v", "v");
	assert_int_equal(run(state, "year,v\n2019,1\n2020,x\n"), -1);
	/* the good row 2019 was not added either: all or nothing */
	assert_int_equal(f->t.n, 1);
	assert_string_equal(f->t.v[0].metric, "other");
	assert_int_equal(f->t.sources[0].nobs, 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(extract_csv__value_column_by_header__gives_one_observation_per_row),
		T(extract_csv__value_column_by_number__reads_that_column),
		T(extract_csv__year_column_by_number__reads_that_column),
		T(extract_csv__header_with_spaces__matches_the_trimmed_name),
		T(extract_csv__several_metrics__all_carry_the_given_source_index),
		T(extract_csv__key_column__gives_one_observation_per_key),
		T(extract_csv__empty_key_cell__is_an_error_with_its_line),
		T(extract_csv__header_only__gives_no_observations),
		T(extract_csv__where_matching_no_row__gives_no_observations),
		T(extract_csv__where_with_one_text__keeps_only_matching_rows),
		T(extract_csv__where_with_a_list__keeps_rows_matching_any_text),
		T(extract_csv__count__gives_the_number_of_rows_per_year_and_key),
		T(extract_csv__iso_date__gives_its_year),
		T(extract_csv__year_range__counts_the_row_in_every_year_from_to),
		T(extract_csv__year_range_with_empty_to__runs_to_years_to),
		T(extract_csv__year_range__is_clipped_to_years_from_and_to),
		T(extract_csv__year_range_ending_before_it_starts__is_an_error),
		T(extract_csv__a_range_starting_after_today__is_a_plan_counted_nowhere),
		T(extract_csv__rows_running_on_into_a_year_just_begun__count_up_to_the_year_before),
		T(extract_csv__a_dated_row_after_today__is_left_out_and_a_year_row_stays),
		T(extract_csv__rank_cells__give_the_picked_end_of_each_band),
		T(extract_csv__a_rank_cell_that_is_no_rank__is_an_error_naming_it),
		T(extract_csv__bad_year_cell__is_an_error_with_line_and_column),
		T(extract_csv__year_with_a_fifth_digit__is_an_error),
		T(extract_csv__empty_year_cell__is_an_error),
		T(extract_csv__leading_comment_lines__are_skipped_and_counted),
		T(extract_csv__bom_and_crlf_before_comment__are_skipped),
		T(extract_csv__error_after_comment_lines__counts_them_in_the_line),
		T(extract_csv__decimal_comma_and_thousands__are_read),
		T(extract_csv__empty_cell__is_a_null_observation_not_zero),
		T(extract_csv__non_number_cell__error_names_file_line_column),
		T(extract_csv__duplicate_without_sum__error_names_both_lines),
		T(extract_csv__duplicate_key_without_sum__error_names_the_key),
		T(extract_csv__duplicate_long_key__error_shows_an_excerpt),
		T(extract_csv__duplicate_with_sum__values_are_added),
		T(extract_csv__blank_cell_in_a_sum__makes_it_null_with_a_warning),
		T(extract_csv__blank_zero__counts_an_empty_cell_as_zero),
		T(extract_csv__identical_rows_without_sum__error_names_both_lines),
		T(extract_csv__identical_rows_with_sum__warning_names_both_lines),
		T(extract_csv__duplicate_key__names_the_first_duplicate_and_what_sum_does),
		T(extract_csv__empty_cells_past_the_header__are_no_data),
		T(extract_csv__a_filled_cell_past_the_header__is_a_located_error),
		T(extract_csv__country_column__names_and_codes_are_one_country),
		T(extract_csv__country_column__unknown_value_is_a_located_error),
		T(extract_csv__country_column__no_country_in_a_row_no_metric_takes_is_not_an_error),
		T(extract_csv__country_column__no_country_in_a_row_a_metric_takes_says_how_to_leave_it_out),
		T(extract_csv__academic_year__counts_by_the_source_rule),
		T(extract_csv__academic_year_end__counts_in_the_second_year),
		T(extract_csv__academic_year_without_rule__is_an_error_naming_the_key),
		T(extract_csv__malformed_date_or_year__is_an_error_never_a_prefix),
		T(extract_csv__number_errors__carry_their_fix),
		T(extract_csv__empty_rows__are_skipped_with_one_note),
		T(extract_csv__wrong_field_count__error_names_its_line),
		T(extract_csv__missing_column__error_lists_the_header),
		T(extract_csv__column_number_past_the_header__is_an_error),
		T(extract_csv__unterminated_quote__error_names_its_line),
		T(extract_csv__empty_input__is_an_error),
		T(extract_csv__error__leaves_earlier_observations_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
