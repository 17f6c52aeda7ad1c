"""Auto Scaling actions of the emulator (launch configurations, groups launched from a launch
configuration, a launch template or a mixed instances policy, classic ELBs and ELBv2 target
groups, tags, activities) and the reconcile step the background thread runs: launch to
desired capacity, register with ELBs and target groups, replace unhealthy instances, drain
and terminate, finish deletions. Instance refresh and scaling policies / scheduled actions
are in autoscaling_refresh.py and autoscaling_policies.py. No HTTP here."""

import base64
import binascii

import ec2
import ec2_lt
import elb
import elbv2_targets
from protocol import Params
from protocol import AwsError, apply_filters, paginate
from world import ACCOUNT, iso_now

ACTIONS = {}
LAUNCH_RETRY = 10.0   # simulated seconds between failed launch attempts
ACTIVE = ("Pending", "InService")


def action(name):
    def reg(fn):
        ACTIONS[name] = fn
        return fn
    return reg


def not_found(name):
    return AwsError("ValidationError", f"AutoScalingGroup name not found - AutoScalingGroup "
                    f"'{name}' not found")


def get_group(w, name, client=True):
    g = w.groups.get(name)
    if g is None or (client and w.fresh("asg:" + name)):
        raise not_found(name)
    return g


def get_lc(w, name):
    lc = w.lcs.get(name)
    if lc is None or w.fresh("lc:" + name):
        raise AwsError("ValidationError", f"Launch configuration name not found - Launch "
                       f"configuration {name} not found")
    return lc


def uuid(w):
    h = f"{w.rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def page_of(p, rows, default, most):
    """MaxRecords / NextToken paging, as every Auto Scaling Describe* does it."""
    return paginate(rows, p.int("MaxRecords", default, lo=1, hi=most), p.str("NextToken"))


def region_of(ctx):
    return ctx.region if ctx else "us-east-1"


# ---------------------------------------------------------------- activities

def activity(w, g, description, cause, status="InProgress", message=None):
    a = {"ActivityId": uuid(w), "AutoScalingGroupName": g["name"], "Description": description,
         "Cause": f"At {iso_now()[:19]}Z {cause}", "StartTime": iso_now(), "EndTime": None,
         "StatusCode": status, "StatusMessage": message,
         "Progress": 100 if status != "InProgress" else 50,
         "Details": "{}"}
    if status != "InProgress":
        a["EndTime"] = a["StartTime"]
    w.activities.append(a)
    return a


def finish(a, status="Successful", message=None):
    if a and a["StatusCode"] == "InProgress":
        a.update(StatusCode=status, StatusMessage=message, Progress=100, EndTime=iso_now())


# ---------------------------------------------------------------- reconcile

def begin_terminate(w, g, iid, cause):
    gi = g["instances"][iid]
    if gi["lifecycle"] in ("Terminating", "Terminated"):
        return
    gi["lifecycle"] = "Terminating"
    gi["activity"] = activity(w, g, f"Terminating EC2 instance: {iid}", cause)
    for kind, (table, _, deregister, _) in ATTACHMENTS.items():
        for key in g[kind]:
            if key in table(w):
                deregister(w, table(w)[key], iid)


def draining(w, g, iid):
    """Is the instance still draining from one of the group's ELBs or target groups?"""
    return any(iid in table(w)[key]["draining"] for kind, (table, *_) in ATTACHMENTS.items()
               for key in g[kind] if key in table(w))


# ---------------------------------------------------------------- launch sources

def source_of(p, prefix=""):
    """The group's launch source from a request: ("lc", name), ("lt", spec) or
    ("mip", policy); None when the request names none. More than one is an error."""
    given = []
    if p.str(prefix + "LaunchConfigurationName"):
        given.append(("lc", p.str(prefix + "LaunchConfigurationName")))
    if p.has_prefix(prefix + "LaunchTemplate"):
        given.append(("lt", lt_spec(p.struct(prefix + "LaunchTemplate"))))
    if p.has_prefix(prefix + "MixedInstancesPolicy"):
        m = p.struct(prefix + "MixedInstancesPolicy")
        overrides = [{"InstanceType": o.str("InstanceType"),
                      "WeightedCapacity": o.str("WeightedCapacity")}
                     for o in m.structs("LaunchTemplate.Overrides", member=True)]
        dist = m.struct("InstancesDistribution")
        given.append(("mip", {
            "lt": lt_spec(m.struct("LaunchTemplate.LaunchTemplateSpecification")),
            "overrides": overrides,
            "dist": {"OnDemandAllocationStrategy": dist.str("OnDemandAllocationStrategy",
                                                            "prioritized"),
                     "OnDemandBaseCapacity": dist.int("OnDemandBaseCapacity", 0),
                     "OnDemandPercentageAboveBaseCapacity":
                     dist.int("OnDemandPercentageAboveBaseCapacity", 100),
                     "SpotAllocationStrategy": dist.str("SpotAllocationStrategy",
                                                        "lowest-price"),
                     "SpotInstancePools": dist.int("SpotInstancePools", 2)}}))
    if len(given) > 1:
        raise AwsError("ValidationError", "Valid requests must contain either "
                       "LaunchTemplate, LaunchConfigurationName, InstanceId or "
                       "MixedInstancesPolicy parameter.")
    return given[0] if given else None


