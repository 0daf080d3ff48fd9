/* The files of sources/: one data source each (docs/configuration.md). */
#include "config/source.h"
#include "config/web.h"
#include "config/expect.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

#define DEFAULT_MAX_WEB ((long long)64 << 20)
#define DEFAULT_MAX_LOCAL ((long long)1 << 30)

static const char *const common_keys[] = { "id", "kind", "title", "note",
	"path", "url", "snapshot", "ttl", "years", "timeout", "max_bytes",
	"metrics", "expect", NULL };

static const struct kind_info {
	const char *name;
	enum source_kind id;
	const char *const *keys;	/* besides common_keys */
	const char *const *metric_keys;
} kinds[] = {
	{ "csv", KIND_CSV,
	  (const char *const[]){ "delimiter", "decimal", "thousands", "comment",
				 "header_row", "year", "year_range", "academic_year", "blank",
				 "country_columns", NULL },
	  (const char *const[]){ "name", "value", "count", "key", "where", "sum", "rank", NULL } },
	{ "xlsx", KIND_XLSX,
	  (const char *const[]){ "sheet", "header_row", "decimal", "thousands", "year",
				 "year_range", "academic_year", "blank", "country_columns", NULL },
	  (const char *const[]){ "name", "value", "count", "key", "where", "sum", "rank", NULL } },
	{ "json", KIND_JSON,
	  (const char *const[]){ "year", "match", "discover", "paging", NULL },
	  (const char *const[]){ "name", "value", "key", "rank", "of", "fact", NULL } },
	{ "html-table", KIND_HTML_TABLE,
	  (const char *const[]){ "table", "match", "year", "decimal", "thousands", NULL },
	  (const char *const[]){ "name", "value", "key", "rank", NULL } },
	{ "html-list", KIND_HTML_LIST,
	  (const char *const[]){ "items", "year", NULL },
	  (const char *const[]){ "name", "count", "key", "filter", NULL } },
	{ "openalex-works", KIND_OPENALEX_WORKS,
	  (const char *const[]){ "per_page", NULL },
	  (const char *const[]){ "name", "value", "of", NULL } },
	{ "openalex-jsonl", KIND_OPENALEX_JSONL, (const char *const[]){ NULL },
	  (const char *const[]){ "name", "value", NULL } },
	{ "scopus-csv", KIND_SCOPUS_CSV, (const char *const[]){ NULL },
	  (const char *const[]){ "name", "value", NULL } },
	{ "wos", KIND_WOS, (const char *const[]){ NULL },
	  (const char *const[]){ "name", "value", NULL } },
	{ "openalex-group", KIND_OPENALEX_GROUP,
	  (const char *const[]){ "group_by", "max_requests", "filter", "per", "unlinked", NULL },
	  (const char *const[]){ "name", "value", "of", NULL } },
};

/* Kinds of DESIGN.md whose issues have not landed. */
static const char *const later_kinds[] = { NULL };

/* The reader's results a bibliographic metric can take, by enum works_value. */
static const char *const works_values[] = { NULL, "works", "works_intl",
	"share_intl", "works_collab", "p_collab", "irn", "irn_partners",
	"irn_countries", "partner_countries", "partner_institutions",
	"works_incomplete", "works_no_institution", "works_no_country", NULL };

static int valid_metric_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static void load_where(struct cfile *f, const cJSON *n, struct metric_map *m)
{
	const cJSON *e;
	if (cfg_expect_object(f, n, "'where'"))
		return;
	m->wheres = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*m->wheres));
	cJSON_ArrayForEach(e, n) {
		struct where *w = &m->wheres[m->nwheres];
		const cJSON *t;
		w->col.name = xstrdup(e->string);
		if (cJSON_IsString(e)) {
			w->texts = xcalloc(1, sizeof(char *));
			w->texts[w->ntexts++] = xstrdup(e->valuestring);
		} else if (cJSON_IsArray(e) && cJSON_GetArraySize(e)) {
			w->texts = xcalloc((size_t)cJSON_GetArraySize(e), sizeof(char *));
			cJSON_ArrayForEach(t, e) {
				if (cJSON_IsString(t))
					w->texts[w->ntexts++] = xstrdup(t->valuestring);
				else
					cfg_err(f, t, 0, "expected a string to match, found %s",
						cfg_type_name(t));
			}
		} else {
			cfg_err(f, e, 0, "expected a string or a non-empty array of strings for column '%s'",
				e->string);
		}
		m->nwheres++;
	}
}

