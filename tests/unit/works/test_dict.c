/*
 * The engine's hash table (wmap.h) and dense institution ids (dict.h):
 * every key found again through any growth, OpenAlex ids kept as numbers
 * and named back exactly, other names as strings, never confused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/dict.h"
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

static void wmap__keys_through_growth__are_found_with_their_values(void **state)
{
	struct wmap m;

	(void)state;
	wmap_init(&m);
	assert_null(wmap_get(&m, 7));
	for (uint64_t k = 0; k < 100000; k++)	/* keys of the engine's shape: bits high and low */
		*wmap_slot(&m, (k << 44) | (k % 10) << 30 | k) += k + 1;
	assert_int_equal(m.n, 100000);
	assert_true(m.n * 4 <= m.cap * 3);
	for (uint64_t k = 0; k < 100000; k++) {
		const uint64_t *v = wmap_get(&m, (k << 44) | (k % 10) << 30 | k);
		assert_non_null(v);
		assert_int_equal(*v, k + 1);
	}
	assert_null(wmap_get(&m, 1));
	wmap_grow(&m);	/* a growth keeps every key */
	for (uint64_t k = 0; k < 100000; k += 997)
		assert_int_equal(*wmap_get(&m, (k << 44) | (k % 10) << 30 | k), k + 1);
	*wmap_slot(&m, 0) += 5;	/* key 0 is a key like any other */
	assert_int_equal(*wmap_get(&m, 0), 6);
	wmap_release(&m);
}

static void dict__openalex_ids__are_numbers_named_back_exactly(void **state)
{
	struct works_dict d;
	char tmp[WORKS_DICT_NAME];
	uint32_t a, b, c, e;

	(void)state;
	works_dict_init(&d);
	assert_int_equal(works_dict_num("I4210102424", 11), 4210102424ull);
	assert_int_equal(works_dict_num("I999999999999999999", 19), 999999999999999999ull);
	/* not numbers: a leading zero, letters, too long, no digits */
	assert_int_equal(works_dict_num("I0123", 5), 0);
	assert_int_equal(works_dict_num("I12a", 4), 0);
	assert_int_equal(works_dict_num("I1234567890123456789", 20), 0);
	assert_int_equal(works_dict_num("I", 1), 0);
	assert_int_equal(works_dict_num("Univ X", 6), 0);
	a = works_dict_id(&d, "I4210102424", 11);
	b = works_dict_id(&d, "I0123", 5);	/* a string, not the number 123 */
	c = works_dict_id(&d, "I123", 4);
	e = works_dict_id(&d, "Univ X, Almaty", 14);
	assert_int_equal(a, 0);
	assert_true(b != c && c != e && b != e);
	assert_int_equal(works_dict_id(&d, "I4210102424", 11), a);
	assert_int_equal(works_dict_id(&d, "Univ X, Almaty", 14), e);
	assert_int_equal(works_dict_find(&d, "I123", 4), c);
	assert_int_equal(works_dict_find(&d, "I0123", 5), b);
	assert_int_equal(works_dict_find(&d, "I124", 4), -1);
	assert_int_equal(works_dict_find(&d, "Univ Y", 6), -1);
	assert_string_equal(works_dict_name(&d, a, tmp), "I4210102424");
	assert_string_equal(works_dict_name(&d, b, tmp), "I0123");
	assert_string_equal(works_dict_name(&d, c, tmp), "I123");
	assert_string_equal(works_dict_name(&d, e, tmp), "Univ X, Almaty");
	assert_int_equal(d.n, 4);
	works_dict_release(&d);
}

static void dict__many_ids__keep_their_dense_numbers(void **state)
{
	struct works_dict d;
	char name[32], tmp[WORKS_DICT_NAME];

	(void)state;
	works_dict_init(&d);
	for (int i = 0; i < 50000; i++) {
		snprintf(name, sizeof(name), i % 3 ? "I%d" : "name %d", 1000 + i);
		assert_int_equal(works_dict_id(&d, name, strlen(name)), (uint32_t)i);
	}
	for (int i = 0; i < 50000; i += 7) {
		snprintf(name, sizeof(name), i % 3 ? "I%d" : "name %d", 1000 + i);
		assert_int_equal(works_dict_find(&d, name, strlen(name)), i);
		assert_string_equal(works_dict_name(&d, (uint32_t)i, tmp), name);
	}
	works_dict_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wmap__keys_through_growth__are_found_with_their_values),
		cmocka_unit_test(dict__openalex_ids__are_numbers_named_back_exactly),
		cmocka_unit_test(dict__many_ids__keep_their_dense_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
