/* The partner portfolio: registry, joint works and mobility per partner, states. */
#include "portfolio/portfolio.h"
#include "portfolio/registry.h"
#include "lang/oaid.h"
#include "util/textnorm.h"
#include "util/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "util/banned.h"

const char *partner_state_name(enum partner_state s)
{
	static const char *const names[] = { "active", "dormant", "candidate", "new", "expired",
		"none" };
	return names[s];
}

/* The first and last year metric has observations: 1, or 0 when none. */
static int metric_span(const struct obs_table *t, const char *metric, int *from, int *to)
{
	int found = 0;

	for (size_t i = 0; metric && i < t->n; i++)
		if (!strcmp(t->v[i].metric, metric)) {
			if (!found || t->v[i].year < *from)
				*from = t->v[i].year;
			if (!found || t->v[i].year > *to)
				*to = t->v[i].year;
			found = 1;
		}
	return found;
}

/*
 * The value of metric in year for the partner whose normalised name is
 * norm (or whose id is id): the observation's value, 0 when the metric has
 * observations that year but none of the partner, NAN when it has none.
 */
static double partner_value(const struct obs_table *t, const char *metric, int year,
			    const char *norm, const char *id)
{
	size_t n;
	const struct obs *o;
	struct buf k = BUF_INIT;
	double v = 0;

	if (!metric)
		return NAN;
	o = obs_range(t, metric, year, &n);
	if (!n)
		return NAN;
	if (!norm && !id)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		if (!o[i].key)
			continue;
		if (id) {
			if (!strcmp(o[i].key, id)) {
				v = o[i].value;
				break;
			}
			continue;
		}
		buf_reset(&k);
		textnorm_name(o[i].key, &k);
		if (k.buf && !strcmp(k.buf, norm)) {
			v = o[i].value;
			break;
		}
	}
	buf_release(&k);
	return v;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The partner named norm, or a new one. */
static struct partner *partner_by_name(struct portfolio *p, size_t *alloc, char **norms,
				       const char *name, const char *norm)
{
	for (size_t i = 0; i < p->n; i++)
		if (norms[i] && !strcmp(norms[i], norm))
			return &p->v[i];
	p->v = xgrow(p->v, alloc, p->n + 1, sizeof(*p->v));
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	p->v[p->n].name = xstrdup(name);
	norms[p->n] = xstrdup(norm);
	return &p->v[p->n++];
}

static void add_agreement(struct partner *q, const struct registry_row *r)
{
	struct agreement *a;
	char sid[OA_ID_MAX];

	q->in_registry = true;
	if (!q->country)
		q->country = dup_or_null(r->f[REG_COUNTRY]);
	if (!q->openalex_id && r->f[REG_OPENALEX] && !oa_short_id(r->f[REG_OPENALEX], sid))
		q->openalex_id = xstrdup(sid);
	if (!q->ror)
		q->ror = dup_or_null(r->f[REG_ROR]);
	q->agreements = xrealloc(q->agreements, (q->nagreements + 1) * sizeof(*q->agreements));
	a = &q->agreements[q->nagreements++];
	a->type = dup_or_null(r->f[REG_TYPE]);
	a->programme = dup_or_null(r->f[REG_PROGRAMME]);
	a->start = dup_or_null(r->f[REG_START]);
	a->end = dup_or_null(r->f[REG_END]);
	a->line = r->line;
	if (r->f[REG_START] && strlen(r->f[REG_START]) >= 4 &&
	    strspn(r->f[REG_START], "0123456789") >= 4) {
		int y = (r->f[REG_START][0] - '0') * 1000 + (r->f[REG_START][1] - '0') * 100 +
			(r->f[REG_START][2] - '0') * 10 + (r->f[REG_START][3] - '0');
		if (!q->first_start || y < q->first_start)
			q->first_start = y;
	}
}

static bool excluded(const struct config *cfg, const char *id)
{
	char sid[OA_ID_MAX];

	if (cfg->profile.openalex_id && !oa_short_id(cfg->profile.openalex_id, sid) &&
	    !strcmp(sid, id))
		return true;
	for (size_t i = 0; i < cfg->partners.nexclude; i++)
		if (!strcmp(cfg->partners.exclude[i], id))
			return true;
	return false;
}

