#include "kpi/stats.h"
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "util/banned.h"

/* cmocka's assert_float_equal works in float; these need double. */
#define assert_near(got, want, tol) assert_true(near((got), (want), (tol)))
#define assert_nan(x) assert_true(isnan(x))
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static int near(double got, double want, double tol)
{
	if (fabs(got - want) <= tol)
		return 1;
	print_error("got %.17g, want %.17g (tolerance %g)\n", got, want, tol);
	return 0;
}

/*
 * The worked series used by several tests:
 *   x = 2019..2023, y = 10, 12, 15, 15, 18.
 *   xbar = 2021, x - xbar = -2, -1, 0, 1, 2, sxx = 10.
 *   ybar = 70 / 5 = 14, y - ybar = -4, -2, 1, 1, 4, syy = 38.
 *   sxy = 8 + 2 + 0 + 1 + 8 = 19, slope = 19 / 10 = 1.9.
 *   intercept = 14 - 1.9 * 2021 = 14 - 3839.9 = -3825.9.
 *   fitted = 10.2, 12.1, 14, 15.9, 17.8; residuals -0.2, -0.1, 1, -0.9, 0.2.
 *   SSres = 0.04 + 0.01 + 1 + 0.81 + 0.04 = 1.9 (= syy - slope * sxy).
 *   r2 = 1 - 1.9 / 38 = 0.95 (= sxy² / (sxx syy) = 361 / 380).
 *   s = sqrt(1.9 / 3) = sqrt(0.6333...) = 0.795822425754221.
 */
static const double wx[] = { 2019, 2020, 2021, 2022, 2023 };
static const double wy[] = { 10, 12, 15, 15, 18 };

static void stats_linfit__perfect_line__has_r2_one(void **state)
{
	/* y = 3 + 2x; xbar = 2.5, sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5. */
	const double x[] = { 1, 2, 3, 4 }, y[] = { 5, 7, 9, 11 };
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), 0);
	assert_int_equal(f.n, 4);
	assert_near(f.slope, 2, 1e-12);
	assert_near(f.intercept, 3, 1e-12);
	assert_near(f.r2, 1, 1e-12);
	assert_near(f.xbar, 2.5, 1e-12);
	assert_near(f.sxx, 5, 1e-12);
	assert_near(f.s, 0, 1e-12);
}

static void stats_linfit__worked_series__matches_hand_computation(void **state)
{
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(wx, wy, LEN(wx), &f), 0);
	assert_int_equal(f.n, 5);
	assert_near(f.slope, 1.9, 1e-12);
	assert_near(f.intercept, -3825.9, 1e-9);
	assert_near(f.r2, 0.95, 1e-12);
	assert_near(f.xbar, 2021, 1e-12);
	assert_near(f.sxx, 10, 1e-12);
	assert_near(f.s, 0.795822425754221, 1e-12);
}

static void stats_linfit__two_points__has_no_residual_error(void **state)
{
	/* Through (2020, 4) and (2022, 8): slope 2, intercept 4 - 4040. */
	const double x[] = { 2020, 2022 }, y[] = { 4, 8 };
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), 0);
	assert_near(f.slope, 2, 1e-12);
	assert_near(f.intercept, -4036, 1e-9);
	assert_near(f.r2, 1, 1e-12);
	assert_near(f.xbar, 2021, 1e-12);
	assert_near(f.sxx, 2, 1e-12);
	assert_nan(f.s);
}

static void stats_linfit__fewer_than_two_points__fails(void **state)
{
	const double x[] = { 2020 }, y[] = { 1 };
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(x, y, 1, &f), -1);
	assert_int_equal(f.n, 1);
	assert_nan(f.slope);
	assert_nan(f.intercept);
	assert_nan(f.r2);
	assert_nan(f.s);
	assert_int_equal(stats_linfit(NULL, NULL, 0, &f), -1);
	assert_int_equal(f.n, 0);
}

static void stats_linfit__all_x_equal__fails(void **state)
{
	const double x[] = { 2020, 2020, 2020 }, y[] = { 1, 2, 3 };
	/* The mean of three 0.1 is not exactly 0.1: sxx must not be trusted. */
	const double tenth[] = { 0.1, 0.1, 0.1 };
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), -1);
	assert_nan(f.slope);
	assert_int_equal(stats_linfit(tenth, y, LEN(tenth), &f), -1);
}

