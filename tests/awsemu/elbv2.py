"""Elastic Load Balancing v2 (API 2015-12-01) in the emulator: application and network load
balancers (provisioning -> active), their attributes, listeners with their default actions,
listener rules with priorities and conditions, and tags on all of them. Target groups and
target health are in elbv2_targets.py, whose ACTIONS table this module adds to."""

import re

import ec2
from elbv2_targets import (ACTIONS, HTTP_LIKE, NAME_RE, action, arn, attribute_changes,
                           get_tg, hexid)
from protocol import AwsError, paginate
from world import iso_now

__all__ = ["ACTIONS"]   # the v2 table, shared with elbv2_targets
PROVISION_SECONDS = 30.0    # provisioning -> active
ZONE_IDS = {"application": "Z35SXDOTRQ7X7K", "network": "Z26RNL4JYFTOTI"}
LISTENER_PROTOCOLS = {"application": ("HTTP", "HTTPS"),
                      "network": ("TCP", "TLS", "UDP", "TCP_UDP")}
LB_ATTRS = {
    "application": {"access_logs.s3.enabled": "false", "access_logs.s3.bucket": "",
                    "access_logs.s3.prefix": "", "deletion_protection.enabled": "false",
                    "idle_timeout.timeout_seconds": "60", "routing.http2.enabled": "true",
                    "routing.http.drop_invalid_header_fields.enabled": "false",
                    "load_balancing.cross_zone.enabled": "true"},
    "network": {"access_logs.s3.enabled": "false", "access_logs.s3.bucket": "",
                "access_logs.s3.prefix": "", "deletion_protection.enabled": "false",
                "load_balancing.cross_zone.enabled": "false"},
}
CONDITIONS = ("path-pattern", "host-header", "http-header", "http-request-method",
              "query-string", "source-ip")


def get_lb(w, lb_arn, client=True):
    lb = w.v2_lbs.get(lb_arn)
    if lb is None or (client and w.fresh(lb_arn)):
        raise AwsError("LoadBalancerNotFound", f"Load balancer '{lb_arn}' not found")
    return lb


def get_listener(w, l_arn):
    lst = w.listeners.get(l_arn)
    if lst is None or w.fresh(l_arn):
        raise AwsError("ListenerNotFound", f"Listener '{l_arn}' not found")
    return lst


def get_rule(w, r_arn):
    r = w.rules.get(r_arn)
    if r is None:
        raise AwsError("RuleNotFound", f"One or more rules not found: '{r_arn}'")
    return r


def parse_tags(p):
    tags = {}
    for t in p.structs("Tags", member=True):
        key = t.str("Key", required=True)
        if key in tags:
            raise AwsError("DuplicateTagKeys", f"Tag key '{key}' is duplicated")
        if key.startswith("aws:"):
            raise AwsError("ValidationError", "Tag keys starting with 'aws:' are reserved")
        tags[key] = t.str("Value", "")
    return tags


def tick(w):
    now = w.now()
    for lb in w.v2_lbs.values():
        if lb["state"] == "provisioning" and now >= lb["ready_at"]:
            lb["state"] = "active"


# ---------------------------------------------------------------- load balancers

def render_lb(w, lb):
    return {"LoadBalancerArn": lb["arn"], "DNSName": lb["dns"],
            "CanonicalHostedZoneId": ZONE_IDS[lb["type"]], "CreatedTime": lb["created"],
            "LoadBalancerName": lb["name"], "Scheme": lb["scheme"], "VpcId": lb["vpc"],
            "State": {"Code": lb["state"]}, "Type": lb["type"],
            "AvailabilityZones": [{"ZoneName": w.subnets[s]["az"] if s in w.subnets else None,
                                   "SubnetId": s, "LoadBalancerAddresses": []}
                                  for s in lb["subnets"]],
            "SecurityGroups": lb["sgs"] if lb["type"] == "application" or lb["sgs"] else None,
            "IpAddressType": lb["ip_type"]}


