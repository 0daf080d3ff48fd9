/*
 * What the configuration says about peers and partners: the profile's
 * peer groups and coverage, peers.json (rankings and indicators compared
 * with the peers) and partners.json (the partner portfolio).
 */
#include "config/bench.h"
#include "lang/oaid.h"
#include "util/fs.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/banned.h"

/* A metric some source produces (m: its mapping), reported when none does. */
static void need_metric(const struct config *cfg, struct cfile *f, const cJSON *at,
			const char *metric, int keyed)
{
	const struct metric_map *m;

	if (!metric)
		return;
	if (!config_metric_source(cfg, metric, &m))
		cfg_err(f, at, 0, "unknown metric '%s' (no source produces it)", metric);
	else if (keyed >= 0 && m->has_key != (keyed > 0))
		cfg_err(f, at, 0, "metric '%s' %s", metric, keyed ?
			"has no key; a metric of the peers or partners is keyed by them" :
			"has keys; the university's value is keyless");
}

/* ---- profile.json: peer_groups, each peer's groups, coverage ---- */

static int group_index(const struct profile *p, const char *id)
{
	for (size_t i = 0; i < p->ngroups; i++)
		if (p->groups[i].id && !strcmp(p->groups[i].id, id))
			return (int)i;
	return -1;
}

void config_load_peer_groups(struct config *cfg, struct cfile *f)
{
	static const char *const group_keys[] = { "id", "title", NULL };
	static const char *const cov_keys[] = { "threshold", "works", "incomplete",
		"unlinked", NULL };
	struct profile *p = &cfg->profile;
	const cJSON *root = f->root, *n = cfg_get(root, "peer_groups"), *e;
	size_t k = 0;

	if (n && (!cJSON_IsArray(n) || cJSON_GetArraySize(n) > MAX_PEER_GROUPS)) {
		cfg_err(f, n, 0, "expected 'peer_groups' to be an array of at most %d objects",
			MAX_PEER_GROUPS);
	} else if (n) {
		p->groups = xcalloc((size_t)cJSON_GetArraySize(n) + 1, sizeof(*p->groups));
		cJSON_ArrayForEach(e, n) {
			struct peer_group *g;
			if (cfg_expect_object(f, e, "a peer group"))
				continue;
			cfg_check_keys(f, e, group_keys, NULL);
			g = &p->groups[p->ngroups++];
			g->id = cfg_id(f, e, 1);
			g->title = cfg_str(f, e, "title", 1);
			for (size_t i = 0; g->id && i + 1 < p->ngroups; i++)
				if (p->groups[i].id && !strcmp(p->groups[i].id, g->id))
					cfg_err(f, cfg_get(e, "id"), 0, "duplicate peer group '%s'", g->id);
		}
	}
	/* each peer's "groups": the peers were read in order, objects only */
	cJSON_ArrayForEach(e, cfg_get(root, "peers")) {
		const cJSON *gs = cfg_get(e, "groups"), *g;
		struct peer *peer;
		if (!cJSON_IsObject(e) || k >= p->npeers)
			continue;
		peer = &p->peers[k++];
		if (!gs)
			continue;
		if (!cJSON_IsArray(gs)) {
			cfg_err(f, gs, 0, "expected 'groups' to be an array of peer group ids");
			continue;
		}
		cJSON_ArrayForEach(g, gs) {
			int i = cJSON_IsString(g) ? group_index(p, g->valuestring) : -1;
			if (i < 0)
				cfg_err(f, g, 0, "expected a peer group id of 'peer_groups'%s%s",
					cJSON_IsString(g) ? ", found " : "",
					cJSON_IsString(g) ? g->valuestring : "");
			else
				peer->groups |= 1ULL << i;
		}
	}
	p->coverage.threshold = 0.9;
	n = cfg_get(root, "coverage");
	if (n && !cfg_expect_object(f, n, "'coverage'")) {
		cfg_check_keys(f, n, cov_keys, NULL);
		if (!cfg_num(f, n, "threshold", 0, &p->coverage.threshold) &&
		    !(p->coverage.threshold >= 0 && p->coverage.threshold <= 1))
			cfg_err(f, cfg_get(n, "threshold"), 0, "expected 'threshold' between 0 and 1");
		p->coverage.works = cfg_str(f, n, "works", 1);
		p->coverage.incomplete = cfg_str(f, n, "incomplete", 0);
		p->coverage.unlinked = cfg_str(f, n, "unlinked", 0);
	}
}

