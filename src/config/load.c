/* Loading indicators/ as a whole: profile, areas, sources, KPIs, cross-checks. */
#include "config/config.h"
#include "config/file.h"
#include "config/source.h"
#include "config/bench.h"
#include "lang/oaid.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

/* ---- profile.json ---- */

/* An "openalex_id": an institution id, I123 or https://openalex.org/I123. */
static char *openalex_id(struct cfile *f, const cJSON *obj)
{
	char *id = cfg_str(f, obj, "openalex_id", 0), sid[OA_ID_MAX];
	if (id && oa_short_id(id, sid))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(obj, "openalex_id"), 0,
			"expected 'openalex_id' to be an OpenAlex institution id such as \"I4210166350\"");
	return id;
}

static void load_aliases(struct cfile *f, const cJSON *obj, char ***v, size_t *n)
{
	const cJSON *a, *list = cJSON_GetObjectItemCaseSensitive(obj, "aliases");

	if (list && !cJSON_IsArray(list)) {
		cfg_err(f, list, 0, "expected 'aliases' to be an array of strings");
		return;
	}
	if (!list)
		return;
	*v = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(char *));
	cJSON_ArrayForEach(a, list) {
		if (!cJSON_IsString(a))
			cfg_err(f, a, 0, "expected an alias string, found %s", cfg_type_name(a));
		else
			(*v)[(*n)++] = xstrdup(a->valuestring);
	}
}

/* "ids_verified": whether openalex_id and ror were checked (default false). */
static bool load_verified(struct cfile *f, const cJSON *obj)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, "ids_verified");

	if (n && !cJSON_IsBool(n))
		cfg_err(f, n, 0, "expected 'ids_verified' to be true or false");
	return cJSON_IsTrue(n);
}

