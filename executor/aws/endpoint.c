/* endpoint.c: the service table and the choice of each service's URL.
 * The order follows the AWS SDKs' "service-specific endpoints" setting;
 * nothing here opens a connection. */
#include "executor/aws/endpoint.h"
#include "executor/aws/profile.h"
#include "util/fatal.h"

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

/* Splits scheme://host[:port][/path] into host and path. */
static bool split_url(const char *url, aws_endpoint *out)
{
	const char *h;
	if (strncmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		h = url + 7;
	else
		return false;
	size_t hl = strcspn(h, "/?#");
	if (hl == 0 || h[hl] == '?' || h[hl] == '#')
		return false;
	size_t ul = strlen(url);
	while (ul > (size_t)(h - url) + hl && url[ul - 1] == '/')
		ul--;                         /* "http://x/" and "http://x" are one endpoint */
	out->url = cl_xstrndup(url, ul);
	out->host = cl_xstrndup(h, hl);
	out->path = h[hl] == '/' && (size_t)(h - url) + hl < ul
	            ? cl_xstrndup(h + hl, ul - (size_t)(h - url) - hl) : cl_xstrdup("/");
	return true;
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
	if (!url) {
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
