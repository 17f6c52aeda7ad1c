#!/usr/bin/python3
"""test_e2e_apply.py: apply examples/clicamos and examples/terraform-style
against the emulator and check every resource they made through the
emulator's own state (network, NAT instance, security groups, ELB, launch
configuration, group); then a plan has no changes, and output, output -json
and state list agree with what was created.  Prints TAP."""
import base64, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import (AMI1, CLICAMOS, EXAMPLES, apply_args, current, elb_health, ids, load_state,  # noqa: E402
                 main, mismatch, tags)

TFSTYLE = os.path.join(EXAMPLES, "terraform-style")
ANY = ("0.0.0.0/0",)
ALL_OUT = {("-1", None, None, ANY, ())}
COUNTS = {"vpc": 1, "subnet": 6, "igw": 1, "rtb": 2, "rtbassoc": 6, "sg": 4, "instance": 1,
          "eip": 1, "key": 0, "elb": 1, "lc": 1, "asg": 1}

SPECS = [
    {"path": CLICAMOS, "private_base": 3, "user_data": os.path.join(CLICAMOS, "user-data.sh"),
     "sg": {"nat": "main-nat", "internal": "main-internal", "elb": "elb", "app": "app"},
     "elb": "app", "elb_tags": {"Name": "app", "Project": "clicamos"}, "draining": True,
     "asg_tags": {"Name": "app", "Project": "clicamos"}},
    {"path": TFSTYLE, "private_base": 10, "user_data": os.path.join(TFSTYLE, "user_data", "app.sh"),
     "sg": {"nat": "clicamos-nat", "internal": "clicamos-default", "elb": "clicamos-elb",
            "app": "clicamos-app"},
     "elb": "clicamos-app", "elb_tags": {"Name": "clicamos-app"}, "draining": False,
     "asg_tags": {"Name": "clicamos-app"}},
]
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]


def rules(perms):
    return {(p["ipProtocol"], p.get("fromPort"), p.get("toPort"),
             tuple(sorted(r["cidrIp"] for r in p.get("ipRanges") or [])),
             tuple(sorted(g["groupId"] for g in p.get("groups") or []))) for p in perms}


def decode(b64):
    return base64.b64decode(b64 or "").decode("utf-8", "replace")


def check_network(t, s, sp, name):
    """The VPC, its subnets, gateway, routes, NAT instance and Elastic IP."""
    ec2 = s["ec2"]
    vpc = ec2["vpcs"][0]
    t.eq((vpc["cidrBlock"], vpc["enableDnsSupport"], vpc["enableDnsHostnames"]),
         ("172.31.0.0/16", True, True), name + ": VPC 172.31.0.0/16 with DNS support and hostnames")
    sub = {x["cidrBlock"]: x for x in ec2["subnets"]}
    want = [("172.31.%d.0/24" % i, ZONES[i], True) for i in range(3)] + \
           [("172.31.%d.0/24" % (sp["private_base"] + i), ZONES[i], False) for i in range(3)]
    t.eq(sorted((c, x["availabilityZone"], x["mapPublicIpOnLaunch"]) for c, x in sub.items()
                if x["vpcId"] == vpc["vpcId"]), sorted(want),
         name + ": 3 public subnets (public IPs on launch) and 3 private ones, one per zone")
    public = {sub[c]["subnetId"] for c, _, p in want if p and c in sub}
    private = {sub[c]["subnetId"] for c, _, p in want if not p and c in sub}
    igw = ec2["internet_gateways"][0]
    t.eq(igw["attachmentSet"], [{"vpcId": vpc["vpcId"], "state": "available"}],
         name + ": the internet gateway is attached to the VPC")

    nat = [i for i in ec2["instances"] if not any(x["key"] == "aws:autoscaling:groupName" for x in i["tagSet"])]
    nat = nat[0] if nat else {}
    sgs = {g["groupName"]: g["groupId"] for g in ec2["security_groups"]}
    ud = decode(nat.get("userData"))
    t.eq((nat.get("instanceState", {}).get("name"), nat.get("subnetId"), nat.get("sourceDestCheck"),
          {g["groupId"] for g in nat.get("groupSet", [])}),
         ("running", sub["172.31.0.0/24"]["subnetId"], False, {sgs[sp["sg"]["nat"]], sgs[sp["sg"]["internal"]]}),
         name + ": NAT instance running in the first public subnet, source_dest_check false, nat+internal groups")
    t.ok("ip_forward=1" in ud and "MASQUERADE" in ud and "openvpn" in ud,
         name + ": NAT user data turns on forwarding, masquerades and runs OpenVPN", ud)
    eip = ec2["addresses"][0] if ec2["addresses"] else {}
    t.eq((eip.get("domain"), eip.get("instanceId"), nat.get("ipAddress")),
         ("vpc", nat.get("instanceId"), eip.get("publicIp")),
         name + ": an Elastic IP (vpc) is associated with the NAT instance and is its public IP")

    routes = {}
    for rt in ec2["route_tables"]:
        if any(a.get("main") for a in rt["associationSet"]):
            continue
        default = [r for r in rt["routeSet"] if r["destinationCidrBlock"] == "0.0.0.0/0"]
        target = default[0].get("gatewayId") or default[0].get("instanceId") if default else None
        routes[target] = {a["subnetId"] for a in rt["associationSet"]}
    t.eq(routes, {igw["internetGatewayId"]: public, nat.get("instanceId"): private},
         name + ": public route table 0.0.0.0/0 -> igw on the public subnets, private -> NAT instance on the private ones")
    return public, private, sgs


