"""Elastic Load Balancing v2 target groups in the emulator: create/modify/delete, attributes
(deregistration_delay.timeout_seconds...), RegisterTargets / DeregisterTargets, and the
simulated target health that rollouts watch: initial -> healthy after interval x healthy
threshold, unhealthy with AWS's reasons, draining for the deregistration delay, unused when
no load balancer sends traffic. Also the traffic model. Defines the v2 ACTIONS table that
elbv2.py (load balancers, listeners, rules, tags) adds to. No HTTP here."""

import re

import ec2
from protocol import AwsError, paginate
from world import ACCOUNT

ACTIONS = {}
PROTOCOLS = ("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP")
HTTP_LIKE = ("HTTP", "HTTPS")
NAME_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")
HC_ALLOWED = {"HealthCheckIntervalSeconds": (5, 300), "HealthCheckTimeoutSeconds": (2, 120),
              "HealthyThresholdCount": (2, 10), "UnhealthyThresholdCount": (2, 10)}


def action(name):
    def reg(fn):
        ACTIONS[name] = fn
        return fn
    return reg


def hexid(w):
    return f"{w.rng.getrandbits(64):016x}"


def arn(ctx, kind, rest):
    return f"arn:aws:elasticloadbalancing:{ctx.region}:{ACCOUNT}:{kind}/{rest}"


def get_tg(w, tg_arn, client=True):
    tg = w.target_groups.get(tg_arn)
    if tg is None or (client and w.fresh(tg_arn)):
        raise AwsError("TargetGroupNotFound", f"Target groups '{tg_arn}' not found")
    return tg


def forward_arns(actions):
    """The target group ARNs a list of (rendered) actions forwards to."""
    out = []
    for a in actions:
        if a["Type"] != "forward":
            continue
        if a.get("TargetGroupArn"):
            out.append(a["TargetGroupArn"])
        for t in (a.get("ForwardConfig") or {}).get("TargetGroups", []):
            out.append(t["TargetGroupArn"])
    return list(dict.fromkeys(out))


def lbs_of(w, tg):
    """The load balancers whose listeners or rules forward to a target group."""
    out = []
    for lst in w.listeners.values():
        actions = list(lst["actions"])
        for r in w.rules.values():
            if r["listener"] == lst["arn"]:
                actions += r["actions"]
        if tg["arn"] in forward_arns(actions) and lst["lb"] not in out:
            out.append(lst["lb"])
    return out


# ---------------------------------------------------------------- health simulation

def _checks_passed(w, tg, t, i, when):
    """Had the health checks marked target t healthy by simulated time `when`?"""
    if i["running_at"] is None or not ec2.image_healthy(w, i["image"]):
        return False
    return when >= max(t["since"], i["running_at"]) + \
        tg["hc"]["HealthyThresholdCount"] * tg["hc"]["HealthCheckIntervalSeconds"]


def health(w, tg, iid):
    """(State, Reason, Description) of a target as AWS reports it; Reason None when healthy."""
    now, hc = w.now(), tg["hc"]
    t = tg["targets"].get(iid)
    if t is None:
        if iid in tg["draining"]:
            return "draining", "Target.DeregistrationInProgress", \
                "Target deregistration is in progress"
        return "unused", "Target.NotRegistered", "Target is not registered to the target group"
    lbs = [w.v2_lbs[a] for a in lbs_of(w, tg) if a in w.v2_lbs]
    if not lbs:
        return "unused", "Target.NotInUse", ("Target group is not configured to receive "
                                             "traffic from the load balancer")
    i = w.instances.get(iid)
    if i is None:
        return "unused", "Target.InvalidState", "Target is in the terminated state"
    if not any(i["az"] in lb["azs"] for lb in lbs):
        return "unused", "Target.NotInUse", ("Target is in an Availability Zone that is not "
                                             "enabled for the load balancer")
    if i["state"] in ("shutting-down", "terminated", "stopping", "stopped"):
        # it keeps getting traffic until UnhealthyThreshold checks have failed
        end = i["term_at"] or now
        if _checks_passed(w, tg, t, i, end) and \
                now < end + hc["UnhealthyThresholdCount"] * hc["HealthCheckIntervalSeconds"]:
            return "healthy", None, None
        return "unused", "Target.InvalidState", f"Target is in the {i['state']} state"
    if not hc["HealthCheckEnabled"]:
        return "unavailable", "Target.HealthCheckDisabled", "Health checks are disabled"
    if i["state"] != "running":
        return "initial", "Elb.RegistrationInProgress", "Target registration is in progress"
    if _checks_passed(w, tg, t, i, now):
        return "healthy", None, None
    base = max(t["since"], i["running_at"])
    if not ec2.image_healthy(w, i["image"]) and \
            now >= base + hc["UnhealthyThresholdCount"] * hc["HealthCheckIntervalSeconds"]:
        if hc["HealthCheckProtocol"] in HTTP_LIKE:
            return "unhealthy", "Target.ResponseCodeMismatch", \
                "Health checks failed with these codes: [502]"
        return "unhealthy", "Target.FailedHealthChecks", "Health checks failed"
    return "initial", "Elb.InitialHealthChecking", "Initial health checks in progress"


