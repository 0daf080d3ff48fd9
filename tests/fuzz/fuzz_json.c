/*
 * libFuzzer harness: JSON path extraction (the json kind) with the rules
 * fuzzed too, where fuzz_web keeps the fixture's. The input is one line of
 * rules, then the document:
 *   VALUE-PATH [TAB YEAR-PATH [TAB MATCH-PATH [TAB KEY-PATH [TAB RANK]]]] LF
 *   DOCUMENT
 * An empty path is absent; RANK is low, high or mid. Every path goes
 * through json_path_check and json_path_aligned as the configuration
 * loader sends it; rules the loader would refuse stop there. Extraction
 * must be all or nothing and name the document on failure.
 */
#include "extract/json.h"
#include "lang/jsonpath.h"
#include "util/err.h"
#include "util/jsonpos.h"
#include "util/xalloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS 5

/* Splits the rules line at tabs into f (NULL when empty or absent). */
static void split(char *line, char **f)
{
	for (int i = 0; i < NFIELDS; i++) {
		char *tab = line ? strchr(line, '\t') : NULL;
		if (tab)
			*tab = '\0';
		f[i] = line && *line ? line : NULL;
		line = tab ? tab + 1 : NULL;
	}
}

/* What the configuration loader checks (config/web.c). */
static int rules_ok(char **f)
{
	struct buf err = BUF_INIT;
	int ok = f[0] != NULL;

	for (int i = 0; i < 4; i++)
		if (f[i] && json_path_check(f[i], &err)) {
			if (!err.len)
				abort();
			ok = 0;
		}
	for (int i = 1; ok && i < 4; i++)
		if (f[i] && json_path_aligned(f[0], f[i], &err))
			ok = 0;
	buf_release(&err);
	return ok;
}

static enum rank_pick pick(const char *s)
{
	if (!s)
		return RANK_NONE;
	return !strcmp(s, "low") ? RANK_LOW : !strcmp(s, "high") ? RANK_HIGH :
	       !strcmp(s, "mid") ? RANK_MID : RANK_NONE;
}

static void extract(char **f, const char *doc, size_t len)
{
	/* the universities of indicators/ and tests/fixtures/web */
	static char *aliases[] = { "KMU", "Fixture University", "FU" };
	struct profile p = { .name = "Karaganda Medical University",
			     .aliases = aliases, .naliases = 3 };
	struct metric_map m[2] = { { .name = "m" }, { .name = "n" } };
	struct source s = { .id = "fuzz", .kind = "json", .kind_id = KIND_JSON,
			    .metrics = m, .nmetrics = 2 };
	struct extract_ctx x = { &s, &p, "fuzz.json", 0, NULL };
	struct obs_source rec = { .id = "fuzz" };
	struct obs_table t;
	struct buf err = BUF_INIT;
	int rc;

	m[0].value.name = m[1].value.name = f[0];
	s.has_year = f[1] != NULL;
	s.year.name = f[1];
	s.has_match = f[2] != NULL;
	s.match.name = f[2];
	m[0].has_key = f[3] != NULL;
	m[0].key.name = f[3];
	m[0].rank = pick(f[4]);
	m[1].rank = RANK_NONE;
	x.page_year = s.has_year ? 0 : 2021;
	obs_init(&t);
	obs_add_source(&t, &rec);
	rc = extract_json(&x, doc, len, &t, 0, &err);
	if (rc != 0 && rc != ERR_DATA && rc != ERR_CONFIG)	/* util/err.h: extractors raise no network failure */
		abort();
	/* all or nothing, and a failure says where */
	if (rc && (t.n || strncmp(err.buf, "fuzz.json", 9)))
		abort();
	for (size_t i = 0; !rc && i < t.n; i++)
		if (t.v[i].year < 1900 || t.v[i].year > 2200 || t.v[i].line < 0)
			abort();
	obs_release(&t);
	buf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - data) : size;
	char *rules = xstrndup((const char *)data, head);
	char *f[NFIELDS];
	char *doc;
	size_t len;

	if (!nl) {
		free(rules);
		return 0;
	}
	/* the extractor takes a NUL-terminated buffer, as struct buf gives */
	len = size - head - 1;
	doc = xmalloc(len + 1);
	memcpy(doc, nl + 1, len);
	doc[len] = '\0';
	split(rules, f);
	if (rules_ok(f))
		extract(f, doc, len);
	free(doc);
	free(rules);
	return 0;
}
