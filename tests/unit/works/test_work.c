/*
 * The work-level readers. Real exports (../shared/realdata, skipped when
 * absent) against counts made by hand from the files (see their README),
 * and small inline exports for the variants the real files lack.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/work.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "util/banned.h"

#define RD "../shared/realdata/"

static struct country_table ct;

/* What the callback collects: per year works and international works. */
struct tally {
	int works[3000], intl[3000], total, no_year;
	char last_countries[64];	/* of the last work, "KZ,US" */
	char found[256];		/* countries of the work whose id matched want */
	const char *want;
	char insts[512];		/* institutions of the wanted work */
};

static int count(const struct work *w, void *arg)
{
	struct tally *t = arg;

	t->total++;
	if (!w->year) {
		t->no_year++;
		return 0;
	}
	t->works[w->year]++;
	if (w->ncountries >= 2)
		t->intl[w->year]++;
	t->last_countries[0] = '\0';
	for (size_t i = 0; i < w->ncountries; i++) {
		size_t l = strlen(t->last_countries);
		snprintf(t->last_countries + l, sizeof(t->last_countries) - l, "%s%s",
			 i ? "," : "", w->countries[i]);
	}
	if (t->want && !strcmp(w->id, t->want)) {
		snprintf(t->found, sizeof(t->found), "%s", t->last_countries);
		t->insts[0] = '\0';
		for (size_t i = 0; i < w->ninst; i++) {
			size_t l = strlen(t->insts);
			snprintf(t->insts + l, sizeof(t->insts) - l, "%s%s/%s", i ? ";" : "",
				 w->inst[i].name, w->inst[i].country);
		}
	}
	return 0;
}

static int setup(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	return country_table_load(&ct, NULL, &err);
}

static int teardown(void **state)
{
	(void)state;
	country_table_release(&ct);
	return 0;
}

static void read_real(const char *file, enum works_format fmt, struct tally *t)
{
	struct works_read_stats st = { 0 };
	struct buf err = BUF_INIT;

	if (access(file, R_OK)) {
		print_message("skipped: %s is absent\n", file);
		skip();
	}
	if (works_read_file(file, fmt, &ct, count, t, &st, &err)) {
		print_error("%s\n", err.buf);
		fail();
	}
	assert_int_equal(st.malformed, 0);
	buf_release(&err);
}

static void read__scopus_sample__eight_national_works(void **state)
{
	struct tally t = { .want = "2-s2.0-105005111872" };

	(void)state;
	read_real(RD "scopus_sample.csv", WORKS_FMT_AUTO, &t);
	/* 2025: Jazan SA, Erciyes TR, Qingdao CN, Army Medical CN, Kunming CN */
	assert_int_equal(t.total, 8);
	assert_int_equal(t.works[2025], 5);
	assert_int_equal(t.works[2026], 3);
	assert_int_equal(t.intl[2025] + t.intl[2026], 0);
	assert_string_equal(t.found, "CN");
	/* two affiliations, each named by its university part */
	assert_non_null(strstr(t.insts, "Qingdao University/CN"));
	assert_non_null(strstr(t.insts, "University of Health and Rehabilitation Sciences/CN"));
}

static void read__wos_sample__one_international_work_in_2025(void **state)
{
	struct tally t = { 0 };

	(void)state;
	read_real(RD "wos_sample.txt", WORKS_FMT_AUTO, &t);
	/* PY 2017, 2019, 2022, 2024 x2, 2025, 2026 x2 */
	assert_int_equal(t.total, 8);
	assert_int_equal(t.works[2017] + t.works[2019] + t.works[2022], 3);
	assert_int_equal(t.works[2024], 2);
	assert_int_equal(t.works[2025], 1);
	assert_int_equal(t.works[2026], 2);
	assert_int_equal(t.intl[2025], 1);
	assert_int_equal(t.intl[2017] + t.intl[2019] + t.intl[2022] + t.intl[2024] +
			 t.intl[2026], 0);
}

static void read__wos_sample__brazil_germany_england_in_2025(void **state)
{
	struct tally t = { .want = "WOS:001492673800001" };	/* the PY 2025 record */

	(void)state;
	read_real(RD "wos_sample.txt", WORKS_FMT_WOS_TAGGED, &t);
	assert_string_equal(t.found, "BR,DE,GB");
}

