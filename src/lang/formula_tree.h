#ifndef LANG_FORMULA_TREE_H
#define LANG_FORMULA_TREE_H
#include "lang/formula.h"

/* The parsed form of a formula, between formula_parse.c and formula_eval.c. */

enum kind { K_NUM, K_REF, K_NEG, K_SUM, K_PRODUCT, K_POW, K_CALL };

enum fn {
	FN_SUM, FN_COUNT, FN_HHI, FN_EFFECTIVE_N, FN_ENTROPY, FN_MAX_SHARE,
	FN_MIN, FN_MAX, FN_ABS, FN_COALESCE
};

struct fn_info {
	const char *name;
	bool keyed;
	size_t min_args, max_args;	/* max_args 0 = no limit */
};
extern const struct fn_info formula_fns[];	/* indexed by enum fn */


/* A child of a node; op and column are those of the operator before it. */
struct arg {
	size_t node;
	char op;
	int column;
};

struct node {
	enum kind kind;
	int column;		/* where the node's text starts */
	double num;		/* K_NUM */
	char *name;		/* K_REF, owned; formula_ref.metric borrows it */
	size_t ref;		/* K_REF: index into formula.refs */
	bool fixed;		/* K_REF: year is absolute, else back applies */
	int year, back;		/* K_REF */
	enum fn fn;		/* K_CALL */
	struct arg *args;	/* owned */
	size_t nargs;
};

/* Nodes live in one array and refer to each other by index. */
struct formula {
	struct node *nodes;
	size_t nnodes, anodes;
	size_t root;
	struct formula_ref *refs;
	size_t nrefs, arefs;
};

#endif
