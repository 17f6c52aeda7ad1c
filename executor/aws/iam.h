/* iam.h: what the IAM types share (iam_role.c, iam_instance_profile.c,
 * iam_role_policy.c, iam_role_policy_attachment.c): one object by name,
 * policy documents as AWS gives them back, and finding what a killed
 * create left behind.  IAM is global: one endpoint, signed for us-east-1. */
#ifndef AWS_IAM_H
#define AWS_IAM_H

#include "executor/aws/resource.h"

/* The schema attributes roles and instance profiles share. */
#define AWS_IAM_NAMED \
	A_STR("name", OPT | COMP | NEW), A_STR("name_prefix", OPT | COMP | NEW), \
	A_DEF(CL_AT_STRING, "path", NEW, "\"/\"")
#define AWS_IAM_COMPUTED \
	A_TAGS, A_ID, A_STR("arn", COMP), A_STR("create_date", COMP), A_STR("unique_id", COMP)

/* action (GetRole) with param = name: *item the element at path under
 * the answer ("GetRoleResult/Role"), NULL when IAM says NoSuchEntity.  The
 * caller frees *root. */
bool aws_iam_get(aws_op *op, const char *action, const char *param, const char *name, bool fresh,
                 const char *path, aws_xml **root, const aws_xml **item);
/* A policy document as IAM gives it back (URL-encoded JSON) into attribute
 * name: the base's own text when it says the same policy (policy.h), so
 * that a reformatted policy is no change. */
void aws_iam_obj_policy(aws_op *op, aws_obj *o, const char *name, const char *encoded);
/* A kind of named IAM object: how one is read with its tags. */
typedef struct aws_iam_kind {
	const char *get;    /* "GetRole" */
	const char *param;  /* "RoleName": the parameter, and the name's field in lists */
	const char *path;   /* "GetRoleResult/Role" */
} aws_iam_kind;
/* *yes: the object name (of kind k) carries op's identity tags.  False on
 * a failed call; an object that is not there is not ours. */
bool aws_iam_ours(aws_op *op, const aws_iam_kind *k, const char *name, bool *yes);
/* find: the first object list_action lists under list_path that carries
 * op's identity tags and is not known yet, read through op->rt's ops. */
bool aws_iam_find(aws_op *op, const aws_iam_kind *k, const char *list_action, const char *list_path,
                  cl_value **state);
/* create's lookup (aws_lookup_fn) for an object of a fixed name taken:
 * ours when it carries our identity tags (a create whose answer was lost,
 * or a run killed before it recorded the object).  ud: an aws_iam_named. */
typedef struct aws_iam_named {
	const aws_iam_kind *kind;
	const char *name;
} aws_iam_named;
bool aws_iam_lookup(aws_op *op, void *ud, bool lost, const char **id);

#endif
