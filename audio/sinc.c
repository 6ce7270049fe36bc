/* Blackman-windowed sinc rows. */
#include "audio/sinc.h"

#include <math.h>

#define SINC_PI 3.14159265358979323846
#define SINC_X_ZERO 1e-9 /* sinc(0) = 1 below this */

/* The windowed sinc at t samples from its centre, |t| < taps/2. */
static double windowed_sinc(double t, unsigned taps, double cutoff)
{
    double half = taps / 2.0;
    if (fabs(t) >= half)
        return 0;
    double x = 2.0 * cutoff * t;
    double sinc = fabs(x) < SINC_X_ZERO ? 1.0 : sin(SINC_PI * x) / (SINC_PI * x);
    return sinc * (0.42 + 0.5 * cos(SINC_PI * t / half) + 0.08 * cos(2.0 * SINC_PI * t / half));
}

void aud_sinc_row(double *out, unsigned taps, double frac, double cutoff)
{
    double sum = 0;
    for (unsigned k = 0; k < taps; k++) {
        out[k] = windowed_sinc(k + 1.0 - taps / 2.0 - frac, taps, cutoff);
        sum += out[k];
    }
    for (unsigned k = 0; k < taps; k++)
        out[k] /= sum;
}
