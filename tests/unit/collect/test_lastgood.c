/*
 * collect/lastgood.c: the last good copy. Bytes just read are kept in the
 * cache (body + meta.json); after a failure the unit falls back to the
 * cache, else to the bundled snapshot, and is stale with the reason, or
 * failed when there is neither; a unit not fetched reads the cache, else
 * the snapshot. A failure's class lands in the record as raised (a web
 * source's missing column counting as data).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../collect_fx.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include "util/banned.h"

/* Keeps body as u's last good copy, fetched ago seconds before the run. */
static void keep(struct cfx *f, struct unit *u, const struct buf *body, long long ago)
{
	long long now = f->r.now;

	f->r.now = now - ago;
	unit_store(&f->r, u, body->buf, body->len, 200, "\"v1\"", NULL);
	f->r.now = now;
}

static void unit_store__then_the_cache__gives_the_same_bytes_and_validators(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT, back = BUF_INIT;
	struct cache_meta m;

	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body, 60);
	assert_int_equal(cache_read_meta(u->cache.buf, &m, &f->err), 0);
	assert_int_equal(cache_read_body(u->cache.buf, &m, &back, &f->err), 0);
	assert_int_equal(back.len, body.len);
	assert_memory_equal(back.buf, body.buf, body.len);
	assert_string_equal(m.etag, "\"v1\"");
	assert_true(m.fetched_at == f->r.now - 60);
	cache_meta_release(&m);
	buf_release(&body);
	buf_release(&back);
}

static void unit_fall_back__with_a_cache__is_stale_with_the_cached_values(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t idx;

	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body, 7200);
	idx = cfx_record(f, u);
	assert_int_equal(unit_fall_back(&f->r, u, idx, "'x': HTTP 503", true), -1);
	assert_int_equal(f->t.sources[idx].state, SRC_STALE);
	assert_string_equal(f->t.sources[idx].error, "'x': HTTP 503");
	assert_true(cfx_value(f, idx, "rank_b", 2022) == 9);
	assert_false(f->t.sources[idx].snapshot.used);
	buf_release(&body);
}

static void unit_fall_back__cache_not_allowed__takes_the_snapshot(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t idx;

	/* a 304 whose cached body failed: that copy is not used again */
	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body, 7200);
	idx = cfx_record(f, u);
	assert_int_equal(unit_fall_back(&f->r, u, idx, "why", false), -1);
	assert_int_equal(f->t.sources[idx].state, SRC_STALE);
	assert_true(f->t.sources[idx].snapshot.used);
	assert_string_equal(f->t.sources[idx].path, "snapshots/rank-b.json");
	/* the snapshot's values: "=15" in 2021, 13 in 2022 */
	assert_true(cfx_value(f, idx, "rank_b", 2021) == 15);
	assert_true(cfx_value(f, idx, "rank_b", 2022) == 13);
	buf_release(&body);
}

static void unit_fall_back__neither_cache_nor_snapshot__fails(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	size_t idx = cfx_record(f, u);

	buf_reset(&u->snapshot);
	assert_int_equal(unit_fall_back(&f->r, u, idx, "why", true), -1);
	assert_int_equal(f->t.sources[idx].state, SRC_FAILED);
	assert_int_equal(f->t.n, 0);
}

static void unit_use_last_good__not_fetched__reads_the_cache_then_the_snapshot(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	struct buf body = BUF_INIT;
	size_t first, second;

	first = cfx_record(f, u);
	assert_int_equal(unit_use_last_good(&f->r, u, first), 0);
	assert_int_equal(f->t.sources[first].state, SRC_SNAPSHOT);
	cfx_rank_b(&body, "Fixture University", 7, 9);
	keep(f, u, &body, 60);
	second = cfx_record(f, u);
	assert_int_equal(unit_use_last_good(&f->r, u, second), 0);
	assert_int_equal(f->t.sources[second].state, SRC_CACHED);
	assert_true(cfx_value(f, second, "rank_b", 2021) == 7);
	buf_release(&body);
}

static void unit_use_last_good__nothing_at_all__fails_as_data(void **state)
{
	struct cfx *f = *state;
	struct unit *u = cfx_unit(f, "rank-b", 0);
	size_t idx = cfx_record(f, u);

	buf_reset(&u->snapshot);
	assert_int_equal(unit_use_last_good(&f->r, u, idx), -1);
	assert_int_equal(f->t.sources[idx].state, SRC_FAILED);
	assert_string_equal(f->t.sources[idx].error_class, "data");
}

static void unit_failed__records_the_class_as_raised(void **state)
{
	struct cfx *f = *state;
	struct unit *web = cfx_unit(f, "rank-b", 0), *local = cfx_unit(f, "totals", 0);
	size_t a = cfx_record(f, web), b = cfx_record(f, web), c = cfx_record(f, local);

	unit_failed(&f->r, web, a, "'x': HTTP 500", true, ERR_NETWORK);
	assert_string_equal(f->t.sources[a].error_class, "network");
	/* a column the web's bytes lack: the publisher changed, not indicators/ */
	unit_failed(&f->r, web, b, "x: no column 'Rank'", true, ERR_CONFIG);
	assert_string_equal(f->t.sources[b].error_class, "data");
	unit_failed(&f->r, local, c, "cannot open 'data/totals.csv'", true, ERR_CONFIG);
	assert_string_equal(f->t.sources[c].error_class, "config");
	assert_string_equal(f->t.sources[c].error, "cannot open 'data/totals.csv'");
}

#define T(name) cmocka_unit_test_setup_teardown(name, cfx_setup, cfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(unit_store__then_the_cache__gives_the_same_bytes_and_validators),
		T(unit_fall_back__with_a_cache__is_stale_with_the_cached_values),
		T(unit_fall_back__cache_not_allowed__takes_the_snapshot),
		T(unit_fall_back__neither_cache_nor_snapshot__fails),
		T(unit_use_last_good__not_fetched__reads_the_cache_then_the_snapshot),
		T(unit_use_last_good__nothing_at_all__fails_as_data),
		T(unit_failed__records_the_class_as_raised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
