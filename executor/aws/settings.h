/* settings.h: the provider "aws" block, evaluated: region, profile, keys,
 * endpoints { ... } and default_tags { tags = ... }, as the wire client's
 * aws_settings.  A block in a called module (a Terraform 0.11 habit) counts
 * when the root has none. */
#ifndef AWS_SETTINGS_H
#define AWS_SETTINGS_H

#include "compiler/dag.h"
#include "executor/aws/creds.h"

/* The settings of provider configuration key ("aws", or "aws.west": the
 * root module's block with that alias).  *default_tags: the default_tags
 * map or NULL.  False after an error in d. */
bool aws_settings_from_config(cl_dag *g, cl_arena *a, const char *key, aws_settings *s, cl_value **default_tags,
                              cl_diags *d);

#endif
