/* providers.h: which provider configuration a resource uses.  A resource
 * names one in its module ("aws", or "aws.west" from provider = aws.west);
 * module calls map their child's names to theirs (providers = { aws =
 * aws.west }), so every resource ends at one of the root module's
 * configurations.  The state records it in Terraform's form,
 * provider["registry.terraform.io/hashicorp/aws"].west. */
#ifndef CL_EXEC_PROVIDERS_H
#define CL_EXEC_PROVIDERS_H

#include "compiler/config.h"
#include "compiler/scope.h"
#include "executor/aws/client.h"

/* One client per provider configuration of the root module. */
typedef struct cl_clients {
	aws_client *dflt;              /* provider "aws" (or the environment) */
	const char **keys;             /* "aws.west", ... */
	aws_client **v;
	unsigned n;
} cl_clients;

/* The client for key ("aws", "aws.west"); NULL when there is none. */
aws_client *cl_clients_get(const cl_clients *cs, const char *key);

/* The root module's key ("aws" or "aws.west") for resource r of mi; NULL
 * (with an error in d, when d is not NULL) when the mapping names an
 * alias no provider block declares. */
const char *cl_provider_of(cl_arena *a, const cl_modinst *mi, const cl_resource *r, cl_diags *d);
/* provider["registry.terraform.io/hashicorp/aws"] or ....west, from a key. */
const char *cl_provider_state_name(cl_arena *a, const char *key);
/* The key ("aws", "aws.west") of a state provider string. */
const char *cl_provider_key(cl_arena *a, const char *state_name);
/* The root module's block for key, or NULL. */
const cl_provider *cl_provider_block(const cl_module *root, const char *key);

#endif
