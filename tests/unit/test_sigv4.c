/* test_sigv4.c: runs the signer over every case of AWS's SigV4 suite
 * (tests/sigv4-suite, with its LICENSE and NOTICE) and compares the canonical
 * request, the string to sign and the Authorization value; then S3 rules. */
#include "executor/aws/sigv4.h"
#include "util/buf.h"
#include "util/fatal.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A raw request as the suite writes it: request line, headers (a line
 * starting with white space continues the previous one), an optional blank
 * line and body.  End of file may end the headers. */
typedef struct {
	char *method, *path, *query, *body;
	aws_header h[16];
	size_t nh;
} raw_req;

static char *line_end(char *p) { char *e = strchr(p, '\n'); return e ? e : p + strlen(p); }

static bool parse_req(char *text, raw_req *r)
{
	memset(r, 0, sizeof *r);
	char *e = line_end(text), *next = *e ? e + 1 : e;
	*e = 0;
	char *sp1 = strchr(text, ' '), *sp2 = strrchr(text, ' ');
	if (!sp1 || sp1 == sp2)
		return false;
	*sp1 = *sp2 = 0;
	r->method = text;
	r->path = sp1 + 1;
	char *q = strchr(r->path, '?');
	if (q) {
		*q = 0;
		r->query = q + 1;
	}
	cl_buf *cur = NULL;
	static cl_buf vals[16];
	for (char *p = next; *p;) {
		e = line_end(p);
		next = *e ? e + 1 : e;
		*e = 0;
		if (!*p) {                       /* blank line: the body follows */
			r->body = next;
			break;
		}
		if ((*p == ' ' || *p == '\t') && cur) {
			cl_buf_printf(cur, " %s", p);
		} else {
			char *colon = strchr(p, ':');
			if (!colon || r->nh == 16)
				return false;
			*colon = 0;
			cur = &vals[r->nh];
			cl_buf_reset(cur);
			cl_buf_puts(cur, colon + 1);
			r->h[r->nh++].name = p;
		}
		p = next;
	}
	for (size_t i = 0; i < r->nh; i++)
		r->h[i].value = cl_buf_str(&vals[i]);
	return true;
}

/* The suite passes a session token only through the expected canonical
 * request, as botocore's driver does. */
static char *token_from(const char *creq)
{
	const char *t = strstr(creq, "\nx-amz-security-token:");
	if (!t)
		return NULL;
	t += strlen("\nx-amz-security-token:");
	return cl_xstrndup(t, strcspn(t, "\n"));
}

static const aws_sigv4_params suite_params = {
	.access_key = "AKIDEXAMPLE",
	.secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	.region = "us-east-1",
	.service = "service",
	.when = 1440938160,   /* 2015-08-30T12:36:00Z */
};

static char *file_of(const char *dir, const char *base, const char *ext)
{
	size_t n = strlen(dir) + strlen(base) + strlen(ext) + 3;
	char *s = cl_xmalloc(n);
	snprintf(s, n, "%s/%s.%s", dir, base, ext);
	return s;
}

