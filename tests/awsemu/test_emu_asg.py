#!/usr/bin/python3
"""Auto Scaling side of the emulator: launch configurations, groups reconciling to desired
capacity with ELB registration, replacement of terminated and ELB-unhealthy instances, a
blue/green rollout with zero requests lost, deletion, tags, activities and pagination."""

import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, listener, make_network, members, texts, wait_for  # noqa: E402
from tap import Tap  # noqa: E402

GOOD, GOOD2, BAD = "ami-0healthy00000001", "ami-0healthy00000002", "ami-0unhealthy000001"


def group(asg, name):
    r = asg("DescribeAutoScalingGroups", members("AutoScalingGroupNames", [name]))
    g = r.find(".//AutoScalingGroups/member")
    if g is None:
        return None
    return {"status": g.findtext("Status"), "desired": g.findtext("DesiredCapacity"),
            "instances": {m.findtext("InstanceId"): (m.findtext("LifecycleState"),
                                                     m.findtext("HealthStatus"))
                          for m in g.findall("Instances/member")}}


def in_service(asg, name, n):
    """Instance ids once exactly n are InService and healthy (else None)."""
    g = group(asg, name)
    ids = sorted(i for i, (lc, h) in (g or {"instances": {}})["instances"].items()
                 if lc == "InService" and h == "Healthy")
    return ids if len(ids) == n and len(g["instances"]) == n else None


def elb_in_service(lb, name):
    r = lb("DescribeInstanceHealth", {"LoadBalancerName": name})
    return sorted(m.findtext("InstanceId") for m in r.findall(".//InstanceStates/member")
                  if m.findtext("State") == "InService")


def create_group(asg, name, lc, net, desired=2, **extra):
    args = {"AutoScalingGroupName": name, "LaunchConfigurationName": lc, "MinSize": "1",
            "MaxSize": "2", "DesiredCapacity": str(desired),
            "VPCZoneIdentifier": ",".join(net["private"]), "HealthCheckType": "ELB",
            "HealthCheckGracePeriod": "30", **members("LoadBalancerNames", ["app"]),
            "Tags.member.1.Key": "Name", "Tags.member.1.Value": name,
            "Tags.member.1.PropagateAtLaunch": "true",
            "Tags.member.2.Key": "private", "Tags.member.2.Value": "x",
            "Tags.member.2.PropagateAtLaunch": "false"}
    args.update(extra)
    return asg("CreateAutoScalingGroup", args)


def launch_configs(t, asg, net):
    ud = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
    for name, ami in (("lc-v1", GOOD), ("lc-v2", GOOD2), ("lc-bad", BAD)):
        asg("CreateLaunchConfiguration", {"LaunchConfigurationName": name, "ImageId": ami,
                                          "InstanceType": "t2.micro", "UserData": ud,
                                          **members("SecurityGroups", [net["sg"]])})
    t.eq(asg.error("CreateLaunchConfiguration", {"LaunchConfigurationName": "lc-v1",
                                                 "ImageId": GOOD, "InstanceType": "t2.micro"}),
         (400, "AlreadyExists"), "duplicate launch configuration is AlreadyExists")
    t.eq(asg.error("CreateLaunchConfiguration", {"LaunchConfigurationName": "lc-x",
                                                 "ImageId": "ami-00000000000000bad",
                                                 "InstanceType": "t2.micro"}),
         (400, "ValidationError"), "unknown AMI is ValidationError")
    seen, token = [], None
    while True:
        r = asg("DescribeLaunchConfigurations", {"MaxRecords": "2",
                                                 **({"NextToken": token} if token else {})})
        seen += texts(r, ".//LaunchConfigurations/member/LaunchConfigurationName")
        token = r.findtext(".//NextToken")
        if not token:
            break
    t.eq(seen, ["lc-v1", "lc-v2", "lc-bad"], "DescribeLaunchConfigurations MaxRecords/NextToken")
    d = asg("DescribeLaunchConfigurations", members("LaunchConfigurationNames", ["lc-v1"]))
    t.eq(d.findtext(".//UserData"), ud, "user data kept as given (base64)")


