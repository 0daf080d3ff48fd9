/* openalex-group: requests with the credentials, counted against max_requests. */
#include "collect/collect.h"
#include "collect/unit.h"
#include "sources/openalex.h"
#include "util/log.h"
#include <stdlib.h>
#include "util/banned.h"

/*
 * openalex-group: the request of a due unit, with mailto and the key
 * (shown and stored without them), counted against max_requests: 1 when
 * the source has spent them (the unit is then over budget, not fetched).
 */
int group_request(struct run *r, struct unit *u)
{
	int asked = 0;

	/* a source's units are one per year, in order, side by side */
	for (const struct unit *w = u - (u->year - u->s->pages_from); w < u; w++)
		asked += w->plan == PLAN_FETCH;
	if (asked >= u->s->max_requests) {
		u->plan = PLAN_OVER_BUDGET;
		return 1;
	}
	buf_reset(&u->request);
	buf_addstr(&u->request, u->url.buf);
	oa_add_credentials(&u->request, r->cfg->profile.contact_email, getenv(OA_KEY_ENV));
	u->req.url = u->request.buf;
	u->req.shown_url = u->url.buf;
	u->req.budget_header = OA_BUDGET_HEADER;
	return 0;
}

/* What each openalex-group source is about to ask, before it does. */
void group_estimate(const struct unit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct source *s = v[i].s;
		size_t due = 0, over = 0, years = 0;
		if (s->kind_id != KIND_OPENALEX_GROUP || (i && v[i - 1].s == s))
			continue;
		for (size_t k = i; k < n && v[k].s == s; k++) {
			years++;
			due += v[k].plan == PLAN_FETCH;
			over += v[k].plan == PLAN_OVER_BUDGET;
		}
		if (due || over)
			notef("openalex-group '%s': %zu request%s due of %zu (one per year; max_requests %d)%s",
		    s->id, due, due == 1 ? "" : "s", years, s->max_requests,
		    over ? "; the rest wait for the next run" : "");
		if (over)
			warnf("openalex-group '%s': %zu year%s over max_requests (%d): not fetched this run",
			      s->id, over, over == 1 ? "" : "s", s->max_requests);
	}
}