def lt_spec(p):
    return {"LaunchTemplateId": p.str("LaunchTemplateId"),
            "LaunchTemplateName": p.str("LaunchTemplateName"),
            "Version": p.str("Version", "$Default")}


def resolve_source(w, source):
    """Check a launch source as AWS does at CreateAutoScalingGroup; the template spec comes
    back with both its id and its name."""
    kind, value = source
    if kind == "lc":
        get_lc(w, value)
        return source
    spec = value if kind == "lt" else value["lt"]
    try:
        t, _, data = ec2_lt.resolve(w, spec["LaunchTemplateId"], spec["LaunchTemplateName"],
                                    spec["Version"])
    except AwsError as e:
        raise AwsError("ValidationError", "You must use a valid fully-formed launch template. "
                       + e.message) from None
    if not data.get("imageId"):
        raise AwsError("ValidationError", "You must use a valid fully-formed launch template. "
                       "The launch template has no image id (ImageId)")
    full = dict(spec, LaunchTemplateId=t["id"], LaunchTemplateName=t["name"])
    if kind == "lt":
        return ("lt", full)
    if value["overrides"] and not all(o["InstanceType"] for o in value["overrides"]):
        raise AwsError("ValidationError", "Each override needs an InstanceType")
    return ("mip", dict(value, lt=full))


def source_key(w, source):
    """What an instance launched now from this source is: ("lc", name) or ("lt", id, n)."""
    kind, value = source
    if kind == "lc":
        return source
    spec = value if kind == "lt" else value["lt"]
    t = w.launch_templates.get(spec["LaunchTemplateId"])
    n = ec2_lt.version_number(t, spec["Version"]) if t else None
    return ("lt", spec["LaunchTemplateId"], n)


def launch_kwargs(w, g, source):
    """ec2.launch arguments for one instance of the group, and its source key."""
    kind, value = source
    if kind == "lc":
        lc = w.lcs.get(value)
        if lc is None:
            raise AwsError("ValidationError", f"Launch configuration {value} not found")
        return {"image_id": lc["image"], "itype": lc["type"], "sg_ids": lc["sgs"],
                "key": lc["key"], "user_data": lc["user_data"], "public": lc["public"],
                # the profile is not looked up: configurations older than the emulator's
                # IAM name profiles it never saw, and AWS checks them only at launch
                "monitoring": lc["monitoring"], "tags": {}}, source
    spec = value if kind == "lt" else value["lt"]
    t, n, args = ec2_lt.template_launch_args(w, Params({
        "LaunchTemplateId": spec["LaunchTemplateId"], "Version": spec["Version"]}),
        client=False)
    args.pop("subnet_id")   # the group's subnets decide
    args["sg_ids"] = args["sg_ids"] + ec2_lt.names_to_ids(w, args.pop("sg_names"), None)
    args.pop("disable_api_termination")
    if kind == "mip" and value["overrides"]:
        args["itype"] = value["overrides"][0]["InstanceType"]   # prioritized: the first
    args["itype"] = args["itype"] or "m1.small"   # RunInstances' own default
    return args, ("lt", t["id"], n)