static void load_profile(struct config *cfg, struct cfile *f)
{
	static const char *const keys[] = { "name", "aliases", "country",
		"openalex_id", "ror", "period", "peers", "contact_email",
		"status_threshold", "charts", "note", "ids_verified", "peer_groups",
		"coverage", NULL };
	static const char *const chart_keys[] = { "students_by_country",
		"partners_by_country", "share_intl", "share_total", NULL };
	static const char *const period_keys[] = { "from", "to", "as_of", NULL };
	static const char *const peer_keys[] = { "name", "openalex_id", "ror",
		"country", "aliases", "ids_verified", "groups", NULL };
	struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n;

	if (cfg_expect_object(f, root, "the profile"))
		return;
	cfg_check_keys(f, root, keys, NULL);
	p->name = cfg_str(f, root, "name", 1);
	p->country = cfg_str(f, root, "country", 1);
	if (p->country && (strlen(p->country) != 2 || p->country[0] < 'A' ||
			   p->country[0] > 'Z' || p->country[1] < 'A' ||
			   p->country[1] > 'Z'))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "country"), 0,
		       "expected 'country' to be an ISO 3166-1 alpha-2 code such as \"KZ\"");
	p->openalex_id = openalex_id(f, root);
	p->ror = cfg_str(f, root, "ror", 0);
	p->contact_email = cfg_str(f, root, "contact_email", 0);
	p->note = cfg_str(f, root, "note", 0);
	n = cJSON_GetObjectItemCaseSensitive(root, "charts");
	if (n && !cfg_expect_object(f, n, "'charts'")) {
		cfg_check_keys(f, n, chart_keys, NULL);
		p->chart_students = cfg_str(f, n, "students_by_country", 0);
		p->chart_partners = cfg_str(f, n, "partners_by_country", 0);
		p->chart_intl = cfg_str(f, n, "share_intl", 0);
		p->chart_total = cfg_str(f, n, "share_total", 0);
	}
	p->status_threshold = 0.1;
	if (!cfg_num(f, root, "status_threshold", 0, &p->status_threshold) &&
	    (p->status_threshold < 0 || p->status_threshold > 1))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "status_threshold"),
		       0, "expected 'status_threshold' between 0 and 1");

	load_aliases(f, root, &p->aliases, &p->naliases);
	p->ids_verified = load_verified(f, root);

	n = cJSON_GetObjectItemCaseSensitive(root, "period");
	if (!n) {
		cfg_err(f, root, 0, "missing required key 'period'");
	} else if (!cfg_expect_object(f, n, "'period'")) {
		cfg_check_keys(f, n, period_keys, NULL);
		if (!cfg_int(f, n, "from", 1, &p->year_from) &&
		    !cfg_int(f, n, "to", 1, &p->year_to)) {
			if (p->year_from < 1900 || p->year_to > 2200 ||
			    p->year_from >= p->year_to)
				cfg_err(f, n, 0, "expected a period with 1900 <= from < to <= 2200");
		}
		p->today = config_today();
		p->year_now = p->today / 10000;
		if (!cfg_int(f, n, "as_of", 0, &p->as_of) &&
		    (p->as_of < p->year_from || p->as_of > p->year_to))
			cfg_err(f, cJSON_GetObjectItemCaseSensitive(n, "as_of"), 0,
				"expected 'as_of' to be a year of the period %d-%d",
				p->year_from, p->year_to);
		else if (p->as_of && p->year_now && p->as_of > p->year_now)
			/* open-ended rows would run on into years that have not happened */
			cfg_err(f, cJSON_GetObjectItemCaseSensitive(n, "as_of"), 0,
				"'as_of' %d is after the current year %d: a year that has not "
				"happened is not judged (leave 'as_of' out to judge the data so far)",
				p->as_of, p->year_now);
	}

	n = cJSON_GetObjectItemCaseSensitive(root, "peers");
	if (n && !cJSON_IsArray(n)) {
		cfg_err(f, n, 0, "expected 'peers' to be an array of objects");
	} else if (n) {
		const cJSON *e;
		p->peers = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*p->peers));
		cJSON_ArrayForEach(e, n) {
			struct peer *peer;
			if (cfg_expect_object(f, e, "a peer"))
				continue;
			cfg_check_keys(f, e, peer_keys, NULL);
			peer = &p->peers[p->npeers++];
			peer->name = cfg_str(f, e, "name", 1);
			peer->openalex_id = openalex_id(f, e);
			peer->ror = cfg_str(f, e, "ror", 0);
			peer->country = cfg_str(f, e, "country", 0);
			load_aliases(f, e, &peer->aliases, &peer->naliases);
			peer->ids_verified = load_verified(f, e);
		}
	}
	config_load_peer_groups(cfg, f);
}

/* ---- areas.json ---- */

static int area_cmp(const void *a, const void *b)
{
	return ((const struct area *)a)->order - ((const struct area *)b)->order;
}

static void load_areas(struct config *cfg, struct cfile *f)
{
	static const char *const keys[] = { "areas", "note", NULL };
	static const char *const area_keys[] = { "id", "title", "order",
		"description", NULL };
	const cJSON *list, *e;

	if (cfg_expect_object(f, f->root, "the areas file"))
		return;
	cfg_check_keys(f, f->root, keys, NULL);
	list = cJSON_GetObjectItemCaseSensitive(f->root, "areas");
	if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list)) {
		cfg_err(f, list ? list : f->root, 0,
		       "expected 'areas' to be a non-empty array of areas");
		return;
	}
	cfg->areas = xcalloc((size_t)cJSON_GetArraySize(list), sizeof(*cfg->areas));
	cJSON_ArrayForEach(e, list) {
		struct area *a;
		if (cfg_expect_object(f, e, "an area"))
			continue;
		cfg_check_keys(f, e, area_keys, NULL);
		a = &cfg->areas[cfg->nareas];
		a->id = cfg_id(f, e, 1);
		a->title = cfg_str(f, e, "title", 1);
		a->description = cfg_str(f, e, "description", 0);
		if (!cfg_int(f, e, "order", 1, &a->order) && a->order < 1)
			cfg_err(f, cJSON_GetObjectItemCaseSensitive(e, "order"), 0,
			       "expected 'order' to be a positive integer");
		for (size_t i = 0; i < cfg->nareas; i++) {
			if (a->id && cfg->areas[i].id && !strcmp(a->id, cfg->areas[i].id))
				cfg_err(f, e, 0, "duplicate area id '%s'", a->id);
			if (a->order && a->order == cfg->areas[i].order)
				cfg_err(f, e, 0, "duplicate area order %d", a->order);
		}
		cfg->nareas++;
	}
	qsort(cfg->areas, cfg->nareas, sizeof(*cfg->areas), area_cmp);
}

