/*
 * The differential test of the fast scanner: on every line of the
 * fixtures, of the real OpenAlex page, of hand-written edge cases and of
 * fuzzed lines, jsonl_scan must return what the cJSON reference returns
 * and fill the same record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "works/jsonl_scan.h"
#include "works/oawork.h"
#include "util/fs.h"
#include "../oawork_ref.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

static unsigned long checked;

/* Both readers on one line, wanting the Leiden fields and not; fails the
 * test with the line when they differ. */
static void agree(const char *line, size_t len)
{
	for (unsigned want = 0; want <= OA_WANT_LEIDEN; want += OA_WANT_LEIDEN) {
		struct oa_work ref, fast;
		int r1, r2;
		oa_work_init(&ref);
		oa_work_init(&fast);
		ref.want = fast.want = want;
		r1 = oa_work_parse_line(&ref, line, len);
		r2 = jsonl_scan(&fast, line, len);
		if (r1 != r2 || (r1 == 0 && !oa_work_same(&ref, &fast))) {
			print_error("disagree (want %u, cJSON %d, scan %d) on %zu bytes: '%.*s'\n",
				    want, r1, r2, len, (int)(len > 300 ? 300 : len), line);
			fail();
		}
		oa_work_release(&ref);
		oa_work_release(&fast);
	}
	checked++;
}

static void agree_str(const char *s)
{
	agree(s, strlen(s));
}