def reconcile(t, asg, lb, ec2, net):
    t.eq(asg.error("CreateAutoScalingGroup", {
        "AutoScalingGroupName": "g", "LaunchConfigurationName": "lc-v1", "MinSize": "1",
        "MaxSize": "2", "DesiredCapacity": "3", "VPCZoneIdentifier": net["private"][0]}),
        (400, "ValidationError"), "desired above max is ValidationError")
    t.eq(asg.error("CreateAutoScalingGroup", {
        "AutoScalingGroupName": "g", "LaunchConfigurationName": "nope", "MinSize": "1",
        "MaxSize": "2", "VPCZoneIdentifier": net["private"][0]}),
        (400, "ValidationError"), "unknown launch configuration is ValidationError")
    t.eq(asg.error("CreateAutoScalingGroup", {"AutoScalingGroupName": "g", "MinSize": "1"}),
         (400, "ValidationError"), "missing MaxSize is ValidationError (model)")
    create_group(asg, "asg-v1", "lc-v1", net)
    t.eq(asg.error("CreateAutoScalingGroup", {
        "AutoScalingGroupName": "asg-v1", "LaunchConfigurationName": "lc-v1", "MinSize": "1",
        "MaxSize": "2", "VPCZoneIdentifier": net["private"][0]}), (400, "AlreadyExists"),
        "duplicate group is AlreadyExists")
    ids = wait_for(lambda: in_service(asg, "asg-v1", 2), 10)
    t.ok(ids, "group reconciles to 2 InService instances")
    if not ids:
        return
    d = ec2("DescribeInstances", {"Filter.1.Name": "tag:aws:autoscaling:groupName",
                                  "Filter.1.Value.1": "asg-v1"})
    t.eq(sorted(texts(d, ".//instancesSet/item/instanceId")), ids,
         "instances tagged aws:autoscaling:groupName")
    tags = {(e.findtext("key"), e.findtext("value")) for e in d.findall(".//tagSet/item")}
    t.ok(("Name", "asg-v1") in tags and not any(k == "private" for k, _ in tags),
         "only PropagateAtLaunch tags are propagated", tags)
    t.eq(len(set(texts(d, ".//placement/availabilityZone"))), 2, "spread over both zones")
    t.ok(wait_for(lambda: elb_in_service(lb, "app") == ids, 5),
         "instances registered with the ELB and InService there")
    t.eq(asg.error("DeleteLaunchConfiguration", {"LaunchConfigurationName": "lc-v1"}),
         (400, "ResourceInUse"), "deleting a launch configuration in use is ResourceInUse")
    ai = asg("DescribeAutoScalingInstances", members("InstanceIds", ids[:1]))
    t.eq((ai.findtext(".//AutoScalingGroupName"), ai.findtext(".//HealthStatus")),
         ("asg-v1", "HEALTHY"), "DescribeAutoScalingInstances")

    ec2("TerminateInstances", {"InstanceId.1": ids[0]})
    new = wait_for(lambda: (lambda n: n if n and ids[0] not in n else None)(
        in_service(asg, "asg-v1", 2)), 10)
    t.ok(new and ids[1] in new, "a terminated instance is replaced", new)
    acts = asg("DescribeScalingActivities", {"AutoScalingGroupName": "asg-v1"})
    descs = texts(acts, ".//Activities/member/Description")
    t.ok(any(ids[0] in d and d.startswith("Terminating") for d in descs),
         "activity records the termination", descs)

    t.eq(asg.error("SetDesiredCapacity", {"AutoScalingGroupName": "asg-v1",
                                          "DesiredCapacity": "3"}),
         (400, "ValidationError"), "SetDesiredCapacity above max is ValidationError")
    asg("SetDesiredCapacity", {"AutoScalingGroupName": "asg-v1", "DesiredCapacity": "1"})
    t.ok(wait_for(lambda: in_service(asg, "asg-v1", 1), 10), "scale in to 1")
    asg("UpdateAutoScalingGroup", {"AutoScalingGroupName": "asg-v1", "DesiredCapacity": "2"})
    t.ok(wait_for(lambda: in_service(asg, "asg-v1", 2), 10), "UpdateAutoScalingGroup to 2")
    t.ok(wait_for(lambda: len(elb_in_service(lb, "app")) == 2, 5), "both InService in ELB")
    t.eq(asg.error("DeleteAutoScalingGroup", {"AutoScalingGroupName": "asg-v1"}),
         (400, "ResourceInUse"), "deleting a group with instances needs ForceDelete")


