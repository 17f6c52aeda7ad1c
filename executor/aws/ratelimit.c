/* ratelimit.c: adaptive client-side rate limiting as the AWS SDKs do it
 * (measured send rate, CUBIC fill rate, token bucket).  Tokens may go into
 * debt: each waiting thread has reserved its own slot, so waits queue up
 * fairly instead of every thread waking at once. */
#include "executor/aws/ratelimit.h"

#include <math.h>

#define MIN_RATE 0.5        /* requests/s, never below */
#define BETA 0.7            /* fill rate multiplier on a throttle */
#define SCALE 0.4           /* CUBIC's C */
#define SMOOTHING 0.8       /* weight of the newest send-rate sample */
#define BUCKET 0.5          /* seconds per send-rate sample */

static void cubic_zero(aws_ratelimit *r)
{
	r->k = cbrt(r->w_max * (1 - BETA) / SCALE);
}

static void set_rate(aws_ratelimit *r, double rate)
{
	r->fill_rate = fmax(rate, MIN_RATE);
	r->max_capacity = fmax(rate, 1);
	r->capacity = fmin(r->capacity, r->max_capacity);
}

static void refill(aws_ratelimit *r, double now)
{
	if (now > r->last_refill)
		r->capacity = fmin(r->max_capacity, r->capacity + (now - r->last_refill) * r->fill_rate);
	r->last_refill = now;
}

void aws_ratelimit_init(aws_ratelimit *r, double now)
{
	*r = (aws_ratelimit){ .last_refill = now, .last_bucket = floor(now / BUCKET) * BUCKET,
	                      .w_max = MIN_RATE, .last_fail = now };
	pthread_mutex_init(&r->mu, NULL);
	set_rate(r, MIN_RATE);
	cubic_zero(r);
}

void aws_ratelimit_destroy(aws_ratelimit *r) { pthread_mutex_destroy(&r->mu); }

double aws_ratelimit_acquire(aws_ratelimit *r, double now)
{
	pthread_mutex_lock(&r->mu);
	double wait = 0;
	if (r->enabled) {
		refill(r, now);
		r->capacity -= 1;
		if (r->capacity < 0)
			wait = -r->capacity / r->fill_rate;
	}
	pthread_mutex_unlock(&r->mu);
	return wait;
}

/* Smoothed answers per second, sampled every BUCKET seconds. */
static double measure(aws_ratelimit *r, double now)
{
	double bucket = floor(now / BUCKET) * BUCKET;
	r->count++;
	if (bucket > r->last_bucket) {
		double rate = (double)r->count / (bucket - r->last_bucket);
		r->measured = rate * SMOOTHING + r->measured * (1 - SMOOTHING);
		r->count = 0;
		r->last_bucket = bucket;
	}
	return r->measured;
}

void aws_ratelimit_update(aws_ratelimit *r, double now, double sent, bool throttled)
{
	pthread_mutex_lock(&r->mu);
	double measured = measure(r, now), rate;
	if (throttled && r->enabled && sent < r->last_fail) {
		pthread_mutex_unlock(&r->mu);     /* already answered by the last cut */
		return;
	}
	if (throttled) {
		double base = r->enabled ? fmin(measured, r->fill_rate) : measured;
		r->w_max = base;
		cubic_zero(r);
		r->last_fail = now;
		rate = base * BETA;
		r->enabled = true;
	} else {
		double t = now - r->last_fail - r->k;
		rate = SCALE * t * t * t + r->w_max;
	}
	refill(r, now);
	set_rate(r, fmin(rate, 2 * measured));
	pthread_mutex_unlock(&r->mu);
}

double aws_ratelimit_rate(aws_ratelimit *r)
{
	pthread_mutex_lock(&r->mu);
	double v = r->enabled ? r->fill_rate : INFINITY;
	pthread_mutex_unlock(&r->mu);
	return v;
}
