#!/usr/bin/python3
"""Elastic Load Balancing v2 in the emulator: application and network load balancers,
target groups and their attributes, listeners, rules, tags, AWS's errors, and the target
health model rollouts depend on: initial -> healthy after interval x healthy threshold,
unhealthy with its reason, unused when nothing forwards to the group, draining for the
deregistration delay. Simulated time is moved with /_emu/advance (time factor 1), so the
timings are checked to the second. Every response is shape-checked."""

import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from client import Emu, finish, make_network, members, texts, wait_for  # noqa: E402
from tap import Tap  # noqa: E402

GOOD, BAD = "ami-0healthy00000001", "ami-0unhealthy000001"


def advance(emu, seconds):
    emu.control("POST", "/_emu/advance", {"seconds": seconds})


def forward(tg, prefix="DefaultActions"):
    return {f"{prefix}.member.1.Type": "forward", f"{prefix}.member.1.TargetGroupArn": tg}


def load_balancers(t, v2, net, emu, st):
    args = {"Name": "web", **members("Subnets", net["public"]),
            **members("SecurityGroups", [net["sg"]]), "Tags.member.1.Key": "env",
            "Tags.member.1.Value": "test"}
    r = v2("CreateLoadBalancer", args)
    lb = r.find(".//LoadBalancers/member")
    st["lb"] = lb.findtext("LoadBalancerArn")
    t.ok(st["lb"].startswith("arn:aws:elasticloadbalancing:us-east-1:123456789012:"
                             "loadbalancer/app/web/"), "ALB ARN", st["lb"])
    t.eq((lb.findtext("Type"), lb.findtext("Scheme"), lb.findtext("State/Code"),
          lb.findtext("VpcId"), texts(lb, "AvailabilityZones/member/ZoneName")),
         ("application", "internet-facing", "provisioning", net["vpc"],
          ["us-east-1a", "us-east-1b"]), "CreateLoadBalancer: an ALB, provisioning")
    t.eq(v2("CreateLoadBalancer", args).findtext(".//LoadBalancerArn"), st["lb"],
         "creating it again with the same settings answers the same ALB")
    t.eq(v2.error("CreateLoadBalancer", dict(args, Scheme="internal")),
         (400, "DuplicateLoadBalancerName"), "same name, other settings")
    t.eq(v2.error("CreateLoadBalancer", {"Name": "one", **members("Subnets", net["public"][:1])}),
         (400, "ValidationError"), "an ALB needs two zones")
    t.eq(v2.error("CreateLoadBalancer", {"Name": "nosub", **members(
        "Subnets", ["subnet-0123456789abcdef0", net["public"][0]])}),
        (400, "SubnetNotFound"), "an unknown subnet")
    t.eq(v2.error("CreateLoadBalancer", {"Name": "-bad", **members("Subnets", net["public"])}),
         (400, "ValidationError"), "a bad name")
    t.eq(v2.error("CreateLoadBalancer", {"Name": "x", "Bogus": "1"}), (400, "ValidationError"),
         "an unknown parameter (botocore model)")
    advance(emu, 31)
    r = v2("DescribeLoadBalancers", members("Names", ["web"]))
    t.eq(r.findtext(".//State/Code"), "active", "active after 30 simulated seconds")
    r = v2("CreateLoadBalancer", {"Name": "tcp", "Type": "network", "Scheme": "internal",
                                  **members("Subnets", net["private"][:1])})
    st["nlb"] = r.findtext(".//LoadBalancerArn")
    t.ok("/net/tcp/" in st["nlb"] and r.findtext(".//DNSName").startswith("internal-tcp-"),
         "a network load balancer, internal, one zone", r.findtext(".//DNSName"))
    t.eq(v2.error("DescribeLoadBalancers", members("Names", ["nope"])),
         (400, "LoadBalancerNotFound"), "an unknown name")
    r = v2("DescribeLoadBalancerAttributes", {"LoadBalancerArn": st["lb"]})
    attrs = {m.findtext("Key"): m.findtext("Value") for m in r.findall(".//Attributes/member")}
    t.eq((attrs["idle_timeout.timeout_seconds"], attrs["deletion_protection.enabled"]),
         ("60", "false"), "ALB attribute defaults")
    t.eq(v2.error("ModifyLoadBalancerAttributes", {
        "LoadBalancerArn": st["lb"], "Attributes.member.1.Key": "access_logs.s3.enabled",
        "Attributes.member.1.Value": "true"}), (400, "InvalidConfigurationRequest"),
        "access logs without a bucket")
    t.eq(v2("SetIpAddressType", {"LoadBalancerArn": st["lb"], "IpAddressType": "ipv4"})
         .findtext(".//IpAddressType"), "ipv4", "SetIpAddressType ipv4")
    t.eq(v2.error("SetIpAddressType", {"LoadBalancerArn": st["lb"],
                                       "IpAddressType": "dualstack"}),
         (400, "InvalidConfigurationRequest"), "dualstack needs subnets with IPv6")
    t.eq(v2.error("ModifyLoadBalancerAttributes", {
        "LoadBalancerArn": st["lb"], "Attributes.member.1.Key": "no.such",
        "Attributes.member.1.Value": "1"}), (400, "InvalidConfigurationRequest"),
        "an unknown attribute key")