/* The sum of the known values of f over years [y - w + 1, y]; *known: any was known. */
static double window(const struct partner *q, int from, int y, int w, int field, bool *known)
{
	double s = 0;

	*known = false;
	for (int k = y - w + 1; k <= y; k++) {
		const struct partner_year *py;
		double v;
		if (k < from || (size_t)(k - from) >= q->nyears)
			continue;
		py = &q->years[k - from];
		v = field == 0 ? py->joint_works :
		    (isnan(py->mobility_in) && isnan(py->mobility_out)) ? NAN :
		    (isnan(py->mobility_in) ? 0 : py->mobility_in) +
		    (isnan(py->mobility_out) ? 0 : py->mobility_out);
		if (!isnan(v)) {
			s += v;
			*known = true;
		}
	}
	return s;
}

static enum partner_state decide(const struct portfolio *p, const struct partner *q,
				 const struct partner_year *py, double *works, double *activity)
{
	bool kw, km;
	double mob;

	*works = window(q, p->from, py->year, p->candidate_years, 0, &kw);
	*activity = window(q, p->from, py->year, p->active_years, 0, &kw);
	mob = window(q, p->from, py->year, p->active_years, 1, &km);
	*activity += mob;
	if (py->agreements > 0)
		return *activity > 0 ? PS_ACTIVE : q->first_start >= py->year ? PS_NEW : PS_DORMANT;
	if (*works >= p->candidate_works)
		return PS_CANDIDATE;
	return q->in_registry ? PS_EXPIRED : PS_NONE;
}

/* The years of q from p->from to p->as_of, and their states. */
static void fill_years(const struct config *cfg, const struct obs_table *t,
		       const struct portfolio *p, struct partner *q, const char *norm)
{
	const struct partners_cfg *c = &cfg->partners;

	q->nyears = p->as_of >= p->from ? (size_t)(p->as_of - p->from + 1) : 0;
	q->years = xcalloc(q->nyears + 1, sizeof(*q->years));
	for (size_t i = 0; i < q->nyears; i++) {
		struct partner_year *py = &q->years[i];
		py->year = p->from + (int)i;
		py->agreements = q->in_registry ? partner_value(t, c->agreements, py->year, norm, NULL) :
				 partner_value(t, c->agreements, py->year, "\001", NULL);
		py->joint_works = q->openalex_id ?
			partner_value(t, c->joint_works, py->year, NULL, q->openalex_id) : NAN;
		py->mobility_in = partner_value(t, c->mobility_in, py->year, norm, NULL);
		py->mobility_out = partner_value(t, c->mobility_out, py->year, norm, NULL);
	}
	for (size_t i = 0; i < q->nyears; i++) {
		double w, a;
		q->years[i].state = decide(p, q, &q->years[i], &w, &a);
		if (i + 1 == q->nyears) {
			q->state = q->years[i].state;
			q->works_window = w;
			q->activity_window = a;
		}
	}
	if (!q->nyears)
		q->state = PS_NONE;
}

static void say_reason(const struct portfolio *p, struct partner *q)
{
	struct buf b = BUF_INIT;
	int a0 = p->as_of - p->active_years + 1, c0 = p->as_of - p->candidate_years + 1;

	switch (q->state) {
	case PS_ACTIVE: {
		bool known;
		double w = window(q, p->from, p->as_of, p->active_years, 0, &known);
		double m = window(q, p->from, p->as_of, p->active_years, 1, &known);
		buf_addf(&b, "agreement in force; %g joint work%s and %g mobile student%s in %d\u2013%d",
			 w, w == 1 ? "" : "s", m, m == 1 ? "" : "s", a0, p->as_of);
		break;
	}
	case PS_DORMANT:
		buf_addf(&b, "agreement in force, but no joint works or mobility in %d\u2013%d%s",
			 a0, p->as_of, q->openalex_id ? "" : " (no OpenAlex id: joint works unknown)");
		break;
	case PS_CANDIDATE:
		buf_addf(&b, "%g joint works in %d\u2013%d and no agreement in force (%d or more: a candidate)",
			 q->works_window, c0, p->as_of, p->candidate_works);
		break;
	case PS_NEW:
		buf_addf(&b, "agreement signed in %d; no joint works or mobility yet", q->first_start);
		break;
	case PS_EXPIRED:
		buf_addf(&b, "no agreement in force in %d; %g joint works in %d\u2013%d", p->as_of,
			 q->works_window, c0, p->as_of);
		break;
	default:
		buf_addstr(&b, "no year with data");
	}
	q->reason = buf_detach(&b, NULL);
}

static int state_rank(const struct partner *q)
{
	static const int rank[] = { 2, 0, 1, 3, 4, 5 };
	return rank[q->state];
}

