/* ratelimit.h: the client-side rate limiter of the AWS SDKs' "adaptive"
 * retry mode: off until the service first throttles, then a token bucket
 * whose fill rate follows CUBIC (cut by beta on a throttle, regrown over
 * time).  Thread-safe; the caller passes the time and does the waiting. */
#ifndef AWS_RATELIMIT_H
#define AWS_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>

typedef struct aws_ratelimit {
	pthread_mutex_t mu;
	bool enabled;               /* since the first throttle */
	double fill_rate, max_capacity, capacity, last_refill;   /* token bucket */
	double measured, last_bucket; long count;               /* send rate */
	double w_max, last_fail, k;                              /* CUBIC */
} aws_ratelimit;

void aws_ratelimit_init(aws_ratelimit *r, double now);
void aws_ratelimit_destroy(aws_ratelimit *r);
/* Takes a token for one request; returns how many seconds to wait before
 * sending it (0 when not limiting). */
double aws_ratelimit_acquire(aws_ratelimit *r, double now);
/* Reports the answer to a request sent at `sent`: throttled or not.  As in
 * TCP, only a request sent after the last cut can cut the rate again. */
void aws_ratelimit_update(aws_ratelimit *r, double now, double sent, bool throttled);
double aws_ratelimit_rate(aws_ratelimit *r);          /* requests/s allowed now */

#endif
