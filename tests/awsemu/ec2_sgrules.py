"""Security group rules of the emulator: every rule a group holds is one atomic rule with its
own SecurityGroupRuleId (as AWS has had since 2021): Authorize*/Revoke* (by permission or by
rule id), DescribeSecurityGroupRules and ModifySecurityGroupRules. A rule is the tuple
(protocol, from, to, kind, target, description, rule id); the groups live in ec2.py."""

import re

from ec2 import ACTIONS, PROTOCOLS, action, find_group, get, ok, parse_cidr, set_tag
from protocol import AwsError, apply_filters, paginate
from world import ACCOUNT


def check_ports(raw, lo, hi):
    """(protocol, from, to) as AWS stores them, or its error."""
    proto = PROTOCOLS.get((raw or "").lower())
    if proto is None:
        raise AwsError("InvalidParameterValue",
                       f"Invalid value '{raw}' for IP protocol. Unknown protocol.")
    if proto == "-1":
        return proto, None, None
    if proto in ("tcp", "udp"):
        if lo is None or hi is None:
            raise AwsError("InvalidParameterValue", "Invalid value for portRange. Must "
                           "specify both from and to ports with TCP/UDP.")
        if not (0 <= lo <= 65535 and 0 <= hi <= 65535) or lo > hi:
            raise AwsError("InvalidParameterValue", f"Invalid value for portRange. "
                           f"From port ({lo}) must not be greater than to port ({hi}) "
                           "and both must be in 0..65535.")
    return proto, lo, hi


def group_target(w, g, gid):
    ref = get(w, "sg", gid)
    if ref["vpc"] != g["vpc"]:
        raise AwsError("InvalidGroup.NotFound", "You have specified two resources "
                       "that belong to different networks.")
    return ref["id"]


def parse_rules(w, p, g):
    """Atomic rules (without ids) from IpPermissions.N.* (or the legacy top-level fields)."""
    perms = p.structs("IpPermissions")
    if not perms and p.str("IpProtocol"):
        legacy = {"IpProtocol": p.str("IpProtocol")}
        for k in ("FromPort", "ToPort"):
            if p.str(k) is not None:
                legacy[k] = p.str(k)
        if p.str("CidrIp"):
            legacy["IpRanges.1.CidrIp"] = p.str("CidrIp")
        perms = [type(p)(legacy)]
    if not perms:
        raise AwsError("MissingParameter", "The request must contain the parameter "
                       "ipPermissions")
    rules = []
    for perm in perms:
        proto, lo, hi = check_ports(perm.str("IpProtocol", required=True), perm.int("FromPort"),
                                    perm.int("ToPort"))
        targets = []
        for r in perm.structs("IpRanges"):
            cidr = r.str("CidrIp", required=True)
            targets.append(("cidr", str(parse_cidr(cidr, "cidrIp")), r.str("Description")))
        for r in perm.structs("Ipv6Ranges"):
            targets.append(("cidr6", r.str("CidrIpv6", required=True), r.str("Description")))
        for r in perm.structs("Groups") + perm.structs("UserIdGroupPairs"):
            targets.append(("group", group_target(w, g, r.str("GroupId", required=True)),
                            r.str("Description")))
        if not targets:
            raise AwsError("InvalidParameterValue", "The request must contain at least one "
                           "of CidrIp, Ipv6Ranges, or a source security group")
        rules += [(proto, lo, hi, kind, t, d) for kind, t, d in targets]
    return rules


def same_rule(a, b):
    return a[:5] == b[:5]


def describe_rule(r):
    proto = {"-1": "ALL"}.get(r[0], r[0].upper())
    ports = "" if r[0] == "-1" else f", from port: {r[1]}, to port: {r[2]}"
    return f'peer: {r[4]}, {proto}{ports}, ALLOW'