static void scan__edge_cases__agree_with_cjson(void **state)
{
	static const char *const cases[] = {
		"{}", "{ }", "[]", "1", "\"s\"", "null", "true", "nul", "{", "}", "{\"a\"}",
		"{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\":1 \"b\":2}", "{\"a\" 1}",
		/* numbers as strtod reads them */
		"{\"publication_year\":01}", "{\"publication_year\":1.}",
		"{\"publication_year\":-.5}", "{\"publication_year\":.5}",
		"{\"publication_year\":-}", "{\"publication_year\":1e}",
		"{\"publication_year\":1e+}", "{\"publication_year\":1E5}",
		"{\"publication_year\":2020.5}", "{\"publication_year\":-2020}",
		"{\"publication_year\":1-2}", "{\"publication_year\":1.2.3}",
		"{\"publication_year\":0x10}", "{\"publication_year\":+1}",
		"{\"publication_year\":1e400}", "{\"publication_year\":\"2020\"}",
		"{\"x\":123456789012345678901234567890123456789012345678901234567890123}",
		"{\"x\":1234567890123456789012345678901234567890123456789012345678901234}",
		"{\"publication_year\":2020,\"publication_year\":2021}",
		/* strings and escapes */
		"{\"id\":\"a\\qb\"}", "{\"id\":\"a\\u00e9b\"}", "{\"id\":\"\\uZZZZx\"}",
		"{\"id\":\"\\u12\"}", "{\"id\":\"\\ud83d\\ude00\"}", "{\"id\":\"\\ud83d\"}",
		"{\"id\":\"\\ude00\"}", "{\"id\":\"\\ud83dx\\ude00\"}", "{\"id\":\"\\\"}",
		"{\"id\":\"\\u\\\"abc\"}", "{\"id\":\"a\\u0000b\"}", "{\"id\":\"tab\there\"}",
		"{\"i\\u0064\":\"escaped key\"}", "{\"id\\u0000x\":\"nul in key\"}",
		"{\"id\":\"x\\\\\"}", "{\"id\":\"x\\/y\\b\\f\\n\\r\\t\"}",
		"\xEF\xBB\xBF{}", "\xEF\xBB\xBF" "1", "\xEF\xBB\xBF{\"id\":\"b\"}", " \xEF\xBB\xBF{}",
		"{\"id\":\"\xff\xfe\"}", "{\"id\":1}", "{\"id\":null,\"id\":\"second\"}",
		"{\"authorships\":{}}", "{\"authorships\":[1,\"a\",null,[],{}]}",
		"{\"authorships\":[{\"countries\":\"KZ\"}]}",
		"{\"authorships\":[{\"countries\":[\"KZ\",1,null,\"US\"],\"countries\":[\"X\"]}]}",
		"{\"authorships\":[{\"institutions\":[{\"id\":\"I1\",\"lineage\":[\"I1\",2]},3]}]}",
		"{\"authorships\":[{\"institutions\":[{\"country_code\":null,\"ror\":5}]}]}",
		"{\"authorships\":[],\"authorships\":[{}]}", "{\"Authorships\":[{}]}",
		"{\"a\":[[[[]]]],\"b\":{\"c\":{\"d\":[]}}}", "{\"a\":tru}", "{\"a\":falsey}",
		"{\"a\":1}\x01\x02", "{\"a\":1}\r", "\t{\"a\":1}\t",
		/* the Leiden fields */
		"{\"type\":\"article\",\"language\":\"en\",\"is_retracted\":false,"
		"\"referenced_works_count\":12,\"primary_location\":{\"source\":{\"id\":\"S1\","
		"\"type\":\"journal\"}}}",
		"{\"type\":1,\"language\":null,\"is_retracted\":\"true\",\"referenced_works_count\":\"3\"}",
		"{\"is_retracted\":true,\"is_retracted\":false}", "{\"is_retracted\":null}",
		"{\"referenced_works_count\":1e2,\"referenced_works_count\":7}",
		"{\"referenced_works_count\":-0.5}", "{\"referenced_works_count\":01}",
		"{\"primary_location\":null}", "{\"primary_location\":{\"source\":null}}",
		"{\"primary_location\":[{\"source\":{\"id\":\"S1\"}}]}",
		"{\"primary_location\":{\"source\":{\"id\":5,\"type\":\"book series\"},\"source\":{}}}",
		"{\"primary_location\":{\"source\":{\"type\":\"journal\",\"id\":\"S\\u0031\"}}}",
		"{\"authorships\":[{\"affiliations\":[{\"raw_affiliation_string\":\"A\","
		"\"institution_ids\":[\"I1\",2,\"I3\"]},3,{\"raw_affiliation_string\":null},"
		"{\"institution_ids\":{}}]}]}",
		"{\"authorships\":[{\"affiliations\":{}},{\"affiliations\":[]}]}",
		"{\"authorships\":[{\"affiliations\":[{\"raw_affiliation_string\":\"\\u00e9\\n\"}]}]}",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		agree_str(cases[i]);
	/* raw bytes the string API cannot hold: NUL inside strings and outside */
	agree("{\"id\":\"a\0b\"}", 12);
	agree("{\"id\":\"ab\"}\0", 12);
	agree("{\"a\":\0 1}", 9);
}

/* [[[...]]] n deep, inside the work object's member "x". */
static void nested(int n, char open, char close)
{
	size_t len = (size_t)n * 2 + 8;
	char *s = malloc(len + 1);
	size_t k = 0;

	memcpy(s, "{\"x\":", 5);
	k = 5;
	for (int i = 0; i < n; i++)
		s[k++] = open;
	for (int i = 0; i < n; i++) {
		if (open == '{' && i == 0) {
			/* keep objects valid: innermost {} */
		}
		s[k++] = close;
	}
	s[k++] = '}';
	agree(s, k);
	free(s);
}

static void scan__nesting_limit__agrees_with_cjson(void **state)
{
	(void)state;
	for (int n = 995; n <= 1002; n++) {
		nested(n, '[', ']');
	}
	/* the limit inside the authorships path too */
	for (int n = 995; n <= 1000; n++) {
		char *s = malloc((size_t)n * 2 + 64);
		size_t k = 0;
		k += (size_t)snprintf(s, 64, "{\"authorships\":[{\"countries\":[");
		for (int i = 0; i < n; i++)
			s[k++] = '[';
		for (int i = 0; i < n; i++)
			s[k++] = ']';
		memcpy(s + k, "]}]}", 4);
		k += 4;
		agree(s, k);
		free(s);
	}
}

/* Lines of a file, each checked. */
static int agree_file(const char *path)
{
	struct buf data = BUF_INIT, err = BUF_INIT;
	const char *p, *e;

	if (file_read(path, &data, 0, &err)) {
		buf_release(&err);
		return -1;
	}
	for (p = data.buf, e = data.buf + data.len; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl : e;
		if (!oa_line_blank(p, (size_t)(le - p)))
			agree(p, (size_t)(le - p));
		p = nl ? nl + 1 : e;
	}
	buf_release(&data);
	buf_release(&err);
	return 0;
}

static void scan__fixture_lines__agree_with_cjson(void **state)
{
	(void)state;
	assert_int_equal(agree_file("tests/fixtures/works/small.jsonl"), 0);
}

/* Each work of the real /works page, printed by cJSON as one line. */
static void scan__real_openalex_works__agree_with_cjson(void **state)
{
	struct buf data = BUF_INIT, err = BUF_INIT;
	cJSON *root, *e;

	(void)state;
	if (file_read("../shared/realdata/works.json", &data, 0, &err)) {
		print_message("skipped: ../shared/realdata/works.json is absent\n");
		buf_release(&err);
		skip();
	}
	root = cJSON_Parse(data.buf);
	assert_non_null(root);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "results")) {
		char *line = cJSON_PrintUnformatted(e);
		agree_str(line);
		free(line);
	}
	cJSON_Delete(root);
	buf_release(&data);
	buf_release(&err);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/*
 * Mutations of valid lines: replace, insert or delete a byte (taken from
 * the JSON alphabet and from awkward bytes), duplicate or cut a slice.
 */
