/* http.c: the HTTP GETs of the registry protocol and of archive downloads
 * (libcurl): bounded in time and size, redirects followed, the
 * X-Terraform-Get header kept. */
#include "fetch/fetch.h"
#include "util/fatal.h"

#include <curl/curl.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_BODY = 256 << 20 };   /* a module package larger than this is not one */

static size_t on_body(char *p, size_t size, size_t n, void *u)
{
	cl_buf *b = u;
	if (b->len + size * n > MAX_BODY)
		return 0;   /* libcurl fails the transfer */
	cl_buf_add(b, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *u)
{
	fetch_response *r = u;
	size_t len = size * n;
	static const char name[] = "x-terraform-get:";
	if (len > sizeof name - 1 && !strncasecmp(p, name, sizeof name - 1)) {
		const char *v = p + sizeof name - 1;
		size_t k = len - (sizeof name - 1);
		while (k && isspace((unsigned char)*v))
			v++, k--;
		while (k && isspace((unsigned char)v[k - 1]))
			k--;
		free(r->terraform_get);
		r->terraform_get = cl_xstrndup(v, k);
	}
	return len;
}

bool fetch_http_get(const char *url, fetch_response *r, cl_range at, cl_diags *d)
{
	memset(r, 0, sizeof *r);
	CURL *c = curl_easy_init();
	if (!c)
		cl_fatal_oom();
	char err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "clicamosc");
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		cl_diag_error(d, at, "cannot GET %s: %s", url, err[0] ? err : curl_easy_strerror(rc));
		if (rc == CURLE_WRITE_ERROR)
			cl_diag_hint(d, "the answer is larger than %d MiB", MAX_BODY >> 20);
		fetch_response_free(r);
		return false;
	}
	return true;
}

void fetch_response_free(fetch_response *r)
{
	cl_buf_free(&r->body);
	free(r->terraform_get);
	r->terraform_get = NULL;
}

char *fetch_url_resolve(const char *base, const char *url)
{
	if (strstr(url, "://") || !strncmp(url, "git::", 5))
		return cl_xstrdup(url);
	CURLU *u = curl_url();
	char *out = NULL;
	if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		char *copy = cl_xstrdup(out);
		curl_free(out);
		out = copy;
	}
	curl_url_cleanup(u);
	return out ? out : cl_xstrdup(url);
}