def check_groups(t, s, sp, name, sgs):
    g = {x["groupName"]: x for x in s["ec2"]["security_groups"]}
    n = sp["sg"]
    want = {
        n["nat"]: {("tcp", 22, 22, ANY, ()), ("udp", 1194, 1194, ANY, ())},
        n["internal"]: {("-1", None, None, ("172.31.0.0/16",), ())},
        n["elb"]: {("tcp", 80, 80, ANY, ())},
        n["app"]: {("tcp", 80, 80, (), (sgs.get(n["elb"]),))},
    }
    got = {k: rules(g[k]["ipPermissions"]) if k in g else None for k in want}
    t.eq(got, want, name + ": security group ingress: SSH+OpenVPN to NAT, all inside the VPC, 80 to the ELB, 80 from the ELB to the app")
    t.eq({k: rules(g[k]["ipPermissionsEgress"]) if k in g else None for k in want}, {k: ALL_OUT for k in want},
         name + ": each security group has exactly the allow-all egress rule")


def check_app(t, s, sp, name, public, private, sgs, ami):
    elb = [e for e in s["elb"] if e["LoadBalancerName"] == sp["elb"]]
    elb = elb[0] if elb else {}
    t.eq([tuple(l["Listener"][k] for k in ("Protocol", "LoadBalancerPort", "InstanceProtocol", "InstancePort"))
          for l in elb.get("ListenerDescriptions", [])], [("HTTP", 80, "HTTP", 80)],
         name + ": ELB listener 80/HTTP -> 80/HTTP")
    t.eq(elb.get("HealthCheck"), {"Target": "HTTP:80/", "Interval": 30, "Timeout": 10,
                                  "UnhealthyThreshold": 2, "HealthyThreshold": 3},
         name + ": ELB health check HTTP:80/ healthy 3 unhealthy 2 timeout 10 interval 30")
    t.eq((set(elb.get("Subnets", [])), elb.get("SecurityGroups"), elb.get("Scheme")),
         (public, [sgs.get(sp["sg"]["elb"])], "internet-facing"),
         name + ": ELB internet-facing in the public subnets with the ELB security group")
    at = elb.get("Attributes", {})
    t.eq((at.get("CrossZoneLoadBalancing", {}).get("Enabled"), at.get("ConnectionSettings", {}).get("IdleTimeout"),
          at.get("ConnectionDraining", {}).get("Enabled")), (True, 60, sp["draining"]),
         name + ": ELB cross-zone on, idle timeout 60, connection draining %s" % sp["draining"])
    et = tags(elb)
    t.eq({k: et.get(k) for k in sp["elb_tags"]}, sp["elb_tags"], name + ": ELB tags")

    asgs = s["autoscaling"]["groups"]
    asg = asgs[0] if asgs else {}
    lcs = [x for x in s["autoscaling"]["launch_configurations"]
           if x["LaunchConfigurationName"] == asg.get("LaunchConfigurationName")]
    lc = lcs[0] if lcs else {}
    with open(sp["user_data"]) as f:
        want_ud = f.read()
    t.eq((lc.get("ImageId"), lc.get("InstanceType"), set(lc.get("SecurityGroups", []))),
         (ami, "t2.micro", {sgs.get(sp["sg"]["app"]), sgs.get(sp["sg"]["internal"])}),
         name + ": launch configuration: the AMI, t2.micro, app + internal security groups")
    t.eq(decode(lc.get("UserData")), want_ud, name + ": launch configuration user data is the file's")
    t.eq((asg.get("MinSize"), asg.get("MaxSize"), asg.get("DesiredCapacity"), asg.get("LoadBalancerNames"),
          asg.get("HealthCheckType"), asg.get("HealthCheckGracePeriod"),
          set((asg.get("VPCZoneIdentifier") or "").split(","))),
         (1, 2, 2, [sp["elb"]], "ELB", 300, private),
         name + ": group min 1 max 2 desired 2, in the ELB, ELB health checks, grace 300, private subnets")
    gt = {x["Key"]: (x["Value"], x["PropagateAtLaunch"]) for x in asg.get("Tags", [])}
    t.eq({k: gt.get(k) for k in sp["asg_tags"]}, {k: (v, True) for k, v in sp["asg_tags"].items()},
         name + ": group tags, propagated at launch")
    members = {i["InstanceId"]: i["LifecycleState"] for i in asg.get("Instances", [])}
    health = elb_health(s, sp["elb"])
    t.eq((sorted(members.values()), sorted(health.get(i) for i in members)),
         (["InService", "InService"], ["InService", "InService"]),
         name + ": the group's 2 instances are InService in the group and in the ELB")
    inst = {i["instanceId"]: i for i in s["ec2"]["instances"]}
    t.ok(members and all(inst[i]["imageId"] == ami and inst[i]["subnetId"] in private and
                         all(tags(inst[i]).get(k) == v for k, v in sp["asg_tags"].items()) for i in members),
         name + ": they run the AMI in private subnets and carry the propagated tags",
         json.dumps([(inst[i]["imageId"], inst[i]["subnetId"], tags(inst[i])) for i in members if i in inst]))