static enum rank_pick load_rank(struct cfile *f, const cJSON *n)
{
	static const char *const names[] = { "low", "high", "mid" };
	static const enum rank_pick picks[] = { RANK_LOW, RANK_HIGH, RANK_MID };
	for (int i = 0; i < 3; i++)
		if (cJSON_IsString(n) && !strcmp(n->valuestring, names[i]))
			return picks[i];
	cfg_err(f, n, 0, "expected 'rank' to be \"low\", \"high\" or \"mid\" (the band's midpoint)");
	return RANK_NONE;
}

/* A bibliographic metric: { "name", "value": RESULT, "of"?: "university" | "peers" }. */
static void load_works_metric(struct cfile *f, const cJSON *e, struct metric_map *m)
{
	const cJSON *n = cfg_get(e, "value"), *of = cfg_get(e, "of");

	for (int i = 1; works_values[i] && cJSON_IsString(n); i++)
		if (!strcmp(n->valuestring, works_values[i]))
			m->works = (enum works_value)i;
	if (!m->works) {
		struct buf list = BUF_INIT;
		for (int i = 1; works_values[i]; i++)
			buf_addf(&list, "%s%s", i > 1 ? ", " : "", works_values[i]);
		cfg_err(f, n ? n : e, 0, "expected 'value' to be one of %s", list.buf);
		buf_release(&list);
	}
	if (of && cJSON_IsString(of) && !strcmp(of->valuestring, "peers"))
		m->peers = true;
	else if (of && !(cJSON_IsString(of) && !strcmp(of->valuestring, "university")))
		cfg_err(f, of, 0, "expected 'of' to be \"university\" (the default) or \"peers\"");
	if (m->peers && (m->works == WV_PARTNER_COUNTRIES || m->works == WV_PARTNER_INSTITUTIONS))
		cfg_err(f, of, 0, "'%s' has a key of its own; a metric of the peers is keyed by the peer",
			works_values[m->works]);
	m->has_key = m->peers || m->works == WV_PARTNER_COUNTRIES ||
		     m->works == WV_PARTNER_INSTITUTIONS;
}

/* json: "of": "peers" and "fact": rows chosen by name ('match'). */
static void load_row_metric(struct cfile *f, const cJSON *e, const struct source *s,
			    struct metric_map *m)
{
	const cJSON *of = cfg_get(e, "of"), *fact = cfg_get(e, "fact");

	if (of && cJSON_IsString(of) && !strcmp(of->valuestring, "peers"))
		m->peers = true;
	else if (of && !(cJSON_IsString(of) && !strcmp(of->valuestring, "university")))
		cfg_err(f, of, 0, "expected 'of' to be \"university\" (the default) or \"peers\"");
	if (fact && cJSON_IsString(fact) && !strcmp(fact->valuestring, "listed"))
		m->fact = FACT_LISTED;
	else if (fact && cJSON_IsString(fact) && !strcmp(fact->valuestring, "ranked"))
		m->fact = FACT_RANKED;
	else if (fact)
		cfg_err(f, fact, 0, "expected 'fact' to be \"listed\" (the row is there) or \"ranked\" (its value is a rank)");
	if ((m->peers || m->fact) && !s->has_match)
		cfg_err(f, of ? of : fact, 0, "%s needs 'match': the path of the name that picks the row",
			m->peers ? "a metric of the peers" : "a fact about a row");
	if (m->peers && m->has_key)
		cfg_err(f, of, 0, "a metric of the peers is keyed by the peer's name; remove 'key'");
	if (m->fact && m->rank)
		cfg_err(f, fact, 0, "a fact is 1 or 0, not a rank; remove 'rank'");
	if (m->peers)
		m->has_key = true;
}

