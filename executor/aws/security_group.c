/* security_group.c: aws_security_group with inline ingress and egress rules.
 * Like Terraform it revokes the allow-all egress rule AWS adds to a new
 * group, so the group allows exactly what the configuration says.  Rules are
 * compared as AWS stores them (one per protocol, ports and peer), so a
 * configuration that groups them differently, or spells "TCP" or "6" for
 * "tcp", reads back as written. */
#include "executor/aws/security_group.h"

#include <ctype.h>
#include <string.h>

static const cl_schema_attr rule_attrs[] = {
	A_NUM("from_port", REQ), A_NUM("to_port", REQ),
	{ "protocol", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_NOCASE, NULL, NULL },
	A_LIST("cidr_blocks", OPT), A_LIST("ipv6_cidr_blocks", OPT), A_LIST("prefix_list_ids", OPT),
	A_SET("security_groups", OPT), A_DEF(CL_AT_BOOL, "self", 0, "false"),
	A_STR("description", OPT),
	A_END
};
static const cl_schema rule = { rule_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "ingress", CL_NEST_SET, 0, 0, COMP, &rule },
	{ "egress", CL_NEST_SET, 0, 0, COMP, &rule },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | COMP | NEW),
	A_DEF(CL_AT_STRING, "description", NEW, "\"Managed by Terraform\""),   /* the provider's default: a Terraform state keeps it */
	A_STR("vpc_id", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "revoke_rules_on_delete", 0, "false"),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

static const char *const directions[][3] = {
	/* block, describe list, API suffix */
	{ "ingress", "ipPermissions", "Ingress" }, { "egress", "ipPermissionsEgress", "Egress" },
};

