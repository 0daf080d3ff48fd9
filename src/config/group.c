/* openalex-group sources: their query (filter, period, names) and metrics' checks. */
#include "config/web.h"
#include "lang/oaid.h"
#include "util/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* Bytes a 'filter' may hold: OpenAlex's filter syntax, nothing that ends the value. */
#define FILTER_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:<>!|,+-/"
/* A name shorter than this is too ambiguous to search affiliation strings for ("KMU"). */
#define MIN_SEARCH_NAME 6

bool config_group_period(struct source *s, struct cfile *f)
{
	const cJSON *n = cfg_get(f->root, "per");

	if (!n)
		return false;
	if (cJSON_IsString(n) && !strcmp(n->valuestring, "period")) {
		s->group_period = true;
		return true;
	}
	if (!(cJSON_IsString(n) && !strcmp(n->valuestring, "year")))
		cfg_err(f, n, 0, "expected 'per' to be \"year\" (one query per publication year, the default) or \"period\" (one query over the years, grouped by publication_year)");
	return false;
}

/* A name for raw_affiliation_strings.search: long enough, no filter syntax in it. */
static bool searchable(const char *name)
{
	return name && strlen(name) >= MIN_SEARCH_NAME && !strpbrk(name, ",|\"");
}

/* The university's names as one search value, "A|B|C" (each escaped); 0 names: empty. */
static size_t search_names(const struct profile *p, struct buf *out)
{
	size_t n = 0;

	for (size_t i = 0; i <= p->naliases; i++) {
		const char *name = i ? p->aliases[i - 1] : p->name;
		if (!searchable(name))
			continue;
		if (n++)
			buf_addch(out, '|');
		oa_escape(out, name);
	}
	return n;
}

/* The metrics' checks; *of_us and *of_peers say whose metrics there are. */
static void check_metrics(const struct source *s, struct cfile *f, bool *of_us,
			  bool *of_peers)
{
	const cJSON *list = cfg_get(f->root, "metrics"), *e = list ? list->child : NULL;

	*of_us = *of_peers = false;
	for (size_t i = 0; i < s->nmetrics; i++, e = e ? e->next : NULL) {
		const struct metric_map *m = &s->metrics[i];
		const cJSON *at = e ? e : f->root;
		*of_us |= !m->peers;
		*of_peers |= m->peers;
		if (s->group_period && m->group == GV_COUNT)
			cfg_err(f, at, 0, "metric '%s': \"count\" is the works of one year; over a period, use \"by_year\" with group_by publication_year",
				m->name ? m->name : "?");
		if (!s->group_period && m->group == GV_BY_YEAR)
			cfg_err(f, at, 0, "metric '%s': \"by_year\" needs \"per\": \"period\" (one query over the years)",
				m->name ? m->name : "?");
		if (m->group == GV_BY_YEAR && s->group_by && strcmp(s->group_by, "publication_year"))
			cfg_err(f, at, 0, "metric '%s': \"by_year\" needs \"group_by\": \"publication_year\"",
				m->name ? m->name : "?");
		if (m->peers && (m->group == GV_GROUPS || m->group == GV_PARTNERS))
			cfg_err(f, at, 0, "metric '%s': a metric of the peers is keyed by the peer; \"groups\" and \"partners\" have keys of their own",
				m->name ? m->name : "?");
	}
}

