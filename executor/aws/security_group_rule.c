/* security_group_rule.c: aws_security_group_rule, one rule of a group made
 * apart from the group (ingress or egress).  AWS files a rule under its
 * (protocol, ports) permission beside others: the rule exists while that
 * permission holds all its peers.  Every argument but description replaces
 * it.  Rules take no tags: a create refused as a duplicate adopts the rule,
 * which is what a killed run made.  Import takes the provider's
 * SGID_TYPE_PROTOCOL_FROM_TO_SOURCE[_SOURCE...]. */
#include "executor/aws/security_group.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const cl_schema_attr attrs[] = {
	A_STR("security_group_id", REQ | NEW),
	A_STR("type", REQ | NEW),
	A_NUM("from_port", REQ | NEW),
	A_NUM("to_port", REQ | NEW),
	{ "protocol", CL_AT_STRING, CL_AT_STRING, REQ | NEW | CL_SA_NOCASE, NULL, NULL },
	A_LIST("cidr_blocks", OPT | NEW), A_LIST("ipv6_cidr_blocks", OPT | NEW), A_LIST("prefix_list_ids", OPT | NEW),
	A_DEF(CL_AT_BOOL, "self", NEW, "false"),
	A_STR("source_security_group_id", OPT | COMP | NEW),
	A_STR("description", OPT),
	A_ID, A_STR("security_group_rule_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* The peer kinds: attribute, describe list, field in its items. */
static const char *const peers[][3] = {
	{ "cidr_blocks", "ipRanges", "cidrIp" }, { "ipv6_cidr_blocks", "ipv6Ranges", "cidrIpv6" },
	{ "prefix_list_ids", "prefixListIds", "prefixListId" }, { "", "groups", "groupId" },
};

typedef struct rule {
	const char *gid, *type;
	bool self;
	aws_sg_perm perm;           /* peers[3]: the source group, or the group itself (self) */
} rule;

static bool from_value(aws_op *op, const cl_value *v, rule *r)
{
	memset(r, 0, sizeof *r);
	r->gid = aws_str(v, "security_group_id");
	r->type = aws_str(v, "type");
	r->perm.protocol = aws_sg_protocol(op->arena, aws_str(v, "protocol"));
	aws_int(v, "from_port", &r->perm.from);
	aws_int(v, "to_port", &r->perm.to);
	r->perm.desc = aws_str(v, "description");
	for (int k = 0; k < 3; k++)
		r->perm.n[k] = aws_strs(op->arena, v, peers[k][0], &r->perm.peers[k]);
	r->self = aws_bool(v, "self", false);
	const char *src = r->self ? r->gid : aws_str(v, "source_security_group_id");
	if (src) {
		r->perm.peers[3] = CL_NEWN(op->arena, const char *, 1);
		r->perm.peers[3][0] = src;
		r->perm.n[3] = 1;
	}
	return r->gid && r->type;
}

/* sg-1_ingress_tcp_80_80_10.0.0.0/8_sg-2_self: the provider's import id. */
static bool from_import(aws_op *op, const char *id, rule *r)
{
	memset(r, 0, sizeof *r);
	char *s = cl_arena_strdup(op->arena, id), *save = NULL;
	const char *part[5];
	for (int i = 0; i < 5; i++)
		if (!(part[i] = strtok_r(i ? NULL : s, "_", &save)))
			return false;
	r->gid = part[0], r->type = part[1];
	r->perm.protocol = aws_sg_protocol(op->arena, part[2]);
	r->perm.from = atoll(part[3]), r->perm.to = atoll(part[4]);
	for (int k = 0; k < 4; k++)
		r->perm.peers[k] = CL_NEWN(op->arena, const char *, strlen(id));
	for (const char *src; (src = strtok_r(NULL, "_", &save));) {
		int k = !strcmp(src, "self") || !strncmp(src, "sg-", 3) ? 3 : !strncmp(src, "pl-", 3) ? 2
		      : strchr(src, ':') ? 1 : 0;
		r->self |= !strcmp(src, "self");
		r->perm.peers[k][r->perm.n[k]++] = !strcmp(src, "self") ? r->gid : src;
	}
	return strcmp(r->type, "ingress") == 0 || strcmp(r->type, "egress") == 0;
}

static bool locate(aws_op *op, const cl_value *base, rule *r)
{
	if (from_value(op, base, r))
		return true;
	const char *id = aws_str(base, "id");
	if (id && from_import(op, id, r))
		return true;
	return aws_op_fail(op, "a security group rule is imported by SGID_TYPE_PROTOCOL_FROMPORT_TOPORT_SOURCE, as "
	                   "sg-0123456789abcdef0_ingress_tcp_443_443_10.0.0.0/8; got \"%s\"", id ? id : "");
}

static bool is_ingress(const rule *r)
{
	return strcmp(r->type, "egress") != 0;
}

static int by_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The provider's id: a hash of the group, ports, protocol, type and peers. */
static const char *rule_id(aws_op *op, const rule *r)
{
	cl_arena *a = op->arena;
	char *s = cl_arena_printf(a, "%s-", r->gid);
	if (r->perm.from > 0)
		s = cl_arena_printf(a, "%s%lld-", s, r->perm.from);
	if (r->perm.to > 0)
		s = cl_arena_printf(a, "%s%lld-", s, r->perm.to);
	s = cl_arena_printf(a, "%s%s-%s-", s, r->perm.protocol, r->type);
	for (int k = 0; k < 4; k++) {
		const char **v = CL_NEWN(a, const char *, r->perm.n[k] + 1);
		memcpy(v, r->perm.peers[k], r->perm.n[k] * sizeof *v);
		qsort(v, r->perm.n[k], sizeof *v, by_str);
		for (size_t i = 0; i < r->perm.n[k]; i++)
			s = cl_arena_printf(a, "%s%s-", s, v[i]);
	}
	return cl_arena_printf(a, "sgrule-%lu", crc32(0, (const unsigned char *)s, (unsigned)strlen(s)));
}

/* Does AWS's permission perm hold the rule's protocol, ports and every
 * peer?  *desc: the description AWS keeps on its first peer. */
static bool holds(aws_op *op, const aws_xml *perm, const rule *r, const char **desc)
{
	const char *proto = aws_sg_protocol(op->arena, aws_xml_str(perm, "ipProtocol"));
	long long from = 0, to = 0;
	if (strcmp(proto, r->perm.protocol))
		return false;
	if (strcmp(proto, "-1")) {
		aws_xml_int(perm, "fromPort", &from);
		aws_xml_int(perm, "toPort", &to);
		if (from != r->perm.from || to != r->perm.to)
			return false;
	}
	*desc = NULL;
	bool first = true;
	for (int k = 0; k < 4; k++)
		for (size_t i = 0; i < r->perm.n[k]; i++) {
			bool found = false;
			aws_xml_each(it, aws_xml_child(perm, peers[k][1])) {
				const char *p = aws_xml_str(it, peers[k][2]);
				if (p && !strcmp(p, r->perm.peers[k][i])) {
					found = true;
					if (first)
						*desc = aws_xml_str(it, "description");
					break;
				}
			}
			if (!found)
				return false;
			first = false;
		}
	return !first;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	rule r;
	*state = NULL;
	if (!locate(op, base, &r))
		return false;
	aws_xml *x, *g;
	if (!aws_describe_one(op, "DescribeSecurityGroups", "GroupId.1", r.gid, "securityGroupInfo", fresh, &x, &g))
		return false;
	const char *desc = NULL;
	bool there = false;
	aws_xml_each(perm, g ? aws_xml_child(g, is_ingress(&r) ? "ipPermissions" : "ipPermissionsEgress") : NULL)
		if ((there = holds(op, perm, &r, &desc)))
			break;
	if (there) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		if (!aws_str(base, "security_group_id")) {   /* an import: the arguments are the id's */
			aws_obj_str(o, "security_group_id", r.gid);
			aws_obj_str(o, "type", r.type);
			aws_obj_str(o, "protocol", r.perm.protocol);
			aws_obj_int(o, "from_port", r.perm.from);
			aws_obj_int(o, "to_port", r.perm.to);
			for (int k = 0; k < 3; k++)
				aws_obj_strs(o, peers[k][0], r.perm.peers[k], r.perm.n[k]);
			aws_obj_bool(o, "self", r.self);
			aws_obj_str(o, "source_security_group_id", r.perm.n[3] && !r.self ? r.perm.peers[3][0] : NULL);
			aws_obj_str(o, "id", rule_id(op, &r));
		}
		aws_obj_str(o, "description", desc);
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool refresh(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* after_create: a NotFound is AWS lagging behind the group's create, to be
 * waited out; a revoke's NotFound means the rule (or its group) is gone. */
static aws_params *perm_params(aws_op *op, const rule *r, bool after_create)
{
	aws_params *p = aws_op_params(AWS_EC2, after_create);
	aws_params_add(p, "GroupId", r->gid);
	aws_sg_perm_params(op, p, 1, &r->perm);
	return p;
}

static const char *action(aws_op *op, const char *verb, const rule *r)
{
	return cl_arena_printf(op->arena, "%s%s", verb, is_ingress(r) ? "Ingress" : "Egress");
}

/* Refused as a duplicate: the rule is there, made by a run that was killed
 * before it could record it (rules carry nothing that tells whose). */
static bool made_it(aws_op *op, void *ud, bool lost, const char **id)
{
	cl_value *have;
	*id = NULL;
	if (!load(op, ud, true, &have))
		return false;
	*id = have ? "" : NULL;
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	rule r;
	*state = NULL;
	from_value(op, cfg, &r);
	if (!r.perm.n[0] && !r.perm.n[1] && !r.perm.n[2] && !r.perm.n[3])
		return aws_op_fail(op, "one of cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, self or "
		                   "source_security_group_id must be set");
	if (strcmp(r.type, "ingress") && strcmp(r.type, "egress"))
		return aws_op_fail(op, "type is \"%s\": a rule's type is \"ingress\" or \"egress\"", r.type);
	static const char *const taken[] = { "InvalidPermission.Duplicate", NULL };
	aws_xml *x;
	const char *adopted;
	if (!aws_op_create(op, action(op, "AuthorizeSecurityGroup", &r), perm_params(op, &r, true), taken, made_it,
	                   (void *)cfg, &x, &adopted))
		return false;
	const aws_xml *made = x ? aws_xml_child(x, "securityGroupRuleSet") : NULL;
	const char *rid = aws_xml_count(made) == 1 ? aws_xml_str(aws_xml_first(made), "securityGroupRuleId") : NULL;
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	aws_obj_str(o, "id", rule_id(op, &r));
	aws_obj_str(o, "security_group_rule_id", rid);
	aws_xml_free(x);
	cl_value *base = aws_obj_done(o);
	if (!load(op, base, true, state))
		return false;
	return *state || aws_op_fail(op, "the rule was authorized but %s does not list it", r.gid);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	rule r;
	from_value(op, cfg, &r);
	if (!aws_op_call(op, action(op, "UpdateSecurityGroupRuleDescriptions", &r), perm_params(op, &r, true), NULL, NULL))
		return false;
	aws_obj *o = aws_obj_new(op, &schema, cfg);   /* what AWS does not list stays the prior's */
	aws_obj_str(o, "id", aws_str(prior, "id"));
	aws_obj_str(o, "security_group_rule_id", aws_str(prior, "security_group_rule_id"));
	return load(op, aws_obj_done(o), true, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	rule r;
	if (!locate(op, prior, &r))
		return false;
	r.perm.desc = NULL;
	return aws_op_delete(op, action(op, "RevokeSecurityGroup", &r), perm_params(op, &r, false), NULL, 0);
}

static const aws_ops ops = { create, refresh, update, destroy, NULL };
const cl_resource_type aws_security_group_rule_type = {
	"aws_security_group_rule", false, &schema, 1000, false, &ops, 2
};
