"""Classic Elastic Load Balancing actions of the emulator, plus the simulated health checks,
connection draining and round-robin traffic routing that rollout tests observe. Instances
come from ec2.py; nothing here speaks HTTP."""

import re

import ec2
from protocol import AwsError, paginate
from world import ACCOUNT, iso_now

ACTIONS = {}
ZONE_ID = "Z35SXDOTRQ7X7K"
REGISTERING = "Instance registration is still in progress."
FAILED = ("Instance has failed at least the UnhealthyThreshold number of health checks "
          "consecutively.")
DEREGISTERING = "Instance deregistration currently in progress."


def action(name):
    def reg(fn):
        ACTIONS[name] = fn
        return fn
    return reg


def get_lb(w, name, client=True):
    lb = w.lbs.get(name)
    if lb is None or (client and w.fresh("elb:" + name)):
        raise AwsError("LoadBalancerNotFound", f"There is no ACTIVE Load Balancer named "
                       f"'{name}'")
    return lb


def name_of(p):
    return p.str("LoadBalancerName", required=True)


# ---------------------------------------------------------------- validation helpers

def resolve_subnets(w, ids, vpc=None):
    subnets = []
    for sid in ids:
        try:
            subnets.append(ec2.get(w, "subnet", sid))
        except AwsError:
            raise AwsError("SubnetNotFound", f"One or more subnets were not found: {sid}") \
                from None
    vpcs = {s["vpc"] for s in subnets} | ({vpc} if vpc else set())
    if len(vpcs) > 1:
        raise AwsError("InvalidConfigurationRequest", "Subnets must all belong to the same "
                       "VPC as the LoadBalancer", status=409)
    azs = [s["az"] for s in subnets]
    if len(set(azs)) != len(azs):
        raise AwsError("InvalidConfigurationRequest", "ELB cannot be attached to multiple "
                       "subnets in the same AZ.", status=409)
    return subnets


def resolve_groups(w, ids, vpc):
    for gid in ids:
        try:
            g = ec2.get(w, "sg", gid)
        except AwsError:
            g = None
        if g is None or g["vpc"] != vpc:
            raise AwsError("InvalidSecurityGroup",
                           f"One or more security groups are invalid: {gid}")
    return list(ids)


def parse_listeners(p):
    out = []
    for m in p.structs("Listeners", member=True):
        proto = m.str("Protocol", required=True).upper()
        if proto not in ("HTTP", "HTTPS", "TCP", "SSL"):
            raise AwsError("UnsupportedProtocol", f"Listener protocol '{proto}' is not "
                           "supported")
        port = m.int("LoadBalancerPort", required=True)
        iport = m.int("InstancePort", required=True)
        if not (port in (25, 80, 443, 465, 587) or 1024 <= port <= 65535):
            raise AwsError("ValidationError", "LoadBalancerPort must be either 25, 80, 443, "
                           "465, 587, or 1024~65535 inclusive")
        if not 1 <= iport <= 65535:
            raise AwsError("ValidationError", "InstancePort must be within 1~65535")
        iproto = (m.str("InstanceProtocol") or
                  ("HTTP" if proto in ("HTTP", "HTTPS") else "TCP")).upper()
        cert = m.str("SSLCertificateId")
        if proto in ("HTTPS", "SSL") and not cert:
            raise AwsError("CertificateNotFound", "SSLCertificateId is required for HTTPS "
                           "and SSL listeners")
        lst = {"Protocol": proto, "LoadBalancerPort": port, "InstanceProtocol": iproto,
               "InstancePort": iport}
        if cert:
            lst["SSLCertificateId"] = cert
        out.append(lst)
    return out


def parse_tags(p, need_value=True):
    tags = {}
    for t in p.structs("Tags", member=True):
        key = t.str("Key", required=True)
        if key in tags:
            raise AwsError("DuplicateTagKeys", f"Duplicate tag key '{key}'")
        tags[key] = t.str("Value", "") if need_value else None
    return tags


# ---------------------------------------------------------------- health simulation

def _passed(w, lb, i, since, t):
    """Had the health check declared instance `i` healthy by simulated time t?"""
    if i["running_at"] is None or not ec2.image_healthy(w, i["image"]):
        return False
    hc = lb["hc"]
    return t >= max(since, i["running_at"]) + hc["HealthyThreshold"] * hc["Interval"]


