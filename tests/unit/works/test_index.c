/*
 * The index (results in one pass) against a brute-force count straight
 * from the works: random works over 40 institutions (every one a subject,
 * --institutions all), each subject's years, works, international works,
 * partner countries and partner institutions as the definitions in
 * docs/works.md say, without the aggregate's tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/works.h"
#include <stdio.h>
#include <string.h>
#include "util/banned.h"

#define NI 40
#define NW 600
#define Y0 2015
#define NY 6

static const char *const CC[] = { "KZ", "US", "DE", "CN" };

struct rw {
	int year;
	int inst[4], ninst;	/* distinct institution numbers */
};

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static const char *cc_of(int i)
{
	return CC[i % 4];
}

static void name_of(int i, char out[8])
{
	snprintf(out, 8, "I%d", i);
}

static void add(struct works_agg *a, const struct rw *w)
{
	struct work_builder b;
	char n[8];

	wb_init(&b);
	b.year = w->year;
	for (int k = 0; k < w->ninst; k++) {
		name_of(w->inst[k], n);
		wb_inst(&b, n, strlen(n), NULL, 0, cc_of(w->inst[k]));
		wb_country(&b, cc_of(w->inst[k]));
	}
	works_agg_add(wb_finish(&b), a);
	wb_release(&b);
}

/* NW works of the stream seed: a year of Y0..Y0+NY-1, one to four distinct institutions. */
static void random_works(struct rw *ws, unsigned seed)
{
	for (int i = 0; i < NW; i++) {
		ws[i].year = Y0 + (int)(rnd(&seed) % NY);
		ws[i].ninst = 0;
		for (int k = 1 + (int)(rnd(&seed) % 4); k > 0; k--) {
			int x = (int)(rnd(&seed) % NI), dup = 0;
			for (int j = 0; j < ws[i].ninst; j++)
				dup |= ws[i].inst[j] == x;
			if (!dup)
				ws[i].inst[ws[i].ninst++] = x;
		}
	}
}

/* The brute-force figures of subject s in year y. */
struct ref {
	uint64_t works, intl, cc[4], partner[NI];
};

static void reference(const struct rw *ws, int s, int y, struct ref *r)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < NW; i++) {
		const struct rw *w = &ws[i];
		int mine = 0, ncc = 0, seen[4] = { 0 };
		if (w->year != y)
			continue;
		for (int k = 0; k < w->ninst; k++) {
			mine |= w->inst[k] == s;
			if (!seen[w->inst[k] % 4]++)
				ncc++;
		}
		if (!mine)
			continue;
		r->works++;
		r->intl += ncc >= 2;
		/* home: the subject's own country; partners: the others */
		for (int c = 0; c < 4; c++)
			if (seen[c] && c != s % 4)
				r->cc[c]++;
		for (int k = 0; k < w->ninst; k++)
			if (w->inst[k] != s && w->inst[k] % 4 != s % 4)
				r->partner[w->inst[k]]++;
	}
}

