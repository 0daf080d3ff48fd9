#ifndef KPI_STATS_H
#define KPI_STATS_H
#include <stddef.h>

/* Statistics for KPI series. NAN means "not defined for this input". */

/* Ordinary least squares y = intercept + slope * x over n points. */
struct linfit {
	size_t n;
	double slope, intercept;
	double r2;		/* NAN when y is constant or n < 2 */
	double xbar, sxx;	/* mean of x, sum of (x - xbar)^2 */
	double s;		/* residual standard error, NAN when n < 3 */
};

/* Returns 0, or -1 when n < 2 or all x are equal. */
int stats_linfit(const double *x, const double *y, size_t n, struct linfit *out);

/* Quantile of Student's t distribution with df degrees of freedom, p in (0,1). */
double stats_t_quantile(double p, double df);

/*
 * Prediction at x0 with a central prediction interval of level (e.g. 0.8):
 * yhat ± t((1+level)/2, n-2) · s · sqrt(1 + 1/n + (x0-xbar)²/sxx).
 * *lo and *hi are NAN when n < 3.
 */
double stats_predict(const struct linfit *f, double x0, double level,
		     double *lo, double *hi);

/* Compound annual growth rate from v0 to v1 over years; NAN unless both > 0 and years > 0. */
double stats_cagr(double v0, double v1, double years);

#endif