static void stats_linfit__constant_y__has_zero_slope_and_no_r2(void **state)
{
	/* SStot = 0, so r2 is undefined; the fit itself is exact (s = 0). */
	const double x[] = { 2019, 2020, 2021, 2022 }, y[] = { 7, 7, 7, 7 };
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), 0);
	assert_near(f.slope, 0, 1e-12);
	assert_near(f.intercept, 7, 1e-9);
	assert_nan(f.r2);
	assert_near(f.s, 0, 1e-12);
}

static void stats_linfit__large_x_offset__keeps_precision(void **state)
{
	/*
	 * x = 1e9 + i, y = 1 + 2i: slope 2, intercept 1 - 2e9.  Uncentred
	 * sums of x² near 5e18 would lose everything below ~1e3.
	 */
	const double x[] = { 1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4 };
	const double y[] = { 1, 3, 5, 7, 9 };
	struct linfit f;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), 0);
	assert_near(f.slope, 2, 1e-12);
	assert_near(f.intercept, 1 - 2e9, 1e-6);
	assert_near(f.r2, 1, 1e-12);
	assert_near(f.sxx, 10, 1e-12);
	assert_near(f.s, 0, 1e-9);
}

static void stats_t_quantile__table_values__match(void **state)
{
	/* Published table values, to the 9-10 digits given. */
	static const struct {
		double p, df, t;
	} tab[] = {
		{ 0.9, 1, 3.077683537 },
		{ 0.9, 2, 1.885618083 },
		{ 0.9, 3, 1.637744354 },
		{ 0.9, 4, 1.533206274 },
		{ 0.9, 10, 1.372183641 },
		{ 0.975, 5, 2.570581836 },
		{ 0.95, 30, 1.697260887 },
	};
	size_t i;
	(void)state;

	for (i = 0; i < LEN(tab); i++)
		assert_near(stats_t_quantile(tab[i].p, tab[i].df), tab[i].t,
			    1e-9);
}

static void stats_t_quantile__closed_forms__match(void **state)
{
	/*
	 * df = 1 (Cauchy): t = tan(pi (p - 1/2)).
	 * df = 2: t = (2p - 1) / sqrt(2 p (1 - p)).
	 * df = 4: a = 4 p (1 - p), q = cos(acos(sqrt a) / 3) / sqrt a,
	 *         t = sign(p - 1/2) 2 sqrt(q - 1).
	 */
	static const double ps[] = { 1e-6, 0.01, 0.2, 0.45, 0.55, 0.8, 0.99,
				     1 - 1e-6 };
	const double pi = 3.14159265358979323846;
	size_t i;
	(void)state;

	for (i = 0; i < LEN(ps); i++) {
		double p = ps[i], a = 4 * p * (1 - p);
		double q = cos(acos(sqrt(a)) / 3) / sqrt(a);
		double t1 = tan(pi * (p - 0.5));
		double t2 = (2 * p - 1) / sqrt(2 * p * (1 - p));
		double t4 = (p < 0.5 ? -2 : 2) * sqrt(q - 1);

		assert_near(stats_t_quantile(p, 1), t1, 1e-9 * fabs(t1));
		assert_near(stats_t_quantile(p, 2), t2, 1e-9 * fabs(t2));
		assert_near(stats_t_quantile(p, 4), t4, 1e-9 * fabs(t4));
	}
}

static void stats_t_quantile__median__is_zero(void **state)
{
	(void)state;
	assert_true(stats_t_quantile(0.5, 1) == 0);
	assert_true(stats_t_quantile(0.5, 3) == 0);
	assert_true(stats_t_quantile(0.5, 2.5) == 0);
	assert_true(stats_t_quantile(0.5, 1000) == 0);
}

static void stats_t_quantile__lower_half__mirrors_upper_half(void **state)
{
	/* 2^-30 rather than 1e-9, so that 1 - p is exact. */
	static const double ps[] = { 0x1p-30, 0.025, 0.1, 0.3, 0.4999 };
	static const double dfs[] = { 1, 2, 3, 7.5, 30, 500 };
	size_t i, j;
	(void)state;

	assert_near(stats_t_quantile(0.1, 3), -1.637744354, 1e-9);
	for (i = 0; i < LEN(ps); i++)
		for (j = 0; j < LEN(dfs); j++) {
			double lo = stats_t_quantile(ps[i], dfs[j]);
			double hi = stats_t_quantile(1 - ps[i], dfs[j]);
			assert_true(lo < 0);
			assert_near(lo, -hi, 1e-12 * hi);
		}
}

static void stats_t_quantile__grows_as_df_shrinks(void **state)
{
	double prev = INFINITY, df;
	(void)state;

	for (df = 0.5; df < 200; df *= 1.5) {
		double t = stats_t_quantile(0.9, df);
		assert_true(t < prev);
		prev = t;
	}
}