def target_groups(t, v2, net, st):
    args = {"Name": "web-tg", "Protocol": "HTTP", "Port": "80", "VpcId": net["vpc"],
            "HealthCheckPath": "/health", "HealthCheckIntervalSeconds": "10",
            "HealthyThresholdCount": "3", "UnhealthyThresholdCount": "2",
            "Matcher.HttpCode": "200-299"}
    r = v2("CreateTargetGroup", args)
    g = r.find(".//TargetGroups/member")
    st["tg"] = g.findtext("TargetGroupArn")
    t.eq((g.findtext("HealthCheckProtocol"), g.findtext("HealthCheckPort"),
          g.findtext("HealthCheckTimeoutSeconds"), g.findtext("Matcher/HttpCode"),
          g.findtext("TargetType"), texts(g, "LoadBalancerArns/member")),
         ("HTTP", "traffic-port", "5", "200-299", "instance", []),
         "CreateTargetGroup: defaults filled in as AWS does")
    t.eq(v2("CreateTargetGroup", args).findtext(".//TargetGroupArn"), st["tg"],
         "the same target group again is idempotent")
    t.eq(v2.error("CreateTargetGroup", dict(args, Port="8080")),
         (400, "DuplicateTargetGroupName"), "same name, other settings")
    t.eq(v2.error("CreateTargetGroup", dict(args, Name="t2", HealthCheckTimeoutSeconds="10")),
         (400, "ValidationError"), "timeout not below the interval")
    t.eq(v2.error("CreateTargetGroup", dict(args, Name="t3", HealthyThresholdCount="11")),
         (400, "ValidationError"), "healthy threshold above 10")
    t.eq(v2.error("CreateTargetGroup", {"Name": "t4", "Protocol": "HTTP", "Port": "80"}),
         (400, "ValidationError"), "an instance target group needs a VPC")
    r = v2("CreateTargetGroup", {"Name": "tcp-tg", "Protocol": "TCP", "Port": "22",
                                 "VpcId": net["vpc"]})
    st["tcp_tg"] = r.findtext(".//TargetGroupArn")
    t.eq((r.findtext(".//HealthCheckProtocol"), r.findtext(".//HealthCheckTimeoutSeconds"),
          r.find(".//Matcher")), ("TCP", "10", None), "a TCP group: TCP checks, no matcher")
    r = v2("DescribeTargetGroupAttributes", {"TargetGroupArn": st["tg"]})
    attrs = {m.findtext("Key"): m.findtext("Value") for m in r.findall(".//Attributes/member")}
    t.eq(attrs["deregistration_delay.timeout_seconds"], "300", "deregistration delay 300 s")
    v2("ModifyTargetGroupAttributes", {
        "TargetGroupArn": st["tg"], "Attributes.member.1.Key":
        "deregistration_delay.timeout_seconds", "Attributes.member.1.Value": "20"})
    t.eq(v2.error("ModifyTargetGroupAttributes", {
        "TargetGroupArn": st["tg"], "Attributes.member.1.Key":
        "deregistration_delay.timeout_seconds", "Attributes.member.1.Value": "4000"}),
        (400, "ValidationError"), "a deregistration delay above 3600")
    r = v2("ModifyTargetGroup", {"TargetGroupArn": st["tg"], "HealthCheckPath": "/ready"})
    t.eq((r.findtext(".//HealthCheckPath"), r.findtext(".//HealthyThresholdCount")),
         ("/ready", "3"), "ModifyTargetGroup changes only what it is given")
    t.eq(v2.error("DescribeTargetGroups", members("TargetGroupArns", [
        st["tg"][:-4] + "0000"])), (400, "TargetGroupNotFound"), "an unknown target group")