def launch_one(w, g, source=None):
    """Launch one instance; `source` (an instance refresh's desired configuration) replaces
    the group's own launch source."""
    counts = {s: 0 for s in g["subnets"]}
    for iid, gi in g["instances"].items():
        if gi["lifecycle"] in ACTIVE and gi["subnet"] in counts:
            counts[gi["subnet"]] += 1
    subnet = min(g["subnets"], key=lambda s: counts[s]) if g["subnets"] else None
    tags = {k: v for k, (v, prop) in g["tags"].items() if prop}
    tags["aws:autoscaling:groupName"] = g["name"]
    cause = ("an instance was started in response to a difference between desired and "
             "actual capacity, increasing the capacity")
    try:
        kw, key = launch_kwargs(w, g, source or g["source"])
        kw["tags"] = dict(kw["tags"], **tags)
        region = w.subnets[subnet]["region"] if subnet in w.subnets else "us-east-1"
        _, (inst,) = ec2.launch(w, region, subnet_id=subnet, client=False, **kw)
    except AwsError as e:
        activity(w, g, "Launching a new EC2 instance.  Status Reason: " + e.message, cause,
                 status="Failed", message=f"{e.message}. Launching EC2 instance failed.")
        g["retry_at"] = w.now() + LAUNCH_RETRY
        return
    g["instances"][inst["id"]] = {
        "lifecycle": "Pending", "health": "Healthy", "key": key, "subnet": subnet,
        "az": inst["az"], "launched_at": w.now(), "type": inst["type"], "protected":
        g["protect"], "activity": activity(w, g, f"Launching a new EC2 instance: "
                                              f"{inst['id']}", cause)}


def unhealthy_reason(w, g, iid, gi):
    i = w.instances.get(iid)
    if gi["health"] == "Unhealthy":
        return "an instance was taken out of service in response to a user health-check."
    if i is None or i["state"] in ("shutting-down", "terminated", "stopping", "stopped"):
        return ("an instance was taken out of service in response to an EC2 instance status "
                "check failure.")
    if g["hc_type"] == "ELB" and gi["lifecycle"] == "InService" and \
            w.now() >= gi["launched_at"] + g["grace"]:
        for name in g["lbs"]:
            lb = w.lbs.get(name)
            if lb and iid in lb["instances"] and elb.health(w, lb, iid)[1] == "Instance":
                return ("an instance was taken out of service in response to an ELB system "
                        "health check failure.")
        for tg_arn in g["tgs"]:
            tg = w.target_groups.get(tg_arn)
            if tg and iid in tg["targets"] and \
                    elbv2_targets.health(w, tg, iid)[0] == "unhealthy":
                return ("an instance was taken out of service in response to an ELB system "
                        "health check failure.")
    return None


def victims(w, g, n):
    """Which n active instances to remove, following the group's termination policies."""
    active = [(iid, gi) for iid, gi in g["instances"].items()
              if gi["lifecycle"] in ACTIVE and not gi["protected"]]
    per_az = {}
    for _, gi in active:
        per_az[gi["az"]] = per_az.get(gi["az"], 0) + 1
    policy = (g["policies"] or ["Default"])[0]

    def key(item):
        _, gi = item
        age = gi["launched_at"] if policy == "OldestInstance" else -gi["launched_at"]
        return (-per_az[gi["az"]], gi["key"] == current, age)
    current = source_key(w, g["source"])
    return [iid for iid, _ in sorted(active, key=key)[:n]]


def reconcile(w, g):
    now = w.now()
    for iid, gi in list(g["instances"].items()):
        i = w.instances.get(iid)
        state = i["state"] if i else "terminated"
        if gi["lifecycle"] == "Pending" and state == "running":
            gi["lifecycle"] = "InService"
            for kind, (table, register, _, _) in ATTACHMENTS.items():
                for key in g[kind]:
                    if key in table(w):
                        register(w, table(w)[key], iid)
            finish(gi.get("activity"))
        if gi["lifecycle"] in ACTIVE:
            why = unhealthy_reason(w, g, iid, gi)
            if why:
                gi["health"] = "Unhealthy"
                begin_terminate(w, g, iid, why)
        if gi["lifecycle"] == "Terminating":
            if draining(w, g, iid):
                continue
            if i and i["state"] not in ("shutting-down", "terminated"):
                ec2.terminate(w, i)
            if i is None or i["state"] == "terminated":
                del g["instances"][iid]
                finish(gi.get("activity"))
    if g["status"]:
        if not g["instances"]:
            del w.groups[g["name"]]
        return
    active = [iid for iid, gi in g["instances"].items() if gi["lifecycle"] in ACTIVE]
    if len(active) < g["desired"] and now >= g.get("retry_at", 0):
        refresh = g.get("refresh")
        for _ in range(g["desired"] - len(active)):
            launch_one(w, g, refresh and refresh.get("source"))
            if g.get("retry_at", 0) > now:
                break
    elif len(active) > g["desired"]:
        cause = ("an instance was taken out of service in response to a difference between "
                 "desired and actual capacity, shrinking the capacity")
        for iid in victims(w, g, len(active) - g["desired"]):
            begin_terminate(w, g, iid, cause)


def tick(w):
    for g in list(w.groups.values()):
        reconcile(w, g)


