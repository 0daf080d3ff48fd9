#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/hmap.h"
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

static void u64map_get__empty_map__is_null(void **state)
{
	struct u64map m;

	(void)state;
	u64map_init(&m);
	assert_null(u64map_get(&m, 0));
	assert_null(u64map_get(&m, 42));
	assert_int_equal(m.n, 0);
	u64map_release(&m);
}

static void u64map_slot__new_key__starts_at_zero_and_keeps_its_value(void **state)
{
	struct u64map m;
	uint64_t *v;

	(void)state;
	u64map_init(&m);
	v = u64map_slot(&m, 7);
	assert_int_equal(*v, 0);
	*v = 123;
	assert_int_equal(*u64map_slot(&m, 7), 123);
	assert_int_equal(m.n, 1);
	assert_non_null(u64map_get(&m, 7));
	assert_int_equal(*u64map_get(&m, 7), 123);
	assert_null(u64map_get(&m, 8));
	/* 0 is an ordinary key */
	*u64map_slot(&m, 0) = 5;
	assert_int_equal(*u64map_get(&m, 0), 5);
	assert_int_equal(m.n, 2);
	u64map_release(&m);
	assert_null(u64map_get(&m, 7));
}

static void u64map_slot__many_keys__survive_growth(void **state)
{
	enum { N = 100000 };
	struct u64map m;

	(void)state;
	u64map_init(&m);
	/* keys with the same low bits, the worst case for a bad hash */
	for (uint64_t i = 0; i < N; i++)
		*u64map_slot(&m, i << 20) += i + 1;
	assert_int_equal(m.n, N);
	assert_true(m.cap >= N && (m.cap & (m.cap - 1)) == 0);
	assert_true(m.n * 4 <= m.cap * 3);
	for (uint64_t i = 0; i < N; i++) {
		const uint64_t *v = u64map_get(&m, i << 20);
		assert_non_null(v);
		assert_int_equal(*v, i + 1);
	}
	assert_null(u64map_get(&m, (uint64_t)N << 20));
	assert_null(u64map_get(&m, 1));
	u64map_release(&m);
}

static void strtab_intern__strings__are_numbered_in_order_of_first_sight(void **state)
{
	struct strtab t;

	(void)state;
	strtab_init(&t);
	assert_int_equal(strtab_intern(&t, "KZ", 2), 0);
	assert_int_equal(strtab_intern(&t, "US", 2), 1);
	assert_int_equal(strtab_intern(&t, "KZ", 2), 0);
	assert_int_equal(strtab_intern(&t, "", 0), 2);
	assert_int_equal(strtab_intern(&t, "", 0), 2);
	assert_int_equal(t.n, 3);
	assert_string_equal(strtab_str(&t, 0), "KZ");
	assert_string_equal(strtab_str(&t, 1), "US");
	assert_string_equal(strtab_str(&t, 2), "");
	strtab_release(&t);
}

static void strtab_intern__length_not_the_nul__delimits_the_string(void **state)
{
	struct strtab t;

	(void)state;
	strtab_init(&t);
	/* a prefix of a longer string is another string */
	assert_int_equal(strtab_intern(&t, "KZAKH", 2), 0);
	assert_int_equal(strtab_intern(&t, "KZAKH", 5), 1);
	assert_int_equal(strtab_intern(&t, "KZ", 2), 0);
	assert_string_equal(strtab_str(&t, 0), "KZ");
	assert_string_equal(strtab_str(&t, 1), "KZAKH");
	assert_int_equal(strtab_find(&t, "KZA", 3), -1);
	assert_int_equal(strtab_find(&t, "KZAKH!", 5), 1);
	strtab_release(&t);
}

static void strtab_find__unknown_or_empty_table__is_minus_one(void **state)
{
	struct strtab t;

	(void)state;
	strtab_init(&t);
	assert_int_equal(strtab_find(&t, "x", 1), -1);
	strtab_intern(&t, "x", 1);
	assert_int_equal(strtab_find(&t, "x", 1), 0);
	assert_int_equal(strtab_find(&t, "y", 1), -1);
	assert_int_equal(t.n, 1);	/* find adds nothing */
	strtab_release(&t);
	assert_int_equal(strtab_find(&t, "x", 1), -1);
}

static void strtab_intern__many_strings__keep_numbers_and_text_after_growth(void **state)
{
	enum { N = 50000 };
	struct strtab t;
	char s[32];

	(void)state;
	strtab_init(&t);
	for (int i = 0; i < N; i++) {
		int n = snprintf(s, sizeof(s), "I%d", i * 7);
		assert_int_equal(strtab_intern(&t, s, (size_t)n), i);
	}
	assert_int_equal(t.n, N);
	for (int i = N - 1; i >= 0; i--) {
		int n = snprintf(s, sizeof(s), "I%d", i * 7);
		assert_int_equal(strtab_find(&t, s, (size_t)n), i);
		assert_int_equal(strtab_intern(&t, s, (size_t)n), i);
		assert_string_equal(strtab_str(&t, (uint32_t)i), s);
	}
	assert_int_equal(t.n, N);
	strtab_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(u64map_get__empty_map__is_null),
		cmocka_unit_test(u64map_slot__new_key__starts_at_zero_and_keeps_its_value),
		cmocka_unit_test(u64map_slot__many_keys__survive_growth),
		cmocka_unit_test(strtab_intern__strings__are_numbered_in_order_of_first_sight),
		cmocka_unit_test(strtab_intern__length_not_the_nul__delimits_the_string),
		cmocka_unit_test(strtab_find__unknown_or_empty_table__is_minus_one),
		cmocka_unit_test(strtab_intern__many_strings__keep_numbers_and_text_after_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
