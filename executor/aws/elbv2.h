/* elbv2.h: what the Elastic Load Balancing v2 types (aws_lb, target groups,
 * listeners, rules) share: tags read by ARN, attribute tables read and
 * modified as Key/Value lists, and finding a crashed create by its identity
 * tags.  Knows no single type. */
#ifndef AWS_ELBV2_H
#define AWS_ELBV2_H

#include "executor/aws/resource.h"

/* One attribute that ELBv2 keeps in a Key/Value list: the schema's name,
 * AWS's key, its kind ('b' bool, 'n' number, 's' string), the kinds of
 * object it applies to (a mask of the caller's), and the provider's
 * default, which stands where it does not apply. */
typedef struct aws_elbv2_attr {
	const char *name, *key;
	char kind;
	unsigned applies;
	const char *dflt;
} aws_elbv2_attr;

/* action's Attributes list (DescribeLoadBalancerAttributes...) for the
 * object id_param = arn; the caller frees *root. */
bool aws_elbv2_attrs_get(aws_op *op, const char *action, const char *id_param, const char *arn, bool fresh,
                         aws_xml **root, const aws_xml **list);
/* The value of key in such a list, or NULL. */
const char *aws_elbv2_attr_value(const aws_xml *list, const char *key);
/* The attributes of t that apply to kind, from list into o. */
void aws_elbv2_attrs_read(aws_obj *o, const aws_xml *list, const aws_elbv2_attr *t, unsigned kind);
/* Sends action (ModifyLoadBalancerAttributes...) with the attributes of
 * cfg that apply to kind and differ from prior's (prior NULL: all that cfg
 * sets); extra ("key", "value" pairs, NULL-terminated) go along.  Nothing
 * to send: no call. */
bool aws_elbv2_attrs_modify(aws_op *op, const char *action, const char *id_param, const char *arn,
                            const cl_value *prior, const cl_value *cfg, const aws_elbv2_attr *t, unsigned kind,
                            const char *const *extra);
/* One object by ARN: action (DescribeLoadBalancers...) with param
 * (LoadBalancerArns.member.1...) = arn, *item its element under list_path
 * ("DescribeLoadBalancersResult/LoadBalancers"), NULL when it is gone.  The
 * caller frees *root. */
bool aws_elbv2_describe_one(aws_op *op, const char *action, const char *param, const char *arn, bool fresh,
                            const char *list_path, aws_xml **root, const aws_xml **item);
/* The ARNs of every load balancer (for what is listed per load balancer). */
bool aws_elbv2_lb_arns(aws_op *op, const char ***arns, size_t *n);
/* action (DeleteListener...) with param = prior's id; gone already is done. */
bool aws_elbv2_delete(aws_op *op, const char *action, const char *param, const cl_value *prior,
                      const char *const *busy, double timeout_s);
/* tags and tags_all of the object arn. */
bool aws_elbv2_tags(aws_op *op, aws_obj *o, const char *arn, bool fresh);
/* find: what action lists (p's filters; NULL: all) under list_path whose
 * arn_field carries op's identity tags and is not known yet; read with load. */
bool aws_elbv2_find(aws_op *op, const char *action, aws_params *p, const char *list_path, const char *arn_field,
                    aws_load_fn load, cl_value **state);
/* arn_suffix: what follows what in the ARN, after prefix
 * (":loadbalancer/", "" gives "app/web/50dc6c495c0c9188"); NULL when the
 * ARN has no what. */
const char *aws_elbv2_suffix(cl_arena *a, const char *arn, const char *what, const char *prefix);

#endif
