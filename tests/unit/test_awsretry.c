/* test_awsretry.c: retry classification, backoff bounds with a fixed
 * random source, and the adaptive rate limiter driven by a simulated
 * clock: many workers against a service that throttles.  Every check is on
 * counts in simulated time, so the test is deterministic and instant. */
#include "executor/aws/ratelimit.h"
#include "executor/aws/retry.h"
#include "tap.h"

#include <math.h>
#include <stdint.h>

static void classify(void)
{
	static const char *const throttles[] = {
		"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
		"TooManyRequestsException", "ProvisionedThroughputExceededException",
		"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
		"LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
		"EC2ThrottledException",
	};
	bool all = true;
	for (size_t i = 0; i < sizeof throttles / sizeof *throttles; i++)
		all &= aws_retry_classify(400, throttles[i], false) == AWS_RETRY_THROTTLE;
	ok(all, "all 14 throttling codes are throttling");
	is_int(aws_retry_classify(503, "RequestLimitExceeded", false), AWS_RETRY_THROTTLE,
	       "EC2's 503 RequestLimitExceeded is throttling, not a 5xx");
	is_int(aws_retry_classify(429, "Whatever", false), AWS_RETRY_THROTTLE, "429 throttles");
	is_int(aws_retry_classify(500, "InternalError", false), AWS_RETRY_TRANSIENT, "500 retried");
	is_int(aws_retry_classify(503, "ServiceUnavailable", false), AWS_RETRY_TRANSIENT, "503 retried");
	is_int(aws_retry_classify(400, "RequestTimeout", false), AWS_RETRY_TRANSIENT,
	       "400 RequestTimeout retried");
	is_int(aws_retry_classify(0, "", true), AWS_RETRY_TRANSIENT, "reset/refused/timeout retried");
	is_int(aws_retry_classify(0, "", false), AWS_RETRY_NONE, "TLS or DNS failure not retried");
	is_int(aws_retry_classify(400, "InvalidVpcID.NotFound", false), AWS_RETRY_NONE,
	       "NotFound not retried by default");
	is_int(aws_retry_classify(403, "AuthFailure", false), AWS_RETRY_NONE, "auth not retried");
	is_int(aws_retry_classify(400, "ValidationError", false), AWS_RETRY_NONE, "4xx not retried");
}

static void backoff(void)
{
	ok(aws_retry_backoff(1, 0.0) == 0.0, "full jitter can be zero");
	ok(fabs(aws_retry_backoff(1, 0.999999) - 0.1) < 1e-5, "first retry: below 100 ms");
	ok(fabs(aws_retry_backoff(4, 0.5) - 0.4) < 1e-9, "fourth retry: half of 800 ms");
	ok(aws_retry_backoff(9, 0.999999) < 20.0 && aws_retry_backoff(9, 0.999999) > 19.9,
	   "ninth retry: capped at 20 s");
	ok(aws_retry_backoff(1000, 0.5) == 10.0, "huge attempt numbers stay capped");
	bool bounded = true;
	uint64_t x = 42;
	for (int a = 1; a <= 40; a++)
		for (int i = 0; i < 100; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			double u = (double)(x >> 11) / 9007199254740992.0;
			double d = aws_retry_backoff(a, u);
			double cap = fmin(20.0, 0.1 * pow(2, a - 1));
			bounded &= d >= 0 && d < cap + 1e-12;
		}
	ok(bounded, "4000 draws stay in [0, min(20 s, 100 ms * 2^(n-1)))");
}

/* A waiter's pauses: a first one short enough that a 20 ms instance boot
 * is not waited for 100 ms, growing, capped, jittered both ways. */
static void poll_pauses(void)
{
	ok(fabs(aws_retry_poll(1, 0.5) - 0.02) < 1e-12, "first pause: 20 ms at the middle of the jitter");
	ok(aws_retry_poll(1, 0.0) >= 0.015 && aws_retry_poll(1, 0.999999) < 0.025,
	   "first pause: within 15..25 ms");
	ok(fabs(aws_retry_poll(3, 0.5) - 0.045) < 1e-12, "third pause: 1.5 x 1.5 x 20 ms");
	ok(fabs(aws_retry_poll(40, 0.5) - 5.0) < 1e-12 && aws_retry_poll(100000, 0.999999) < 6.25,
	   "late pauses: capped at 5 s (jitter to 6.25 s)");
	bool growing = true;
	double sum = 0;
	int n = 0;
	for (int k = 1; k < 60; k++) {
		growing &= aws_retry_poll(k + 1, 0.5) >= aws_retry_poll(k, 0.5);
		if (sum < 30)
			sum += aws_retry_poll(k, 0.5), n++;
	}
	ok(growing, "pauses never shrink (jitter aside)");
	ok(n < 25, "a 30 s wait takes fewer than 25 polls");
}

/* ---- a simulated service and clients ---- */

typedef enum { RANDOM, CAPACITY, NEVER } server_kind;

typedef struct sim {
	aws_ratelimit rl;
	server_kind kind;
	uint64_t rng;
	double rate, tokens, last;          /* CAPACITY: the service's own bucket */
	long sent, throttled, calls, failed;
	double t;
} sim;

