/* Floating-point helpers of the test program. */
#include <math.h>
#include "stats.h"

double mean(const double *v, int n)
{
    double s = 0.0;
    int i;
    for (i = 0; i < n; i++)
        s += v[i];
    return n ? s / n : 0.0;
}

double stddev(const double *v, int n)
{
    double m = mean(v, n), s = 0.0;
    int i;
    for (i = 0; i < n; i++)
        s += (v[i] - m) * (v[i] - m);
    return n ? sqrt(s / n) : 0.0;
}

int by_score(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    return y->score - x->score;
}