def health(w, lb, iid):
    """(State, ReasonCode, Description) as the load balancer currently sees the instance.
    A terminating instance that was InService stays InService until UnhealthyThreshold
    checks have failed: that is when traffic still reaches a dying instance."""
    now, hc = w.now(), lb["hc"]
    if iid in lb["draining"]:
        return "OutOfService", "ELB", DEREGISTERING
    i = w.instances.get(iid)
    since = lb["instances"].get(iid, now)
    if i is None:
        return "OutOfService", "Instance", "Instance is in terminated state."
    if i["state"] in ("shutting-down", "terminated", "stopping", "stopped"):
        t = i["term_at"] or now
        if _passed(w, lb, i, since, t) and now < t + hc["UnhealthyThreshold"] * hc["Interval"]:
            return "InService", "N/A", "N/A"
        return "OutOfService", "Instance", f"Instance is in {i['state']} state."
    if i["az"] not in lb["azs"]:
        return ("OutOfService", "ELB", f"Instance is in the {i['az']} Availability Zone, "
                "for which the LoadBalancer is not configured.")
    if i["state"] != "running":
        return "OutOfService", "ELB", REGISTERING
    if _passed(w, lb, i, since, now):
        return "InService", "N/A", "N/A"
    base = max(since, i["running_at"])
    if not ec2.image_healthy(w, i["image"]) and \
            now >= base + hc["UnhealthyThreshold"] * hc["Interval"]:
        return "OutOfService", "Instance", FAILED
    return "OutOfService", "ELB", REGISTERING


def tick(w):
    now = w.now()
    for lb in w.lbs.values():
        for iid, until in list(lb["draining"].items()):
            if now >= until:
                del lb["draining"][iid]


def deregister(w, lb, iid):
    """Remove an instance; with connection draining an InService one drains first."""
    if iid not in lb["instances"]:
        return
    cd = lb["attrs"]["ConnectionDraining"]
    if cd["Enabled"] and health(w, lb, iid)[0] == "InService":
        lb["draining"][iid] = w.now() + cd["Timeout"]
    del lb["instances"][iid]


def register(w, lb, iid):
    lb["draining"].pop(iid, None)
    lb["instances"].setdefault(iid, w.now())


def route_traffic(w, name, requests):
    """Send `requests` requests round-robin to the InService instances of an ELB."""
    lb = get_lb(w, name, client=False)
    targets = [iid for iid in lb["instances"] if health(w, lb, iid)[0] == "InService"]
    counts = {iid: 0 for iid in targets}
    dying, lost = 0, 0
    if not targets:
        lost = requests
    else:
        cursor = w._rr.get(name, 0)
        for k in range(requests):
            iid = targets[(cursor + k) % len(targets)]
            counts[iid] += 1
            if w.instances.get(iid, {"state": "terminated"})["state"] != "running":
                dying += 1
        w._rr[name] = cursor + requests
    w.traffic["routed"] += requests - lost
    w.traffic["routed_to_terminating"] += dying
    w.traffic["no_inservice"] += lost
    return {"elb": name, "requests": requests, "served": requests - lost - dying,
            "per_instance": counts, "hit_terminating": dying, "no_inservice": lost,
            "draining": sorted(lb["draining"]), "in_service": targets}


# ---------------------------------------------------------------- rendering

def render_lb(w, lb):
    return {"LoadBalancerName": lb["name"], "DNSName": lb["dns"],
            "CanonicalHostedZoneName": lb["dns"] if lb["scheme"] == "internet-facing"
            else None, "CanonicalHostedZoneNameID": ZONE_ID,
            "ListenerDescriptions": [{"Listener": l, "PolicyNames": []}
                                     for l in lb["listeners"]],
            "Policies": {"AppCookieStickinessPolicies": [], "LBCookieStickinessPolicies": [],
                         "OtherPolicies": []},
            "BackendServerDescriptions": [], "AvailabilityZones": lb["azs"],
            "Subnets": lb["subnets"], "VPCId": lb["vpc"],
            "Instances": [{"InstanceId": i} for i in lb["instances"]],
            "HealthCheck": lb["hc"],
            "SourceSecurityGroup": {"OwnerAlias": ACCOUNT, "GroupName": lb["source_group"]},
            "SecurityGroups": lb["sgs"], "CreatedTime": lb["created"], "Scheme": lb["scheme"]}


def render_health(w, lb, iid):
    state, code, desc = health(w, lb, iid)
    return {"InstanceId": iid, "State": state, "ReasonCode": code, "Description": desc}


