#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract/json.h"
#include "lang/jspage.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/*
 * The rows of ranking data files (THE's shape): the university's row and
 * the peers' rows chosen by name, and the facts "listed" and "ranked".
 */
struct fx {
	struct source s;
	struct metric_map m[4];
	struct profile p;
	struct peer peers[2];
	char *aliases[1];
	struct obs_table t;
	struct buf err;
};

static struct fx *fx_new(void)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	f->s.id = "the";
	f->s.kind_id = KIND_JSON;
	f->s.has_match = true;
	f->s.match.name = "/data/*/name";
	f->s.metrics = f->m;
	f->s.nmetrics = 4;
	f->m[0] = (struct metric_map){ .name = "rank", .value = { "/data/*/rank", 0 }, .rank = RANK_MID };
	f->m[1] = (struct metric_map){ .name = "listed", .value = { "/data/*/rank", 0 }, .fact = FACT_LISTED };
	f->m[2] = (struct metric_map){ .name = "ranked", .value = { "/data/*/rank", 0 }, .fact = FACT_RANKED };
	f->m[3] = (struct metric_map){ .name = "peer_low", .value = { "/data/*/rank", 0 }, .rank = RANK_LOW,
				       .peers = true, .has_key = true };
	f->p.name = "Karaganda Medical University";
	f->p.npeers = 2;
	f->p.peers = f->peers;
	f->peers[0].name = "L. N. Gumilyov Eurasian National University";
	f->peers[1].name = "Beihang University";
	f->aliases[0] = "Beijing University of Aeronautics and Astronautics";
	f->peers[1].aliases = f->aliases;
	f->peers[1].naliases = 1;
	obs_init(&f->t);
	buf_init(&f->err, 0);
	return f;
}

static int run(struct fx *f, const char *doc, int page_year)
{
	struct extract_ctx x = { &f->s, &f->p, "the.json", page_year, NULL };
	struct obs_source rec = { 0 };
	size_t src;
	rec.id = "the";
	src = obs_add_source(&f->t, &rec);
	return extract_json(&x, doc, strlen(doc), &f->t, src, &f->err);
}

static void fx_free(struct fx *f)
{
	obs_release(&f->t);
	buf_release(&f->err);
	free(f);
}

/* The value of metric/key in year; -1 when there is no observation. */
static double value_of(struct fx *f, const char *metric, int year, const char *key)
{
	for (size_t i = 0; i < f->t.n; i++) {
		const struct obs *o = &f->t.v[i];
		if (!strcmp(o->metric, metric) && o->year == year &&
		    ((!key && !o->key) || (key && o->key && !strcmp(key, o->key))))
			return o->value;
	}
	return -1;
}

static void the_rows__university_absent__listed_0_and_no_rank(void **state)
{
	struct fx *f = fx_new();
	const char *doc = "{\"data\":[{\"rank\":\"185\",\"name\":\"Tongji University\"},"
			  "{\"rank\":\"1501+\",\"name\":\"L.N. Gumilyov Eurasian National University\"},"
			  "{\"rank\":\"301\u2013350\",\"name\":\"Beijing University of Aeronautics and Astronautics\"}]}";
	(void)state;
	assert_int_equal(run(f, doc, 2024), 0);
	/* KMU has no row: not listed (0), not ranked (0), its rank null (not ranked) */
	assert_float_equal(value_of(f, "listed", 2024, NULL), 0, 0);
	assert_float_equal(value_of(f, "ranked", 2024, NULL), 0, 0);
	assert_true(isnan(value_of(f, "rank", 2024, NULL)));
	/* the peers by name ("L.N." is "L. N.") and by alias, keyed by name */
	assert_float_equal(value_of(f, "peer_low", 2024, "L. N. Gumilyov Eurasian National University"), 1501, 0);
	assert_float_equal(value_of(f, "peer_low", 2024, "Beihang University"), 301, 0);
	assert_int_equal(f->t.n, 5);	/* rank, listed, ranked, two peers */
	fx_free(f);
}

