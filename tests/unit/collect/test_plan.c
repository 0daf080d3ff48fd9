/*
 * collect/plan.c: which units there are and which are fetched. A paged
 * source is a unit per year with its URL, snapshot and cache directory;
 * a web unit whose cached copy is within its ttl is not fetched, one past
 * it is fetched conditionally (the cached validators sent), --force and
 * --accept fetch at once, a copy stamped in the future is fetched again,
 * sources outside --only and local files are never fetched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../collect_fx.h"
#include "util/fs.h"
#include "util/banned.h"

/* A last good copy of u fetched ago seconds before the run, with an ETag. */
static void cached(struct cfx *f, struct unit *u, long long ago)
{
	long long now = f->r.now;
	static const char body[] = "{\"editions\": []}\n";

	f->r.now = now - ago;
	unit_store(&f->r, u, body, strlen(body), 200, "\"v1\"", "Tue, 01 Dec 2026 02:30:00 GMT");
	f->r.now = now;
}

/* Plans and fetches every unit (each fetch fails at once: nothing listens). */
static void plan(struct cfx *f)
{
	/* units_fetch reads the meta anew */
	for (size_t i = 0; i < f->n; i++) {
		cache_meta_release(&f->v[i].meta);
		fetch_req_release(&f->v[i].req);
		memset(&f->v[i].req, 0, sizeof(f->v[i].req));
		f->v[i].have_meta = false;
		f->v[i].plan = PLAN_READ;
	}
	units_fetch(&f->r, f->v, f->n);
}

static void units_make__a_paged_source__is_a_unit_per_year(void **state)
{
	struct cfx *f = *state;
	struct unit *a21 = cfx_unit(f, "rank-a", 2021), *a22 = cfx_unit(f, "rank-a", 2022);
	struct buf want = BUF_INIT;

	assert_non_null(a21);
	assert_non_null(a22);
	assert_string_equal(a21->url.buf, "http://127.0.0.1:1/rank-a-2021.html");
	assert_string_equal(a22->snapshot.buf, "snapshots/rank-a-2022.html");
	assert_string_not_equal(a21->cache.buf, a22->cache.buf);
	/* web fixture: news, rank-a (2 years), rank-b, totals */
	assert_int_equal(f->n, 5);
	cache_dir(&want, f->out.buf, "rank-b", 0);
	assert_string_equal(cfx_unit(f, "rank-b", 0)->cache.buf, want.buf);
	buf_release(&want);
}

static void units_fetch__within_ttl__is_read_past_it__is_fetched_conditionally(void **state)
{
	struct cfx *f = *state;
	struct unit *b = cfx_unit(f, "rank-b", 0), *a21 = cfx_unit(f, "rank-a", 2021);

	/* rank-b and rank-a have a ttl of 1h */
	cached(f, b, 600);
	cached(f, a21, 7200);
	f->o.network = true;
	plan(f);
	assert_int_equal(b->plan, PLAN_TTL);
	assert_int_equal(b->req.attempts, 0);
	assert_int_equal(a21->plan, PLAN_FETCH);
	assert_string_equal(a21->req.etag, "\"v1\"");
	assert_string_equal(a21->req.last_modified, "Tue, 01 Dec 2026 02:30:00 GMT");
	assert_true(a21->req.attempts >= 1);
	assert_int_equal(a21->req.result, FETCH_FAILED);
	/* no copy at all: fetched, unconditionally */
	assert_int_equal(cfx_unit(f, "rank-a", 2022)->plan, PLAN_FETCH);
	assert_null(cfx_unit(f, "rank-a", 2022)->req.etag);
	/* a local file is read, never fetched */
	assert_int_equal(cfx_unit(f, "totals", 0)->plan, PLAN_READ);
}

static void units_fetch__force_and_accept__fetch_within_ttl(void **state)
{
	struct cfx *f = *state;
	struct unit *b = cfx_unit(f, "rank-b", 0), *n = cfx_unit(f, "news", 0);
	char *accept[] = { "news" };

	cached(f, b, 60);
	cached(f, n, 60);
	f->o.network = true;
	f->o.accept = accept;
	f->o.naccept = 1;
	plan(f);
	assert_int_equal(b->plan, PLAN_TTL);
	assert_int_equal(n->plan, PLAN_FETCH);
	f->o.force = true;
	plan(f);
	assert_int_equal(b->plan, PLAN_FETCH);
}

static void units_fetch__copy_stamped_in_the_future__is_fetched_again(void **state)
{
	struct cfx *f = *state;
	struct unit *b = cfx_unit(f, "rank-b", 0);

	/* a clock that was a day ahead when the copy was kept */
	cached(f, b, -86400);
	f->o.network = true;
	plan(f);
	assert_int_equal(b->plan, PLAN_FETCH);
}

static void units_fetch__only__leaves_the_other_sources_alone(void **state)
{
	struct cfx *f = *state;
	char *only[] = { "rank-b" };

	f->o.network = true;
	f->o.only = only;
	f->o.nonly = 1;
	plan(f);
	assert_int_equal(cfx_unit(f, "rank-b", 0)->plan, PLAN_FETCH);
	assert_int_equal(cfx_unit(f, "rank-a", 2021)->plan, PLAN_READ);
	assert_int_equal(cfx_unit(f, "news", 0)->req.attempts, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, cfx_setup, cfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(units_make__a_paged_source__is_a_unit_per_year),
		T(units_fetch__within_ttl__is_read_past_it__is_fetched_conditionally),
		T(units_fetch__force_and_accept__fetch_within_ttl),
		T(units_fetch__copy_stamped_in_the_future__is_fetched_again),
		T(units_fetch__only__leaves_the_other_sources_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