def render_rule(w, g, direction, r):
    proto, lo, hi, kind, target, desc, rid = r
    out = {"securityGroupRuleId": rid, "groupId": g["id"], "groupOwnerId": ACCOUNT,
           "isEgress": direction == "egress", "ipProtocol": proto,
           # the rules API, unlike IpPermissions, says -1 for "all ports"
           "fromPort": -1 if lo is None else lo, "toPort": -1 if hi is None else hi}
    if kind == "cidr":
        out["cidrIpv4"] = target
    elif kind == "cidr6":
        out["cidrIpv6"] = target
    else:
        out["referencedGroupInfo"] = {"groupId": target, "userId": ACCOUNT}
    out.update(description=desc, tagSet=w.tag_list(rid))
    return out


def all_rules(w):
    """(group, direction, rule) for every rule of every group."""
    return [(g, d, r) for g in w.sgs.values() if not w.fresh(g["id"])
            for d in ("ingress", "egress") for r in g[d]]


def find_rule(w, rid):
    if not re.fullmatch(r"sgr-[0-9a-f]+", rid or ""):
        raise AwsError("InvalidSecurityGroupRuleId.Malformed", f"The security group rule ID "
                       f"'{rid}' is malformed")
    for g, d, r in all_rules(w):
        if r[6] == rid:
            return g, d, r
    raise AwsError("InvalidSecurityGroupRuleId.NotFound", f"The security group rule ID "
                   f"'{rid}' does not exist")


def authorize(direction):
    def handler(w, p, ctx):
        g = find_group(w, p)
        rules = parse_rules(w, p, g)
        for n, r in enumerate(rules):
            if any(same_rule(r, x) for x in g[direction] + rules[:n]):
                raise AwsError("InvalidPermission.Duplicate",
                               f'the specified rule "{describe_rule(r)}" already exists')
        added = [r + (w.new_id("sgr"),) for r in rules]
        for r in added:
            for spec in p.structs("TagSpecification"):
                if spec.str("ResourceType") == "security-group-rule":
                    for t in spec.structs("Tag"):
                        set_tag(w, r[6], t.str("Key", required=True), t.str("Value", ""))
        g[direction].extend(added)
        return {"return": True,
                "securityGroupRuleSet": [render_rule(w, g, direction, r) for r in added]}
    return handler


def revoke(direction):
    def handler(w, p, ctx):
        g = find_group(w, p)
        ids = p.list("SecurityGroupRuleId")
        if ids:
            for rid in ids:
                owner, d, _ = find_rule(w, rid)
                if owner is not g or d != direction:
                    raise AwsError("InvalidSecurityGroupRuleId.NotFound", f"The security "
                                   f"group rule ID '{rid}' does not exist in {g['id']} "
                                   f"({direction})")
            g[direction] = [x for x in g[direction] if x[6] not in ids]
            for rid in ids:
                w.tags.pop(rid, None)
            return ok()
        rules = parse_rules(w, p, g)
        for r in rules:
            if not any(same_rule(r, x) for x in g[direction]):
                raise AwsError("InvalidPermission.NotFound", "The specified rule does not "
                               "exist in this security group.")
        gone = [x for x in g[direction] if any(same_rule(r, x) for r in rules)]
        g[direction] = [x for x in g[direction] if x not in gone]
        for x in gone:
            w.tags.pop(x[6], None)
        return ok()
    return handler


ACTIONS["AuthorizeSecurityGroupIngress"] = authorize("ingress")
ACTIONS["AuthorizeSecurityGroupEgress"] = authorize("egress")
ACTIONS["RevokeSecurityGroupIngress"] = revoke("ingress")
ACTIONS["RevokeSecurityGroupEgress"] = revoke("egress")


