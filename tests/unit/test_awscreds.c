/* test_awscreds.c: where credentials, region and endpoints come from, in
 * what order: provider block, environment, shared files (temporary ones
 * here), credential_process (a tiny sh script), and the errors that list
 * every place looked. */
#include "executor/aws/creds.h"
#include "tap.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/test_awscreds.XXXXXX";
static char cred_path[256], conf_path[256];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char *const vars[] = {
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2",
	"AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING", "AWS_ENDPOINT_URL_AUTO_SCALING",
	"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS", NULL,
};

/* A clean slate: no AWS variables, empty shared files. */
static void reset(const char *credentials, const char *config)
{
	for (const char *const *v = vars; *v; v++)
		unsetenv(*v);
	write_file(cred_path, credentials);
	write_file(conf_path, config);
}

/* Loads afresh: the diagnostics of the previous load (warnings on success too) go. */
static bool load(aws_config *c, const aws_settings *s, cl_diags *d)
{
	cl_diags_free(d);
	return aws_config_load(c, s, d);
}

static const char *hint(const cl_diags *d) { return d->n && d->v[0].hint ? d->v[0].hint : ""; }
/* The first error's message (a plain-http warning may come before it), or the first diagnostic's. */
static const char *msg(const cl_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == CL_SEV_ERROR)
			return d->v[i].msg;
	return d->n ? d->v[0].msg : "";
}

static void credentials(void)
{
	aws_config c;
	cl_diags d = { 0 };
	aws_settings s = { 0 };

	reset("[default]\naws_access_key_id = AKFILE\naws_secret_access_key = skfile\n",
	      "[default]\nregion = eu-west-1\n");
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "skenv", 1);
	setenv("AWS_SESSION_TOKEN", "tokenv", 1);
	ok(load(&c, &s, &d), "environment credentials load");
	ok(strcmp(c.creds.access_key, "AKENV") == 0 && strcmp(c.creds.token, "tokenv") == 0 &&
	   strstr(c.creds_source, "environment"), "environment beats the default profile");
	is_str(c.region, "eu-west-1", "region from the default profile");
	aws_config_free(&c);

	s.access_key = "AKPROV", s.secret_key = "skprov";
	ok(load(&c, &s, &d) && strcmp(c.creds.access_key, "AKPROV") == 0 && !c.creds.token &&
	   strcmp(c.creds_source, "the provider block") == 0, "the provider block beats everything");
	aws_config_free(&c);
	s.secret_key = NULL;
	ok(!load(&c, &s, &d) && strstr(msg(&d), "sets access_key but not secret_key"),
	   "half a provider key pair is an error");
	cl_diags_free(&d);
	s.access_key = NULL;

	unsetenv("AWS_SECRET_ACCESS_KEY");
	ok(!load(&c, &s, &d) && strstr(msg(&d), "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY"),
	   "half an environment key pair is an error");
	cl_diags_free(&d);

	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SESSION_TOKEN");
	ok(load(&c, &s, &d) && strcmp(c.creds.access_key, "AKFILE") == 0 &&
	   strstr(c.creds_source, cred_path), "then the default profile's credentials file");
	aws_config_free(&c);

	/* Named profiles: [x] in credentials, [profile x] in config; credentials win. */
	reset("# comment\n[dev]\naws_access_key_id=AKDEV ; inline comment\n"
	      "aws_secret_access_key = sk#dev\naws_session_token = tokdev\n",
	      "[profile   dev]\naws_access_key_id = AKCONF\nregion = ap-south-1\n"
	      "[dev]\nregion = wrong-section\n");
	setenv("AWS_PROFILE", "dev", 1);
	ok(load(&c, &s, &d), "AWS_PROFILE=dev loads");
	ok(strcmp(c.creds.access_key, "AKDEV") == 0 && strcmp(c.creds.secret_key, "sk#dev") == 0 &&
	   strcmp(c.creds.token, "tokdev") == 0, "credentials file wins; '#' inside a value stays");
	is_str(c.region, "ap-south-1", "region from [profile dev], not [dev], in config");
	aws_config_free(&c);

	/* A profile named in the provider block beats the environment. */
	setenv("AWS_ACCESS_KEY_ID", "AKENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "skenv", 1);
	unsetenv("AWS_PROFILE");
	s.profile = "dev";
	ok(load(&c, &s, &d) && strcmp(c.creds.access_key, "AKDEV") == 0,
	   "a profile named by the provider beats the environment");
	aws_config_free(&c);
	s.profile = "nope";
	ok(!load(&c, &s, &d) && strstr(msg(&d), "profile \"nope\" not found") &&
	   strstr(hint(&d), cred_path) && strstr(hint(&d), conf_path),
	   "an unknown named profile is an error naming both files");
	cl_diags_free(&d);
	s.profile = NULL;
}