static double rnd(sim *s)
{
	s->rng = s->rng * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(s->rng >> 11) / 9007199254740992.0;
}

static bool server_throttles(sim *s, double t)
{
	switch (s->kind) {
	case RANDOM:
		return rnd(s) < 0.3;
	case CAPACITY:
		s->tokens = fmin(s->rate, s->tokens + (t - s->last) * s->rate);
		s->last = t;
		if (s->tokens < 1)
			return true;
		s->tokens -= 1;
		return false;
	default:
		return false;
	}
}

enum { WORKERS = 10, MAX_ATTEMPTS = 8 };
#define LATENCY 0.010

/* Each worker: acquire, send, answer after LATENCY, retry throttles with
 * backoff.  Events run in time order: a worker's next moment is `at`,
 * and whether it is a send or an answer is `sending`. */
static void run(sim *s, long calls)
{
	double at[WORKERS], sent_at[WORKERS];
	bool sending[WORKERS];
	int attempt[WORKERS];
	long started = 0, done = 0;
	for (int w = 0; w < WORKERS; w++)
		at[w] = s->t, sending[w] = true, attempt[w] = 1;
	started = WORKERS;
	while (done < calls) {
		int w = 0;
		for (int i = 1; i < WORKERS; i++)
			if (at[i] < at[w]) w = i;
		double t = at[w];
		if (at[w] == INFINITY)
			break;
		if (sending[w]) {
			sent_at[w] = t + aws_ratelimit_acquire(&s->rl, t);
			at[w] = sent_at[w] + LATENCY;
			sending[w] = false;
			continue;
		}
		s->t = t;
		s->sent++;
		bool th = server_throttles(s, sent_at[w]);
		aws_ratelimit_update(&s->rl, t, sent_at[w], th);
		sending[w] = true;
		if (th) {
			s->throttled++;
			if (attempt[w] < MAX_ATTEMPTS) {
				at[w] = t + aws_retry_backoff(attempt[w]++, rnd(s));
				continue;
			}
			s->failed++;
		}
		done++, s->calls++;
		attempt[w] = 1;
		at[w] = started++ < calls ? t : INFINITY;
	}
}

static void limiter(void)
{
	sim s = { .kind = RANDOM, .rng = 7 };
	aws_ratelimit_init(&s.rl, 0);
	ok(isinf(aws_ratelimit_rate(&s.rl)), "the limiter is off before any throttle");

	s.kind = NEVER;
	run(&s, 2000);
	ok(isinf(aws_ratelimit_rate(&s.rl)) && s.throttled == 0,
	   "no throttling: 2000 calls, the limiter stays off");
	double free_speed = s.calls / s.t;
	ok(free_speed > 900, "no throttling: ~1000 calls per simulated second");

	/* 30% of all answers throttled, whatever the rate. */
	s.kind = RANDOM;
	long t0 = s.throttled, n0 = s.sent;
	double start = s.t;
	run(&s, 2000);
	long thr = s.throttled - t0, sent = s.sent - n0;
	printf("# 30%% stream: %ld sent, %ld throttled, %ld failed, %.1f s, final rate %.2f/s\n",
	       sent, thr, s.failed, s.t - start, aws_ratelimit_rate(&s.rl));
	ok(s.failed == 0, "30% throttling: every call succeeds within 8 attempts");
	ok(thr * 100 > sent * 26 && thr * 100 < sent * 34, "30% throttling: 26-34% of sends throttled");
	ok(sent - thr == 2000, "30% throttling: retries = throttles served");
	double slowed = aws_ratelimit_rate(&s.rl);
	ok(slowed >= 0.5 && slowed < free_speed / 10, "30% throttling: the rate came down");

	/* Recovery: the service stops throttling. */
	s.kind = NEVER;
	start = s.t;
	run(&s, 500);
	printf("# recovery: 500 calls in %.1f s, rate now %.1f/s\n", s.t - start,
	       aws_ratelimit_rate(&s.rl));
	ok(aws_ratelimit_rate(&s.rl) > 10 * slowed, "the rate recovers once throttling stops");
	aws_ratelimit_destroy(&s.rl);

	/* A service that serves 20 requests/s: the limiter should find it. */
	sim c = { .kind = CAPACITY, .rng = 11, .rate = 20, .tokens = 20 };
	aws_ratelimit_init(&c.rl, 0);
	run(&c, 1500);
	long th0 = c.throttled, s0 = c.sent;
	double t1 = c.t;
	run(&c, 1500);
	long th = c.throttled - th0, sn = c.sent - s0;
	double speed = 1500 / (c.t - t1);
	printf("# 20/s service: second half %ld sent, %ld throttled, %.1f calls/s, rate %.1f/s\n",
	       sn, th, speed, aws_ratelimit_rate(&c.rl));
	ok(c.failed == 0, "20/s service: every call succeeds");
	ok(th * 100 < sn * 10, "20/s service: under 10% throttled once converged");
	ok(speed > 10 && speed <= 20.5, "20/s service: at least half the capacity, never above");
	aws_ratelimit_destroy(&c.rl);
}

int main(void)
{
	classify();
	backoff();
	poll_pauses();
	limiter();
	return tap_done();
}
