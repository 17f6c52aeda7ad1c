/* http.h: HTTP(S) requests over libcurl for many threads at once: a pool
 * of handles that keep their connections alive, a shared DNS and TLS
 * session cache, certificates always verified.  No AWS knowledge here. */
#ifndef AWS_HTTP_H
#define AWS_HTTP_H

#include "executor/aws/sigv4.h"
#include "util/buf.h"

#include <stdbool.h>

typedef struct aws_http aws_http;

typedef struct aws_http_response {
	int status;                 /* 0 when no answer arrived */
	cl_buf body;
	char request_id[80];        /* x-amzn-RequestId or x-amz-request-id */
	bool transient;             /* status 0: the failure may pass (reset, timeout…) */
	bool unsent;                /* status 0: the request surely never left (no connection) */
	bool too_large;             /* status 0: the body passed max_body, and was dropped */
	bool interrupted;           /* status 0: the cancel flag stopped it */
	char error[256];            /* status 0: what went wrong */
} aws_http_response;

/* ca_bundle: a PEM file to trust instead of the system's, or NULL. */
aws_http *aws_http_new(const char *ca_bundle, long connect_timeout_ms, long timeout_ms);
void aws_http_free(aws_http *h);
/* While *flag is non-zero, requests in flight stop within a second and new
 * ones fail at once (out->interrupted).  flag may be NULL. */
void aws_http_set_cancel(aws_http *h, const volatile int *flag);
/* True when an answer (of any status) arrived.  A body longer than
 * max_body is refused while it streams in (out->too_large).  once: the
 * request must reach the server at most once, so it goes on a connection
 * of its own (libcurl sends a request again, unasked, when a kept-alive
 * connection turns out closed; the server may have acted on the first). */
bool aws_http_request(aws_http *h, const char *method, const char *url,
                      const aws_header *headers, size_t nheaders,
                      const void *body, size_t len, size_t max_body, bool once, aws_http_response *out);
void aws_http_response_free(aws_http_response *r);

#endif
