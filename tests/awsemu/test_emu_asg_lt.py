#!/usr/bin/python3
"""Auto Scaling additions of issue 18 in the emulator: groups from a launch template
({id|name, version}) and from a mixed instances policy, target groups (instances registered
as they come into service, drained when they leave or the group is detached), instance
refresh (Pending -> InProgress -> Successful, PercentageComplete, MinHealthyPercentage
honoured at every step, a desired configuration, cancel), scaling policies and scheduled
actions. Simulated time moves only by /_emu/advance (time factor 1). Shape-checked."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, finish, make_network, members, texts  # noqa: E402
from tap import Tap  # noqa: E402

AMI1, AMI2 = "ami-0healthy00000001", "ami-0healthy00000002"


def advance(emu, seconds):
    emu.control("POST", "/_emu/advance", {"seconds": seconds})


def healthy(v2, tg):
    r = v2("DescribeTargetHealth", {"TargetGroupArn": tg})
    return sum(1 for s in r.iter("State") if s.text == "healthy")


def group(asg, name):
    r = asg("DescribeAutoScalingGroups", members("AutoScalingGroupNames", [name]))
    return r.find(".//AutoScalingGroups/member")


def setup(t, c, v2, net, st):
    r = c("CreateLaunchTemplate", {"LaunchTemplateName": "app",
                                   "LaunchTemplateData.ImageId": AMI1,
                                   "LaunchTemplateData.InstanceType": "t3.micro",
                                   "LaunchTemplateData.SecurityGroupId.1": net["sg"]})
    st["lt"] = r.findtext(".//launchTemplateId")
    lb = v2("CreateLoadBalancer", {"Name": "app", **members("Subnets", net["public"])}) \
        .findtext(".//LoadBalancerArn")
    st["tg"] = v2("CreateTargetGroup", {
        "Name": "app", "Protocol": "HTTP", "Port": "80", "VpcId": net["vpc"],
        "HealthCheckIntervalSeconds": "5", "HealthCheckTimeoutSeconds": "2",
        "HealthyThresholdCount": "2"}).findtext(".//TargetGroupArn")
    v2("ModifyTargetGroupAttributes", {"TargetGroupArn": st["tg"],
                                       "Attributes.member.1.Key":
                                       "deregistration_delay.timeout_seconds",
                                       "Attributes.member.1.Value": "10"})
    v2("CreateListener", {"LoadBalancerArn": lb, "Protocol": "HTTP", "Port": "80",
                          "DefaultActions.member.1.Type": "forward",
                          "DefaultActions.member.1.TargetGroupArn": st["tg"]})
    st["lb"] = lb


def launch_template_group(t, asg, v2, c, net, emu, st):
    base = {"MinSize": "4", "MaxSize": "6", "DesiredCapacity": "4",
            "VPCZoneIdentifier": ",".join(net["private"]), "HealthCheckType": "ELB",
            "HealthCheckGracePeriod": "0"}
    t.eq(asg.error("CreateAutoScalingGroup", dict(base, AutoScalingGroupName="x",
                                                  **{"LaunchTemplate.LaunchTemplateId":
                                                     "lt-0123456789abcdef0"})),
         (400, "ValidationError"), "an unknown launch template")
    t.eq(asg.error("CreateAutoScalingGroup", dict(base, AutoScalingGroupName="x",
                                                  LaunchConfigurationName="lc", **{
                                                      "LaunchTemplate.LaunchTemplateName":
                                                      "app"})),
         (400, "ValidationError"), "a launch configuration and a template together")
    t.eq(asg.error("CreateAutoScalingGroup", dict(base, AutoScalingGroupName="x", **{
        "LaunchTemplate.LaunchTemplateName": "app", "LaunchTemplate.Version": "7"})),
        (400, "ValidationError"), "a template version that does not exist")
    asg("CreateAutoScalingGroup", dict(base, AutoScalingGroupName="app", **{
        "LaunchTemplate.LaunchTemplateName": "app", "LaunchTemplate.Version": "$Latest",
        **members("TargetGroupARNs", [st["tg"]])}))
    g = group(asg, "app")
    t.eq((g.findtext("LaunchTemplate/LaunchTemplateId"), g.findtext("LaunchTemplate/Version"),
          texts(g, "TargetGroupARNs/member"), g.find("LaunchConfigurationName")),
         (st["lt"], "$Latest", [st["tg"]], None),
         "the group shows its launch template {id, name, version} and target groups")
    for _ in range(15):   # 20 s boot, then 2 checks 5 s apart
        advance(emu, 3)
    t.eq(healthy(v2, st["tg"]), 4, "its four instances are registered and healthy")
    g = group(asg, "app")
    t.eq(sorted({(m.findtext("LaunchTemplate/Version"), m.findtext("InstanceType"))
                 for m in g.findall("Instances/member")}), [("1", "t3.micro")],
         "instances record the template version they came from")
    i = c("DescribeInstances", {"InstanceId.1": g.findtext("Instances/member/InstanceId")})
    tags = {e.findtext("key"): e.findtext("value") for e in i.findall(".//tagSet/item")}
    t.eq((tags.get("aws:autoscaling:groupName"), tags.get("aws:ec2launchtemplate:version")),
         ("app", "1"), "instances carry the group and template tags")
    r = asg("DescribeLoadBalancerTargetGroups", {"AutoScalingGroupName": "app"})
    t.eq((r.findtext(".//LoadBalancerTargetGroupARN"), r.findtext(".//State")),
         (st["tg"], "InService"), "DescribeLoadBalancerTargetGroups")


def refresh_status(asg, name="app"):
    r = asg("DescribeInstanceRefreshes", {"AutoScalingGroupName": name})
    m = r.find(".//InstanceRefreshes/member")
    return (m.findtext("Status"), int(m.findtext("PercentageComplete")),
            int(m.findtext("InstancesToUpdate")), m.findtext("InstanceRefreshId"))


def watch(asg, v2, emu, st, steps=80, seconds=2):
    """Advance until the refresh ends; what healthy counts, statuses and progress it saw."""
    seen = {"healthy": [], "status": [], "pct": [], "terminating": []}
    for _ in range(steps):
        advance(emu, seconds)
        status, pct, _, _ = refresh_status(asg)
        seen["healthy"].append(healthy(v2, st["tg"]))
        seen["status"].append(status)
        seen["pct"].append(pct)
        seen["terminating"].append(sum(1 for m in group(asg, "app").findall(
            "Instances/member") if m.findtext("LifecycleState") == "Terminating"))
        if status in ("Successful", "Failed", "Cancelled"):
            break
    return seen


def instance_refresh(t, asg, v2, c, emu, st):
    c("CreateLaunchTemplateVersion", {"LaunchTemplateId": st["lt"], "SourceVersion": "1",
                                      "LaunchTemplateData.ImageId": AMI2})
    r = asg("StartInstanceRefresh", {"AutoScalingGroupName": "app",
                                     "Preferences.MinHealthyPercentage": "50",
                                     "Preferences.InstanceWarmup": "0"})
    rid = r.findtext(".//InstanceRefreshId")
    t.ok(rid, "StartInstanceRefresh answers an id")
    status, pct, todo, _ = refresh_status(asg)
    t.eq((status, pct, todo), ("Pending", 0, 4), "Pending, 0 %, 4 instances to update")
    t.eq(asg.error("StartInstanceRefresh", {"AutoScalingGroupName": "app"}),
         (400, "InstanceRefreshInProgress"), "a second refresh while one runs")
    seen = watch(asg, v2, emu, st)
    t.ok(seen["status"][-1] == "Successful", "the refresh ends Successful", seen["status"])
    t.ok("InProgress" in seen["status"], "it was InProgress on the way")
    t.eq(seen["pct"], sorted(seen["pct"]), "PercentageComplete never goes back")
    t.ok(any(0 < p < 100 for p in seen["pct"]) and seen["pct"][-1] == 100,
         "PercentageComplete moves through the middle to 100", seen["pct"])
    t.ok(min(seen["healthy"]) >= 2, "MinHealthyPercentage 50 of 4: never fewer than 2 "
         "healthy targets", seen["healthy"])
    t.ok(max(seen["terminating"]) == 2, "batches of 2 (4 healthy - 2 kept)",
         seen["terminating"])
    g = group(asg, "app")
    t.eq(sorted({m.findtext("LaunchTemplate/Version") for m in g.findall("Instances/member")}),
         ["2"], "every instance now comes from version 2")
    t.eq(healthy(v2, st["tg"]), 4, "four healthy targets at the end")

    asg("StartInstanceRefresh", {"AutoScalingGroupName": "app",
                                 "Preferences.MinHealthyPercentage": "100",
                                 "DesiredConfiguration.LaunchTemplate.LaunchTemplateId":
                                 st["lt"], "DesiredConfiguration.LaunchTemplate.Version": "1"})
    seen = watch(asg, v2, emu, st, steps=120)
    t.eq(seen["status"][-1], "Successful", "a refresh to a desired configuration succeeds")
    t.ok(max(seen["terminating"]) == 1, "MinHealthyPercentage 100: one instance at a time, "
         "as AWS does", seen["terminating"])
    t.ok(min(seen["healthy"]) >= 3, "so at most one below capacity", seen["healthy"])
    g = group(asg, "app")
    t.eq((g.findtext("LaunchTemplate/Version"),
          sorted({m.findtext("LaunchTemplate/Version") for m in g.findall("Instances/member")})),
         ("1", ["1"]), "the group takes the desired configuration, its instances version 1")

    r = asg("StartInstanceRefresh", {"AutoScalingGroupName": "app",
                                     "Preferences.SkipMatching": "true"})
    advance(emu, 1)
    t.eq(refresh_status(asg)[0], "Successful", "SkipMatching with nothing to replace: done")
    asg("StartInstanceRefresh", {"AutoScalingGroupName": "app"})
    r = asg("CancelInstanceRefresh", {"AutoScalingGroupName": "app"})
    advance(emu, 1)
    t.eq(refresh_status(asg)[0], "Cancelled", "CancelInstanceRefresh: Cancelled")
    t.eq(asg.error("CancelInstanceRefresh", {"AutoScalingGroupName": "app"}),
         (400, "ActiveInstanceRefreshNotFound"), "nothing left to cancel")
    r = asg("DescribeInstanceRefreshes", {"AutoScalingGroupName": "app"})
    t.eq(len(r.findall(".//InstanceRefreshes/member")), 4, "all four refreshes listed")


def target_group_membership(t, asg, v2, emu, st):
    asg("DetachLoadBalancerTargetGroups", {"AutoScalingGroupName": "app",
                                           **members("TargetGroupARNs", [st["tg"]])})
    r = v2("DescribeTargetHealth", {"TargetGroupArn": st["tg"]})
    t.eq({s.text for s in r.iter("State")}, {"draining"},
         "detaching the group drains its instances from the target group")
    advance(emu, 11)
    t.eq(len(v2("DescribeTargetHealth", {"TargetGroupArn": st["tg"]}).findall(
        ".//TargetHealthDescriptions/member")), 0, "and they are gone after the delay")
    t.eq(texts(group(asg, "app"), "TargetGroupARNs/member"), [], "the group has no "
         "target groups")
    asg("AttachLoadBalancerTargetGroups", {"AutoScalingGroupName": "app",
                                           **members("TargetGroupARNs", [st["tg"]])})
    for _ in range(5):
        advance(emu, 3)
    t.eq(healthy(v2, st["tg"]), 4, "attaching registers them again")
    asg("SetDesiredCapacity", {"AutoScalingGroupName": "app", "DesiredCapacity": "4"})
    asg("UpdateAutoScalingGroup", {"AutoScalingGroupName": "app", "MinSize": "3"})
    asg("SetDesiredCapacity", {"AutoScalingGroupName": "app", "DesiredCapacity": "3"})
    advance(emu, 1)
    r = v2("DescribeTargetHealth", {"TargetGroupArn": st["tg"]})
    states = sorted(s.text for s in r.iter("State"))
    t.eq(states, ["draining", "healthy", "healthy", "healthy"],
         "scale-in deregisters first: the victim drains")
    g = group(asg, "app")
    t.eq(sum(1 for m in g.findall("Instances/member")
             if m.findtext("LifecycleState") == "Terminating"), 1,
         "it stays Terminating while it drains")


def mixed_instances(t, asg, net, emu, st):
    asg("CreateAutoScalingGroup", {
        "AutoScalingGroupName": "mixed", "MinSize": "1", "MaxSize": "1",
        "VPCZoneIdentifier": net["private"][0],
        "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId":
        st["lt"],
        "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version": "$Default",
        "MixedInstancesPolicy.LaunchTemplate.Overrides.member.1.InstanceType": "t3.small",
        "MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceType": "t3.medium",
        "MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity": "1"})
    advance(emu, 1)
    g = group(asg, "mixed")
    mip = g.find("MixedInstancesPolicy")
    t.eq((texts(mip, "LaunchTemplate/Overrides/member/InstanceType"),
          mip.findtext("InstancesDistribution/OnDemandBaseCapacity"),
          g.findtext("Instances/member/InstanceType")),
         (["t3.small", "t3.medium"], "1", "t3.small"),
         "a mixed instances policy: shown, and the first override type launched")


def policies(t, asg, emu, st):
    r = asg("PutScalingPolicy", {"AutoScalingGroupName": "app", "PolicyName": "up",
                                 "AdjustmentType": "ChangeInCapacity",
                                 "ScalingAdjustment": "1", "Cooldown": "60"})
    arn = r.findtext(".//PolicyARN")
    t.ok(arn and arn.startswith("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:")
         and arn.endswith(":autoScalingGroupName/app:policyName/up"), "simple policy ARN",
         arn)
    t.eq(asg.error("PutScalingPolicy", {"AutoScalingGroupName": "app", "PolicyName": "bad",
                                        "AdjustmentType": "ChangeInCapacity"}),
         (400, "ValidationError"), "a simple policy without ScalingAdjustment")
    lb_id = "/".join(st["lb"].split("/")[-3:])
    tg_id = "targetgroup/" + "/".join(st["tg"].split("/")[-2:])
    asg("PutScalingPolicy", {
        "AutoScalingGroupName": "app", "PolicyName": "requests",
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration.TargetValue": "100",
        "TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType":
        "ALBRequestCountPerTarget",
        "TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel":
        f"{lb_id}/{tg_id}"})
    t.eq(asg.error("PutScalingPolicy", {
        "AutoScalingGroupName": "app", "PolicyName": "requests2",
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration.TargetValue": "100",
        "TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType":
        "ALBRequestCountPerTarget",
        "TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel":
        "app/nope/0123/targetgroup/nope/0123"}), (400, "ValidationError"),
        "ALBRequestCountPerTarget with a label that names no target group of the group")
    asg("PutScalingPolicy", {"AutoScalingGroupName": "app", "PolicyName": "steps",
                             "PolicyType": "StepScaling", "AdjustmentType":
                             "PercentChangeInCapacity",
                             "StepAdjustments.member.1.MetricIntervalLowerBound": "0",
                             "StepAdjustments.member.1.ScalingAdjustment": "10"})
    r = asg("DescribePolicies", {"AutoScalingGroupName": "app"})
    t.eq(sorted((m.findtext("PolicyName"), m.findtext("PolicyType"))
                for m in r.findall(".//ScalingPolicies/member")),
         [("requests", "TargetTrackingScaling"), ("steps", "StepScaling"),
          ("up", "SimpleScaling")], "DescribePolicies")
    r = asg("DescribePolicies", {"AutoScalingGroupName": "app",
                                 **members("PolicyTypes", ["StepScaling"])})
    t.eq(r.findtext(".//StepAdjustments/member/MetricIntervalLowerBound"), "0.0",
         "step bounds kept; filtered by PolicyTypes")
    before = int(group(asg, "app").findtext("DesiredCapacity"))
    asg("ExecutePolicy", {"AutoScalingGroupName": "app", "PolicyName": "up"})
    t.eq(int(group(asg, "app").findtext("DesiredCapacity")), before + 1,
         "ExecutePolicy: ChangeInCapacity +1")
    asg("DeletePolicy", {"AutoScalingGroupName": "app", "PolicyName": arn})
    t.eq(asg.error("DeletePolicy", {"AutoScalingGroupName": "app", "PolicyName": "up"}),
         (400, "ValidationError"), "a deleted policy (by ARN) is gone")

    later = (datetime.datetime.now(datetime.timezone.utc) +
             datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    asg("PutScheduledUpdateGroupAction", {"AutoScalingGroupName": "app",
                                          "ScheduledActionName": "night",
                                          "Recurrence": "0 22 * * MON-FRI",
                                          "DesiredCapacity": "3", "MinSize": "3"})
    asg("PutScheduledUpdateGroupAction", {"AutoScalingGroupName": "app",
                                          "ScheduledActionName": "once", "StartTime": later,
                                          "MaxSize": "6"})
    t.eq(asg.error("PutScheduledUpdateGroupAction", {"AutoScalingGroupName": "app",
                                                     "ScheduledActionName": "x",
                                                     "Recurrence": "0 22 * *",
                                                     "MinSize": "1"}),
         (400, "ValidationError"), "a four-field recurrence")
    t.eq(asg.error("PutScheduledUpdateGroupAction", {"AutoScalingGroupName": "app",
                                                     "ScheduledActionName": "x",
                                                     "StartTime": "2001-01-01T00:00:00Z",
                                                     "MinSize": "1"}),
         (400, "ValidationError"), "a start time in the past")
    t.eq(asg.error("PutScheduledUpdateGroupAction", {"AutoScalingGroupName": "app",
                                                     "ScheduledActionName": "x",
                                                     "Recurrence": "0 1 * * *"}),
         (400, "ValidationError"), "no size at all")
    r = asg("DescribeScheduledActions", {"AutoScalingGroupName": "app"})
    got = {m.findtext("ScheduledActionName"): (m.findtext("Recurrence"), m.findtext("StartTime"),
                                               m.findtext("DesiredCapacity"))
           for m in r.findall(".//ScheduledUpdateGroupActions/member")}
    t.eq(got, {"night": ("0 22 * * MON-FRI", None, "3"), "once": (None, later, None)},
         "DescribeScheduledActions")
    asg("DeleteScheduledAction", {"AutoScalingGroupName": "app", "ScheduledActionName": "once"})
    t.eq(asg.error("DeleteScheduledAction", {"AutoScalingGroupName": "app",
                                             "ScheduledActionName": "once"}),
         (400, "ValidationError"), "deleting it twice")
    asg("PutScheduledUpdateGroupAction", {"AutoScalingGroupName": "mixed",
                                          "ScheduledActionName": "gone",
                                          "Recurrence": "0 1 * * *", "MinSize": "0"})
    asg("DeleteAutoScalingGroup", {"AutoScalingGroupName": "mixed", "ForceDelete": "true"})
    for _ in range(3):
        advance(emu, 10)
    r = asg("DescribeScheduledActions", {})
    t.eq(texts(r, ".//ScheduledActionName"), ["night"], "a deleted group's scheduled "
         "actions go with it")


def main():
    t = Tap()
    with Emu(time_factor=1.0) as emu:
        c, v2, asg = emu.client("ec2"), emu.client("elbv2"), emu.client("autoscaling")
        net, st = make_network(c), {}
        t.run(setup, c, v2, net, st)
        if "tg" in st:
            t.run(launch_template_group, asg, v2, c, net, emu, st)
            t.run(instance_refresh, asg, v2, c, emu, st)
            t.run(target_group_membership, asg, v2, emu, st)
            t.run(mixed_instances, asg, net, emu, st)
            t.run(policies, asg, emu, st)
        finish(t, emu, c, v2, asg)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
