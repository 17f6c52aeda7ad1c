/* client.c: one AWS call from parameters to parsed answer: form body,
 * SigV4, the per-service rate limiter, HTTP, retries with backoff, the
 * after-create NotFound window, pagination, and the CL_LOG lines. */
#include "executor/aws/client.h"
#include "executor/aws/http.h"
#include "executor/aws/ratelimit.h"
#include "executor/aws/retry.h"
#include "executor/aws/sigv4.h"
#include "executor/aws/trace.h"
#include "util/clock.h"
#include "util/fatal.h"
#include "util/log.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 10000
#define REQUEST_TIMEOUT_MS 60000
#define AFTER_CREATE_BOUND 120.0   /* seconds a new object may stay invisible */
#define REFRESH_MARGIN 300         /* renew process credentials this early */
/* Bounds on what one call may make us hold: a page (checked while it
 * streams in), and all the pages of a list call together.  A real account's
 * largest listing is far below both; a broken or hostile endpoint is not. */
#define MAX_BODY ((size_t)32 << 20)
#define MAX_PAGES 1000
#define MAX_TOTAL ((size_t)256 << 20)

struct aws_client {
	const aws_config *cfg;
	aws_http *http;
	aws_ratelimit limit[AWS_NSERVICES];
	pthread_mutex_t creds_mu;
	aws_creds creds;
	const volatile int *cancel;   /* non-zero: no new attempt, in-flight requests stop */
	atomic_long calls, requests, retries, throttles, server_errors, network_errors;
};

const char *aws_client_region(const aws_client *c)
{
	return c->cfg->region;
}

