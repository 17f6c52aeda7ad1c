/* autoscaling_group.h: what autoscaling_group.c (the resource type, its
 * rollouts and destroy) and autoscaling_capacity.c (waiting for capacity)
 * share; no other file includes it.  Answers live in op->arena. */
#ifndef CL_AWS_AUTOSCALING_GROUP_H
#define CL_AWS_AUTOSCALING_GROUP_H

#include "executor/aws/resource.h"

/* The group by name into *root (the caller frees it): *g NULL when there is
 * none (or it is being deleted, unless deleting is true). */
bool aws_asg_describe(aws_op *op, const char *name, bool deleting, aws_xml **root, const aws_xml **g);
/* wait_for_capacity_timeout in milliseconds; read before any call, so a
 * malformed one fails the operation before a group exists. */
bool aws_asg_capacity_timeout(aws_op *op, const cl_value *cfg, long *ms);
/* Waits until the group named has the capacity cfg asks for: desired (or
 * min) InService, and wait_for_elb_capacity (on create, min_elb_capacity)
 * in each ELB.  *gave_up: the timeout passed (not an error, not an
 * interrupt). */
bool aws_asg_wait_capacity(aws_op *op, const char *name, const cl_value *cfg, long timeout_ms, bool creating,
                           bool *gave_up);

#endif