static void load_metric(struct cfile *f, const cJSON *e, struct source *s,
			const struct kind_info *k, struct metric_map *m)
{
	const cJSON *n;

	cfg_check_keys(f, e, k->metric_keys, NULL);
	m->name = cfg_str(f, e, "name", 1);
	if (m->name && !valid_metric_name(m->name))
		cfg_err(f, cfg_get(e, "name"), 0,
			"metric name '%s' must match [A-Za-z_][A-Za-z0-9_]*", m->name);
	n = cfg_get(e, "count");
	if (n && !cJSON_IsBool(n))
		cfg_err(f, n, 0, "expected 'count' to be true or false");
	m->count = cJSON_IsTrue(n);
	n = cfg_get(e, "sum");
	if (n && !cJSON_IsBool(n))
		cfg_err(f, n, 0, "expected 'sum' to be true or false");
	m->sum = m->count || cJSON_IsTrue(n);
	if ((n = cfg_get(e, "rank")))
		m->rank = load_rank(f, n);

	if (KIND_IS_WORKS(s->kind_id)) {
		load_works_metric(f, e, m);
		if (WV_IS_COVERAGE(m->works) && s->kind_id != KIND_OPENALEX_WORKS)
			cfg_err(f, cfg_get(e, "value"), 0, "'%s' reads OpenAlex authorships: an openalex-works source only",
				works_values[m->works]);
		return;
	}
	if (s->kind_id == KIND_OPENALEX_GROUP) {
		static const char *const gv[] = { NULL, "count", "groups", "partners", "by_year" };
		const cJSON *of = cfg_get(e, "of");
		n = cfg_get(e, "value");
		for (int i = 1; i < 5 && cJSON_IsString(n); i++)
			if (!strcmp(n->valuestring, gv[i]))
				m->group = (enum group_value)i;
		if (!m->group)
			cfg_err(f, n ? n : e, 0, "expected 'value' to be \"count\" (works of the year), \"groups\" (works per group), \"partners\" (per group, without the institution's own country and id) or \"by_year\" (per publication year, over a period)");
		if (of && cJSON_IsString(of) && !strcmp(of->valuestring, "peers"))
			m->peers = true;
		else if (of && !(cJSON_IsString(of) && !strcmp(of->valuestring, "university")))
			cfg_err(f, of, 0, "expected 'of' to be \"university\" (the default) or \"peers\"");
		m->has_key = m->peers || m->group == GV_GROUPS || m->group == GV_PARTNERS;
		return;
	}
	if (s->kind_id == KIND_HTML_LIST) {
		if (!m->count)
			cfg_err(f, e, 0, "an html-list metric counts items: set \"count\": true");
		if ((n = cfg_get(e, "key")) && !cfg_rule(f, n, "'key'", &m->key_rule))
			m->has_key = true;
		if ((n = cfg_get(e, "filter")))
			m->filter = cfg_regex(f, n, "'filter'");
		return;
	}
	n = cfg_get(e, "value");
	if (m->count && m->rank)
		cfg_err(f, cfg_get(e, "rank"), 0, "a metric that counts rows reads no rank: drop 'rank' or \"count\"");
	if (m->count && n)
		cfg_err(f, n, 0, "a metric has either 'value' or 'count', not both");
	else if (!m->count && !n)
		cfg_err(f, e, 0, s->kind_id == KIND_CSV || s->kind_id == KIND_XLSX ?
			"missing 'value' (a column) or \"count\": true" :
			"missing 'value'");
	else if (n && s->kind_id == KIND_JSON)
		cfg_path(f, n, "'value'", &m->value);
	else if (n)
		cfg_colref(f, n, "'value'", &m->value);
	n = cfg_get(e, "key");
	if (n && !(s->kind_id == KIND_JSON ? cfg_path(f, n, "'key'", &m->key) :
		   cfg_colref(f, n, "'key'", &m->key)))
		m->has_key = true;
	if ((n = cfg_get(e, "where")))
		load_where(f, n, m);
	if (s->kind_id == KIND_JSON)
		load_row_metric(f, e, s, m);
}

static char get_char_option(struct cfile *f, const cJSON *obj, const char *key,
			    const char *allowed, char dflt)
{
	const cJSON *n = cfg_get(obj, key);
	if (!n)
		return dflt;
	if (cJSON_IsString(n) && !*n->valuestring && !strcmp(key, "thousands"))
		return 0;
	if (!cJSON_IsString(n) || strlen(n->valuestring) != 1 ||
	    !strchr(allowed, n->valuestring[0])) {
		struct buf list = BUF_INIT;
		for (const char *a = allowed; *a; a++)
			buf_addf(&list, "%s\"%s\"", a == allowed ? "" : ", ",
				 *a == '\t' ? "\\t" : (char[]){ *a, 0 });
		cfg_err(f, n, 0, "expected '%s' to be one of %s", key, list.buf);
		buf_release(&list);
		return dflt;
	}
	return n->valuestring[0];
}

