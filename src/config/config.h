#ifndef CONFIG_CONFIG_H
#define CONFIG_CONFIG_H
#include "lang/formula.h"
#include "lang/rank.h"
#include "lang/selector.h"
#include "util/buf.h"
#include <stdbool.h>
#include <regex.h>
#include <stddef.h>

/*
 * The configuration in indicators/ (docs/configuration.md), validated as a
 * whole. A loaded config owns every string and formula it points to.
 */

struct peer {
	char *name, *openalex_id, *ror, *country;
	char **aliases;		/* other names it is published under */
	size_t naliases;
	bool ids_verified;	/* "ids_verified": openalex_id and ror were checked */
	unsigned long long groups;	/* bit i: in profile.groups[i] */
};

/* A named peer group of the profile ("peer_groups"); a peer may be in several. */
#define MAX_PEER_GROUPS 64
struct peer_group {
	char *id, *title;
};

/*
 * profile "coverage": how much of the university's works the co-authorship
 * figures stand on (docs/report.md): metrics per year of its works, of
 * those with an authorship lacking an institution or a country, and of
 * the works found by name but not linked to its id (NULL: none); a year
 * below threshold gets a note in the report.
 */
struct coverage_cfg {
	double threshold;
	char *works, *incomplete, *unlinked;
};

struct profile {
	char *name, *country, *openalex_id, *ror, *contact_email, *note;
	char **aliases;
	size_t naliases;
	int year_from, year_to;
	bool ids_verified;	/* "ids_verified": openalex_id and ror were checked */
	int as_of;		/* period.as_of: values of later years are ignored; 0 = none */
	int year_now;		/* the calendar year when loaded (config_calendar_year); 0 = unknown */
	int today;		/* the date when loaded, YYYYMMDD (config_today); 0 = unknown */
	double status_threshold;
	/* profile "charts": the metrics behind the charts of metrics; NULL = the default */
	char *chart_students, *chart_partners, *chart_intl, *chart_total;
	struct peer *peers;
	size_t npeers;
	struct peer_group *groups;	/* "peer_groups"; none: every peer is one group */
	size_t ngroups;
	struct coverage_cfg coverage;
};

struct area {
	char *id, *title, *description;
	int order;
};

/* A column named by header text, or by 1-based number (name NULL). */
struct colref {
	char *name;
	int number;
};

struct where {
	struct colref col;
	char **texts;
	size_t ntexts;
};

/*
 * html-list: where an item's year or key comes from: the text (or the
 * attribute attr) of the first element under the item matching sel (the
 * item itself when sel is NULL), narrowed by re (its first group, or the
 * whole match) when set.
 */
struct html_rule {
	struct selector *sel;
	char *attr;
	regex_t *re;
};

/*
 * What a metric of a bibliographic kind (openalex-works, openalex-jsonl,
 * scopus-csv, wos) takes from the work-level reader's results per year
 * (docs/works.md): its "value". The last two have a key.
 */
enum works_value {
	WV_NONE, WV_WORKS, WV_WORKS_INTL, WV_SHARE_INTL, WV_WORKS_COLLAB,
	WV_P_COLLAB, WV_IRN, WV_IRN_PARTNERS, WV_IRN_COUNTRIES,
	WV_PARTNER_COUNTRIES, WV_PARTNER_INSTITUTIONS,
	/* openalex-works only: works with an authorship lacking an institution
	 * or a country, lacking an institution, lacking a country */
	WV_INCOMPLETE, WV_NO_INSTITUTION, WV_NO_COUNTRY
};
#define WV_IS_COVERAGE(v) ((v) >= WV_INCOMPLETE)

/*
 * json metrics with "fact": what the document says about the matched row
 * (docs/configuration.md): "listed" is 1 when the row is there and 0 when
 * the document has no such row; "ranked" is 1 when its value cell is a
 * rank, 0 when it says no rank ("Reporter", "n/a") or the row is absent.
 */
enum fact { FACT_NONE, FACT_LISTED, FACT_RANKED };

/*
 * openalex-group metrics: "count" the works of the year (meta.count),
 * "groups" the works per group key, "partners" the same without the
 * institution's own country and id (group_by authorships.countries or
 * authorships.institutions.lineage), "by_year" each group's count as the
 * value of its year (group_by publication_year over a period).
 */
enum group_value { GV_NONE, GV_COUNT, GV_GROUPS, GV_PARTNERS, GV_BY_YEAR };

