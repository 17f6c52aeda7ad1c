#!/usr/bin/python3
"""test_moto_new_types.py: the resource types and data sources of issue 18
(provider side) against moto, in one configuration (new_types/main.cl):
apply (checked with botocore), a plan with no changes, updates in place (a
launch template's new version, a NAT gateway's tags, rule descriptions),
no changes, import of each resource after state rm, no changes, destroy
leaving what moto held before, destroy again sending nothing.  Deprecated
data sources warn; bad input fails with the reason.  Prints TAP."""
import os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import AMI1, AMI2, main, mutations, no_changes  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = os.path.join(HERE, "new_types")


def held(moto):
    """What moto holds that the configuration makes, by kind (botocore)."""
    ec2 = moto.client("ec2")
    return {
        "lt": sorted(v["LaunchTemplateId"] for v in ec2.describe_launch_templates()["LaunchTemplates"]),
        "nat": sorted(v["NatGatewayId"] for v in ec2.describe_nat_gateways()["NatGateways"]
                      if v["State"] not in ("deleted", "deleting")),
        "vpc": sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]),
        "eip": sorted(v["AllocationId"] for v in ec2.describe_addresses()["Addresses"]),
    }


def attrs(cl, addr):
    """The attributes `state show` prints for addr, as strings."""
    return dict(re.findall(r'^\s{4}(\w+)\s+=\s+"?([^"\n]*)"?$', cl("state", "show", addr).stdout, re.M))


def args(ami, **var):
    out = ["-var", "ami=" + ami]
    for k, v in var.items():
        out += ["-var", "%s=%s" % (k, v)]
    return out + [CFG]


def applied(t, moto, cl, r):
    t.ok(r.returncode == 0, "apply", r.out)
    ec2 = moto.client("ec2")
    nat = ec2.describe_nat_gateways()["NatGateways"]
    t.ok(len(nat) == 1 and nat[0]["State"] == "available" and nat[0]["NatGatewayAddresses"][0]["AllocationId"]
         == attrs(cl, "aws_eip.nat").get("id"), "NAT gateway: available, with the EIP", str(nat))
    rtb = ec2.describe_route_tables(RouteTableIds=[attrs(cl, "aws_route_table.private")["id"]])["RouteTables"][0]
    t.ok(any(r.get("DestinationCidrBlock") == "0.0.0.0/0" and r.get("NatGatewayId") == nat[0]["NatGatewayId"]
             for r in rtb["Routes"]), "aws_route: 0.0.0.0/0 through the NAT gateway", str(rtb["Routes"]))
    sg = ec2.describe_security_groups(GroupIds=[attrs(cl, "aws_security_group.web")["id"]])["SecurityGroups"][0]
    http = [p for p in sg["IpPermissions"] if p.get("FromPort") == 80]
    t.ok(len(http) == 1 and sorted(r["CidrIp"] for r in http[0]["IpRanges"]) == ["10.0.0.0/8", "192.168.0.0/16"]
         and any(p.get("FromPort") == 0 and p.get("ToPort") == 65535 and p["UserIdGroupPairs"]
                 and p["UserIdGroupPairs"][0]["GroupId"] == sg["GroupId"] for p in sg["IpPermissions"])
         and any(p["IpProtocol"] == "-1" and {"CidrIp": "0.0.0.0/0"} in p["IpRanges"] for p in sg["IpPermissionsEgress"]),
         "aws_security_group_rule: port 80 from both CIDRs, self on all TCP ports, egress everywhere", str(sg))
    rules = ec2.describe_security_group_rules(
        SecurityGroupRuleIds=[attrs(cl, "aws_vpc_security_group_ingress_rule.https")["id"]])["SecurityGroupRules"]
    t.ok(len(rules) == 1 and rules[0]["FromPort"] == 443 and rules[0]["CidrIpv4"] == "10.30.0.0/16"
         and {"Key": "Name", "Value": "https"} in rules[0].get("Tags", []),
         "aws_vpc_security_group_ingress_rule: 443 from the VPC, tagged", str(rules))
    r = cl("output", "-json")
    import json
    out = {k: v["value"] for k, v in json.loads(r.stdout).items()} if r.returncode == 0 else {}
    t.ok(out.get("vpc_cidr") == "10.30.0.0/16" and out.get("subnet_count") == 2 and out.get("old_subnet_count") == 2
         and out.get("private_subnet") is True and out.get("sg_name") == "new-types-web"
         and out.get("region") == "us-east-1 US East (N. Virginia) ec2.us-east-1.amazonaws.com"
         and out.get("greeting") == "Hello, world! 21",
         "data sources: aws_vpc by tag, aws_subnets and aws_subnet_ids by VPC, aws_subnet by tag, "
         "aws_security_group by id, aws_region, template_file", r.out)


