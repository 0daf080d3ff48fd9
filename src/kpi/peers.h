#ifndef KPI_PEERS_H
#define KPI_PEERS_H
#include "config/config.h"
#include "kpi/result.h"
#include "obs/obs.h"

/*
 * The university against its peers (docs/report.md, "Against peers"):
 * per ranking of peers.json and edition, the positions as published (a
 * band's ends, and whether the row is there); per indicator of peers.json
 * and per KPI with a "peers" formula, and per year, the university's value,
 * each peer's, and per peer group the median, quartiles and the
 * university's place. Why a value is missing: "not_ranked" (no row in the
 * edition), "not_published" (a row without it), "no_data" (neither is
 * known). NAN is null. Results borrow their definitions from the config;
 * peers_release frees the rest.
 */

struct peer_pos {
	double low, high;	/* the band's ends; equal for a single position */
	int listed;		/* 1 the row is there, 0 it is not, -1 unknown */
};

struct rank_year {
	int year;
	struct peer_pos univ;
	struct peer_pos *peers;	/* one per profile peer */
};

struct rank_result {
	const struct bench_ranking *def;
	struct rank_year *years;
	size_t nyears;
};

struct peer_value {
	double value;
	const char *why;	/* NULL with a value; "not_ranked", "not_published", "no_data" */
};

/* A peer group's figures in one year; group SIZE_MAX: every peer (no groups configured). */
struct group_stat {
	size_t group;
	size_t n;		/* peers with a value */
	double median, q1, q3;	/* over the peers' values; NAN when n is 0 */
	int place, of;		/* the university among them and itself: 1 best; 0 no value */
};

struct bench_year {
	int year;
	struct peer_value univ;
	struct peer_value *peers;	/* one per profile peer */
	struct group_stat *groups;
	size_t ngroups;
};

struct bench_result {
	const char *id, *title, *unit, *note, *ranking;	/* borrowed */
	const char *kpi;	/* the KPI's id when it is one, else NULL */
	enum direction direction;
	int decimals;
	struct bench_year *years;
	size_t nyears;
};

struct peers_results {
	struct rank_result *rankings;
	size_t nrankings;
	struct bench_result *items;	/* peers.json's indicators, then KPIs with "peers" */
	size_t nitems;
};

/* Computes the peers' figures of cfg from t (sorted) and the KPIs r. */
void peers_compute(const struct config *cfg, const struct obs_table *t,
		   const struct kpi_results *r, struct peers_results *out);
void peers_release(struct peers_results *p);

/* Type 7 quantile (linear between order statistics, as R and numpy) of sorted v[0..n). */
double peers_quantile(const double *v, size_t n, double q);

#endif
