/* client.h: what providers call.  aws_call sends one query-protocol action
 * (signed, rate limited, retried on throttling, 5xx and network failures)
 * and gives back the answer's XML or an aws_error.  Thread-safe. */
#ifndef AWS_CLIENT_H
#define AWS_CLIENT_H

#include "executor/aws/creds.h"
#include "executor/aws/error.h"
#include "executor/aws/query.h"
#include "executor/aws/xml.h"
#include "util/diag.h"

typedef struct aws_client aws_client;

/* cfg must outlive the client.  NULL (with a diagnostic) when it cannot start. */
aws_client *aws_client_new(const aws_config *cfg, cl_diags *d);
void aws_client_free(aws_client *c);
/* While *flag is non-zero (the second Ctrl-C), a request in flight stops
 * within a second, retries stop, and calls fail with "Interrupted". */
void aws_client_set_cancel(aws_client *c, const volatile int *flag);

/* On success *out is the answer's root element (free with aws_xml_free). */
bool aws_call(aws_client *c, aws_service s, const char *action, const aws_params *p,
              aws_xml **out, aws_error *err);
/* Every page of a list call (NextToken or Marker), concatenated into one tree. */
bool aws_call_all(aws_client *c, aws_service s, const char *action, const aws_params *p,
                  aws_xml **out, aws_error *err);
/* Every page, one at a time; fn returns false to stop early. */
typedef bool (*aws_page_fn)(const aws_xml *page, void *ud);
bool aws_call_pages(aws_client *c, aws_service s, const char *action, const aws_params *p,
                    aws_page_fn fn, void *ud, aws_error *err);

/* The region the client signs for ("us-east-1"). */
const char *aws_client_region(const aws_client *c);

/* A number in [0, 1) for jitter: differs between threads and runs, not secret. */
double aws_client_uniform(void);

typedef struct aws_stats {
	long calls, requests, retries, throttles, server_errors, network_errors;
} aws_stats;
void aws_client_stats(aws_client *c, aws_stats *out);

#endif
