#include "kpi/stats.h"
#include <float.h>
#include <math.h>
#include "util/banned.h"

/*
 * The t quantile inverts the t distribution function, written with the
 * regularized incomplete beta function I_x(a, b), evaluated by its
 * continued fraction (modified Lentz).  The fraction converges in about
 * sqrt(max(a, b)) steps, so the cap below covers df up to ~1e7.
 */
#define CF_MAXIT 20000
#define CF_EPS (DBL_EPSILON / 2)
#define CF_TINY (DBL_MIN / DBL_EPSILON)

int stats_linfit(const double *x, const double *y, size_t n, struct linfit *out)
{
	double xbar = 0, ybar = 0, sxx = 0, sxy = 0, syy = 0, ssres = 0;
	size_t i;
	int distinct = 0;

	out->n = n;
	out->slope = out->intercept = out->r2 = NAN;
	out->xbar = out->sxx = out->s = NAN;
	if (n < 2)
		return -1;
	/* Compare exactly: a centred sum of equal x can round to a tiny sxx. */
	for (i = 1; i < n; i++)
		if (x[i] != x[0])
			distinct = 1;
	if (!distinct)
		return -1;

	for (i = 0; i < n; i++) {
		xbar += x[i];
		ybar += y[i];
	}
	xbar /= (double)n;
	ybar /= (double)n;
	for (i = 0; i < n; i++) {
		double dx = x[i] - xbar, dy = y[i] - ybar;
		sxx += dx * dx;
		sxy += dx * dy;
		syy += dy * dy;
	}
	out->slope = sxy / sxx;
	out->intercept = ybar - out->slope * xbar;
	out->xbar = xbar;
	out->sxx = sxx;

	/* Residuals summed directly: syy - slope * sxy can cancel to below 0. */
	for (i = 0; i < n; i++) {
		double r = (y[i] - ybar) - out->slope * (x[i] - xbar);
		ssres += r * r;
	}
	if (syy > 0) {
		double r2 = 1 - ssres / syy;
		out->r2 = r2 < 0 ? 0 : r2 > 1 ? 1 : r2;
	}
	if (n >= 3)
		out->s = sqrt(ssres / (double)(n - 2));
	return 0;
}

/* lgamma(x) - Stirling's approximation, for x >= 10 (error < 2e-14). */
static double stirling_rest(double x)
{
	double r = 1 / (x * x);
	return (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r * (1.0 / 1680 -
	        r / 1188)))) / x;
}

/*
 * log B(a, b).  For a large argument the three lgamma values are large and
 * nearly cancel; Stirling's series gives their difference directly.
 */
static double lbeta(double a, double b)
{
	double big = a > b ? a : b, small = a > b ? b : a;

	if (big < 10)
		return lgamma(a) + lgamma(b) - lgamma(a + b);
	return lgamma(small) - (big - 0.5) * log1p(small / big) -
	       small * log(big + small) + small + stirling_rest(big) -
	       stirling_rest(big + small);
}

/* Continued fraction for I_x(a, b), good when x < (a + 1) / (a + b + 2). */
static double betacf(double a, double b, double x)
{
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1 / d;
	h = d;
	for (m = 1; m <= CF_MAXIT; m++) {
		double aa, del;
		int m2 = 2 * m;

		aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1 / d;
		h *= d * c;

		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
		d = 1 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < CF_EPS)
			return h;
	}
	return NAN;
}

/*
 * I_x(a, b) in *ix and 1 - I_x(a, b) in *iy, each to full relative
 * precision where it is small.  The caller passes y = 1 - x and both
 * logarithms, computed without cancellation; the logarithms, not x and y,
 * decide the end points, as x may underflow where log(x) is finite.
 */
static void incbeta(double a, double b, double x, double y, double lx,
		    double ly, double *ix, double *iy)
{
	double front;

	if (lx == -INFINITY) {
		*ix = 0;
		*iy = 1;
		return;
	}
	if (ly == -INFINITY) {
		*ix = 1;
		*iy = 0;
		return;
	}
	front = exp(a * lx + b * ly - lbeta(a, b));
	if (x < (a + 1) / (a + b + 2)) {
		*ix = front * betacf(a, b, x) / a;
		*iy = 1 - *ix;
	} else {
		*iy = front * betacf(b, a, y) / b;
		*ix = 1 - *iy;
	}
}