def check_tags(t, s, st, name):
    """Every taggable resource says which state address it belongs to."""
    cur = current(st)
    bad = []
    recs = [(x, x.get(k)) for coll, k in (("vpcs", "vpcId"), ("subnets", "subnetId"),
                                         ("internet_gateways", "internetGatewayId"),
                                         ("security_groups", "groupId"), ("addresses", "allocationId"))
            for x in s["ec2"][coll]]
    recs = [(x, i) for x, i in recs if x.get("groupName") != "default"]
    recs += [(x, x["routeTableId"]) for x in s["ec2"]["route_tables"]
             if not any(a.get("main") for a in x["associationSet"])]
    recs += [(x, x["instanceId"]) for x in s["ec2"]["instances"] if "aws:autoscaling:groupName" not in tags(x)]
    recs += [(x, x["LoadBalancerName"]) for x in s["elb"]]
    recs += [(x, x["AutoScalingGroupName"]) for x in s["autoscaling"]["groups"]]
    for rec, rid in recs:
        tg = tags(rec)
        addr = tg.get("clicamosc:address")
        if not addr or cur.get(addr, {}).get("id") != rid or tg.get("clicamosc:lineage") != st["lineage"]:
            bad.append((rid, addr, tg.get("clicamosc:lineage")))
    t.ok(recs and not bad, name + ": every taggable resource (%d) carries its state address and lineage" % len(recs),
         json.dumps(bad))


