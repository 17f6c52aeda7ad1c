/* security_group.h: what the rule types (security_group_rule.c,
 * vpc_security_group_rule.c) share with security_group.c: a protocol as AWS
 * stores it, and one IpPermissions.N parameter set. */
#ifndef AWS_SECURITY_GROUP_H
#define AWS_SECURITY_GROUP_H

#include "executor/aws/resource.h"

/* "TCP", "6" -> "tcp"; "all", "-1" -> "-1". */
const char *aws_sg_protocol(cl_arena *a, const char *p);

/* One permission: its peers by kind (CIDR, IPv6 CIDR, prefix list, group). */
typedef struct aws_sg_perm {
	const char *protocol;
	long long from, to;
	const char *desc;           /* NULL: none */
	const char **peers[4];
	size_t n[4];
} aws_sg_perm;
/* IpPermissions.i.* (i from 1); an "all" rule still sends its ports, which AWS ignores. */
void aws_sg_perm_params(aws_op *op, aws_params *p, size_t i, const aws_sg_perm *perm);

#endif
