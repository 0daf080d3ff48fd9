/* Parsing formulas, and their lifetime (lang/formula.h). */
#include "lang/formula.h"
#include "lang/formula_tree.h"
#include "util/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/*
 * Parentheses, call arguments, unary minus operands and power exponents
 * each open one level. The limit keeps both the parser and the evaluator,
 * whose recursion follows the same nesting, far from the end of the stack.
 */
#define MAX_DEPTH 256
#define MAX_YEARS_BACK 9999

const struct fn_info formula_fns[] = {
	[FN_SUM] = { "sum", true, 1, 1 },
	[FN_COUNT] = { "count", true, 1, 1 },
	[FN_HHI] = { "hhi", true, 1, 1 },
	[FN_EFFECTIVE_N] = { "effective_n", true, 1, 1 },
	[FN_ENTROPY] = { "entropy", true, 1, 1 },
	[FN_MAX_SHARE] = { "max_share", true, 1, 1 },
	[FN_MIN] = { "min", false, 1, 0 },
	[FN_MAX] = { "max", false, 1, 0 },
	[FN_ABS] = { "abs", false, 1, 1 },
	[FN_COALESCE] = { "coalesce", false, 2, 0 },
};

enum tok_type { T_END, T_NUM, T_NAME, T_PUNCT, T_BAD };

struct token {
	enum tok_type type;
	const char *start;
	size_t len;
};

struct parser {
	const char *text;
	const char *pos;	/* first byte after tok */
	struct token tok;
	int depth;
	struct formula *f;
	struct buf *err;
};

static int column_of(const struct parser *p, const char *at)
{
	size_t c = (size_t)(at - p->text) + 1;
	return c > INT_MAX ? INT_MAX : (int)c;
}

static int tok_column(const struct parser *p)
{
	return column_of(p, p->tok.start);
}

static int is_digit(char c)
{
	return isdigit((unsigned char)c);
}

static const char *skip_digits(const char *s)
{
	while (is_digit(*s))
		s++;
	return s;
}

static void next(struct parser *p)
{
	const char *s = p->pos, *e;

	while (isspace((unsigned char)*s))
		s++;
	p->tok.start = s;
	if (!*s) {
		p->tok.type = T_END;
		e = s;
	} else if (is_digit(*s) || (*s == '.' && is_digit(s[1]))) {
		p->tok.type = T_NUM;
		e = skip_digits(s);
		if (*e == '.' && is_digit(e[1]))
			e = skip_digits(e + 1);
		if (*e == 'e' || *e == 'E') {
			const char *x = e + 1;
			if (*x == '+' || *x == '-')
				x++;
			if (is_digit(*x))
				e = skip_digits(x);
		}
	} else if (isalpha((unsigned char)*s) || *s == '_') {
		p->tok.type = T_NAME;
		e = s + 1;
		while (isalnum((unsigned char)*e) || *e == '_' || *e == '.')
			e++;
	} else {
		p->tok.type = strchr("+-*/^()[]@,", *s) ? T_PUNCT : T_BAD;
		e = s + 1;
	}
	p->tok.len = (size_t)(e - s);
	p->pos = e;
}

static bool is(const struct parser *p, char c)
{
	return p->tok.type == T_PUNCT && p->tok.start[0] == c;
}

