/* error.h: one AWS error, whichever envelope it came in (EC2's
 * <Response><Errors><Error>, the query services' <ErrorResponse><Error>,
 * S3's <Error>), or a failure to reach AWS at all (http_status 0). */
#ifndef AWS_ERROR_H
#define AWS_ERROR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aws_error {
	int http_status;          /* 0: no HTTP answer */
	char code[64];            /* "InvalidVpcID.NotFound" */
	char message[1024];
	char request_id[80];
	/* The request may have been acted on although no good answer came
	 * (the connection dropped after sending, a timeout, a 5xx). */
	bool ambiguous;
} aws_error;

/* Fills e from an error answer; a body that is not an AWS error envelope
 * still gives a code from the status ("ServiceUnavailable" for 503). */
void aws_error_parse(aws_error *e, int http_status, const char *body, size_t len);
void aws_error_set(aws_error *e, int http_status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "CODE: message" into buf; returns buf. */
const char *aws_error_format(const aws_error *e, char *buf, size_t n);
/* True when the code names an object that does not exist (yet). */
bool aws_error_not_found(const aws_error *e);

#endif