def listeners(t, v2, st):
    r = v2("CreateListener", {"LoadBalancerArn": st["lb"], "Protocol": "HTTP", "Port": "80",
                              **forward(st["tg"])})
    st["listener"] = r.findtext(".//ListenerArn")
    t.eq(r.findtext(".//DefaultActions/member/ForwardConfig/TargetGroups/member/Weight"), "1",
         "a forward action answers its ForwardConfig, as AWS does")
    t.eq(v2.error("CreateListener", {"LoadBalancerArn": st["lb"], "Protocol": "HTTP",
                                     "Port": "80", **forward(st["tg"])}),
         (400, "DuplicateListener"), "a second listener on port 80")
    t.eq(v2.error("CreateListener", {"LoadBalancerArn": st["lb"], "Protocol": "HTTPS",
                                     "Port": "443", **forward(st["tg"])}),
         (400, "CertificateNotFound"), "HTTPS without a certificate")
    t.eq(v2.error("CreateListener", {"LoadBalancerArn": st["lb"], "Protocol": "HTTP",
                                     "Port": "81", **forward(st["tcp_tg"])}),
         (400, "IncompatibleProtocols"), "an ALB cannot forward to a TCP group")
    t.eq(v2.error("CreateListener", {"LoadBalancerArn": st["lb"], "Protocol": "TCP",
                                     "Port": "81", **forward(st["tg"])}),
         (400, "UnsupportedProtocol"), "an ALB has no TCP listener")
    r = v2("DescribeTargetGroups", {"LoadBalancerArn": st["lb"]})
    t.eq(texts(r, ".//TargetGroupArn"), [st["tg"]], "target groups by load balancer")
    t.eq(texts(r, ".//LoadBalancerArns/member"), [st["lb"]], "the group knows its ALB")
    t.eq(v2.error("DescribeListeners", {}), (400, "ValidationError"),
         "DescribeListeners needs an ARN")
    fixed = {"Actions.member.1.Type": "fixed-response",
             "Actions.member.1.FixedResponseConfig.StatusCode": "503",
             "Actions.member.1.FixedResponseConfig.ContentType": "text/plain"}
    cond = {"Conditions.member.1.Field": "path-pattern",
            "Conditions.member.1.PathPatternConfig.Values.member.1": "/maintenance/*"}
    r = v2("CreateRule", {"ListenerArn": st["listener"], "Priority": "10", **cond, **fixed})
    rule = r.findtext(".//RuleArn")
    t.eq(r.findtext(".//Conditions/member/Values/member"), "/maintenance/*",
         "CreateRule: path-pattern condition")
    t.eq(v2.error("CreateRule", {"ListenerArn": st["listener"], "Priority": "10", **cond,
                                 **fixed}), (400, "PriorityInUse"), "a taken priority")
    r2 = v2("CreateRule", {"ListenerArn": st["listener"], "Priority": "20",
                           "Conditions.member.1.Field": "host-header",
                           "Conditions.member.1.Values.member.1": "api.example.com",
                           **forward(st["tg"], "Actions")})
    v2("SetRulePriorities", {"RulePriorities.member.1.RuleArn": rule,
                             "RulePriorities.member.1.Priority": "20",
                             "RulePriorities.member.2.RuleArn": r2.findtext(".//RuleArn"),
                             "RulePriorities.member.2.Priority": "5"})
    r = v2("DescribeRules", {"ListenerArn": st["listener"]})
    t.eq([(m.findtext("Priority"), m.findtext("IsDefault")) for m in r.findall(".//Rules/member")],
         [("5", "false"), ("20", "false"), ("default", "true")],
         "DescribeRules: by priority (after SetRulePriorities swapped them), default last")
    t.eq(v2.error("DeleteRule", {"RuleArn": texts(r, ".//RuleArn")[-1]}),
         (400, "OperationNotPermitted"), "the default rule cannot be deleted")
    v2("DeleteRule", {"RuleArn": rule})
    t.eq(v2.error("DeleteRule", {"RuleArn": rule}), (400, "RuleNotFound"), "a deleted rule")
    t.eq(v2.error("DeleteTargetGroup", {"TargetGroupArn": st["tg"]}), (400, "ResourceInUse"),
         "a target group in use by a listener cannot be deleted")


