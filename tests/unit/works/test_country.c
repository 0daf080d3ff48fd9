#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/country.h"
#include <string.h>
#include "util/banned.h"

static struct country_table ct;

static int setup(void **state)
{
	struct buf err = BUF_INIT;

	(void)state;
	if (country_table_load(&ct, NULL, &err)) {
		print_error("%s\n", err.buf);
		buf_release(&err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	country_table_release(&ct);
	return 0;
}

static const char *look(const char *s)
{
	static char out[3];

	return country_lookup(&ct, s, strlen(s), out) ? out : "?";
}

static void country_lookup__iso_names_and_codes__give_alpha2(void **state)
{
	(void)state;
	assert_string_equal(look("Kazakhstan"), "KZ");
	assert_string_equal(look("  kazakhstan. "), "KZ");
	assert_string_equal(look("Korea, Republic of"), "KR");
	assert_string_equal(look("Türkiye"), "TR");
	assert_string_equal(look("Côte d'Ivoire"), "CI");
	assert_string_equal(look("DE"), "DE");
	assert_string_equal(look("USA"), "US");
	assert_string_equal(look("GBR"), "GB");
	/* lowercase three letters are a name, not a code: "and" is not Andorra */
	assert_string_equal(look("and"), "?");
	assert_string_equal(look("Atlantis"), "?");
	assert_string_equal(look("QQ"), "?");
}

static void country_lookup__bibliographic_aliases__give_alpha2(void **state)
{
	(void)state;
	assert_string_equal(look("Peoples R China"), "CN");
	assert_string_equal(look("England"), "GB");
	assert_string_equal(look("Scotland"), "GB");
	assert_string_equal(look("Wales"), "GB");
	assert_string_equal(look("North Ireland"), "GB");
	assert_string_equal(look("Russian Federation"), "RU");
	assert_string_equal(look("Russia"), "RU");
	assert_string_equal(look("Viet Nam"), "VN");
	assert_string_equal(look("Turkiye"), "TR");
	assert_string_equal(look("Turkey"), "TR");
	assert_string_equal(look("South Korea"), "KR");
	assert_string_equal(look("U Arab Emirates"), "AE");
	assert_string_equal(look("Bosnia & Herceg"), "BA");
	assert_string_equal(look("Kosovo"), "XK");
}

static void country_lookup__hong_kong_and_macao__are_china_unless_switched_off(void **state)
{
	(void)state;
	assert_string_equal(look("Hong Kong"), "CN");
	assert_string_equal(look("MO"), "CN");
	ct.leiden = false;
	assert_string_equal(look("Hong Kong"), "HK");
	assert_string_equal(look("Macau"), "MO");
	ct.leiden = true;
}

static void country_from_address__last_part__gives_country(void **state)
{
	char out[3];
	const char *tail;
	size_t tl;
	const char *a1 = "Univ Calif San Diego, Dept Cognit Sci, La Jolla, CA 92093 USA.";
	const char *a2 = "Zhejiang Chinese Med Univ, Hangzhou 310053, Zhejiang, Peoples R China.";
	const char *a3 = "Department of Surgery, Hunan, Changsha, China";
	const char *a4 = "Univ Wisconsin, Madison, WI USA";
	const char *a5 = "Somewhere, Narnia.";

	(void)state;
	assert_int_equal(country_from_address(&ct, a1, strlen(a1), out, &tail, &tl), 1);
	assert_string_equal(out, "US");
	assert_int_equal(country_from_address(&ct, a2, strlen(a2), out, &tail, &tl), 1);
	assert_string_equal(out, "CN");
	assert_int_equal(country_from_address(&ct, a3, strlen(a3), out, &tail, &tl), 1);
	assert_string_equal(out, "CN");
	assert_int_equal(country_from_address(&ct, a4, strlen(a4), out, &tail, &tl), 1);
	assert_string_equal(out, "US");
	assert_int_equal(country_from_address(&ct, a5, strlen(a5), out, &tail, &tl), 0);
	assert_int_equal(tl, 6);
	assert_memory_equal(tail, "Narnia", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(country_lookup__iso_names_and_codes__give_alpha2),
		cmocka_unit_test(country_lookup__bibliographic_aliases__give_alpha2),
		cmocka_unit_test(country_lookup__hong_kong_and_macao__are_china_unless_switched_off),
		cmocka_unit_test(country_from_address__last_part__gives_country),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
