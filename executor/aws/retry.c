/* retry.c: the retry classification of the AWS SDKs (throttling codes,
 * transient codes, 5xx, network failures), full-jitter backoff and the
 * waiters' polling pauses. */
#include "executor/aws/retry.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static const char *const throttle_codes[] = {
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
	"LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
	"EC2ThrottledException", NULL,
};

/* Codes that say "try again" whatever the status. */
static const char *const transient_codes[] = {
	"RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
	"ServiceUnavailable", "IDPCommunicationError", NULL,
};

static bool in(const char *const *list, const char *code)
{
	for (; code && *list; list++)
		if (strcmp(*list, code) == 0)
			return true;
	return false;
}

bool aws_retry_is_throttle(const char *code) { return in(throttle_codes, code); }

aws_retry_class aws_retry_classify(int status, const char *code, bool transport_transient)
{
	if (status == 0)
		return transport_transient ? AWS_RETRY_TRANSIENT : AWS_RETRY_NONE;
	if (in(throttle_codes, code) || status == 429)
		return AWS_RETRY_THROTTLE;
	if (status >= 500 || in(transient_codes, code))
		return AWS_RETRY_TRANSIENT;
	return AWS_RETRY_NONE;
}

double aws_retry_backoff(int attempt, double u)
{
	if (attempt < 1)
		attempt = 1;
	double ceiling = attempt > 30 ? AWS_RETRY_CAP
	                 : fmin(AWS_RETRY_CAP, AWS_RETRY_BASE * ldexp(1.0, attempt - 1));
	return u * ceiling;
}

double aws_retry_poll(int poll, double u)
{
	double d = AWS_POLL_FIRST * pow(1.5, poll < 1 ? 0 : poll - 1);
	return fmin(AWS_POLL_CAP, d) * (0.75 + u / 2);
}
