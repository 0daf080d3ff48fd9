#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "config/config.h"
#include "sources/openalex.h"
#include "extract/biblio.h"
#include "extract/openalex.h"
#include "extract/openalex_group.h"
#include "util/fs.h"
#include "util/notes.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "util/banned.h"

#define FIX "tests/fixtures/openalex"

/* The fixture configuration (tests/fixtures/openalex), loaded once per test. */
static int setup(void **state)
{
	struct config *cfg = xcalloc(1, sizeof(*cfg));
	struct buf errors = BUF_INIT;
	int n = config_load(cfg, FIX, &errors);
	if (n)
		print_message("%s", errors.buf);
	buf_release(&errors);
	*state = cfg;
	return n ? -1 : 0;
}

static int teardown(void **state)
{
	config_release(*state);
	free(*state);
	return 0;
}

static const struct source *openalex_source(void **state)
{
	const struct source *s = config_source(*state, "openalex");
	assert_non_null(s);
	return s;
}

/* value of (metric, year, key) in t, or -1 when absent; NAN stays NAN */
static double value_of(const struct obs_table *t, const char *metric, int year,
		       const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].metric, metric) && t->v[i].year == year &&
		    ((!key && !t->v[i].key) || (key && t->v[i].key && !strcmp(key, t->v[i].key))))
			return t->v[i].value;
	return -1;
}

static void oa_short_id__forms_of_an_institution_id__are_shortened_or_refused(void **state)
{
	char id[OA_ID_MAX];

	(void)state;
	assert_int_equal(oa_short_id("I4210102424", id), 0);
	assert_string_equal(id, "I4210102424");
	assert_int_equal(oa_short_id("https://openalex.org/I116953780", id), 0);
	assert_string_equal(id, "I116953780");
	assert_int_equal(oa_short_id("i42", id), 0);
	assert_string_equal(id, "I42");
	assert_int_equal(oa_short_id("W123", id), -1);
	assert_int_equal(oa_short_id("I12x", id), -1);
	assert_int_equal(oa_short_id("I", id), -1);
	assert_int_equal(oa_short_id("", id), -1);
	assert_int_equal(oa_short_id("I1&api_key=x", id), -1);
	assert_int_equal(oa_short_id("I12345678901234567890123", id), -1);
}

static void oa_query_url__secrets__only_in_the_request(void **state)
{
	const struct source *s = openalex_source(state);
	struct buf u = BUF_INIT;

	oa_query_url(s, "I100", "*", NULL, NULL, &u);
	assert_string_equal(u.buf, "http://127.0.0.1:1/openalex/works?filter=authorships."
			    "institutions.lineage:I100,publication_year:2021-2022&select=id,"
			    "publication_year,authorships&per-page=2&cursor=*");
	/* a cursor, the mailto and the key are percent-encoded */
	oa_query_url(s, "I100", "Ilsx/MDA+=", "a b@x.org", "k&y=1", &u);
	assert_non_null(strstr(u.buf, "&cursor=Ilsx%2FMDA%2B%3D&mailto=a%20b%40x.org&api_key=k%26y%3D1"));
	assert_string_equal(u.buf + u.len - 17, "api_key=k%26y%3D1");	/* the key comes last */
	buf_release(&u);
}

