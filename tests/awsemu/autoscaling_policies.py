"""Auto Scaling scaling policies (PutScalingPolicy / DescribePolicies / DeletePolicy /
ExecutePolicy: simple, step and target tracking, with AWS's checks) and scheduled actions
(PutScheduledUpdateGroupAction / DescribeScheduledActions / DeleteScheduledAction) in the
emulator. Scheduled actions are kept and described, not run: the emulator's clock is
simulated seconds, not dates. They go when their group goes. No HTTP here."""

import datetime
import re

import elbv2_targets
from autoscaling import action, get_group, page_of, region_of, uuid
from protocol import AwsError
from world import ACCOUNT

POLICY_TYPES = ("SimpleScaling", "StepScaling", "TargetTrackingScaling")
ADJUSTMENTS = ("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity")
METRICS = ("ASGAverageCPUUtilization", "ASGAverageNetworkIn", "ASGAverageNetworkOut",
           "ALBRequestCountPerTarget")
CRON_FIELD = r"(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*|[A-Za-z]{3}(-[A-Za-z]{3})?"


def policy_arn(w, ctx, group, name):
    return (f"arn:aws:autoscaling:{region_of(ctx)}:{ACCOUNT}:scalingPolicy:{uuid(w)}:"
            f"autoScalingGroupName/{group}:policyName/{name}")


def number(p, name):
    v = p.str(name)
    if v is None:
        return None
    try:
        return float(v)
    except ValueError:
        raise AwsError("ValidationError", f"{name} '{v}' is not a number") from None


def parse_policy(w, p, g):
    kind = p.str("PolicyType", "SimpleScaling")
    if kind not in POLICY_TYPES:
        raise AwsError("ValidationError", f"PolicyType '{kind}' is not emulated by awsemu "
                       "(" + ", ".join(POLICY_TYPES) + " are)")
    pol = {"PolicyType": kind, "Enabled": p.bool("Enabled", True)}
    adj = p.str("AdjustmentType")
    if kind in ("SimpleScaling", "StepScaling"):
        if adj not in ADJUSTMENTS:
            raise AwsError("ValidationError", f"AdjustmentType must be one of "
                           + ", ".join(ADJUSTMENTS) + f" for {kind}")
        pol["AdjustmentType"] = adj
        mag = p.int("MinAdjustmentMagnitude")
        if mag is not None:
            if adj != "PercentChangeInCapacity":
                raise AwsError("ValidationError", "MinAdjustmentMagnitude is only valid with "
                               "PercentChangeInCapacity")
            pol["MinAdjustmentMagnitude"] = mag
    if kind == "SimpleScaling":
        if p.str("ScalingAdjustment") is None:
            raise AwsError("ValidationError", "ScalingAdjustment is required for a "
                           "SimpleScaling policy")
        pol["ScalingAdjustment"] = p.int("ScalingAdjustment")
        pol["Cooldown"] = p.int("Cooldown")
    elif kind == "StepScaling":
        steps = []
        for s in p.structs("StepAdjustments", member=True):
            steps.append({k: v for k, v in (
                ("MetricIntervalLowerBound", number(s, "MetricIntervalLowerBound")),
                ("MetricIntervalUpperBound", number(s, "MetricIntervalUpperBound")),
                ("ScalingAdjustment", s.int("ScalingAdjustment", required=True)))
                if v is not None})
        if not steps:
            raise AwsError("ValidationError", "StepAdjustments are required for a StepScaling "
                           "policy")
        if p.str("ScalingAdjustment") is not None:
            raise AwsError("ValidationError", "ScalingAdjustment is not valid for a "
                           "StepScaling policy")
        pol["StepAdjustments"] = steps
        pol["MetricAggregationType"] = p.str("MetricAggregationType", "Average")
        pol["EstimatedInstanceWarmup"] = p.int("EstimatedInstanceWarmup")
    else:
        tt = p.struct("TargetTrackingConfiguration")
        if not p.has_prefix("TargetTrackingConfiguration"):
            raise AwsError("ValidationError", "TargetTrackingConfiguration is required for a "
                           "TargetTrackingScaling policy")
        if adj is not None or p.str("ScalingAdjustment") is not None:
            raise AwsError("ValidationError", "AdjustmentType and ScalingAdjustment are not "
                           "valid for a TargetTrackingScaling policy")
        conf = {"TargetValue": number(tt, "TargetValue"),
                "DisableScaleIn": tt.bool("DisableScaleIn", False)}
        if conf["TargetValue"] is None:
            raise tt.missing("TargetValue")
        if tt.has_prefix("PredefinedMetricSpecification"):
            metric = tt.str("PredefinedMetricSpecification.PredefinedMetricType", required=True)
            if metric not in METRICS:
                raise AwsError("ValidationError", f"PredefinedMetricType '{metric}' must be one "
                               "of " + ", ".join(METRICS))
            label = tt.str("PredefinedMetricSpecification.ResourceLabel")
            if metric == "ALBRequestCountPerTarget":
                check_label(w, g, label)
            conf["PredefinedMetricSpecification"] = {"PredefinedMetricType": metric,
                                                     "ResourceLabel": label}
        elif tt.has_prefix("CustomizedMetricSpecification"):
            c = tt.struct("CustomizedMetricSpecification")
            conf["CustomizedMetricSpecification"] = {
                "MetricName": c.str("MetricName", required=True),
                "Namespace": c.str("Namespace", required=True),
                "Statistic": c.str("Statistic", required=True), "Unit": c.str("Unit"),
                "Dimensions": [{"Name": d.str("Name", required=True),
                                "Value": d.str("Value", required=True)}
                               for d in c.structs("Dimensions", member=True)]}
        else:
            raise AwsError("ValidationError", "A target tracking policy needs a predefined or "
                           "a customized metric")
        pol["TargetTrackingConfiguration"] = conf
        pol["EstimatedInstanceWarmup"] = p.int("EstimatedInstanceWarmup")
    return pol