def tick(w):
    now = w.now()
    for tg in w.target_groups.values():
        for iid, until in list(tg["draining"].items()):
            if now >= until:
                del tg["draining"][iid]


def register(w, tg, iid, port=None):
    tg["draining"].pop(iid, None)
    tg["targets"].setdefault(iid, {"port": port or tg["port"], "since": w.now()})


def deregister(w, tg, iid):
    """Remove a target; it drains for deregistration_delay unless no load balancer uses the
    group (AWS then removes it at once)."""
    if iid not in tg["targets"]:
        return
    state = health(w, tg, iid)[0]
    delay = int(tg["attrs"]["deregistration_delay.timeout_seconds"])
    del tg["targets"][iid]
    if delay > 0 and state not in ("unused",):
        tg["draining"][iid] = w.now() + delay


def route_traffic(w, tg_ref, requests):
    """Send requests round-robin to a target group's healthy targets. AWS fails open (routes
    to every target) when none is healthy; a zero-downtime rollout must never get there, so
    the emulator counts those requests as no_healthy instead."""
    tg = w.target_groups.get(tg_ref) or next(
        (g for g in w.target_groups.values() if g["name"] == tg_ref), None)
    if tg is None:
        raise AwsError("TargetGroupNotFound", f"Target groups '{tg_ref}' not found")
    targets = [iid for iid in tg["targets"] if health(w, tg, iid)[0] == "healthy"]
    counts = {iid: 0 for iid in targets}
    dying = lost = 0
    if not targets:
        lost = requests
    else:
        cursor = w._rr.get(tg["arn"], 0)
        for k in range(requests):
            iid = targets[(cursor + k) % len(targets)]
            counts[iid] += 1
            if w.instances.get(iid, {"state": "terminated"})["state"] != "running":
                dying += 1
        w._rr[tg["arn"]] = cursor + requests
    w.traffic["routed"] += requests - lost
    w.traffic["routed_to_terminating"] += dying
    w.traffic["no_inservice"] += lost
    return {"target_group": tg["name"], "requests": requests, "served": requests - lost - dying,
            "per_instance": counts, "hit_terminating": dying, "no_healthy": lost,
            "draining": sorted(tg["draining"]), "healthy": targets}


# ---------------------------------------------------------------- rendering

def render_tg(w, tg):
    hc = tg["hc"]
    out = {"TargetGroupArn": tg["arn"], "TargetGroupName": tg["name"],
           "Protocol": tg["protocol"], "Port": tg["port"], "VpcId": tg["vpc"]}
    out.update(hc)
    out.update(LoadBalancerArns=lbs_of(w, tg), TargetType="instance",
               ProtocolVersion="HTTP1" if tg["protocol"] in HTTP_LIKE else None,
               IpAddressType="ipv4")
    if tg["matcher"]:
        out["Matcher"] = {"HttpCode": tg["matcher"]}
    return out


def render_health(w, tg, iid):
    state, reason, desc = health(w, tg, iid)
    t = tg["targets"].get(iid)
    i = w.instances.get(iid)
    target = {"Id": iid, "Port": t["port"] if t else tg["port"]}
    if i:
        target["AvailabilityZone"] = i["az"]
    port = tg["hc"]["HealthCheckPort"]
    return {"Target": target, "HealthCheckPort": str(target["Port"]) if port == "traffic-port"
            else port, "TargetHealth": {"State": state, "Reason": reason, "Description": desc}}


