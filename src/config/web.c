/* What web sources add to a source file: url, pages, snapshot, ttl, and
 * the rules of the json, html-table and html-list kinds. */
#include "config/web.h"
#include "lang/jsonpath.h"
#include "lang/oaid.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "util/banned.h"

#define DEFAULT_TIMEOUT_MS (60 * 1000LL)
#define MAX_PAGES 100

void source_expand(const char *tmpl, int year, struct buf *out)
{
	static const char ph[] = "{year}";
	const char *p;
	buf_reset(out);
	while ((p = strstr(tmpl, ph))) {
		buf_add(out, tmpl, (size_t)(p - tmpl));
		buf_addf(out, "%d", year);
		tmpl = p + sizeof(ph) - 1;
	}
	buf_addstr(out, tmpl);
}

/*
 * A duration: a number of seconds, or a string "90", "90s", "500ms",
 * "30m", "24h", "7d"; into *ms. -1 when it is none of these.
 */
static int parse_duration(const cJSON *n, long long *ms)
{
	static const struct { const char *unit; double ms; } units[] = {
		{ "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "m", 60000 },
		{ "h", 3600000 }, { "d", 86400000 },
	};
	double v;
	char *end;

	if (cJSON_IsNumber(n)) {
		v = n->valuedouble * 1000;
	} else if (cJSON_IsString(n)) {
		size_t i;
		errno = 0;
		v = strtod(n->valuestring, &end);
		if (errno || end == n->valuestring || !(n->valuestring[0] >= '0' &&
							n->valuestring[0] <= '9'))
			return -1;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(end, units[i].unit))
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -1;
		v *= units[i].ms;
	} else {
		return -1;
	}
	if (!(v >= 0) || v > 3650.0 * 86400000)
		return -1;
	*ms = (long long)v;
	return 0;
}

static void load_duration(struct cfile *f, const cJSON *root, const char *key,
			  long long *ms)
{
	const cJSON *n = cfg_get(root, key);
	if (n && parse_duration(n, ms))
		cfg_err(f, n, 0, "expected '%s' to be a duration such as \"90s\", \"30m\", \"24h\", \"7d\" or a number of seconds",
			key);
}

/* Every ph in b replaced by v. */
static void subst(struct buf *b, const char *ph, const char *v)
{
	struct buf out = BUF_INIT;
	const char *p, *t = b->buf;

	while ((p = strstr(t, ph))) {
		buf_add(&out, t, (size_t)(p - t));
		buf_addstr(&out, v);
		t = p + strlen(ph);
	}
	buf_addstr(&out, t);
	buf_reset(b);
	buf_add(b, out.buf, out.len);
	buf_release(&out);
}

/* http or https, a host, no credentials, no spaces. */
static void check_url(struct cfile *f, const cJSON *n, const char *url)
{
	CURLU *u = curl_url();
	struct buf probe = BUF_INIT;
	char *scheme = NULL, *user = NULL, *host = NULL;

	source_expand(url, 2000, &probe);
	subst(&probe, "{page}", "0");
	subst(&probe, "{found}", "x");
	if (!strncmp(url, "{found}", 7)) {
		/* the discovered URL itself: checked when it is found */
	} else if (strcspn(probe.buf, " \t\r\n\"<>\\^`|") != probe.len ||
	    curl_url_set(u, CURLUPART_URL, probe.buf, 0) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		cfg_err(f, n, 0, "'url' is not a valid URL: \"%s\"", url);
	} else if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		cfg_err(f, n, 0, "'url' must be http or https, not %s", scheme);
	} else if (!curl_url_get(u, CURLUPART_USER, &user, 0)) {
		cfg_err(f, n, 0, "'url' must not carry credentials (user:password@); they would end up in logs and the cache");
	}
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_url_cleanup(u);
	buf_release(&probe);
}

static int load_year_pair(struct cfile *f, const cJSON *n, int *from, int *to);

/* Whether the source's 'discover' page has "{year}": the year is in the data it finds. */
static bool discovers_year(const cJSON *root)
{
	const cJSON *d = cfg_get(root, "discover"), *u = cJSON_IsObject(d) ? cfg_get(d, "url") : NULL;
	return cJSON_IsString(u) && strstr(u->valuestring, "{year}");
}