static void stats_t_quantile__large_df__approaches_normal(void **state)
{
	/*
	 * z = Phi^-1(0.9) = 1.2815515655446004, z³ = 2.1047875029456448.
	 * Cornish-Fisher: t = z + (z³ + z) / (4 df) + O(1/df²); for df = 1e6
	 * the correction is 3.3863390685e0 / 4e6 = 8.4658477e-7, next term
	 * ~6e-13: t = 1.2815524121294.
	 */
	(void)state;
	assert_near(stats_t_quantile(0.9, 1e6), 1.2815524121294, 1e-11);
}

static void stats_t_quantile__extreme_tail__stays_finite_and_accurate(void **state)
{
	/* Cauchy: t(p, 1) = -cot(pi p) ~ -1 / (pi p) = -3.183098861837907e299. */
	double t = stats_t_quantile(1e-300, 1);
	(void)state;

	assert_near(t / -3.183098861837907e299, 1, 1e-12);
	/* The true quantile is ~-1e599: beyond double, so infinite. */
	assert_true(stats_t_quantile(1e-300, 0.5) == -INFINITY);
}

static void stats_t_quantile__invalid_arguments__are_nan(void **state)
{
	(void)state;
	assert_nan(stats_t_quantile(0, 3));
	assert_nan(stats_t_quantile(1, 3));
	assert_nan(stats_t_quantile(-0.1, 3));
	assert_nan(stats_t_quantile(1.1, 3));
	assert_nan(stats_t_quantile(NAN, 3));
	assert_nan(stats_t_quantile(0.9, 0));
	assert_nan(stats_t_quantile(0.9, -1));
	assert_nan(stats_t_quantile(0.9, NAN));
	assert_nan(stats_t_quantile(0.9, INFINITY));
}

static void stats_predict__worked_series__gives_80_percent_interval(void **state)
{
	/*
	 * Level 0.8 uses t(0.9, n - 2 = 3) = 1.637744354, s = 0.795822425754221.
	 * At 2023: yhat = 17.8, factor sqrt(1 + 1/5 + 2²/10) = sqrt(1.6)
	 *   = 1.264911064067352, half = 1.648626496, [16.151373504, 19.448626496].
	 * At 2024: yhat = 19.7, factor sqrt(1 + 1/5 + 3²/10) = sqrt(2.1)
	 *   = 1.449137674618944, half = 1.888738928, [17.811261072, 21.588738928].
	 */
	struct linfit f;
	double lo, hi;
	(void)state;

	assert_int_equal(stats_linfit(wx, wy, LEN(wx), &f), 0);
	assert_near(stats_predict(&f, 2023, 0.8, &lo, &hi), 17.8, 1e-9);
	assert_near(lo, 16.151373504, 1e-8);
	assert_near(hi, 19.448626496, 1e-8);
	assert_near(stats_predict(&f, 2024, 0.8, &lo, &hi), 19.7, 1e-9);
	assert_near(lo, 17.811261072, 1e-8);
	assert_near(hi, 21.588738928, 1e-8);
}

static void stats_predict__two_points__gives_point_and_nan_bounds(void **state)
{
	/* Through (2020, 4) and (2022, 8): at 2025, 4 + 2 * 5 = 14. */
	const double x[] = { 2020, 2022 }, y[] = { 4, 8 };
	struct linfit f;
	double lo = 0, hi = 0;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), 0);
	assert_near(stats_predict(&f, 2025, 0.8, &lo, &hi), 14, 1e-9);
	assert_nan(lo);
	assert_nan(hi);
}

static void stats_predict__failed_fit__is_nan(void **state)
{
	const double x[] = { 2020 }, y[] = { 4 };
	struct linfit f;
	double lo = 0, hi = 0;
	(void)state;

	assert_int_equal(stats_linfit(x, y, 1, &f), -1);
	assert_nan(stats_predict(&f, 2025, 0.8, &lo, &hi));
	assert_nan(lo);
	assert_nan(hi);
}

static void stats_predict__exact_fit__has_zero_width(void **state)
{
	/* y = 3 + 2x with s = 0: at x = 10, 23 with no spread. */
	const double x[] = { 1, 2, 3, 4 }, y[] = { 5, 7, 9, 11 };
	struct linfit f;
	double lo, hi;
	(void)state;

	assert_int_equal(stats_linfit(x, y, LEN(x), &f), 0);
	assert_near(stats_predict(&f, 10, 0.8, &lo, &hi), 23, 1e-9);
	assert_near(lo, 23, 1e-9);
	assert_near(hi, 23, 1e-9);
}