/* ---- kpi: one JSON file per KPI ---- */

static int target_cmp(const void *a, const void *b)
{
	return ((const struct target *)a)->year - ((const struct target *)b)->year;
}

static void load_kpi(struct config *cfg, struct kpi_def *k, struct cfile *f)
{
	static const char *const keys[] = { "id", "area", "title", "unit",
		"direction", "formula", "baseline", "targets", "weight",
		"decimals", "description", "note", "peers", NULL };
	const struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n, *t;
	char *dir;

	if (cfg_expect_object(f, root, "a KPI"))
		return;
	cfg_check_keys(f, root, keys, NULL);
	k->id = cfg_id(f, root, 0);
	k->area = cfg_str(f, root, "area", 1);
	k->title = cfg_str(f, root, "title", 1);
	k->unit = cfg_str(f, root, "unit", 1);
	k->description = cfg_str(f, root, "description", 0);
	k->note = cfg_str(f, root, "note", 0);
	if (k->area && cfg->nareas && !config_area(cfg, k->area))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "area"), 0,
		       "area '%s' does not exist in areas.json", k->area);
	dir = cfg_str(f, root, "direction", 1);
	if (dir && !strcmp(dir, "decrease"))
		k->direction = DIR_DECREASE;
	else if (dir && strcmp(dir, "increase"))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "direction"), 0,
		       "expected 'direction' to be \"increase\" or \"decrease\", found \"%s\"",
		       dir);
	free(dir);

	k->formula_text = cfg_str(f, root, "formula", 1);
	if (k->formula_text) {
		struct buf err = BUF_INIT;
		if (formula_parse(k->formula_text, &k->formula, &err)) {
			const cJSON *fn = cJSON_GetObjectItemCaseSensitive(root, "formula");
			cfg_err(f, fn, 0, "formula: %s", err.buf);
		}
		buf_release(&err);
	}
	k->peers_text = cfg_str(f, root, "peers", 0);
	if (k->peers_text) {
		struct buf err = BUF_INIT;
		if (formula_parse(k->peers_text, &k->peers, &err))
			cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "peers"), 0, "peers: %s", err.buf);
		buf_release(&err);
	}

	k->weight = 1;
	if (!cfg_num(f, root, "weight", 0, &k->weight) &&
	    !(k->weight > 0 && isfinite(k->weight)))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "weight"), 0,
		       "expected 'weight' to be greater than 0");
	k->decimals = 1;
	if (!cfg_int(f, root, "decimals", 0, &k->decimals) &&
	    (k->decimals < 0 || k->decimals > 6))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "decimals"), 0,
		       "expected 'decimals' between 0 and 6");

	if (!cfg_int(f, root, "baseline", 1, &k->baseline) && p->year_to &&
	    (k->baseline < p->year_from - 10 || k->baseline >= p->year_to))
		cfg_err(f, cJSON_GetObjectItemCaseSensitive(root, "baseline"), 0,
		       "baseline %d is outside %d-%d (the period's start minus 10 years to its last year minus one)",
		       k->baseline, p->year_from - 10, p->year_to - 1);

	n = cJSON_GetObjectItemCaseSensitive(root, "targets");
	if (!n) {
		cfg_err(f, root, 0, "missing required key 'targets'");
		return;
	}
	if (!cJSON_IsObject(n) || !cJSON_GetArraySize(n)) {
		cfg_err(f, n, 0, "expected 'targets' to be an object of year: value, with at least one target");
		return;
	}
	cfg_check_duplicates(f, n);
	k->targets = xcalloc((size_t)cJSON_GetArraySize(n), sizeof(*k->targets));
	cJSON_ArrayForEach(t, n) {
		char *end;
		long y;
		errno = 0;
		y = strtol(t->string, &end, 10);
		if (errno || *end || end == t->string || y < 1900 || y > 2200) {
			cfg_err(f, t, 1, "expected a year as target key, found \"%s\"",
			       t->string);
			continue;
		}
		if (!cJSON_IsNumber(t) || !isfinite(t->valuedouble)) {
			cfg_err(f, t, 0, "expected the %ld target to be a finite number, found %s",
			       y, cJSON_IsNumber(t) ? "an overflowing number" : cfg_type_name(t));
			continue;
		}
		if (p->year_to && (y < p->year_from || y > p->year_to))
			cfg_err(f, t, 1, "target year %ld is outside the period %d-%d",
			       y, p->year_from, p->year_to);
		else if (k->baseline && y <= k->baseline)
			cfg_err(f, t, 1, "target year %ld is not after the baseline %d",
			       y, k->baseline);
		k->targets[k->ntargets++] = (struct target){ (int)y, t->valuedouble };
	}
	qsort(k->targets, k->ntargets, sizeof(*k->targets), target_cmp);
}

