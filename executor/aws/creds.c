/* creds.c: resolves credentials, region and endpoints the way the AWS
 * SDKs do, and runs credential_process.  Errors name every place looked
 * so the user can fix the right one; secrets never appear in a message. */
#include "executor/aws/creds.h"
#include "executor/aws/profile.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static char *dup_or_null(const char *s) { return s && *s ? cl_xstrdup(s) : NULL; }

void aws_creds_free(aws_creds *c)
{
	if (c->secret_key)
		memset(c->secret_key, 0, strlen(c->secret_key));
	free(c->access_key), free(c->secret_key), free(c->token);
	memset(c, 0, sizeof *c);
}

static void fill(aws_creds *c, const char *ak, const char *sk, const char *tok, time_t expires)
{
	aws_creds_free(c);
	c->access_key = cl_xstrdup(ak);
	c->secret_key = cl_xstrdup(sk);
	c->token = dup_or_null(tok);
	c->expires = expires;
}

void aws_creds_copy(aws_creds *to, const aws_creds *from)
{
	fill(to, from->access_key, from->secret_key, from->token, from->expires);
}

static void set_creds(aws_config *c, const char *ak, const char *sk, const char *tok,
                      const char *source)
{
	fill(&c->creds, ak, sk, tok, 0);
	free(c->creds_source);
	c->creds_source = cl_xstrdup(source);
}

