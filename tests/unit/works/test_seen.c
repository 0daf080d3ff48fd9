/*
 * Duplicate records (works/seen.h): a record id read twice, in one file or
 * two, counts once, the first time; the warning names both places; a
 * record without an id always counts; the count reaches the JSON output
 * and the partial.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/seen.h"
#include "works/work.h"
#include "works/works.h"
#include <string.h>
#include "util/banned.h"

static int claim(struct works_seen *s, const char *id, const char *file, uint64_t line,
		 bool numbered)
{
	struct work w = { .id = id, .line = line, .numbered = numbered };

	return works_seen_claim(s, &w, file);
}

static void seen__an_id_read_again_in_another_file__is_a_duplicate_named_with_both_places(void **state)
{
	struct works_seen s;
	struct buf msg = BUF_INIT;

	(void)state;
	works_seen_init(&s);
	works_seen_message(&s, &msg);
	assert_string_equal(msg.buf, "");
	assert_int_equal(claim(&s, "WOS:000123", "a.txt", 5, false), 1);
	assert_int_equal(claim(&s, "WOS:000124", "a.txt", 9, false), 1);
	assert_int_equal(claim(&s, "WOS:000123", "b.txt", 17, false), 0);
	assert_int_equal(claim(&s, "WOS:000124", "b.txt", 30, false), 0);
	assert_int_equal(claim(&s, "WOS:000123", "c.txt", 2, false), 0);
	assert_int_equal(claim(&s, "WOS:000125", "b.txt", 40, false), 1);
	works_seen_message(&s, &msg);
	assert_string_equal(msg.buf, "'b.txt':17: the record WOS:000123 was read before "
			    "('a.txt':5); 3 duplicate records counted once");
	works_seen_release(&s);
	buf_release(&msg);
}

static void seen__records_without_an_id__are_each_counted(void **state)
{
	struct works_seen s;

	(void)state;
	works_seen_init(&s);
	for (int i = 0; i < 3; i++)
		assert_int_equal(claim(&s, "", "a.csv", 2 + (uint64_t)i, false), 1);
	assert_int_equal(s.dups, 0);
	works_seen_release(&s);
}

static void seen__old_isi_and_new_wos_accession_numbers__are_one_record(void **state)
{
	struct works_seen s;

	(void)state;
	works_seen_init(&s);
	assert_int_equal(claim(&s, "ISI:A1996UB12300008", "old.isi", 3, false), 1);
	assert_int_equal(claim(&s, "WOS:A1996UB12300008", "new.txt", 3, false), 0);
	/* a Scopus EID and an OpenAlex id keep every byte */
	assert_int_equal(claim(&s, "2-s2.0-85012345678", "s.csv", 2, false), 1);
	assert_int_equal(claim(&s, "2-s2.0-8501234567", "s.csv", 3, false), 1);
	assert_int_equal(claim(&s, "W123", "p.json", 1, true), 1);
	assert_int_equal(claim(&s, "W1234", "p.json", 2, true), 1);
	assert_int_equal(s.dups, 1);
	works_seen_release(&s);
}

static void seen__works_of_a_json_page__are_named_by_their_number(void **state)
{
	struct works_seen s;
	struct buf msg = BUF_INIT;

	(void)state;
	works_seen_init(&s);
	assert_int_equal(claim(&s, "W2919797988", "page1.json", 4, true), 1);
	assert_int_equal(claim(&s, "W2919797988", "page2.json", 1, true), 0);
	works_seen_message(&s, &msg);
	assert_string_equal(msg.buf, "'page2.json': work 1: the record W2919797988 was read "
			    "before ('page1.json': work 4); 1 duplicate record counted once");
	works_seen_release(&s);
	buf_release(&msg);
}

struct years {
	int year[8];
	size_t n;
};

static int keep_year(const struct work *w, void *arg)
{
	struct years *y = arg;

	if (y->n < 8)
		y->year[y->n++] = w->year;
	return 0;
}

/* Two Scopus exports joined with cat, overlapping by one record that was
 * corrected in between: the first version read is the one counted. */