/*
 * Checks a formula's metrics against the sources loaded before (and the
 * metrics the partner portfolio adds); for the peers' formula, metrics
 * are keyed by the peer and used without a key function.
 */
static void check_formula_refs(const struct config *cfg, struct cfile *f,
			       const struct formula *formula, const char *key)
{
	const struct formula_ref *refs;
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(f->root, key);
	size_t n = formula_refs(formula, &refs);
	bool peers = !strcmp(key, "peers");

	for (size_t i = 0; i < n; i++) {
		const struct metric_map *m;
		if (!peers && config_derived_metric(cfg, refs[i].metric))
			continue;
		if (peers && config_metric_source(cfg, refs[i].metric, &m)) {
			if (!m->peers || refs[i].keyed)
				cfg_err(f, fn, 0, "peers column %d: metric '%s' is not a metric of the peers (\"of\": \"peers\"), used without a key function",
					refs[i].column, refs[i].metric);
			continue;
		}
		if (!config_metric_source(cfg, refs[i].metric, &m))
			cfg_err(f, fn, 0, "%s column %d: unknown metric '%s' (no source produces it)",
			       key, refs[i].column, refs[i].metric);
		else if (m->has_key && !refs[i].keyed)
			cfg_err(f, fn, 0, "%s column %d: metric '%s' has keys; use it inside sum(), count(), hhi() or another key function",
			       key, refs[i].column, refs[i].metric);
		else if (!m->has_key && refs[i].keyed)
			cfg_err(f, fn, 0, "%s column %d: metric '%s' has no key; use it without a key function",
			       key, refs[i].column, refs[i].metric);
	}
}

static void check_source_unique(const struct config *cfg, struct cfile *f,
				const struct source *s)
{
	for (size_t i = 0; i < cfg->nsources; i++) {
		const struct source *o = &cfg->sources[i];
		if (s->id && o->id && !strcmp(s->id, o->id))
			cfg_err(f, cJSON_GetObjectItemCaseSensitive(f->root, "id"), 0,
			       "duplicate source id '%s' (also in %s)", s->id, o->file);
		for (size_t a = 0; a < s->nmetrics; a++)
			for (size_t b = 0; b < o->nmetrics; b++)
				if (s->metrics[a].name && o->metrics[b].name &&
				    !strcmp(s->metrics[a].name, o->metrics[b].name))
					cfg_err(f, f->root, 0, "metric '%s' is also produced by source '%s' (%s)",
					       s->metrics[a].name, o->id ? o->id : "?", o->file);
	}
	for (size_t a = 0; a < s->nmetrics; a++)
		for (size_t b = 0; b < a; b++)
			if (s->metrics[a].name && s->metrics[b].name &&
			    !strcmp(s->metrics[a].name, s->metrics[b].name))
				cfg_err(f, f->root, 0, "metric '%s' is mapped twice",
				       s->metrics[a].name);
}

