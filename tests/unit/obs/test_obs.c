#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "obs/obs.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static void lines_are(const struct obs *o, const int *want, size_t n)
{
	assert_int_equal(o->line, n ? want[0] : 0);
	assert_int_equal(o->nmore, n ? n - 1 : 0);
	for (size_t i = 1; i < n; i++)
		assert_int_equal(o->more[i - 1], want[i]);
}

static void obs_add_line__rows_of_a_sum__are_kept_ascending_once_each(void **state)
{
	struct obs_table t;
	static const int want[] = { 3, 114, 130, 200 };

	(void)state;
	obs_init(&t);
	obs_add(&t, 0, "intl_students", 2023, "IN", 820, 130);
	obs_add_line(&t, 0, 200);
	obs_add_line(&t, 0, 114);	/* before the first: becomes line */
	obs_add_line(&t, 0, 130);	/* already there */
	obs_add_line(&t, 0, 3);
	obs_add_line(&t, 0, 0);		/* no line: ignored */
	obs_add_line(&t, 0, -1);
	obs_add_line(&t, 0, 200);
	lines_are(&t.v[0], want, 4);
	obs_release(&t);
}

static void obs_add_line__an_observation_without_a_line__takes_the_first(void **state)
{
	struct obs_table t;
	static const int want[] = { 7 };

	(void)state;
	obs_init(&t);
	obs_add(&t, 0, "m", 2020, NULL, 1, 0);
	lines_are(&t.v[0], want, 0);
	obs_add_line(&t, 0, 7);
	lines_are(&t.v[0], want, 1);
	obs_release(&t);
}

static void obs_add_line__a_million_ascending_rows__are_appended_in_order(void **state)
{
	struct obs_table t;

	(void)state;
	obs_init(&t);
	obs_add(&t, 0, "m", 2020, NULL, 1, 2);
	for (int l = 3; l < 1000002; l++)
		obs_add_line(&t, 0, l);
	assert_int_equal(t.v[0].nmore, 999999);
	assert_int_equal(t.v[0].more[0], 3);
	assert_int_equal(t.v[0].more[999998], 1000001);
	obs_release(&t);
}

static void obs_copy_where__carries_lines_and_pointer_to_another_table(void **state)
{
	struct obs_table a, b;
	static const int want[] = { 4, 9, 12 };

	(void)state;
	obs_init(&a);
	obs_init(&b);
	obs_add(&a, 0, "rank", 2021, NULL, 4, 4);
	obs_add_line(&a, 0, 12);
	obs_add_line(&a, 0, 9);
	obs_set_pointer(&a, 0, "/editions/0/ranking/3/position");
	obs_add(&b, 0, "rank", 2021, NULL, 4, 4);
	obs_copy_where(&b, 0, &a.v[0]);
	lines_are(&b.v[0], want, 3);
	assert_string_equal(b.v[0].pointer, "/editions/0/ranking/3/position");
	obs_set_pointer(&b, 0, NULL);
	assert_null(b.v[0].pointer);
	obs_release(&a);
	obs_release(&b);
}

/* 23 warnings and 2 notices: the first 20 warnings kept, 3 counted; a copy is equal. */
static void obs_keep_warnings__the_first_twenty_warnings_kept_the_rest_counted(void **state)
{
	struct notes ns = NOTES_INIT;
	struct obs_table t, u;
	struct obs_source rec = { 0 };
	size_t a, b;

	(void)state;
	obs_init(&t);
	obs_init(&u);
	notes_addf(&ns, LOG_NOTICE, "3 empty rows skipped");
	for (int i = 0; i < 23; i++)
		notes_addf(&ns, LOG_WARN, "warning %d", i);
	notes_addf(&ns, LOG_DEBUG, "detail");
	rec.id = (char *)"s";
	a = obs_add_source(&t, &rec);
	obs_keep_warnings(&t.sources[a], &ns);
	assert_int_equal(t.sources[a].nwarnings, OBS_WARNINGS_KEPT);
	assert_int_equal(t.sources[a].warnings_more, 3);
	assert_string_equal(t.sources[a].warnings[0], "warning 0");
	assert_string_equal(t.sources[a].warnings[19], "warning 19");
	/* a record added from it (a staging table's) carries a copy */
	b = obs_add_source(&u, &t.sources[a]);
	assert_int_equal(u.sources[b].nwarnings, OBS_WARNINGS_KEPT);
	assert_int_equal(u.sources[b].warnings_more, 3);
	assert_ptr_not_equal(u.sources[b].warnings[5], t.sources[a].warnings[5]);
	assert_string_equal(u.sources[b].warnings[5], "warning 5");
	/* an extraction without warnings leaves none */
	notes_release(&ns);
	obs_keep_warnings(&t.sources[a], &ns);
	assert_int_equal(t.sources[a].nwarnings, 0);
	assert_int_equal(t.sources[a].warnings_more, 0);
	assert_null(t.sources[a].warnings);
	obs_copy_warnings(&u.sources[b], &t.sources[a]);
	assert_int_equal(u.sources[b].nwarnings, 0);
	obs_release(&t);
	obs_release(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(obs_add_line__rows_of_a_sum__are_kept_ascending_once_each),
		cmocka_unit_test(obs_add_line__an_observation_without_a_line__takes_the_first),
		cmocka_unit_test(obs_add_line__a_million_ascending_rows__are_appended_in_order),
		cmocka_unit_test(obs_copy_where__carries_lines_and_pointer_to_another_table),
		cmocka_unit_test(obs_keep_warnings__the_first_twenty_warnings_kept_the_rest_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