static void run_case(const char *dir, const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char *paths[4] = { file_of(dir, base, "req"), file_of(dir, base, "creq"),
	                   file_of(dir, base, "sts"), file_of(dir, base, "authz") };
	char *req = tap_slurp(paths[0], NULL), *creq = tap_slurp(paths[1], NULL),
	     *sts = tap_slurp(paths[2], NULL), *authz = tap_slurp(paths[3], NULL);
	char label[3][256];
	snprintf(label[0], sizeof label[0], "%s: canonical request", name);
	snprintf(label[1], sizeof label[1], "%s: string to sign", name);
	snprintf(label[2], sizeof label[2], "%s: authorization", name);
	raw_req r;
	if (!req || !creq || !sts || !authz || !parse_req(req, &r)) {
		for (int i = 0; i < 3; i++)
			ok(0, label[i]);
		printf("#   unreadable case files in %s\n", dir);
	} else {
		aws_sigv4_params p = suite_params;
		char *token = token_from(creq);
		p.token = token;
		aws_sigv4_request sr = { r.method, r.path, r.query, r.h, r.nh,
		                         r.body, r.body ? strlen(r.body) : 0 };
		aws_sigv4_result out;
		aws_sigv4_sign(&sr, &p, &out);
		is_str(out.creq, creq, label[0]);
		is_str(out.sts, sts, label[1]);
		is_str(out.authz, authz, label[2]);
		aws_sigv4_result_free(&out);
		free(token);
	}
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	free(req), free(creq), free(sts), free(authz);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects every folder holding a NAME.req file, as paths relative to root. */
static void find_cases(const char *root, const char *rel, char ***v, size_t *n)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char sub[1024], full[2048], req[3072];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(full, sizeof full, "%s/%s", root, sub);
		struct stat st;
		if (stat(full, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		snprintf(req, sizeof req, "%s/%s.req", full, de->d_name);
		if (access(req, R_OK) == 0) {
			*v = cl_xrealloc(*v, (*n + 1) * sizeof **v);
			(*v)[(*n)++] = cl_xstrdup(sub);
		}
		find_cases(root, sub, v, n);
	}
	closedir(d);
}

static void suite(void)
{
	char root[1024];
	const char *top = getenv("TOP");
	if (top)
		snprintf(root, sizeof root, "%s/tests/sigv4-suite", top);
	else
		snprintf(root, sizeof root, "tests/sigv4-suite");
	char **cases = NULL;
	size_t n = 0;
	find_cases(root, "", &cases, &n);
	if (!ok(n == 34, "the SigV4 suite is there with its 34 cases"))
		printf("#   found %zu cases in %s\n", n, root);
	qsort(cases, n, sizeof *cases, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char dir[2048];
		snprintf(dir, sizeof dir, "%s/%s", root, cases[i]);
		run_case(dir, cases[i]);
		free(cases[i]);
	}
	free(cases);
}

/* S3: AWS's published GET Object example (S3 API reference, "Signature
 * Calculations for the Authorization Header"). */
static void s3(void)
{
	aws_header h[] = { { "Host", "examplebucket.s3.amazonaws.com" },
	                   { "Range", "bytes=0-9" } };
	aws_sigv4_request r = { "GET", "/test.txt", NULL, h, 2, NULL, 0 };
	aws_sigv4_params p = {
		.access_key = "AKIAIOSFODNN7EXAMPLE",
		.secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		.region = "us-east-1", .service = "s3", .when = 1369353600, .s3 = true,
	};
	aws_sigv4_result out;
	aws_sigv4_sign(&r, &p, &out);
	is_str(out.authz, "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/"
	       "us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;"
	       "x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd9"
	       "1039c6036bdb41", "s3: GET Object example");
	bool sha = false;
	for (int i = 0; i < out.nadd; i++)
		sha |= strcmp(out.add[i].name, "X-Amz-Content-Sha256") == 0 &&
		       strcmp(out.add[i].value, out.payload_hash) == 0;
	ok(sha, "s3: x-amz-content-sha256 header carries the payload hash");
	aws_sigv4_result_free(&out);

	/* No normalisation and no second encoding of an already encoded key. */
	r.path = "/bucket/a%20b//./c";
	p.unsigned_payload = true;
	aws_sigv4_sign(&r, &p, &out);
	ok(strncmp(out.creq, "GET\n/bucket/a%20b//./c\n", 23) == 0, "s3: path kept as sent");
	ok(strstr(out.creq, "\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n") &&
	   strcmp(out.creq + strlen(out.creq) - 16, "UNSIGNED-PAYLOAD") == 0,
	   "s3: unsigned payload");
	aws_sigv4_result_free(&out);

	/* Everyone else encodes the wire path once more (AWS's double encoding). */
	p.s3 = false;
	aws_sigv4_sign(&r, &p, &out);
	ok(strncmp(out.creq, "GET\n/bucket/a%2520b/c\n", 22) == 0,
	   "non-s3: path normalised and encoded again");
	aws_sigv4_result_free(&out);
}

int main(void)
{
	suite();
	s3();
	return tap_done();
}