static void oa_page_check__pages_and_not_pages__are_told_apart(void **state)
{
	struct buf err = BUF_INIT;
	char *next = NULL;
	size_t n = 9;
	const char *page = "{\"meta\":{\"count\":3,\"per_page\":2,\"next_cursor\":\"abc\"},"
			   "\"results\":[{},{}],\"group_by\":[]}";
	const char *last = "{\"meta\":{\"count\":3,\"next_cursor\":null},\"results\":[{}]}";
	const char *html = "<html><body>503</body></html>";
	const char *apierr = "{\"error\":\"Invalid filter\",\"message\":\"Unknown field: x\"}";
	const char *badcur = "{\"meta\":{\"next_cursor\":5},\"results\":[]}";

	(void)state;
	assert_int_equal(oa_page_check(page, strlen(page), "p", &next, &n, &err), 0);
	assert_string_equal(next, "abc");
	assert_int_equal(n, 2);
	free(next);
	assert_int_equal(oa_page_check(last, strlen(last), "p", &next, &n, &err), 0);
	assert_null(next);
	assert_int_equal(n, 1);
	assert_int_equal(oa_page_check(html, strlen(html), "p", &next, &n, &err), -1);
	assert_string_equal(err.buf, "'p': not a /works page: HTML, not JSON");
	assert_int_equal(oa_page_check(apierr, strlen(apierr), "p", &next, &n, &err), -1);
	assert_string_equal(err.buf, "'p': not a /works page (no \"results\" array and "
			    "\"meta\" object); the API says: Unknown field: x");
	assert_int_equal(oa_page_check(badcur, strlen(badcur), "p", &next, &n, &err), -1);
	assert_string_equal(err.buf, "'p': meta.next_cursor is neither a string nor null");
	assert_int_equal(oa_page_check("[]", 2, "p", &next, &n, &err), -1);
	assert_null(next);
	buf_release(&err);
}

static void oa_set_init__peers_without_id__are_left_out(void **state)
{
	const struct config *cfg = *state;
	struct oa_set set;

	oa_set_init(&set, &cfg->profile, openalex_source(state));
	assert_int_equal(set.n, 3);
	assert_string_equal(set.inst[0].id, "I100");
	assert_false(set.inst[0].peer);
	assert_string_equal(set.inst[0].home, "KZ");
	assert_string_equal(set.inst[1].id, "I200");
	assert_string_equal(set.inst[2].id, "I300");	/* given as a URL */
	assert_string_equal(set.inst[2].home, "FR");
	assert_true(set.inst[2].peer);
	oa_set_release(&set);
}

/* The set's pages as extract_openalex reads them. */
static int set_extract(const struct oa_set *set, const struct source *s,
		       struct obs_table *t, struct buf *err)
{
	struct oa_pages v[8];
	assert_true(set->n <= 8);
	for (size_t i = 0; i < set->n; i++) {
		v[i].id = set->inst[i].id;
		v[i].home = set->inst[i].home;
		v[i].peer = set->inst[i].peer;
		v[i].pages = set->inst[i].pages;
		v[i].npages = set->inst[i].npages;
	}
	return extract_openalex(s, v, set->n, "snap", t, 0, NULL, err);
}

static void oa_snapshot__two_pages_by_cursor__counted_with_zero_years(void **state)
{
	const struct config *cfg = *state;
	const struct source *s = openalex_source(state);
	struct oa_set set;
	struct obs_table t;
	struct buf err = BUF_INIT;
	long long mtime, bytes;
	char sha[65];

	obs_init(&t);
	oa_set_init(&set, &cfg->profile, s);
	assert_int_equal(oa_snapshot_read(&set, FIX, s, &mtime, &err), 0);
	assert_int_equal(set.inst[0].npages, 2);	/* page-1 leads to page-2 */
	assert_int_equal(oa_set_pages(&set), 4);
	assert_true(mtime > 0);
	assert_int_equal(set_extract(&set, s, &t, &err), 0);
	/* I100: S1 2021 {KZ, US}; S2 2022 {KZ} */
	assert_float_equal(value_of(&t, "works_total", 2021, NULL), 1, 0);
	assert_float_equal(value_of(&t, "works_intl", 2021, NULL), 1, 0);
	assert_float_equal(value_of(&t, "works_intl", 2022, NULL), 0, 0);
	assert_float_equal(value_of(&t, "works_by_country", 2021, "US"), 1, 0);
	assert_float_equal(value_of(&t, "works_by_country", 2021, "KZ"), -1, 0);
	/* I300 has no work in 2021: 0 works, not a missing value */
	assert_float_equal(value_of(&t, "peer_works_total", 2021, "I300"), 0, 0);
	assert_float_equal(value_of(&t, "peer_works_intl", 2022, "I300"), 1, 0);
	oa_set_digest(&set, sha, &bytes);
	assert_int_equal(strlen(sha), 64);
	assert_true(bytes > 400);
	oa_set_release(&set);
	obs_release(&t);
	buf_release(&err);
}

