#ifndef CLI_SHOW_RENDER_H
#define CLI_SHOW_RENDER_H
#include "cli/view.h"
#include <cjson/cJSON.h>

/*
 * What intlkpi show prints, from OUT/kpis.json (and observations.json for
 * --source): every KPI or those the filters select, one KPI's series, or
 * one source's observations. Strings in the query are borrowed.
 */
struct show_query {
	const char *out_dir;
	const char *what;	/* KPI or area id given as an argument */
	const char *area;	/* --area, or what when it names an area */
	const char *source;	/* --source */
	unsigned status_mask;	/* bit s: enum kpi_status s; 0 = any */
	int year;		/* 0 = the latest year with a value */
	bool partners;		/* --partners: partners.json instead */
	bool peers;		/* --peers: kpis.json's peers instead */
	unsigned partner_mask;	/* --state: bit s: enum partner_state s; 0 = any */
	struct view view;
};

#define SHOW_STATUSES "achieved, nearly, missed, on_track, at_risk, off_track, not_ranked or no_data"

/*
 * Parses --state's comma-separated partner states ("active,dormant") into
 * mask bits; -1 on an unknown or empty state.
 */
int show_partner_states(const char *arg, unsigned *mask);
/*
 * The partners of OUT/partners.json in q's states (every one when the mask
 * is 0), as a table, JSON or one CSV row each, appended to o; returns the
 * exit code (errors reported).
 */
int show_partners(const struct show_query *q, struct buf *o);

/*
 * The university beside its peers (kpis.json's "peers" in root): the latest
 * edition of each ranking as published and each indicator's latest year
 * with every group's median and place; JSON the peers object; CSV a row
 * per institution, edition or indicator year. Returns the exit code.
 */
int show_peers(const struct show_query *q, const cJSON *root, struct buf *o);

/* Prints the answer to stdout; returns the exit code (errors reported). */
int show_run(struct show_query *q);

#endif