def unhealthy_rollout(t, asg, lb, emu, net):
    create_group(asg, "asg-bad", "lc-bad", net, desired=1)
    replaced = wait_for(lambda: any(
        "ELB system health check failure" in (a.findtext("Cause") or "")
        for a in asg("DescribeScalingActivities", {"AutoScalingGroupName": "asg-bad"})
        .findall(".//Activities/member")), 10)
    t.ok(replaced, "instances failing ELB health checks are replaced after the grace period")
    tr = emu.control("POST", "/_emu/traffic", {"elb": "app", "requests": 20})
    t.eq((tr["served"], tr["hit_terminating"], len(tr["per_instance"])), (20, 0, 2),
         "old instances keep serving while the broken group churns")
    asg("DeleteAutoScalingGroup", {"AutoScalingGroupName": "asg-bad", "ForceDelete": "true"})
    t.ok(wait_for(lambda: group(asg, "asg-bad") is None, 10), "broken group force-deleted")


def green_rollout(t, asg, lb, emu, net):
    create_group(asg, "asg-v2", "lc-v2", net)
    t.ok(wait_for(lambda: len(elb_in_service(lb, "app")) == 4, 10),
         "new group's instances join the ELB")
    lost = {"hit": 0, "none": 0}

    def traffic():
        tr = emu.control("POST", "/_emu/traffic", {"elb": "app", "requests": 8})
        lost["hit"] += tr["hit_terminating"]
        lost["none"] += tr["no_inservice"]

    asg("DeleteAutoScalingGroup", {"AutoScalingGroupName": "asg-v1", "ForceDelete": "true"})
    g = group(asg, "asg-v1")
    t.eq(g and g["status"], "Delete in progress", "deleting group shows Delete in progress")
    t.ok(g and all(s == "Terminating" for s, _ in g["instances"].values()),
         "its instances are Terminating")
    gone = wait_for(lambda: traffic() or group(asg, "asg-v1") is None, 10)
    t.ok(gone, "old group disappears once its instances are terminated")
    t.eq(lost, {"hit": 0, "none": 0}, "zero requests lost: ASG drains before terminating")
    t.eq(emu.control("GET", "/_emu/stats")["routed_to_terminating"], 0,
         "stats: nothing routed to terminating instances")
    asg("DeleteLaunchConfiguration", {"LaunchConfigurationName": "lc-v1"})
    t.eq(asg.error("DeleteLaunchConfiguration", {"LaunchConfigurationName": "lc-v1"}),
         (400, "ValidationError"), "deleting a missing launch configuration is ValidationError")