def sample(emu, tg):
    """(zero, min, max) of sampler.py --target-group over a few samples."""
    log = os.path.join(emu.dir, "samples")
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "sampler.py"),
                          "--target-group", tg, "--interval", "0.05", "--log", log],
                         stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ, AWSEMU_PORT=str(emu.port)))
    # a loaded machine starts python slowly: stop it only once it has sampled three times
    wait_for(lambda: os.path.exists(log) and len(open(log).readlines()) >= 3, 30)
    p.send_signal(signal.SIGTERM)
    out = dict(kv.split("=") for kv in p.communicate(timeout=10)[0].split())
    return int(out["zero"]), int(out["min"]), int(out["max"])


def health(v2, tg, *ids):
    r = v2("DescribeTargetHealth", {"TargetGroupArn": tg, **members("Targets", ids, "Id")})
    return {m.findtext("Target/Id"): (m.findtext("TargetHealth/State"),
                                      m.findtext("TargetHealth/Reason"))
            for m in r.findall(".//TargetHealthDescriptions/member")}


def target_health(t, v2, ec2, net, emu, st):
    def run(ami, subnet):
        r = ec2("RunInstances", {"MinCount": "1", "MaxCount": "1", "ImageId": ami,
                                 "SubnetId": subnet})
        return r.findtext(".//instanceId")
    a, b = run(GOOD, net["private"][0]), run(GOOD, net["private"][1])
    bad = run(BAD, net["private"][0])
    v2("RegisterTargets", {"TargetGroupArn": st["tg"], **members("Targets", [a, b, bad], "Id")})
    h = health(v2, st["tg"])
    t.eq(set(h.values()), {("initial", "Elb.RegistrationInProgress")},
         "registered while booting: initial, Elb.RegistrationInProgress")
    advance(emu, 20)   # boot
    t.eq(health(v2, st["tg"], a)[a], ("initial", "Elb.InitialHealthChecking"),
         "running: initial, Elb.InitialHealthChecking")
    advance(emu, 29)   # 3 checks 10 s apart (interval x healthy threshold) not yet passed
    t.eq(health(v2, st["tg"], a)[a][0], "initial", "still initial 1 s before interval x "
         "healthy threshold")
    advance(emu, 2)
    h = health(v2, st["tg"])
    t.eq((h[a], h[b]), (("healthy", None), ("healthy", None)),
         "healthy once 3 checks 10 s apart have passed")
    t.eq(h[bad], ("unhealthy", "Target.ResponseCodeMismatch"),
         "an instance that does not serve: unhealthy, Target.ResponseCodeMismatch")
    t.eq(health(v2, st["tg"], "i-0123456789abcdef0")["i-0123456789abcdef0"],
         ("unused", "Target.NotRegistered"), "asking for a target not registered")
    r = v2("DescribeTargetHealth", {"TargetGroupArn": st["tg"], **members("Targets", [a], "Id")})
    t.eq((r.findtext(".//Target/Port"), r.findtext(".//HealthCheckPort"),
          r.findtext(".//Target/AvailabilityZone")), ("80", "80", "us-east-1a"),
         "target port, traffic-port health check port, zone")
    t.eq(sample(emu, "web-tg"), (0, 2, 2), "sampler.py --target-group counts the healthy "
         "targets (zero=0 min=2 max=2)")
    served = emu.control("POST", "/_emu/traffic", {"target_group": "web-tg", "requests": 10})
    t.eq((served["per_instance"], served["no_healthy"]), ({a: 5, b: 5}, 0),
         "traffic goes round-robin to the healthy targets only")
    v2("RegisterTargets", {"TargetGroupArn": st["tcp_tg"], **members("Targets", [a], "Id")})
    t.eq(health(v2, st["tcp_tg"])[a], ("unused", "Target.NotInUse"),
         "in a group no load balancer forwards to: unused, Target.NotInUse")
    v2("DeregisterTargets", {"TargetGroupArn": st["tcp_tg"], **members("Targets", [a], "Id")})
    t.eq(health(v2, st["tcp_tg"]), {}, "deregistered from an unused group: gone at once")

    v2("DeregisterTargets", {"TargetGroupArn": st["tg"], **members("Targets", [a, bad], "Id")})
    h = health(v2, st["tg"])
    t.eq((h[a], h[bad]), (("draining", "Target.DeregistrationInProgress"),) * 2,
         "deregistered: draining, Target.DeregistrationInProgress")
    served = emu.control("POST", "/_emu/traffic", {"target_group": st["tg"], "requests": 4})
    t.eq(served["per_instance"], {b: 4}, "a draining target gets no new requests")
    t.eq(v2.error("RegisterTargets", {"TargetGroupArn": st["tg"],
                                      **members("Targets", ["i-0123456789abcdef0"], "Id")}),
         (400, "InvalidTarget"), "registering an instance that does not exist")
    advance(emu, 19)
    t.eq(health(v2, st["tg"], a)[a][0], "draining", "still draining 1 s before the 20 s "
         "deregistration delay")
    advance(emu, 2)
    h = health(v2, st["tg"])
    t.eq(sorted(h), [b], "gone from the group after the deregistration delay")
    t.eq(health(v2, st["tg"], a)[a], ("unused", "Target.NotRegistered"),
         "and then reported as not registered")
    ec2("TerminateInstances", {"InstanceId.1": b})
    t.eq(health(v2, st["tg"])[b][0], "healthy", "a terminating target that was healthy keeps "
         "its traffic until the unhealthy threshold")
    advance(emu, 21)
    t.eq(health(v2, st["tg"])[b], ("unused", "Target.InvalidState"),
         "then: unused, Target.InvalidState")
    st["instance"] = a