# ---------------------------------------------------------------- actions

@action("CreateLoadBalancer")
def create_load_balancer(w, p, ctx):
    name = name_of(p)
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?", name):
        raise AwsError("ValidationError", f"LoadBalancerName '{name}' must be 1-32 "
                       "alphanumeric characters or hyphens, not starting or ending with a "
                       "hyphen")
    listeners = parse_listeners(p)
    if not listeners:
        raise p.missing("Listeners")
    subnet_ids, zones_given = p.members("Subnets"), p.members("AvailabilityZones")
    if zones_given and not subnet_ids:
        raise AwsError("InvalidConfigurationRequest", "EC2-Classic is not supported: specify "
                       "Subnets", status=409)
    if not subnet_ids:
        raise AwsError("ValidationError", "Either AvailabilityZones or SubnetIds must be "
                       "specified")
    subnets = resolve_subnets(w, subnet_ids)
    vpc = subnets[0]["vpc"]
    scheme = p.str("Scheme", "internet-facing")
    if scheme not in ("internet-facing", "internal"):
        raise AwsError("InvalidScheme", f"Invalid scheme '{scheme}'")
    sgs = resolve_groups(w, p.members("SecurityGroups"), vpc) or [w.vpcs[vpc]["default_sg"]]
    tags = parse_tags(p)
    if name in w.lbs:
        lb = w.lbs[name]
        if lb["listeners"] == listeners and set(lb["subnets"]) == set(subnet_ids) and \
                lb["scheme"] == scheme:
            return {"DNSName": lb["dns"]}
        raise AwsError("DuplicateLoadBalancerName", f"Load Balancer named '{name}' already "
                       "exists and it is configured with different parameters.")
    if len(w.lbs) >= 20:
        raise AwsError("TooManyLoadBalancers", "Exceeded quota of account " + ACCOUNT)
    prefix = "internal-" if scheme == "internal" else ""
    dns = f"{prefix}{name}-{w.rng.randrange(10 ** 9, 10 ** 10)}.{ctx.region}.elb.amazonaws.com"
    w.lbs[name] = {
        "name": name, "dns": dns, "created": iso_now(), "listeners": listeners,
        "subnets": [s["id"] for s in subnets], "azs": sorted(s["az"] for s in subnets),
        "vpc": vpc, "sgs": sgs, "scheme": scheme, "tags": tags, "instances": {},
        "draining": {}, "source_group": w.sgs[sgs[0]]["name"],
        "hc": {"Target": f"TCP:{listeners[0]['InstancePort']}", "Interval": 30, "Timeout": 5,
               "UnhealthyThreshold": 2, "HealthyThreshold": 10},
        "attrs": {"CrossZoneLoadBalancing": {"Enabled": False},
                  "AccessLog": {"Enabled": False},
                  "ConnectionDraining": {"Enabled": False, "Timeout": 300},
                  "ConnectionSettings": {"IdleTimeout": 60}}}
    w.created("elb:" + name)
    return {"DNSName": dns}


@action("DescribeLoadBalancers")
def describe_load_balancers(w, p, ctx):
    names = p.members("LoadBalancerNames")
    for n in names:
        if n not in w.lbs or w.fresh("elb:" + n):
            raise AwsError("LoadBalancerNotFound", f"Cannot find Load Balancer {n}")
    lbs = [w.lbs[n] for n in names] if names else \
        [lb for lb in w.lbs.values() if not w.fresh("elb:" + lb["name"])]
    page, marker = paginate(lbs, p.int("PageSize", lo=1, hi=400), p.str("Marker"))
    return {"LoadBalancerDescriptions": [render_lb(w, lb) for lb in page],
            "NextMarker": marker}


@action("DeleteLoadBalancer")
def delete_load_balancer(w, p, ctx):
    lb = w.lbs.pop(name_of(p), None)
    if lb:
        for g in w.groups.values():
            if lb["name"] in g["lbs"]:
                g["lbs"].remove(lb["name"])
    return {}