static void stats_predict__level_outside_unit_interval__has_nan_bounds(void **state)
{
	struct linfit f;
	double lo, hi;
	(void)state;

	assert_int_equal(stats_linfit(wx, wy, LEN(wx), &f), 0);
	assert_near(stats_predict(&f, 2024, 1, &lo, &hi), 19.7, 1e-9);
	assert_nan(lo);
	assert_nan(hi);
	stats_predict(&f, 2024, 0, &lo, &hi);
	assert_nan(lo);
	stats_predict(&f, 2024, -0.5, &lo, &hi);
	assert_nan(hi);
}

static void stats_cagr__known_rates__match(void **state)
{
	(void)state;
	/* 100 -> 200 in 1 year: 2 - 1 = 1. */
	assert_near(stats_cagr(100, 200, 1), 1, 1e-12);
	/* 100 -> 121 in 2 years: sqrt(1.21) - 1 = 0.1. */
	assert_near(stats_cagr(100, 121, 2), 0.1, 1e-12);
	/* 1000 -> 729 in 3 years: cbrt(0.729) - 1 = -0.1. */
	assert_near(stats_cagr(1000, 729, 3), -0.1, 1e-12);
	/* 16 -> 81 in 4 years: (81/16)^(1/4) - 1 = 3/2 - 1 = 0.5. */
	assert_near(stats_cagr(16, 81, 4), 0.5, 1e-12);
	/* Half a year: 100 -> 110 in 0.5 years: 1.1² - 1 = 0.21. */
	assert_near(stats_cagr(100, 110, 0.5), 0.21, 1e-12);
	assert_true(stats_cagr(42, 42, 5) == 0);
}

static void stats_cagr__extreme_ratio__does_not_overflow(void **state)
{
	/* 1e-300 -> 1e300 in 600 years: (1e600)^(1/600) - 1 = 10 - 1 = 9. */
	(void)state;
	assert_near(stats_cagr(1e-300, 1e300, 600), 9, 1e-10);
}

static void stats_cagr__non_positive_inputs__are_nan(void **state)
{
	(void)state;
	assert_nan(stats_cagr(0, 10, 1));
	assert_nan(stats_cagr(10, 0, 1));
	assert_nan(stats_cagr(-10, 10, 1));
	assert_nan(stats_cagr(10, -10, 1));
	assert_nan(stats_cagr(10, 20, 0));
	assert_nan(stats_cagr(10, 20, -1));
	assert_nan(stats_cagr(NAN, 20, 1));
	assert_nan(stats_cagr(10, NAN, 1));
	assert_nan(stats_cagr(10, 20, NAN));
	assert_nan(stats_cagr(INFINITY, 20, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_linfit__perfect_line__has_r2_one),
		cmocka_unit_test(stats_linfit__worked_series__matches_hand_computation),
		cmocka_unit_test(stats_linfit__two_points__has_no_residual_error),
		cmocka_unit_test(stats_linfit__fewer_than_two_points__fails),
		cmocka_unit_test(stats_linfit__all_x_equal__fails),
		cmocka_unit_test(stats_linfit__constant_y__has_zero_slope_and_no_r2),
		cmocka_unit_test(stats_linfit__large_x_offset__keeps_precision),
		cmocka_unit_test(stats_t_quantile__table_values__match),
		cmocka_unit_test(stats_t_quantile__closed_forms__match),
		cmocka_unit_test(stats_t_quantile__median__is_zero),
		cmocka_unit_test(stats_t_quantile__lower_half__mirrors_upper_half),
		cmocka_unit_test(stats_t_quantile__grows_as_df_shrinks),
		cmocka_unit_test(stats_t_quantile__large_df__approaches_normal),
		cmocka_unit_test(stats_t_quantile__extreme_tail__stays_finite_and_accurate),
		cmocka_unit_test(stats_t_quantile__invalid_arguments__are_nan),
		cmocka_unit_test(stats_predict__worked_series__gives_80_percent_interval),
		cmocka_unit_test(stats_predict__two_points__gives_point_and_nan_bounds),
		cmocka_unit_test(stats_predict__failed_fit__is_nan),
		cmocka_unit_test(stats_predict__exact_fit__has_zero_width),
		cmocka_unit_test(stats_predict__level_outside_unit_interval__has_nan_bounds),
		cmocka_unit_test(stats_cagr__known_rates__match),
		cmocka_unit_test(stats_cagr__extreme_ratio__does_not_overflow),
		cmocka_unit_test(stats_cagr__non_positive_inputs__are_nan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