/* The profile's coverage metrics exist (checked once the sources are loaded). */
static void check_coverage(const struct config *cfg, struct cfile *f)
{
	const struct coverage_cfg *c = &cfg->profile.coverage;
	const cJSON *n = cfg_get(f->root, "coverage");

	need_metric(cfg, f, n, c->works, 0);
	need_metric(cfg, f, n, c->incomplete, 0);
	need_metric(cfg, f, n, c->unlinked, 0);
}

/* ---- peers.json ---- */

/* "STEM_SUFFIX" when key is absent and stem is set, else the key's string. */
static char *metric_or(struct cfile *f, const cJSON *o, const char *key,
		       const char *prefix, const char *stem, const char *suffix)
{
	struct buf b = BUF_INIT;

	if (cfg_get(o, key) || !stem)
		return cfg_str(f, o, key, 0);
	buf_addf(&b, "%s%s%s", prefix, stem, suffix);
	return buf_detach(&b, NULL);
}

static void load_ranking(struct config *cfg, struct cfile *f, const cJSON *e,
			 struct bench_ranking *r)
{
	static const char *const keys[] = { "id", "title", "metric", "low", "high",
		"listed", "peers_low", "peers_high", "peers_listed", NULL };
	char *stem;

	cfg_check_keys(f, e, keys, NULL);
	r->id = cfg_id(f, e, 1);
	r->title = cfg_str(f, e, "title", 1);
	stem = cfg_str(f, e, "metric", 0);
	r->low = metric_or(f, e, "low", "", stem, "_low");
	r->high = metric_or(f, e, "high", "", stem, "_high");
	r->listed = metric_or(f, e, "listed", "", stem, "_listed");
	r->peers_low = metric_or(f, e, "peers_low", "peer_", stem, "_low");
	r->peers_high = metric_or(f, e, "peers_high", "peer_", stem, "_high");
	r->peers_listed = metric_or(f, e, "peers_listed", "peer_", stem, "_listed");
	free(stem);
	if (!r->low || !r->peers_low)
		cfg_err(f, e, 0, "a ranking needs 'metric' (the stem of METRIC_low, METRIC_high, METRIC_listed and peer_METRIC_...) or 'low' and 'peers_low'");
	need_metric(cfg, f, e, r->low, 0);
	need_metric(cfg, f, e, r->high, 0);
	need_metric(cfg, f, e, r->listed, 0);
	need_metric(cfg, f, e, r->peers_low, 1);
	need_metric(cfg, f, e, r->peers_high, 1);
	need_metric(cfg, f, e, r->peers_listed, 1);
}

static void load_indicator(struct config *cfg, struct cfile *f, const cJSON *e,
			   struct bench_indicator *d)
{
	static const char *const keys[] = { "id", "title", "unit", "metric", "peers",
		"ranking", "direction", "decimals", "note", NULL };
	char *dir;

	cfg_check_keys(f, e, keys, NULL);
	d->id = cfg_id(f, e, 1);
	d->title = cfg_str(f, e, "title", 1);
	d->unit = cfg_str(f, e, "unit", 1);
	d->note = cfg_str(f, e, "note", 0);
	d->metric = cfg_str(f, e, "metric", 1);
	d->peers = metric_or(f, e, "peers", "peer_", d->metric, "");
	d->ranking = cfg_str(f, e, "ranking", 0);
	dir = cfg_str(f, e, "direction", 0);
	if (dir && !strcmp(dir, "decrease"))
		d->direction = DIR_DECREASE;
	else if (dir && strcmp(dir, "increase"))
		cfg_err(f, cfg_get(e, "direction"), 0, "expected 'direction' to be \"increase\" (the default) or \"decrease\"");
	free(dir);
	d->decimals = 1;
	if (!cfg_int(f, e, "decimals", 0, &d->decimals) && (d->decimals < 0 || d->decimals > 6))
		cfg_err(f, cfg_get(e, "decimals"), 0, "expected 'decimals' between 0 and 6");
	if (d->ranking) {
		bool found = false;
		for (size_t i = 0; i < cfg->nrankings; i++)
			found |= cfg->rankings[i].id && !strcmp(cfg->rankings[i].id, d->ranking);
		if (!found)
			cfg_err(f, cfg_get(e, "ranking"), 0, "no ranking '%s' in 'rankings'", d->ranking);
	}
	need_metric(cfg, f, e, d->metric, 0);
	need_metric(cfg, f, e, d->peers, 1);
}