def tags_and_deletes(t, v2, st):
    v2("AddTags", {**members("ResourceArns", [st["lb"], st["tg"]]), "Tags.member.1.Key": "team",
                   "Tags.member.1.Value": "web"})
    r = v2("DescribeTags", members("ResourceArns", [st["lb"], st["tg"], st["listener"]]))
    got = {m.findtext("ResourceArn"): sorted(texts(m, "Tags/member/Key"))
           for m in r.findall(".//TagDescriptions/member")}
    t.eq(got, {st["lb"]: ["env", "team"], st["tg"]: ["team"], st["listener"]: []},
         "AddTags / DescribeTags on a load balancer, a target group and a listener")
    v2("RemoveTags", {**members("ResourceArns", [st["lb"]]), **members("TagKeys", ["env"])})
    r = v2("DescribeTags", members("ResourceArns", [st["lb"]]))
    t.eq(texts(r, ".//Tags/member/Key"), ["team"], "RemoveTags")
    t.eq(v2.error("AddTags", {**members("ResourceArns", [st["tg"]]), "Tags.member.1.Key": "a",
                              "Tags.member.2.Key": "a"}), (400, "DuplicateTagKeys"),
         "duplicate tag keys")
    v2("ModifyLoadBalancerAttributes", {"LoadBalancerArn": st["lb"], "Attributes.member.1.Key":
                                        "deletion_protection.enabled",
                                        "Attributes.member.1.Value": "true"})
    t.eq(v2.error("DeleteLoadBalancer", {"LoadBalancerArn": st["lb"]}),
         (400, "OperationNotPermitted"), "deletion protection")
    v2("ModifyLoadBalancerAttributes", {"LoadBalancerArn": st["lb"], "Attributes.member.1.Key":
                                        "deletion_protection.enabled",
                                        "Attributes.member.1.Value": "false"})
    v2("DeleteLoadBalancer", {"LoadBalancerArn": st["lb"]})
    t.eq(v2.error("DescribeListeners", {"ListenerArns.member.1": st["listener"]}),
         (400, "ListenerNotFound"), "deleting the ALB deletes its listeners")
    v2("DeleteTargetGroup", {"TargetGroupArn": st["tg"]})
    t.eq(v2.error("DeleteTargetGroup", {"TargetGroupArn": st["tg"]}), (200, None),
         "then the group can go; deleting it again succeeds, as in AWS")


def faults(t, v2, emu):
    emu.control("POST", "/_emu/faults", {"throttle_rate": 1.0})
    t.eq(v2.error("DescribeLoadBalancers"), (400, "Throttling"), "throttling reaches ELBv2")
    emu.control("POST", "/_emu/faults", {})
    stats = emu.control("GET", "/_emu/stats")
    t.ok(stats["calls"].get("DescribeTargetHealth", 0) > 5, "stats count the v2 calls")
    t.eq(v2.error("DescribeLoadBalancers", version="2012-06-01"), (200, None),
         "Version 2012-06-01 under the same signing name is the classic ELB")


def main():
    t = Tap()
    with Emu(time_factor=1.0) as emu:
        ec2, v2 = emu.client("ec2"), emu.client("elbv2")
        net, st = make_network(ec2), {}
        t.run(load_balancers, v2, net, emu, st)
        if "lb" in st:
            t.run(target_groups, v2, net, st)
        if "tg" in st:
            t.run(listeners, v2, st)
        if "listener" in st:
            t.run(target_health, v2, ec2, net, emu, st)
            t.run(tags_and_deletes, v2, st)
        t.run(faults, v2, emu)
        finish(t, emu, ec2, v2)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