# ---------------------------------------------------------------- target groups

def health_check(p, protocol, old=None):
    """The health check settings of a create (old None: AWS's defaults) or a modify."""
    http = protocol in HTTP_LIKE
    hc = dict(old) if old else {
        "HealthCheckProtocol": "HTTP" if http else "TCP", "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": True, "HealthCheckIntervalSeconds": 30,
        "HealthCheckTimeoutSeconds": 5 if http else 10, "HealthyThresholdCount": 5,
        "UnhealthyThresholdCount": 2, "HealthCheckPath": "/" if http else None}
    if p.str("HealthCheckProtocol"):
        hp = p.str("HealthCheckProtocol")
        if hp not in ("HTTP", "HTTPS", "TCP"):
            raise AwsError("ValidationError", f"Health check protocol '{hp}' must be one of "
                           "HTTP, HTTPS, TCP")
        if http and hp == "TCP":
            raise AwsError("ValidationError", f"Health check protocol 'TCP' is not supported "
                           f"for target groups with the {protocol} protocol")
        hc["HealthCheckProtocol"] = hp
        if hp in HTTP_LIKE and not hc["HealthCheckPath"]:
            hc["HealthCheckPath"] = "/"
    port = p.str("HealthCheckPort")
    if port is not None:
        if port != "traffic-port" and not (port.isdigit() and 1 <= int(port) <= 65535):
            raise AwsError("ValidationError", f"Health check port '{port}' must be "
                           "'traffic-port' or between 1 and 65535")
        hc["HealthCheckPort"] = port
    for k, (lo, hi) in HC_ALLOWED.items():
        v = p.int(k)
        if v is not None:
            if not lo <= v <= hi:
                raise AwsError("ValidationError", f"{k} must be between {lo} and {hi}; "
                               f"{v} is not")
            hc[k] = v
    if p.str("HealthCheckPath") is not None:
        path = p.str("HealthCheckPath")
        if hc["HealthCheckProtocol"] not in HTTP_LIKE:
            raise AwsError("ValidationError", "A health check path can only be set for HTTP "
                           "or HTTPS health checks")
        if not path.startswith("/") or len(path) > 1024:
            raise AwsError("ValidationError", f"Health check path '{path}' must start with '/' "
                           "and be at most 1024 characters")
        hc["HealthCheckPath"] = path
    if p.str("HealthCheckEnabled") is not None:
        hc["HealthCheckEnabled"] = p.bool("HealthCheckEnabled")
    if hc["HealthCheckTimeoutSeconds"] >= hc["HealthCheckIntervalSeconds"]:
        raise AwsError("ValidationError", "Health check timeout "
                       f"'{hc['HealthCheckTimeoutSeconds']}' must be smaller than the interval "
                       f"'{hc['HealthCheckIntervalSeconds']}'")
    return hc


def matcher(p, hc, old):
    code = p.str("Matcher.HttpCode")
    if code is None:
        return old if old is not None else ("200" if hc["HealthCheckProtocol"] in HTTP_LIKE
                                            else None)
    if not re.fullmatch(r"\d{3}((,\d{3})*|-\d{3})", code) or \
            any(not 200 <= int(c) <= 499 for c in re.split(r"[,-]", code)):
        raise AwsError("ValidationError", f"Health check matcher HTTP code '{code}' must be "
                       "within '200-499'")
    return code


def default_attrs(protocol):
    if protocol in HTTP_LIKE:
        return {"deregistration_delay.timeout_seconds": "300", "stickiness.enabled": "false",
                "stickiness.type": "lb_cookie",
                "stickiness.lb_cookie.duration_seconds": "86400",
                "slow_start.duration_seconds": "0",
                "load_balancing.algorithm.type": "round_robin",
                "load_balancing.cross_zone.enabled": "use_load_balancer_configuration"}
    return {"deregistration_delay.timeout_seconds": "300",
            "deregistration_delay.connection_termination.enabled": "false",
            "proxy_protocol_v2.enabled": "false", "preserve_client_ip.enabled": "true",
            "stickiness.enabled": "false", "stickiness.type": "source_ip",
            "load_balancing.cross_zone.enabled": "use_load_balancer_configuration"}