static void load_peers(struct config *cfg, struct cfile *f)
{
	static const char *const keys[] = { "rankings", "indicators", "note", NULL };
	const cJSON *root = f->root, *n, *e;

	if (cfg_expect_object(f, root, "peers.json"))
		return;
	cfg_check_keys(f, root, keys, NULL);
	if ((n = cfg_get(root, "rankings")) && !cJSON_IsArray(n)) {
		cfg_err(f, n, 0, "expected 'rankings' to be an array of objects");
	} else if (n) {
		cfg->rankings = xcalloc((size_t)cJSON_GetArraySize(n) + 1, sizeof(*cfg->rankings));
		cJSON_ArrayForEach(e, n)
			if (!cfg_expect_object(f, e, "a ranking"))
				load_ranking(cfg, f, e, &cfg->rankings[cfg->nrankings++]);
	}
	if ((n = cfg_get(root, "indicators")) && !cJSON_IsArray(n)) {
		cfg_err(f, n, 0, "expected 'indicators' to be an array of objects");
	} else if (n) {
		cfg->indicators = xcalloc((size_t)cJSON_GetArraySize(n) + 1, sizeof(*cfg->indicators));
		cJSON_ArrayForEach(e, n)
			if (!cfg_expect_object(f, e, "an indicator"))
				load_indicator(cfg, f, e, &cfg->indicators[cfg->nindicators++]);
	}
}

/* ---- partners.json ---- */

static void load_registry(struct config *cfg, struct cfile *f, const cJSON *n)
{
	static const char *const keys[] = { "source", "partner", "country", "openalex_id",
		"ror", "type", "programme", "start", "end", NULL };
	struct partners_cfg *c = &cfg->partners;
	const struct source *s;

	if (cfg_expect_object(f, n, "'registry'"))
		return;
	cfg_check_keys(f, n, keys, NULL);
	c->registry = cfg_str(f, n, "source", 1);
	c->col_partner = cfg_str(f, n, "partner", 1);
	c->col_country = cfg_str(f, n, "country", 0);
	c->col_openalex = cfg_str(f, n, "openalex_id", 0);
	c->col_ror = cfg_str(f, n, "ror", 0);
	c->col_type = cfg_str(f, n, "type", 0);
	c->col_programme = cfg_str(f, n, "programme", 0);
	c->col_start = cfg_str(f, n, "start", 0);
	c->col_end = cfg_str(f, n, "end", 0);
	if (c->registry && (!(s = config_source(cfg, c->registry)) || s->kind_id != KIND_CSV || !s->path))
		cfg_err(f, cfg_get(n, "source"), 0, "expected 'source' to be the id of a csv source with a 'path' (the agreements registry)");
}

static int positive(struct cfile *f, const cJSON *o, const char *key, int def, int max)
{
	int v = def;

	if (!cfg_int(f, o, key, 0, &v) && (v < 1 || v > max)) {
		cfg_err(f, cfg_get(o, key), 0, "expected '%s' to be an integer from 1 to %d", key, max);
		v = def;
	}
	return v;
}

static void load_partners(struct config *cfg, struct cfile *f)
{
	static const char *const keys[] = { "registry", "agreements", "joint_works",
		"mobility_in", "mobility_out", "active_years", "candidate", "exclude",
		"metrics", "note", NULL };
	static const char *const cand_keys[] = { "works", "years", NULL };
	static const char *const out_keys[] = { "active", "dormant", "agreed", "candidate", NULL };
	struct partners_cfg *c = &cfg->partners;
	const cJSON *root = f->root, *n, *e;

	if (cfg_expect_object(f, root, "partners.json"))
		return;
	cfg_check_keys(f, root, keys, NULL);
	c->set = true;
	c->file = xstrdup(f->name);
	if ((n = cfg_get(root, "registry")))
		load_registry(cfg, f, n);
	else
		cfg_err(f, root, 0, "missing required key 'registry'");
	c->agreements = cfg_str(f, root, "agreements", 1);
	c->joint_works = cfg_str(f, root, "joint_works", 0);
	c->mobility_in = cfg_str(f, root, "mobility_in", 0);
	c->mobility_out = cfg_str(f, root, "mobility_out", 0);
	need_metric(cfg, f, root, c->agreements, 1);
	need_metric(cfg, f, root, c->joint_works, 1);
	need_metric(cfg, f, root, c->mobility_in, 1);
	need_metric(cfg, f, root, c->mobility_out, 1);
	c->active_years = positive(f, root, "active_years", 3, 50);
	c->candidate_works = 3;
	c->candidate_years = 5;
	if ((n = cfg_get(root, "candidate")) && !cfg_expect_object(f, n, "'candidate'")) {
		cfg_check_keys(f, n, cand_keys, NULL);
		c->candidate_works = positive(f, n, "works", 3, 100000);
		c->candidate_years = positive(f, n, "years", 5, 50);
	}
	if ((n = cfg_get(root, "exclude")) && !cJSON_IsArray(n)) {
		cfg_err(f, n, 0, "expected 'exclude' to be an array of OpenAlex institution ids");
	} else if (n) {
		c->exclude = xcalloc((size_t)cJSON_GetArraySize(n) + 1, sizeof(char *));
		cJSON_ArrayForEach(e, n) {
			char sid[OA_ID_MAX];
			if (!cJSON_IsString(e) || oa_short_id(e->valuestring, sid))
				cfg_err(f, e, 0, "expected an OpenAlex institution id such as \"I4210102425\"");
			else
				c->exclude[c->nexclude++] = xstrdup(sid);
		}
	}
	if ((n = cfg_get(root, "metrics")) && !cfg_expect_object(f, n, "'metrics'")) {
		cfg_check_keys(f, n, out_keys, NULL);
		c->out_active = cfg_str(f, n, "active", 0);
		c->out_dormant = cfg_str(f, n, "dormant", 0);
		c->out_agreed = cfg_str(f, n, "agreed", 0);
		c->out_candidate = cfg_str(f, n, "candidate", 0);
		for (size_t i = 0; i < 4; i++) {
			const char *m = i == 0 ? c->out_active : i == 1 ? c->out_dormant :
					i == 2 ? c->out_agreed : c->out_candidate;
			if (m && config_metric_source(cfg, m, NULL))
				cfg_err(f, cfg_get(n, out_keys[i]), 0, "metric '%s' is also produced by a source", m);
		}
	}
}