/* page= paging while the index moves can serve a work on two pages: it counts once */
static void extract_openalex__a_work_on_two_pages__counts_once_with_a_warning(void **state)
{
	const struct source *s = openalex_source(state);
	const char *w1 = "{\"id\":\"https://openalex.org/W1\",\"publication_year\":2021,"
			 "\"authorships\":[{\"countries\":[\"KZ\"],\"institutions\":[{\"id\":"
			 "\"https://openalex.org/I100\",\"country_code\":\"KZ\"}]},{\"countries\":"
			 "[\"US\"],\"institutions\":[{\"id\":\"https://openalex.org/I903\","
			 "\"country_code\":\"US\"}]}]}";
	struct buf pages[2] = { BUF_INIT, BUF_INIT }, err = BUF_INIT;
	struct oa_pages v = { "I100", "KZ", false, pages, 2 };
	struct notes ns = NOTES_INIT;
	struct obs_table t;
	bool warned = false;

	(void)state;
	obs_init(&t);
	for (int i = 0; i < 2; i++)
		buf_addf(&pages[i], "{\"meta\":{\"count\":2},\"results\":[%s]}", w1);
	assert_int_equal(extract_openalex(s, &v, 1, "snap", &t, 0, &ns, &err), 0);
	assert_float_equal(value_of(&t, "works_total", 2021, NULL), 1, 0);
	assert_float_equal(value_of(&t, "works_by_country", 2021, "US"), 1, 0);
	for (size_t i = 0; i < ns.n; i++)
		warned |= ns.v[i].level == LOG_WARN && strstr(ns.v[i].text, "page 2") &&
			  strstr(ns.v[i].text, "W1 was read before") &&
			  strstr(ns.v[i].text, "1 duplicate record counted once");
	assert_true(warned);
	notes_release(&ns);
	obs_release(&t);
	buf_release(&pages[0]);
	buf_release(&pages[1]);
	buf_release(&err);
}

static void oa_snapshot__missing_next_page__fails_whole(void **state)
{
	const struct config *cfg = *state;
	struct source s = *openalex_source(state);
	char tmpl[] = "/tmp/intlkpi-oasnap-XXXXXX";
	char *d = mkdtemp(tmpl);
	struct buf path = BUF_INIT, err = BUF_INIT, data = BUF_INIT;
	struct oa_set set;
	long long mtime;
	static const char *const ids[] = { "I100", "I200", "I300" };

	assert_non_null(d);
	s.snapshot = (char *)"snap";
	for (int i = 0; i < 3; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/snap/%s", d, ids[i]);
		assert_int_equal(mkdir_p(path.buf, &err), 0);
		buf_reset(&path);
		buf_addf(&path, FIX "/snapshots/openalex/%s/page-1.json", ids[i]);
		buf_reset(&data);
		assert_int_equal(file_read(path.buf, &data, 0, &err), 0);
		buf_reset(&path);
		buf_addf(&path, "%s/snap/%s/page-1.json", d, ids[i]);
		assert_int_equal(file_write_atomic(path.buf, data.buf, data.len, &err), 0);
	}
	oa_set_init(&set, &cfg->profile, &s);
	/* I100's page 1 has a next_cursor, but there is no page 2 */
	assert_int_equal(oa_snapshot_read(&set, d, &s, &mtime, &err), -1);
	assert_non_null(strstr(err.buf, "/snap/I100/page-2.json"));
	assert_non_null(strstr(err.buf, "(page 1 of the snapshot has a next_cursor)"));
	assert_int_equal(oa_set_pages(&set), 0);
	oa_set_release(&set);
	buf_release(&path);
	buf_release(&err);
	buf_release(&data);
}

