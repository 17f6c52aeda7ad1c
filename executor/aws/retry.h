/* retry.h: which failures are worth another attempt, how long to wait
 * before it (capped exponential backoff with full jitter), and how often a
 * waiter polls.  Pure functions: the caller brings the random number and
 * does the sleeping. */
#ifndef AWS_RETRY_H
#define AWS_RETRY_H

#include <stdbool.h>

#define AWS_RETRY_BASE 0.1    /* seconds */
#define AWS_RETRY_CAP 20.0

typedef enum {
	AWS_RETRY_NONE,           /* the answer stands */
	AWS_RETRY_THROTTLE,       /* slow down, then try again */
	AWS_RETRY_TRANSIENT,      /* 5xx or the network: try again */
} aws_retry_class;

bool aws_retry_is_throttle(const char *code);
/* status 0 means no HTTP answer; transport_transient tells whether that
 * failure (reset, refused, timed out) may pass. */
aws_retry_class aws_retry_classify(int status, const char *code, bool transport_transient);
/* Delay before retry number attempt (1 = the first retry): u * min(cap,
 * base * 2^(attempt-1)) for u drawn uniformly from [0, 1). */
double aws_retry_backoff(int attempt, double u);

#define AWS_POLL_FIRST 0.02   /* seconds */
#define AWS_POLL_CAP 5.0
/* Pause before poll number poll + 1 of a waiter (1 = the pause after the
 * first check): AWS_POLL_FIRST * 1.5^(poll-1), capped at AWS_POLL_CAP,
 * times 0.75 + u/2 for u drawn uniformly from [0, 1).  A quick change is
 * seen quickly, a slow one is not polled hard, waiters started together
 * drift apart. */
double aws_retry_poll(int poll, double u);

#endif