def describe_rules(direction):
    """UpdateSecurityGroupRuleDescriptions{Ingress,Egress}: by rule id, or by permission
    (the rule as authorized, with its new description)."""
    def handler(w, p, ctx):
        g = find_group(w, p)
        by_id = {d.str("SecurityGroupRuleId", required=True): d.str("Description")
                 for d in p.structs("SecurityGroupRuleDescription")}
        if by_id:
            for rid in by_id:
                owner, d, _ = find_rule(w, rid)
                if owner is not g or d != direction:
                    raise AwsError("InvalidSecurityGroupRuleId.NotFound", f"The security "
                                   f"group rule ID '{rid}' does not exist in {g['id']} "
                                   f"({direction})")
            g[direction] = [x[:5] + (by_id[x[6]], x[6]) if x[6] in by_id else x
                            for x in g[direction]]
            return ok()
        rules = parse_rules(w, p, g)
        for r in rules:
            if not any(same_rule(r, x) for x in g[direction]):
                raise AwsError("InvalidPermission.NotFound", "The specified rule does not "
                               "exist in this security group.")
        g[direction] = [next((x[:5] + (r[5], x[6]) for r in rules if same_rule(r, x)), x)
                        for x in g[direction]]
        return ok()
    return handler


ACTIONS["UpdateSecurityGroupRuleDescriptionsIngress"] = describe_rules("ingress")
ACTIONS["UpdateSecurityGroupRuleDescriptionsEgress"] = describe_rules("egress")


@action("DescribeSecurityGroupRules")
def describe_security_group_rules(w, p, ctx):
    ids = p.list("SecurityGroupRuleId")
    rows = [find_rule(w, rid) for rid in ids] if ids else all_rules(w)
    rows = apply_filters(rows, p.filters(), lambda row: {
        "group-id": row[0]["id"], "security-group-rule-id": row[2][6]},
        lambda row: w.tags_of(row[2][6]))
    page, token = paginate(rows, p.int("MaxResults", lo=5, hi=1000), p.str("NextToken"))
    return {"securityGroupRuleSet": [render_rule(w, g, d, r) for g, d, r in page],
            "nextToken": token}


@action("ModifySecurityGroupRules")
def modify_security_group_rules(w, p, ctx):
    g = get(w, "sg", p.str("GroupId", required=True))
    updates = []
    for u in p.structs("SecurityGroupRule"):
        rid = u.str("SecurityGroupRuleId", required=True)
        owner, d, old = find_rule(w, rid)
        if owner is not g:
            raise AwsError("InvalidSecurityGroupRuleId.NotFound", f"The security group rule "
                           f"ID '{rid}' does not exist in {g['id']}")
        s = u.struct("SecurityGroupRule")
        proto, lo, hi = check_ports(s.str("IpProtocol", required=True), s.int("FromPort"),
                                    s.int("ToPort"))
        given = [k for k in ("CidrIpv4", "CidrIpv6", "ReferencedGroupId", "PrefixListId")
                 if s.str(k)]
        if len(given) != 1:
            raise AwsError("InvalidParameterCombination", "Exactly one of CidrIpv4, CidrIpv6, "
                           "PrefixListId or ReferencedGroupId must be specified")
        if given[0] == "PrefixListId":
            raise AwsError("InvalidParameterValue", "PrefixListId is not emulated by awsemu")
        if given[0] == "CidrIpv4":
            kind, target = "cidr", str(parse_cidr(s.str("CidrIpv4"), "CidrIpv4"))
        elif given[0] == "CidrIpv6":
            kind, target = "cidr6", s.str("CidrIpv6")
        else:
            kind, target = "group", group_target(w, g, s.str("ReferencedGroupId"))
        new = (proto, lo, hi, kind, target, s.str("Description"), rid)
        if any(same_rule(new, x) for x in g[d] if x[6] != rid):
            raise AwsError("InvalidPermission.Duplicate",
                           f'the specified rule "{describe_rule(new)}" already exists')
        updates.append((d, old, new))
    if not updates:
        raise AwsError("MissingParameter", "The request must contain the parameter "
                       "SecurityGroupRule")
    for d, old, new in updates:
        g[d][g[d].index(old)] = new
    return ok()
