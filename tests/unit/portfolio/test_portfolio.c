#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "portfolio/portfolio.h"
#include "util/err.h"
#include "util/xalloc.h"
#include "../tmpdir.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/*
 * A registry of five partners and the observations joined to it, 2019-2023:
 *   Alpha  agreement 2018-, 2 joint works in 2022              -> active
 *   Beta   agreement 2018-, nothing                            -> dormant
 *   Gamma  agreement 2023-, nothing                            -> new
 *   Delta  agreement 2016-2020, 4 joint works 2019-2023        -> candidate
 *   Eps    agreement 2016-2020, 1 joint work, mobility 2021    -> expired
 * and I999 ("Elsewhere", not in the registry) with 3 joint works -> candidate,
 * I998 with 2 (under the rule's 3) and I777 (excluded: our own unit) -> none.
 */
static const char registry[] =
	"# test data\n"
	"partner,country,openalex_id,programme,signed,expires\n"
	"Alpha,DE,I1,bilateral,2018-01-01,\n"
	"Beta,FR,I2,bilateral,2018-01-01,\n"
	"Gamma,IT,,bilateral,2023-05-01,\n"
	"Delta,PL,I4,Erasmus+,2016-01-01,2020-12-31\n"
	"\xc3\x89ps,LT,I5,Erasmus+,2016-01-01,2020-12-31\n";

struct fx {
	struct buf dir;
	struct config cfg;
	struct source src;
	char *exclude[1];
	struct obs_table t;
	struct portfolio p;
	struct buf err;
};

static void add(struct obs_table *t, size_t src, const char *m, int y, const char *k, double v)
{
	obs_add(t, src, m, y, k, v, 0);
}

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct partners_cfg *c = &f->cfg.partners;
	static const char *const agreed[] = { "Alpha", "Beta", "Delta", "\xc3\x89ps" };
	size_t s;

	buf_init(&f->dir, 0);
	buf_init(&f->err, 0);
	if (tmpdir_make(&f->dir, "portfolio") || tmpdir_put(f->dir.buf, "reg.csv", registry))
		return -1;
	f->cfg.dir = f->dir.buf;
	f->cfg.profile.openalex_id = "I100";
	f->src = (struct source){ .id = "reg", .kind_id = KIND_CSV, .path = "reg.csv",
				  .comment = "#", .max_bytes = 1 << 20 };
	f->cfg.sources = &f->src;
	f->cfg.nsources = 1;
	*c = (struct partners_cfg){ .set = true, .registry = "reg", .col_partner = "partner",
		.col_country = "country", .col_openalex = "openalex_id", .col_programme = "programme",
		.col_start = "signed", .col_end = "expires", .agreements = "agr",
		.joint_works = "works", .mobility_in = "in", .mobility_out = "out",
		.active_years = 3, .candidate_works = 3, .candidate_years = 5,
		.out_active = "p_active", .out_agreed = "p_agreed", .out_candidate = "p_cand" };
	f->exclude[0] = "I777";
	c->exclude = f->exclude;
	c->nexclude = 1;
	obs_init(&f->t);
	s = obs_add_source(&f->t, &(struct obs_source){ .id = "data" });
	for (int y = 2019; y <= 2023; y++) {
		/* agreements in force, as the csv source counts them (keyed by name) */
		for (int i = 0; i < 4; i++)
			if (i < 2 || y <= 2020)
				add(&f->t, s, "agr", y, agreed[i], 1);
		if (y == 2023)
			add(&f->t, s, "agr", y, "Gamma", 1);
		add(&f->t, s, "in", y, "Somebody Else", 1);	/* every year has mobility data */
		add(&f->t, s, "out", y, "Somebody Else", 1);
	}
	add(&f->t, s, "works", 2022, "I1", 2);
	add(&f->t, s, "works", 2019, "I4", 1);
	add(&f->t, s, "works", 2023, "I4", 3);
	add(&f->t, s, "works", 2020, "I5", 1);
	add(&f->t, s, "works", 2021, "I999", 1);
	add(&f->t, s, "works", 2023, "I999", 2);
	add(&f->t, s, "works", 2023, "I998", 2);
	add(&f->t, s, "works", 2023, "I777", 40);
	add(&f->t, s, "works", 2023, "I100", 90);
	add(&f->t, s, "out", 2021, "\xc3\xa9ps", 2);	/* the name, matched whatever its case */
	for (int y = 2019; y <= 2023; y++)
		add(&f->t, s, "works", y, "I555", 0);	/* every year has works data */
	add(&f->t, s, "out", 2019, "Alpha", 0);
	obs_add_label(&f->t, s, "I999", "Elsewhere");
	obs_sort(&f->t);
	*state = f;
	return portfolio_compute(&f->cfg, &f->t, &f->p, &f->err);
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	portfolio_release(&f->p);
	obs_release(&f->t);
	tmpdir_remove(f->dir.buf);
	buf_release(&f->dir);
	buf_release(&f->err);
	free(f);
	return 0;
}

