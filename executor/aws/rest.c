/* rest.c: sign, send and retry one REST or JSON request (see rest.h).  The
 * query-protocol services go through client.c, which also paces them. */
#include "executor/aws/rest.h"
#include "executor/aws/retry.h"
#include "executor/aws/sigv4.h"
#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 10000
#define REQUEST_TIMEOUT_MS 60000
#define MAX_HEADERS 16
/* The largest answer taken, read while it streams in: S3 carries whole
 * state files (Terraform's largest are tens of MB); DynamoDB items are at
 * most 400 KB. */
#define MAX_S3_BODY ((size_t)256 << 20)
#define MAX_JSON_BODY ((size_t)4 << 20)

bool aws_rest_init(aws_rest *r, const aws_config *cfg, cl_diags *d)
{
	if (cfg->ca_bundle && access(cfg->ca_bundle, R_OK) != 0) {
		cl_diag_error(d, CL_NOWHERE, "CA bundle %s cannot be read: %s", cfg->ca_bundle, strerror(errno));
		return false;
	}
	r->cfg = cfg;
	r->http = aws_http_new(cfg->ca_bundle, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
	return true;
}

void aws_rest_free(aws_rest *r)
{
	if (r->http)
		aws_http_free(r->http);
	r->http = NULL;
}

static void send_once(aws_rest *r, const aws_rest_req *q, aws_http_response *out)
{
	aws_header h[MAX_HEADERS] = { { "Host", q->host } };
	size_t nh = 1;
	for (size_t i = 0; i < q->nheaders && nh < MAX_HEADERS - 4; i++)
		h[nh++] = q->headers[i];
	const char *qm = strchr(q->url, '?');
	aws_sigv4_request req = { q->method, q->path, qm ? qm + 1 : NULL, h, nh, q->body, q->len };
	const aws_creds *cr = &r->cfg->creds;
	aws_sigv4_params sp = {
		.access_key = cr->access_key, .secret_key = cr->secret_key, .token = cr->token,
		.region = r->cfg->region, .service = aws_services[q->service].signing, .when = time(NULL),
		.s3 = q->service == AWS_S3,
	};
	aws_sigv4_result sig;
	aws_sigv4_sign(&req, &sp, &sig);
	for (int i = 0; i < sig.nadd; i++)
		h[nh++] = sig.add[i];
	aws_http_request(r->http, q->method, q->url, h, nh, q->body, q->len,
	                 q->service == AWS_S3 ? MAX_S3_BODY : MAX_JSON_BODY, false, out);
	aws_sigv4_result_free(&sig);
}

bool aws_rest_send(aws_rest *r, const aws_rest_req *q, aws_http_response *out, aws_error *err)
{
	int max = r->cfg->max_attempts > 0 ? r->cfg->max_attempts : 3;
	memset(err, 0, sizeof *err);
	for (int attempt = 1;; attempt++) {
		memset(out, 0, sizeof *out);
		send_once(r, q, out);
		aws_error e = { 0 };
		if (out->status >= 300)
			aws_error_parse(&e, out->status, out->body.data, out->body.len);
		aws_retry_class k = out->status >= 200 && out->status < 300 ? AWS_RETRY_NONE
		                  : aws_retry_classify(out->status, e.code, out->transient);
		cl_log(CL_LOG_DEBUG, "aws: %s %s %s: %d (attempt %d)", aws_services[q->service].name, q->method,
		       q->url, out->status, attempt);
		if (k == AWS_RETRY_NONE || attempt >= max) {
			if (out->status)
				return true;
			aws_error_set(err, 0, out->too_large ? "ResponseTooLarge" : "NetworkingError",
			              out->too_large ? "%s at %s: %s" : "could not reach %s at %s: %s",
			              aws_services[q->service].display, q->url, out->error);
			aws_http_response_free(out);
			return false;
		}
		aws_http_response_free(out);
		cl_clock_sleep(aws_retry_backoff(attempt, (double)rand() / RAND_MAX));
	}
}
