/* sigv4.c: AWS Signature Version 4 (canonical request, string to sign,
 * signing key, Authorization).  Checked byte for byte against AWS's own
 * suite (tests/unit/test_sigv4.c); knows nothing of HTTP or credentials. */
#include "executor/aws/sigv4.h"
#include "util/fatal.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char HEX[] = "0123456789abcdef";

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = HEX[d[i] >> 4];
		out[2 * i + 1] = HEX[d[i] & 15];
	}
	out[2 * n] = 0;
}

void aws_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256(data, len, md);
	hex(md, sizeof md, out);
}

static void hmac(const unsigned char *key, size_t klen, const char *msg,
                 unsigned char out[32])
{
	unsigned int n = 32;
	HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg, strlen(msg), out, &n);
}

void aws_uri_encode(cl_buf *b, const char *s, size_t n, const char *keep)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
		    (c && keep && strchr(keep, c)))
			cl_buf_putc(b, (char)c);
		else
			cl_buf_printf(b, "%%%02X", c);
	}
}

static int unhex(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) and encodes the result again in the canonical
 * form, so "a%2fb" and "a/b" sign alike.  '+' is taken literally. */
static char *recode(const char *s, size_t n)
{
	cl_buf raw = CL_BUF_INIT, out = CL_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < n &&
		    (h = unhex(s[i + 1])) >= 0 && (l = unhex(s[i + 2])) >= 0) {
			cl_buf_putc(&raw, (char)(h * 16 + l));
			i += 2;
		} else {
			cl_buf_putc(&raw, s[i]);
		}
	}
	aws_uri_encode(&out, cl_buf_str(&raw), raw.len, NULL);
	cl_buf_free(&raw);
	return cl_buf_steal(&out);
}

/* ---- canonical URI ---- */

/* Resolves "." and ".." and collapses repeated slashes; a trailing slash
 * survives.  Every service but S3 signs the normalised path. */
static void normalize_path(cl_buf *out, const char *path)
{
	size_t n = strlen(path);
	const char **seg = cl_xmalloc((n / 2 + 2) * sizeof *seg);
	size_t *len = cl_xmalloc((n / 2 + 2) * sizeof *len), nseg = 0;
	for (const char *p = path; *p;) {
		while (*p == '/') p++;
		const char *e = p;
		while (*e && *e != '/') e++;
		size_t l = (size_t)(e - p);
		if (l == 2 && p[0] == '.' && p[1] == '.') {
			if (nseg) nseg--;
		} else if (l && !(l == 1 && p[0] == '.')) {
			seg[nseg] = p, len[nseg++] = l;
		}
		p = e;
	}
	for (size_t i = 0; i < nseg; i++) {
		cl_buf_putc(out, '/');
		cl_buf_add(out, seg[i], len[i]);
	}
	if (nseg == 0 || (n && path[n - 1] == '/'))
		cl_buf_putc(out, '/');
	free(seg);
	free(len);
}

static void canonical_uri(cl_buf *c, const char *path, bool s3)
{
	if (!path || !*path)
		path = "/";
	if (s3) {
		/* Already encoded once on the wire: keep '%' so nothing is encoded twice. */
		aws_uri_encode(c, path, strlen(path), "/%");
		return;
	}
	cl_buf norm = CL_BUF_INIT;
	normalize_path(&norm, path);
	aws_uri_encode(c, cl_buf_str(&norm), norm.len, "/");
	cl_buf_free(&norm);
}

/* ---- canonical query ---- */

typedef struct { char *k, *v; } pair;

static int pair_cmp(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	int c = strcmp(x->k, y->k);
	return c ? c : strcmp(x->v, y->v);
}

/* Parameters are encoded first and sorted afterwards (by name, then value),
 * so the order is that of the encoded bytes. */
static void canonical_query(cl_buf *c, const char *q)
{
	size_t n = 0, cap = 8;
	pair *v = cl_xmalloc(cap * sizeof *v);
	for (const char *p = q ? q : ""; *p;) {
		const char *e = strchr(p, '&');
		if (!e) e = p + strlen(p);
		if (e > p) {
			const char *eq = memchr(p, '=', (size_t)(e - p));
			if (n == cap) v = cl_xrealloc(v, (cap *= 2) * sizeof *v);
			v[n].k = recode(p, (size_t)((eq ? eq : e) - p));
			v[n].v = eq ? recode(eq + 1, (size_t)(e - eq - 1)) : cl_xstrdup("");
			n++;
		}
		p = *e ? e + 1 : e;
	}
	qsort(v, n, sizeof *v, pair_cmp);
	for (size_t i = 0; i < n; i++) {
		cl_buf_printf(c, "%s%s=%s", i ? "&" : "", v[i].k, v[i].v);
		free(v[i].k);
		free(v[i].v);
	}
	free(v);
}

/* ---- canonical headers ---- */

typedef struct { char *name, *value; size_t order; } hdr;

static int hdr_cmp(const void *a, const void *b)
{
	const hdr *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Trims the value and turns every run of white space (folded lines
 * included) into one space; quotes get no special treatment. */
static char *header_value(const char *s)
{
	cl_buf b = CL_BUF_INIT;
	bool space = false;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			cl_buf_putc(&b, ' ');
		space = false;
		cl_buf_putc(&b, *s);
	}
	return cl_buf_steal(&b);
}