static void the_rows__reporter__listed_but_not_ranked(void **state)
{
	struct fx *f = fx_new();
	const char *doc = "{\"data\":[{\"rank\":\"Reporter\",\"name\":\"Karaganda Medical University\"},"
			  "{\"rank\":\"=185\",\"name\":\"Beihang University\"}]}";
	(void)state;
	assert_int_equal(run(f, doc, 2026), 0);
	assert_float_equal(value_of(f, "listed", 2026, NULL), 1, 0);
	assert_float_equal(value_of(f, "ranked", 2026, NULL), 0, 0);
	/* the rank is there, and null: Reporter is no position */
	assert_true(isnan(value_of(f, "rank", 2026, NULL)));
	assert_float_equal(value_of(f, "peer_low", 2026, "Beihang University"), 185, 0);
	/* Gumilyov has no row: its rank is null, not a number */
	assert_true(isnan(value_of(f, "peer_low", 2026, "L. N. Gumilyov Eurasian National University")));
	fx_free(f);
}

static void the_rows__ranked_row__is_1_and_a_peer_row_is_not_the_university(void **state)
{
	struct fx *f = fx_new();
	/* a peer's row scoring 2 does not hide the university's own row */
	const char *doc = "{\"data\":[{\"rank\":\"Beihang University\",\"name\":\"x\"},"
			  "{\"rank\":\"1001\u20131200\",\"name\":\"Karaganda Medical University Karaganda\"},"
			  "{\"rank\":\"251\u2013300\",\"name\":\"Beihang University\"}]}";
	(void)state;
	assert_int_equal(run(f, doc, 2021), 0);
	assert_float_equal(value_of(f, "rank", 2021, NULL), 1100.5, 1e-9);
	assert_float_equal(value_of(f, "ranked", 2021, NULL), 1, 0);
	assert_float_equal(value_of(f, "peer_low", 2021, "Beihang University"), 251, 0);
	fx_free(f);
}

static void the_rows__a_fact_of_a_bad_cell__fails_with_its_line(void **state)
{
	struct fx *f = fx_new();
	const char *doc = "{\"data\":[\n{\"rank\":\"soon\",\n\"name\":\"Karaganda Medical University\"}]}";
	(void)state;
	assert_int_equal(run(f, doc, 2021), -1);
	assert_non_null(strstr(f->err.buf, "the.json:2:"));
	assert_int_equal(f->t.n, 0);
	fx_free(f);
}

static void jspage_hint__the_qs_arwu_and_plain_pages__told_apart(void **state)
{
	struct buf out = BUF_INIT;
	const char *the = "<html><script>{\"url\":\"https:\\/\\/www.timeshighereducation.com\\/sites\\/default\\/files\\/"
			  "the_data_rankings\\/world_university_rankings_2024_0__91239a.json\"}</script><table class=\"x\"></table>";
	const char *qs = "<script>jQuery.extend(Drupal.settings, {\"qs_rankings_rest_api\":{\"nid\":\"3897789\"}});</script>";
	const char *arwu = "<html><script>window.__NUXT__=(function(a){})</script>shanghairanking.com</html>";
	const char *plain = "<html><body><table><tr><td>1</td></tr></table></body></html>";
	(void)state;
	assert_int_equal(jspage_hint(the, strlen(the), 2024, &out), 1);
	assert_non_null(strstr(out.buf, "https://www.timeshighereducation.com/sites/default/files/the_data_rankings/"
				"world_university_rankings_2024_0__91239a.json"));
	assert_int_equal(jspage_hint(qs, strlen(qs), 2024, &out), 1);
	assert_non_null(strstr(out.buf, "rankings/endpoint?nid=3897789&page=0"));
	assert_int_equal(jspage_hint(arwu, strlen(arwu), 2023, &out), 1);
	assert_non_null(strstr(out.buf, "arwu/rank?version=2023"));
	buf_reset(&out);
	assert_int_equal(jspage_hint(plain, strlen(plain), 2023, &out), 0);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_rows__university_absent__listed_0_and_no_rank),
		cmocka_unit_test(the_rows__reporter__listed_but_not_ranked),
		cmocka_unit_test(the_rows__ranked_row__is_1_and_a_peer_row_is_not_the_university),
		cmocka_unit_test(the_rows__a_fact_of_a_bad_cell__fails_with_its_line),
		cmocka_unit_test(jspage_hint__the_qs_arwu_and_plain_pages__told_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
