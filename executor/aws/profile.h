/* profile.h: one named profile read from the shared AWS files
 * (~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE and
 * AWS_CONFIG_FILE), including its [services x] section.  Reads; decides nothing. */
#ifndef AWS_PROFILE_H
#define AWS_PROFILE_H

#include <stdbool.h>

typedef struct aws_profile_entry aws_profile_entry;

typedef struct aws_profile {
	char *name;
	char *credentials_path, *config_path;
	bool credentials_found, config_found;   /* file could be read */
	bool in_credentials, in_config;          /* the profile has a section there */
	aws_profile_entry *entries;              /* credentials file first: it wins */
	aws_profile_entry *services;             /* the [services x] section it names */
} aws_profile;

/* Never fails: a missing file or section is recorded, not an error. */
void aws_profile_load(aws_profile *p, const char *name);
const char *aws_profile_get(const aws_profile *p, const char *key);
/* A service's setting in the [services x] section: ("ec2", "endpoint_url"). */
const char *aws_profile_service_get(const aws_profile *p, const char *service,
                                    const char *key);
void aws_profile_free(aws_profile *p);

#endif