static char *lower(const char *s)
{
	char *d = cl_xstrdup(s);
	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static bool has_header(const aws_sigv4_request *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return true;
	return false;
}

/* Writes "name:v1,v2\n" lines (duplicates joined in the order sent) to c
 * and "name;name" to signed. */
static void canonical_headers(cl_buf *c, cl_buf *signed_names,
                              const aws_header *h, size_t n)
{
	hdr *v = cl_xmalloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (hdr){ lower(h[i].name), header_value(h[i].value), i };
	qsort(v, n, sizeof *v, hdr_cmp);
	for (size_t i = 0; i < n; i++) {
		bool same = i > 0 && strcmp(v[i].name, v[i - 1].name) == 0;
		if (same) {
			cl_buf_printf(c, ",%s", v[i].value);
		} else {
			if (i) cl_buf_putc(c, '\n');
			cl_buf_printf(c, "%s:%s", v[i].name, v[i].value);
			cl_buf_printf(signed_names, "%s%s", i ? ";" : "", v[i].name);
		}
	}
	cl_buf_putc(c, '\n');
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

/* ---- signing ---- */

static void add_header(aws_sigv4_result *out, const char *name, const char *value)
{
	assert(out->nadd < (int)(sizeof out->add / sizeof out->add[0]));
	out->add[out->nadd++] = (aws_header){ name, value };
}

void aws_sigv4_sign(const aws_sigv4_request *req, const aws_sigv4_params *p,
                    aws_sigv4_result *out)
{
	memset(out, 0, sizeof *out);
	struct tm tm;
	gmtime_r(&p->when, &tm);
	strftime(out->amz_date, sizeof out->amz_date, "%Y%m%dT%H%M%SZ", &tm);
	char date[9];
	memcpy(date, out->amz_date, 8);
	date[8] = 0;

	if (p->s3 && p->unsigned_payload)
		strcpy(out->payload_hash, "UNSIGNED-PAYLOAD");
	else
		aws_sha256_hex(req->body ? req->body : "", req->body_len, out->payload_hash);

	/* Headers the signer supplies when the caller did not. */
	if (!has_header(req, "x-amz-date"))
		add_header(out, "X-Amz-Date", out->amz_date);
	if (p->token && *p->token && !has_header(req, "x-amz-security-token"))
		add_header(out, "X-Amz-Security-Token", p->token);
	if (p->s3 && !has_header(req, "x-amz-content-sha256"))
		add_header(out, "X-Amz-Content-Sha256", out->payload_hash);
	size_t nh = req->nheaders + (size_t)out->nadd;
	aws_header *all = cl_xmalloc(nh * sizeof *all);
	memcpy(all, req->headers, req->nheaders * sizeof *all);
	memcpy(all + req->nheaders, out->add, (size_t)out->nadd * sizeof *all);

	cl_buf c = CL_BUF_INIT, names = CL_BUF_INIT;
	cl_buf_printf(&c, "%s\n", req->method);
	canonical_uri(&c, req->path, p->s3);
	cl_buf_putc(&c, '\n');
	canonical_query(&c, req->query);
	cl_buf_putc(&c, '\n');
	canonical_headers(&c, &names, all, nh);
	cl_buf_printf(&c, "\n%s\n%s", cl_buf_str(&names), out->payload_hash);
	free(all);

	char scope[128], creq_hash[65];
	snprintf(scope, sizeof scope, "%s/%s/%s/aws4_request", date, p->region, p->service);
	aws_sha256_hex(c.data, c.len, creq_hash);
	cl_buf s = CL_BUF_INIT;
	cl_buf_printf(&s, "AWS4-HMAC-SHA256\n%s\n%s\n%s", out->amz_date, scope, creq_hash);

	/* kSecret -> kDate -> kRegion -> kService -> kSigning; wiped after use. */
	size_t slen = strlen(p->secret_key) + 5;
	unsigned char *ksecret = cl_xmalloc(slen), k[32], sig[32];
	snprintf((char *)ksecret, slen, "AWS4%s", p->secret_key);
	hmac(ksecret, slen - 1, date, k);
	hmac(k, 32, p->region, k);
	hmac(k, 32, p->service, k);
	hmac(k, 32, "aws4_request", k);
	hmac(k, 32, cl_buf_str(&s), sig);
	OPENSSL_cleanse(ksecret, slen);
	OPENSSL_cleanse(k, sizeof k);
	free(ksecret);
	char sighex[65];
	hex(sig, sizeof sig, sighex);

	cl_buf a = CL_BUF_INIT;
	cl_buf_printf(&a, "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
	              p->access_key, scope, cl_buf_str(&names), sighex);
	cl_buf_free(&names);
	out->creq = cl_buf_steal(&c);
	out->sts = cl_buf_steal(&s);
	out->authz = cl_buf_steal(&a);
	add_header(out, "Authorization", out->authz);
}

void aws_sigv4_result_free(aws_sigv4_result *r)
{
	free(r->creq);
	free(r->sts);
	free(r->authz);
	memset(r, 0, sizeof *r);
}
