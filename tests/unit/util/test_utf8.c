#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/utf8.h"
#include "util/banned.h"

static void utf8_sanitize__invalid_bytes__become_one_replacement_each(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(utf8_sanitize("C\xf4te \xe2\x82", &out), 3);
	assert_string_equal(out.buf, "C\xef\xbf\xbdte \xef\xbf\xbd\xef\xbf\xbd");
	assert_int_equal(utf8_sanitize("Almat\xc4\xb1", &out), 0);
	assert_string_equal(out.buf, "Almat\xc4\xb1");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_sanitize__invalid_bytes__become_one_replacement_each),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