def placement(w, p, lb_type):
    """(subnet records) from Subnets.member.N or SubnetMappings, checked as AWS does."""
    ids = p.members("Subnets") or [m.str("SubnetId", required=True)
                                   for m in p.structs("SubnetMappings", member=True)]
    if not ids:
        raise AwsError("ValidationError", "At least one subnet must be specified")
    subnets = []
    for sid in ids:
        try:
            subnets.append(ec2.get(w, "subnet", sid))
        except AwsError:
            raise AwsError("SubnetNotFound", f"The subnet ID '{sid}' is not valid") from None
    if len({s["vpc"] for s in subnets}) > 1:
        raise AwsError("InvalidConfigurationRequest", "All subnets must belong to the same "
                       "VPC")
    azs = [s["az"] for s in subnets]
    if len(set(azs)) != len(azs):
        raise AwsError("InvalidConfigurationRequest", "A load balancer cannot be attached to "
                       "multiple subnets in the same Availability Zone")
    if lb_type == "application" and len(azs) < 2:
        raise AwsError("ValidationError", "At least two subnets in two different "
                       "Availability Zones must be specified")
    return subnets


def security_groups(w, ids, vpc):
    for gid in ids:
        g = w.sgs.get(gid)
        if g is None or g["vpc"] != vpc:
            raise AwsError("InvalidSecurityGroup", f"Security group '{gid}' does not exist "
                           f"in VPC '{vpc}'")
    return list(ids)


@action("CreateLoadBalancer")
def create_load_balancer(w, p, ctx):
    name = p.str("Name", required=True)
    if not NAME_RE.fullmatch(name) or name.startswith("internal-"):
        raise AwsError("ValidationError", f"Load balancer name '{name}' can have a maximum of "
                       "32 characters, only alphanumeric characters and hyphens, must not "
                       "begin or end with a hyphen, and must not begin with 'internal-'")
    lb_type = p.str("Type", "application")
    if lb_type not in ("application", "network"):
        raise AwsError("ValidationError", f"Load balancer type '{lb_type}' is not emulated "
                       "by awsemu (application and network are)")
    scheme = p.str("Scheme", "internet-facing")
    if scheme not in ("internet-facing", "internal"):
        raise AwsError("ValidationError", f"Scheme '{scheme}' must be 'internet-facing' or "
                       "'internal'")
    subnets = placement(w, p, lb_type)
    vpc = subnets[0]["vpc"]
    if scheme == "internet-facing" and not any(g["vpc"] == vpc for g in w.igws.values()):
        raise AwsError("InvalidSubnet", f"VPC {vpc} has no internet gateway")
    sgs = security_groups(w, p.members("SecurityGroups"), vpc)
    if lb_type == "application" and not sgs:
        sgs = [w.vpcs[vpc]["default_sg"]]
    tags = parse_tags(p)
    for lb in w.v2_lbs.values():
        if lb["name"] == name:
            if (lb["type"], lb["scheme"], sorted(lb["subnets"])) == \
                    (lb_type, scheme, sorted(s["id"] for s in subnets)):
                return {"LoadBalancers": [render_lb(w, lb)]}   # AWS: idempotent
            raise AwsError("DuplicateLoadBalancerName", "A load balancer with the same name "
                           f"'{name}' exists, but with different settings")
    if len(w.v2_lbs) >= 50:
        raise AwsError("TooManyLoadBalancers", "You've reached the limit on the number of "
                       "load balancers for your AWS account")
    short = "app" if lb_type == "application" else "net"
    lb_id = hexid(w)
    prefix = "internal-" if scheme == "internal" else ""
    dns = (f"{prefix}{name}-{w.rng.randrange(10 ** 9, 10 ** 10)}.{ctx.region}.elb.amazonaws.com"
           if lb_type == "application" else
           f"{prefix}{name}-{lb_id}.elb.{ctx.region}.amazonaws.com")
    lb_arn = arn(ctx, "loadbalancer", f"{short}/{name}/{lb_id}")
    lb = w.v2_lbs[lb_arn] = {
        "arn": lb_arn, "name": name, "type": lb_type, "short": short, "id": lb_id,
        "scheme": scheme, "vpc": vpc, "subnets": [s["id"] for s in subnets],
        "azs": sorted(s["az"] for s in subnets), "sgs": sgs, "dns": dns,
        "created": iso_now(), "state": "provisioning",
        "ready_at": w.now() + PROVISION_SECONDS, "ip_type": p.str("IpAddressType", "ipv4"),
        "attrs": dict(LB_ATTRS[lb_type]), "tags": tags}
    w.created(lb_arn)
    return {"LoadBalancers": [render_lb(w, lb)]}