static void oa_cache__write_twice_then_read__switches_sets_and_refuses_torn(void **state)
{
	const struct config *cfg = *state;
	struct source s = *openalex_source(state);
	char tmpl[] = "/tmp/intlkpi-oacache-XXXXXX";
	char *d = mkdtemp(tmpl);
	struct buf err = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	struct oa_set set, back;
	long long mtime, at = 0;
	char sha1[65], sha2[65];
	long long b1, b2;

	assert_non_null(d);
	oa_set_init(&set, &cfg->profile, &s);
	oa_set_init(&back, &cfg->profile, &s);
	assert_int_equal(oa_cache_read(&back, d, &s, &at, &err), 1);	/* none yet */
	assert_int_equal(oa_snapshot_read(&set, FIX, &s, &mtime, &err), 0);
	assert_int_equal(oa_cache_write(&set, d, &s, 1700000000, &err), 0);
	assert_int_equal(oa_cache_stamp(&cfg->profile, &s, d, &at), 0);
	assert_true(at == 1700000000);
	assert_int_equal(oa_cache_write(&set, d, &s, 1700000100, &err), 0);
	path_join(&path, d, "set.json");
	assert_int_equal(file_read(path.buf, &text, 0, &err), 0);
	assert_non_null(strstr(text.buf, "\"set\": \"b\""));	/* the second write */
	assert_int_equal(oa_cache_read(&back, d, &s, &at, &err), 0);
	assert_true(at == 1700000100);
	oa_set_digest(&set, sha1, &b1);
	oa_set_digest(&back, sha2, &b2);
	assert_string_equal(sha1, sha2);
	assert_true(b1 == b2);
	oa_set_release(&back);

	/* another page size reads the same set; other years do not */
	s.per_page = 50;
	oa_set_init(&back, &cfg->profile, &s);
	assert_int_equal(oa_cache_read(&back, d, &s, &at, &err), 0);
	oa_set_release(&back);
	s.query_from = 2020;
	oa_set_init(&back, &cfg->profile, &s);
	assert_int_equal(oa_cache_stamp(&cfg->profile, &s, d, &at), -1);
	assert_int_equal(oa_cache_read(&back, d, &s, &at, &err), -1);
	assert_string_equal(err.buf, "the cached pages were fetched for other institutions or years");
	oa_set_release(&back);
	s.query_from = 2021;

	/* a page whose body changed: the whole set is refused */
	buf_reset(&path);
	buf_addf(&path, "%s/set-b/I100/2/body", d);
	assert_int_equal(file_write_atomic(path.buf, "{}", 2, &err), 0);
	oa_set_init(&back, &cfg->profile, &s);
	assert_int_equal(oa_cache_read(&back, d, &s, &at, &err), -1);
	assert_non_null(strstr(err.buf, "does not match its meta.json"));
	assert_int_equal(oa_set_pages(&back), 0);
	oa_set_release(&back);
	oa_set_release(&set);
	buf_release(&err);
	buf_release(&path);
	buf_release(&text);
}

static void works_observe__years_without_works__count_zero_and_null_shares(void **state)
{
	const struct source *s = openalex_source(state);
	struct works_year y = { 0 };
	struct works_result r = { "*", &y, 1 };
	struct extract_tmp x;

	y.year = 2022;
	y.works = 4;
	y.works_intl = 1;
	y.share_intl = 0.25;
	y.irn = NAN;
	extract_tmp_init(&x);
	works_observe(s, &r, NULL, 2021, 2022, &x);
	assert_float_equal(value_of(&x.t, "works_total", 2021, NULL), 0, 0);
	assert_float_equal(value_of(&x.t, "works_intl", 2021, NULL), 0, 0);
	assert_float_equal(value_of(&x.t, "works_total", 2022, NULL), 4, 0);
	assert_float_equal(value_of(&x.t, "works_intl", 2022, NULL), 1, 0);
	/* peers' metrics are not the university's */
	assert_float_equal(value_of(&x.t, "peer_works_total", 2022, NULL), -1, 0);
	extract_tmp_release(&x);
	extract_tmp_init(&x);
	works_observe(s, &r, "I200", 0, 0, &x);
	assert_float_equal(value_of(&x.t, "peer_works_total", 2022, "I200"), 4, 0);
	assert_float_equal(value_of(&x.t, "works_total", 2022, NULL), -1, 0);
	assert_int_equal(x.t.n, 2);
	extract_tmp_release(&x);
}