static bool all_digits(const struct token *t)
{
	return t->type == T_NUM && skip_digits(t->start) == t->start + t->len;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, int column, const char *fmt, ...)
{
	va_list ap;

	buf_setf(p->err, "column %d: ", column);
	va_start(ap, fmt);
	buf_vaddf(p->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* "end of formula" or the token quoted, shortened and with odd bytes escaped. */
static void describe(struct buf *b, const struct token *t)
{
	size_t i, n = t->len > 32 ? 29 : t->len;

	if (t->type == T_END) {
		buf_addstr(b, "end of formula");
		return;
	}
	buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t->start[i];
		if (isprint(c))
			buf_addch(b, c);
		else
			buf_addf(b, "\\x%02x", c);
	}
	if (n < t->len)
		buf_addstr(b, "...");
	buf_addch(b, '\'');
}

static int expected(struct parser *p, const char *what)
{
	struct buf found = BUF_INIT;

	describe(&found, &p->tok);
	fail(p, tok_column(p), "expected %s, found %s", what, found.buf);
	buf_release(&found);
	return -1;
}

static int enter(struct parser *p, int column)
{
	if (++p->depth > MAX_DEPTH)
		return fail(p, column, "nesting deeper than %d", MAX_DEPTH);
	return 0;
}

static size_t new_node(struct formula *f, enum kind kind, int column)
{
	struct node *n;

	f->nodes = xgrow(f->nodes, &f->anodes, f->nnodes + 1, sizeof(*f->nodes));
	n = &f->nodes[f->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->column = column;
	return f->nnodes++;
}

static void push_arg(struct arg **args, size_t *n, size_t *alloc,
		     size_t node, char op, int column)
{
	*args = xgrow(*args, alloc, *n + 1, sizeof(**args));
	(*args)[*n].node = node;
	(*args)[*n].op = op;
	(*args)[*n].column = column;
	(*n)++;
}

static size_t new_parent(struct formula *f, enum kind kind, int column,
			 struct arg *args, size_t nargs)
{
	size_t i = new_node(f, kind, column);

	f->nodes[i].args = args;
	f->nodes[i].nargs = nargs;
	return i;
}

static int parse_expr(struct parser *p, size_t *out);
static int parse_unary(struct parser *p, size_t *out);

static int parse_number(struct parser *p, size_t *out)
{
	char *s = xstrndup(p->tok.start, p->tok.len), *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*end || (errno == ERANGE && fabs(v) == HUGE_VAL)) {
		free(s);
		return expected(p, "a number within range");
	}
	free(s);
	*out = new_node(p->f, K_NUM, tok_column(p));
	p->f->nodes[*out].num = v;
	next(p);
	return 0;
}

/* After a metric name: nothing, `[-k]` or `@YYYY`. */
static int parse_modifier(struct parser *p, struct node *ref)
{
	if (is(p, '[')) {
		long k = 0;
		next(p);
		if (!is(p, '-'))
			return expected(p, "'-' (as in m[-1])");
		next(p);
		if (all_digits(&p->tok) && p->tok.len <= 4)
			k = strtol(p->tok.start, NULL, 10);
		if (k < 1 || k > MAX_YEARS_BACK)
			return expected(p, "a whole number of years from 1 to 9999");
		next(p);
		if (!is(p, ']'))
			return expected(p, "']'");
		next(p);
		ref->back = (int)k;
	} else if (is(p, '@')) {
		next(p);
		if (!all_digits(&p->tok) || p->tok.len != 4)
			return expected(p, "a 4-digit year");
		ref->fixed = true;
		ref->year = (int)strtol(p->tok.start, NULL, 10);
		next(p);
	}
	return 0;
}

static int parse_ref(struct parser *p, size_t *out)
{
	struct formula *f = p->f;
	size_t i = new_node(f, K_REF, tok_column(p));
	struct node *n = &f->nodes[i];

	n->name = xstrndup(p->tok.start, p->tok.len);
	n->ref = f->nrefs;
	f->refs = xgrow(f->refs, &f->arefs, f->nrefs + 1, sizeof(*f->refs));
	f->refs[f->nrefs].metric = n->name;
	f->refs[f->nrefs].keyed = false;
	f->refs[f->nrefs].column = n->column;
	f->nrefs++;
	next(p);
	*out = i;
	return parse_modifier(p, n);
}

static int check_call(struct parser *p, enum fn fn, int column,
		      const struct arg *args, size_t nargs)
{
	const struct fn_info *fi = &formula_fns[fn];
	const struct node *arg;

	if (nargs < fi->min_args || (fi->max_args && nargs > fi->max_args)) {
		const char *plural = fi->min_args == 1 ? "" : "s";
		if (fi->min_args == fi->max_args)
			return fail(p, column, "%s() takes %zu argument%s, found %zu",
				    fi->name, fi->min_args, plural, nargs);
		return fail(p, column, "%s() takes at least %zu argument%s, found %zu",
			    fi->name, fi->min_args, plural, nargs);
	}
	if (!fi->keyed)
		return 0;
	arg = &p->f->nodes[args[0].node];
	if (arg->kind != K_REF)
		return fail(p, arg->column, "%s() takes a metric reference, not an expression",
			    fi->name);
	p->f->refs[arg->ref].keyed = true;
	return 0;
}

static int parse_call(struct parser *p, size_t *out)
{
	int column = tok_column(p);
	struct arg *args = NULL;
	size_t nargs = 0, alloc = 0, i;
	size_t fn, nfns = sizeof(formula_fns) / sizeof(*formula_fns);

	for (fn = 0; fn < nfns; fn++)
		if (strlen(formula_fns[fn].name) == p->tok.len &&
		    !memcmp(formula_fns[fn].name, p->tok.start, p->tok.len))
			break;
	if (fn == nfns)
		return fail(p, column, "unknown function '%.*s'",
			    (int)p->tok.len, p->tok.start);
	next(p);
	if (enter(p, tok_column(p)))
		return -1;
	next(p);
	if (!is(p, ')')) {
		for (;;) {
			if (parse_expr(p, &i))
				goto fail;
			push_arg(&args, &nargs, &alloc, i, 0, 0);
			if (is(p, ')'))
				break;
			if (!is(p, ',')) {
				expected(p, "',' or ')'");
				goto fail;
			}
			next(p);
		}
	}
	next(p);
	p->depth--;
	if (check_call(p, (enum fn)fn, column, args, nargs))
		goto fail;
	*out = new_parent(p->f, K_CALL, column, args, nargs);
	p->f->nodes[*out].fn = (enum fn)fn;
	return 0;
fail:
	free(args);
	return -1;
}

static int parse_primary(struct parser *p, size_t *out)
{
	if (p->tok.type == T_NUM)
		return parse_number(p, out);
	if (p->tok.type == T_NAME) {
		const char *s = p->pos;
		while (isspace((unsigned char)*s))
			s++;
		return *s == '(' ? parse_call(p, out) : parse_ref(p, out);
	}
	if (is(p, '(')) {
		if (enter(p, tok_column(p)))
			return -1;
		next(p);
		if (parse_expr(p, out))
			return -1;
		if (!is(p, ')'))
			return expected(p, "')'");
		next(p);
		p->depth--;
		return 0;
	}
	return expected(p, "a number, metric or '('");
}

/* `^` is right-associative and its exponent may carry a unary minus. */
static int parse_power(struct parser *p, size_t *out)
{
	struct arg *args;
	size_t base, exp;
	int column;

	if (parse_primary(p, &base))
		return -1;
	if (!is(p, '^')) {
		*out = base;
		return 0;
	}
	column = tok_column(p);
	if (enter(p, column))
		return -1;
	next(p);
	if (parse_unary(p, &exp))
		return -1;
	p->depth--;
	args = xmalloc(2 * sizeof(*args));
	args[0] = (struct arg){ base, 0, 0 };
	args[1] = (struct arg){ exp, '^', column };
	*out = new_parent(p->f, K_POW, p->f->nodes[base].column, args, 2);
	return 0;
}

static int parse_unary(struct parser *p, size_t *out)
{
	struct arg *arg;
	size_t operand;
	int column;

	if (!is(p, '-'))
		return parse_power(p, out);
	column = tok_column(p);
	if (enter(p, column))
		return -1;
	next(p);
	if (parse_unary(p, &operand))
		return -1;
	p->depth--;
	arg = xmalloc(sizeof(*arg));
	*arg = (struct arg){ operand, '-', column };
	*out = new_parent(p->f, K_NEG, column, arg, 1);
	return 0;
}

/* An operand of a sum is a product; an operand of a product is a unary. */
static int parse_operand(struct parser *p, size_t *out, enum kind kind);

/*
 * A run of `a + b - c` (or `a * b / c`) becomes one node with a list of
 * operands, so that a long run costs no stack when evaluated.
 */
static int parse_chain(struct parser *p, size_t *out, enum kind kind)
{
	char op1 = kind == K_SUM ? '+' : '*', op2 = kind == K_SUM ? '-' : '/';
	int column = tok_column(p);
	struct arg *args = NULL;
	size_t nargs = 0, alloc = 0, i;

	if (parse_operand(p, &i, kind))
		return -1;
	if (!is(p, op1) && !is(p, op2)) {
		*out = i;
		return 0;
	}
	push_arg(&args, &nargs, &alloc, i, op1, column);
	while (is(p, op1) || is(p, op2)) {
		char op = p->tok.start[0];
		int opcol = tok_column(p);
		next(p);
		if (parse_operand(p, &i, kind)) {
			free(args);
			return -1;
		}
		push_arg(&args, &nargs, &alloc, i, op, opcol);
	}
	*out = new_parent(p->f, kind, column, args, nargs);
	return 0;
}

static int parse_operand(struct parser *p, size_t *out, enum kind kind)
{
	if (kind == K_SUM)
		return parse_chain(p, out, K_PRODUCT);
	return parse_unary(p, out);
}

static int parse_expr(struct parser *p, size_t *out)
{
	return parse_chain(p, out, K_SUM);
}

int formula_parse(const char *text, struct formula **out, struct buf *err)
{
	struct parser p = { .text = text, .pos = text, .err = err };

	p.f = xcalloc(1, sizeof(*p.f));
	*out = NULL;
	next(&p);
	if (parse_expr(&p, &p.f->root) ||
	    (p.tok.type != T_END && expected(&p, "an operator or end of formula"))) {
		formula_free(p.f);
		return -1;
	}
	*out = p.f;
	return 0;
}

void formula_free(struct formula *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nnodes; i++) {
		free(f->nodes[i].args);
		free(f->nodes[i].name);
	}
	free(f->nodes);
	free(f->refs);
	free(f);
}

size_t formula_refs(const struct formula *f, const struct formula_ref **refs)
{
	*refs = f->refs;
	return f->nrefs;
}