/* The *.json files of dir, sorted by name; NULL when dir cannot be read. */
static char **list_json(const char *dir, size_t *n)
{
	struct dirent **ents;
	int count = scandir(dir, &ents, NULL, alphasort);
	char **names;

	*n = 0;
	if (count < 0)
		return NULL;
	names = xcalloc((size_t)count + 1, sizeof(char *));
	for (int i = 0; i < count; i++) {
		size_t len = strlen(ents[i]->d_name);
		if (len > 5 && !strcmp(ents[i]->d_name + len - 5, ".json") &&
		    ents[i]->d_name[0] != '.')
			names[(*n)++] = xstrdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int kpi_cmp_cfg(const struct config *cfg, const struct kpi_def *a,
		       const struct kpi_def *b)
{
	const struct area *x = a->area ? config_area(cfg, a->area) : NULL;
	const struct area *y = b->area ? config_area(cfg, b->area) : NULL;
	int ox = x ? x->order : 0, oy = y ? y->order : 0;
	if (ox != oy)
		return ox - oy;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static int source_cmp(const void *a, const void *b)
{
	const struct source *x = a, *y = b;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

typedef void (*load_fn)(struct config *cfg, struct cfile *f, size_t i);

/* The names of subdir's JSON files (reported when there are none). */
static char **dir_files(const struct config *cfg, const char *subdir,
			size_t *n, struct buf *errors, int *nerr)
{
	struct buf dir = BUF_INIT;
	char **names;

	path_join(&dir, cfg->dir, subdir);
	names = list_json(dir.buf, n);
	if (!names) {
		buf_addf(errors, "%s: cannot read directory: %s\n", dir.buf,
			 strerror(errno));
		(*nerr)++;
	} else if (!*n) {
		buf_addf(errors, "%s: no *.json files\n", dir.buf);
		(*nerr)++;
	}
	buf_release(&dir);
	return names;
}

/* Loads the n files of subdir with fn, in order. */
static void load_files(struct config *cfg, const char *subdir, char **names,
		       size_t n, load_fn fn, struct buf *errors, int *nerr)
{
	struct buf path = BUF_INIT, name = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct cfile f;
		buf_reset(&name);
		buf_addf(&name, "%s/%s", subdir, names[i]);
		path_join(&path, cfg->dir, name.buf);
		if (!cfile_open(&f, path.buf, name.buf, errors, nerr))
			fn(cfg, &f, i);
		cfile_close(&f);
	}
	free_list(names, n);
	buf_release(&path);
	buf_release(&name);
}

static void load_source_file(struct config *cfg, struct cfile *f, size_t i)
{
	struct source *s = &cfg->sources[i];
	int before = *f->nerr;
	s->file = xstrdup(f->name);
	config_load_source(s, f, cfg);
	check_source_unique(cfg, f, s);
	s->invalid = *f->nerr != before;
	cfg->nsources = i + 1;
}

static void load_kpi_file(struct config *cfg, struct cfile *f, size_t i)
{
	struct kpi_def *k = &cfg->kpis[i];
	k->file = xstrdup(f->name);
	load_kpi(cfg, k, f);
	if (k->formula)
		check_formula_refs(cfg, f, k->formula, "formula");
	if (k->peers)
		check_formula_refs(cfg, f, k->peers, "peers");
	for (size_t j = 0; j < i; j++)
		if (k->id && cfg->kpis[j].id && !strcmp(k->id, cfg->kpis[j].id))
			cfg_err(f, cJSON_GetObjectItemCaseSensitive(f->root, "id"), 0,
			       "duplicate KPI id '%s' (also in %s)", k->id,
			       cfg->kpis[j].file);
	cfg->nkpis = i + 1;
}

static void load_single(struct config *cfg, const char *file,
			void (*fn)(struct config *, struct cfile *),
			struct buf *errors, int *nerr)
{
	struct buf path = BUF_INIT;
	struct cfile f;
	path_join(&path, cfg->dir, file);
	if (!cfile_open(&f, path.buf, file, errors, nerr))
		fn(cfg, &f);
	cfile_close(&f);
	buf_release(&path);
}

static const struct config *sort_cfg;
static int kpi_cmp(const void *a, const void *b)
{
	return kpi_cmp_cfg(sort_cfg, a, b);
}

int config_load(struct config *cfg, const char *dir, struct buf *errors)
{
	int nerr = 0;
	size_t n;
	char **names;

	memset(cfg, 0, sizeof(*cfg));
	cfg->dir = xstrdup(dir);
	load_single(cfg, "profile.json", load_profile, errors, &nerr);
	cfg->profile_invalid = nerr > 0;
	load_single(cfg, "areas.json", load_areas, errors, &nerr);
	names = dir_files(cfg, "sources", &n, errors, &nerr);
	cfg->sources = xcalloc(n + 1, sizeof(*cfg->sources));
	load_files(cfg, "sources", names, n, load_source_file, errors, &nerr);
	config_load_bench(cfg, errors, &nerr);
	names = dir_files(cfg, "kpi", &n, errors, &nerr);
	cfg->kpis = xcalloc(n + 1, sizeof(*cfg->kpis));
	load_files(cfg, "kpi", names, n, load_kpi_file, errors, &nerr);
	qsort(cfg->sources, cfg->nsources, sizeof(*cfg->sources), source_cmp);
	sort_cfg = cfg;
	qsort(cfg->kpis, cfg->nkpis, sizeof(*cfg->kpis), kpi_cmp);
	for (size_t a = 0; a < cfg->nareas; a++) {
		size_t used = 0;
		for (size_t k = 0; k < cfg->nkpis; k++)
			used += cfg->kpis[k].area && cfg->areas[a].id &&
				!strcmp(cfg->kpis[k].area, cfg->areas[a].id);
		if (!used) {
			buf_addf(errors, "areas.json: area '%s' has no KPI\n",
				 cfg->areas[a].id ? cfg->areas[a].id : "?");
			nerr++;
		}
	}
	return nerr;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_release(struct config *cfg)
{
	struct profile *p = &cfg->profile;
	free(p->name);
	free(p->country);
	free(p->openalex_id);
	free(p->ror);
	free(p->contact_email);
	free(p->note);
	free(p->chart_students);
	free(p->chart_partners);
	free(p->chart_intl);
	free(p->chart_total);
	free_strv(p->aliases, p->naliases);
	for (size_t i = 0; i < p->npeers; i++) {
		free(p->peers[i].name);
		free(p->peers[i].openalex_id);
		free(p->peers[i].ror);
		free(p->peers[i].country);
		free_strv(p->peers[i].aliases, p->peers[i].naliases);
	}
	free(p->peers);
	for (size_t i = 0; i < cfg->nareas; i++) {
		free(cfg->areas[i].id);
		free(cfg->areas[i].title);
		free(cfg->areas[i].description);
	}
	free(cfg->areas);
	for (size_t i = 0; i < cfg->nsources; i++)
		config_source_release(&cfg->sources[i]);
	free(cfg->sources);
	for (size_t i = 0; i < cfg->nkpis; i++) {
		struct kpi_def *k = &cfg->kpis[i];
		free(k->id);
		free(k->area);
		free(k->title);
		free(k->unit);
		free(k->description);
		free(k->note);
		free(k->file);
		free(k->formula_text);
		formula_free(k->formula);
		free(k->peers_text);
		formula_free(k->peers);
		free(k->targets);
	}
	free(cfg->kpis);
	config_bench_release(cfg);
	free(cfg->dir);
	memset(cfg, 0, sizeof(*cfg));
}