static void dedup__overlapping_scopus_exports__count_each_eid_once_the_first_time(void **state)
{
	static const char csv[] =
		"\"Authors\",\"Title\",\"Year\",\"EID\",\"Affiliations\"\n"
		"\"A\",\"One\",\"2021\",\"2-s2.0-1\",\"Univ X, Almaty, Kazakhstan\"\n"
		"\"B\",\"Two\",\"2022\",\"2-s2.0-2\",\"Univ X, Almaty, Kazakhstan\"\n"
		"\"Authors\",\"Title\",\"Year\",\"EID\",\"Affiliations\"\n"
		"\"B\",\"Two\",\"2023\",\"2-s2.0-2\",\"Univ X, Almaty, Kazakhstan\"\n"
		"\"C\",\"Three\",\"2023\",\"\",\"Univ X, Almaty, Kazakhstan\"\n"
		"\"C\",\"Three\",\"2023\",\"\",\"Univ X, Almaty, Kazakhstan\"\n";
	struct country_table ct;
	struct works_read_stats st = { 0 };
	struct works_seen s;
	struct years y = { { 0 }, 0 };
	struct works_dedup d = { &s, "joined.csv", keep_year, &y, &st };
	struct buf err = BUF_INIT, msg = BUF_INIT;

	(void)state;
	assert_int_equal(country_table_load(&ct, NULL, &err), 0);
	works_seen_init(&s);
	assert_int_equal(works_read_mem(csv, sizeof(csv) - 1, "joined.csv", WORKS_FMT_AUTO, &ct,
					works_dedup_fn, &d, &st, &err), 0);
	assert_int_equal(st.works, 5);
	assert_int_equal(st.duplicates, 1);
	/* 2-s2.0-2 counted in 2022, as first read; the rows without an EID both */
	assert_int_equal(y.n, 4);
	assert_int_equal(y.year[0], 2021);
	assert_int_equal(y.year[1], 2022);
	assert_int_equal(y.year[2], 2023);
	assert_int_equal(y.year[3], 2023);
	works_seen_message(&s, &msg);
	assert_string_equal(msg.buf, "'joined.csv':5: the record 2-s2.0-2 was read before "
			    "('joined.csv':3); 1 duplicate record counted once");
	works_seen_release(&s);
	country_table_release(&ct);
	buf_release(&err);
	buf_release(&msg);
}

/* The count is in the JSON output's input and goes through a partial; a
 * partial written before it (a stats line without it) reads as 0. */
static void duplicates__in_the_json_and_the_partial__older_partials_read_as_none(void **state)
{
	struct works_agg a, back;
	struct works_opts o = { 0 };
	struct buf p = BUF_INIT, j = BUF_INIT, err = BUF_INIT;
	char *stats, *end;

	(void)state;
	works_agg_init(&a, &o);
	a.st.works = 10;
	a.st.duplicates = 3;
	works_write(&a, WORKS_OUT_JSON, &j);
	assert_non_null(strstr(j.buf, "\"works\":10,\"duplicates\":3,"));
	works_write_partial(&a, &p);
	works_agg_init(&back, &o);
	assert_int_equal(works_read_partial(&back, p.buf, p.len, "p", &err), 0);
	assert_int_equal(back.st.duplicates, 3);
	works_agg_release(&back);
	/* the older stats line: its last value cut off */
	stats = strstr(p.buf, "\nstats\t");
	assert_non_null(stats);
	end = strchr(stats + 1, '\n');
	while (end[-1] != '\t')
		end--;
	memmove(end - 1, strchr(end, '\n'), strlen(strchr(end, '\n')) + 1);
	p.len = strlen(p.buf);
	works_agg_init(&back, &o);
	assert_int_equal(works_read_partial(&back, p.buf, p.len, "p", &err), 0);
	assert_int_equal(back.st.duplicates, 0);
	assert_int_equal(back.st.works, 10);
	works_agg_release(&back);
	works_agg_release(&a);
	buf_release(&p);
	buf_release(&j);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seen__an_id_read_again_in_another_file__is_a_duplicate_named_with_both_places),
		cmocka_unit_test(seen__records_without_an_id__are_each_counted),
		cmocka_unit_test(seen__old_isi_and_new_wos_accession_numbers__are_one_record),
		cmocka_unit_test(seen__works_of_a_json_page__are_named_by_their_number),
		cmocka_unit_test(dedup__overlapping_scopus_exports__count_each_eid_once_the_first_time),
		cmocka_unit_test(duplicates__in_the_json_and_the_partial__older_partials_read_as_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
