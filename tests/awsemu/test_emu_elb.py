#!/usr/bin/python3
"""Classic ELB side of the emulator: create/describe/delete with AWS's errors, pagination,
attributes, listeners, tags, subnets, the health-check simulation under a time factor,
connection draining and routed traffic. Every response is shape-checked."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, listener, make_network, members, texts, wait_for  # noqa: E402
from tap import Tap  # noqa: E402

GOOD, BAD = "ami-0healthy00000001", "ami-0unhealthy000001"


def health(lb, name):
    r = lb("DescribeInstanceHealth", {"LoadBalancerName": name})
    return {m.findtext("InstanceId"): (m.findtext("State"), m.findtext("ReasonCode"),
                                       m.findtext("Description"))
            for m in r.findall(".//InstanceStates/member")}


def lifecycle(t, lb, net):
    args = dict(listener(1), LoadBalancerName="web", **members("Subnets", net["public"]),
                **members("SecurityGroups", [net["sg"]]),
                **{"Tags.member.1.Key": "env", "Tags.member.1.Value": "test"})
    dns = lb("CreateLoadBalancer", args).findtext(".//DNSName")
    t.ok(re.fullmatch(r"web-\d+\.us-east-1\.elb\.amazonaws\.com", dns), "DNSName format", dns)
    t.eq(lb("CreateLoadBalancer", args).findtext(".//DNSName"), dns,
         "re-creating with identical parameters is idempotent")
    t.eq(lb.error("CreateLoadBalancer", dict(args, **listener(1, "TCP", 80, 8080))),
         (400, "DuplicateLoadBalancerName"), "same name, other parameters: "
         "DuplicateLoadBalancerName")
    t.eq(lb.error("CreateLoadBalancer", dict(listener(1), LoadBalancerName="x",
                                             **members("Subnets", ["subnet-0000000000000000a"]))),
         (400, "SubnetNotFound"), "unknown subnet is SubnetNotFound")
    t.eq(lb.error("CreateLoadBalancer", {"LoadBalancerName": "nolisteners",
                                         **members("Subnets", net["public"])}),
         (400, "ValidationError"), "missing Listeners is ValidationError")
    t.eq(lb.error("CreateLoadBalancer", dict(args, LoadBalancerName="bad", Bogus="1")),
         (400, "ValidationError"), "unknown parameter is ValidationError")
    d = lb("DescribeLoadBalancers", members("LoadBalancerNames", ["web"]))
    desc = d.find(".//LoadBalancerDescriptions/member")
    t.eq(texts(desc, "AvailabilityZones/member"), ["us-east-1a", "us-east-1b"],
         "AvailabilityZones derived from subnets")
    t.eq(desc.findtext("VPCId"), net["vpc"], "VPCId")
    t.eq(desc.findtext("ListenerDescriptions/member/Listener/InstanceProtocol"), "HTTP",
         "listener InstanceProtocol defaulted")
    t.eq(desc.findtext("Scheme"), "internet-facing", "default scheme")
    t.eq(lb.error("DescribeLoadBalancers", members("LoadBalancerNames", ["nope"])),
         (400, "LoadBalancerNotFound"), "unknown name is LoadBalancerNotFound")

    for n in range(3):
        lb("CreateLoadBalancer", dict(listener(1), LoadBalancerName=f"extra{n}",
                                      **members("Subnets", net["public"][:1])))
    seen, marker, pages = [], None, 0
    while True:
        args2 = {"PageSize": "2", **({"Marker": marker} if marker else {})}
        r = lb("DescribeLoadBalancers", args2)
        seen += texts(r, ".//LoadBalancerDescriptions/member/LoadBalancerName")
        marker, pages = r.findtext(".//NextMarker"), pages + 1
        if not marker:
            break
    t.eq((pages, sorted(seen)), (2, ["extra0", "extra1", "extra2", "web"]),
         "PageSize/Marker pagination")
    for n in range(3):
        lb("DeleteLoadBalancer", {"LoadBalancerName": f"extra{n}"})
    t.eq(lb.error("DeleteLoadBalancer", {"LoadBalancerName": "extra0"}), (200, None),
         "deleting a missing load balancer succeeds, as in AWS")


def configuration(t, lb, net, ec2):
    hc = {"LoadBalancerName": "web", "HealthCheck.Target": "HTTP:80/", "HealthCheck.Interval":
          "10", "HealthCheck.Timeout": "5", "HealthCheck.UnhealthyThreshold": "2",
          "HealthCheck.HealthyThreshold": "3"}
    r = lb("ConfigureHealthCheck", hc)
    t.eq(r.findtext(".//HealthCheck/Target"), "HTTP:80/", "ConfigureHealthCheck")
    t.eq(lb.error("ConfigureHealthCheck", dict(hc, **{"HealthCheck.Target": "HTTP80"})),
         (400, "ValidationError"), "bad target is ValidationError")
    t.eq(lb.error("ConfigureHealthCheck", dict(hc, **{"HealthCheck.Timeout": "10"})),
         (400, "ValidationError"), "Timeout >= Interval is ValidationError")
    lb("ModifyLoadBalancerAttributes", {
        "LoadBalancerName": "web",
        "LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled": "true",
        "LoadBalancerAttributes.ConnectionSettings.IdleTimeout": "60",
        "LoadBalancerAttributes.ConnectionDraining.Enabled": "true",
        "LoadBalancerAttributes.ConnectionDraining.Timeout": "50"})
    a = lb("DescribeLoadBalancerAttributes", {"LoadBalancerName": "web"})
    t.eq((a.findtext(".//CrossZoneLoadBalancing/Enabled"),
          a.findtext(".//ConnectionSettings/IdleTimeout"),
          a.findtext(".//ConnectionDraining/Timeout")), ("true", "60", "50"),
         "attributes round-trip")
    lb("CreateLoadBalancerListeners", dict(listener(1, "TCP", 8443, 8443),
                                           LoadBalancerName="web"))
    t.eq(lb.error("CreateLoadBalancerListeners", dict(listener(1, "TCP", 8443, 9000),
                                                      LoadBalancerName="web")),
         (400, "DuplicateListener"), "conflicting listener is DuplicateListener")
    lb("DeleteLoadBalancerListeners", {"LoadBalancerName": "web",
                                       "LoadBalancerPorts.member.1": "8443"})
    d = lb("DescribeLoadBalancers", members("LoadBalancerNames", ["web"]))
    t.eq(texts(d, ".//ListenerDescriptions/member/Listener/LoadBalancerPort"), ["80"],
         "listener deleted")
    lb("AddTags", {**members("LoadBalancerNames", ["web"]), "Tags.member.1.Key": "team",
                   "Tags.member.1.Value": "infra"})
    lb("RemoveTags", {**members("LoadBalancerNames", ["web"]), "Tags.member.1.Key": "env"})
    tg = lb("DescribeTags", members("LoadBalancerNames", ["web"]))
    t.eq(texts(tg, ".//Tags/member/Key"), ["team"], "AddTags / RemoveTags / DescribeTags")
    t.eq(lb.error("AttachLoadBalancerToSubnets", {"LoadBalancerName": "web",
                                                  **members("Subnets", net["private"][:1])}),
         (409, "InvalidConfigurationRequest"), "two subnets in one zone is 409 "
         "InvalidConfigurationRequest")
    r = lb("DetachLoadBalancerFromSubnets", {"LoadBalancerName": "web",
                                             **members("Subnets", net["public"][1:])})
    t.eq(texts(r, ".//Subnets/member"), net["public"][:1], "DetachLoadBalancerFromSubnets")
    r = lb("AttachLoadBalancerToSubnets", {"LoadBalancerName": "web",
                                           **members("Subnets", net["public"][1:])})
    t.eq(texts(r, ".//Subnets/member"), net["public"], "AttachLoadBalancerToSubnets")
    r = lb("ApplySecurityGroupsToLoadBalancer", {"LoadBalancerName": "web",
                                                 **members("SecurityGroups", [net["sg"]])})
    t.eq(texts(r, ".//SecurityGroups/member"), [net["sg"]], "ApplySecurityGroupsToLoadBalancer")
    t.eq(ec2.error("DeleteSubnet", {"SubnetId": net["public"][0]}),
         (400, "DependencyViolation"), "a subnet used by an ELB cannot be deleted")


def health_and_traffic(t, lb, net, ec2, emu):
    ids = []
    for ami, subnet in ((GOOD, net["private"][0]), (GOOD, net["private"][1]),
                        (BAD, net["private"][0])):
        r = ec2("RunInstances", {"ImageId": ami, "MinCount": "1", "MaxCount": "1",
                                 "SubnetId": subnet, "SecurityGroupId.1": net["sg"]})
        ids.append(r.findtext(".//instanceId"))
    good1, good2, bad = ids
    r = lb("RegisterInstancesWithLoadBalancer", {"LoadBalancerName": "web",
                                                 **members("Instances", ids, "InstanceId")})
    t.eq(texts(r, ".//Instances/member/InstanceId"), ids, "RegisterInstancesWithLoadBalancer")
    h = health(lb, "web")
    t.eq(h[good1], ("OutOfService", "ELB", "Instance registration is still in progress."),
         "pending instance: registration still in progress")
    t.eq(lb.error("RegisterInstancesWithLoadBalancer", {
        "LoadBalancerName": "web", "Instances.member.1.InstanceId": "i-0000000000000dead"}),
        (400, "InvalidInstance"), "unknown instance is InvalidInstance")
    # boot 20 s + 3 x 10 s checks = 50 simulated s = 0.5 s at factor 0.01
    ok = wait_for(lambda: health(lb, "web")[good1][0] == "InService", 5)
    t.ok(ok, "healthy AMI becomes InService after HealthyThreshold x Interval")
    h = wait_for(lambda: (lambda h: h if h[bad][1] == "Instance" else None)(health(lb, "web")),
                 5)
    t.eq(h and h[bad], ("OutOfService", "Instance", "Instance has failed at least the "
                        "UnhealthyThreshold number of health checks consecutively."),
         "unhealthy AMI fails its health checks")
    wait_for(lambda: health(lb, "web")[good2][0] == "InService", 5)
    tr = emu.control("POST", "/_emu/traffic", {"elb": "web", "requests": 10})
    t.eq(tr["per_instance"], {good1: 5, good2: 5}, "traffic round-robins over InService")
    t.eq(tr["hit_terminating"], 0, "no request hit a dying instance")

    emu.control("POST", "/_emu/faults", {"unhealthy_amis": [GOOD]})
    t.ok(wait_for(lambda: health(lb, "web")[good1][0] == "OutOfService", 5),
         "unhealthy_amis fault turns an InService instance OutOfService")
    emu.control("POST", "/_emu/faults", {})

    lb("DeregisterInstancesFromLoadBalancer", {"LoadBalancerName": "web",
                                               "Instances.member.1.InstanceId": good2})
    h = health(lb, "web")
    t.eq(h.get(good2, ("?",))[2], "Instance deregistration currently in progress.",
         "connection draining keeps a deregistered instance draining")
    tr = emu.control("POST", "/_emu/traffic", {"elb": "web", "requests": 4})
    t.eq((tr["per_instance"], tr["draining"]), ({good1: 4}, [good2]),
         "draining instance gets no new requests")
    t.ok(wait_for(lambda: good2 not in health(lb, "web"), 3), "draining ends after timeout")

    ec2("TerminateInstances", {"InstanceId.1": good1})
    tr = emu.control("POST", "/_emu/traffic", {"elb": "web", "requests": 3})
    t.eq(tr["hit_terminating"], 3, "terminating without deregistering: requests hit a dying "
         "instance until the health check notices")
    t.ok(wait_for(lambda: health(lb, "web")[good1][0] == "OutOfService", 5),
         "then the terminated instance is OutOfService")
    tr = emu.control("POST", "/_emu/traffic", {"elb": "web", "requests": 2})
    t.eq(tr["no_inservice"], 2, "no InService instance: requests are lost")
    s = emu.control("GET", "/_emu/stats")
    t.eq(s["routed_to_terminating"], 3, "stats count requests routed to terminating instances")
    st = emu.control("GET", "/_emu/state")
    t.eq([x["LoadBalancerName"] for x in st["elb"]], ["web"], "/_emu/state lists the ELB")


def faults(t, lb, emu):
    emu.control("POST", "/_emu/faults", {"throttle_rate": 1.0})
    t.eq(lb.error("DescribeLoadBalancers"), (400, "Throttling"),
         "ELB throttling is 400 Throttling")
    emu.control("POST", "/_emu/faults", {"hang": {"action": "DescribeLoadBalancers",
                                                  "count": 1, "seconds": 0.4}})
    t0 = time.time()
    lb("DescribeLoadBalancers")
    t1 = time.time()
    lb("DescribeLoadBalancers")
    t.ok(t1 - t0 >= 0.39 and time.time() - t1 < 0.3, "hang delays only the first call")
    emu.control("POST", "/_emu/faults", {})
    lb("DeleteLoadBalancer", {"LoadBalancerName": "web"})
    t.eq(lb.error("DescribeLoadBalancers", members("LoadBalancerNames", ["web"])),
         (400, "LoadBalancerNotFound"), "deleted")


def main():
    t = Tap()
    with Emu(time_factor=0.01) as emu:
        ec2, lb = emu.client("ec2"), emu.client("elasticloadbalancing")
        net = make_network(ec2)
        t.run(lifecycle, lb, net)
        t.run(configuration, lb, net, ec2)
        t.run(health_and_traffic, lb, net, ec2, emu)
        t.run(faults, lb, emu)
        problems = ec2.shape_problems + lb.shape_problems
        t.ok(not problems, "every response matches the botocore output shapes",
             "\n".join(problems))
        t.eq(emu.stop(), 0, "emulator exits cleanly")
        t.ok("Traceback" not in emu.stderr(), "no emulator tracebacks", emu.stderr())
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