/* Loads dir/name with fn when the file exists (both files are optional). */
static void load_optional(struct config *cfg, const char *name,
			  void (*fn)(struct config *, struct cfile *),
			  struct buf *errors, int *nerr)
{
	struct buf path = BUF_INIT;
	struct cfile f;

	path_join(&path, cfg->dir, name);
	if (!access(path.buf, F_OK)) {
		if (!cfile_open(&f, path.buf, name, errors, nerr))
			fn(cfg, &f);
		cfile_close(&f);
	}
	buf_release(&path);
}

void config_load_bench(struct config *cfg, struct buf *errors, int *nerr)
{
	struct buf path = BUF_INIT;
	struct cfile f;

	/* the profile's coverage names metrics: checked now the sources are in */
	path_join(&path, cfg->dir, "profile.json");
	if (cfg->profile.coverage.works && !cfile_open(&f, path.buf, "profile.json", errors, nerr))
		check_coverage(cfg, &f);
	if (cfg->profile.coverage.works)
		cfile_close(&f);
	buf_release(&path);
	load_optional(cfg, "peers.json", load_peers, errors, nerr);
	load_optional(cfg, "partners.json", load_partners, errors, nerr);
}

bool config_derived_metric(const struct config *cfg, const char *metric)
{
	const struct partners_cfg *c = &cfg->partners;
	const char *const v[] = { c->out_active, c->out_dormant, c->out_agreed, c->out_candidate };

	for (size_t i = 0; i < 4; i++)
		if (v[i] && !strcmp(v[i], metric))
			return true;
	return false;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_bench_release(struct config *cfg)
{
	struct profile *p = &cfg->profile;
	struct partners_cfg *c = &cfg->partners;

	for (size_t i = 0; i < p->ngroups; i++) {
		free(p->groups[i].id);
		free(p->groups[i].title);
	}
	free(p->groups);
	free(p->coverage.works);
	free(p->coverage.incomplete);
	free(p->coverage.unlinked);
	for (size_t i = 0; i < cfg->nrankings; i++) {
		struct bench_ranking *r = &cfg->rankings[i];
		char *v[] = { r->id, r->title, r->low, r->high, r->listed, r->peers_low,
			      r->peers_high, r->peers_listed };
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			free(v[k]);
	}
	free(cfg->rankings);
	for (size_t i = 0; i < cfg->nindicators; i++) {
		struct bench_indicator *d = &cfg->indicators[i];
		char *v[] = { d->id, d->title, d->unit, d->ranking, d->note, d->metric, d->peers };
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			free(v[k]);
	}
	free(cfg->indicators);
	{
		char *v[] = { c->file, c->registry, c->col_partner, c->col_country, c->col_openalex,
			      c->col_ror, c->col_type, c->col_programme, c->col_start, c->col_end,
			      c->agreements, c->joint_works, c->mobility_in, c->mobility_out,
			      c->out_active, c->out_dormant, c->out_agreed, c->out_candidate };
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			free(v[k]);
	}
	free_strv(c->exclude, c->nexclude);
}