def warnings(t, r):
    t.ok(re.search(r'warning: the data source "template_file" is deprecated\n.*\n.*\n\s+hint: .*templatefile', r.stderr)
         and re.search(r'warning: the data source "aws_subnet_ids" is deprecated\n.*\n.*\n\s+hint: .*aws_subnets',
                       r.stderr),
         "template_file and aws_subnet_ids warn that they are deprecated, naming the replacement", r.stderr)


def launch_template(t, moto, cl):
    ec2 = moto.client("ec2")
    lt = ec2.describe_launch_templates()["LaunchTemplates"]
    t.ok(len(lt) == 1 and lt[0]["LatestVersionNumber"] == 1 and lt[0]["LaunchTemplateName"].startswith("web-"),
         "launch template: one template, version 1, named from its name_prefix", str(lt))
    r = cl("plan", "-detailed-exitcode", *args(AMI2))
    t.ok(r.returncode == 2 and "aws_launch_template.web will be updated in-place" in r.stdout
         and re.search(r"latest_version\s+= 1 -> \(known after apply\)", r.stdout)
         and re.search(r"default_version\s+= 1 -> \(known after apply\)", r.stdout)
         and "0 to add, 1 to change, 0 to destroy" in r.stdout,
         "launch template: a new AMI plans a new version in place, latest and default versions unknown", r.out)
    r = cl("apply", "-auto-approve", *args(AMI2))
    t.ok(r.returncode == 0 and "latest_version = 2" in r.stdout and "default_version = 2" in r.stdout,
         "launch template: the apply makes version 2, the default (update_default_version)", r.out)
    lt = ec2.describe_launch_templates()["LaunchTemplates"]
    v = ec2.describe_launch_template_versions(LaunchTemplateId=lt[0]["LaunchTemplateId"])["LaunchTemplateVersions"]
    by = {x["VersionNumber"]: x["LaunchTemplateData"] for x in v}
    t.ok(lt[0]["DefaultVersionNumber"] == 2 and by.get(1, {}).get("ImageId") == AMI1
         and by.get(2, {}).get("ImageId") == AMI2
         and by[2].get("MetadataOptions", {}).get("HttpTokens") == "required"
         and by[2].get("BlockDeviceMappings", [{}])[0].get("Ebs", {}).get("VolumeSize") == 20,
         "launch template: moto holds version 1 (old AMI) and version 2 (new AMI, whole data), default 2", str(v))
    no_changes(t, cl("plan", "-detailed-exitcode", *args(AMI2)), "launch template: no changes after the new version")


def updates(t, moto, cl):
    new = dict(nat_name="nat2", rule_description="changed")
    r = cl("plan", "-detailed-exitcode", *args(AMI2, **new))
    t.ok(r.returncode == 2 and sorted(re.findall(r"# (\S+) will be updated in-place", r.stdout)) ==
         ["aws_nat_gateway.nat", "aws_security_group_rule.http", "aws_vpc_security_group_ingress_rule.https"]
         and "0 to add, 3 to change, 0 to destroy" in r.stdout,
         "a NAT gateway's tags and two rules' descriptions are changed in place", r.out)
    r = cl("apply", "-auto-approve", *args(AMI2, **new))
    ec2 = moto.client("ec2")
    sg = ec2.describe_security_groups(GroupIds=[attrs(cl, "aws_security_group.web")["id"]])["SecurityGroups"][0]
    http = [p for p in sg["IpPermissions"] if p.get("FromPort") == 80]
    nat = ec2.describe_nat_gateways()["NatGateways"]
    t.ok(r.returncode == 0 and all(x.get("Description") == "changed" for x in http[0]["IpRanges"])
         and {"Key": "Name", "Value": "nat2"} in nat[0]["Tags"]
         and attrs(cl, "aws_security_group_rule.http").get("id", "").startswith("sgrule-"),
         "the updates reach moto; the rule keeps its id", r.out + str(http))
    no_changes(t, cl("plan", "-detailed-exitcode", *args(AMI2, **new)), "no changes after the updates")
    return new