/* url, years, snapshot, ttl, timeout: what a web source adds. */
void config_load_web(struct source *s, struct cfile *f, const struct config *cfg)
{
	const cJSON *root = f->root, *n;
	struct buf path = BUF_INIT, file = BUF_INIT;

	if (!s->url) {
		static const char *const web_only[] = { "snapshot", "ttl", "years",
							"timeout", NULL };
		for (const char *const *k = web_only; *k; k++)
			if ((n = cfg_get(root, *k)))
				cfg_err(f, n, 1, "'%s' is for web sources (with 'url')", *k);
		return;
	}
	check_url(f, cfg_get(root, "url"), s->url);
	if (s->kind_id == KIND_OPENALEX_WORKS) {
		/* its years are the publication years asked for (config_load_openalex) */
	} else if (s->kind_id == KIND_OPENALEX_GROUP) {
		/* per year: one page per publication year; per period: one page */
		s->query_from = cfg->profile.year_from;
		s->query_to = cfg->profile.year_to;
		if ((n = cfg_get(root, "years")))
			load_year_pair(f, n, &s->query_from, &s->query_to);
		if (!config_group_period(s, f)) {
			s->pages_from = s->query_from;
			s->pages_to = s->query_to;
		}
	} else if ((n = cfg_get(root, "years"))) {
		if (!cJSON_IsArray(n) || cJSON_GetArraySize(n) != 2 ||
		    !cJSON_IsNumber(n->child) || !cJSON_IsNumber(n->child->next) ||
		    n->child->valuedouble < 1900 || n->child->next->valuedouble > 2200 ||
		    n->child->valuedouble > n->child->next->valuedouble ||
		    n->child->next->valuedouble - n->child->valuedouble >= MAX_PAGES) {
			cfg_err(f, n, 0, "expected 'years' to be [first, last], one page per year, at most %d",
				MAX_PAGES);
		} else {
			s->pages_from = (int)n->child->valuedouble;
			s->pages_to = (int)n->child->next->valuedouble;
		}
		if (!strstr(s->url, "{year}") && !discovers_year(root))
			cfg_err(f, cfg_get(root, "url"), 0, "a source with 'years' needs \"{year}\" in its 'url' (or in its 'discover' url)");
	} else if (strstr(s->url, "{year}")) {
		cfg_err(f, cfg_get(root, "url"), 0, "\"{year}\" in 'url' needs 'years': [first, last]");
	}
	if ((n = cfg_get(root, "snapshot")) && s->snapshot) {
		if (!safe_relative_path(s->snapshot))
			cfg_err(f, n, 0, "'snapshot' must be relative to the configuration directory and not contain '..'");
		else if (s->pages_from && !strstr(s->snapshot, "{year}"))
			cfg_err(f, n, 0, "a source with 'years' needs \"{year}\" in its 'snapshot'");
		else
			for (int y = s->pages_from; y <= s->pages_to; y++) {
				source_expand(s->snapshot, y, &file);
				path_join(&path, cfg->dir, file.buf);
				if (access(path.buf, R_OK)) {
					cfg_err(f, n, 0, "snapshot '%s' cannot be read: %s",
						file.buf, strerror(errno));
					break;
				}
			}
	}
	load_duration(f, root, "ttl", &s->ttl_ms);
	load_duration(f, root, "timeout", &s->timeout_ms);
	if (s->timeout_ms <= 0)
		s->timeout_ms = DEFAULT_TIMEOUT_MS;
	buf_release(&path);
	buf_release(&file);
}

/* A path without '*' (the items array, the total) into *out. */
static void load_plain_path(struct cfile *f, const cJSON *obj, const char *key,
			    char **out)
{
	const cJSON *n = cfg_get(obj, key);
	struct colref c = { 0 };

	if (!n) {
		cfg_err(f, obj, 0, "missing '%s' in 'paging'", key);
		return;
	}
	if (cfg_path(f, n, "a 'paging' path", &c))
		return;
	if (strstr(c.name, "/*"))
		cfg_err(f, n, 0, "'%s' names one value: no '*' in it", key);
	*out = c.name;
}

/*
 * json: "discover": { "url", "pattern" } and "paging": { "items",
 * "total", "first" } (sources/datafile.h), with "{found}" and "{page}"
 * in 'url' exactly when they are set.
 */
