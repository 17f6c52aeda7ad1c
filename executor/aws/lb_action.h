/* lb_action.h: the actions an ELBv2 listener or listener rule takes
 * (forward, redirect, fixed response): their schema, their query
 * parameters and reading them back.  Shared by lb_listener.c and
 * lb_listener_rule.c; the authenticate_* actions are not supported. */
#ifndef AWS_LB_ACTION_H
#define AWS_LB_ACTION_H

#include "executor/aws/resource.h"

/* The first element of v's block name, or NULL when it has none. */
const cl_value *aws_lb_block(const cl_value *v, const char *name);

/* One default_action or action block. */
extern const cl_schema aws_lb_action_schema;

/* list.member.N.* (list "DefaultActions" or "Actions") from the action
 * blocks of actions (a list value). */
void aws_lb_action_params(aws_op *op, aws_params *p, const char *list, const cl_value *actions);
/* The block name of o from AWS's action list (sorted by Order), keeping
 * the base's spelling where AWS says the same thing another way. */
void aws_lb_action_read(aws_obj *o, aws_op *op, const char *name, const aws_xml *list);

#endif