/* "TCP", "6" -> "tcp"; "all", "-1" -> "-1". */
static const char *protocol(cl_arena *a, const char *p)
{
	static const char *const numbers[][2] = { { "6", "tcp" }, { "17", "udp" }, { "1", "icmp" },
	                                          { "58", "icmpv6" }, { "all", "-1" } };
	char *l = cl_arena_strdup(a, p ? p : "");
	for (char *c = l; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		if (strcmp(l, numbers[i][0]) == 0)
			return numbers[i][1];
	return l;
}

/* Every (protocol, ports, peer, description) of a rule set as strings: what
 * AWS stores, however the rules were grouped. */
static cl_value *canon(aws_op *op, const cl_value *rules)
{
	cl_arena *a = op->arena;
	size_t cap = 16, n = 0;
	cl_value **out = CL_NEWN(a, cl_value *, cap);
	static const char *const peers[] = { "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups" };
	for (uint32_t i = 0; cl_value_is_seq(rules) && i < rules->n; i++) {
		const cl_value *r = rules->u.c.v[i];
		const char *proto = protocol(a, aws_str(r, "protocol")), *desc = aws_str(r, "description");
		long long from = 0, to = 0;
		if (strcmp(proto, "-1")) {
			aws_int(r, "from_port", &from);
			aws_int(r, "to_port", &to);
		}
		for (size_t k = 0; k <= 4; k++) {
			const char **peer, *self = "self";
			size_t np = k < 4 ? aws_strs(a, r, peers[k], &peer) : aws_bool(r, "self", false);
			if (k == 4)
				peer = &self;
			for (size_t j = 0; j < np; j++) {
				if (n == cap)
					out = cl_arena_realloc(a, out, cap * sizeof *out, 2 * cap * sizeof *out), cap *= 2;
				out[n++] = cl_value_cstr(a, cl_arena_printf(a, "%s|%lld|%lld|%zu|%s|%s", proto, from, to, k,
				                                            peer[j], desc ? desc : ""));
			}
		}
	}
	return cl_value_set(a, &cl_type_string, out, (uint32_t)n);
}

/* Rules as Terraform reads them: one per protocol, ports and description,
 * its peers grouped; the group itself as a peer is self = true. */
static cl_value **read_rules(aws_op *op, const char *gid, const aws_xml *perms, size_t *n)
{
	cl_arena *a = op->arena;
	size_t cap = 4 * aws_xml_count(perms) + 4;
	cl_value **out = CL_NEWN(a, cl_value *, cap);
	static const char *const peers[][3] = {
		{ "ipRanges", "cidrIp", "cidr_blocks" }, { "ipv6Ranges", "cidrIpv6", "ipv6_cidr_blocks" },
		{ "prefixListIds", "prefixListId", "prefix_list_ids" }, { "groups", "groupId", "security_groups" },
	};
	*n = 0;
	aws_xml_each(perm, perms) {
		const char *descs[64];
		size_t nd = 0;
		for (size_t k = 0; k < 4; k++)
			aws_xml_each(it, aws_xml_child(perm, peers[k][0])) {
				const char *d = aws_xml_str(it, "description");
				d = d ? d : "";
				size_t j = 0;
				while (j < nd && strcmp(descs[j], d))
					j++;
				if (j == nd && nd < 64)
					descs[nd++] = d;
			}
		for (size_t j = 0; j < nd && *n < cap; j++) {
			aws_obj *o = aws_obj_new(op, &rule, NULL);
			const char *proto = protocol(a, aws_xml_str(perm, "ipProtocol"));
			aws_obj_str(o, "protocol", proto);
			aws_obj_x(o, "from_port", perm, "fromPort");
			aws_obj_x(o, "to_port", perm, "toPort");
			if (!strcmp(proto, "-1") || !aws_obj_get(o, "from_port"))
				aws_obj_int(o, "from_port", 0), aws_obj_int(o, "to_port", 0);
			aws_obj_str(o, "description", descs[j]);
			aws_obj_bool(o, "self", false);
			for (size_t k = 0; k < 4; k++) {
				const aws_xml *list = aws_xml_child(perm, peers[k][0]);
				const char **v = CL_NEWN(a, const char *, aws_xml_count(list) + 1);
				size_t nv = 0;
				aws_xml_each(it, list) {
					const char *d = aws_xml_str(it, "description"), *peer = aws_xml_str(it, peers[k][1]);
					if (strcmp(d ? d : "", descs[j]) || !peer)
						continue;
					if (k == 3 && strcmp(peer, gid) == 0)
						aws_obj_bool(o, "self", true);
					else
						v[nv++] = cl_arena_strdup(a, peer);
				}
				aws_obj_strs(o, peers[k][2], v, nv);
			}
			out[(*n)++] = aws_obj_done(o);
		}
	}
	return out;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *id = aws_str(base, "id");
	aws_xml *x, *g;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeSecurityGroups", "GroupId.1", id, "securityGroupInfo", fresh, &x, &g))
		return false;
	if (g) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", g, "groupId");
		aws_obj_x(o, "name", g, "groupName");
		aws_obj_x(o, "description", g, "groupDescription");
		aws_obj_x(o, "vpc_id", g, "vpcId");
		aws_obj_x(o, "owner_id", g, "ownerId");
		for (int d = 0; d < 2; d++) {
			size_t n;
			cl_value **rules = read_rules(op, id, aws_xml_child(g, directions[d][1]), &n);
			aws_obj_block(o, directions[d][0], rules, n, canon);
		}
		aws_obj_tags_xml(o, aws_xml_child(g, "tagSet"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

void aws_sg_perm_params(aws_op *op, aws_params *p, size_t i, const aws_sg_perm *perm)
{
	static const char *const peers[][2] = {
		{ "IpRanges", "CidrIp" }, { "Ipv6Ranges", "CidrIpv6" }, { "PrefixListIds", "PrefixListId" },
		{ "Groups", "GroupId" },
	};
	aws_params_addf(p, cl_arena_printf(op->arena, "IpPermissions.%zu.IpProtocol", i), "%s",
	                protocol(op->arena, perm->protocol));
	aws_params_addf(p, cl_arena_printf(op->arena, "IpPermissions.%zu.FromPort", i), "%lld", perm->from);
	aws_params_addf(p, cl_arena_printf(op->arena, "IpPermissions.%zu.ToPort", i), "%lld", perm->to);
	for (size_t k = 0; k < 4; k++)
		for (size_t j = 0; j < perm->n[k]; j++) {
			const char *key = cl_arena_printf(op->arena, "IpPermissions.%zu.%s.%zu.", i, peers[k][0], j + 1);
			aws_params_add(p, cl_arena_printf(op->arena, "%s%s", key, peers[k][1]), perm->peers[k][j]);
			if (perm->desc)
				aws_params_add(p, cl_arena_printf(op->arena, "%sDescription", key), perm->desc);
		}
}

const char *aws_sg_protocol(cl_arena *a, const char *p)
{
	return protocol(a, p);
}

/* IpPermissions.N of the rules; an "all" rule still sends its ports, which AWS ignores. */
static void permissions(aws_op *op, aws_params *p, const char *gid, cl_value **rules, size_t n)
{
	static const char *const peers[] = { "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups" };
	for (size_t i = 0; i < n; i++) {
		const cl_value *r = rules[i];
		aws_sg_perm perm = { aws_str(r, "protocol"), 0, 0, aws_str(r, "description"), { 0 }, { 0 } };
		aws_int(r, "from_port", &perm.from);
		aws_int(r, "to_port", &perm.to);
		for (size_t k = 0; k < 4; k++) {
			perm.n[k] = aws_strs(op->arena, r, peers[k], &perm.peers[k]);
			if (k == 3 && aws_bool(r, "self", false)) {
				const char **w = CL_NEWN(op->arena, const char *, perm.n[k] + 2);
				memcpy(w, perm.peers[k], perm.n[k] * sizeof *w);
				w[perm.n[k]++] = gid;
				perm.peers[k] = w;
			}
		}
		aws_sg_perm_params(op, p, i + 1, &perm);
	}
}

/* Authorize or revoke rules of one direction. */
static bool rules_call(aws_op *op, const char *gid, const char *verb, int d, cl_value **rules, size_t n)
{
	if (!n)
		return true;
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "GroupId", gid);
	permissions(op, p, gid, rules, n);
	return aws_op_call(op, cl_arena_printf(op->arena, "%sSecurityGroup%s", verb, directions[d][2]), p, NULL, NULL);
}

/* Revoke what the configuration no longer has, then authorize what is new. */
static bool sync_rules(aws_op *op, const char *gid, const cl_value *prior, const cl_value *cfg)
{
	for (int d = 0; d < 2; d++) {
		const cl_value *had = cl_value_get(prior, directions[d][0]), *want = cl_value_get(cfg, directions[d][0]);
		if (!cl_value_is_wholly_known(want) || cl_value_equal(canon(op, had), canon(op, want)) == 1)
			continue;
		cl_value **gone, **added;
		size_t ng = aws_values_minus(op->arena, had, want, &gone);
		size_t na = aws_values_minus(op->arena, want, had, &added);
		if (!rules_call(op, gid, "Revoke", d, gone, ng) || !rules_call(op, gid, "Authorize", d, added, na))
			return false;
	}
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "GroupName", name);
	aws_params_add(p, "GroupDescription", aws_str(cfg, "description"));
	if (aws_str(cfg, "vpc_id"))
		aws_params_add(p, "VpcId", aws_str(cfg, "vpc_id"));
	aws_tags_spec(op, p, "security-group", cfg);
	static const char *const taken[] = { "InvalidGroup.Duplicate", NULL };
	*state = NULL;
	const char *id = aws_op_create_id(op, "CreateSecurityGroup", p, "groupId", taken, NULL, NULL);
	if (!id)
		return false;
	cl_value *made;
	bool ok = load(op, aws_with_id(op, NULL, id), true, &made);
	if (ok && !made)
		return aws_op_fail(op, "security group %s vanished right after its creation", id);
	/* no rule blocks on create means no rules: the default egress goes too */
	ok = ok && sync_rules(op, id, made, aws_with_id(op, cfg, id));
	return aws_created(op, ok, cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (!sync_rules(op, id, prior, cfg) || !aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "DependencyViolation", "InvalidGroup.InUse", NULL };
	const char *id = aws_str(prior, "id");
	if (aws_bool(prior, "revoke_rules_on_delete", false)) {
		cl_value *now;
		if (!load(op, prior, false, &now))
			return false;
		if (!now)
			return true;
		cl_value *none = aws_obj_done(aws_obj_new(op, &schema, NULL));
		if (!sync_rules(op, id, now, none))
			return false;
	}
	return aws_delete_ec2(op, "DeleteSecurityGroup", "GroupId", id, busy, 900);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeSecurityGroups", NULL, "securityGroupInfo", "groupId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_security_group_type = { "aws_security_group", false, &schema, 3000, false, &ops, 1 };