static void load_datafile(struct source *s, struct cfile *f)
{
	static const char *const dkeys[] = { "url", "pattern", NULL };
	static const char *const pkeys[] = { "items", "total", "first", NULL };
	const cJSON *root = f->root, *n = cfg_get(root, "discover"), *e;
	const char *url = s->url ? s->url : "";

	if (n && !cfg_expect_object(f, n, "'discover'")) {
		cfg_check_keys(f, n, dkeys, NULL);
		s->discover_url = cfg_str(f, n, "url", 1);
		if (s->discover_url)
			check_url(f, cfg_get(n, "url"), s->discover_url);
		if (s->discover_url && !!strstr(s->discover_url, "{year}") != !!s->pages_from)
			cfg_err(f, cfg_get(n, "url"), 0, "the 'discover' url has \"{year}\" exactly when the source has 'years'");
		if ((e = cfg_get(n, "pattern"))) {
			s->discover_re = cfg_regex(f, e, "'discover' pattern");
			s->discover_pattern = xstrdup(cJSON_IsString(e) ? e->valuestring : "");
		} else {
			cfg_err(f, n, 0, "missing 'pattern' in 'discover': a regular expression whose first group is the data file's URL");
		}
		if (!strstr(url, "{found}"))
			cfg_err(f, cfg_get(root, "url"), 0, "a source with 'discover' needs \"{found}\" in its 'url' (\"{found}\" alone for the link itself)");
	} else if (!n && strstr(url, "{found}")) {
		cfg_err(f, cfg_get(root, "url"), 0, "\"{found}\" in 'url' needs 'discover': the page and the pattern that find it");
	}
	n = cfg_get(root, "paging");
	if (n && !cfg_expect_object(f, n, "'paging'")) {
		cfg_check_keys(f, n, pkeys, NULL);
		load_plain_path(f, n, "items", &s->page_items);
		load_plain_path(f, n, "total", &s->page_total);
		if ((e = cfg_get(n, "first")) && (!cJSON_IsNumber(e) || e->valuedouble < 0 ||
						   e->valuedouble > 1 || e->valuedouble != (int)e->valuedouble))
			cfg_err(f, e, 0, "expected 'first' to be 0 or 1, the number of the first page");
		else if (e)
			s->page_first = (int)e->valuedouble;
		if (!strstr(url, "{page}"))
			cfg_err(f, cfg_get(root, "url"), 0, "a source with 'paging' needs \"{page}\" in its 'url'");
	} else if (!n && strstr(url, "{page}")) {
		cfg_err(f, cfg_get(root, "url"), 0, "\"{page}\" in 'url' needs 'paging': the items, the total and the first page");
	}
}

/* json, html-table and html-list: the year, unless pages give it. */
void config_load_web_kind(struct source *s, struct cfile *f)
{
	const cJSON *root = f->root, *n = cfg_get(root, "year");

	if (n && s->pages_from) {
		cfg_err(f, n, 1, "a source with 'years' takes each page's year; remove 'year'");
	} else if (n) {
		if (s->kind_id == KIND_JSON)
			s->has_year = !cfg_path(f, n, "'year'", &s->year);
		else if (s->kind_id == KIND_HTML_TABLE)
			s->has_year = !cfg_colref(f, n, "'year'", &s->year);
		else
			s->has_year = !cfg_rule(f, n, "'year'", &s->year_rule);
	} else if (!s->pages_from) {
		cfg_err(f, root, 0, "missing 'year' (or 'years' with one page per year)");
	}
	if ((n = cfg_get(root, "match")))
		s->has_match = !(s->kind_id == KIND_JSON ?
				 cfg_path(f, n, "'match'", &s->match) :
				 cfg_colref(f, n, "'match'", &s->match));
	if (s->kind_id == KIND_HTML_TABLE) {
		if ((n = cfg_get(root, "table")))
			s->table = cfg_selector(f, n, "'table'");
		else
			cfg_err(f, root, 0, "missing 'table' (a CSS selector for the table)");
	}
	if (s->kind_id == KIND_JSON)
		load_datafile(s, f);
	if (s->kind_id == KIND_HTML_LIST) {
		if ((n = cfg_get(root, "items")))
			s->items = cfg_selector(f, n, "'items'");
		else
			cfg_err(f, root, 0, "missing 'items' (a CSS selector for the list items)");
	}
}

