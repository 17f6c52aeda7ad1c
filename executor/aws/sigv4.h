/* sigv4.h: AWS Signature Version 4 for a request held in memory: the
 * canonical request, the string to sign and the Authorization value.
 * Pure computation: no clock, no network, no credential lookup. */
#ifndef AWS_SIGV4_H
#define AWS_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/buf.h"

typedef struct aws_header {
	const char *name, *value;
} aws_header;

typedef struct aws_sigv4_request {
	const char *method;
	const char *path;            /* as sent on the wire, before any '?' */
	const char *query;           /* after the '?', or NULL */
	const aws_header *headers;   /* every header sent; all are signed */
	size_t nheaders;
	const void *body;
	size_t body_len;
} aws_sigv4_request;

typedef struct aws_sigv4_params {
	const char *access_key, *secret_key;
	const char *token;           /* session token or NULL; added as a header if missing */
	const char *region, *service;
	time_t when;
	bool s3;                     /* S3 rules: no path normalisation or double
	                                encoding, x-amz-content-sha256 header */
	bool unsigned_payload;       /* S3 only: sign "UNSIGNED-PAYLOAD" */
} aws_sigv4_params;

/* What the signer produced.  creq and sts are kept so tests (and CL_LOG=trace)
 * can look at them; they hold no secret.  add[] are the headers to send on
 * top of the request's own, Authorization last. */
typedef struct aws_sigv4_result {
	char *creq, *sts;
	char *authz;
	char amz_date[17];
	char payload_hash[65];
	aws_header add[4];
	int nadd;
} aws_sigv4_result;

void aws_sigv4_sign(const aws_sigv4_request *req, const aws_sigv4_params *p,
                    aws_sigv4_result *out);
void aws_sigv4_result_free(aws_sigv4_result *r);

/* Shared with the query and HTTP layers.  aws_uri_encode writes s[0..n)
 * percent-encoding every byte but A-Z a-z 0-9 - . _ ~ and those in keep. */
void aws_sha256_hex(const void *data, size_t len, char out[65]);
void aws_uri_encode(cl_buf *b, const char *s, size_t n, const char *keep);

#endif