/* Jitter only needs to differ between threads and runs, not be secret. */
double aws_client_uniform(void)
{
	static _Thread_local uint64_t x;
	static atomic_uint_fast64_t seq;
	if (!x)
		x = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
		    (atomic_fetch_add(&seq, 1) + 1) * 0x9E3779B97F4A7C15ull;
	x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
	return (double)((x * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0;
}

aws_client *aws_client_new(const aws_config *cfg, cl_diags *d)
{
	if (cfg->ca_bundle && access(cfg->ca_bundle, R_OK) != 0) {
		cl_diag_error(d, CL_NOWHERE, "CA bundle %s cannot be read: %s",
		              cfg->ca_bundle, strerror(errno));
		cl_diag_hint(d, "AWS_CA_BUNDLE (or ca_bundle in the profile) must name a PEM file");
		return NULL;
	}
	aws_client *c = cl_xcalloc(1, sizeof *c);
	c->cfg = cfg;
	c->http = aws_http_new(cfg->ca_bundle, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
	double t = cl_clock_now();
	for (int i = 0; i < AWS_NSERVICES; i++)
		aws_ratelimit_init(&c->limit[i], t);
	pthread_mutex_init(&c->creds_mu, NULL);
	aws_creds_copy(&c->creds, &cfg->creds);
	return c;
}

void aws_client_free(aws_client *c)
{
	if (!c)
		return;
	aws_http_free(c->http);
	for (int i = 0; i < AWS_NSERVICES; i++)
		aws_ratelimit_destroy(&c->limit[i]);
	pthread_mutex_destroy(&c->creds_mu);
	aws_creds_free(&c->creds);
	free(c);
}

void aws_client_set_cancel(aws_client *c, const volatile int *flag)
{
	c->cancel = flag;
	aws_http_set_cancel(c->http, flag);
}

static bool cancelled(const aws_client *c)
{
	return c->cancel && *c->cancel;
}

/* A backoff that an interrupt cuts short (checked every tenth of a second). */
static void backoff_sleep(const aws_client *c, double s)
{
	for (double end = cl_clock_now() + s; !cancelled(c) && cl_clock_now() < end;)
		cl_clock_sleep(end - cl_clock_now() < 0.1 ? end - cl_clock_now() : 0.1);
}

void aws_client_stats(aws_client *c, aws_stats *out)
{
	*out = (aws_stats){ c->calls, c->requests, c->retries, c->throttles,
	                    c->server_errors, c->network_errors };
}

/* A private copy of the credentials, renewed first when they expire soon. */
static bool current_creds(aws_client *c, aws_creds *out, aws_error *err)
{
	pthread_mutex_lock(&c->creds_mu);
	bool ok = true;
	if (c->creds.expires && time(NULL) > c->creds.expires - REFRESH_MARGIN) {
		char *msg = NULL;
		aws_creds fresh = { 0 };
		if (aws_creds_refresh(c->cfg, &fresh, &msg)) {
			aws_creds_free(&c->creds);
			c->creds = fresh;
		} else {
			aws_error_set(err, 0, "ExpiredToken", "credentials expired and could not be "
			              "renewed: %s", msg);
			free(msg);
			ok = false;
		}
	}
	if (ok)
		aws_creds_copy(out, &c->creds);
	pthread_mutex_unlock(&c->creds_mu);
	return ok;
}

static bool auth_error(const char *code)
{
	static const char *const codes[] = {
		"AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId", "IncompleteSignature",
		"UnrecognizedClientException", "InvalidSignatureException", "InvalidAccessKeyId",
		"MissingAuthenticationToken", "ExpiredToken", "RequestExpired", NULL,
	};
	for (const char *const *p = codes; *p; p++)
		if (strcmp(*p, code) == 0)
			return true;
	return false;
}

/* One signed POST.  Returns the HTTP outcome in r. */
static void send_once(aws_client *c, aws_service s, const aws_creds *cr, const cl_buf *body,
                      bool once, aws_http_response *r)
{
	const aws_endpoint *ep = &c->cfg->endpoint[s];
	aws_header h[8] = {
		{ "Host", ep->host },
		{ "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" },
	};
	size_t nh = 2;
	aws_sigv4_request req = { "POST", ep->path, NULL, h, nh, body->data, body->len };
	aws_sigv4_params sp = {
		.access_key = cr->access_key, .secret_key = cr->secret_key, .token = cr->token,
		.region = aws_endpoint_signing_region(s, c->cfg->region), .service = aws_services[s].signing, .when = time(NULL),
	};
	aws_sigv4_result sig;
	aws_sigv4_sign(&req, &sp, &sig);
	for (int i = 0; i < sig.nadd; i++)
		h[nh++] = sig.add[i];
	if (cl_log_on(CL_LOG_TRACE)) {
		cl_buf t = CL_BUF_INIT;
		cl_buf_printf(&t, "aws: POST %s\n", ep->url);
		for (size_t i = 0; i < nh; i++) {
			aws_redact_header(&t, &h[i]);
			cl_buf_putc(&t, '\n');
		}
		aws_redact_form(&t, cl_buf_str(body));
		cl_buf_puts(&t, "\n-- canonical request --\n");
		aws_redact_creq(&t, sig.creq);
		cl_log(CL_LOG_TRACE, "%s", cl_buf_str(&t));
		cl_buf_free(&t);
	}
	aws_http_request(c->http, "POST", ep->url, h, nh, body->data, body->len, MAX_BODY, once, r);
	aws_sigv4_result_free(&sig);
	atomic_fetch_add(&c->requests, 1);
}

/* One page: retries until an answer stands.  The answer is parsed on its
 * own, or into the tree of `into` (later pages of aws_call_all). */
static aws_xml *call_page(aws_client *c, aws_service s, const char *action,
                          const aws_params *p, const char *tok_key, const char *tok,
                          aws_xml *into, size_t *received, aws_error *err)
{
	const aws_service_info *si = &aws_services[s];
	cl_buf body = CL_BUF_INIT;
	aws_params_encode(p, action, tok_key, tok, &body);
	double start = cl_clock_now();
	int attempt = 0, retries = 0, nf = 0;
	aws_xml *out = NULL;
	aws_http_response r = { 0 };
	char key[128] = "";
	for (;;) {
		attempt++;
		aws_creds cr = { 0 };
		if (!current_creds(c, &cr, err))
			break;
		cl_clock_sleep(aws_ratelimit_acquire(&c->limit[s], cl_clock_now()));
		double sent = cl_clock_now();
		send_once(c, s, &cr, &body, aws_params_is_once(p), &r);
		snprintf(key, sizeof key, "%s", cr.access_key);
		aws_creds_free(&cr);

		if (received)
			*received += r.body.len;
		if (r.status >= 200 && r.status < 300) {
			char *perr = NULL;
			out = into ? aws_xml_parse_more(into, r.body.data, r.body.len, &perr)
			           : aws_xml_parse(r.body.data, r.body.len, &perr);
			if (out) {
				memset(err, 0, sizeof *err);
				aws_ratelimit_update(&c->limit[s], cl_clock_now(), sent, false);
				break;
			}
			aws_error_set(err, r.status, "MalformedResponse", "%s answered %s with %s",
			              si->display, action, perr);
			free(perr);
		} else if (r.status) {
			aws_error_parse(err, r.status, r.body.data, r.body.len);
			if (!err->request_id[0])
				snprintf(err->request_id, sizeof err->request_id, "%s", r.request_id);
		} else if (r.interrupted) {
			aws_error_set(err, 0, "Interrupted", "%s %s was interrupted; whether %s acted on it is "
			              "unknown", si->display, action, si->display);
		} else if (r.too_large) {
			aws_error_set(err, 0, "ResponseTooLarge", "%s at %s answered %s: %s", si->display,
			              c->cfg->endpoint[s].url, action, r.error);
		} else {
			aws_error_set(err, 0, "NetworkingError", "%s %s at %s: %s", r.unsent ? "could not reach" : "no answer from",
			              si->display, c->cfg->endpoint[s].url, r.error);
			atomic_fetch_add(&c->network_errors, 1);
		}
		if (cl_log_on(CL_LOG_TRACE) && r.status) {
			cl_buf t = CL_BUF_INIT;
			aws_redact_xml(&t, cl_buf_str(&r.body));
			cl_log(CL_LOG_TRACE, "aws: %s %s answered %d:\n%s", si->name, action, r.status,
			       cl_buf_str(&t));
			cl_buf_free(&t);
		}

		aws_retry_class k = strcmp(err->code, "MalformedResponse") == 0
		                    ? AWS_RETRY_TRANSIENT    /* a body cut short */
		                    : aws_retry_classify(r.status, err->code, r.transient);
		if (r.status)
			aws_ratelimit_update(&c->limit[s], cl_clock_now(), sent, k == AWS_RETRY_THROTTLE);
		if (k == AWS_RETRY_THROTTLE)
			atomic_fetch_add(&c->throttles, 1);
		if (r.status >= 500 && k != AWS_RETRY_THROTTLE)   /* EC2 throttles with 503 */
			atomic_fetch_add(&c->server_errors, 1);

		/* AWS may have acted on it: a make-once call is not repeated here. */
		err->ambiguous = k == AWS_RETRY_TRANSIENT && !(r.status == 0 && r.unsent);
		bool blind = err->ambiguous && aws_params_is_once(p);
		double wait = -1;
		if (k != AWS_RETRY_NONE && !blind && attempt < c->cfg->max_attempts)
			wait = aws_retry_backoff(attempt, aws_client_uniform());
		else if (k == AWS_RETRY_NONE && aws_params_is_after_create(p) &&
		         aws_error_not_found(err) && cl_clock_now() - start < AFTER_CREATE_BOUND) {
			wait = (nf < 4 ? 0.25 * (1 << nf++) : 5.0) * (0.5 + aws_client_uniform() / 2);
			attempt = 0;     /* waiting for visibility spends no retry budget */
		}
		if (wait < 0 || cancelled(c))
			break;
		cl_log(CL_LOG_TRACE, "aws: %s %s attempt %d: %s, again in %.0f ms", si->name, action,
		       attempt, err->code, wait * 1e3);
		retries++;
		atomic_fetch_add(&c->retries, 1);
		aws_http_response_free(&r);
		backoff_sleep(c, wait);
		if (cancelled(c)) {
			aws_error_set(err, 0, "Interrupted", "%s %s was interrupted between retries (the last "
			              "attempt had failed)", si->display, action);
			break;
		}
	}
	if (!out) {
		if (attempt >= c->cfg->max_attempts && aws_retry_classify(err->http_status,
		    err->code, true) != AWS_RETRY_NONE) {
			size_t l = strlen(err->message);
			snprintf(err->message + l, sizeof err->message - l, " (gave up after %d attempts)",
			         attempt);
		}
		if (auth_error(err->code)) {
			size_t l = strlen(err->message);
			snprintf(err->message + l, sizeof err->message - l,
			         " [%s %s at %s; access key %s from %s]", si->display, action,
			         c->cfg->endpoint[s].url, key, c->cfg->creds_source);
		}
	}
	cl_log(CL_LOG_DEBUG, "aws: %s %s %d %s %.0f ms, %d retries", si->name, action,
	       out ? r.status : err->http_status, out ? "ok" : err->code,
	       (cl_clock_now() - start) * 1e3, retries);
	aws_http_response_free(&r);
	cl_buf_free(&body);
	atomic_fetch_add(&c->calls, 1);
	return out;
}

bool aws_call(aws_client *c, aws_service s, const char *action, const aws_params *p,
              aws_xml **out, aws_error *err)
{
	aws_params *empty = p ? NULL : aws_params_new(s);
	assert(!p || aws_params_service(p) == s);
	memset(err, 0, sizeof *err);
	*out = call_page(c, s, action, p ? p : empty, NULL, NULL, NULL, NULL, err);
	aws_params_free(empty);
	return *out != NULL;
}

/* The continuation token of a page, and the parameter that sends it back:
 * EC2 nextToken -> NextToken, Auto Scaling NextToken -> NextToken, ELB
 * NextMarker -> Marker.  It sits at the top or under the XResult element. */
static aws_xml *next_token(const aws_xml *page, const char **param)
{
	static const char *const names[][2] = {
		{ "nextToken", "NextToken" }, { "NextToken", "NextToken" }, { "NextMarker", "Marker" },
	};
	for (const aws_xml *n = page; n; n = n == page ? page->child : n->next)
		for (int i = 0; i < 3; i++) {
			aws_xml *t = aws_xml_child(n, names[i][0]);
			if (t && *t->text) {
				*param = names[i][1];
				return t;
			}
		}
	return NULL;
}

/* Walks the pages; with fn == NULL merges them into *all instead. */
static bool pages(aws_client *c, aws_service s, const char *action, const aws_params *p,
                  aws_page_fn fn, void *ud, aws_xml **all, aws_error *err)
{
	aws_params *empty = p ? NULL : aws_params_new(s);
	p = p ? p : empty;
	memset(err, 0, sizeof *err);
	char *tok = NULL;
	const char *param = NULL;
	bool ok = true;
	size_t received = 0;
	for (int n = 0; ok; n++) {
		aws_xml *page = call_page(c, s, action, p, param, tok, all ? *all : NULL, &received, err);
		if (!page) {
			ok = false;
			break;
		}
		aws_xml *t = next_token(page, &param);
		char *next = t ? cl_xstrdup(t->text) : NULL;
		if (fn) {
			ok = fn(page, ud);
			aws_xml_free(page);
		} else if (!*all) {
			*all = page;
		} else {
			aws_xml_merge(*all, page);
		}
		if (t && all)
			t->text = "";        /* the merged tree has no page left to fetch */
		bool loop = next && tok && strcmp(next, tok) == 0;
		free(tok);
		tok = next;
		if (!tok)
			break;
		if (loop || n + 1 >= MAX_PAGES || received > MAX_TOTAL) {
			aws_error_set(err, 0, "PaginationLoop", "%s %s kept answering with more pages "
			              "(%d pages, %zu MB, token repeated: %s; the limits are %d pages and "
			              "%zu MB)", aws_services[s].display, action, n + 1, received >> 20,
			              loop ? "yes" : "no", MAX_PAGES, MAX_TOTAL >> 20);
			ok = false;
		}
	}
	free(tok);
	aws_params_free(empty);
	return ok;
}

bool aws_call_pages(aws_client *c, aws_service s, const char *action, const aws_params *p,
                    aws_page_fn fn, void *ud, aws_error *err)
{
	return pages(c, s, action, p, fn, ud, NULL, err);
}

bool aws_call_all(aws_client *c, aws_service s, const char *action, const aws_params *p,
                  aws_xml **out, aws_error *err)
{
	*out = NULL;
	if (pages(c, s, action, p, NULL, NULL, out, err))
		return true;
	aws_xml_free(*out);
	*out = NULL;
	return false;
}
