/* endpoint.c: the service table and the choice of each service's URL.
 * The order follows the AWS SDKs' "service-specific endpoints" setting;
 * nothing here opens a connection. */
#include "executor/aws/endpoint.h"
#include "executor/aws/profile.h"
#include "util/fatal.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const aws_service_info aws_services[AWS_NSERVICES] = {
	[AWS_EC2] = { "ec2", "EC2", "ec2", "EC2", "ec2", "2016-11-15", false },
	[AWS_ELB] = { "elb", "Elastic Load Balancing", "elasticloadbalancing",
	              "ELASTIC_LOAD_BALANCING", "elastic_load_balancing", "2012-06-01", true },
	[AWS_ASG] = { "autoscaling", "Auto Scaling", "autoscaling", "AUTO_SCALING",
	              "auto_scaling", "2011-01-01", true },
	[AWS_S3] = { "s3", "S3", "s3", "S3", "s3", NULL, false },
	[AWS_DYNAMODB] = { "dynamodb", "DynamoDB", "dynamodb", "DYNAMODB", "dynamodb", NULL, false },
	[AWS_ELBV2] = { "elbv2", "Elastic Load Balancing v2", "elasticloadbalancing",
	                "ELASTIC_LOAD_BALANCING_V2", "elastic_load_balancing_v2", "2015-12-01", true },
	[AWS_IAM] = { "iam", "IAM", "iam", "IAM", "iam", "2010-05-08", true },
	[AWS_CLOUDWATCH] = { "cloudwatch", "CloudWatch", "monitoring", "CLOUDWATCH", "cloudwatch", "2010-08-01", true },
};

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static bool truthy(const char *v)
{
	return v && strcasecmp(v, "true") == 0;
}

/* The part of a URL named, or NULL when it has none (caller frees). */
static char *part(CURLU *u, CURLUPart what)
{
	char *v = NULL;
	return curl_url_get(u, what, &v, 0) == CURLUE_OK ? v : NULL;
}

static char *dup_trimmed(const char *s, size_t keep)
{
	size_t n = strlen(s);
	while (n > keep && s[n - 1] == '/')
		n--;                          /* "http://x/" and "http://x" are one endpoint */
	return cl_xstrndup(s, n);
}

/* Splits scheme://host[:port][/path] with libcurl's own URL parser, so that
 * the host checked (loopback or not) is the one libcurl connects to: in
 * "http://127.0.0.1:1@remote.example/" it is remote.example, the rest a
 * user name and password, which are dropped (requests are signed, never
 * sent with basic credentials). */
static bool split_url(const char *url, aws_endpoint *out)
{
	CURLU *u = curl_url();
	if (!u)
		cl_fatal_oom();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL, *frag = NULL;
	bool ok = curl_url_set(u, CURLUPART_URL, url, CURLU_PATH_AS_IS) == CURLUE_OK &&
	          (scheme = part(u, CURLUPART_SCHEME)) && (!strcmp(scheme, "http") || !strcmp(scheme, "https")) &&
	          (host = part(u, CURLUPART_HOST)) && *host &&
	          !(query = part(u, CURLUPART_QUERY)) && !(frag = part(u, CURLUPART_FRAGMENT));
	if (ok) {
		port = part(u, CURLUPART_PORT);
		path = part(u, CURLUPART_PATH);
		char *user = part(u, CURLUPART_USER), *password = part(u, CURLUPART_PASSWORD);
		out->userinfo = user || password;
		curl_free(user);
		curl_free(password);
		char *clean = NULL;
		if (out->userinfo) {
			curl_url_set(u, CURLUPART_USER, NULL, 0);
			curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
			clean = part(u, CURLUPART_URL);
		}
		out->url = dup_trimmed(clean ? clean : url, strlen(scheme) + 3);
		curl_free(clean);
		size_t n = strlen(host) + (port ? strlen(port) + 1 : 0) + 1;
		out->host = cl_xmalloc(n);
		snprintf(out->host, n, "%s%s%s", host, port ? ":" : "", port ? port : "");
		out->path = dup_trimmed(path && *path ? path : "/", 1);
	}
	curl_free(scheme), curl_free(host), curl_free(port), curl_free(path), curl_free(query), curl_free(frag);
	curl_url_cleanup(u);
	return ok;
}