static int partner_cmp(const void *a, const void *b)
{
	const struct partner *x = a, *y = b;
	int c = state_rank(x) - state_rank(y);

	if (c)
		return c;
	if (x->state == PS_CANDIDATE && x->works_window != y->works_window)
		return x->works_window > y->works_window ? -1 : 1;
	if (x->state == PS_ACTIVE && x->activity_window != y->activity_window)
		return x->activity_window > y->activity_window ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The OpenAlex ids with joint works in the candidate window, not in the registry. */
static void add_candidates(const struct config *cfg, const struct obs_table *t,
			   struct portfolio *p, size_t *alloc, char ***norms)
{
	const char *metric = cfg->partners.joint_works;
	int y0 = p->as_of - p->candidate_years + 1;

	for (size_t i = 0; metric && i < t->n; i++) {
		const struct obs *o = &t->v[i];
		bool known = false;
		double sum = 0;
		if (strcmp(o->metric, metric) || !o->key || o->year < y0 || o->year > p->as_of ||
		    excluded(cfg, o->key))
			continue;
		for (size_t k = 0; k < p->n && !known; k++)
			known = p->v[k].openalex_id && !strcmp(p->v[k].openalex_id, o->key);
		if (known)
			continue;
		for (size_t k = 0; k < t->n; k++)
			if (!strcmp(t->v[k].metric, metric) && t->v[k].key &&
			    !strcmp(t->v[k].key, o->key) && t->v[k].year >= y0 &&
			    t->v[k].year <= p->as_of && !isnan(t->v[k].value))
				sum += t->v[k].value;
		if (sum >= p->candidate_works) {
			const char *label = obs_label(t, o->key);
			struct partner *q;
			*norms = xrealloc(*norms, (p->n + 2) * sizeof(char *));
			q = partner_by_name(p, alloc, *norms, label ? label : o->key, o->key);
			q->openalex_id = xstrdup(o->key);
		}
	}
}

/* Mobility keys that name no partner of the registry. */
static void unmatched(const struct config *cfg, const struct obs_table *t, struct portfolio *p,
		      char **norms)
{
	const char *m[2] = { cfg->partners.mobility_in, cfg->partners.mobility_out };
	struct buf k = BUF_INIT;

	for (size_t i = 0; i < t->n; i++) {
		const struct obs *o = &t->v[i];
		bool hit = false;
		if (!o->key || !((m[0] && !strcmp(o->metric, m[0])) || (m[1] && !strcmp(o->metric, m[1]))))
			continue;
		buf_reset(&k);
		textnorm_name(o->key, &k);
		for (size_t j = 0; j < p->n && !hit; j++)
			hit = norms[j] && k.buf && !strcmp(norms[j], k.buf) && p->v[j].in_registry;
		for (size_t j = 0; j < p->nunmatched && !hit; j++)
			hit = !strcmp(p->unmatched[j], o->key);
		if (hit)
			continue;
		p->unmatched = xrealloc(p->unmatched, (p->nunmatched + 1) * sizeof(char *));
		p->unmatched[p->nunmatched++] = xstrdup(o->key);
	}
	buf_release(&k);
}

int portfolio_compute(const struct config *cfg, const struct obs_table *t,
		      struct portfolio *out, struct buf *err)
{
	const struct partners_cfg *c = &cfg->partners;
	struct registry reg;
	const char *spans[4] = { c->agreements, c->joint_works, c->mobility_in, c->mobility_out };
	char **norms;
	size_t alloc = 0;
	struct buf norm = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	out->active_years = c->active_years;
	out->candidate_works = c->candidate_works;
	out->candidate_years = c->candidate_years;
	if ((rc = registry_read(cfg, &reg, err)))
		return rc;
	memcpy(out->registry_sha256, reg.sha256, sizeof(reg.sha256));
	out->registry_path = xstrdup(reg.path);
	/* the years every joined metric has data */
	for (int i = 0; i < 4; i++) {
		int f = 0, l = 0;
		if (!spans[i] || !metric_span(t, spans[i], &f, &l))
			continue;
		if (f > out->from)
			out->from = f;
		if (!out->as_of || l < out->as_of)
			out->as_of = l;
	}
	if (out->from > out->as_of)
		out->from = out->as_of = 0;
	if (cfg->profile.as_of && out->as_of > cfg->profile.as_of)
		out->as_of = cfg->profile.as_of;
	else if (!cfg->profile.as_of && cfg->profile.year_now && out->as_of > cfg->profile.year_now)
		out->as_of = cfg->profile.year_now;
	norms = xcalloc(reg.n + 1, sizeof(char *));
	for (size_t i = 0; i < reg.n; i++) {
		buf_reset(&norm);
		textnorm_name(reg.v[i].f[REG_PARTNER], &norm);
		add_agreement(partner_by_name(out, &alloc, norms, reg.v[i].f[REG_PARTNER],
					      norm.buf ? norm.buf : ""), &reg.v[i]);
	}
	if (out->from && out->as_of)
		add_candidates(cfg, t, out, &alloc, &norms);
	for (size_t i = 0; i < out->n; i++) {
		fill_years(cfg, t, out, &out->v[i], norms[i]);
		say_reason(out, &out->v[i]);
	}
	unmatched(cfg, t, out, norms);
	for (size_t i = 0; i < out->n; i++)
		free(norms[i]);
	free(norms);
	qsort(out->v, out->n, sizeof(*out->v), partner_cmp);
	registry_release(&reg);
	buf_release(&norm);
	return 0;
}

void portfolio_observe(const struct config *cfg, const struct portfolio *p, struct obs_table *t)
{
	const struct partners_cfg *c = &cfg->partners;
	struct obs_source rec = { 0 };
	size_t src;

	if (!c->out_active && !c->out_dormant && !c->out_agreed && !c->out_candidate)
		return;
	rec.id = "partners";
	rec.kind = "derived";
	rec.title = "Partner portfolio (partners.json): partners by state, per year";
	rec.note = "Derived by the partner portfolio (partners.json of the configuration) from the agreements registry (path, sha256: the bytes it read), the agreements, joint works and mobility observations per partner; the states per partner are in output/partners.json.";
	rec.path = p->registry_path;
	memcpy(rec.sha256, p->registry_sha256, sizeof(rec.sha256));
	rec.state = SRC_FRESH;
	/* stale when what it joins is */
	for (size_t i = 0; i < t->n; i++) {
		const char *m = t->v[i].metric;
		enum source_state st = t->sources[t->v[i].src].state;
		if ((st == SRC_STALE || st == SRC_FAILED) &&
		    ((c->agreements && !strcmp(m, c->agreements)) ||
		     (c->joint_works && !strcmp(m, c->joint_works)) ||
		     (c->mobility_in && !strcmp(m, c->mobility_in)) ||
		     (c->mobility_out && !strcmp(m, c->mobility_out))))
			rec.state = SRC_STALE;
	}
	src = obs_add_source(t, &rec);
	for (int y = p->from; p->from && y <= p->as_of; y++) {
		double n[4] = { 0, 0, 0, 0 };
		for (size_t i = 0; i < p->n; i++) {
			const struct partner *q = &p->v[i];
			enum partner_state s;
			if ((size_t)(y - p->from) >= q->nyears)
				continue;
			s = q->years[y - p->from].state;
			n[0] += s == PS_ACTIVE;
			n[1] += s == PS_DORMANT;
			n[2] += s == PS_ACTIVE || s == PS_DORMANT;
			n[3] += s == PS_CANDIDATE;
		}
		if (c->out_active)
			obs_add(t, src, c->out_active, y, NULL, n[0], 0);
		if (c->out_dormant)
			obs_add(t, src, c->out_dormant, y, NULL, n[1], 0);
		if (c->out_agreed)
			obs_add(t, src, c->out_agreed, y, NULL, n[2], 0);
		if (c->out_candidate)
			obs_add(t, src, c->out_candidate, y, NULL, n[3], 0);
	}
	t->sources[src].nobs = 0;
	for (size_t i = 0; i < t->n; i++)
		t->sources[src].nobs += t->v[i].src == src;
	obs_sort(t);
}

void portfolio_release(struct portfolio *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct partner *q = &p->v[i];
		free(q->name);
		free(q->country);
		free(q->openalex_id);
		free(q->ror);
		for (size_t k = 0; k < q->nagreements; k++) {
			free(q->agreements[k].type);
			free(q->agreements[k].programme);
			free(q->agreements[k].start);
			free(q->agreements[k].end);
		}
		free(q->agreements);
		free(q->years);
		free(q->reason);
	}
	free(p->v);
	for (size_t i = 0; i < p->nunmatched; i++)
		free(p->unmatched[i]);
	free(p->unmatched);
	free(p->registry_path);
	memset(p, 0, sizeof(*p));
}
