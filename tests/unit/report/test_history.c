#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/history.h"
#include "util/fs.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

static char *tmpdir(void)
{
	static char tmpl[64];
	memcpy(tmpl, "/tmp/intlkpi-history-XXXXXX", 28);
	return mkdtemp(tmpl);
}

static void history_keep__runs_of_one_second__get_ordered_names(void **state)
{
	struct buf obs = BUF_INIT, kpis = BUF_INIT, name = BUF_INIT, err = BUF_INIT;
	char *d = tmpdir(), **names;
	size_t n;

	(void)state;
	assert_non_null(d);
	buf_addstr(&obs, "{}");
	buf_addstr(&kpis, "{}");
	/* 2026-12-02T05:11:00Z */
	for (int i = 0; i < 3; i++)
		assert_int_equal(history_keep(d, &obs, &kpis, 1796188260LL, 60, &name, &err), 0);
	assert_string_equal(name.buf, "20261202T051100Z-02");
	assert_int_equal(history_list(d, &names, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "20261202T051100Z-00");
	assert_string_equal(names[2], "20261202T051100Z-02");
	history_names_free(names, n);
	buf_release(&obs);
	buf_release(&kpis);
	buf_release(&name);
	buf_release(&err);
}

static void history_keep__past_the_count__prunes_the_oldest_first(void **state)
{
	struct buf obs = BUF_INIT, kpis = BUF_INIT, name = BUF_INIT, err = BUF_INIT, p = BUF_INIT;
	char *d = tmpdir(), **names;
	size_t n;

	(void)state;
	buf_addstr(&obs, "[]");
	buf_addstr(&kpis, "[]");
	for (long long t = 0; t < 5; t++)
		assert_int_equal(history_keep(d, &obs, &kpis, 1796188260LL + 86400 * t, 2, &name, &err), 0);
	assert_int_equal(history_list(d, &names, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "20261205T051100Z-00");
	assert_string_equal(names[1], "20261206T051100Z-00");
	history_names_free(names, n);
	history_path(&p, d, "20261202T051100Z-00", "observations");
	assert_int_not_equal(access(p.buf, F_OK), 0);
	/* keep 0: nothing kept, nothing pruned */
	assert_int_equal(history_keep(d, &obs, &kpis, 1796188260LL + 86400 * 9, 0, &name, &err), 0);
	assert_int_equal(name.len, 0);
	assert_int_equal(history_list(d, &names, &n, &err), 0);
	assert_int_equal(n, 2);
	history_names_free(names, n);
	buf_release(&obs);
	buf_release(&kpis);
	buf_release(&name);
	buf_release(&err);
	buf_release(&p);
}

static void history_list__no_directory__is_an_empty_history(void **state)
{
	struct buf err = BUF_INIT;
	char **names;
	size_t n = 7;

	(void)state;
	assert_int_equal(history_list("/tmp/intlkpi-no-such-dir-here", &names, &n, &err), 0);
	assert_int_equal(n, 0);
	history_names_free(names, n);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(history_keep__runs_of_one_second__get_ordered_names),
		cmocka_unit_test(history_keep__past_the_count__prunes_the_oldest_first),
		cmocka_unit_test(history_list__no_directory__is_an_empty_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