# ---------------------------------------------------------------- launch configurations

def render_lc(w, lc):
    out = {"LaunchConfigurationName": lc["name"], "LaunchConfigurationARN": lc["arn"],
           "ImageId": lc["image"], "KeyName": lc["key"] or "", "SecurityGroups": lc["sgs"],
           "ClassicLinkVPCSecurityGroups": [], "UserData": lc["user_data"] or "",
           "InstanceType": lc["type"], "KernelId": "", "RamdiskId": "",
           "BlockDeviceMappings": [], "InstanceMonitoring": {"Enabled": lc["monitoring"]},
           "SpotPrice": lc["spot"], "IamInstanceProfile": lc["profile"],
           "CreatedTime": lc["created"], "EbsOptimized": lc["ebs_optimized"],
           "AssociatePublicIpAddress": lc["public"], "PlacementTenancy": lc["tenancy"]}
    return out


@action("CreateLaunchConfiguration")
def create_launch_configuration(w, p, ctx):
    name = p.str("LaunchConfigurationName", required=True)
    if p.str("InstanceId"):
        raise AwsError("ValidationError", "Creating a launch configuration from InstanceId is "
                       "not supported by the emulator")
    image = p.str("ImageId")
    if not image:
        raise AwsError("ValidationError", "Valid requests must contain either the ImageId or "
                       "InstanceId parameter.")
    itype = p.str("InstanceType")
    if not itype:
        raise AwsError("ValidationError", "Valid requests must contain either the "
                       "InstanceType or InstanceId parameter.")
    if name in w.lcs:
        raise AwsError("AlreadyExists", "Launch Configuration by this name already exists - "
                       f"A launch configuration already exists with the name {name}")
    if image not in w.images:
        raise AwsError("ValidationError", f"AMI {image} is invalid: The image id '[{image}]' "
                       "does not exist" + ec2.image_hint(w))
    sgs = p.members("SecurityGroups")
    for gid in sgs:
        if gid not in w.sgs:
            raise AwsError("ValidationError", f"The security group '{gid}' does not exist")
    key = p.str("KeyName")
    if key and key not in w.keypairs:
        raise AwsError("ValidationError", f"The key pair '{key}' does not exist")
    user_data = p.str("UserData")
    if user_data:
        try:
            base64.b64decode(user_data, validate=True)
        except (binascii.Error, ValueError):
            raise AwsError("ValidationError", "Invalid BASE64 encoding of user data") from None
    w.lcs[name] = {
        "name": name, "image": image, "type": itype, "sgs": sgs, "key": key,
        "user_data": user_data, "public": p.bool("AssociatePublicIpAddress"),
        "monitoring": p.bool("InstanceMonitoring.Enabled", True),
        "spot": p.str("SpotPrice"), "profile": p.str("IamInstanceProfile"),
        "ebs_optimized": p.bool("EbsOptimized", False), "tenancy": p.str("PlacementTenancy"),
        "created": iso_now(),
        "arn": f"arn:aws:autoscaling:{region_of(ctx)}:{ACCOUNT}:launchConfiguration:"
               f"{uuid(w)}:launchConfigurationName/{name}"}
    w.created("lc:" + name)
    return None


@action("DescribeLaunchConfigurations")
def describe_launch_configurations(w, p, ctx):
    names = p.members("LaunchConfigurationNames")
    lcs = [w.lcs[n] for n in names if n in w.lcs and not w.fresh("lc:" + n)] if names else \
        [lc for lc in w.lcs.values() if not w.fresh("lc:" + lc["name"])]
    page, token = page_of(p, lcs, 50, 100)
    return {"LaunchConfigurations": [render_lc(w, lc) for lc in page], "NextToken": token}


@action("DeleteLaunchConfiguration")
def delete_launch_configuration(w, p, ctx):
    lc = get_lc(w, p.str("LaunchConfigurationName", required=True))
    users = [g["name"] for g in w.groups.values() if g["source"] == ("lc", lc["name"])]
    if users:
        raise AwsError("ResourceInUse", f"Cannot delete launch configuration {lc['name']} "
                       f"because it is attached to AutoScalingGroup {users[0]}")
    del w.lcs[lc["name"]]
    return None


# ---------------------------------------------------------------- groups