void config_load_openalex_group(struct source *s, struct cfile *f, const struct config *cfg)
{
	const struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n;
	char sid[OA_ID_MAX];
	const char *first = NULL;
	struct buf q = BUF_INIT;
	bool of_us, of_peers;

	if (!s->url) {
		cfg_err(f, root, 0, "an openalex-group source needs 'url': the /works endpoint, such as \"https://api.openalex.org/works\"");
		return;
	}
	if (strchr(s->url, '?') || strstr(s->url, "{year}"))
		cfg_err(f, cfg_get(root, "url"), 0, "'url' is the /works endpoint without a query: intlkpi adds filter, group_by, cursor, mailto and the API key");
	s->group_by = cfg_str(f, root, "group_by", 1);
	if (s->group_by && (!*s->group_by || strspn(s->group_by, "abcdefghijklmnopqrstuvwxyz_.") != strlen(s->group_by)))
		cfg_err(f, cfg_get(root, "group_by"), 0, "expected 'group_by' to be an OpenAlex field such as \"authorships.countries\"");
	s->group_filter = cfg_str(f, root, "filter", 0);
	if (s->group_filter && (!*s->group_filter ||
				strspn(s->group_filter, FILTER_CHARS) != strlen(s->group_filter)))
		cfg_err(f, cfg_get(root, "filter"), 0, "expected 'filter' to be OpenAlex filter clauses such as \"countries_distinct_count:>1\" (letters, digits and _.:<>!|,+-/ only)");
	else if (s->group_filter && (strstr(s->group_filter, "publication_year") ||
				     strstr(s->group_filter, "institutions.lineage")))
		cfg_err(f, cfg_get(root, "filter"), 0, "'filter' adds to the query intlkpi builds; the institution and the years are its own");
	n = cfg_get(root, "unlinked");
	if (n && !cJSON_IsBool(n))
		cfg_err(f, n, 0, "expected 'unlinked' to be true or false");
	s->group_unlinked = cJSON_IsTrue(n);
	s->max_requests = 100;
	if ((n = cfg_get(root, "max_requests")) &&
	    (!cJSON_IsNumber(n) || n->valuedouble < 1 || n->valuedouble > 100000 ||
	     n->valuedouble != (int)n->valuedouble))
		cfg_err(f, n, 0, "expected 'max_requests' to be an integer from 1 to 100000");
	else if (n)
		s->max_requests = (int)n->valuedouble;
	if (s->snapshot && !s->group_period && !strstr(s->snapshot, "{year}"))
		cfg_err(f, cfg_get(root, "snapshot"), 0, "an openalex-group source has one response per year: \"{year}\" in its 'snapshot'");
	if (s->snapshot && s->group_period && strstr(s->snapshot, "{year}"))
		cfg_err(f, cfg_get(root, "snapshot"), 0, "with \"per\": \"period\" there is one response: no \"{year}\" in 'snapshot'");
	check_metrics(s, f, &of_us, &of_peers);
	if (of_us && (!p->openalex_id || oa_short_id(p->openalex_id, sid))) {
		cfg_err(f, root, 0, "an openalex-group source needs the university's 'openalex_id' in profile.json");
		return;
	}
	if (of_us)
		first = p->openalex_id;
	for (size_t i = 0; of_peers && i < p->npeers && !first; i++)
		if (p->peers[i].openalex_id && !oa_short_id(p->peers[i].openalex_id, sid))
			first = p->peers[i].openalex_id;
	if (of_peers && !first)
		cfg_err(f, root, 0, "metrics \"of\": \"peers\" need peers with an 'openalex_id' in profile.json");
	if (s->group_unlinked && of_peers)
		cfg_err(f, cfg_get(root, "unlinked"), 0, "'unlinked' searches the university's names; its metrics cannot be of the peers");
	if (!s->group_by || !first)
		return;
	buf_addf(&q, "%s?filter=", s->url);
	if (s->group_unlinked) {
		buf_addstr(&q, "raw_affiliation_strings.search:");
		if (!search_names(p, &q))
			cfg_err(f, cfg_get(root, "unlinked"), 0, "'unlinked' needs a name or alias of at least %d characters without ',', '|' or '\"' in profile.json",
				MIN_SEARCH_NAME);
		buf_addstr(&q, ",authorships.institutions.lineage:!{inst}");
	} else {
		buf_addstr(&q, "authorships.institutions.lineage:{inst}");
	}
	if (s->group_period)
		buf_addf(&q, ",publication_year:%d-%d", s->query_from, s->query_to);
	else
		buf_addstr(&q, ",publication_year:{year}");
	if (s->group_filter)
		buf_addf(&q, ",%s", s->group_filter);
	buf_addf(&q, "&group_by=%s", s->group_by);
	s->group_query = buf_detach(&q, NULL);
	oa_short_id(first, sid);
	config_group_inst(s->group_query, sid, &q);
	free(s->url);
	s->url = buf_detach(&q, NULL);
}

void config_group_inst(const char *query, const char *inst, struct buf *out)
{
	const char *p = strstr(query, "{inst}");

	buf_reset(out);
	if (!p) {
		buf_addstr(out, query);
		return;
	}
	buf_add(out, query, (size_t)(p - query));
	buf_addstr(out, inst);
	buf_addstr(out, p + 6);
}
