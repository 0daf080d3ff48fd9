#ifndef LANG_RANK_H
#define LANG_RANK_H

/*
 * Ranking positions as published: an exact rank ("451"), a tie ("=451",
 * "451="), a band ("801-1000", with a hyphen, en dash, em dash or minus
 * sign, spaces allowed around it), an open band ("1001+"), or no rank
 * ("", "-", "–", "—", "n/a", "na", "nr", "not ranked", "unranked", and
 * THE's "Reporter": data submitted, not ranked).
 * Digits may be grouped by three with ',' ("1,001-1,200").
 */
struct rank_band {
	double low;
	double high;		/* INFINITY for an open band such as 1001+ */
};

/* Which number a rank metric takes from a band. */
enum rank_pick { RANK_NONE, RANK_LOW, RANK_HIGH, RANK_MID };

/* 1 with *out set, 0 when the cell says "no rank", -1 when it is not a rank. */
int rank_parse(const char *s, struct rank_band *out);

/*
 * The number picked from b: low, high or the midpoint. High and midpoint
 * of an open band are NAN (null): the band has no upper end.
 */
double rank_value(const struct rank_band *b, enum rank_pick pick);

#endif
