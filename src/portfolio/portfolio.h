#ifndef PORTFOLIO_PORTFOLIO_H
#define PORTFOLIO_PORTFOLIO_H
#include "config/config.h"
#include "obs/obs.h"
#include "util/buf.h"

/*
 * The partner portfolio (partners.json of the configuration;
 * docs/report.md, "Partner portfolio"): the agreements registry (a csv
 * source's file, read again for its columns) joined per partner with the
 * observations of agreements in force, joint works (keyed by OpenAlex id)
 * and mobility (keyed by the partner's name), per year, and each partner's
 * state in the portfolio's year:
 *   active     an agreement in force, and joint works or mobility within
 *              the last active_years years;
 *   dormant    an agreement in force, and neither;
 *   new        the same, but its first agreement started that year: too
 *              early to call it dormant (neither active nor dormant);
 *   candidate  no agreement in force, and at least candidate_works joint
 *              works within the last candidate_years years (the IRN rule);
 *   expired    in the registry, no agreement in force, not a candidate.
 * The portfolio's years are those every joined metric has data (from
 * the latest first year to the earliest last year, never after the
 * profile's as_of); its year, the last of them. Missing data is null, never 0: a
 * partner without an OpenAlex id has no joint works (null), and a year a
 * metric has no observation at all is null for every partner.
 * Everything returned is owned by the portfolio (portfolio_release).
 */

enum partner_state { PS_ACTIVE, PS_DORMANT, PS_CANDIDATE, PS_NEW, PS_EXPIRED, PS_NONE };

struct agreement {
	char *type, *programme, *start, *end;	/* as written; NULL when no column */
	int line;		/* in the registry file */
};

struct partner_year {
	int year;
	double agreements, joint_works, mobility_in, mobility_out;	/* NAN null */
	enum partner_state state;
};

struct partner {
	char *name, *country, *openalex_id, *ror;	/* NULL when unknown */
	bool in_registry;
	struct agreement *agreements;
	size_t nagreements;
	int first_start;	/* the year its first agreement started; 0 unknown */
	struct partner_year *years;	/* from .. as_of */
	size_t nyears;
	enum partner_state state;	/* in as_of */
	double works_window, activity_window;	/* the sums the state was decided on */
	char *reason;		/* one line: why this state */
};

struct portfolio {
	int from, as_of;	/* 0 when there is no year with data */
	int active_years, candidate_works, candidate_years;
	struct partner *v;	/* sorted: dormant, candidates (most works first), active, new, expired */
	size_t n;
	char **unmatched;	/* mobility keys that name no partner of the registry */
	size_t nunmatched;
	char registry_sha256[65];	/* of the registry file as read here */
	char *registry_path;
};

/* The states' names: "active", "dormant", "candidate", "new", "expired". */
const char *partner_state_name(enum partner_state s);

/*
 * Computes the portfolio of cfg (partners.json set) from t (sorted): 0, or
 * a negative err_class with err (the registry cannot be read, a column it
 * names is missing).
 */
int portfolio_compute(const struct config *cfg, const struct obs_table *t,
		      struct portfolio *out, struct buf *err);
/*
 * Adds the metrics of partners.json "metrics" (partners active, dormant,
 * with an agreement, candidates; per year) to t under a source record
 * "partners" (kind "derived"), for KPIs to read. t is sorted again.
 */
void portfolio_observe(const struct config *cfg, const struct portfolio *p,
		       struct obs_table *t);
void portfolio_release(struct portfolio *p);

#endif