struct metric_map {
	char *name;
	struct colref value;	/* csv, html-table: a column; json: a path */
	bool count, sum, has_key;
	struct colref key;	/* csv, html-table: a column; json: a path */
	struct where *wheres;
	size_t nwheres;
	enum rank_pick rank;	/* html-table, json: the value is a rank cell */
	struct html_rule key_rule;	/* html-list; has_key when set */
	regex_t *filter;	/* html-list: only items whose text matches */
	enum works_value works;	/* bibliographic kinds */
	bool peers;		/* openalex-works: of each peer, keyed by its OpenAlex id;
				 * json: each peer's row, keyed by the peer's name */
	enum fact fact;		/* json with 'match': a fact about the row, not its value */
	enum group_value group;	/* openalex-group: what of the response */
};

enum source_kind {
	KIND_CSV, KIND_JSON, KIND_HTML_TABLE, KIND_HTML_LIST,
	KIND_OPENALEX_WORKS,		/* the /works API, paged by cursor (openalex.h) */
	KIND_OPENALEX_JSONL, KIND_SCOPUS_CSV, KIND_WOS,	/* bibliographic files */
	KIND_OPENALEX_GROUP,		/* one group_by request per year (docs/configuration.md) */
	KIND_XLSX,			/* a sheet of a workbook, read as csv is */
	KIND_UNKNOWN
};
#define KIND_IS_WORKS(k) ((k) >= KIND_OPENALEX_WORKS && (k) <= KIND_WOS)

/*
 * What a freshly fetched body must yield before it replaces the last good
 * copy, beyond the defaults (docs/operations.md): a bound per metric
 * (NAN: none), and the largest relative change from the last good value.
 */
struct expect_bound {
	char *metric;		/* owned; NULL: every metric (max_change only) */
	double min, max;	/* range; max_change uses max */
};

struct source_expect {
	bool optional;		/* the university may be missing (a ranking it left) */
	bool shrink;		/* fewer cells than the last good copy are fine */
	long min_observations;	/* values (not null) at least; 0: no minimum */
	struct expect_bound *ranges, *changes;
	size_t nranges, nchanges;
};

struct source {
	char *id, *kind, *title, *note;
	enum source_kind kind_id;
	char *file;		/* the source's JSON file, for messages */
	char *path;		/* local data, as written (relative to config dir) */
	char *url;		/* http or https; with "{year}" when paged */
	char *snapshot;		/* bundled copy (relative to config dir); "{year}" when paged */
	int pages_from, pages_to;	/* "years": one page per year; 0 when not paged */
	long long ttl_ms;	/* a cached copy younger than this is used as is */
	long long timeout_ms;	/* whole transfer, per attempt */
	long long max_bytes;	/* largest body accepted */
	/* openalex-works: publication years asked for, works per page */
	int query_from, query_to;
	int per_page;
	/*
	 * openalex-group (docs/configuration.md): the field grouped by, the
	 * most requests one run makes, extra filter clauses as written (NULL:
	 * none), the query with "{inst}" for the institution asked about (and
	 * "{year}" per year); group_period: one query over query_from..query_to
	 * (group_by publication_year); group_unlinked: the works naming the
	 * university in their affiliation strings but not linked to its id.
	 */
	char *group_by;
	int max_requests;
	char *group_filter, *group_query;
	bool group_period, group_unlinked;
	/* csv */
	char delimiter;		/* 0 = auto */
	char decimal, thousands;	/* csv and html-table numbers */
	char *comment;
	/* csv and xlsx: hand-kept tables (docs/configuration.md) */
	enum academic_year { ACAD_NONE, ACAD_START, ACAD_END } academic_year;
	bool blank_zero;	/* "blank": "zero": an empty value cell is 0 */
	struct colref *country_cols;	/* "country_columns": cells that are countries */
	size_t ncountry_cols;
	char *sheet;		/* xlsx: the sheet's name */
	int header_row;		/* csv, xlsx: the header's line or row (1-based); 0: the first (after comments) */
	bool invalid;		/* its file had configuration errors (check reads no data of it) */
	bool has_year, has_year_range;
	struct colref year, year_to;	/* csv, html-table: columns; json: a path */
	/* html-table: the table; html-table and json: where the university's name is */
	struct selector *table;
	bool has_match;
	struct colref match;
	/*
	 * json: the data behind a page (sources/datafile.h). discover_url is a
	 * page ("{year}" when paged) in which discover_re's first group (or
	 * whole match) is found: "{found}" in url. paging: url has "{page}",
	 * asked from page_first on until the items (page_items, an array) reach
	 * the number at page_total; the pages are read as one document.
	 */
	char *discover_url;
	regex_t *discover_re;
	char *discover_pattern;
	char *page_items, *page_total;
	int page_first;
	/* html-list */
	struct selector *items;
	struct html_rule year_rule;
	struct metric_map *metrics;
	size_t nmetrics;
	struct source_expect expect;
};

struct target {
	int year;
	double value;
};