static void works_gunzip__members_cut_and_limit__inflated_or_refused(void **state)
{
	unsigned char gz[256], two[512];
	uLongf n;
	z_stream z;
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *text = "{\"id\":\"W1\"}\n";

	(void)state;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	n = sizeof(gz) - z.avail_out;
	deflateEnd(&z);
	memcpy(two, gz, n);
	memcpy(two + n, gz, n);	/* two members, as concatenated gzip files are */
	assert_int_equal(works_gunzip((char *)two, 2 * n, 1000, "f", &out, &err), 0);
	assert_int_equal(out.len, 2 * strlen(text));
	assert_memory_equal(out.buf + strlen(text), text, strlen(text));
	assert_int_equal(works_gunzip((char *)gz, n - 6, 1000, "f", &out, &err), -1);
	assert_string_equal(err.buf, "'f': not valid gzip data (cut short)");
	assert_int_equal(works_gunzip((char *)gz, n, 5, "f", &out, &err), -1);
	assert_string_equal(err.buf, "'f': larger than max_bytes (5 bytes) once inflated");
	buf_release(&out);
	buf_release(&err);
}

static void extract_works__real_works_json__49_works_11_international(void **state)
{
	const struct config *cfg = *state;
	struct source s = *config_source(cfg, "jsonl");
	struct extract_ctx x = { &s, &cfg->profile, "works.json", 0, NULL };
	struct buf data = BUF_INIT, err = BUF_INIT;
	struct obs_table t;
	double works = 0, intl = 0;

	if (file_read("../shared/realdata/works.json", &data, 0, &err)) {
		print_message("skipped: ../shared/realdata/works.json is absent\n");
		buf_release(&err);
		skip();
	}
	obs_init(&t);
	assert_int_equal(extract_works(&x, data.buf, data.len, &t, 0, &err), 0);
	for (size_t i = 0; i < t.n; i++) {
		works += !strcmp(t.v[i].metric, "jsonl_works") ? t.v[i].value : 0;
		intl += !strcmp(t.v[i].metric, "jsonl_intl") ? t.v[i].value : 0;
	}
	/* by hand from the file (tests/e2e/openalex.sh checks every year) */
	assert_float_equal(works, 49, 0);
	assert_float_equal(intl, 11, 0);
	assert_float_equal(value_of(&t, "jsonl_works", 2023, NULL), 16, 0);
	assert_float_equal(value_of(&t, "jsonl_intl", 2021, NULL), 4, 0);
	obs_release(&t);
	/* a wos source refuses it */
	s.kind_id = KIND_WOS;
	obs_init(&t);
	assert_int_equal(extract_works(&x, data.buf, data.len, &t, 0, &err), -1);
	assert_string_equal(err.buf, "'works.json': not a Web of Science export (tagged text "
			    "starting with FN or PT, or tab-delimited starting with PT)");
	obs_release(&t);
	buf_release(&data);
	buf_release(&err);
}

/* A wos source whose export is cut inside a record (no ER): the warning the
 * source keeps names the line of that record's PT, as `intlkpi works` does. */
static void extract_works__wos_record_without_er__warning_names_its_line(void **state)
{
	const struct config *cfg = *state;
	struct source s = *config_source(cfg, "wos");
	struct notes ns = NOTES_INIT;
	struct extract_ctx x = { &s, &cfg->profile, "cut.txt", 0, &ns };
	const char *text = "FN Clarivate Analytics Web of Science\nVR 1.0\n"
			   "PT J\nUT WOS:1\nPY 2021\nC1 [A, B] Univ Tokyo, Tokyo, Japan.\nER\n\n"
			   "PT J\nUT WOS:2\nPY 2022\nC1 [C, D] Kyoto Univ, Kyoto, Japan.\n";
	struct buf err = BUF_INIT;
	struct obs_table t;
	bool named = false;

	obs_init(&t);
	assert_int_equal(extract_works(&x, text, strlen(text), &t, 0, &err), 0);
	for (size_t i = 0; i < ns.n; i++)
		named |= strstr(ns.v[i].text, "'cut.txt':9: 1 malformed record skipped") != NULL;
	if (!named)
		for (size_t i = 0; i < ns.n; i++)
			print_message("note: %s\n", ns.v[i].text);
	assert_true(named);
	obs_release(&t);
	notes_release(&ns);
	buf_release(&err);
}

