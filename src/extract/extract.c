#include "extract/extract.h"
#include "util/csv.h"
#include "util/textnorm.h"
#include "util/hmap.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define SHOWN_CELL 60

static void add_name(struct univ_names *u, const char *name)
{
	struct buf b = BUF_INIT;
	textnorm_name(name, &b);
	if (b.len)
		u->v[u->n++] = buf_detach(&b, NULL);
	buf_release(&b);
}

void univ_names_init(struct univ_names *u, const struct profile *p)
{
	u->n = 0;
	u->v = xcalloc(p->naliases + 1, sizeof(char *));
	if (p->name)
		add_name(u, p->name);
	for (size_t i = 0; i < p->naliases; i++)
		add_name(u, p->aliases[i]);
}

void univ_names_init_peer(struct univ_names *u, const struct peer *p)
{
	u->n = 0;
	u->v = xcalloc(p->naliases + 1, sizeof(char *));
	if (p->name)
		add_name(u, p->name);
	for (size_t i = 0; i < p->naliases; i++)
		add_name(u, p->aliases[i]);
}

void univ_names_release(struct univ_names *u)
{
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i]);
	free(u->v);
	u->v = NULL;
	u->n = 0;
}

int univ_match(const struct univ_names *u, const char *text)
{
	struct buf b = BUF_INIT;
	int best = 0;

	textnorm_name(text, &b);
	for (size_t i = 0; i < u->n && best < 2; i++) {
		size_t len = strlen(u->v[i]);
		if (!strcmp(b.buf, u->v[i]))
			best = 2;
		else if (b.len > len && !strncmp(b.buf, u->v[i], len) && b.buf[len] == ' ')
			best = 1;
	}
	buf_release(&b);
	return best;
}

void extract_add_shown(struct buf *err, const char *text)
{
	size_t n = strlen(text);
	if (n <= SHOWN_CELL) {
		buf_addstr(err, text);
		return;
	}
	n = SHOWN_CELL;
	while (n && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	buf_add(err, text, n);
	buf_addstr(err, "...");
}

int extract_number(const struct metric_map *m, const char *text, char decimal,
		   char thousands, double *out, struct buf *err)
{
	int rc;
	*out = NAN;
	if (m->rank) {
		struct rank_band b;
		rc = rank_parse(text, &b);
		if (rc > 0)
			*out = rank_value(&b, m->rank);
		if (rc < 0) {
			buf_setf(err, "'");
			extract_add_shown(err, text);
			buf_addstr(err, "' is not a rank (such as 451, =451, 801-1000, 1001+ or n/a)");
		}
		return rc < 0 ? -1 : !isnan(*out);
	}
	rc = csv_parse_number(text, decimal, thousands, out);
	if (rc < 0) {
		buf_setf(err, "'");
		extract_add_shown(err, text);
		buf_addstr(err, "' is not a number");
	}
	if (rc <= 0)
		*out = NAN;
	return rc;
}

int extract_year(const char *text)
{
	for (const char *s = text; *s; s++) {
		int y = 0, n = 0;
		if (s > text && s[-1] >= '0' && s[-1] <= '9')
			continue;
		while (s[n] >= '0' && s[n] <= '9' && n < 5)
			y = y * 10 + (s[n++] - '0');
		if (n == 4 && y >= 1900 && y <= 2200)
			return y;
	}
	return 0;
}

void extract_tmp_init(struct extract_tmp *x)
{
	obs_init(&x->t);
	x->score = NULL;
	x->group = NULL;
	x->ascore = x->agroup = 0;
}

void extract_tmp_release(struct extract_tmp *x)
{
	obs_release(&x->t);
	free(x->score);
	free(x->group);
	x->score = NULL;
	x->group = NULL;
	x->ascore = x->agroup = 0;
}

void extract_tmp_add_group(struct extract_tmp *x, const char *metric, int year,
			   const char *key, double value, int line, int score,
			   unsigned group)
{
	/* src holds the row's index into score and group until the commit */
	x->score = xgrow(x->score, &x->ascore, x->t.n + 1, sizeof(*x->score));
	x->group = xgrow(x->group, &x->agroup, x->t.n + 1, sizeof(*x->group));
	x->score[x->t.n] = score;
	x->group[x->t.n] = group;
	obs_add(&x->t, x->t.n, metric, year, key, value, line);
}

void extract_tmp_add(struct extract_tmp *x, const char *metric, int year,
		     const char *key, double value, int line, int score)
{
	extract_tmp_add_group(x, metric, year, key, value, line, score, 0);
}

/* The best-score map's key of an observation: its year and group. */
static uint32_t best_key(const struct extract_tmp *x, const struct obs *o)
{
	return (uint32_t)o->year | (uint32_t)x->group[o->src] << 16;
}

static int same_key(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int extract_tmp_commit(struct extract_tmp *x, const char *name,
		       struct obs_table *t, size_t src, struct buf *err)
{
	struct obs_table *tmp = &x->t;
	size_t kept = 0;
	int rc = -1, scored = 0;

	for (size_t i = 0; i < tmp->n; i++)
		scored |= x->score[i];
	/* per year (and peer), only the rows that named the university (the
	 * peer) best: the best score of each first, one pass, not one per row */
	if (scored) {
		struct u64map best;
		u64map_init(&best);
		for (size_t i = 0; i < tmp->n; i++) {
			uint64_t *b = u64map_slot(&best, best_key(x, &tmp->v[i]));
			if ((uint64_t)x->score[tmp->v[i].src] > *b)
				*b = (uint64_t)x->score[tmp->v[i].src];
		}
		for (size_t i = 0; i < tmp->n; i++) {
			if ((uint64_t)x->score[tmp->v[i].src] ==
			    *u64map_get(&best, best_key(x, &tmp->v[i]))) {
				struct obs o = tmp->v[kept];
				tmp->v[kept++] = tmp->v[i];
				tmp->v[i] = o;
			}
		}
		u64map_release(&best);
		for (size_t i = kept; i < tmp->n; i++) {
			free(tmp->v[i].metric);
			free(tmp->v[i].key);
			free(tmp->v[i].more);
			free(tmp->v[i].pointer);
		}
		tmp->n = kept;
	}
	obs_sort(tmp);
	for (size_t i = 1; i < tmp->n; i++) {
		const struct obs *a = &tmp->v[i - 1], *b = &tmp->v[i];
		if (!strcmp(a->metric, b->metric) && a->year == b->year &&
		    same_key(a->key, b->key)) {
			buf_setf(err, "%s:%d: a second value for metric '%s', year %d%s%s%s (first at line %d)",
				 name, b->line, b->metric, b->year, b->key ? ", key '" : "",
				 b->key ? b->key : "", b->key ? "'" : "", a->line);
			goto out;
		}
	}
	for (size_t i = 0; i < tmp->n; i++) {
		const struct obs *o = &tmp->v[i];
		obs_add(t, src, o->metric, o->year, o->key, o->value, o->line);
		obs_copy_where(t, t->n - 1, o);
	}
	obs_copy_labels(t, src, tmp);
	obs_carry_utf8(t, src, tmp);
	rc = 0;
out:
	extract_tmp_release(x);
	return rc;
}
