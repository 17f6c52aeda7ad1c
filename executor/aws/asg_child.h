/* asg_child.h: what the objects that belong to an Auto Scaling group
 * (scaling policies, scheduled actions) share: each is named within its
 * group, put by name, imported as GROUP/NAME and deleted by both. */
#ifndef AWS_ASG_CHILD_H
#define AWS_ASG_CHILD_H

#include "executor/aws/resource.h"

typedef struct aws_asg_child {
	const char *describe;      /* "DescribePolicies" */
	const char *names_param;   /* "PolicyNames.member.1" */
	const char *list_path;     /* "DescribePoliciesResult/ScalingPolicies" */
	const char *remove;        /* "DeletePolicy" */
	const char *name_param;    /* "PolicyName" */
	const char *what;          /* "policy", for messages */
} aws_asg_child;

/* The object base names (its group from autoscaling_group_name, else from
 * an import id GROUP/NAME): *item NULL when it is gone.  The caller frees
 * *root. */
bool aws_asg_child_describe(aws_op *op, const aws_asg_child *c, const cl_value *base, aws_xml **root,
                            const aws_xml **item);
/* create and update: put the configuration, then read it back as the
 * object id. */
bool aws_asg_child_put(aws_op *op, bool (*put)(aws_op *, const cl_value *),
                       bool (*read)(aws_op *, const cl_value *, cl_value **), const cl_value *cfg, const char *id,
                       cl_value **state);
bool aws_asg_child_delete(aws_op *op, const aws_asg_child *c, const cl_value *prior);

#endif