static void extract_openalex_group__a_year__count_and_partner_countries(void **state)
{
	struct source s = { 0 };
	struct metric_map m[3] = { { .name = "works", .group = GV_COUNT },
				   { .name = "by_country", .group = GV_GROUPS, .has_key = true },
				   { .name = "partners", .group = GV_PARTNERS, .has_key = true } };
	struct profile p = { 0 };
	struct extract_ctx x = { &s, &p, "g.json", 2021, NULL };
	struct obs_table t;
	struct buf err = BUF_INIT;
	const char *doc = "{\"meta\":{\"count\":398,\"groups_count\":3},\"results\":[],\"group_by\":["
			  "{\"key\":\"https://openalex.org/countries/KZ\",\"key_display_name\":\"Kazakhstan\",\"count\":398},"
			  "{\"key\":\"https://openalex.org/countries/RU\",\"count\":40},"
			  "{\"key\":\"unknown\",\"count\":2}]}";
	const char *bad = "{\"error\":\"Invalid query parameters error.\",\"message\":\"authorships.countriez is not a valid field\"}";

	(void)state;
	s.metrics = m;
	s.nmetrics = 3;
	p.country = "KZ";
	obs_init(&t);
	obs_add_source(&t, &(struct obs_source){ .id = "g" });
	assert_int_equal(extract_openalex_group(&x, doc, strlen(doc), &t, 0, &err), 0);
	obs_sort(&t);
	/* works 398; groups KZ 398, RU 40 ("unknown" is no key); partners RU 40 */
	assert_float_equal(value_of(&t, "works", 2021, NULL), 398, 0);
	assert_float_equal(value_of(&t, "by_country", 2021, "KZ"), 398, 0);
	assert_float_equal(value_of(&t, "by_country", 2021, "RU"), 40, 0);
	assert_float_equal(value_of(&t, "by_country", 2021, "unknown"), -1, 0);
	assert_float_equal(value_of(&t, "partners", 2021, "KZ"), -1, 0);
	assert_float_equal(value_of(&t, "partners", 2021, "RU"), 40, 0);
	assert_int_equal(t.n, 4);
	assert_int_equal(extract_openalex_group(&x, bad, strlen(bad), &t, 0, &err), -1);
	assert_string_equal(err.buf, "g.json: not a group_by response (no meta.count and \"group_by\" array); "
			    "the API says: authorships.countriez is not a valid field");
	assert_int_equal(t.n, 4);
	obs_release(&t);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oa_short_id__forms_of_an_institution_id__are_shortened_or_refused),
		cmocka_unit_test(oa_page_check__pages_and_not_pages__are_told_apart),
		cmocka_unit_test(extract_openalex_group__a_year__count_and_partner_countries),
		cmocka_unit_test(works_gunzip__members_cut_and_limit__inflated_or_refused),
		cmocka_unit_test_setup_teardown(oa_query_url__secrets__only_in_the_request, setup, teardown),
		cmocka_unit_test_setup_teardown(oa_set_init__peers_without_id__are_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(oa_snapshot__two_pages_by_cursor__counted_with_zero_years, setup, teardown),
		cmocka_unit_test_setup_teardown(oa_snapshot__missing_next_page__fails_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(extract_openalex__a_work_on_two_pages__counts_once_with_a_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(oa_cache__write_twice_then_read__switches_sets_and_refuses_torn, setup, teardown),
		cmocka_unit_test_setup_teardown(works_observe__years_without_works__count_zero_and_null_shares, setup, teardown),
		cmocka_unit_test_setup_teardown(extract_works__real_works_json__49_works_11_international, setup, teardown),
		cmocka_unit_test_setup_teardown(extract_works__wos_record_without_er__warning_names_its_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
