#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "lang/formula.h"
#include "util/xalloc.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define EPS 1e-9
#define GOLDEN "tests/golden/formula/cases.txt"

/*
 * The fixed environment of every test and of the golden file (evaluated in
 * 2021); tests/golden/formula/cases.txt repeats it in its header.
 * A row with a key is one key of the metric; a row without is its value.
 */
struct row {
	const char *metric;
	int year;
	const char *key;
	double value;
};

static const struct row rows[] = {
	{ "a", 2019, NULL, 5 },
	{ "a", 2020, NULL, 8 },
	{ "a", 2021, NULL, 10 },
	{ "b", 2020, NULL, 0 },
	{ "b", 2021, NULL, 4 },
	{ "z", 2021, NULL, 0 },
	{ "neg", 2021, NULL, -8 },
	{ "gdp.pc", 2021, NULL, 2.5 },
	{ "s", 2020, "x", 60 },
	{ "s", 2020, "y", 40 },
	{ "s", 2021, "x", 50 },
	{ "s", 2021, "y", 30 },
	{ "s", 2021, "w", 20 },
	{ "c", 2021, "x", 3 },
	{ "c", 2021, "y", 0 },
	{ "c", 2021, "w", 0 },
	{ "e", 2021, "x", 0 },
	{ "e", 2021, "y", 0 },
	{ "q", 2021, "x", 5 },
	{ "q", 2021, "y", NAN },
	{ "q", 2021, "w", 5 },
	{ "d", 2021, "x", 10 },
	{ "d", 2021, "y", -2 },
	{ "allnan", 2021, "x", NAN },
};

#define NROWS (sizeof(rows) / sizeof(*rows))

struct env_ctx {
	double keys[NROWS];
};

static double env_value(void *ctx, const char *metric, int year)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < NROWS; i++)
		if (!rows[i].key && rows[i].year == year &&
		    !strcmp(rows[i].metric, metric))
			return rows[i].value;
	return NAN;
}

static size_t env_keys(void *ctx, const char *metric, int year,
		       const double **values)
{
	struct env_ctx *c = ctx;
	size_t i, n = 0;

	for (i = 0; i < NROWS; i++)
		if (rows[i].key && rows[i].year == year &&
		    !strcmp(rows[i].metric, metric))
			c->keys[n++] = rows[i].value;
	*values = c->keys;
	return n;
}

static struct env_ctx ctx;
static const struct formula_env env = { env_value, env_keys, &ctx };

/* Parses text (failing the test if it does not parse) and evaluates it. */
static double eval_warn(const char *text, int year, struct buf *warn)
{
	struct formula *f = NULL;
	struct buf err = BUF_INIT;
	double v;

	if (formula_parse(text, &f, &err))
		fail_msg("'%s' does not parse: %s", text, err.buf);
	buf_release(&err);
	v = formula_eval(f, year, &env, warn);
	formula_free(f);
	return v;
}

static double eval(const char *text)
{
	struct buf warn = BUF_INIT;
	double v = eval_warn(text, 2021, &warn);

	if (warn.len)
		fail_msg("'%s' warned: %s", text, warn.buf);
	buf_release(&warn);
	return v;
}

#define assert_null_result(text) assert_true(isnan(eval(text)))
#define assert_value(text, v) assert_float_equal(eval(text), (v), EPS)

/* The parse error of text, which must fail to parse (caller frees). */
static char *parse_error(const char *text)
{
	struct formula *f = (struct formula *)&f;
	struct buf err = BUF_INIT;

	assert_int_equal(formula_parse(text, &f, &err), -1);
	assert_null(f);
	return buf_detach(&err, NULL);
}

static void assert_parse_error(const char *text, const char *want)
{
	char *got = parse_error(text);

	if (strcmp(got, want))
		fail_msg("'%s': got \"%s\", want \"%s\"", text, got, want);
	free(got);
}

static void formula_eval__multiplication__binds_tighter_than_addition(void **state)
{
	(void)state;
	assert_value("1 + 2 * 3", 7);
	assert_value("(1 + 2) * 3", 9);
	assert_value("10 - 4 - 3", 3);
	assert_value("12 / 3 / 2", 2);
	assert_value("2 * 3 - 4 / 8", 5.5);
}