bool aws_endpoint_resolve(aws_service s, const char *region, const char *provider_url,
                          const aws_profile *profile, aws_endpoint *out, char **err)
{
	const aws_service_info *si = &aws_services[s];
	memset(out, 0, sizeof *out);
	char envname[48];
	snprintf(envname, sizeof envname, "AWS_ENDPOINT_URL_%s", si->env);
	bool ignore = truthy(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
	              truthy(aws_profile_get(profile, "ignore_configured_endpoint_urls"));
	const char *url = NULL, *v, *src = NULL;

	if (provider_url && *provider_url)
		url = provider_url, src = "the provider's endpoints block";
	else if (!ignore && (v = env(envname)))
		url = v, src = envname;
	else if (!ignore && (v = env("AWS_ENDPOINT_URL")))
		url = v, src = "AWS_ENDPOINT_URL";
	else if (!ignore && (v = aws_profile_service_get(profile, si->config_key, "endpoint_url")))
		url = v, src = "the config file's services section";
	else if (!ignore && (v = aws_profile_get(profile, "endpoint_url")))
		url = v, src = "the config file's endpoint_url";

	char def[256];
	if (!url && s == AWS_IAM) {
		/* The global endpoint of the region's partition. */
		const char *home = aws_endpoint_signing_region(s, region);
		if (!strcmp(home, "us-east-1"))
			snprintf(def, sizeof def, "https://iam.amazonaws.com");
		else if (!strncmp(home, "cn-", 3))
			snprintf(def, sizeof def, "https://iam.%s.amazonaws.com.cn", home);
		else
			snprintf(def, sizeof def, "https://iam.us-gov.amazonaws.com");
		url = def;
		src = "the global endpoint";
	} else if (!url) {
		snprintf(def, sizeof def, "https://%s.%s.amazonaws.com%s", si->signing, region,
		         strncmp(region, "cn-", 3) == 0 ? ".cn" : "");
		url = def;
		src = "the default for the region";
	}
	snprintf(out->source, sizeof out->source, "%s", src);
	if (!split_url(url, out)) {
		size_t n = strlen(url) + 200;
		*err = cl_xmalloc(n);
		snprintf(*err, n, "%s endpoint \"%s\" (from %s) is not an http:// or https:// URL",
		         si->display, url, out->source);
		return false;
	}
	return true;
}

const char *aws_endpoint_signing_region(aws_service s, const char *region)
{
	if (s != AWS_IAM || !region)
		return region;
	if (!strncmp(region, "cn-", 3))
		return "cn-north-1";
	return !strncmp(region, "us-gov-", 7) ? "us-gov-west-1" : "us-east-1";
}

/* Loopback: localhost, 127.0.0.0/8 or [::1], with or without a port. */
static bool loopback(const char *host)
{
	size_t n = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":");
	if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
		return true;
	if (n == 5 && strncmp(host, "[::1]", 5) == 0)
		return true;
	unsigned a, b, c, d;
	char end;
	char ip[16];
	if (n >= sizeof ip)
		return false;
	memcpy(ip, host, n);
	ip[n] = 0;
	return sscanf(ip, "%u.%u.%u.%u%c", &a, &b, &c, &d, &end) == 4 && a == 127 && b < 256 && c < 256 && d < 256;
}

bool aws_endpoint_cleartext(const aws_endpoint *e)
{
	return strncmp(e->url, "http://", 7) == 0 && !loopback(e->host);
}

void aws_endpoint_free(aws_endpoint *e)
{
	free(e->url);
	free(e->host);
	free(e->path);
	memset(e, 0, sizeof *e);
}