/* Every path of a json source lines up with its metric's value path. */
void config_check_json_paths(struct source *s, struct cfile *f, const cJSON *list)
{
	const cJSON *e = list->child;
	for (size_t i = 0; i < s->nmetrics && e; i++, e = e->next) {
		const struct metric_map *m = &s->metrics[i];
		const char *other[3] = { s->has_year ? s->year.name : NULL,
			m->has_key ? m->key.name : NULL,
			s->has_match ? s->match.name : NULL };
		static const char *const what[3] = { "'year'", "'key'", "'match'" };
		if (!m->value.name)
			continue;
		for (int k = 0; k < 3; k++) {
			struct buf err = BUF_INIT;
			if (other[k] && json_path_aligned(m->value.name, other[k], &err))
				cfg_err(f, e, 0, "metric '%s': %s %s", m->name ? m->name : "?",
					what[k], err.buf);
			buf_release(&err);
		}
	}
}


/* A year pair [first, last] into *from, *to: 0, or -1 (reported). */
static int load_year_pair(struct cfile *f, const cJSON *n, int *from, int *to)
{
	if (!cJSON_IsArray(n) || cJSON_GetArraySize(n) != 2 ||
	    !cJSON_IsNumber(n->child) || !cJSON_IsNumber(n->child->next) ||
	    n->child->valuedouble < 1900 || n->child->next->valuedouble > 2200 ||
	    n->child->valuedouble > n->child->next->valuedouble ||
	    n->child->valuedouble != (int)n->child->valuedouble ||
	    n->child->next->valuedouble != (int)n->child->next->valuedouble) {
		cfg_err(f, n, 0, "expected 'years' to be [first, last], the publication years asked for");
		return -1;
	}
	*from = (int)n->child->valuedouble;
	*to = (int)n->child->next->valuedouble;
	return 0;
}

void config_load_openalex(struct source *s, struct cfile *f, const struct config *cfg)
{
	const struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n;
	struct buf path = BUF_INIT;
	size_t peers = 0;
	bool of_us = false, of_peers = false;

	if (!s->url) {
		cfg_err(f, root, 0, "an openalex-works source needs 'url': the /works endpoint, such as \"https://api.openalex.org/works\"");
		return;
	}
	if (strchr(s->url, '?') || strstr(s->url, "{year}"))
		cfg_err(f, cfg_get(root, "url"), 0, "'url' is the /works endpoint without a query: intlkpi adds filter, select, per-page, cursor, mailto and the API key");
	s->query_from = p->year_from;
	s->query_to = p->year_to;
	if ((n = cfg_get(root, "years")))
		load_year_pair(f, n, &s->query_from, &s->query_to);
	s->per_page = 100;
	if ((n = cfg_get(root, "per_page")) &&
	    (!cJSON_IsNumber(n) || n->valuedouble < 1 || n->valuedouble > 200 ||
	     n->valuedouble != (int)n->valuedouble))
		cfg_err(f, n, 0, "expected 'per_page' to be an integer from 1 to 200");
	else if (n)
		s->per_page = (int)n->valuedouble;
	for (size_t i = 0; i < s->nmetrics; i++) {
		of_us |= !s->metrics[i].peers;
		of_peers |= s->metrics[i].peers;
	}
	if (of_us && !p->openalex_id)
		cfg_err(f, root, 0, "the university's metrics need 'openalex_id' in profile.json");
	for (size_t i = 0; of_peers && i < p->npeers; i++) {
		const struct peer *q = &p->peers[i];
		if (!q->openalex_id)
			continue;
		peers++;
		if (!q->country)
			cfg_err(f, root, 0, "peer '%s' needs 'country' in profile.json: its home country, whose works are not partner works",
				q->name ? q->name : q->openalex_id);
	}
	if (of_peers && !peers)
		cfg_err(f, root, 0, "metrics \"of\": \"peers\" need peers with an 'openalex_id' in profile.json");
	if (!s->snapshot || !safe_relative_path(s->snapshot))
		return;
	/* every institution the source asks for (sources/openalex.c's set) */
	for (size_t i = 0; i <= p->npeers; i++) {
		const char *id = i == 0 ? (of_us ? p->openalex_id : NULL)
				        : (of_peers ? p->peers[i - 1].openalex_id : NULL);
		char sid[OA_ID_MAX];
		if (!id || oa_short_id(id, sid))
			continue;
		path_join(&path, cfg->dir, s->snapshot);
		buf_addf(&path, "/%s/page-1.json", sid);
		if (access(path.buf, R_OK)) {
			cfg_err(f, cfg_get(root, "snapshot"), 0, "snapshot page '%s/%s/page-1.json' cannot be read: %s",
				s->snapshot, sid, strerror(errno));
			break;
		}
	}
	buf_release(&path);
}