static void formula_eval__unary_minus__binds_looser_than_power(void **state)
{
	(void)state;
	assert_value("-2^2", -4);
	assert_value("(-2)^2", 4);
	assert_value("2^-1", 0.5);
	assert_value("--3", 3);
	assert_value("2 * -3", -6);
	assert_value("-a + 1", -9);
}

static void formula_eval__power__is_right_associative(void **state)
{
	(void)state;
	assert_value("2^3^2", 512);
	assert_value("(2^3)^2", 64);
	assert_value("2^-1^2", 0.5);
}

static void formula_eval__numbers__take_fraction_and_exponent(void **state)
{
	(void)state;
	assert_value("1.5e2 + .25", 150.25);
	assert_value("2E-2", 0.02);
	assert_value("\t 3\n", 3);
}

static void formula_eval__bracket_offset__reads_an_earlier_year(void **state)
{
	(void)state;
	assert_value("a", 10);
	assert_value("a[-1]", 8);
	assert_value("a [ - 2 ]", 5);
	assert_value("a - a[-1]", 2);
	assert_float_equal(eval_warn("a[-1]", 2022, NULL), 10, EPS);
	assert_null_result("a[-3]");
}

static void formula_eval__at_year__reads_a_fixed_year(void **state)
{
	(void)state;
	assert_value("a@2019", 5);
	assert_float_equal(eval_warn("a@2019", 2030, NULL), 5, EPS);
	assert_value("a / a@2019", 2);
	assert_value("gdp.pc * 2", 5);
}

static void formula_eval__key_functions__on_50_30_20(void **state)
{
	(void)state;
	assert_value("sum(s)", 100);
	assert_value("count(s)", 3);
	assert_value("hhi(s)", 0.38);
	assert_value("effective_n(s)", 1 / 0.38);
	assert_value("effective_n(s)", 2.631578947368421);
	assert_value("entropy(s)", -(0.5 * log(0.5) + 0.3 * log(0.3) + 0.2 * log(0.2)));
	assert_value("entropy(s)", 1.0296530140645737);
	assert_value("max_share(s)", 0.5);
}

static void formula_eval__key_functions__take_offset_and_year(void **state)
{
	(void)state;
	assert_value("sum(s[-1])", 100);
	assert_value("hhi(s[-1])", 0.52);
	assert_value("max_share(s@2020)", 0.6);
	assert_float_equal(eval_warn("sum(s[-1])", 2022, NULL), 100, EPS);
}

static void formula_eval__count__skips_zero_keys(void **state)
{
	(void)state;
	assert_value("count(c)", 1);
	assert_value("count(e)", 0);
	assert_value("sum(e)", 0);
}

static void formula_eval__key_function__without_keys_is_null(void **state)
{
	(void)state;
	assert_null_result("sum(nothing)");
	assert_null_result("count(nothing)");
	assert_null_result("sum(s@2019)");
}

/* q has x = 5, y = null, w = 5: the total is not 10 but unknown (issue 18:
 * a blank cell dropped a country from a share without a word) */
static void formula_eval__null_key__makes_key_functions_null_with_a_warning(void **state)
{
	static const char *const fns[] = { "sum(q)", "count(q)", "hhi(q)", "effective_n(q)",
					   "entropy(q)", "max_share(q)", "count(allnan)" };
	(void)state;
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		struct buf warn = BUF_INIT;
		assert_true(isnan(eval_warn(fns[i], 2021, &warn)));
		if (!strstr(warn.buf, "is null: a key's value is null"))
			fail_msg("'%s' did not say why: '%s'", fns[i], warn.buf);
		buf_release(&warn);
	}
}

static void formula_eval__share_functions__null_on_zero_total_or_negative_key(void **state)
{
	(void)state;
	assert_null_result("hhi(e)");
	assert_null_result("effective_n(e)");
	assert_null_result("entropy(e)");
	assert_null_result("max_share(e)");
	assert_null_result("hhi(d)");
	assert_null_result("entropy(d)");
	assert_null_result("max_share(d)");
	assert_value("sum(d)", 8);
	assert_value("count(d)", 1);
}

static void formula_eval__entropy__ignores_zero_shares(void **state)
{
	(void)state;
	assert_value("entropy(c)", 0);
	assert_value("hhi(c)", 1);
}

static void formula_eval__null__propagates_through_arithmetic(void **state)
{
	(void)state;
	assert_null_result("n");
	assert_null_result("n + 1");
	assert_null_result("n * 0");
	assert_null_result("0 / n");
	assert_null_result("-n");
	assert_null_result("n ^ 0");
	assert_null_result("1 ^ n");
	assert_null_result("(a + n) - a");
}