static void missing(void)
{
	aws_config c;
	cl_diags d = { 0 };
	aws_settings s = { 0 };
	reset("", "[default]\nregion = us-east-1\n");
	ok(!load(&c, &s, &d), "no credentials anywhere: an error");
	is_int(d.nerrors, 1, "exactly one error");
	is_str(msg(&d), "no AWS credentials found (profile \"default\")", "the error says what");
	const char *h = hint(&d);
	ok(strstr(h, "the provider block") && strstr(h, "AWS_ACCESS_KEY_ID") &&
	   strstr(h, cred_path) && strstr(h, "no [default] section") && strstr(h, conf_path) &&
	   strstr(h, "[default] has no keys or credential_process"),
	   "the hint lists the provider block, the environment and both files");
	for (const char *l = h; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
		printf("# %.*s\n", (int)strcspn(l, "\n"), l);
	cl_diags_free(&d);

	unlink(cred_path);
	ok(!load(&c, &s, &d) && strstr(hint(&d), "no such file"), "a missing file is named as missing");
	cl_diags_free(&d);

	reset("[default]\naws_access_key_id = A\naws_secret_access_key = B\n", "");
	ok(!load(&c, &s, &d) && strcmp(msg(&d), "no AWS region set") == 0 &&
	   strstr(hint(&d), "AWS_REGION") && strstr(hint(&d), "AWS_DEFAULT_REGION"),
	   "no region: an error listing where to set one");
	cl_diags_free(&d);
}

static void region(void)
{
	aws_config c;
	cl_diags d = { 0 };
	aws_settings s = { 0 };
	reset("[default]\naws_access_key_id = A\naws_secret_access_key = B\n",
	      "[default]\nregion = from-profile\n");
	setenv("AWS_DEFAULT_REGION", "from-default-region", 1);
	ok(load(&c, &s, &d) && strcmp(c.region, "from-default-region") == 0,
	   "AWS_DEFAULT_REGION beats the profile");
	aws_config_free(&c);
	setenv("AWS_REGION", "from-region", 1);
	ok(load(&c, &s, &d) && strcmp(c.region, "from-region") == 0, "AWS_REGION beats it");
	aws_config_free(&c);
	s.region = "from-provider";
	ok(load(&c, &s, &d) && strcmp(c.region, "from-provider") == 0, "the provider beats all");
	aws_config_free(&c);
}

static void process(void)
{
	aws_config c;
	cl_diags d = { 0 };
	aws_settings s = { 0 };
	char script[300], conf[1200];
	snprintf(script, sizeof script, "%s/creds.sh", dir);
	write_file(script, "#!/bin/sh\n"
	           "[ \"$1\" = fail ] && { echo nope; exit 3; }\n"
	           "[ \"$1\" = junk ] && { echo '{\"Version\": 1}'; exit 0; }\n"
	           "printf '{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"skproc\", "
	           "\"SessionToken\": \"tokproc\", \"Expiration\": \"2030-01-02T03:04:05Z\"}'\n");
	chmod(script, 0755);
	snprintf(conf, sizeof conf, "[default]\nregion = us-east-1\ncredential_process = %s ok\n"
	         "[profile bad]\nregion = us-east-1\ncredential_process = %s fail\n"
	         "[profile junk]\nregion = us-east-1\ncredential_process = %s junk\n",
	         script, script, script);
	reset("", conf);
	ok(load(&c, &s, &d) && strcmp(c.creds.access_key, "AKPROC") == 0 &&
	   strcmp(c.creds.token, "tokproc") == 0, "credential_process: keys and token");
	is_int(c.creds.expires, 1893553445, "credential_process: Expiration parsed");
	ok(c.credential_process && strstr(c.creds_source, "credential_process"),
	   "credential_process: kept for renewal");
	aws_creds fresh = { 0 };
	char *err = NULL;
	ok(aws_creds_refresh(&c, &fresh, &err) && strcmp(fresh.secret_key, "skproc") == 0,
	   "credential_process: renewal runs it again");
	aws_creds_free(&fresh);
	aws_config_free(&c);

	s.profile = "bad";
	ok(!load(&c, &s, &d) && strstr(msg(&d), "profile \"bad\" failed (exit status 3)"),
	   "credential_process: a failing command is reported with its status");
	cl_diags_free(&d);
	s.profile = "junk";
	ok(!load(&c, &s, &d) && strstr(msg(&d), "no valid JSON"),
	   "credential_process: JSON without keys is reported");
	cl_diags_free(&d);
}

static void endpoints(void)
{
	aws_config c;
	cl_diags d = { 0 };
	aws_settings s = { 0 };
	reset("[default]\naws_access_key_id = A\naws_secret_access_key = B\n",
	      "[default]\nregion = us-west-2\n");
	ok(load(&c, &s, &d), "defaults load");
	is_str(c.endpoint[AWS_EC2].url, "https://ec2.us-west-2.amazonaws.com", "EC2 default");
	is_str(c.endpoint[AWS_ELB].url, "https://elasticloadbalancing.us-west-2.amazonaws.com",
	       "ELB default");
	is_str(c.endpoint[AWS_ASG].url, "https://autoscaling.us-west-2.amazonaws.com", "ASG default");
	is_str(c.endpoint[AWS_S3].host, "s3.us-west-2.amazonaws.com", "S3 default host");
	is_str(c.endpoint[AWS_DYNAMODB].path, "/", "DynamoDB default path");
	is_int(c.max_attempts, 8, "8 attempts by default");
	aws_config_free(&c);

	s.region = "cn-north-1";
	ok(load(&c, &s, &d) && strcmp(c.endpoint[AWS_EC2].url,
	   "https://ec2.cn-north-1.amazonaws.com.cn") == 0, "China regions use amazonaws.com.cn");
	is_str(c.endpoint[AWS_IAM].url, "https://iam.cn-north-1.amazonaws.com.cn", "IAM in China: its one endpoint");
	is_str(aws_endpoint_signing_region(AWS_IAM, "cn-northwest-1"), "cn-north-1", "signed for cn-north-1");
	aws_config_free(&c);
	s.region = NULL;

	/* IAM is global: one endpoint, signed for us-east-1, whatever the
	 * region; an endpoints { iam = ... } override keeps the signing region. */
	s.region = "eu-west-1";
	ok(load(&c, &s, &d), "eu-west-1 loads");
	is_str(c.endpoint[AWS_IAM].url, "https://iam.amazonaws.com", "IAM: the global endpoint");
	is_str(c.endpoint[AWS_CLOUDWATCH].url, "https://monitoring.eu-west-1.amazonaws.com", "CloudWatch: regional");
	is_str(aws_endpoint_signing_region(AWS_IAM, "eu-west-1"), "us-east-1", "IAM signed for us-east-1");
	is_str(aws_endpoint_signing_region(AWS_IAM, "us-gov-east-1"), "us-gov-west-1", "IAM in GovCloud");
	is_str(aws_endpoint_signing_region(AWS_EC2, "eu-west-1"), "eu-west-1", "EC2 signed for its region");
	aws_config_free(&c);
	s.endpoints[AWS_IAM] = "http://127.0.0.1:9/iam";
	ok(load(&c, &s, &d) && !strcmp(c.endpoint[AWS_IAM].url, "http://127.0.0.1:9/iam") &&
	   !strcmp(c.endpoint[AWS_IAM].source, "the provider's endpoints block"), "endpoints { iam = ... } overrides it");
	aws_config_free(&c);
	s.endpoints[AWS_IAM] = NULL;
	s.region = NULL;

	/* Every level of the order, set at once, then peeled off top down. */
	reset("[default]\naws_access_key_id = A\naws_secret_access_key = B\n",
	      "[default]\nregion = us-east-1\nendpoint_url = http://profile-global:1\n"
	      "services = local\nmax_attempts = 3\n"
	      "[services local]\nec2 =\n  endpoint_url = http://profile-ec2:2/\n"
	      "elastic_load_balancing =\n  endpoint_url = http://profile-elb:3\n");
	setenv("AWS_ENDPOINT_URL", "http://env-global:4", 1);
	setenv("AWS_ENDPOINT_URL_EC2", "http://env-ec2:5/base/", 1);
	s.endpoints[AWS_EC2] = "http://provider-ec2:6";
	ok(load(&c, &s, &d), "all levels load");
	is_str(c.endpoint[AWS_EC2].url, "http://provider-ec2:6", "1. provider endpoints block");
	is_str(c.endpoint[AWS_ELB].url, "http://env-global:4", "AWS_ENDPOINT_URL beats the files");
	is_int(c.max_attempts, 3, "max_attempts from the profile");
	aws_config_free(&c);
	s.endpoints[AWS_EC2] = NULL;
	ok(load(&c, &s, &d), "without the provider block");
	is_str(c.endpoint[AWS_EC2].url, "http://env-ec2:5/base", "2. AWS_ENDPOINT_URL_EC2");
	is_str(c.endpoint[AWS_EC2].host, "env-ec2:5", "host with port");
	is_str(c.endpoint[AWS_EC2].path, "/base", "path kept, trailing slash dropped");
	is_str(c.endpoint[AWS_EC2].source, "AWS_ENDPOINT_URL_EC2", "the source is named");
	aws_config_free(&c);
	unsetenv("AWS_ENDPOINT_URL_EC2");
	ok(load(&c, &s, &d) && strcmp(c.endpoint[AWS_EC2].url, "http://env-global:4") == 0,
	   "3. AWS_ENDPOINT_URL");
	aws_config_free(&c);
	unsetenv("AWS_ENDPOINT_URL");
	ok(load(&c, &s, &d), "without the environment");
	is_str(c.endpoint[AWS_EC2].url, "http://profile-ec2:2", "4. the config's services section");
	is_str(c.endpoint[AWS_ELB].url, "http://profile-elb:3", "4. … for ELB by its own key");
	is_str(c.endpoint[AWS_ASG].url, "http://profile-global:1", "5. the config's endpoint_url");
	aws_config_free(&c);
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	setenv("AWS_ENDPOINT_URL", "http://env-global:4", 1);
	s.endpoints[AWS_ASG] = "http://provider-asg:7";
	ok(load(&c, &s, &d) && strcmp(c.endpoint[AWS_EC2].url, "https://ec2.us-east-1.amazonaws.com") == 0 &&
	   strcmp(c.endpoint[AWS_ASG].url, "http://provider-asg:7") == 0,
	   "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: environment and files ignored, provider kept");
	aws_config_free(&c);
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	s.endpoints[AWS_ASG] = NULL;

	setenv("AWS_ENDPOINT_URL_AUTO_SCALING", "localhost:4566", 1);
	ok(!load(&c, &s, &d) && strstr(msg(&d), "Auto Scaling endpoint \"localhost:4566\" "
	   "(from AWS_ENDPOINT_URL_AUTO_SCALING) is not an http:// or https:// URL"),
	   "a URL without a scheme is an error naming its source");
	cl_diags_free(&d);
	unsetenv("AWS_ENDPOINT_URL_AUTO_SCALING");

	static const struct { const char *url; bool warns; } clear[] = {
		{ "http://127.0.0.1:4566", false }, { "http://localhost", false }, { "http://[::1]:9000", false },
		{ "https://emu.example.com", false }, { "http://127.0.0.1.example.com", true },
		{ "http://localhost.example.com:80", true }, { "http://10.0.0.5:4566", true },
	};
	unsetenv("AWS_ENDPOINT_URL");
	for (size_t i = 0; i < sizeof clear / sizeof *clear; i++) {
		setenv("AWS_ENDPOINT_URL", clear[i].url, 1);
		bool loaded = load(&c, &s, &d);
		bool warned = d.n == 1 && d.v[0].sev == CL_SEV_WARNING && strstr(msg(&d), "is plain http://") &&
		              strstr(hint(&d), "unencrypted");
		char name[120];
		snprintf(name, sizeof name, "%s: %s", clear[i].url,
		         clear[i].warns ? "one warning for all services, then it goes on" : "no warning");
		ok(loaded && warned == clear[i].warns, name);
		aws_config_free(&c);
		cl_diags_free(&d);
	}
	unsetenv("AWS_ENDPOINT_URL");

	/* libcurl connects to the host after "@": that host is the one checked
	 * (issue 20 finding 8; the text before the first ":" passed as loopback). */
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1@remote.example/", 1);
	ok(load(&c, &s, &d), "a URL with a user name before @ loads");
	is_str(c.endpoint[AWS_EC2].host, "remote.example", "its host is the one after @");
	is_str(c.endpoint[AWS_EC2].url, "http://remote.example", "the user name is dropped from the URL");
	bool said_at = false, said_clear = false;
	for (size_t i = 0; i < d.n; i++) {
		said_at |= strstr(d.v[i].msg, "before \"@\"") != NULL;
		said_clear |= strstr(d.v[i].msg, "is plain http://") != NULL;
	}
	ok(said_at && said_clear && d.nerrors == 0, "it is warned about: the user name, and plain http to a remote host");
	aws_config_free(&c);
	cl_diags_free(&d);
	setenv("AWS_ENDPOINT_URL", "http://127.1:4566/", 1);
	ok(load(&c, &s, &d) && d.n == 0, "http://127.1 (libcurl reads 127.0.0.1) is loopback");
	aws_config_free(&c);
	cl_diags_free(&d);
	setenv("AWS_ENDPOINT_URL", "http://[::1]:9000/base/?x=1", 1);
	ok(!load(&c, &s, &d) && strstr(msg(&d), "is not an http:// or https:// URL"), "a query string is refused");
	cl_diags_free(&d);
	unsetenv("AWS_ENDPOINT_URL");

	setenv("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt", 1);
	setenv("AWS_MAX_ATTEMPTS", "5", 1);
	ok(load(&c, &s, &d) && c.ca_bundle && strcmp(c.ca_bundle, "/etc/ssl/certs/ca-certificates.crt") == 0
	   && c.max_attempts == 5, "AWS_CA_BUNDLE and AWS_MAX_ATTEMPTS");
	aws_config_free(&c);
	cl_diags_free(&d);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(cred_path, sizeof cred_path, "%s/credentials", dir);
	snprintf(conf_path, sizeof conf_path, "%s/config", dir);
	setenv("AWS_SHARED_CREDENTIALS_FILE", cred_path, 1);
	setenv("AWS_CONFIG_FILE", conf_path, 1);
	credentials();
	missing();
	region();
	process();
	endpoints();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