static void read__old_wos_with_bom__usa_after_state_and_zip(void **state)
{
	struct tally t = { 0 };

	(void)state;
	read_real(RD "OnePaper.isi", WORKS_FMT_AUTO, &t);
	assert_int_equal(t.total, 1);
	assert_int_equal(t.works[2013], 1);
	assert_string_equal(t.last_countries, "US");
	memset(&t, 0, sizeof(t));
	read_real(RD "TwoPaper.isi", WORKS_FMT_AUTO, &t);
	assert_int_equal(t.total, 2);
	assert_int_equal(t.works[2000], 1);
	assert_int_equal(t.works[2001], 1);
	assert_string_equal(t.last_countries, "US");
}

static void read__openalex_csv__empty_slots_and_one_international(void **state)
{
	struct tally t = { .want = "W3157897857" };

	(void)state;
	read_real(RD "openalex_sample.csv", WORKS_FMT_AUTO, &t);
	/* 2017 1, 2020 2, 2021 2, 2022 3; international: W4206935846 (MY, PK) */
	assert_int_equal(t.total, 8);
	assert_int_equal(t.works[2017], 1);
	assert_int_equal(t.works[2020], 2);
	assert_int_equal(t.works[2021], 2);
	assert_int_equal(t.works[2022], 3);
	assert_int_equal(t.intl[2022], 1);
	assert_int_equal(t.intl[2017] + t.intl[2020] + t.intl[2021], 0);
	assert_string_equal(t.found, "IT");	/* IT|IT||IT */
}

static void read__openalex_works_page__eleven_international(void **state)
{
	struct tally t = { .want = "W2919797988" };
	int intl = 0;

	(void)state;
	read_real(RD "works.json", WORKS_FMT_AUTO, &t);
	assert_int_equal(t.total, 49);
	assert_int_equal(t.works[2023], 16);
	for (int y = 2013; y <= 2024; y++)
		intl += t.intl[y];
	assert_int_equal(intl, 11);
	/* IN comes from authorships[].countries, not from any institution */
	assert_non_null(strstr(t.found, "IN"));
	/* countries {KR} without any institution */
	memset(&t, 0, sizeof(t));
	t.want = "W2897157249";
	read_real(RD "works.json", WORKS_FMT_OPENALEX_JSON, &t);
	assert_string_equal(t.found, "KR");
	assert_string_equal(t.insts, "");
}

static void read_inline(const char *data, enum works_format fmt, struct tally *t,
			struct works_read_stats *st)
{
	struct buf err = BUF_INIT;

	if (works_read_mem(data, strlen(data), "inline", fmt, &ct, count, t, st, &err)) {
		print_error("%s\n", err.buf);
		fail();
	}
	buf_release(&err);
}

static void read__wos_tab_delimited__bom_crlf_and_bracketed_c1(void **state)
{
	const char *tab =
		"\xEF\xBB\xBFPT\tAU\tC1\tPY\tEA\tUT\r\n"
		"J\tA, B\t[A, B; C, D] Kazakh Natl Univ, Almaty, Kazakhstan; [E, F] "
		"Tongji Univ, Shanghai, Peoples R China\t2021\t\tWOS:1\r\n"
		"J\t\"Q\tUniv Wisconsin, Madison, WI 53706 USA.\t\tMAR 2020\tWOS:2\r\n";
	struct tally t = { .want = "WOS:1" };
	struct works_read_stats st = { 0 };

	(void)state;
	assert_int_equal(works_detect(tab, strlen(tab)), WORKS_FMT_WOS_TAB);
	read_inline(tab, WORKS_FMT_AUTO, &t, &st);
	assert_int_equal(t.total, 2);
	assert_int_equal(t.intl[2021], 1);
	assert_string_equal(t.found, "CN,KZ");
	assert_string_equal(t.insts, "Kazakh Natl Univ/KZ;Tongji Univ/CN");
	assert_int_equal(t.works[2020], 1);	/* no PY: the year of EA */
}

