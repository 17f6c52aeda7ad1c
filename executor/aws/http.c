/* http.c: libcurl under threads.  libcurl's shared connection cache is not
 * safe across concurrent threads, so connections live in a pool of easy
 * handles (one thread uses a handle at a time, and it keeps its
 * connections alive between requests); DNS and TLS sessions are shared
 * through a CURLSH with one lock per kind of data. */
#include "executor/aws/http.h"
#include "util/fatal.h"

#include <curl/curl.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct aws_http {
	CURLSH *share;
	pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
	pthread_mutex_t pool_mu;
	CURL **pool;                /* idle handles */
	size_t npool, cap;
	char *ca_bundle;
	long connect_timeout_ms, timeout_ms;
	const volatile int *cancel;   /* non-zero: abort what is in flight */
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static void lock_cb(CURL *c, curl_lock_data d, curl_lock_access a, void *u)
{
	pthread_mutex_lock(&((aws_http *)u)->locks[d]);
}

static void unlock_cb(CURL *c, curl_lock_data d, void *u)
{
	pthread_mutex_unlock(&((aws_http *)u)->locks[d]);
}

aws_http *aws_http_new(const char *ca_bundle, long connect_timeout_ms, long timeout_ms)
{
	pthread_once(&global_once, global_init);
	aws_http *h = cl_xcalloc(1, sizeof *h);
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&h->locks[i], NULL);
	pthread_mutex_init(&h->pool_mu, NULL);
	h->share = curl_share_init();
	if (!h->share)
		cl_fatal_oom();
	curl_share_setopt(h->share, CURLSHOPT_LOCKFUNC, lock_cb);
	curl_share_setopt(h->share, CURLSHOPT_UNLOCKFUNC, unlock_cb);
	curl_share_setopt(h->share, CURLSHOPT_USERDATA, h);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	h->ca_bundle = ca_bundle ? cl_xstrdup(ca_bundle) : NULL;
	h->connect_timeout_ms = connect_timeout_ms;
	h->timeout_ms = timeout_ms;
	return h;
}

void aws_http_free(aws_http *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->npool; i++)
		curl_easy_cleanup(h->pool[i]);
	free(h->pool);
	curl_share_cleanup(h->share);
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_destroy(&h->locks[i]);
	pthread_mutex_destroy(&h->pool_mu);
	free(h->ca_bundle);
	free(h);
}

static CURL *take(aws_http *h)
{
	pthread_mutex_lock(&h->pool_mu);
	CURL *c = h->npool ? h->pool[--h->npool] : NULL;
	pthread_mutex_unlock(&h->pool_mu);
	if (!c && !(c = curl_easy_init()))
		cl_fatal_oom();
	return c;
}

static void give_back(aws_http *h, CURL *c)
{
	pthread_mutex_lock(&h->pool_mu);
	if (h->npool == h->cap)
		h->pool = cl_xrealloc(h->pool, (h->cap = h->cap ? h->cap * 2 : 8) * sizeof *h->pool);
	h->pool[h->npool++] = c;
	pthread_mutex_unlock(&h->pool_mu);
}

void aws_http_set_cancel(aws_http *h, const volatile int *flag)
{
	h->cancel = flag;
}

/* What the callbacks of one transfer share. */
typedef struct transfer {
	aws_http_response *out;
	size_t max_body;
	const volatile int *cancel;
} transfer;

/* The cap is checked as the body streams in: an endless answer is cut at
 * max_body, not read until memory runs out.  Returning short makes libcurl
 * stop with CURLE_WRITE_ERROR. */
static size_t on_body(char *p, size_t size, size_t n, void *u)
{
	transfer *t = u;
	if (t->out->body.len + size * n > t->max_body) {
		t->out->too_large = true;
		return 0;
	}
	cl_buf_add(&t->out->body, p, size * n);
	return size * n;
}

/* libcurl calls this at least once a second, also while a server stays
 * silent: the only way to stop a request that hangs before its timeout. */
static int on_progress(void *u, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	const transfer *t = u;
	return t->cancel && *t->cancel;
}

static size_t on_header(char *p, size_t size, size_t n, void *u)
{
	aws_http_response *r = u;
	size_t len = size * n;
	static const char *const names[] = { "x-amzn-requestid:", "x-amz-request-id:" };
	for (int i = 0; i < 2; i++) {
		size_t k = strlen(names[i]);
		if (len > k && strncasecmp(p, names[i], k) == 0) {
			const char *v = p + k, *e = p + len;
			while (v < e && isspace((unsigned char)*v)) v++;
			while (e > v && isspace((unsigned char)e[-1])) e--;
			snprintf(r->request_id, sizeof r->request_id, "%.*s", (int)(e - v), v);
		}
	}
	return len;
}

/* Failures where the request may not have been seen, or where the network
 * may recover: worth another attempt. */
static bool transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT: case CURLE_OPERATION_TIMEDOUT: case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING: case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2: case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

bool aws_http_request(aws_http *h, const char *method, const char *url,
                      const aws_header *headers, size_t nheaders,
                      const void *body, size_t len, size_t max_body, bool once, aws_http_response *out)
{
	memset(out, 0, sizeof *out);
	transfer t = { out, max_body, h->cancel };
	if (t.cancel && *t.cancel) {
		out->interrupted = true;
		snprintf(out->error, sizeof out->error, "interrupted");
		return false;
	}
	CURL *c = take(h);
	curl_easy_reset(c);
	struct curl_slist *list = NULL;
	cl_buf line = CL_BUF_INIT;
	for (size_t i = 0; i < nheaders; i++) {
		cl_buf_reset(&line);
		cl_buf_printf(&line, "%s: %s", headers[i].name, headers[i].value);
		list = curl_slist_append(list, cl_buf_str(&line));
	}
	list = curl_slist_append(list, "Expect:");   /* no 100-continue round trip */
	cl_buf_free(&line);

	char errbuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_SHARE, h->share);
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, once ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_bundle)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_bundle);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "clicamosc/0.1");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_body);   /* a Content-Length over it */
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else {
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}

	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		long status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		out->status = (int)status;
	} else if (rc == CURLE_FILESIZE_EXCEEDED || out->too_large) {
		out->too_large = true;
		snprintf(out->error, sizeof out->error, "the answer was larger than %zu MB, more than any "
		         "AWS answer; it was refused", max_body >> 20);
		cl_buf_free(&out->body);
	} else {
		out->interrupted = rc == CURLE_ABORTED_BY_CALLBACK;
		out->transient = !out->interrupted && transient(rc);
		out->unsent = rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
		              rc == CURLE_COULDNT_RESOLVE_PROXY;
		snprintf(out->error, sizeof out->error, "%s", out->interrupted ? "interrupted"
		         : errbuf[0] ? errbuf : curl_easy_strerror(rc));
		cl_buf_free(&out->body);
	}
	/* The handle must not point at our stack once we let go of it. */
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 1L);   /* nor call back into it */
	curl_slist_free_all(list);
	give_back(h, c);
	return rc == CURLE_OK;
}

void aws_http_response_free(aws_http_response *r)
{
	cl_buf_free(&r->body);
}