def render_instance(w, g, iid, gi):
    out = {"InstanceId": iid, "InstanceType": gi["type"], "AvailabilityZone": gi["az"],
           "LifecycleState": gi["lifecycle"], "HealthStatus": gi["health"]}
    if gi["key"][0] == "lc":
        out["LaunchConfigurationName"] = gi["key"][1]
    else:
        t = w.launch_templates.get(gi["key"][1])
        out["LaunchTemplate"] = {"LaunchTemplateId": gi["key"][1],
                                 "LaunchTemplateName": t["name"] if t else None,
                                 "Version": str(gi["key"][2])}
    out["ProtectedFromScaleIn"] = gi["protected"]
    return out


def render_source(source):
    """The group's launch source as DescribeAutoScalingGroups shows it."""
    kind, value = source
    if kind == "lc":
        return {"LaunchConfigurationName": value}
    if kind == "lt":
        return {"LaunchTemplate": dict(value)}
    return {"MixedInstancesPolicy": {
        "LaunchTemplate": {"LaunchTemplateSpecification": dict(value["lt"]),
                           "Overrides": [{k: v for k, v in o.items() if v is not None}
                                         for o in value["overrides"]]},
        "InstancesDistribution": value["dist"]}}


def render_tag(g, key):
    value, prop = g["tags"][key]
    return {"ResourceId": g["name"], "ResourceType": "auto-scaling-group", "Key": key,
            "Value": value, "PropagateAtLaunch": prop}


def render_group(w, g):
    return {"AutoScalingGroupName": g["name"], "AutoScalingGroupARN": g["arn"],
            **render_source(g["source"]), "MinSize": g["min"], "MaxSize": g["max"],
            "DesiredCapacity": g["desired"], "DefaultCooldown": g["cooldown"],
            "AvailabilityZones": g["azs"], "LoadBalancerNames": g["lbs"],
            "TargetGroupARNs": g["tgs"], "HealthCheckType": g["hc_type"],
            "HealthCheckGracePeriod": g["grace"],
            "Instances": [render_instance(w, g, iid, gi) for iid, gi in g["instances"].items()],
            "CreatedTime": g["created"], "SuspendedProcesses": [],
            "VPCZoneIdentifier": ",".join(g["subnets"]), "EnabledMetrics": [],
            "Status": g["status"], "Tags": [render_tag(g, k) for k in g["tags"]],
            "TerminationPolicies": g["policies"] or ["Default"],
            "NewInstancesProtectedFromScaleIn": g["protect"],
            "ServiceLinkedRoleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/"
            "autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
            "CapacityRebalance": False}


def check_sizes(lo, hi, desired):
    if lo > hi:
        raise AwsError("ValidationError", f"Max bound, {hi}, must be greater than or equal to "
                       f"min bound, {lo}")
    if desired is not None and not lo <= desired <= hi:
        raise AwsError("ValidationError", f"Desired capacity:{desired} must be between the "
                       f"specified min size:{lo} and max size:{hi}")


def resolve_placement(w, p, vpc_lbs):
    """(subnet ids, zones) from VPCZoneIdentifier; validates subnets and ELB networks."""
    ids = [s.strip() for s in (p.str("VPCZoneIdentifier") or "").split(",") if s.strip()]
    if not ids:
        if p.members("AvailabilityZones"):
            raise AwsError("ValidationError", "No default VPC: VPCZoneIdentifier is required "
                           "(the emulator has no EC2-Classic)")
        raise AwsError("ValidationError", "At least one Availability Zone or VPC Subnet is "
                       "required.")
    subnets = []
    for sid in ids:
        s = w.subnets.get(sid)
        if s is None or w.fresh(sid):
            raise AwsError("ValidationError", f"The subnet ID '{sid}' does not exist")
        subnets.append(s)
    if len({s["vpc"] for s in subnets}) > 1:
        raise AwsError("ValidationError", "The subnets must belong to the same VPC")
    for lb in vpc_lbs:
        if lb["vpc"] != subnets[0]["vpc"]:
            raise AwsError("ValidationError", f"Load balancer {lb['name']} and the group's "
                           "subnets belong to different VPCs")
    return ids, sorted({s["az"] for s in subnets})


def resolve_tgs(w, arns):
    """Target groups for a group; they take part in the VPC check as {name, vpc}."""
    out = []
    for a in arns:
        tg = w.target_groups.get(a)
        if tg is None:
            raise AwsError("ValidationError", f"Provided Target Groups may not be valid. "
                           f"Please ensure they exist and try again. ('{a}')")
        out.append({"name": tg["name"], "vpc": tg["vpc"]})
    return out


def resolve_lbs(w, names):
    lbs = [w.lbs.get(n) for n in names]
    if any(lb is None for lb in lbs):
        raise AwsError("ValidationError", "Provided Load Balancers may not be valid. Please "
                       "ensure they exist and try again.")
    return lbs