static void scan__fuzzed_lines__agree_with_cjson(void **state)
{
	static const char alphabet[] = "{}[]\",:\\u0123456789eE.+-tfn \t\x01\x7f\xff\xc3";
	const char *seeds[] = {
		"{\"id\":\"https://openalex.org/W1\",\"publication_year\":2020,\"authorships\":"
		"[{\"countries\":[\"KZ\"],\"institutions\":[{\"id\":\"https://openalex.org/I1\","
		"\"ror\":\"https://ror.org/0a\",\"country_code\":\"KZ\",\"lineage\":[\"I1\"]}]},"
		"{\"countries\":[],\"institutions\":[{\"id\":\"I2\",\"country_code\":\"US\"}]}],"
		"\"abstract_inverted_index\":{\"a\\u00e9\":[0,2],\"b\":[1.5e3,-0]},\"x\":[true,false,null]}",
		"{\"publication_year\":-1.5E+2,\"id\":\"\\ud83d\\ude00\\\"\",\"authorships\":[{}]}",
		"[{\"a\":{\"b\":[[],{}]}}]",
		"{\"type\":\"review\",\"is_retracted\":true,\"referenced_works_count\":3,"
		"\"primary_location\":{\"source\":{\"id\":\"S2\",\"type\":\"journal\"}},"
		"\"authorships\":[{\"affiliations\":[{\"raw_affiliation_string\":\"U\","
		"\"institution_ids\":[\"I1\"]}],\"institutions\":[{\"id\":\"I1\"}]}]}",
	};
	char buf[1024];

	(void)state;
	for (int round = 0; round < 60000; round++) {
		const char *s = seeds[rnd(4)];
		size_t len = strlen(s);
		int muts = 1 + (int)rnd(3);
		memcpy(buf, s, len);
		for (int m = 0; m < muts; m++) {
			unsigned op = rnd(5), at = len ? rnd((unsigned)len) : 0;
			char c = alphabet[rnd(sizeof(alphabet) - 1)];
			if (op == 0 && len) {
				buf[at] = c;
			} else if (op == 1 && len + 1 < sizeof(buf)) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = c;
				len++;
			} else if (op == 2 && len) {
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
			} else if (op == 3) {
				len = at;
			} else if (len && len * 2 < sizeof(buf)) {
				unsigned n = rnd((unsigned)(len - at)) + 1;
				memmove(buf + at + n, buf + at, len - at);
				len += n;
			}
		}
		agree(buf, len);
	}
	print_message("%lu lines compared\n", checked);
}

/* Lines of the benchmark generator (when python3 is there): realistic works. */
static void scan__generated_works__agree_with_cjson(void **state)
{
	char path[] = "/tmp/intlkpi-gen-XXXXXX";
	int fd = mkstemp(path);
	char cmd[512];

	(void)state;
	assert_true(fd >= 0);
	snprintf(cmd, sizeof(cmd), "python3 scripts/bench/gen_works.py --bytes 3M --seed 7 %s "
		 "2>/dev/null", path);
	if (system(cmd)) {
		remove(path);
		print_message("skipped: python3 cannot run the generator\n");
		skip();
	}
	assert_int_equal(agree_file(path), 0);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scan__edge_cases__agree_with_cjson),
		cmocka_unit_test(scan__nesting_limit__agrees_with_cjson),
		cmocka_unit_test(scan__fixture_lines__agree_with_cjson),
		cmocka_unit_test(scan__real_openalex_works__agree_with_cjson),
		cmocka_unit_test(scan__generated_works__agree_with_cjson),
		cmocka_unit_test(scan__fuzzed_lines__agree_with_cjson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
