/* creds.h: from the provider block's settings, the environment and the
 * shared AWS files to one resolved aws_config: credentials, region,
 * endpoints, CA bundle, retry limit.  Nothing here talks to AWS. */
#ifndef AWS_CREDS_H
#define AWS_CREDS_H

#include "executor/aws/endpoint.h"
#include "util/diag.h"

#include <time.h>

/* What the provider block said; NULL or 0 where it said nothing. */
typedef struct aws_settings {
	const char *region, *profile, *access_key, *secret_key, *token;
	const char *endpoints[AWS_NSERVICES];   /* endpoints { ec2 = "…" } */
	int max_attempts;
	cl_range at;                            /* the block, for diagnostics */
} aws_settings;

typedef struct aws_creds {
	char *access_key, *secret_key, *token;   /* token may be NULL */
	time_t expires;                          /* 0: never */
} aws_creds;

typedef struct aws_config {
	aws_creds creds;
	char *creds_source;         /* "environment variables AWS_ACCESS_KEY_ID/…", … */
	char *profile;              /* the profile consulted ("default" when none named) */
	char *credential_process;   /* rerun when the credentials expire; else NULL */
	char *region;
	aws_endpoint endpoint[AWS_NSERVICES];
	char *ca_bundle;            /* AWS_CA_BUNDLE or the profile's ca_bundle; NULL */
	int max_attempts;
} aws_config;

/* Credentials: provider block > a profile the provider names > environment
 * > profile (AWS_PROFILE or "default": keys, then credential_process).
 * Region: provider > AWS_REGION > AWS_DEFAULT_REGION > profile.  When
 * something is missing, one error that lists every place looked. */
bool aws_config_load(aws_config *cfg, const aws_settings *s, cl_diags *d);
void aws_config_free(aws_config *cfg);
/* Fresh credentials from cfg's credential_process into out (which the
 * caller frees with aws_creds_free); false with *err (caller frees). */
bool aws_creds_refresh(const aws_config *cfg, aws_creds *out, char **err);
void aws_creds_copy(aws_creds *to, const aws_creds *from);
void aws_creds_free(aws_creds *c);

#endif
