/* endpoint.h: the services the wire client speaks to and where each one is:
 * the AWS default URL, or an override in the AWS SDKs' order of precedence.
 * Signing always uses the real region and service name. */
#ifndef AWS_ENDPOINT_H
#define AWS_ENDPOINT_H

#include <stdbool.h>

/* AWS_ELBV2: Application and Network Load Balancers, the same signing name
 * as the classic ELB but an API of its own.  AWS_IAM: one global endpoint
 * per partition (iam.amazonaws.com), signed for the partition's home region
 * whatever the provider's region. */
typedef enum { AWS_EC2, AWS_ELB, AWS_ASG, AWS_S3, AWS_DYNAMODB, AWS_ELBV2, AWS_IAM, AWS_CLOUDWATCH,
               AWS_NSERVICES } aws_service;

typedef struct aws_service_info {
	const char *name;       /* key in the provider's endpoints {} block: "ec2", "elb", … */
	const char *display;    /* for messages: "EC2", "Elastic Load Balancing", … */
	const char *signing;    /* SigV4 service name and host prefix: "elasticloadbalancing" */
	const char *env;        /* AWS_ENDPOINT_URL_<env> */
	const char *config_key; /* key inside a config file's [services x] section */
	const char *version;    /* query-protocol API version; NULL for the others */
	bool member_lists;      /* lists are Name.member.N (Name.N for EC2) */
} aws_service_info;

extern const aws_service_info aws_services[AWS_NSERVICES];

typedef struct aws_profile aws_profile;

typedef struct aws_endpoint {
	char *url;              /* scheme://host[:port][/path], no trailing slash, no user */
	char *host;             /* host[:port], as the Host header sends it */
	char *path;             /* "/" or the URL's path */
	char source[64];        /* where the URL came from, for messages */
	bool userinfo;          /* the URL had "user:password@", dropped from url */
} aws_endpoint;

/* Picks the URL: provider endpoints{} > AWS_ENDPOINT_URL_<SERVICE> >
 * AWS_ENDPOINT_URL > config file [services] entry > config file endpoint_url
 * > https://<service>.<region>.amazonaws.com.  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * =true skips the environment and the files.  On a malformed URL returns
 * false with a message in *err (caller frees). */
bool aws_endpoint_resolve(aws_service s, const char *region, const char *provider_url,
                          const aws_profile *profile, aws_endpoint *out, char **err);
/* True for a plain http:// URL to a host other than the loopback: the
 * requests (session token included) and the responses would cross a
 * network unencrypted, which deserves a warning, never silence. */
bool aws_endpoint_cleartext(const aws_endpoint *e);
void aws_endpoint_free(aws_endpoint *e);
/* The region requests to s are signed for: region itself, or a global
 * service's home region in region's partition (IAM: us-east-1). */
const char *aws_endpoint_signing_region(aws_service s, const char *region);

#endif