static void formula_eval__null__propagates_through_functions(void **state)
{
	(void)state;
	assert_null_result("abs(n)");
	assert_null_result("min(1, n)");
	assert_null_result("min(n, 1)");
	assert_null_result("max(n, 1)");
	assert_null_result("max(1, 2, n)");
	assert_value("min(3, a, 7)", 3);
	assert_value("max(3, a, 7)", 10);
	assert_value("abs(neg)", 8);
	assert_value("min(-1)", -1);
}

static void formula_eval__coalesce__returns_first_non_null(void **state)
{
	(void)state;
	assert_value("coalesce(n, a)", 10);
	assert_value("coalesce(a, n)", 10);
	assert_value("coalesce(n, n[-1], 2)", 2);
	assert_value("coalesce(n, z)", 0);
	assert_null_result("coalesce(n, n)");
	/* The division is never evaluated, so it cannot warn. */
	assert_value("coalesce(a, 1 / 0)", 10);
}

static void formula_eval__division_by_zero__is_null_with_warning(void **state)
{
	struct buf warn = BUF_INIT;

	(void)state;
	assert_true(isnan(eval_warn("a + 1 / z", 2021, &warn)));
	assert_string_equal(warn.buf, "division by zero in year 2021 at column 7\n");
	assert_true(isnan(eval_warn("0/0", 2022, &warn)));
	assert_string_equal(warn.buf, "division by zero in year 2021 at column 7\n"
			    "division by zero in year 2022 at column 2\n");
	buf_reset(&warn);
	assert_float_equal(eval_warn("coalesce(a / b[-1], 0)", 2021, &warn), 0, EPS);
	assert_string_equal(warn.buf, "division by zero in year 2021 at column 12\n");
	buf_release(&warn);
	assert_true(isnan(eval_warn("1 / 0", 2021, NULL)));
}

static void formula_eval__division_of_null_by_zero__does_not_warn(void **state)
{
	struct buf warn = BUF_INIT;

	(void)state;
	assert_true(isnan(eval_warn("n / 0", 2021, &warn)));
	assert_true(isnan(eval_warn("0 / n", 2021, &warn)));
	assert_true(isnan(eval_warn("hhi(e)", 2021, &warn)));
	assert_string_equal(warn.buf, "");
	buf_release(&warn);
}

static void formula_eval__non_finite_result__is_null(void **state)
{
	(void)state;
	assert_null_result("(-8)^0.5");
	assert_null_result("neg^(1/3)");
	assert_null_result("0^-1");
	assert_null_result("10^400");
	assert_null_result("1e308 * 10");
	assert_null_result("1e308 + 1e308");
}