static const struct partner *find(const struct fx *f, const char *name)
{
	for (size_t i = 0; i < f->p.n; i++)
		if (!strcmp(f->p.v[i].name, name))
			return &f->p.v[i];
	return NULL;
}

static void portfolio_compute__states__follow_the_rules(void **state)
{
	struct fx *f = *state;

	assert_int_equal(f->p.from, 2019);
	assert_int_equal(f->p.as_of, 2023);
	assert_int_equal(find(f, "Alpha")->state, PS_ACTIVE);
	assert_int_equal(find(f, "Beta")->state, PS_DORMANT);
	assert_int_equal(find(f, "Gamma")->state, PS_NEW);
	assert_int_equal(find(f, "Delta")->state, PS_CANDIDATE);
	assert_int_equal(find(f, "\xc3\x89ps")->state, PS_EXPIRED);
	/* not in the registry: named by its OpenAlex label */
	assert_non_null(find(f, "Elsewhere"));
	assert_int_equal(find(f, "Elsewhere")->state, PS_CANDIDATE);
	assert_string_equal(find(f, "Elsewhere")->openalex_id, "I999");
	/* under the rule, our own unit, the university itself: not partners */
	assert_int_equal(f->p.n, 6);
}

static void portfolio_compute__missing_data__is_null_never_zero(void **state)
{
	struct fx *f = *state;
	const struct partner *g = find(f, "Gamma"), *e = find(f, "\xc3\x89ps");

	/* no OpenAlex id: joint works unknown */
	assert_true(isnan(g->years[4].joint_works));
	/* the year has mobility data, none of this partner: 0 */
	assert_float_equal(e->years[2].mobility_out, 2, 0);
	assert_float_equal(e->years[3].mobility_out, 0, 0);
	assert_float_equal(find(f, "Delta")->works_window, 4, 0);
}

static void portfolio_compute__order__dormant_then_strongest_candidates(void **state)
{
	struct fx *f = *state;
	static const char *const want[] = { "Beta", "Delta", "Elsewhere", "Alpha", "Gamma",
		"\xc3\x89ps" };

	for (size_t i = 0; i < 6; i++)
		assert_string_equal(f->p.v[i].name, want[i]);
}

static void portfolio_observe__metrics_per_year__for_kpis(void **state)
{
	struct fx *f = *state;
	size_t n;
	const struct obs *o;

	portfolio_observe(&f->cfg, &f->p, &f->t);
	/* 2023: Alpha active; agreed = active + dormant (the new one is neither) */
	o = obs_range(&f->t, "p_active", 2023, &n);
	assert_int_equal(n, 1);
	assert_float_equal(o->value, 1, 0);
	o = obs_range(&f->t, "p_agreed", 2023, &n);
	assert_float_equal(o->value, 2, 0);
	o = obs_range(&f->t, "p_cand", 2023, &n);
	assert_float_equal(o->value, 2, 0);
	assert_string_equal(f->t.sources[o->src].id, "partners");
	assert_string_equal(f->t.sources[o->src].kind, "derived");
}

static void portfolio_compute__registry_without_a_column__is_a_config_error(void **state)
{
	struct fx *f = *state;
	struct portfolio p;
	struct buf err = BUF_INIT;

	f->cfg.partners.col_ror = "ror";
	assert_int_equal(portfolio_compute(&f->cfg, &f->t, &p, &err), ERR_CONFIG);
	assert_non_null(strstr(err.buf, "no column 'ror'"));
	f->cfg.partners.col_ror = NULL;
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(portfolio_compute__states__follow_the_rules, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(portfolio_compute__missing_data__is_null_never_zero, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(portfolio_compute__order__dormant_then_strongest_candidates, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(portfolio_observe__metrics_per_year__for_kpis, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(portfolio_compute__registry_without_a_column__is_a_config_error, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