def imports(t, moto, cl, new):
    sg = attrs(cl, "aws_security_group.web")["id"]
    special = {
        "aws_route.out": attrs(cl, "aws_route_table.private")["id"] + "_0.0.0.0/0",
        "aws_security_group_rule.http": sg + "_ingress_tcp_80_80_10.0.0.0/8_192.168.0.0/16",
        "aws_security_group_rule.self": sg + "_ingress_tcp_0_65535_self",
        "aws_security_group_rule.out": sg + "_egress_all_0_0_0.0.0.0/0",
    }
    ids = {}
    for addr in cl("state", "list").stdout.split():
        if not addr.startswith("data."):
            ids[addr] = special.get(addr) or attrs(cl, addr)["id"]
    for addr, rid in sorted(ids.items()):
        r = cl("state", "rm", addr)
        r = cl("import", *args(AMI2, **new)[:-1], addr, rid, CFG) if r.returncode == 0 else r
        t.ok(r.returncode == 0, "%s: import %s" % (addr, rid), r.out)
    # update_default_version is the provider's own, never read from AWS:
    # after an import Terraform plans it into state in place, and so do we.
    r = cl("plan", "-detailed-exitcode", *args(AMI2, **new))
    t.ok(r.returncode == 2 and re.findall(r"^\s+([-+~]) (\w+)\s+=", r.stdout, re.M) ==
         [("+", "update_default_version")] and "0 to add, 1 to change, 0 to destroy" in r.stdout,
         "after import, the only change planned is the launch template's update_default_version, as Terraform's",
         r.out)
    moto.reset_recording()
    r = cl("apply", "-auto-approve", *args(AMI2, **new))
    t.ok(r.returncode == 0 and mutations(moto) == [], "that apply only records it: it sends moto nothing that "
         "changes anything", r.out + str(mutations(moto)))
    no_changes(t, cl("plan", "-detailed-exitcode", *args(AMI2, **new)),
               "after state rm and import of each resource, and that apply, the plan has no changes")


def bad_input(t, moto, cl, before):
    r = cl("apply", "-auto-approve", os.path.join(HERE, "new_types_bad"))
    t.ok(r.returncode == 1 and "aws_launch_template.bad" in r.stderr and "user_data must be base64-encoded" in r.stderr
         and "aws_security_group_rule.nopeer" in r.stderr and "one of cidr_blocks" in r.stderr
         and held(moto) == before, "bad input is refused with the reason: user_data not base64, a rule without a peer",
         r.out)
    r = cl("import", *args(AMI1)[:-1], "aws_route.out", "rtb-0123", CFG)
    t.ok(r.returncode == 1 and "<route table id>_<destination>" in r.stderr,
         "a route's import id without its destination says what it should look like", r.out)


def body(t, moto, cl, work):
    before = held(moto)
    r = cl("apply", "-auto-approve", *args(AMI1))
    applied(t, moto, cl, r)
    warnings(t, r)
    no_changes(t, cl("plan", "-detailed-exitcode", *args(AMI1)), "the plan after apply has no changes")
    launch_template(t, moto, cl)
    new = updates(t, moto, cl)
    imports(t, moto, cl, new)
    r = cl("destroy", "-auto-approve", *args(AMI2, **new))
    t.ok(r.returncode == 0 and held(moto) == before, "destroy leaves what moto held before", r.out + str(held(moto)))
    moto.reset_recording()
    r = cl("destroy", "-auto-approve", *args(AMI2, **new))
    t.ok(r.returncode == 0 and mutations(moto) == [], "destroy again succeeds and sends moto nothing that changes "
         "anything", r.out)
    bad_input(t, moto, cl, before)


main(body, "issue 18's new types against moto")