@action("DescribeLoadBalancers")
def describe_load_balancers(w, p, ctx):
    arns, names = p.members("LoadBalancerArns"), p.members("Names")
    if arns and names:
        raise AwsError("ValidationError", "Load balancer names and load balancer ARNs cannot "
                       "be specified at the same time")
    if arns:
        lbs = [get_lb(w, a) for a in arns]
    else:
        lbs = [lb for lb in w.v2_lbs.values() if not w.fresh(lb["arn"])]
        if names:
            missing = [n for n in names if n not in [lb["name"] for lb in lbs]]
            if missing:
                raise AwsError("LoadBalancerNotFound", f"Load balancers '[{missing[0]}]' not "
                               "found")
            lbs = [lb for lb in lbs if lb["name"] in names]
    page, marker = paginate(lbs, p.int("PageSize", lo=1, hi=400), p.str("Marker"))
    return {"LoadBalancers": [render_lb(w, lb) for lb in page], "NextMarker": marker}


@action("DeleteLoadBalancer")
def delete_load_balancer(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    if lb["attrs"]["deletion_protection.enabled"] == "true":
        raise AwsError("OperationNotPermitted", f"Load balancer '{lb['arn']}' cannot be "
                       "deleted because deletion protection is enabled")
    for l_arn in [a for a, lst in w.listeners.items() if lst["lb"] == lb["arn"]]:
        drop_listener(w, l_arn)
    del w.v2_lbs[lb["arn"]]
    return {}


def check_lb_attr(key, value):
    if key.endswith(".enabled") and value not in ("true", "false"):
        raise AwsError("InvalidConfigurationRequest", f"'{key}' must be 'true' or 'false'")
    if key == "idle_timeout.timeout_seconds" and \
            not (value.isdigit() and 1 <= int(value) <= 4000):
        raise AwsError("InvalidConfigurationRequest", "idle_timeout.timeout_seconds must be "
                       "between 1 and 4000")


@action("ModifyLoadBalancerAttributes")
def modify_load_balancer_attributes(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    merged = dict(lb["attrs"], **attribute_changes(p, lb["attrs"], check_lb_attr))
    if merged["access_logs.s3.enabled"] == "true" and not merged["access_logs.s3.bucket"]:
        raise AwsError("InvalidConfigurationRequest", "The value of 'access_logs.s3.bucket' "
                       "cannot be empty when access logs are enabled")
    lb["attrs"] = merged
    return {"Attributes": [{"Key": k, "Value": v} for k, v in merged.items()]}


@action("DescribeLoadBalancerAttributes")
def describe_load_balancer_attributes(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    return {"Attributes": [{"Key": k, "Value": v} for k, v in lb["attrs"].items()]}


@action("SetSecurityGroups")
def set_security_groups(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    lb["sgs"] = security_groups(w, p.members("SecurityGroups"), lb["vpc"])
    return {"SecurityGroupIds": lb["sgs"]}


@action("SetSubnets")
def set_subnets(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    subnets = placement(w, p, lb["type"])
    if subnets[0]["vpc"] != lb["vpc"]:
        raise AwsError("InvalidConfigurationRequest", "All subnets must belong to the load "
                       "balancer's VPC")
    lb["subnets"], lb["azs"] = [s["id"] for s in subnets], sorted(s["az"] for s in subnets)
    return {"AvailabilityZones": render_lb(w, lb)["AvailabilityZones"]}


@action("SetIpAddressType")
def set_ip_address_type(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    kind = p.str("IpAddressType", required=True)
    if kind not in ("ipv4", "dualstack"):
        raise AwsError("ValidationError", f"IpAddressType '{kind}' must be ipv4 or dualstack")
    if kind == "dualstack":   # the emulator's subnets have no IPv6 CIDR block
        raise AwsError("InvalidConfigurationRequest", "You must specify subnets with an "
                       "associated IPv6 CIDR block.")
    lb["ip_type"] = kind
    return {"IpAddressType": kind}


# ---------------------------------------------------------------- actions (of listeners)

def parse_actions(w, p, prefix, lb):
    """Rendered actions from Prefix.member.N.*, each target group checked against the load
    balancer (same VPC, a protocol its listeners can use)."""
    out = []
    for n, a in enumerate(p.structs(prefix, member=True)):
        kind = a.str("Type", required=True)
        act = {"Type": kind, "Order": a.int("Order", n + 1, lo=1, hi=50000)}
        if kind == "forward":
            arns = [a.str("TargetGroupArn")] if a.str("TargetGroupArn") else []
            tuples = [(t.str("TargetGroupArn", required=True), t.int("Weight", 1, lo=0, hi=999))
                      for t in a.structs("ForwardConfig.TargetGroups", member=True)]
            arns += [t for t, _ in tuples if t not in arns]
            if not arns:
                raise AwsError("ValidationError", "A target group ARN must be specified for a "
                               "forward action")
            for tg_arn in arns:
                tg = get_tg(w, tg_arn)
                if tg["vpc"] != lb["vpc"]:
                    raise AwsError("ValidationError", f"Target group '{tg_arn}' is not in the "
                                   "load balancer's VPC")
                ok_protocols = HTTP_LIKE if lb["type"] == "application" else \
                    LISTENER_PROTOCOLS["network"]
                if tg["protocol"] not in ok_protocols:
                    raise AwsError("IncompatibleProtocols", f"The target group protocol "
                                   f"'{tg['protocol']}' is not compatible with a "
                                   f"{lb['type']} load balancer")
            act["ForwardConfig"] = {"TargetGroups": [
                {"TargetGroupArn": t, "Weight": dict(tuples).get(t, 1)} for t in arns],
                "TargetGroupStickinessConfig": {"Enabled": False}}
            if len(arns) == 1:
                act["TargetGroupArn"] = arns[0]
        elif kind == "fixed-response":
            f = a.struct("FixedResponseConfig")
            code = f.str("StatusCode", required=True)
            if not re.fullmatch(r"[2-5]\d\d", code):
                raise AwsError("ValidationError", f"Fixed response status code '{code}' must "
                               "be 2XX, 4XX or 5XX")
            act["FixedResponseConfig"] = {"MessageBody": f.str("MessageBody"), "StatusCode": code,
                                          "ContentType": f.str("ContentType")}
        elif kind == "redirect":
            r = a.struct("RedirectConfig")
            code = r.str("StatusCode", required=True)
            if code not in ("HTTP_301", "HTTP_302"):
                raise AwsError("ValidationError", f"Redirect status code '{code}' must be "
                               "HTTP_301 or HTTP_302")
            act["RedirectConfig"] = {"Protocol": r.str("Protocol", "#{protocol}"),
                                     "Port": r.str("Port", "#{port}"),
                                     "Host": r.str("Host", "#{host}"),
                                     "Path": r.str("Path", "/#{path}"),
                                     "Query": r.str("Query", "#{query}"), "StatusCode": code}
        else:
            raise AwsError("ValidationError", f"Action type '{kind}' is not emulated by awsemu "
                           "(forward, fixed-response and redirect are)")
        if kind != "forward" and lb["type"] == "network":
            raise AwsError("ValidationError", f"Action type '{kind}' is not supported on a "
                           "network load balancer")
        out.append(act)
    if not out:
        raise p.missing(prefix)
    return out


# ---------------------------------------------------------------- listeners

def render_listener(w, lst):
    return {"ListenerArn": lst["arn"], "LoadBalancerArn": lst["lb"], "Port": lst["port"],
            "Protocol": lst["protocol"], "Certificates": lst["certs"] or None,
            "SslPolicy": lst["ssl_policy"], "DefaultActions": lst["actions"]}


def listener_settings(w, p, lb, old=None):
    protocol = p.str("Protocol") or (old["protocol"] if old else None)
    port = p.int("Port") if p.str("Port") is not None else (old["port"] if old else None)
    if not protocol or port is None:
        raise AwsError("ValidationError", "A listener needs a protocol and a port")
    if protocol not in LISTENER_PROTOCOLS[lb["type"]]:
        raise AwsError("UnsupportedProtocol", f"Protocol '{protocol}' is not supported for a "
                       f"{lb['type']} load balancer")
    if not 1 <= port <= 65535:
        raise AwsError("ValidationError", f"Port '{port}' must be between 1 and 65535")
    certs = [{"CertificateArn": c.str("CertificateArn", required=True)}
             for c in p.structs("Certificates", member=True)] or (old["certs"] if old else [])
    if protocol in ("HTTPS", "TLS") and not certs:
        raise AwsError("CertificateNotFound", f"A certificate must be specified for {protocol} "
                       "listeners")
    for other in w.listeners.values():
        if other["lb"] == lb["arn"] and other["port"] == port and other is not old:
            raise AwsError("DuplicateListener", f"A listener already exists on this port "
                           f"for this load balancer '{lb['arn']}'")
    ssl = p.str("SslPolicy") or (old["ssl_policy"] if old else None)
    if protocol in ("HTTPS", "TLS") and not ssl:
        ssl = "ELBSecurityPolicy-2016-08"
    return protocol, port, certs, ssl if protocol in ("HTTPS", "TLS") else None


@action("CreateListener")
def create_listener(w, p, ctx):
    lb = get_lb(w, p.str("LoadBalancerArn", required=True))
    protocol, port, certs, ssl = listener_settings(w, p, lb)
    actions = parse_actions(w, p, "DefaultActions", lb)
    tags = parse_tags(p)
    if sum(1 for x in w.listeners.values() if x["lb"] == lb["arn"]) >= 50:
        raise AwsError("TooManyListeners", "You've reached the limit on the number of "
                       "listeners per load balancer")
    lid = hexid(w)
    l_arn = arn(ctx, "listener", f"{lb['short']}/{lb['name']}/{lb['id']}/{lid}")
    lst = w.listeners[l_arn] = {"arn": l_arn, "lb": lb["arn"], "id": lid, "port": port,
                                "protocol": protocol, "certs": certs, "ssl_policy": ssl,
                                "actions": actions, "tags": tags,
                                "default_rule": arn(ctx, "listener-rule", f"{lb['short']}/"
                                                    f"{lb['name']}/{lb['id']}/{lid}/{hexid(w)}")}
    w.created(l_arn)
    return {"Listeners": [render_listener(w, lst)]}


@action("ModifyListener")
def modify_listener(w, p, ctx):
    lst = get_listener(w, p.str("ListenerArn", required=True))
    lb = w.v2_lbs[lst["lb"]]
    protocol, port, certs, ssl = listener_settings(w, p, lb, lst)
    actions = parse_actions(w, p, "DefaultActions", lb) if p.has_prefix("DefaultActions") \
        else lst["actions"]
    lst.update(protocol=protocol, port=port, certs=certs, ssl_policy=ssl, actions=actions)
    return {"Listeners": [render_listener(w, lst)]}


@action("DescribeListeners")
def describe_listeners(w, p, ctx):
    arns, lb_arn = p.members("ListenerArns"), p.str("LoadBalancerArn")
    if not arns and not lb_arn:
        raise AwsError("ValidationError", "You must specify either listener ARNs or a load "
                       "balancer ARN")
    if arns:
        found = [get_listener(w, a) for a in arns]
    else:
        get_lb(w, lb_arn)
        found = [x for x in w.listeners.values() if x["lb"] == lb_arn and not w.fresh(x["arn"])]
    page, marker = paginate(found, p.int("PageSize", lo=1, hi=400), p.str("Marker"))
    return {"Listeners": [render_listener(w, x) for x in page], "NextMarker": marker}


def drop_listener(w, l_arn):
    for r_arn in [a for a, r in w.rules.items() if r["listener"] == l_arn]:
        del w.rules[r_arn]
    del w.listeners[l_arn]


@action("DeleteListener")
def delete_listener(w, p, ctx):
    drop_listener(w, get_listener(w, p.str("ListenerArn", required=True))["arn"])
    return {}


# ---------------------------------------------------------------- rules

def parse_conditions(p):
    out = []
    for c in p.structs("Conditions", member=True):
        field = c.str("Field", required=True)
        if field not in CONDITIONS:
            raise AwsError("ValidationError", f"Condition field '{field}' must be one of "
                           + ", ".join(CONDITIONS))
        cond = {"Field": field}
        values = c.members("Values")
        config = {"path-pattern": "PathPatternConfig", "host-header": "HostHeaderConfig",
                  "http-request-method": "HttpRequestMethodConfig",
                  "source-ip": "SourceIpConfig"}.get(field)
        if config and c.has_prefix(config):
            values = c.members(config + ".Values")
        if field == "http-header":
            cond["HttpHeaderConfig"] = {
                "HttpHeaderName": c.str("HttpHeaderConfig.HttpHeaderName", required=True),
                "Values": c.members("HttpHeaderConfig.Values")}
        elif field == "query-string":
            cond["QueryStringConfig"] = {"Values": [
                {"Key": kv.str("Key"), "Value": kv.str("Value", required=True)}
                for kv in c.structs("QueryStringConfig.Values", member=True)]}
        else:
            if not values:
                raise AwsError("ValidationError", f"A '{field}' condition needs values")
            if field in ("path-pattern", "host-header"):
                cond["Values"] = values
            cond[config] = {"Values": values}
        out.append(cond)
    if not out:
        raise p.missing("Conditions")
    if len(out) > 5:
        raise AwsError("TooManyConditionValues", "A rule can have at most 5 conditions")
    return out


def render_rule(w, r):
    return {"RuleArn": r["arn"], "Priority": str(r["priority"]), "Conditions": r["conditions"],
            "Actions": r["actions"], "IsDefault": False}


def priority_free(w, listener, priority, but=None):
    for r in w.rules.values():
        if r["listener"] == listener and r["priority"] == priority and r is not but:
            raise AwsError("PriorityInUse", f"Priority '{priority}' is currently in use")


@action("CreateRule")
def create_rule(w, p, ctx):
    lst = get_listener(w, p.str("ListenerArn", required=True))
    lb = w.v2_lbs[lst["lb"]]
    if lb["type"] != "application":
        raise AwsError("ValidationError", "Rules can only be added to listeners of "
                       "application load balancers")
    priority = p.int("Priority", required=True)
    if not 1 <= priority <= 50000:
        raise AwsError("ValidationError", f"Priority '{priority}' must be between 1 and 50000")
    conditions = parse_conditions(p)
    actions = parse_actions(w, p, "Actions", lb)
    priority_free(w, lst["arn"], priority)
    tags = parse_tags(p)
    r_arn = arn(ctx, "listener-rule", f"{lb['short']}/{lb['name']}/{lb['id']}/{lst['id']}/"
                f"{hexid(w)}")
    r = w.rules[r_arn] = {"arn": r_arn, "listener": lst["arn"], "priority": priority,
                          "conditions": conditions, "actions": actions, "tags": tags}
    return {"Rules": [render_rule(w, r)]}


@action("ModifyRule")
def modify_rule(w, p, ctx):
    r = get_rule(w, p.str("RuleArn", required=True))
    lb = w.v2_lbs[w.listeners[r["listener"]]["lb"]]
    if p.has_prefix("Conditions"):
        r["conditions"] = parse_conditions(p)
    if p.has_prefix("Actions"):
        r["actions"] = parse_actions(w, p, "Actions", lb)
    return {"Rules": [render_rule(w, r)]}


@action("SetRulePriorities")
def set_rule_priorities(w, p, ctx):
    pairs = [(get_rule(w, x.str("RuleArn", required=True)), x.int("Priority", required=True,
                                                                   lo=1, hi=50000))
             for x in p.structs("RulePriorities", member=True)]
    moved = {id(r) for r, _ in pairs}
    for r, prio in pairs:
        for other in w.rules.values():
            if other["listener"] == r["listener"] and other["priority"] == prio and \
                    id(other) not in moved:
                raise AwsError("PriorityInUse", f"Priority '{prio}' is currently in use")
    for r, prio in pairs:
        r["priority"] = prio
    return {"Rules": [render_rule(w, r) for r, _ in pairs]}


@action("DescribeRules")
def describe_rules(w, p, ctx):
    arns, l_arn = p.members("RuleArns"), p.str("ListenerArn")
    if not arns and not l_arn:
        raise AwsError("ValidationError", "You must specify either listener or rule ARNs")
    if arns:
        rows = [render_rule(w, get_rule(w, a)) for a in arns if a not in
                [x["default_rule"] for x in w.listeners.values()]]
        rows += [default_rule(x) for x in w.listeners.values() if x["default_rule"] in arns]
    else:
        lst = get_listener(w, l_arn)
        rows = [render_rule(w, r) for r in sorted(
            (r for r in w.rules.values() if r["listener"] == l_arn),
            key=lambda r: r["priority"])] + [default_rule(lst)]
    page, marker = paginate(rows, p.int("PageSize", lo=1, hi=400), p.str("Marker"))
    return {"Rules": page, "NextMarker": marker}


def default_rule(lst):
    return {"RuleArn": lst["default_rule"], "Priority": "default", "Conditions": [],
            "Actions": lst["actions"], "IsDefault": True}


@action("DeleteRule")
def delete_rule(w, p, ctx):
    r_arn = p.str("RuleArn", required=True)
    if any(x["default_rule"] == r_arn for x in w.listeners.values()):
        raise AwsError("OperationNotPermitted", "Default rules cannot be deleted")
    del w.rules[get_rule(w, r_arn)["arn"]]
    return {}


# ---------------------------------------------------------------- tags

def tagged(w, res_arn):
    """The record holding tags for any v2 ARN, with the NotFound error of its kind."""
    kind = res_arn.split(":", 5)[-1].split("/", 1)[0] if res_arn.count(":") >= 5 else ""
    if kind == "loadbalancer":
        return get_lb(w, res_arn)
    if kind == "targetgroup":
        return get_tg(w, res_arn)
    if kind == "listener":
        return get_listener(w, res_arn)
    if kind == "listener-rule":
        return get_rule(w, res_arn)
    raise AwsError("ValidationError", f"'{res_arn}' is not a valid load balancer, target "
                   "group, listener or rule ARN")


@action("AddTags")
def add_tags(w, p, ctx):
    recs = [tagged(w, a) for a in p.members("ResourceArns")]
    tags = parse_tags(p)
    if not recs or not tags:
        raise p.missing("ResourceArns" if not recs else "Tags")
    for rec in recs:
        if len(set(rec["tags"]) | set(tags)) > 50:
            raise AwsError("TooManyTags", f"The quota for the number of tags that can be "
                           f"assigned to '{rec['arn']}' has been reached (50)")
    for rec in recs:
        rec["tags"].update(tags)
    return {}


@action("RemoveTags")
def remove_tags(w, p, ctx):
    recs = [tagged(w, a) for a in p.members("ResourceArns")]
    for rec in recs:
        for k in p.members("TagKeys"):
            rec["tags"].pop(k, None)
    return {}


@action("DescribeTags")
def describe_tags(w, p, ctx):
    arns = p.members("ResourceArns")
    if len(arns) > 20:
        raise AwsError("ValidationError", "At most 20 resource ARNs can be described at once")
    return {"TagDescriptions": [{"ResourceArn": a, "Tags": [
        {"Key": k, "Value": v} for k, v in tagged(w, a)["tags"].items()]} for a in arns]}


def dump(w):
    import elbv2_targets
    return {"load_balancers": [dict(render_lb(w, lb), Attributes=lb["attrs"], Tags=lb["tags"])
                               for lb in w.v2_lbs.values()],
            "target_groups": [dict(elbv2_targets.render_tg(w, tg), Attributes=tg["attrs"],
                                   Tags=tg["tags"], TargetHealth=[
                                       elbv2_targets.render_health(w, tg, i)
                                       for i in list(tg["targets"]) + [
                                           d for d in tg["draining"] if d not in tg["targets"]]])
                              for tg in w.target_groups.values()],
            "listeners": [render_listener(w, x) for x in w.listeners.values()],
            "rules": [render_rule(w, r) for r in w.rules.values()]}

