/* rest.h: one signed request to a service that is not query-protocol (S3's
 * REST, DynamoDB's JSON 1.0): SigV4 over the given headers and body, retried
 * on throttling, 5xx and network failures.  The answer is the caller's to
 * read; what a status means is s3.c's and dynamodb.c's business. */
#ifndef AWS_REST_H
#define AWS_REST_H

#include "executor/aws/creds.h"
#include "executor/aws/error.h"
#include "executor/aws/http.h"

typedef struct aws_rest {
	const aws_config *cfg;      /* must outlive this */
	aws_http *http;
} aws_rest;

bool aws_rest_init(aws_rest *r, const aws_config *cfg, cl_diags *d);
void aws_rest_free(aws_rest *r);

typedef struct aws_rest_req {
	aws_service service;
	const char *method;
	const char *url;            /* full URL, as sent */
	const char *host;           /* Host header */
	const char *path;           /* the URL's path, encoded as sent */
	const aws_header *headers;  /* besides Host and the signer's */
	size_t nheaders;
	const void *body;
	size_t len;
} aws_rest_req;

/* True when an answer (any status) arrived; false with err when none did. */
bool aws_rest_send(aws_rest *r, const aws_rest_req *q, aws_http_response *out, aws_error *err);

#endif
