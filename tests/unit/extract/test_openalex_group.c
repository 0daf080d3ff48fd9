#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "extract/openalex_group.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* An openalex-group source built in place, with the university and two peers. */
struct fx {
	struct source s;
	struct metric_map m[4];
	struct profile p;
	struct peer peers[2];
	struct obs_table t;
	struct buf err;
};

static struct fx *fx_new(void)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->s.id = "g";
	f->s.kind_id = KIND_OPENALEX_GROUP;
	f->s.metrics = f->m;
	f->s.query_from = 2021;
	f->s.query_to = 2023;
	f->p.name = "Fixture University";
	f->p.country = "KZ";
	f->p.openalex_id = "I100";
	f->peers[0] = (struct peer){ .name = "Peer A", .openalex_id = "https://openalex.org/I200", .country = "CN" };
	f->peers[1] = (struct peer){ .name = "Peer B", .openalex_id = "I300", .country = "FR" };
	f->p.peers = f->peers;
	f->p.npeers = 2;
	obs_init(&f->t);
	buf_init(&f->err, 0);
	return f;
}

static void metric(struct fx *f, const char *name, enum group_value v, bool peers)
{
	struct metric_map *m = &f->m[f->s.nmetrics++];
	m->name = (char *)name;
	m->group = v;
	m->peers = peers;
	m->has_key = peers || v == GV_GROUPS || v == GV_PARTNERS;
}

static int run(struct fx *f, const char *doc, int year)
{
	struct extract_ctx x = { &f->s, &f->p, "g.json", year, NULL };
	struct obs_source rec = { 0 };
	size_t src;

	rec.id = "g";
	src = obs_add_source(&f->t, &rec);
	return extract_openalex_group(&x, doc, strlen(doc), &f->t, src, &f->err);
}

static double value_of(struct fx *f, const char *metric, int year, const char *key)
{
	for (size_t i = 0; i < f->t.n; i++)
		if (!strcmp(f->t.v[i].metric, metric) && f->t.v[i].year == year &&
		    ((!key && !f->t.v[i].key) || (key && f->t.v[i].key && !strcmp(key, f->t.v[i].key))))
			return f->t.v[i].value;
	return -1;
}

static void fx_free(struct fx *f)
{
	obs_release(&f->t);
	buf_release(&f->err);
	free(f);
}

static void extract_openalex_group__institutions__partners_without_itself_and_labelled(void **state)
{
	/* a merged answer (every page's groups): the university's own id and
	 * the "unknown" group are no partners; display names become labels */
	static const char doc[] =
		"{\"meta\":{\"count\":40,\"groups_count\":4,\"pages\":2},\"group_by\":["
		"{\"key\":\"https://openalex.org/I100\",\"key_display_name\":\"Fixture University\",\"count\":40},"
		"{\"key\":\"https://openalex.org/I900\",\"key_display_name\":\"Partner \\u00c9cole\",\"count\":3},"
		"{\"key\":\"https://openalex.org/I901\",\"key_display_name\":\"Other\\u001b[31m\",\"count\":1},"
		"{\"key\":\"unknown\",\"key_display_name\":\"unknown\",\"count\":2}]}";
	struct fx *f = fx_new();
	(void)state;
	metric(f, "by_inst", GV_PARTNERS, false);
	assert_int_equal(run(f, doc, 2022), 0);
	assert_int_equal(f->t.n, 2);
	assert_float_equal(value_of(f, "by_inst", 2022, "I900"), 3, 0);
	assert_float_equal(value_of(f, "by_inst", 2022, "I901"), 1, 0);
	assert_string_equal(obs_label(&f->t, "I900"), "Partner \xc3\x89" "cole");
	/* control characters never reach a label */
	assert_string_equal(obs_label(&f->t, "I901"), "Other[31m");
	fx_free(f);
}

static void extract_openalex_group__peers_by_year__keyed_by_peer_with_zero_years(void **state)
{
	/* per period, group_by publication_year, one answer per institution */
	static const char doc[] =
		"{\"institutions\":["
		"{\"id\":\"I100\",\"meta\":{\"count\":7},\"group_by\":[{\"key\":\"2021\",\"count\":3},{\"key\":\"2023\",\"count\":4}]},"
		"{\"id\":\"I200\",\"meta\":{\"count\":5},\"group_by\":[{\"key\":\"2022\",\"count\":5},{\"key\":\"2030\",\"count\":9}]},"
		"{\"id\":\"I999\",\"meta\":{\"count\":1},\"group_by\":[{\"key\":\"2022\",\"count\":1}]}]}";
	struct fx *f = fx_new();
	(void)state;
	f->s.group_period = true;
	metric(f, "works", GV_BY_YEAR, false);
	metric(f, "peer_works", GV_BY_YEAR, true);
	assert_int_equal(run(f, doc, 0), 0);
	/* a year of the period without works is 0, a year outside it is left out */
	assert_float_equal(value_of(f, "works", 2021, NULL), 3, 0);
	assert_float_equal(value_of(f, "works", 2022, NULL), 0, 0);
	assert_float_equal(value_of(f, "works", 2023, NULL), 4, 0);
	assert_float_equal(value_of(f, "peer_works", 2022, "I200"), 5, 0);
	assert_float_equal(value_of(f, "peer_works", 2021, "I200"), 0, 0);
	/* Peer B has no answer: nothing; I999 is not in the profile: ignored */
	assert_float_equal(value_of(f, "peer_works", 2022, "I300"), -1, 0);
	assert_int_equal(f->t.n, 6);
	fx_free(f);
}

static void extract_openalex_group__answer_without_groups__is_refused(void **state)
{
	struct fx *f = fx_new();
	(void)state;
	metric(f, "works", GV_COUNT, false);
	assert_int_equal(run(f, "{\"institutions\":[{\"id\":\"I100\",\"meta\":{}}]}", 2021), -1);
	assert_non_null(strstr(f->err.buf, "not a group_by response"));
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extract_openalex_group__institutions__partners_without_itself_and_labelled),
		cmocka_unit_test(extract_openalex_group__peers_by_year__keyed_by_peer_with_zero_years),
		cmocka_unit_test(extract_openalex_group__answer_without_groups__is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