def parse_group_tags(p, name):
    tags = {}
    for t in p.structs("Tags", member=True):
        rid = t.str("ResourceId", name)
        if rid != name:
            raise AwsError("ValidationError", f"Tag ResourceId '{rid}' does not match group "
                           f"{name}")
        key = t.str("Key", required=True)
        if key.startswith("aws:"):
            raise AwsError("ValidationError", "Tag keys starting with 'aws:' are reserved")
        tags[key] = (t.str("Value", ""), t.bool("PropagateAtLaunch", False))
    return tags


@action("CreateAutoScalingGroup")
def create_auto_scaling_group(w, p, ctx):
    name = p.str("AutoScalingGroupName", required=True)
    if p.str("InstanceId"):
        raise AwsError("ValidationError", "InstanceId is not supported by the emulator")
    source = source_of(p)
    if source is None:
        raise AwsError("ValidationError", "Valid requests must contain either "
                       "LaunchTemplate, LaunchConfigurationName, InstanceId or "
                       "MixedInstancesPolicy parameter.")
    lo, hi = p.int("MinSize", required=True), p.int("MaxSize", required=True)
    desired = p.int("DesiredCapacity")
    check_sizes(lo, hi, desired)
    if name in w.groups:
        raise AwsError("AlreadyExists", "AutoScalingGroup by this name already exists - A "
                       f"group with the name {name} already exists")
    source = resolve_source(w, source)
    lb_names = p.members("LoadBalancerNames")
    tgs = p.members("TargetGroupARNs")
    subnets, azs = resolve_placement(w, p, resolve_lbs(w, lb_names) + resolve_tgs(w, tgs))
    hc_type = p.str("HealthCheckType", "EC2")
    if hc_type not in ("EC2", "ELB"):
        raise AwsError("ValidationError", f"Invalid HealthCheckType '{hc_type}'")
    w.groups[name] = {
        "name": name, "source": source, "tgs": tgs, "min": lo, "max": hi,
        "desired": lo if desired is None else desired,
        "cooldown": p.int("DefaultCooldown", 300), "azs": azs, "subnets": subnets,
        "lbs": lb_names, "hc_type": hc_type, "grace": p.int("HealthCheckGracePeriod", 0),
        "tags": parse_group_tags(p, name), "policies": p.members("TerminationPolicies"),
        "protect": p.bool("NewInstancesProtectedFromScaleIn", False), "created": iso_now(),
        "status": None, "instances": {}, "retry_at": 0,
        "arn": f"arn:aws:autoscaling:{region_of(ctx)}:{ACCOUNT}:autoScalingGroup:{uuid(w)}:"
               f"autoScalingGroupName/{name}"}
    w.created("asg:" + name)
    return None


@action("DescribeAutoScalingGroups")
def describe_auto_scaling_groups(w, p, ctx):
    names = p.members("AutoScalingGroupNames")
    groups = [g for g in w.groups.values() if not w.fresh("asg:" + g["name"]) and
              (not names or g["name"] in names)]
    groups = apply_filters(groups, p.filters(member=True), lambda g: {},
                           lambda g: {k: v for k, (v, _) in g["tags"].items()})
    page, token = page_of(p, groups, 50, 100)
    return {"AutoScalingGroups": [render_group(w, g) for g in page], "NextToken": token}


