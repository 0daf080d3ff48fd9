/* Evaluating a parsed formula for one year (lang/formula.h). */
#include "lang/formula.h"
#include "lang/formula_tree.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

struct eval {
	const struct formula *f;
	int year;
	const struct formula_env *env;
	struct buf *warn;
};

static int ref_year(const struct eval *e, const struct node *n)
{
	return n->fixed ? n->year : e->year - n->back;
}

/*
 * Over a metric's keys in one year. A key whose value is null (NAN, or not
 * finite) makes the result null: the total of the others is not the total
 * (a blank cell of a hand-kept file, docs/configuration.md). No keys at
 * all gives null. The share functions need non-negative values and a
 * non-zero total, else they are null.
 */
static double key_fn(enum fn fn, const double *v, size_t n)
{
	double total = 0, top = 0, r = 0;
	size_t i, present = 0, positive = 0;
	bool negative = false;

	for (i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			return NAN;
		present++;
		total += v[i];
		if (v[i] > 0)
			positive++;
		if (v[i] < 0)
			negative = true;
		if (v[i] > top)
			top = v[i];
	}
	if (!present)
		return NAN;
	if (fn == FN_SUM)
		return total;
	if (fn == FN_COUNT)
		return (double)positive;
	if (negative || total == 0)
		return NAN;
	if (fn == FN_MAX_SHARE)
		return top / total;
	for (i = 0; i < n; i++) {
		double s = v[i] / total;
		if (!isfinite(v[i]))
			continue;
		if (fn == FN_ENTROPY)
			r -= s > 0 ? s * log(s) : 0;
		else
			r += s * s;
	}
	return fn == FN_EFFECTIVE_N ? 1 / r : r;
}

static double eval(const struct eval *e, size_t i);

static double eval_call(const struct eval *e, const struct node *n)
{
	const struct node *arg = &e->f->nodes[n->args[0].node];
	double r, v;
	size_t i;

	if (formula_fns[n->fn].keyed) {
		const double *values = NULL;
		size_t count = 0;
		if (e->env->keys)
			count = e->env->keys(e->env->ctx, arg->name,
					     ref_year(e, arg), &values);
		if (!count)
			return NAN;
		r = key_fn(n->fn, values, count);
		for (i = 0; isnan(r) && e->warn && i < count; i++)
			if (!isfinite(values[i])) {
				buf_addf(e->warn, "%s(%s) in year %d is null: a key's value is "
					 "null (a blank cell in its source?)\n",
					 formula_fns[n->fn].name, arg->name, ref_year(e, arg));
				break;
			}
		return r;
	}
	switch (n->fn) {
	case FN_ABS:
		return fabs(eval(e, n->args[0].node));
	case FN_COALESCE:
		/* Stops at the first non-null, so later arguments do not warn. */
		for (i = 0; i < n->nargs; i++) {
			v = eval(e, n->args[i].node);
			if (!isnan(v))
				return v;
		}
		return NAN;
	default:
		r = eval(e, n->args[0].node);
		for (i = 1; i < n->nargs; i++) {
			v = eval(e, n->args[i].node);
			if (isnan(v) || isnan(r))
				r = NAN;
			else if (n->fn == FN_MIN ? v < r : v > r)
				r = v;
		}
		return r;
	}
}

static double eval_product(const struct eval *e, const struct node *n)
{
	double r = eval(e, n->args[0].node), v;
	size_t i;

	for (i = 1; i < n->nargs; i++) {
		v = eval(e, n->args[i].node);
		if (n->args[i].op == '*') {
			r *= v;
		} else if (v == 0) {
			/* A null numerator explains the null already. */
			if (!isnan(r) && e->warn)
				buf_addf(e->warn, "division by zero in year %d at column %d\n",
					 e->year, n->args[i].column);
			r = NAN;
		} else {
			r /= v;
		}
	}
	return r;
}

static double eval_node(const struct eval *e, const struct node *n)
{
	double r, v;
	size_t i;

	switch (n->kind) {
	case K_NUM:
		return n->num;
	case K_REF:
		if (!e->env->value)
			return NAN;
		return e->env->value(e->env->ctx, n->name, ref_year(e, n));
	case K_NEG:
		return -eval(e, n->args[0].node);
	case K_SUM:
		r = eval(e, n->args[0].node);
		for (i = 1; i < n->nargs; i++) {
			v = eval(e, n->args[i].node);
			r = n->args[i].op == '+' ? r + v : r - v;
		}
		return r;
	case K_PRODUCT:
		return eval_product(e, n);
	case K_POW:
		r = eval(e, n->args[0].node);
		v = eval(e, n->args[1].node);
		/* pow(x, 0) and pow(1, y) are 1 even for NAN: null must win. */
		return isnan(r) || isnan(v) ? NAN : pow(r, v);
	case K_CALL:
		return eval_call(e, n);
	}
	return NAN;
}

/* Infinities (overflow, x^-1 at 0, odd input) are null like NAN. */
static double eval(const struct eval *e, size_t i)
{
	double v = eval_node(e, &e->f->nodes[i]);
	return isfinite(v) ? v : NAN;
}

double formula_eval(const struct formula *f, int year,
		    const struct formula_env *env, struct buf *warn)
{
	struct eval e = { f, year, env, warn };
	return eval(&e, f->root);
}