def deploy(t, emu, cl, work, sp):
    name = os.path.basename(sp["path"])
    r = cl(*apply_args(AMI1, sp["path"]))
    if not t.ok(r.returncode == 0 and "Apply complete! Resources: 25 added, 0 changed, 0 destroyed." in r.stdout,
                name + ": apply succeeds and adds 25 resources", r.out):
        return
    s = emu.control("/_emu/state")
    st = load_state(work)
    t.eq({k: len(v) for k, v in ids(s).items()}, COUNTS,
         name + ": the emulator holds 1 VPC, 6 subnets, 1 igw, 2 route tables, 6 associations, 4 groups, "
                "1 instance, 1 EIP, 1 ELB, 1 LC, 1 group")
    t.eq(mismatch(s, st), {}, name + ": the state records exactly what the emulator holds")
    public, private, sgs = check_network(t, s, sp, name)
    check_groups(t, s, sp, name, sgs)
    check_app(t, s, sp, name, public, private, sgs, AMI1)
    check_tags(t, s, st, name)

    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI1, sp["path"])
    t.ok(r.returncode == 0 and "No changes." in r.stdout, name + ": a second plan -detailed-exitcode exits 0: no changes",
         r.out)

    elb = s["elb"][0] if s["elb"] else {}
    asg = s["autoscaling"]["groups"][0]["AutoScalingGroupName"] if s["autoscaling"]["groups"] else None
    want = {"asg_name": asg, "elb_dns_name": elb.get("DNSName")}
    r = cl("output")
    t.eq(r.stdout, "".join('%s = "%s"\n' % kv for kv in sorted(want.items())),
         name + ": output prints the group's name and the ELB's DNS name", r.stderr)
    r = cl("output", "-json")
    try:
        got = {k: (v.get("value"), v.get("type"), v.get("sensitive")) for k, v in json.loads(r.stdout).items()}
    except (ValueError, AttributeError):
        got = r.out
    t.eq(got, {k: (v, "string", False) for k, v in want.items()}, name + ": output -json agrees")
    r = cl("output", "-raw", "elb_dns_name")
    t.eq(r.stdout.strip(), want["elb_dns_name"], name + ": output -raw elb_dns_name")
    r = cl("state", "list")
    listed = r.stdout.split()
    t.ok(r.returncode == 0 and len(listed) == 25 and set(listed) == set(current(st)),
         name + ": state list names the 25 resources of the state file", r.out)

    # Issue 16, point 3: -refresh=false still reads the data sources (the
    # NAT AMI looked up by name), so it invents no replacement.
    r = cl("plan", "-refresh=false", "-detailed-exitcode", "-var", "ami=" + AMI1, sp["path"])
    t.ok(r.returncode == 0 and "No changes." in r.stdout and "forces replacement" not in r.stdout,
         name + ": plan -refresh=false -detailed-exitcode exits 0: no changes", r.out)
    r = cl("plan", "-refresh=false", "-out=norefresh.plan", "-var", "ami=" + AMI1, sp["path"])
    r2 = cl("apply", "norefresh.plan")
    t.ok(r.returncode == 0 and r2.returncode == 0, name + ": a saved -refresh=false plan applies (not stale)", r.out + r2.out)
    # Point 2: refresh and destroy need no value they never use (ami).
    r = cl("refresh", sp["path"])
    t.ok(r.returncode == 0 and len(load_state(work)["resources"]) == len(st["resources"]),
         name + ": refresh without -var ami", r.out)
    r = cl("destroy", "-auto-approve", sp["path"])
    t.ok(r.returncode == 0 and "Destroy complete! Resources: 25 destroyed." in r.stdout,
         name + ": destroy without -var ami destroys the 25 resources", r.out)


def body(t, emu, cl, work):
    for sp in SPECS:
        emu.control("/_emu/reset", {})
        # The 0.11 example's NAT module names an AMI of its own.
        emu.control("/_emu/amis", {"image_id": "ami-0nat00000000001", "name": "amzn-ami-vpc-nat-e2e"})
        if os.path.exists(os.path.join(work, "clicamosc.tfstate")):
            os.rename(os.path.join(work, "clicamosc.tfstate"), os.path.join(work, "previous.tfstate"))
        deploy(t, emu, cl, work, sp)


main(body, "apply the examples, check every resource in the emulator")