/*
 * For t >= 0: *tail = P(T > t) and *mid = P(0 < T < t), which sum to 1/2.
 * P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t²) = 1 / (1 + u²),
 * u = t / sqrt(df); written in u so that large t does not overflow.
 * Quantiles beyond the range of double come out as infinite.
 */
static void t_split(double t, double df, double *tail, double *mid)
{
	double u = t / sqrt(df), x, y, lx, ly, ix, iy;

	if (u > 1) {
		double v = 1 / (u * u);
		double lu = isinf(u) ? log(t) - log(df) / 2 : log(u);
		x = v / (1 + v);
		y = 1 / (1 + v);
		lx = -2 * lu - log1p(v);
		ly = -log1p(v);
	} else {
		double u2 = u * u;
		x = 1 / (1 + u2);
		y = u2 / (1 + u2);
		lx = -log1p(u2);
		ly = log(u2) - log1p(u2);
	}
	incbeta(df / 2, 0.5, x, y, lx, ly, &ix, &iy);
	*tail = ix / 2;
	*mid = iy / 2;
}

double stats_t_quantile(double p, double df)
{
	double q, d, lo = 0, hi = 1, tail, mid;
	int i;

	if (!(p > 0 && p < 1) || !(df > 0) || !isfinite(df))
		return NAN;
	if (p == 0.5)
		return 0;
	/*
	 * The answer has P(T > t) = q and P(0 < T < t) = d.  Compare with the
	 * smaller of the two, which is exact there (Sterbenz) and which t_split
	 * computes to full relative precision.
	 */
	q = p < 0.5 ? p : 1 - p;
	d = p < 0.5 ? 0.5 - p : p - 0.5;

	/* Bracket t in [lo, hi] with P(T > lo) > q >= P(T > hi). */
	for (;;) {
		t_split(hi, df, &tail, &mid);
		if (isnan(tail))
			return NAN;
		if (q < 0.25 ? tail <= q : mid >= d)
			break;
		if (hi > DBL_MAX / 4)
			return p < 0.5 ? -INFINITY : INFINITY;
		lo = hi;
		hi *= 2;
	}
	/* Bisection: the cost is negligible and it cannot fail to converge. */
	for (i = 0; i < 200 && hi - lo > DBL_EPSILON * hi; i++) {
		double t = lo + (hi - lo) / 2;
		if (t <= lo || t >= hi)
			break;
		t_split(t, df, &tail, &mid);
		if (isnan(tail))
			return NAN;
		if (q < 0.25 ? tail <= q : mid >= d)
			hi = t;
		else
			lo = t;
	}
	lo += (hi - lo) / 2;
	return p < 0.5 ? -lo : lo;
}

double stats_predict(const struct linfit *f, double x0, double level,
		     double *lo, double *hi)
{
	double yhat = NAN, half = NAN;

	if (f->n >= 2)
		yhat = f->intercept + f->slope * x0;
	if (f->n >= 3 && level > 0 && level < 1) {
		double dx = x0 - f->xbar;
		double t = stats_t_quantile((1 + level) / 2, (double)(f->n - 2));
		half = t * f->s * sqrt(1 + 1 / (double)f->n + dx * dx / f->sxx);
	}
	if (lo)
		*lo = yhat - half;
	if (hi)
		*hi = yhat + half;
	return yhat;
}

double stats_cagr(double v0, double v1, double years)
{
	double r;

	if (!(v0 > 0 && v1 > 0 && years > 0) || !isfinite(v0) ||
	    !isfinite(v1) || !isfinite(years))
		return NAN;
	r = v1 / v0;
	/* expm1 keeps small rates exact; the ratio may overflow or underflow. */
	if (isfinite(r) && r > 0)
		return expm1(log(r) / years);
	return expm1((log(v1) - log(v0)) / years);
}