@action("ConfigureHealthCheck")
def configure_health_check(w, p, ctx):
    lb = get_lb(w, name_of(p))
    hc = p.struct("HealthCheck")
    target = hc.str("Target", required=True)
    if not re.fullmatch(r"(TCP|SSL):\d{1,5}|(HTTP|HTTPS):\d{1,5}/\S*", target):
        raise AwsError("ValidationError", f"Invalid HealthCheck Target '{target}': must be "
                       "TCP:port, SSL:port, HTTP:port/path or HTTPS:port/path")
    new = {"Target": target, "Interval": hc.int("Interval", required=True, lo=5, hi=300),
           "Timeout": hc.int("Timeout", required=True, lo=2, hi=60),
           "UnhealthyThreshold": hc.int("UnhealthyThreshold", required=True, lo=2, hi=10),
           "HealthyThreshold": hc.int("HealthyThreshold", required=True, lo=2, hi=10)}
    if new["Timeout"] >= new["Interval"]:
        raise AwsError("ValidationError", "HealthCheck Timeout must be less than Interval")
    lb["hc"] = new
    return {"HealthCheck": new}


ATTR_FIELDS = {
    # attribute: {field: (kind, lo, hi)}
    "CrossZoneLoadBalancing": {"Enabled": ("bool",)},
    "AccessLog": {"Enabled": ("bool",), "S3BucketName": ("str",),
                  "EmitInterval": ("int", 5, 60), "S3BucketPrefix": ("str",)},
    "ConnectionDraining": {"Enabled": ("bool",), "Timeout": ("int", 1, 3600)},
    "ConnectionSettings": {"IdleTimeout": ("int", 1, 4000)},
}


@action("ModifyLoadBalancerAttributes")
def modify_load_balancer_attributes(w, p, ctx):
    lb = get_lb(w, name_of(p))
    attrs = p.struct("LoadBalancerAttributes")
    for attr, fields in ATTR_FIELDS.items():
        sub = attrs.struct(attr)
        for field, (kind, *bounds) in fields.items():
            if field not in sub:
                continue
            if kind == "bool":
                value = sub.bool(field)
            elif kind == "int":
                value = sub.int(field, lo=bounds[0], hi=bounds[1])
                if attr == "AccessLog" and value not in (5, 60):
                    raise AwsError("ValidationError", "EmitInterval must be 5 or 60")
            else:
                value = sub.str(field)
            lb["attrs"][attr][field] = value
    al = lb["attrs"]["AccessLog"]
    if al["Enabled"] and not al.get("S3BucketName"):
        raise AwsError("InvalidConfigurationRequest", "The S3BucketName is required when "
                       "access logs are enabled", status=409)
    return {"LoadBalancerName": lb["name"], "LoadBalancerAttributes": lb["attrs"]}


@action("DescribeLoadBalancerAttributes")
def describe_load_balancer_attributes(w, p, ctx):
    lb = get_lb(w, name_of(p))
    return {"LoadBalancerAttributes": dict(lb["attrs"], AdditionalAttributes=[])}


@action("CreateLoadBalancerListeners")
def create_load_balancer_listeners(w, p, ctx):
    lb = get_lb(w, name_of(p))
    for new in parse_listeners(p):
        old = next((l for l in lb["listeners"]
                    if l["LoadBalancerPort"] == new["LoadBalancerPort"]), None)
        if old and old != new:
            raise AwsError("DuplicateListener", f"A listener already exists for {lb['name']} "
                           f"with LoadBalancerPort {new['LoadBalancerPort']}, but with a "
                           "different InstancePort, Protocol, or SSLCertificateId")
        if not old:
            lb["listeners"].append(new)
    return {}


@action("DeleteLoadBalancerListeners")
def delete_load_balancer_listeners(w, p, ctx):
    lb = get_lb(w, name_of(p))
    ports = {int(x) for x in p.members("LoadBalancerPorts")}
    lb["listeners"] = [l for l in lb["listeners"] if l["LoadBalancerPort"] not in ports]
    return {}


def instance_ids(p):
    ids = [m.str("InstanceId", required=True) for m in p.structs("Instances", member=True)]
    if not ids:
        raise p.missing("Instances")
    return ids


@action("RegisterInstancesWithLoadBalancer")
def register_instances(w, p, ctx):
    lb = get_lb(w, name_of(p))
    for iid in instance_ids(p):
        i = w.instances.get(iid)
        if i is None or w.fresh(iid) or i["vpc"] != lb["vpc"]:
            raise AwsError("InvalidInstance", f"The requested instance is not valid: "
                           f"Could not find EC2 instance {iid}.")
        if i["state"] in ("shutting-down", "terminated"):
            raise AwsError("InvalidInstance", f"EC2 instance {iid} is not in running state.")
        register(w, lb, iid)
    return {"Instances": [{"InstanceId": i} for i in lb["instances"]]}