def check_label(w, g, label):
    """ALBRequestCountPerTarget's label is app/LB/ID/targetgroup/TG/ID of a group's target
    group behind that load balancer."""
    m = re.fullmatch(r"(app/[^/]+/[0-9a-f]+)/(targetgroup/[^/]+/[0-9a-f]+)", label or "")
    ok = m and any(a.endswith(":" + m.group(2)) and
                   any(lb.endswith(":loadbalancer/" + m.group(1))
                       for lb in elbv2_targets.lbs_of(w, w.target_groups[a]))
                   for a in g["tgs"] if a in w.target_groups)
    if not ok:
        raise AwsError("ValidationError", f"ResourceLabel '{label}' must name a target group "
                       "of the group behind its application load balancer "
                       "(app/NAME/ID/targetgroup/NAME/ID)")


@action("PutScalingPolicy")
def put_scaling_policy(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    name = p.str("PolicyName", required=True)
    pol = parse_policy(w, p, g)
    key = (g["name"], name)
    old = w.policies.get(key)
    pol.update(AutoScalingGroupName=g["name"], PolicyName=name,
               PolicyARN=old["PolicyARN"] if old else policy_arn(w, ctx, g["name"], name),
               Alarms=old["Alarms"] if old else [])
    w.policies[key] = pol
    return {"PolicyARN": pol["PolicyARN"], "Alarms": pol["Alarms"]}


def render_policy(pol):
    return {k: v for k, v in pol.items() if v is not None}


@action("DescribePolicies")
def describe_policies(w, p, ctx):
    group = p.str("AutoScalingGroupName")
    if group:
        get_group(w, group)
    names, types = p.members("PolicyNames"), p.members("PolicyTypes")
    rows = [pol for (gname, pname), pol in w.policies.items()
            if gname in w.groups and (not group or gname == group) and
            (not names or pname in names or pol["PolicyARN"] in names) and
            (not types or pol["PolicyType"] in types)]
    page, token = page_of(p, rows, 50, 100)
    return {"ScalingPolicies": [render_policy(x) for x in page], "NextToken": token}


def find_policy(w, group, name):
    for key, pol in w.policies.items():
        if (pol["PolicyARN"] == name or key[1] == name) and (not group or key[0] == group):
            return key
    raise AwsError("ValidationError", f"Policy {name} not found for group {group}")


@action("DeletePolicy")
def delete_policy(w, p, ctx):
    group = p.str("AutoScalingGroupName")
    if group:
        get_group(w, group)
    del w.policies[find_policy(w, group, p.str("PolicyName", required=True))]
    return None


@action("ExecutePolicy")
def execute_policy(w, p, ctx):
    group = p.str("AutoScalingGroupName")
    key = find_policy(w, group, p.str("PolicyName", required=True))
    pol, g = w.policies[key], get_group(w, key[0])
    if pol["PolicyType"] != "SimpleScaling":
        raise AwsError("ValidationError", "Only SimpleScaling policies can be executed "
                       "without a metric value (the emulator has no metrics)")
    n, adj = pol["ScalingAdjustment"], pol["AdjustmentType"]
    if adj == "ExactCapacity":
        want = n
    elif adj == "ChangeInCapacity":
        want = g["desired"] + n
    else:
        delta = int(g["desired"] * n / 100)
        if abs(delta) < pol.get("MinAdjustmentMagnitude", 1):
            delta = pol.get("MinAdjustmentMagnitude", 1) * (1 if n >= 0 else -1)
        want = g["desired"] + delta
    g["desired"] = max(g["min"], min(g["max"], want))
    return None


# ---------------------------------------------------------------- scheduled actions

def parse_time(p, name):
    v = p.str(name)
    if v is None:
        return None
    try:
        t = datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        raise AwsError("ValidationError", f"{name} '{v}' is not an ISO 8601 time") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(datetime.timezone.utc)


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


@action("PutScheduledUpdateGroupAction")
def put_scheduled_update_group_action(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    name = p.str("ScheduledActionName", required=True)
    sizes = {k: p.int(k) for k in ("MinSize", "MaxSize", "DesiredCapacity")}
    if all(v is None for v in sizes.values()):
        raise AwsError("ValidationError", "At least one of MinSize, MaxSize or "
                       "DesiredCapacity must be specified")
    if sizes["MinSize"] is not None and sizes["MaxSize"] is not None and \
            sizes["MinSize"] > sizes["MaxSize"]:
        raise AwsError("ValidationError", f"Max bound, {sizes['MaxSize']}, must be greater "
                       f"than or equal to min bound, {sizes['MinSize']}")
    start = parse_time(p, "StartTime") or parse_time(p, "Time")
    end = parse_time(p, "EndTime")
    now = datetime.datetime.now(datetime.timezone.utc)
    recurrence = p.str("Recurrence")
    if recurrence is not None:
        fields = recurrence.split()
        if len(fields) != 5 or not all(re.fullmatch(CRON_FIELD, f) for f in fields):
            raise AwsError("ValidationError", f"Recurrence '{recurrence}' is not a valid cron "
                           "expression (five fields)")
    elif start is None:
        raise AwsError("ValidationError", "A scheduled action needs a StartTime or a "
                       "Recurrence")
    if start and start < now and recurrence is None:
        raise AwsError("ValidationError", "Given start time is in the past")
    if start and end and end <= start:
        raise AwsError("ValidationError", "End time must be after start time")
    old = w.scheduled.get((g["name"], name))
    arn = old["ScheduledActionARN"] if old else (
        f"arn:aws:autoscaling:{region_of(ctx)}:{ACCOUNT}:scheduledUpdateGroupAction:"
        f"{uuid(w)}:autoScalingGroupName/{g['name']}:scheduledActionName/{name}")
    w.scheduled[(g["name"], name)] = {
        "AutoScalingGroupName": g["name"], "ScheduledActionName": name,
        "ScheduledActionARN": arn, "Time": stamp(start), "StartTime": stamp(start),
        "EndTime": stamp(end), "Recurrence": recurrence, **sizes,
        "TimeZone": p.str("TimeZone", "UTC" if recurrence else None)}
    return None


@action("DescribeScheduledActions")
def describe_scheduled_actions(w, p, ctx):
    group = p.str("AutoScalingGroupName")
    if group:
        get_group(w, group)
    names = p.members("ScheduledActionNames")
    rows = [a for (gname, aname), a in w.scheduled.items()
            if gname in w.groups and (not group or gname == group) and
            (not names or aname in names)]
    page, token = page_of(p, rows, 50, 100)
    return {"ScheduledUpdateGroupActions": [render_policy(a) for a in page],
            "NextToken": token}


@action("DeleteScheduledAction")
def delete_scheduled_action(w, p, ctx):
    g = get_group(w, p.str("AutoScalingGroupName", required=True))
    name = p.str("ScheduledActionName", required=True)
    if w.scheduled.pop((g["name"], name), None) is None:
        raise AwsError("ValidationError", f"Scheduled Update Group Action name not found - "
                       f"Could not find scheduled update group action: {name}")
    return None


def tick(w):
    """A deleted group takes its policies and scheduled actions with it."""
    for table in (w.policies, w.scheduled):
        for key in [k for k in table if k[0] not in w.groups]:
            del table[key]