static void formula_parse__errors__name_the_column(void **state)
{
	static const char *const cases[][2] = {
		{ "", "column 1: expected a number, metric or '(', found end of formula" },
		{ "  ", "column 3: expected a number, metric or '(', found end of formula" },
		{ "1 +", "column 4: expected a number, metric or '(', found end of formula" },
		{ "1 + )", "column 5: expected a number, metric or '(', found ')'" },
		{ "1 2", "column 3: expected an operator or end of formula, found '2'" },
		{ "a b", "column 3: expected an operator or end of formula, found 'b'" },
		{ "2 $ 3", "column 3: expected an operator or end of formula, found '$'" },
		{ "2 \x01", "column 3: expected an operator or end of formula, found '\\x01'" },
		{ "(1", "column 3: expected ')', found end of formula" },
		{ "(1 2)", "column 4: expected ')', found '2'" },
		{ "min(1 2)", "column 7: expected ',' or ')', found '2'" },
		{ "foo(1)", "column 1: unknown function 'foo'" },
		{ "1 + Sum (s)", "column 5: unknown function 'Sum'" },
		{ "sum(a+b)", "column 5: sum() takes a metric reference, not an expression" },
		{ "hhi( 1)", "column 6: hhi() takes a metric reference, not an expression" },
		{ "sum(s, s)", "column 1: sum() takes 1 argument, found 2" },
		{ "count()", "column 1: count() takes 1 argument, found 0" },
		{ "abs(1, 2)", "column 1: abs() takes 1 argument, found 2" },
		{ "min()", "column 1: min() takes at least 1 argument, found 0" },
		{ "coalesce(a)", "column 1: coalesce() takes at least 2 arguments, found 1" },
		{ "a[-0]", "column 4: expected a whole number of years from 1 to 9999, found '0'" },
		{ "a[-1.5]", "column 4: expected a whole number of years from 1 to 9999, found '1.5'" },
		{ "a[-10000]", "column 4: expected a whole number of years from 1 to 9999, found '10000'" },
		{ "a[1]", "column 3: expected '-' (as in m[-1]), found '1'" },
		{ "a[-1", "column 5: expected ']', found end of formula" },
		{ "a@19", "column 3: expected a 4-digit year, found '19'" },
		{ "a@20190", "column 3: expected a 4-digit year, found '20190'" },
		{ "a@2019.5", "column 3: expected a 4-digit year, found '2019.5'" },
		{ "a@", "column 3: expected a 4-digit year, found end of formula" },
		{ "a[-1]@2019", "column 6: expected an operator or end of formula, found '@'" },
		{ "1e999", "column 1: expected a number within range, found '1e999'" },
		{ "1.", "column 2: expected an operator or end of formula, found '.'" },
		{ "0x10", "column 2: expected an operator or end of formula, found 'x10'" },
		{ "1 + toolongname_abcdefghijklmnopqrstuvwxyz b",
		  "column 44: expected an operator or end of formula, found 'b'" },
		{ "1 1234567890123456789012345678901234567890",
		  "column 3: expected an operator or end of formula, found '12345678901234567890123456789...'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		assert_parse_error(cases[i][0], cases[i][1]);
}

static void formula_refs__lists_every_reference_in_order(void **state)
{
	struct formula *f;
	struct buf err = BUF_INIT;
	const struct formula_ref *refs;

	(void)state;
	assert_int_equal(formula_parse("a + sum(s[-1]) / a@2019 - hhi((q))", &f, &err), 0);
	assert_int_equal(formula_refs(f, &refs), 4);
	assert_string_equal(refs[0].metric, "a");
	assert_false(refs[0].keyed);
	assert_int_equal(refs[0].column, 1);
	assert_string_equal(refs[1].metric, "s");
	assert_true(refs[1].keyed);
	assert_int_equal(refs[1].column, 9);
	assert_string_equal(refs[2].metric, "a");
	assert_false(refs[2].keyed);
	assert_int_equal(refs[2].column, 18);
	assert_string_equal(refs[3].metric, "q");
	assert_true(refs[3].keyed);
	assert_int_equal(refs[3].column, 32);
	formula_free(f);

	assert_int_equal(formula_parse("1 + 2", &f, &err), 0);
	assert_int_equal(formula_refs(f, &refs), 0);
	formula_free(f);
	buf_release(&err);
}

/* n copies of open, then middle, then n copies of close. */
static char *nested(size_t n, const char *open, const char *middle, const char *close)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addstr(&b, open);
	buf_addstr(&b, middle);
	for (i = 0; i < n; i++)
		buf_addstr(&b, close);
	return buf_detach(&b, NULL);
}

static void formula_parse__10000_parentheses__fail_with_nesting_error(void **state)
{
	char *text = nested(10000, "(", "1", ")"), *err;

	(void)state;
	err = parse_error(text);
	assert_string_equal(err, "column 257: nesting deeper than 256");
	free(err);
	free(text);

	text = nested(10000, "abs(", "1", ")");
	err = parse_error(text);
	assert_string_equal(err, "column 1028: nesting deeper than 256");
	free(err);
	free(text);

	text = nested(10000, "-", "1", "");
	err = parse_error(text);
	assert_string_equal(err, "column 257: nesting deeper than 256");
	free(err);
	free(text);

	text = nested(10000, "2^", "1", "");
	err = parse_error(text);
	assert_string_equal(err, "column 514: nesting deeper than 256");
	free(err);
	free(text);
}

static void formula_parse__256_parentheses__are_allowed(void **state)
{
	char *text = nested(256, "(", "a", ")");

	(void)state;
	assert_value(text, 10);
	free(text);
	text = nested(128, "-(", "a", ")");
	assert_value(text, 10);
	free(text);
}

static void formula_eval__long_flat_chains__use_no_stack(void **state)
{
	char *text = nested(100000, "1+", "1", "");

	(void)state;
	assert_value(text, 100001);
	free(text);
	text = nested(100000, "1*", "a", "");
	assert_value(text, 10);
	free(text);
}

/* EXPECTED is a number, `null` or `error:COLUMN`; see the file's header. */
static int golden_case(unsigned lineno, char *line)
{
	char *tab = strchr(line, '\t'), *want, *end;
	struct formula *f = NULL;
	struct buf err = BUF_INIT, warn = BUF_INIT;
	int bad = 0;

	if (!tab) {
		print_error("%s:%u: no tab\n", GOLDEN, lineno);
		return 1;
	}
	*tab = '\0';
	want = tab + 1;
	if (formula_parse(line, &f, &err)) {
		char col[32];
		snprintf(col, sizeof(col), "error:%ld",
			 strtol(err.buf + strlen("column "), NULL, 10));
		if (strcmp(want, col)) {
			print_error("%s:%u: '%s': want %s, got %s\n", GOLDEN,
				    lineno, line, want, err.buf);
			bad = 1;
		}
	} else if (!strncmp(want, "error:", 6)) {
		print_error("%s:%u: '%s': want %s, parsed\n", GOLDEN, lineno, line, want);
		bad = 1;
	} else {
		double got = formula_eval(f, 2021, &env, &warn), v = NAN;
		if (strcmp(want, "null")) {
			errno = 0;
			v = strtod(want, &end);
			if (*end || errno || end == want) {
				print_error("%s:%u: bad EXPECTED '%s'\n", GOLDEN, lineno, want);
				bad = 1;
			}
		}
		if (isnan(v) != isnan(got) || (!isnan(v) && fabs(v - got) > EPS)) {
			print_error("%s:%u: '%s': want %s, got %.17g\n", GOLDEN,
				    lineno, line, want, got);
			bad = 1;
		}
	}
	formula_free(f);
	buf_release(&err);
	buf_release(&warn);
	return bad;
}

static void formula__golden_cases__match(void **state)
{
	FILE *fp = fopen(GOLDEN, "r");
	char line[4096];
	unsigned lineno = 0, cases = 0, bad = 0;

	(void)state;
	if (!fp)
		fail_msg("cannot open %s (run from the repository root)", GOLDEN);
	while (fgets(line, sizeof(line), fp)) {
		size_t len = strlen(line);
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		cases++;
		bad += (unsigned)golden_case(lineno, line);
	}
	assert_false(ferror(fp));
	fclose(fp);
	assert_true(cases >= 30);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formula_eval__multiplication__binds_tighter_than_addition),
		cmocka_unit_test(formula_eval__unary_minus__binds_looser_than_power),
		cmocka_unit_test(formula_eval__power__is_right_associative),
		cmocka_unit_test(formula_eval__numbers__take_fraction_and_exponent),
		cmocka_unit_test(formula_eval__bracket_offset__reads_an_earlier_year),
		cmocka_unit_test(formula_eval__at_year__reads_a_fixed_year),
		cmocka_unit_test(formula_eval__key_functions__on_50_30_20),
		cmocka_unit_test(formula_eval__key_functions__take_offset_and_year),
		cmocka_unit_test(formula_eval__count__skips_zero_keys),
		cmocka_unit_test(formula_eval__key_function__without_keys_is_null),
		cmocka_unit_test(formula_eval__null_key__makes_key_functions_null_with_a_warning),
		cmocka_unit_test(formula_eval__share_functions__null_on_zero_total_or_negative_key),
		cmocka_unit_test(formula_eval__entropy__ignores_zero_shares),
		cmocka_unit_test(formula_eval__null__propagates_through_arithmetic),
		cmocka_unit_test(formula_eval__null__propagates_through_functions),
		cmocka_unit_test(formula_eval__coalesce__returns_first_non_null),
		cmocka_unit_test(formula_eval__division_by_zero__is_null_with_warning),
		cmocka_unit_test(formula_eval__division_of_null_by_zero__does_not_warn),
		cmocka_unit_test(formula_eval__non_finite_result__is_null),
		cmocka_unit_test(formula_parse__errors__name_the_column),
		cmocka_unit_test(formula_refs__lists_every_reference_in_order),
		cmocka_unit_test(formula_parse__10000_parentheses__fail_with_nesting_error),
		cmocka_unit_test(formula_parse__256_parentheses__are_allowed),
		cmocka_unit_test(formula_eval__long_flat_chains__use_no_stack),
		cmocka_unit_test(formula__golden_cases__match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
