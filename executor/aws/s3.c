/* s3.c: one S3 object at a time (see s3.h): the URL in either style, the
 * Content-MD5 that lets S3 refuse a body damaged on the way, and the
 * <Error> envelope turned into an aws_error. */
#include "executor/aws/s3.h"
#include "executor/aws/sigv4.h"

#include <openssl/evp.h>
#include <string.h>

bool aws_s3_init(aws_s3 *s, const aws_config *cfg, bool path_style, cl_diags *d)
{
	s->path_style = path_style;
	return aws_rest_init(&s->rest, cfg, d);
}

void aws_s3_free(aws_s3 *s)
{
	aws_rest_free(&s->rest);
}

typedef struct target {
	cl_buf url, host, path;
} target;

/* Path style: scheme://host/base/bucket/key.  Virtual host: the bucket
 * becomes the first label of the host (libcurl resolves *.localhost to
 * the loopback, so this works against local servers too). */
static void locate(const aws_s3 *s, const char *bucket, const char *key, target *t)
{
	const aws_endpoint *ep = &s->rest.cfg->endpoint[AWS_S3];
	memset(t, 0, sizeof *t);
	const char *base = strcmp(ep->path, "/") ? ep->path : "";
	if (s->path_style) {
		cl_buf_puts(&t->host, ep->host);
		cl_buf_printf(&t->path, "%s/", base);
		aws_uri_encode(&t->path, bucket, strlen(bucket), NULL);
		cl_buf_putc(&t->path, '/');
	} else {
		cl_buf_printf(&t->host, "%s.%s", bucket, ep->host);
		cl_buf_printf(&t->path, "%s/", base);
	}
	aws_uri_encode(&t->path, key, strlen(key), "/");
	const char *scheme_end = strstr(ep->url, "://");
	cl_buf_printf(&t->url, "%.*s%s%s", (int)(scheme_end - ep->url + 3), ep->url, cl_buf_str(&t->host),
	              cl_buf_str(&t->path));
}

static void target_free(target *t)
{
	cl_buf_free(&t->url);
	cl_buf_free(&t->host);
	cl_buf_free(&t->path);
}

/* Sends; true on 2xx (body in out when out is given). */
static bool request(aws_s3 *s, const char *method, const char *bucket, const char *key, const aws_header *h,
                    size_t nh, const void *body, size_t len, cl_buf *out, aws_error *err)
{
	target t;
	locate(s, bucket, key, &t);
	aws_rest_req q = { AWS_S3, method, cl_buf_str(&t.url), cl_buf_str(&t.host), cl_buf_str(&t.path), h, nh,
	                   body, len };
	aws_http_response r;
	bool answered = aws_rest_send(&s->rest, &q, &r, err), ok = answered;
	if (ok && (r.status < 200 || r.status >= 300)) {
		aws_error_parse(err, r.status, r.body.data, r.body.len);
		if (r.status == 404 && !r.body.len)
			aws_error_set(err, 404, "NoSuchKey", "s3://%s/%s does not exist", bucket, key);
		if (!err->request_id[0])
			snprintf(err->request_id, sizeof err->request_id, "%s", r.request_id);
		ok = false;
	} else if (ok && out) {
		cl_buf_add(out, r.body.data ? r.body.data : "", r.body.len);
	}
	if (answered)
		aws_http_response_free(&r);
	target_free(&t);
	return ok;
}

bool aws_s3_get(aws_s3 *s, const char *bucket, const char *key, cl_buf *out, aws_error *err)
{
	return request(s, "GET", bucket, key, NULL, 0, NULL, 0, out, err);
}

bool aws_s3_head(aws_s3 *s, const char *bucket, const char *key, aws_error *err)
{
	return request(s, "HEAD", bucket, key, NULL, 0, NULL, 0, NULL, err);
}

bool aws_s3_delete(aws_s3 *s, const char *bucket, const char *key, aws_error *err)
{
	return request(s, "DELETE", bucket, key, NULL, 0, NULL, 0, NULL, err);
}

bool aws_s3_put(aws_s3 *s, const char *bucket, const char *key, const void *data, size_t len,
                const aws_s3_put_opts *o, aws_error *err)
{
	unsigned char md5[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_Digest(data, len, md5, &n, EVP_md5(), NULL);
	char md5b64[32];
	EVP_EncodeBlock((unsigned char *)md5b64, md5, (int)n);
	aws_header h[4] = {
		{ "Content-Type", o && o->content_type ? o->content_type : "application/json" },
		{ "Content-MD5", md5b64 },
	};
	size_t nh = 2;
	if (o && o->encrypt)
		h[nh++] = (aws_header){ "x-amz-server-side-encryption", "AES256" };
	if (o && o->if_none_match)
		h[nh++] = (aws_header){ "If-None-Match", "*" };
	return request(s, "PUT", bucket, key, h, nh, data, len, NULL, err);
}