def tags_and_lbs(t, asg, lb, net):
    asg("CreateOrUpdateTags", {"Tags.member.1.ResourceId": "asg-v2",
                               "Tags.member.1.ResourceType": "auto-scaling-group",
                               "Tags.member.1.Key": "team", "Tags.member.1.Value": "infra",
                               "Tags.member.1.PropagateAtLaunch": "false"})
    d = asg("DescribeTags", {"Filters.member.1.Name": "key",
                             "Filters.member.1.Values.member.1": "team"})
    t.eq(texts(d, ".//Tags/member/ResourceId"), ["asg-v2"], "CreateOrUpdateTags/DescribeTags")
    asg("DeleteTags", {"Tags.member.1.ResourceId": "asg-v2",
                       "Tags.member.1.ResourceType": "auto-scaling-group",
                       "Tags.member.1.Key": "team"})
    d = asg("DescribeTags", {"Filters.member.1.Name": "auto-scaling-group",
                             "Filters.member.1.Values.member.1": "asg-v2"})
    t.eq(texts(d, ".//Tags/member/Key"), ["Name", "private"], "DeleteTags")
    r = asg("DescribeLoadBalancers", {"AutoScalingGroupName": "asg-v2"})
    t.eq((r.findtext(".//LoadBalancerName"), r.findtext(".//State")), ("app", "InService"),
         "DescribeLoadBalancers (Auto Scaling)")
    lb("CreateLoadBalancer", dict(listener(1), LoadBalancerName="other",
                                  **members("Subnets", net["public"])))
    asg("AttachLoadBalancers", {"AutoScalingGroupName": "asg-v2",
                                **members("LoadBalancerNames", ["other"])})
    r = lb("DescribeLoadBalancers", members("LoadBalancerNames", ["other"]))
    t.eq(len(r.findall(".//Instances/member")), 2, "AttachLoadBalancers registers instances")
    asg("DetachLoadBalancers", {"AutoScalingGroupName": "asg-v2",
                                **members("LoadBalancerNames", ["other"])})
    r = lb("DescribeLoadBalancers", members("LoadBalancerNames", ["other"]))
    t.eq(len(r.findall(".//Instances/member")), 0, "DetachLoadBalancers deregisters them")
    for n in range(3):
        asg("CreateAutoScalingGroup", {"AutoScalingGroupName": f"empty{n}",
                                       "LaunchConfigurationName": "lc-v2", "MinSize": "0",
                                       "MaxSize": "1", "DesiredCapacity": "0",
                                       "VPCZoneIdentifier": net["private"][0]})
    seen, token = [], None
    while True:
        r = asg("DescribeAutoScalingGroups", {"MaxRecords": "3",
                                              **({"NextToken": token} if token else {})})
        seen += texts(r, ".//AutoScalingGroups/member/AutoScalingGroupName")
        token = r.findtext(".//NextToken")
        if not token:
            break
    t.eq(sorted(seen), ["asg-v2", "empty0", "empty1", "empty2"],
         "DescribeAutoScalingGroups NextToken pagination")
    asg("DeleteAutoScalingGroup", {"AutoScalingGroupName": "empty0"})
    t.eq(group(asg, "empty0"), None, "an empty group is deleted without ForceDelete")


def faults(t, asg, emu):
    emu.control("POST", "/_emu/faults", {"throttle_rate": 1.0})
    t.eq(asg.error("DescribeAutoScalingGroups"), (400, "Throttling"),
         "Auto Scaling throttling is 400 Throttling")
    emu.control("POST", "/_emu/faults", {})
    s = emu.control("GET", "/_emu/state")
    t.ok([g["AutoScalingGroupName"] for g in s["autoscaling"]["groups"]][:1] == ["asg-v2"],
         "/_emu/state lists groups")


def main():
    t = Tap()
    with Emu(time_factor=0.01) as emu:
        ec2, lb = emu.client("ec2"), emu.client("elasticloadbalancing")
        asg = emu.client("autoscaling")
        net = make_network(ec2)
        lb("CreateLoadBalancer", dict(listener(1), LoadBalancerName="app",
                                      **members("Subnets", net["public"]),
                                      **members("SecurityGroups", [net["sg"]])))
        lb("ConfigureHealthCheck", {"LoadBalancerName": "app", "HealthCheck.Target": "HTTP:80/",
                                    "HealthCheck.Interval": "5", "HealthCheck.Timeout": "2",
                                    "HealthCheck.UnhealthyThreshold": "2",
                                    "HealthCheck.HealthyThreshold": "2"})
        lb("ModifyLoadBalancerAttributes", {
            "LoadBalancerName": "app",
            "LoadBalancerAttributes.ConnectionDraining.Enabled": "true",
            "LoadBalancerAttributes.ConnectionDraining.Timeout": "20"})
        t.run(launch_configs, asg, net)
        t.run(reconcile, asg, lb, ec2, net)
        t.run(unhealthy_rollout, asg, lb, emu, net)
        t.run(green_rollout, asg, lb, emu, net)
        t.run(tags_and_lbs, asg, lb, net)
        t.run(faults, asg, emu)
        problems = ec2.shape_problems + lb.shape_problems + asg.shape_problems
        t.ok(not problems, "every response matches the botocore output shapes",
             "\n".join(problems))
        t.eq(emu.stop(), 0, "emulator exits cleanly")
        t.ok("Traceback" not in emu.stderr(), "no emulator tracebacks", emu.stderr())
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