@action("CreateTargetGroup")
def create_target_group(w, p, ctx):
    import elbv2   # here, not at the top: elbv2 builds on this module
    name = p.str("Name", required=True)
    if not NAME_RE.fullmatch(name):
        raise AwsError("ValidationError", f"Target group name '{name}' can have a maximum of "
                       "32 characters, and only alphanumeric characters and hyphens, not "
                       "starting or ending with a hyphen")
    ttype = p.str("TargetType", "instance")
    if ttype != "instance":
        raise AwsError("ValidationError", f"Target type '{ttype}' is not emulated by awsemu "
                       "(instance is)")
    protocol, port, vpc = p.str("Protocol"), p.int("Port"), p.str("VpcId")
    if not (protocol and port and vpc):
        raise AwsError("ValidationError", "A protocol, a port and a VPC ID must be specified "
                       "for target groups with target type 'instance'")
    if protocol not in PROTOCOLS:
        raise AwsError("ValidationError", f"Protocol '{protocol}' must be one of "
                       + ", ".join(PROTOCOLS))
    if not 1 <= port <= 65535:
        raise AwsError("ValidationError", f"Port '{port}' must be between 1 and 65535")
    try:
        ec2.get(w, "vpc", vpc)
    except AwsError:
        raise AwsError("ValidationError", f"The VPC ID '{vpc}' is not found") from None
    hc = health_check(p, protocol)
    code = matcher(p, hc, None)
    tags = elbv2.parse_tags(p)
    for tg in w.target_groups.values():
        if tg["name"] == name:
            if (tg["protocol"], tg["port"], tg["vpc"], tg["hc"], tg["matcher"]) == \
                    (protocol, port, vpc, hc, code):
                return {"TargetGroups": [render_tg(w, tg)]}   # AWS: idempotent
            raise AwsError("DuplicateTargetGroupName", "A target group with the same name "
                           f"'{name}' exists, but with different settings")
    if len(w.target_groups) >= 3000:
        raise AwsError("TooManyTargetGroups", "You've reached the limit on the number of "
                       "target groups for your AWS account")
    tg_arn = arn(ctx, "targetgroup", f"{name}/{hexid(w)}")
    tg = w.target_groups[tg_arn] = {
        "arn": tg_arn, "name": name, "protocol": protocol, "port": port, "vpc": vpc, "hc": hc,
        "matcher": code, "attrs": default_attrs(protocol), "targets": {},
        "draining": {}, "tags": tags}
    w.created(tg_arn)
    return {"TargetGroups": [render_tg(w, tg)]}


@action("ModifyTargetGroup")
def modify_target_group(w, p, ctx):
    tg = get_tg(w, p.str("TargetGroupArn", required=True))
    hc = health_check(p, tg["protocol"], tg["hc"])
    tg["matcher"] = matcher(p, hc, tg["matcher"])
    tg["hc"] = hc
    return {"TargetGroups": [render_tg(w, tg)]}


@action("DescribeTargetGroups")
def describe_target_groups(w, p, ctx):
    arns, names = p.members("TargetGroupArns"), p.members("Names")
    lb_arn = p.str("LoadBalancerArn")
    if sum(map(bool, (arns, names, lb_arn))) > 1:
        raise AwsError("ValidationError", "Only one of TargetGroupArns, Names or "
                       "LoadBalancerArn can be specified")
    if arns:
        groups = [get_tg(w, a) for a in arns]
    elif names:
        groups = []
        for n in names:
            found = [g for g in w.target_groups.values() if g["name"] == n and
                     not w.fresh(g["arn"])]
            if not found:
                raise AwsError("TargetGroupNotFound", f"One or more target groups not found")
            groups += found
    else:
        groups = [g for g in w.target_groups.values() if not w.fresh(g["arn"])]
        if lb_arn:
            import elbv2
            elbv2.get_lb(w, lb_arn)
            groups = [g for g in groups if lb_arn in lbs_of(w, g)]
    page, marker = paginate(groups, p.int("PageSize", lo=1, hi=400), p.str("Marker"))
    return {"TargetGroups": [render_tg(w, g) for g in page], "NextMarker": marker}


@action("DeleteTargetGroup")
def delete_target_group(w, p, ctx):
    tg_arn = p.str("TargetGroupArn", required=True)
    tg = w.target_groups.get(tg_arn)
    if tg is None:
        return {}   # AWS: deleting a target group that is gone succeeds
    if lbs_of(w, tg):
        raise AwsError("ResourceInUse", f"Target group '{tg_arn}' is currently in use by a "
                       "listener or a rule")
    for g in w.groups.values():
        if tg_arn in g.get("tgs", []):
            g["tgs"].remove(tg_arn)
    del w.target_groups[tg_arn]
    return {}