static void index__random_works__match_a_brute_force_count(void **state)
{
	static struct rw ws[NW];
	struct works_opts o = { .leiden = true };
	struct works_agg a;
	struct works_index ix;

	(void)state;
	random_works(ws, 7);
	works_agg_init(&a, &o);
	works_agg_every(&a, NULL);
	for (int i = 0; i < NW; i++)
		add(&a, &ws[i]);
	assert_int_equal(works_agg_nsubjects(&a), NI);
	{
		const struct works_agg *src[1] = { &a };
		works_index_build(&ix, src, 1, 2);
	}
	for (size_t i = 0; i < NI; i++) {
		struct works_result r;
		int s;
		works_index_result(&ix, i, &r);
		assert_int_equal(sscanf(r.subject, "I%d", &s), 1);
		if (i)	/* id order */
			assert_true(strcmp(works_index_id(&ix, i - 1), r.subject) < 0);
		for (size_t k = 0; k < r.nyears; k++) {
			const struct works_year *y = &r.years[k];
			struct ref ref;
			uint64_t np = 0;
			reference(ws, s, y->year, &ref);
			assert_true(!k || r.years[k - 1].year < y->year);
			assert_int_equal(y->works, ref.works);
			assert_int_equal(y->works_intl, ref.intl);
			for (size_t c = 0; c < y->ncountries; c++) {
				int ci = -1;
				for (int j = 0; j < 4; j++)
					if (!strcmp(CC[j], y->countries[c].country))
						ci = j;
				assert_true(ci >= 0);
				assert_int_equal(y->countries[c].works, ref.cc[ci]);
				ref.cc[ci] = 0;
			}
			for (int j = 0; j < 4; j++)
				assert_int_equal(ref.cc[j], 0);	/* none left out */
			for (size_t p = 0; p < y->npartners; p++) {
				int pi;
				assert_int_equal(sscanf(y->partners[p].key, "I%d", &pi), 1);
				assert_int_equal(y->partners[p].works, ref.partner[pi]);
				assert_string_equal(y->partners[p].country, cc_of(pi));
				if (p)	/* most works first, then id */
					assert_true(y->partners[p - 1].works > y->partners[p].works ||
						    (y->partners[p - 1].works == y->partners[p].works &&
						     strcmp(y->partners[p - 1].key, y->partners[p].key) < 0));
				ref.partner[pi] = 0;
			}
			for (int j = 0; j < NI; j++)
				np += ref.partner[j];
			assert_int_equal(np, 0);
		}
		/* and no year of the subject is missing */
		for (int yy = Y0; yy < Y0 + NY; yy++) {
			struct ref ref;
			int found = 0;
			reference(ws, s, yy, &ref);
			for (size_t k = 0; k < r.nyears; k++)
				found |= r.years[k].year == yy;
			assert_int_equal(found, ref.works > 0);
		}
		works_result_release(&r);
	}
	works_index_release(&ix);
	works_agg_release(&a);
}

/* Every output of an index, one string. */
static void outputs(const struct works_index *ix, int jobs, struct buf *b)
{
	static const enum works_output fmts[] = { WORKS_OUT_JSON, WORKS_OUT_CSV,
		WORKS_OUT_CSV_COUNTRIES, WORKS_OUT_CSV_PARTNERS, WORKS_OUT_LEIDEN,
		WORKS_OUT_LEIDEN_JSON, WORKS_OUT_PARTIAL };

	buf_reset(b);
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		struct works_out wo = { fmts[f], 2, WORKS_COUNT_FRACTIONAL, jobs };
		works_write_index(ix, &wo, b);
	}
}

/*
 * The threads' aggregates are grouped by one index build, chunk by chunk
 * on several threads: any split of the works over any number of
 * aggregates, with any number of threads, gives the bytes of one
 * aggregate written by one thread.
 */
static void index__several_sources_and_threads__give_the_one_aggregate_bytes(void **state)
{
	static struct rw ws[NW];
	struct works_opts o = { .leiden = true };
	struct works_agg one, part[3];
	struct works_index ix;
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	const struct works_agg *src[3] = { &part[0], &part[1], &part[2] };

	(void)state;
	random_works(ws, 11);
	works_agg_init(&one, &o);
	works_agg_every(&one, NULL);
	works_agg_keep_leiden(&one);
	for (int i = 0; i < NW; i++)
		add(&one, &ws[i]);
	src[0] = &one;
	works_index_build(&ix, src, 1, 1);
	outputs(&ix, 1, &b1);
	works_index_release(&ix);
	assert_true(b1.len > 10000);
	for (int nsrc = 1; nsrc <= 3; nsrc++) {
		for (int k = 0; k < nsrc; k++) {
			works_agg_init_like(&part[k], &one);
			src[k] = &part[k];
		}
		for (int i = 0; i < NW; i++)	/* works in no order of their ids */
			add(&part[(i * 7 + i / 5) % nsrc], &ws[NW - 1 - i]);
		for (int jobs = 1; jobs <= 3; jobs++) {
			works_index_build(&ix, src, (size_t)nsrc, jobs);
			assert_int_equal(ix.nsubjects, NI);
			outputs(&ix, jobs, &b2);
			assert_int_equal(b1.len, b2.len);
			assert_memory_equal(b1.buf, b2.buf, b1.len);
			works_index_release(&ix);
		}
		for (int k = 0; k < nsrc; k++)
			works_agg_release(&part[k]);
	}
	works_agg_release(&one);
	buf_release(&b1);
	buf_release(&b2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index__random_works__match_a_brute_force_count),
		cmocka_unit_test(index__several_sources_and_threads__give_the_one_aggregate_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
