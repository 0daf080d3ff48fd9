/*
 * libFuzzer harness: the html-table and html-list extractors (gumbo, the
 * selector matcher over any tree, column and rule resolution, rank and
 * number cells, name matching) with the rules fuzzed too, where fuzz_web
 * keeps the fixture's. The input is one line of rules, then the document:
 *   table TAB SELECTOR TAB MATCH TAB YEAR TAB VALUE TAB KEY TAB RANK TAB DT LF
 *   list TAB ITEMS TAB YEAR-RULE TAB KEY-RULE TAB FILTER LF
 *   DOCUMENT
 * A column is a header text or a number (1-10000); an empty field is
 * absent. RANK is low, high or mid; DT the decimal and thousands
 * characters. A rule is SELECTOR, SELECTOR@ATTR or @ATTR, with /N for the
 * N-th regular expression of a fixed menu (regcomp is not ours to fuzz);
 * FILTER is a menu number. Extraction must be all or nothing and name the
 * document on failure.
 */
#include "extract/html.h"
#include "util/err.h"
#include "util/xalloc.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS 9

static const char *const menu[] = { "(QS|THE)", "([0-9]{4})", "news", "^[A-Z]",
				     "[0-9]+ (students|staff)" };
#define NMENU (sizeof(menu) / sizeof(menu[0]))
static regex_t res[NMENU];

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

static regex_t *menu_re(const char *s)
{
	char *end;
	long i;
	if (!s)
		return NULL;
	errno = 0;
	i = strtol(s, &end, 10);
	return !errno && end != s && !*end && i >= 0 && (size_t)i < NMENU ? &res[i] : NULL;
}

/* A column as cfg_colref reads it; 0 when absent. */
static int colref(const char *s, struct colref *c)
{
	char *end;
	long n;
	if (!s)
		return 0;
	errno = 0;
	n = strtol(s, &end, 10);
	if (!errno && end != s && !*end && s[0] >= '0' && s[0] <= '9') {
		if (n < 1 || n > 10000)
			return -1;
		c->number = (int)n;
	} else {
		c->name = (char *)s;
	}
	return 1;
}

/* "SELECTOR[@ATTR][/N]" or "@ATTR[/N]"; 0 absent, -1 refused, 1 set. */
static int rule(char *s, struct html_rule *r)
{
	struct buf err = BUF_INIT;
	char *slash, *at;
	int rc = 1;
	if (!s)
		return 0;
	if ((slash = strrchr(s, '/'))) {
		*slash = '\0';
		if (!(r->re = menu_re(slash + 1)))
			return -1;
	}
	if ((at = strchr(s, '@'))) {
		*at = '\0';
		if (!at[1])
			return -1;
		r->attr = at + 1;
	}
	if (*s && selector_parse(s, &r->sel, &err))
		rc = -1;
	buf_release(&err);
	return rc;
}

static void check(int rc, const struct obs_table *t, const struct buf *err)
{
	if (rc != 0 && rc != ERR_DATA && rc != ERR_CONFIG)	/* util/err.h: extractors raise no network failure */
		abort();
	if (rc && (t->n || strncmp(err->buf, "fuzz.html", 9)))
		abort();
	for (size_t i = 0; !rc && i < t->n; i++)
		if (t->v[i].year < 1900 || t->v[i].year > 2200)
			abort();
}

static void run(char **f, const char *doc, size_t len)
{
	/* the universities of indicators/ and tests/fixtures/web */
	static char *aliases[] = { "KMU", "Fixture University", "FU" };
	struct profile p = { .name = "Karaganda Medical University",
			     .aliases = aliases, .naliases = 3 };
	struct metric_map m[2] = { { .name = "m" }, { .name = "n", .count = 1 } };
	struct source s = { .id = "fuzz", .metrics = m, .nmetrics = 1,
			    .decimal = '.' };
	struct extract_ctx x = { &s, &p, "fuzz.html", 0, NULL };
	struct obs_source rec = { .id = "fuzz" };
	struct obs_table t;
	struct buf err = BUF_INIT;
	int table = f[0] && !strcmp(f[0], "table"), ok = 1, rc;

	if (!table && !(f[0] && !strcmp(f[0], "list")))
		return;
	if (table) {
		int mt = 0, yr = 0, key = 0;
		s.kind_id = KIND_HTML_TABLE;
		ok = f[1] && !selector_parse(f[1], &s.table, &err) &&
			(mt = colref(f[2], &s.match)) >= 0 &&
			(yr = colref(f[3], &s.year)) >= 0 &&
			colref(f[4], &m[0].value) > 0 &&
			(key = colref(f[5], &m[0].key)) >= 0;
		s.has_match = mt > 0;
		s.has_year = yr > 0;
		m[0].has_key = key > 0;
		if (f[6])
			m[0].rank = !strcmp(f[6], "low") ? RANK_LOW :
				    !strcmp(f[6], "high") ? RANK_HIGH : RANK_MID;
		if (f[7] && strlen(f[7]) == 2) {
			s.decimal = f[7][0];
			s.thousands = f[7][1] == '_' ? 0 : f[7][1];
		}
	} else {
		int yr = 0, key = 0;
		s.kind_id = KIND_HTML_LIST;
		s.nmetrics = 2;
		m[0].count = 1;
		ok = f[1] && !selector_parse(f[1], &s.items, &err) &&
			(yr = rule(f[2], &s.year_rule)) >= 0 &&
			(key = rule(f[3], &m[0].key_rule)) >= 0;
		s.has_year = yr > 0;
		m[0].has_key = key > 0;
		m[1].filter = menu_re(f[4]);
	}
	x.page_year = s.has_year ? 0 : 2021;
	if (ok) {
		obs_init(&t);
		obs_add_source(&t, &rec);
		rc = table ? extract_html_table(&x, doc, len, &t, 0, &err) :
			     extract_html_list(&x, doc, len, &t, 0, &err);
		check(rc, &t, &err);
		obs_release(&t);
	}
	selector_free(s.table);
	selector_free(s.items);
	selector_free(s.year_rule.sel);
	selector_free(m[0].key_rule.sel);
	buf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head = nl ? (size_t)(nl - data) : size;
	char *rules, *doc, *f[NFIELDS];
	size_t len;
	static int compiled;

	if (!compiled) {
		compiled = 1;
		for (size_t i = 0; i < NMENU; i++)
			if (regcomp(&res[i], menu[i], REG_EXTENDED))
				abort();
	}
	if (!nl)
		return 0;
	rules = xstrndup((const char *)data, head);
	len = size - head - 1;
	doc = xmalloc(len + 1);
	memcpy(doc, nl + 1, len);
	doc[len] = '\0';
	split(rules, f);
	run(f, doc, len);
	free(doc);
	free(rules);
	return 0;
}
