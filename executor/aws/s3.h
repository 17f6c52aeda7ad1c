/* s3.h: objects in S3 over its REST API (GET, PUT, HEAD, DELETE of one
 * object), path-style or virtual-host style, for the S3 state backend.
 * Buckets, listings and multipart uploads are not needed and not here. */
#ifndef AWS_S3_H
#define AWS_S3_H

#include "executor/aws/rest.h"
#include "util/buf.h"

typedef struct aws_s3 {
	aws_rest rest;
	bool path_style;            /* endpoint/bucket/key rather than bucket.endpoint/key */
} aws_s3;

typedef struct aws_s3_put_opts {
	bool encrypt;               /* x-amz-server-side-encryption: AES256 */
	bool if_none_match;         /* If-None-Match: * (only when absent; 412 otherwise) */
	const char *content_type;   /* NULL: application/json */
} aws_s3_put_opts;

bool aws_s3_init(aws_s3 *s, const aws_config *cfg, bool path_style, cl_diags *d);
void aws_s3_free(aws_s3 *s);

/* Each is false with err on failure; a missing object is code NoSuchKey
 * (HEAD too, though its answer has no body). */
bool aws_s3_get(aws_s3 *s, const char *bucket, const char *key, cl_buf *out, aws_error *err);
bool aws_s3_put(aws_s3 *s, const char *bucket, const char *key, const void *data, size_t len,
                const aws_s3_put_opts *o, aws_error *err);
bool aws_s3_head(aws_s3 *s, const char *bucket, const char *key, aws_error *err);
bool aws_s3_delete(aws_s3 *s, const char *bucket, const char *key, aws_error *err);

#endif