def attribute_changes(p, known, check):
    """{key: value} from Attributes.member.N, every key one the resource has, each value
    passed through check(key, value) (which raises AWS's error)."""
    changes = {}
    for a in p.structs("Attributes", member=True):
        key, value = a.str("Key", required=True), a.str("Value", "")
        if key not in known:
            raise AwsError("InvalidConfigurationRequest", f"The attribute key '{key}' is not "
                           "recognized")
        check(key, value)
        changes[key] = value
    return changes


def check_attr(key, value):
    if key == "deregistration_delay.timeout_seconds":
        if not value.isdigit() or not 0 <= int(value) <= 3600:
            raise AwsError("ValidationError", "'deregistration_delay.timeout_seconds' must be "
                           f"between 0 and 3600 seconds; '{value}' is not")
    elif key.endswith(".enabled") and value not in ("true", "false"):
        if not (key == "load_balancing.cross_zone.enabled" and
                value == "use_load_balancer_configuration"):
            raise AwsError("ValidationError", f"'{key}' must be 'true' or 'false'")
    elif key.endswith("_seconds") and not value.isdigit():
        raise AwsError("ValidationError", f"'{key}' must be a number of seconds")


@action("ModifyTargetGroupAttributes")
def modify_target_group_attributes(w, p, ctx):
    tg = get_tg(w, p.str("TargetGroupArn", required=True))
    tg["attrs"].update(attribute_changes(p, tg["attrs"], check_attr))
    return {"Attributes": [{"Key": k, "Value": v} for k, v in tg["attrs"].items()]}


@action("DescribeTargetGroupAttributes")
def describe_target_group_attributes(w, p, ctx):
    tg = get_tg(w, p.str("TargetGroupArn", required=True))
    return {"Attributes": [{"Key": k, "Value": v} for k, v in tg["attrs"].items()]}


# ---------------------------------------------------------------- targets

def targets_of(p):
    out = [(t.str("Id", required=True), t.int("Port", lo=1, hi=65535))
           for t in p.structs("Targets", member=True)]
    if not out:
        raise p.missing("Targets")
    return out


@action("RegisterTargets")
def register_targets(w, p, ctx):
    tg = get_tg(w, p.str("TargetGroupArn", required=True))
    targets = targets_of(p)
    for iid, _ in targets:
        i = w.instances.get(iid)
        if i is None or w.fresh(iid) or i["vpc"] != tg["vpc"]:
            raise AwsError("InvalidTarget", f"The following targets are not in the target "
                           f"group's VPC '{tg['vpc']}': '{iid}'" if i else
                           f"The following targets are not valid instances: '{iid}'")
        if i["state"] not in ("pending", "running"):
            raise AwsError("InvalidTarget", "The following targets are not in a running state "
                           f"and cannot be registered: '{iid}'")
    for iid, port in targets:
        register(w, tg, iid, port)
    return {}


@action("DeregisterTargets")
def deregister_targets(w, p, ctx):
    tg = get_tg(w, p.str("TargetGroupArn", required=True))
    targets = targets_of(p)
    for iid, _ in targets:
        if iid not in tg["targets"] and iid not in tg["draining"]:
            raise AwsError("InvalidTarget", f"The following targets are not registered in "
                           f"target group '{tg['arn']}': '{iid}'")
    for iid, _ in targets:
        deregister(w, tg, iid)
    return {}


@action("DescribeTargetHealth")
def describe_target_health(w, p, ctx):
    tg = get_tg(w, p.str("TargetGroupArn", required=True))
    asked = [t.str("Id", required=True) for t in p.structs("Targets", member=True)]
    for iid in asked:
        if not re.fullmatch(r"i-[0-9a-f]+", iid):
            raise AwsError("InvalidTarget", f"The following targets are not valid instances: "
                           f"'{iid}'")
    ids = asked or list(tg["targets"]) + [i for i in tg["draining"] if i not in tg["targets"]]
    return {"TargetHealthDescriptions": [render_health(w, tg, iid) for iid in ids]}
