#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kpi/peers.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static void peers_quantile__type_7__as_r_and_numpy(void **state)
{
	const double v[] = { 1, 2, 3, 4 }, one[] = { 7 };
	(void)state;
	/* R: quantile(1:4, c(.25, .5, .75)) = 1.75 2.50 3.25 */
	assert_float_equal(peers_quantile(v, 4, 0.25), 1.75, 1e-12);
	assert_float_equal(peers_quantile(v, 4, 0.5), 2.5, 1e-12);
	assert_float_equal(peers_quantile(v, 4, 0.75), 3.25, 1e-12);
	assert_float_equal(peers_quantile(one, 1, 0.25), 7, 0);
	assert_true(isnan(peers_quantile(v, 0, 0.5)));
}

/*
 * The university and four peers in two groups ("all": every peer;
 * "kz": A and C), one indicator (m / peer_m) from a source whose rows say
 * whether they are listed. 2021: us 10; A 20, B 5, C listed without a
 * value (not published), D not listed (not ranked).
 */
struct fx {
	struct config cfg;
	struct source src;
	struct metric_map m[4];
	struct peer peers[4];
	struct peer_group groups[2];
	struct bench_indicator ind;
	struct obs_table t;
	struct kpi_results r;
	struct peers_results out;
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	static const char *const names[] = { "Peer A", "Peer B", "Peer C", "Peer D" };
	size_t s;

	f->cfg.profile.name = "Fixture University";
	for (int i = 0; i < 4; i++)
		f->peers[i] = (struct peer){ .name = (char *)names[i], .groups = 1 | (i == 0 || i == 2 ? 2 : 0) };
	f->peers[1].openalex_id = "I200";
	f->cfg.profile.peers = f->peers;
	f->cfg.profile.npeers = 4;
	f->groups[0] = (struct peer_group){ "all", "All peers" };
	f->groups[1] = (struct peer_group){ "kz", "Kazakh peers" };
	f->cfg.profile.groups = f->groups;
	f->cfg.profile.ngroups = 2;
	f->m[0] = (struct metric_map){ .name = "m" };
	f->m[1] = (struct metric_map){ .name = "peer_m", .peers = true, .has_key = true };
	f->m[2] = (struct metric_map){ .name = "m_listed", .fact = FACT_LISTED };
	f->m[3] = (struct metric_map){ .name = "peer_m_listed", .fact = FACT_LISTED, .peers = true, .has_key = true };
	f->src = (struct source){ .id = "rank", .kind_id = KIND_JSON, .metrics = f->m, .nmetrics = 4 };
	f->cfg.sources = &f->src;
	f->cfg.nsources = 1;
	f->ind = (struct bench_indicator){ .id = "i", .title = "Indicator", .unit = "score",
					   .metric = "m", .peers = "peer_m", .decimals = 1 };
	f->cfg.indicators = &f->ind;
	f->cfg.nindicators = 1;
	obs_init(&f->t);
	s = obs_add_source(&f->t, &(struct obs_source){ .id = "rank" });
	obs_add(&f->t, s, "m", 2021, NULL, 10, 0);
	obs_add(&f->t, s, "m_listed", 2021, NULL, 1, 0);
	obs_add(&f->t, s, "peer_m", 2021, "Peer A", 20, 0);
	obs_add(&f->t, s, "peer_m", 2021, "I200", 5, 0);	/* B, by its OpenAlex id */
	obs_add(&f->t, s, "peer_m", 2021, "Peer C", NAN, 0);
	obs_add(&f->t, s, "peer_m_listed", 2021, "Peer C", 1, 0);
	obs_add(&f->t, s, "peer_m_listed", 2021, "Peer D", 0, 0);
	/* 2022: A's row is there without the cell (a trimmed copy): no data */
	obs_add(&f->t, s, "peer_m", 2022, "I200", 6, 0);
	obs_add(&f->t, s, "peer_m_listed", 2022, "Peer A", 1, 0);
	obs_sort(&f->t);
	peers_compute(&f->cfg, &f->t, &f->r, &f->out);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	peers_release(&f->out);
	obs_release(&f->t);
	free(f);
	return 0;
}

static void peers_compute__indicator__median_quartiles_and_place_per_group(void **state)
{
	struct fx *f = *state;
	const struct bench_year *y;

	assert_int_equal(f->out.nitems, 1);
	assert_int_equal(f->out.items[0].nyears, 2);
	y = &f->out.items[0].years[0];
	assert_int_equal(y->year, 2021);
	assert_float_equal(y->univ.value, 10, 0);
	assert_null(y->univ.why);
	assert_int_equal(y->ngroups, 2);
	/* all: A 20 and B 5 have values; median 12.5, quartiles 8.75 and
	 * 16.25; only A is higher, so the university is 2nd of 3 */
	assert_int_equal(y->groups[0].n, 2);
	assert_float_equal(y->groups[0].median, 12.5, 1e-12);
	assert_float_equal(y->groups[0].q1, 8.75, 1e-12);
	assert_float_equal(y->groups[0].q3, 16.25, 1e-12);
	assert_int_equal(y->groups[0].place, 2);
	assert_int_equal(y->groups[0].of, 3);
	/* kz: A and C, only A has a value: 2nd of 2 */
	assert_int_equal(y->groups[1].n, 1);
	assert_float_equal(y->groups[1].median, 20, 0);
	assert_int_equal(y->groups[1].place, 2);
	assert_int_equal(y->groups[1].of, 2);
}

static void peers_compute__missing_values__say_why(void **state)
{
	struct fx *f = *state;
	const struct bench_year *y = &f->out.items[0].years[0];

	assert_null(y->peers[0].why);
	assert_float_equal(y->peers[1].value, 5, 0);
	/* a row without the figure, no row at all */
	assert_true(isnan(y->peers[2].value));
	assert_string_equal(y->peers[2].why, "not_published");
	assert_string_equal(y->peers[3].why, "not_ranked");
	y = &f->out.items[0].years[1];
	assert_int_equal(y->year, 2022);
	assert_string_equal(y->peers[0].why, "no_data");
	assert_string_equal(y->univ.why, "no_data");
	assert_int_equal(y->groups[0].place, 0);	/* no value of ours: no place */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(peers_quantile__type_7__as_r_and_numpy),
		cmocka_unit_test_setup_teardown(peers_compute__indicator__median_quartiles_and_place_per_group,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(peers_compute__missing_values__say_why, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