/* academic_year, blank, country_columns: the guards of hand-kept tables. */
static void load_table_guards(struct source *s, struct cfile *f)
{
	const cJSON *root = f->root, *n, *e;

	/* the header's row when a title or notes stand above it (1-based) */
	if (!cfg_int(f, root, "header_row", 0, &s->header_row) &&
	    (s->header_row < 1 || s->header_row > 1000000)) {
		cfg_err(f, cfg_get(root, "header_row"), 0, "expected 'header_row' to be the "
			"header's row number, 1 or more (%s)", s->kind_id == KIND_XLSX ?
			"the sheet's row as the spreadsheet numbers it" : "the file's line, counting "
			"every line above it");
		s->header_row = 0;
	}
	if ((n = cfg_get(root, "academic_year"))) {
		if (cJSON_IsString(n) && !strcmp(n->valuestring, "start"))
			s->academic_year = ACAD_START;
		else if (cJSON_IsString(n) && !strcmp(n->valuestring, "end"))
			s->academic_year = ACAD_END;
		else
			cfg_err(f, n, 0, "expected 'academic_year' to be \"start\" (2023/24 counts "
				"in 2023) or \"end\" (in 2024)");
	}
	if ((n = cfg_get(root, "blank"))) {
		if (cJSON_IsString(n) && !strcmp(n->valuestring, "zero"))
			s->blank_zero = true;
		else if (!(cJSON_IsString(n) && !strcmp(n->valuestring, "null")))
			cfg_err(f, n, 0, "expected 'blank' to be \"null\" (the default: an empty "
				"value cell is missing) or \"zero\" (it is 0)");
	}
	if ((n = cfg_get(root, "country_columns"))) {
		if (!cJSON_IsArray(n) || !cJSON_GetArraySize(n)) {
			cfg_err(f, n, 0, "expected 'country_columns' to be a non-empty array of columns");
			return;
		}
		s->country_cols = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*s->country_cols));
		cJSON_ArrayForEach(e, n)
			if (!cfg_colref(f, e, "a 'country_columns' column",
					&s->country_cols[s->ncountry_cols]))
				s->ncountry_cols++;
	}
}

/* year, year_range, delimiter, comment: the csv kind (xlsx: sheet). */
static void load_csv(struct source *s, struct cfile *f)
{
	const cJSON *root = f->root, *n, *e;

	if (s->kind_id == KIND_XLSX) {
		s->sheet = cfg_str(f, root, "sheet", 1);
		if (s->sheet && !*s->sheet)
			cfg_err(f, cfg_get(root, "sheet"), 0, "expected 'sheet' to name a sheet of the workbook");
	} else {
		s->delimiter = get_char_option(f, root, "delimiter", ",;\t", 0);
		s->comment = cfg_str(f, root, "comment", 0);
	}
	load_table_guards(s, f);
	n = cfg_get(root, "year");
	e = cfg_get(root, "year_range");
	if (n && e) {
		cfg_err(f, e, 1, "use either 'year' or 'year_range', not both");
	} else if (n) {
		s->has_year = !cfg_colref(f, n, "'year'", &s->year);
	} else if (e) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2) {
			cfg_err(f, e, 0, "expected 'year_range' to be [from_column, to_column]");
		} else {
			s->has_year_range = true;
			cfg_colref(f, e->child, "the first 'year_range' column", &s->year);
			cfg_colref(f, e->child->next, "the second 'year_range' column",
				   &s->year_to);
		}
	} else {
		cfg_err(f, root, 0, "missing 'year' (the year column) or 'year_range'");
	}
}

static const struct kind_info *find_kind(struct cfile *f, const cJSON *root,
					 const char *kind)
{
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i].name))
			return &kinds[i];
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		buf_addf(&list, "%s%s", i ? ", " : "", kinds[i].name);
	for (const char *const *k = later_kinds; *k; k++)
		if (!strcmp(kind, *k)) {
			/* these arrive with their issues; name them exactly */
			cfg_err(f, cfg_get(root, "kind"), 0,
				"kind '%s' is not supported yet (supported: %s)", kind, list.buf);
			buf_release(&list);
			return NULL;
		}
	for (const char *const *k = later_kinds; *k; k++)
		buf_addf(&list, ", %s", *k);
	cfg_err(f, cfg_get(root, "kind"), 0, "unknown kind '%s' (expected one of: %s)",
		kind, list.buf);
	buf_release(&list);
	return NULL;
}