/* "2024-05-01T12:00:00Z" or with an offset or fraction; 0 when unreadable. */
static time_t parse_time(const char *s)
{
	struct tm tm = { 0 };
	const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return 0;
	time_t t = timegm(&tm);
	if (*p == '.')
		while (*++p >= '0' && *p <= '9') {}
	int hh, mm;
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%d:%d", &hh, &mm) == 2)
		t -= (*p == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
	return t;
}

/* Runs the command through sh and reads its JSON answer (Version 1). */
static bool run_process(aws_creds *c, const char *cmd, const char *profile, char **err)
{
	cl_buf out = CL_BUF_INIT, msg = CL_BUF_INIT;
	FILE *f = popen(cmd, "r");
	if (!f) {
		cl_buf_printf(&msg, "credential_process of profile \"%s\" could not be started", profile);
		*err = cl_buf_steal(&msg);
		return false;
	}
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0 && out.len < (1 << 20))
		cl_buf_add(&out, tmp, n);
	int st = pclose(f);
	json_error_t je;
	json_t *j = NULL;
	const char *ak = NULL, *sk = NULL, *tok = NULL, *exp = NULL;
	int version = 0;
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		cl_buf_printf(&msg, "credential_process of profile \"%s\" failed (exit status %d)",
		              profile, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	else if (!(j = json_loads(cl_buf_str(&out), 0, &je)) ||
	         json_unpack(j, "{s:i, s:s, s:s, s?:s, s?:s}", "Version", &version,
	                     "AccessKeyId", &ak, "SecretAccessKey", &sk,
	                     "SessionToken", &tok, "Expiration", &exp) != 0)
		cl_buf_printf(&msg, "credential_process of profile \"%s\" printed no valid JSON with "
		              "Version, AccessKeyId and SecretAccessKey", profile);
	else if (version != 1)
		cl_buf_printf(&msg, "credential_process of profile \"%s\" answered Version %d; "
		              "only Version 1 is known", profile, version);
	if (msg.len == 0)
		fill(c, ak, sk, tok, exp ? parse_time(exp) : 0);
	json_decref(j);
	cl_buf_free(&out);
	if (msg.len) {
		*err = cl_buf_steal(&msg);
		return false;
	}
	return true;
}

bool aws_creds_refresh(const aws_config *cfg, aws_creds *out, char **err)
{
	if (!cfg->credential_process) {
		aws_creds_copy(out, &cfg->creds);
		return true;
	}
	return run_process(out, cfg->credential_process, cfg->profile, err);
}

/* Credentials in a profile: keys (credentials file first), else the
 * process.  0: none there; 1: found; -1: error already reported. */
static int profile_creds(aws_config *c, const aws_profile *p, const aws_settings *s,
                         cl_diags *d)
{
	const char *ak = aws_profile_get(p, "aws_access_key_id");
	const char *sk = aws_profile_get(p, "aws_secret_access_key");
	if (ak && sk) {
		cl_buf src = CL_BUF_INIT;
		cl_buf_printf(&src, "profile \"%s\" in %s", p->name,
		              p->in_credentials ? p->credentials_path : p->config_path);
		set_creds(c, ak, sk, aws_profile_get(p, "aws_session_token"), cl_buf_str(&src));
		cl_buf_free(&src);
		return 1;
	}
	if (ak || sk) {
		cl_diag_error(d, s->at, "profile \"%s\" sets %s but not %s", p->name,
		              ak ? "aws_access_key_id" : "aws_secret_access_key",
		              ak ? "aws_secret_access_key" : "aws_access_key_id");
		cl_diag_hint(d, "add the missing key to %s", p->credentials_path);
		return -1;
	}
	const char *cmd = aws_profile_get(p, "credential_process");
	if (!cmd)
		return 0;
	char *err = NULL;
	if (!run_process(&c->creds, cmd, p->name, &err)) {
		cl_diag_error(d, s->at, "%s", err);
		cl_diag_hint(d, "run the command by hand to see what it prints: %s", cmd);
		free(err);
		return -1;
	}
	free(c->creds_source);
	cl_buf src = CL_BUF_INIT;
	cl_buf_printf(&src, "credential_process of profile \"%s\"", p->name);
	c->creds_source = cl_buf_steal(&src);
	c->credential_process = cl_xstrdup(cmd);
	return 1;
}

static void describe_file(cl_buf *b, const char *path, bool found, bool has_section,
                          const char *section)
{
	if (!found)
		cl_buf_printf(b, "\n  - %s: no such file", path);
	else if (!has_section)
		cl_buf_printf(b, "\n  - %s: no [%s] section", path, section);
	else
		cl_buf_printf(b, "\n  - %s: [%s] has no keys or credential_process", path, section);
}

static bool resolve_creds(aws_config *c, const aws_settings *s, const aws_profile *p,
                          cl_diags *d)
{
	if (s->access_key || s->secret_key) {
		if (!s->access_key || !s->secret_key) {
			cl_diag_error(d, s->at, "the provider block sets %s but not %s",
			              s->access_key ? "access_key" : "secret_key",
			              s->access_key ? "secret_key" : "access_key");
			return false;
		}
		set_creds(c, s->access_key, s->secret_key, s->token, "the provider block");
		return true;
	}
	int r;
	if (s->profile && (r = profile_creds(c, p, s, d)) != 0)   /* named: beats env */
		return r > 0;
	const char *ak = env("AWS_ACCESS_KEY_ID"), *sk = env("AWS_SECRET_ACCESS_KEY");
	if (ak && sk) {
		set_creds(c, ak, sk, env("AWS_SESSION_TOKEN"),
		          "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		return true;
	}
	if (ak || sk) {
		cl_diag_error(d, s->at, "%s is set but %s is not",
		              ak ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
		              ak ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
		cl_diag_hint(d, "set both, or unset both to use a profile");
		return false;
	}
	if (!s->profile && (r = profile_creds(c, p, s, d)) != 0)
		return r > 0;

	cl_buf where = CL_BUF_INIT;
	cl_buf_puts(&where, "looked in:\n  - the provider block: no access_key and secret_key");
	cl_buf_puts(&where, "\n  - environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set");
	char section[300];
	describe_file(&where, p->credentials_path, p->credentials_found, p->in_credentials, p->name);
	snprintf(section, sizeof section, strcmp(p->name, "default") ? "profile %s" : "%s", p->name);
	describe_file(&where, p->config_path, p->config_found, p->in_config, section);
	cl_diag_error(d, s->at, "no AWS credentials found (profile \"%s\")", p->name);
	cl_diag_hint(d, "%s\nset access_key and secret_key, AWS_ACCESS_KEY_ID and "
	             "AWS_SECRET_ACCESS_KEY, or choose a profile with AWS_PROFILE",
	             cl_buf_str(&where));
	cl_buf_free(&where);
	return false;
}

static bool resolve_region(aws_config *c, const aws_settings *s, const aws_profile *p,
                           cl_diags *d)
{
	const char *r = s->region && *s->region ? s->region : NULL;
	if (!r) r = env("AWS_REGION");
	if (!r) r = env("AWS_DEFAULT_REGION");
	if (!r) r = aws_profile_get(p, "region");
	if (r) {
		c->region = cl_xstrdup(r);
		return true;
	}
	cl_diag_error(d, s->at, "no AWS region set");
	cl_diag_hint(d, "looked in: the provider block (region), AWS_REGION, AWS_DEFAULT_REGION, "
	             "and profile \"%s\" in %s; set one of them, e.g. region = \"us-east-1\"",
	             p->name, p->config_path);
	return false;
}

/* Whether an earlier service has the same URL (AWS_ENDPOINT_URL sets them
 * all): one warning per URL. */
static bool warned_before(const aws_config *c, int i)
{
	for (int j = 0; j < i; j++)
		if (strcmp(c->endpoint[j].url, c->endpoint[i].url) == 0)
			return true;
	return false;
}

bool aws_config_load(aws_config *c, const aws_settings *s, cl_diags *d)
{
	memset(c, 0, sizeof *c);
	const char *name = s->profile && *s->profile ? s->profile : env("AWS_PROFILE");
	aws_profile p;
	aws_profile_load(&p, name ? name : "default");
	c->profile = cl_xstrdup(p.name);
	bool ok = true;
	if (name && !p.in_credentials && !p.in_config) {
		cl_diag_error(d, s->at, "AWS profile \"%s\" not found", name);
		cl_diag_hint(d, "looked in %s (%s) and %s (%s); profile set by %s",
		             p.credentials_path, p.credentials_found ? "no such section" : "no such file",
		             p.config_path, p.config_found ? "no such section" : "no such file",
		             s->profile && *s->profile ? "the provider block" : "AWS_PROFILE");
		ok = false;
	}
	ok = ok && resolve_creds(c, s, &p, d);
	ok = resolve_region(c, s, &p, d) && ok;
	for (int i = 0; ok && i < AWS_NSERVICES; i++) {
		char *err = NULL;
		if (!aws_endpoint_resolve(i, c->region, s->endpoints[i], &p, &c->endpoint[i], &err)) {
			cl_diag_error(d, s->at, "%s", err);
			free(err);
			ok = false;
		} else if (warned_before(c, i)) {
			continue;
		} else if (c->endpoint[i].userinfo) {
			cl_diag_warning(d, s->at, "%s endpoint (from %s) holds a user name or password before \"@\": "
			                "it is ignored, and the host is %s", aws_services[i].display,
			                c->endpoint[i].source, c->endpoint[i].host);
			cl_diag_hint(d, "write the endpoint as %s", c->endpoint[i].url);
		}
		if (ok && aws_endpoint_cleartext(&c->endpoint[i]) && !warned_before(c, i)) {
			cl_diag_warning(d, s->at, "%s endpoint \"%s\" (from %s) is plain http:// to a host that is not this "
			                "machine", aws_services[i].display, c->endpoint[i].url, c->endpoint[i].source);
			cl_diag_hint(d, "requests, the session token and the responses would cross the network "
			             "unencrypted; use https:// (TLS is always verified), or a loopback address for a "
			             "local emulator");
		}
	}
	c->ca_bundle = dup_or_null(env("AWS_CA_BUNDLE"));
	if (!c->ca_bundle)
		c->ca_bundle = dup_or_null(aws_profile_get(&p, "ca_bundle"));
	const char *ma = env("AWS_MAX_ATTEMPTS");
	if (!ma) ma = aws_profile_get(&p, "max_attempts");
	c->max_attempts = s->max_attempts > 0 ? s->max_attempts : ma && atoi(ma) > 0 ? atoi(ma) : 8;
	aws_profile_free(&p);
	if (!ok)
		aws_config_free(c);
	return ok;
}

void aws_config_free(aws_config *c)
{
	aws_creds_free(&c->creds);
	free(c->creds_source), free(c->profile), free(c->credential_process), free(c->region), free(c->ca_bundle);
	for (int i = 0; i < AWS_NSERVICES; i++)
		aws_endpoint_free(&c->endpoint[i]);
	memset(c, 0, sizeof *c);
}
