/* settings.h: the provider "aws" block, as the plan evaluated it (region,
 * profile, keys, endpoints { ... } and default_tags { tags = ... }), read
 * into the wire client's aws_settings.  Evaluating it is the plan's business
 * (plan/plan.h cl_plan_provider): a provider gets values, never the DAG. */
#ifndef AWS_SETTINGS_H
#define AWS_SETTINGS_H

#include "compiler/provider_config.h"
#include "executor/aws/creds.h"

/* c NULL: no provider block.  *default_tags: the default_tags map or NULL.
 * False after an error in d. */
bool aws_settings_from_config(const cl_provider_config *c, cl_arena *a, aws_settings *s, cl_value **default_tags,
                              cl_diags *d);

#endif