void config_load_source(struct source *s, struct cfile *f,
			const struct config *cfg)
{
	const cJSON *root = f->root, *n, *e;
	const struct kind_info *k;

	s->kind_id = KIND_UNKNOWN;
	if (cfg_expect_object(f, root, "a source"))
		return;
	s->id = cfg_id(f, root, 1);
	s->kind = cfg_str(f, root, "kind", 1);
	k = s->kind ? find_kind(f, root, s->kind) : NULL;
	if (!k)
		return;
	cfg_check_keys(f, root, common_keys, k->keys);
	s->kind_id = k->id;
	s->title = cfg_str(f, root, "title", 0);
	s->note = cfg_str(f, root, "note", 0);
	s->path = cfg_str(f, root, "path", 0);
	s->url = cfg_str(f, root, "url", 0);
	s->snapshot = cfg_str(f, root, "snapshot", 0);
	if (s->path && s->url)
		cfg_err(f, cfg_get(root, "url"), 1, "use either 'path' or 'url', not both");
	else if (!s->path && !s->url)
		cfg_err(f, root, 0, "missing 'path' (a file relative to the configuration directory) or 'url'");
	if (s->path && !safe_relative_path(s->path))
		cfg_err(f, cfg_get(root, "path"), 0,
			"'path' must be relative to the configuration directory and not contain '..'");
	config_load_web(s, f, cfg);
	s->max_bytes = s->url ? DEFAULT_MAX_WEB : DEFAULT_MAX_LOCAL;
	if ((n = cfg_get(root, "max_bytes")) &&
	    (!cJSON_IsNumber(n) || n->valuedouble < 1 || n->valuedouble > 4e9 ||
	     n->valuedouble != floor(n->valuedouble)))
		cfg_err(f, n, 0, "expected 'max_bytes' to be a positive integer");
	else if (n)
		s->max_bytes = (long long)n->valuedouble;

	s->decimal = get_char_option(f, root, "decimal", ".,", '.');
	s->thousands = get_char_option(f, root, "thousands", " .,'", 0);
	if (s->thousands && s->thousands == s->decimal)
		cfg_err(f, cfg_get(root, "thousands"), 0, "'thousands' and 'decimal' must differ");
	if (s->kind_id == KIND_CSV || s->kind_id == KIND_XLSX)
		load_csv(s, f);
	else if (!KIND_IS_WORKS(s->kind_id) && s->kind_id != KIND_OPENALEX_GROUP)
		config_load_web_kind(s, f);

	n = cfg_get(root, "metrics");
	if (!cJSON_IsArray(n) || !cJSON_GetArraySize(n)) {
		cfg_err(f, n ? n : root, 0, "expected 'metrics' to be a non-empty array");
		return;
	}
	s->metrics = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*s->metrics));
	cJSON_ArrayForEach(e, n) {
		if (cfg_expect_object(f, e, "a metric mapping"))
			continue;
		load_metric(f, e, s, k, &s->metrics[s->nmetrics++]);
	}
	if (s->kind_id == KIND_JSON)
		config_check_json_paths(s, f, n);
	if (s->kind_id == KIND_OPENALEX_WORKS)
		config_load_openalex(s, f, cfg);
	if (s->kind_id == KIND_OPENALEX_GROUP)
		config_load_openalex_group(s, f, cfg);
	config_load_expect(s, f);
}

static void colref_release(struct colref *c)
{
	free(c->name);
}

static void regex_free(regex_t *re)
{
	if (re)
		regfree(re);
	free(re);
}

static void rule_release(struct html_rule *r)
{
	selector_free(r->sel);
	free(r->attr);
	regex_free(r->re);
}

void config_source_release(struct source *s)
{
	free(s->id);
	free(s->kind);
	free(s->title);
	free(s->note);
	free(s->file);
	free(s->path);
	free(s->url);
	free(s->snapshot);
	free(s->comment);
	free(s->sheet);
	for (size_t i = 0; i < s->ncountry_cols; i++)
		free(s->country_cols[i].name);
	free(s->country_cols);
	free(s->group_by);
	free(s->group_filter);
	free(s->group_query);
	free(s->discover_url);
	free(s->discover_pattern);
	regex_free(s->discover_re);
	free(s->page_items);
	free(s->page_total);
	colref_release(&s->year);
	colref_release(&s->year_to);
	colref_release(&s->match);
	selector_free(s->table);
	selector_free(s->items);
	rule_release(&s->year_rule);
	for (size_t m = 0; m < s->nmetrics; m++) {
		struct metric_map *mm = &s->metrics[m];
		free(mm->name);
		colref_release(&mm->value);
		colref_release(&mm->key);
		for (size_t w = 0; w < mm->nwheres; w++) {
			colref_release(&mm->wheres[w].col);
			for (size_t t = 0; t < mm->wheres[w].ntexts; t++)
				free(mm->wheres[w].texts[t]);
			free(mm->wheres[w].texts);
		}
		free(mm->wheres);
		rule_release(&mm->key_rule);
		regex_free(mm->filter);
	}
	free(s->metrics);
	config_expect_release(&s->expect);
}