static void read__scopus_old_format__bom_and_comma_separated_authors(void **state)
{
	const char *csv =
		"\xEF\xBB\xBF\"Authors\",\"Title\",\"Year\",\"Affiliations\",\"EID\"\n"
		"\"Smith J., Abenov N.\",\"T\",\"2019\",\"Dept Surgery, Karaganda Medical University, "
		"Karaganda, Kazakhstan; Charite, Berlin, Germany; Lab, Utopia\",\"2-s2.0-1\"\n";
	struct tally t = { .want = "2-s2.0-1" };
	struct works_read_stats st = { 0 };

	(void)state;
	read_inline(csv, WORKS_FMT_AUTO, &t, &st);
	assert_int_equal(t.total, 1);
	assert_int_equal(t.intl[2019], 1);
	assert_string_equal(t.found, "DE,KZ");
	assert_non_null(strstr(t.insts, "Karaganda Medical University/KZ"));
}

static void read__jsonl_in_memory__counts_malformed_and_blank_lines(void **state)
{
	const char *jl = "{\"id\":\"W1\",\"publication_year\":2020}\n\n{\"id\":\n[1]\n";
	struct tally t = { 0 };
	struct works_read_stats st = { 0 };

	(void)state;
	read_inline(jl, WORKS_FMT_OPENALEX_JSONL, &t, &st);
	assert_int_equal(st.lines, 4);
	assert_int_equal(st.works, 1);
	assert_int_equal(st.blank, 1);
	assert_int_equal(st.malformed, 2);
	assert_int_equal(st.bad_lines[0], 3);
	assert_int_equal(st.bad_lines[1], 4);
}

/* Finding the header's columns took a pass per column: 3 s for 30,000. */
/* "results" as a word of an abstract (abstract_inverted_index, depth 2) does
 * not make a work a /works page: only the page's own member does */
static void detect__results_inside_a_work__is_json_lines_not_a_page(void **state)
{
	const char *work = "{\"id\":\"W1\",\"publication_year\":2020,"
			   "\"abstract_inverted_index\":{\"Our\":[0],\"results\":[1]}}\n"
			   "{\"id\":\"W2\",\"publication_year\":2021}\n";
	const char *title = "{\"id\":\"W1\",\"title\":\"\\\"results\\\": a study\"}\n";
	const char *page = "{\"meta\":{\"count\":1},\"results\" :[{\"id\":\"W1\"}]}\n";

	(void)state;
	assert_int_equal(works_detect(work, strlen(work)), WORKS_FMT_OPENALEX_JSONL);
	assert_int_equal(works_detect(title, strlen(title)), WORKS_FMT_OPENALEX_JSONL);
	assert_int_equal(works_detect(page, strlen(page)), WORKS_FMT_OPENALEX_JSON);
}

static void read__wos_tab_header_of_30000_columns__is_read_in_one_pass(void **state)
{
	struct tally t = { .want = "WOS:9" };
	struct works_read_stats st = { 0 };
	struct buf tab = BUF_INIT;
	clock_t t0;

	(void)state;
	buf_addstr(&tab, "PT");
	for (int i = 0; i < 30000; i++)
		buf_addch(&tab, '\t');
	buf_addstr(&tab, "PY\tC1\tUT\r\nJ");
	for (int i = 0; i < 30000; i++)
		buf_addch(&tab, '\t');
	buf_addstr(&tab, "2021\tKazakh Natl Univ, Almaty, Kazakhstan\tWOS:9\r\n");
	t0 = clock();
	read_inline(tab.buf, WORKS_FMT_WOS_TAB, &t, &st);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
	assert_int_equal(t.total, 1);
	assert_int_equal(t.works[2021], 1);
	assert_string_equal(t.found, "KZ");
	buf_release(&tab);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read__scopus_sample__eight_national_works),
		cmocka_unit_test(read__wos_sample__one_international_work_in_2025),
		cmocka_unit_test(read__wos_sample__brazil_germany_england_in_2025),
		cmocka_unit_test(read__old_wos_with_bom__usa_after_state_and_zip),
		cmocka_unit_test(read__openalex_csv__empty_slots_and_one_international),
		cmocka_unit_test(read__openalex_works_page__eleven_international),
		cmocka_unit_test(read__wos_tab_delimited__bom_crlf_and_bracketed_c1),
		cmocka_unit_test(read__scopus_old_format__bom_and_comma_separated_authors),
		cmocka_unit_test(read__jsonl_in_memory__counts_malformed_and_blank_lines),
		cmocka_unit_test(read__wos_tab_header_of_30000_columns__is_read_in_one_pass),
		cmocka_unit_test(detect__results_inside_a_work__is_json_lines_not_a_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