enum direction { DIR_INCREASE, DIR_DECREASE };

struct kpi_def {
	char *id, *area, *title, *unit, *description, *note;
	char *file;
	enum direction direction;
	char *formula_text;
	struct formula *formula;
	/* "peers": the same KPI of each peer, evaluated with each metric read
	 * at the peer's key (its name or OpenAlex id); NULL when none */
	char *peers_text;
	struct formula *peers;
	int baseline;
	struct target *targets;	/* sorted by year */
	size_t ntargets;
	double weight;
	int decimals;
};

/*
 * peers.json (docs/configuration.md, "Against peers"): the rankings whose
 * positions the report shows for the university and each peer (metrics
 * of the band's ends and of the listed fact), and the indicators compared
 * with the peer groups (a metric of the university and one of the peers,
 * keyed by the peer).
 */
struct bench_ranking {
	char *id, *title;
	char *low, *high, *listed;		/* the university's metrics */
	char *peers_low, *peers_high, *peers_listed;	/* the peers' */
};

struct bench_indicator {
	char *id, *title, *unit, *ranking, *note;	/* ranking: a bench_ranking id or NULL */
	char *metric, *peers;
	enum direction direction;
	int decimals;
};

/*
 * partners.json (docs/configuration.md, "Partner portfolio"): the
 * agreements registry (a csv source read again for its columns), the
 * metrics joined per partner, the rules of the states and the metrics the
 * portfolio adds for KPIs to read (per year).
 */
struct partners_cfg {
	bool set;
	char *file;
	char *registry;		/* a csv source id */
	char *col_partner, *col_country, *col_openalex, *col_ror, *col_type,
	     *col_programme, *col_start, *col_end;	/* NULL: no such column */
	char *agreements;	/* agreements in force per partner and year (keyed by name) */
	char *joint_works;	/* joint works per partner and year (keyed by OpenAlex id) */
	char *mobility_in, *mobility_out;	/* per partner and year (keyed by name) */
	int active_years;	/* N: works or mobility within the last N years */
	int candidate_works, candidate_years;	/* the IRN rule: 3 in 5 years */
	char **exclude;		/* OpenAlex ids that are the university's own units */
	size_t nexclude;
	char *out_active, *out_dormant, *out_agreed, *out_candidate;	/* metrics added */
};

struct config {
	char *dir;
	struct profile profile;
	struct area *areas;	/* sorted by order */
	size_t nareas;
	struct source *sources;	/* sorted by id */
	size_t nsources;
	struct kpi_def *kpis;	/* sorted by area order, then file name */
	size_t nkpis;
	struct bench_ranking *rankings;	/* peers.json; none when absent */
	size_t nrankings;
	struct bench_indicator *indicators;
	size_t nindicators;
	struct partners_cfg partners;	/* partners.json; set false when absent */
	bool profile_invalid;	/* profile.json had errors */
};

/*
 * Loads and validates dir. Every problem found is appended to errors as one
 * line "FILE:LINE:COL: message"; returns the number of problems (0 = ok).
 * On problems the config is still released-safe but must not be used,
 * except that `intlkpi check` reads the data of the sources whose own
 * file had none (source.invalid false, file set) when profile_invalid is
 * false, to report every error in one pass.
 */
int config_load(struct config *cfg, const char *dir, struct buf *errors);
void config_release(struct config *cfg);

/*
 * The current calendar year, local time; the environment variable
 * INTLKPI_TODAY (YYYY or YYYY-MM-DD) stands in for the clock, so that a
 * test or a re-run sees the year it names.
 */
int config_calendar_year(void);
/*
 * Today as YYYYMMDD, local time; INTLKPI_TODAY stands in for the clock
 * (YYYY-MM-DD that date; YYYY alone its 31 December, so that no date of
 * that year is later than "today"). 0 when the clock cannot be read.
 */
int config_today(void);
/*
 * The last year that can have happened for p: period.as_of when set, else
 * the calendar year (p->year_now) capped to the end of the period. Nothing
 * after it is counted (an open-ended agreement stops there), charted as an
 * observation or judged (docs/report.md, "Data through").
 */
int config_year_cut(const struct profile *p);

/* tmpl with every "{year}" replaced by year, into out (reset first). */
void source_expand(const char *tmpl, int year, struct buf *out);
/* An openalex-group query with "{inst}" replaced by the short id inst, into out (reset). */
void config_group_inst(const char *query, const char *inst, struct buf *out);

const struct area *config_area(const struct config *cfg, const char *id);
const struct source *config_source(const struct config *cfg, const char *id);
/* The source producing metric (and its mapping), or NULL. */
const struct source *config_metric_source(const struct config *cfg,
					  const char *metric,
					  const struct metric_map **map);

#endif