@action("DeregisterInstancesFromLoadBalancer")
def deregister_instances(w, p, ctx):
    lb = get_lb(w, name_of(p))
    ids = instance_ids(p)
    for iid in ids:
        if iid not in lb["instances"]:
            raise AwsError("InvalidInstance", f"The requested instance is not valid: "
                           f"{iid} is not registered with LoadBalancer {lb['name']}")
    for iid in ids:
        deregister(w, lb, iid)
    return {"Instances": [{"InstanceId": i} for i in lb["instances"]]}


@action("DescribeInstanceHealth")
def describe_instance_health(w, p, ctx):
    lb = get_lb(w, name_of(p))
    ids = [m.str("InstanceId", required=True) for m in p.structs("Instances", member=True)]
    for iid in ids:
        if iid not in lb["instances"] and iid not in lb["draining"]:
            raise AwsError("InvalidInstance", f"The requested instance is not valid: "
                           f"{iid} is not registered with LoadBalancer {lb['name']}")
    ids = ids or list(lb["instances"]) + [i for i in lb["draining"] if i not in lb["instances"]]
    return {"InstanceStates": [render_health(w, lb, iid) for iid in ids]}


@action("AddTags")
def add_tags(w, p, ctx):
    names = p.members("LoadBalancerNames")
    tags = parse_tags(p)
    if not names or not tags:
        raise p.missing("LoadBalancerNames" if not names else "Tags")
    lbs = [get_lb(w, n) for n in names]
    for lb in lbs:
        if len(set(lb["tags"]) | set(tags)) > 10:
            raise AwsError("TooManyTags", f"Too many tags for {lb['name']}: at most 10")
    for lb in lbs:
        lb["tags"].update(tags)
    return {}


@action("RemoveTags")
def remove_tags(w, p, ctx):
    names = p.members("LoadBalancerNames")
    keys = parse_tags(p, need_value=False)
    for lb in [get_lb(w, n) for n in names]:
        for k in keys:
            lb["tags"].pop(k, None)
    return {}


@action("DescribeTags")
def describe_tags(w, p, ctx):
    names = p.members("LoadBalancerNames")
    if not names:
        raise p.missing("LoadBalancerNames")
    if len(names) > 20:
        raise AwsError("ValidationError", "At most 20 LoadBalancerNames")
    return {"TagDescriptions": [
        {"LoadBalancerName": n, "Tags": [{"Key": k, "Value": v}
                                         for k, v in get_lb(w, n)["tags"].items()]}
        for n in names]}


@action("AttachLoadBalancerToSubnets")
def attach_to_subnets(w, p, ctx):
    lb = get_lb(w, name_of(p))
    ids = p.members("Subnets")
    if not ids:
        raise p.missing("Subnets")
    merged = list(dict.fromkeys(lb["subnets"] + ids))
    subnets = resolve_subnets(w, merged, lb["vpc"])
    lb["subnets"], lb["azs"] = merged, sorted(s["az"] for s in subnets)
    return {"Subnets": lb["subnets"]}


@action("DetachLoadBalancerFromSubnets")
def detach_from_subnets(w, p, ctx):
    lb = get_lb(w, name_of(p))
    ids = p.members("Subnets")
    if not ids:
        raise p.missing("Subnets")
    left = [s for s in lb["subnets"] if s not in ids]
    if not left:
        raise AwsError("InvalidConfigurationRequest", "LoadBalancer must be attached to at "
                       "least one subnet", status=409)
    lb["subnets"] = left
    lb["azs"] = sorted(w.subnets[s]["az"] for s in left if s in w.subnets)
    return {"Subnets": left}


@action("ApplySecurityGroupsToLoadBalancer")
def apply_security_groups(w, p, ctx):
    lb = get_lb(w, name_of(p))
    ids = p.members("SecurityGroups")
    if not ids:
        raise p.missing("SecurityGroups")
    lb["sgs"] = resolve_groups(w, ids, lb["vpc"])
    lb["source_group"] = w.sgs[ids[0]]["name"]
    return {"SecurityGroups": lb["sgs"]}


def dump(w):
    return [dict(render_lb(w, lb), Tags=dict(lb["tags"]),
                 Attributes=lb["attrs"],
                 InstanceHealth=[render_health(w, lb, i) for i in lb["instances"]],
                 Draining=sorted(lb["draining"]))
            for lb in w.lbs.values()]