@action("UpdateAutoScalingGroup")
def update_auto_scaling_group(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    if g["status"]:
        raise AwsError("ScalingActivityInProgress", f"AutoScalingGroup {g['name']} is pending "
                       "delete.")
    lo, hi = p.int("MinSize", g["min"]), p.int("MaxSize", g["max"])
    desired = p.int("DesiredCapacity")
    check_sizes(lo, hi, desired)
    if desired is None:
        desired = min(max(g["desired"], lo), hi)
    source = source_of(p)
    if source:
        g["source"] = resolve_source(w, source)
    if p.str("VPCZoneIdentifier"):
        g["subnets"], g["azs"] = resolve_placement(w, p, resolve_lbs(w, g["lbs"]) +
                                                   resolve_tgs(w, g["tgs"]))
    g.update(min=lo, max=hi, desired=desired,
             hc_type=p.str("HealthCheckType", g["hc_type"]),
             grace=p.int("HealthCheckGracePeriod", g["grace"]),
             cooldown=p.int("DefaultCooldown", g["cooldown"]),
             policies=p.members("TerminationPolicies") or g["policies"],
             protect=p.bool("NewInstancesProtectedFromScaleIn", g["protect"]))
    return None


@action("SetDesiredCapacity")
def set_desired_capacity(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    n = p.int("DesiredCapacity", required=True)
    if n > g["max"]:
        raise AwsError("ValidationError", f"New SetDesiredCapacity value {n} is above max "
                       f"value {g['max']} for the AutoScalingGroup.")
    if n < g["min"]:
        raise AwsError("ValidationError", f"New SetDesiredCapacity value {n} is below min "
                       f"value {g['min']} for the AutoScalingGroup.")
    g["desired"] = n
    return None


@action("DeleteAutoScalingGroup")
def delete_auto_scaling_group(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    if g["status"]:
        return None
    if g["instances"] and not p.bool("ForceDelete", False):
        raise AwsError("ResourceInUse", "You cannot delete an AutoScalingGroup while there are "
                       "instances or pending Spot instance request(s) still in the group.")
    g["status"] = "Delete in progress"
    for iid in list(g["instances"]):
        begin_terminate(w, g, iid, "an instance was taken out of service in response to a "
                        "user request (group deletion).")
    if not g["instances"]:
        del w.groups[g["name"]]
    return None


# Where a group's instances are registered: classic ELBs by name ("lbs"), ELBv2 target
# groups by ARN ("tgs"). kind: (table, register, deregister, is it serving there?)
ATTACHMENTS = {
    "lbs": (lambda w: w.lbs, elb.register, elb.deregister,
            lambda w, lb, iid: iid in lb["instances"] and
            elb.health(w, lb, iid)[0] == "InService"),
    "tgs": (lambda w: w.target_groups, elbv2_targets.register, elbv2_targets.deregister,
            lambda w, tg, iid: iid in tg["targets"] and
            elbv2_targets.health(w, tg, iid)[0] == "healthy"),
}


def attach(w, g, kind, keys):
    table, register = ATTACHMENTS[kind][0](w), ATTACHMENTS[kind][1]
    for key in keys:
        if key not in g[kind]:
            g[kind].append(key)
        for iid, gi in g["instances"].items():
            if gi["lifecycle"] == "InService":
                register(w, table[key], iid)
    return {}


def detach(w, g, kind, keys):
    """AWS deregisters the group's instances: they drain as the ELB or group says."""
    table, deregister = ATTACHMENTS[kind][0](w), ATTACHMENTS[kind][2]
    for key in keys:
        if key in g[kind]:
            g[kind].remove(key)
            for iid in g["instances"]:
                if key in table:
                    deregister(w, table[key], iid)
    return {}


def attachment_states(w, g, kind):
    """(key, "InService" once one of the group's instances serves there, else "Added")."""
    table, serving = ATTACHMENTS[kind][0](w), ATTACHMENTS[kind][3]
    return [(key, "InService" if key in table and
             any(serving(w, table[key], iid) for iid in g["instances"]) else "Added")
            for key in g[kind]]


@action("AttachLoadBalancers")
def attach_load_balancers(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    names = p.members("LoadBalancerNames")
    resolve_lbs(w, names)
    return attach(w, g, "lbs", names)


@action("DetachLoadBalancers")
def detach_load_balancers(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    return detach(w, g, "lbs", p.members("LoadBalancerNames"))


@action("DescribeLoadBalancers")
def describe_load_balancers(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    rows = [{"LoadBalancerName": k, "State": s} for k, s in attachment_states(w, g, "lbs")]
    page, token = page_of(p, rows, 100, 100)
    return {"LoadBalancers": page, "NextToken": token}


@action("AttachLoadBalancerTargetGroups")
def attach_load_balancer_target_groups(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    arns = p.members("TargetGroupARNs")
    resolve_placement(w, type(p)({"VPCZoneIdentifier": ",".join(g["subnets"])}),
                      resolve_tgs(w, arns))
    return attach(w, g, "tgs", arns)


@action("DetachLoadBalancerTargetGroups")
def detach_load_balancer_target_groups(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    return detach(w, g, "tgs", p.members("TargetGroupARNs"))


@action("DescribeLoadBalancerTargetGroups")
def describe_load_balancer_target_groups(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    rows = [{"LoadBalancerTargetGroupARN": k, "State": s}
            for k, s in attachment_states(w, g, "tgs")]
    page, token = page_of(p, rows, 100, 100)
    return {"LoadBalancerTargetGroups": page, "NextToken": token}


# ---------------------------------------------------------------- instances

def find_member(w, iid):
    for g in w.groups.values():
        if iid in g["instances"]:
            return g, g["instances"][iid]
    return None, None


@action("DescribeAutoScalingInstances")
def describe_auto_scaling_instances(w, p, ctx):
    ids = p.members("InstanceIds")
    rows = []
    for g in w.groups.values():
        for iid, gi in g["instances"].items():
            if not ids or iid in ids:
                rows.append(dict(render_instance(w, g, iid, gi), AutoScalingGroupName=g["name"],
                                 HealthStatus=gi["health"].upper()))
    page, token = page_of(p, rows, 50, 50)
    return {"AutoScalingInstances": page, "NextToken": token}


@action("TerminateInstanceInAutoScalingGroup")
def terminate_instance_in_group(w, p, ctx):
    iid = p.str("InstanceId", required=True)
    decrement = p.bool("ShouldDecrementDesiredCapacity", required=True)
    g, gi = find_member(w, iid)
    if g is None:
        raise AwsError("ValidationError", f"Instance Id not found - No managed instance found "
                       f"for instance ID: {iid}")
    if decrement:
        if g["desired"] - 1 < g["min"]:
            raise AwsError("ValidationError", f"Currently, desiredSize equals minSize "
                           f"({g['min']}). Terminating instance without replacement will "
                           "violate group's min size constraint. Either set shouldDecrement"
                           "DesiredCapacity flag to false or lower group's min size.")
        g["desired"] -= 1
    begin_terminate(w, g, iid, "an instance was taken out of service in response to a user "
                    "request.")
    return {"Activity": render_activity(gi["activity"])}


@action("SetInstanceHealth")
def set_instance_health(w, p, ctx):
    iid = p.str("InstanceId", required=True)
    status = p.str("HealthStatus", required=True)
    if status not in ("Healthy", "Unhealthy"):
        raise AwsError("ValidationError", f"Invalid HealthStatus '{status}'")
    g, gi = find_member(w, iid)
    if g is None:
        raise AwsError("ValidationError", f"Instance Id not found - No managed instance found "
                       f"for instance ID: {iid}")
    gi["health"] = status
    return None


# ---------------------------------------------------------------- tags and activities

def tag_targets(w, p):
    out = []
    for t in p.structs("Tags", member=True):
        rtype = t.str("ResourceType", "auto-scaling-group")
        if rtype != "auto-scaling-group":
            raise AwsError("ValidationError", f"Invalid ResourceType '{rtype}'")
        out.append((get_group(w, t.str("ResourceId", required=True)), t))
    if not out:
        raise p.missing("Tags")
    return out


@action("CreateOrUpdateTags")
def create_or_update_tags(w, p, ctx):
    for g, t in tag_targets(w, p):
        key = t.str("Key", required=True)
        if key.startswith("aws:"):
            raise AwsError("ValidationError", "Tag keys starting with 'aws:' are reserved")
        g["tags"][key] = (t.str("Value", ""), t.bool("PropagateAtLaunch", False))
    return None


@action("DeleteTags")
def delete_tags(w, p, ctx):
    for g, t in tag_targets(w, p):
        g["tags"].pop(t.str("Key", required=True), None)
    return None


@action("DescribeTags")
def describe_tags(w, p, ctx):
    rows = [render_tag(g, k) for g in w.groups.values() for k in g["tags"]]
    filters = p.filters(member=True)
    rows = apply_filters(rows, filters, lambda r: {
        "auto-scaling-group": r["ResourceId"], "key": r["Key"], "value": r["Value"],
        "propagate-at-launch": str(r["PropagateAtLaunch"]).lower()}, lambda r: {})
    page, token = page_of(p, rows, 50, 100)
    return {"Tags": page, "NextToken": token}


def render_activity(a):
    return dict(a)


@action("DescribeScalingActivities")
def describe_scaling_activities(w, p, ctx):
    name = p.str("AutoScalingGroupName")
    ids = p.members("ActivityIds")
    rows = [a for a in reversed(w.activities)
            if (not name or a["AutoScalingGroupName"] == name) and
            (not ids or a["ActivityId"] in ids)]
    page, token = page_of(p, rows, 100, 100)
    return {"Activities": [render_activity(a) for a in page], "NextToken": token}


def dump(w):
    import autoscaling_refresh   # here, not at the top: it builds on this module
    return {"launch_configurations": [render_lc(w, lc) for lc in w.lcs.values()],
            "groups": [render_group(w, g) for g in w.groups.values()],
            "activities": [render_activity(a) for a in w.activities],
            "instance_refreshes": [autoscaling_refresh.render(w, r) for r in w.refreshes],
            "policies": list(w.policies.values()),
            "scheduled_actions": list(w.scheduled.values())}
