#ifndef LANG_FORMULA_H
#define LANG_FORMULA_H
#include "util/buf.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * KPI formulas: arithmetic (+ - * / ^, unary minus, parentheses, numbers)
 * over metric references, where a reference is `name`, `name[-k]` (k years
 * before the evaluated year) or `name@YYYY` (a fixed year). Functions over
 * a metric's keys take one reference: sum, count (keys with value > 0),
 * hhi (sum of squared shares), effective_n (1/hhi), entropy (-sum p ln p,
 * natural log), max_share (largest key / total). Functions over values:
 * min, max (one or more arguments), abs, coalesce (first non-null, two or
 * more arguments).
 *
 * Null is NAN. It propagates through every operator and function except
 * coalesce. Division by zero gives null and a warning. Metric names are
 * [A-Za-z_][A-Za-z0-9_.]*.
 */

struct formula;

struct formula_ref {
	const char *metric;	/* borrowed from the formula */
	bool keyed;		/* used inside a key function */
	int column;		/* 1-based column in the formula text */
};

struct formula_env {
	/* The keyless value of metric in year, or NAN when missing. */
	double (*value)(void *ctx, const char *metric, int year);
	/*
	 * The values of every key of metric in year: returns how many and
	 * sets *values (borrowed, may contain NAN); 0 when there are none.
	 */
	size_t (*keys)(void *ctx, const char *metric, int year,
		       const double **values);
	void *ctx;
};

/*
 * Parses text. On error returns -1 with err set to
 * "column N: expected ..., found ..." and *out NULL. Returned formulas
 * belong to the caller (formula_free).
 */
int formula_parse(const char *text, struct formula **out, struct buf *err);
void formula_free(struct formula *f);
/* The metric references in order of appearance; borrowed from f. */
size_t formula_refs(const struct formula *f, const struct formula_ref **refs);
/*
 * Evaluates f for year. Returns the value or NAN (null). Each reason for a
 * null that deserves a warning (division by zero) is appended to warn as
 * one line; missing data is not a warning.
 */
double formula_eval(const struct formula *f, int year,
		    const struct formula_env *env, struct buf *warn);

#endif
