#!/usr/bin/python3
"""EC2 additions of issue 18 in the emulator: launch templates and their versions ($Latest,
$Default, SourceVersion, ModifyLaunchTemplate), RunInstances from a template, NAT gateways
(pending -> available, failed, deleting -> deleted, the Elastic IP they hold), routes to
them, security group rules with ids, and the VPC / subnet filters data sources send.
Every response is shape-checked against the botocore model."""

import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, finish, make_network, texts  # noqa: E402
from tap import Tap  # noqa: E402

AMI1, AMI2 = "ami-0healthy00000001", "ami-0healthy00000002"
USER_DATA = base64.b64encode(b"#!/bin/sh\necho template\n").decode()


def lt_data(**kw):
    return {f"LaunchTemplateData.{k}": v for k, v in kw.items()}


def versions(c, lt, *wanted):
    args = {"LaunchTemplateId": lt}
    args.update({f"LaunchTemplateVersion.{n + 1}": v for n, v in enumerate(wanted)})
    r = c("DescribeLaunchTemplateVersions", args)
    return [(int(v.findtext("versionNumber")), v.findtext("launchTemplateData/imageId"),
             v.findtext("defaultVersion")) for v in r.findall("launchTemplateVersionSet/item")]


def templates(t, c, net, st):
    data = lt_data(**{
        "ImageId": AMI1, "InstanceType": "t3.micro", "SecurityGroupId.1": net["sg"],
        "UserData": USER_DATA, "MetadataOptions.HttpTokens": "required",
        "MetadataOptions.HttpPutResponseHopLimit": "2",
        "BlockDeviceMapping.1.DeviceName": "/dev/xvda",
        "BlockDeviceMapping.1.Ebs.VolumeSize": "20",
        "BlockDeviceMapping.1.Ebs.VolumeType": "gp3",
        "BlockDeviceMapping.1.Ebs.DeleteOnTermination": "true",
        "TagSpecification.1.ResourceType": "instance",
        "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "web"})
    r = c("CreateLaunchTemplate", dict(data, LaunchTemplateName="web", VersionDescription="v1",
                                       **{"TagSpecification.1.ResourceType": "launch-template",
                                          "TagSpecification.1.Tag.1.Key": "team",
                                          "TagSpecification.1.Tag.1.Value": "ops"}))
    lt = r.findtext("launchTemplate/launchTemplateId")
    st["lt"] = lt
    t.ok(lt and len(lt) == 20 and lt.startswith("lt-"), "launch template id is lt- + 17 hex",
         lt)
    t.eq((r.findtext("launchTemplate/defaultVersionNumber"),
          r.findtext("launchTemplate/latestVersionNumber"),
          r.findtext("launchTemplate/tagSet/item/key")), ("1", "1", "team"),
         "a new template: version 1 is default and latest; its own tags")
    t.eq(r.find("warning"), None, "no warning when every id resolves")
    t.eq(c.error("CreateLaunchTemplate", dict(data, LaunchTemplateName="web")),
         (400, "InvalidLaunchTemplateName.AlreadyExistsException"), "a taken name")
    t.eq(c.error("CreateLaunchTemplate", dict(lt_data(UserData="not base64!"),
                                              LaunchTemplateName="bad-ud")),
         (400, "InvalidUserData.Malformed"), "user data that is not base64")
    t.eq(c.error("CreateLaunchTemplate", dict(lt_data(**{"MetadataOptions.HttpTokens": "maybe"}),
                                              LaunchTemplateName="bad-md")),
         (400, "InvalidParameterValue"), "metadata HttpTokens outside optional/required")
    t.eq(c.error("CreateLaunchTemplate", {"LaunchTemplateName": "nodata"}),
         (400, "MissingParameter"), "LaunchTemplateData is required (botocore model)")
    t.eq(c.error("CreateLaunchTemplate", dict(data, LaunchTemplateName="x1",
                                              **{"LaunchTemplateData.Bogus": "1"})),
         (400, "UnknownParameter"), "an unknown launch data field is refused")
    r = c("CreateLaunchTemplate", dict(lt_data(ImageId="ami-00000000000000000"),
                                       LaunchTemplateName="warned"))
    t.eq(texts(r, "warning/errorSet/item/code"), ["InvalidAMIID.NotFound"],
         "an unknown AMI is accepted with AWS's warning (it fails at launch)")
    c("DeleteLaunchTemplate", {"LaunchTemplateName": "warned"})

    v2 = c("CreateLaunchTemplateVersion", dict(lt_data(ImageId=AMI2), LaunchTemplateId=lt,
                                               SourceVersion="1", VersionDescription="v2"))
    d2 = v2.find("launchTemplateVersion/launchTemplateData")
    t.eq((v2.findtext("launchTemplateVersion/versionNumber"), d2.findtext("imageId"),
          d2.findtext("instanceType"), d2.findtext("metadataOptions/httpTokens"),
          d2.findtext("blockDeviceMappingSet/item/ebs/volumeSize")),
         ("2", AMI2, "t3.micro", "required", "20"),
         "SourceVersion: version 2 keeps version 1's data except what it gives")
    c("CreateLaunchTemplateVersion", dict(lt_data(ImageId=AMI1), LaunchTemplateName="web"))
    t.eq(versions(c, lt), [(3, AMI1, "false"), (2, AMI2, "false"), (1, AMI1, "true")],
         "all versions, newest first; without SourceVersion v3 holds only what it gave")
    t.eq(versions(c, lt, "$Latest", "$Default"), [(3, AMI1, "false"), (1, AMI1, "true")],
         "$Latest and $Default resolve")
    t.eq(c.error("DescribeLaunchTemplateVersions", {"LaunchTemplateId": lt,
                                                    "LaunchTemplateVersion.1": "9"}),
         (400, "InvalidLaunchTemplateId.VersionNotFound"), "a missing version")
    r = c("ModifyLaunchTemplate", {"LaunchTemplateId": lt, "SetDefaultVersion": "2"})
    t.eq(r.findtext("launchTemplate/defaultVersionNumber"), "2",
         "ModifyLaunchTemplate sets the default version")
    t.eq(versions(c, lt, "$Default"), [(2, AMI2, "true")], "$Default follows it")
    t.eq(c.error("ModifyLaunchTemplate", {"LaunchTemplateId": lt, "SetDefaultVersion": "7"}),
         (400, "InvalidLaunchTemplateId.VersionNotFound"), "default set to a missing version")
    r = c("DescribeLaunchTemplates", {"LaunchTemplateName.1": "web"})
    t.eq((r.findtext(".//launchTemplateId"), r.findtext(".//latestVersionNumber"),
          r.findtext(".//defaultVersionNumber")), (lt, "3", "2"), "DescribeLaunchTemplates")
    r = c("DescribeLaunchTemplates", {"Filter.1.Name": "tag:team", "Filter.1.Value.1": "ops"})
    t.eq(texts(r, ".//launchTemplateName"), ["web"], "templates filtered by tag")
    t.eq(c.error("DescribeLaunchTemplates", {"LaunchTemplateId.1": "lt-0123456789abcdef0"}),
         (400, "InvalidLaunchTemplateId.NotFound"), "an unknown template id")
    t.eq(c.error("DescribeLaunchTemplates", {"LaunchTemplateId.1": "lt-nope"}),
         (400, "InvalidLaunchTemplateId.Malformed"), "a malformed template id")
    t.eq(c.error("DescribeLaunchTemplateVersions", {"LaunchTemplateName": "nope"}),
         (400, "InvalidLaunchTemplateName.NotFoundException"), "an unknown template name")
    r = c("DeleteLaunchTemplateVersions", {"LaunchTemplateId": lt,
                                           "LaunchTemplateVersion.1": "2",
                                           "LaunchTemplateVersion.2": "3"})
    t.eq((texts(r, ".//successfullyDeletedLaunchTemplateVersionSet/item/versionNumber"),
          texts(r, ".//unsuccessfullyDeletedLaunchTemplateVersionSet/item/responseError/code")),
         (["3"], ["launchTemplateVersionIsDefaultVersion"]),
         "the default version cannot be deleted; another can")
    c("CreateLaunchTemplateVersion", dict(lt_data(ImageId=AMI2), LaunchTemplateId=lt,
                                          SourceVersion="$Default"))
    t.eq([v[0] for v in versions(c, lt)], [4, 2, 1], "version numbers are never reused")


def run_from_template(t, c, net, st):
    lt = st["lt"]
    r = c("RunInstances", {"MinCount": "1", "MaxCount": "1", "SubnetId": net["private"][0],
                           "LaunchTemplate.LaunchTemplateId": lt})
    i = r.find("instancesSet/item")
    tags = {e.findtext("key"): e.findtext("value") for e in i.findall("tagSet/item")}
    t.eq((i.findtext("imageId"), i.findtext("instanceType"),
          i.findtext("metadataOptions/httpTokens"),
          i.findtext("metadataOptions/httpPutResponseHopLimit"),
          texts(i, "groupSet/item/groupId")),
         (AMI2, "t3.micro", "required", "2", [net["sg"]]),
         "RunInstances without a version launches the default version (2)")
    t.eq((tags.get("Name"), tags.get("aws:ec2launchtemplate:id"),
          tags.get("aws:ec2launchtemplate:version")), ("web", lt, "2"),
         "instance tags: the template's tag specification and AWS's template tags")
    r = c("RunInstances", {"MinCount": "1", "MaxCount": "1", "SubnetId": net["private"][0],
                           "InstanceType": "t3.small",
                           "LaunchTemplate.LaunchTemplateName": "web",
                           "LaunchTemplate.Version": "$Latest"})
    t.eq((r.findtext(".//imageId"), r.findtext(".//instanceType")), (AMI2, "t3.small"),
         "$Latest by name; the request's InstanceType overrides the template's")
    iid = r.findtext(".//instanceId")
    a = c("DescribeInstanceAttribute", {"InstanceId": iid, "Attribute": "userData"})
    t.eq(a.findtext("userData/value"), USER_DATA, "version 4 (from $Default = 2, from 1) "
         "inherited version 1's user data")
    r = c("RunInstances", {"MinCount": "1", "MaxCount": "1", "SubnetId": net["private"][0],
                           "LaunchTemplate.LaunchTemplateId": lt, "LaunchTemplate.Version": "1"})
    a = c("DescribeInstanceAttribute", {"InstanceId": r.findtext(".//instanceId"),
                                        "Attribute": "userData"})
    t.eq((a.findtext("userData/value"), r.findtext(".//imageId")), (USER_DATA, AMI1),
         "version 1 by number: its image and base64 user data")
    t.eq(c.error("RunInstances", {"MinCount": "1", "MaxCount": "1",
                                  "LaunchTemplate.LaunchTemplateId": lt,
                                  "LaunchTemplate.Version": "3"}),
         (400, "InvalidLaunchTemplateId.VersionNotFound"), "a deleted version cannot launch")
    bad = c("CreateLaunchTemplate", dict(lt_data(ImageId=AMI1, **{
        "IamInstanceProfile.Name": "no-such-profile"}), LaunchTemplateName="badprof"))
    t.eq(c.error("RunInstances", {"MinCount": "1", "MaxCount": "1",
                                  "SubnetId": net["private"][0],
                                  "LaunchTemplate.LaunchTemplateId":
                                  bad.findtext(".//launchTemplateId")}),
         (400, "InvalidParameterValue"), "an instance profile that does not exist fails "
         "at launch")
    t.eq(c.error("DeleteLaunchTemplate", {"LaunchTemplateName": "nope"}),
         (400, "InvalidLaunchTemplateName.NotFoundException"), "deleting an unknown name")
    c("DeleteLaunchTemplate", {"LaunchTemplateName": "badprof"})


def nat_gateways(t, c, net, emu):
    eip = c("AllocateAddress", {"Domain": "vpc"}).findtext("allocationId")
    t.eq(c.error("CreateNatGateway", {"SubnetId": net["public"][0]}),
         (400, "MissingParameter"), "a public NAT gateway needs an AllocationId")
    r = c("CreateNatGateway", {"SubnetId": net["public"][0], "AllocationId": eip,
                               "TagSpecification.1.ResourceType": "natgateway",
                               "TagSpecification.1.Tag.1.Key": "Name",
                               "TagSpecification.1.Tag.1.Value": "nat-a"})
    nat = r.findtext("natGateway/natGatewayId")
    t.eq((r.findtext("natGateway/state"), r.findtext("natGateway/vpcId"),
          r.findtext("natGateway/natGatewayAddressSet/item/allocationId")),
         ("pending", net["vpc"], eip), "CreateNatGateway answers pending")
    rtb = c("CreateRouteTable", {"VpcId": net["vpc"]}).findtext(".//routeTableId")
    c("CreateRoute", {"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0",
                      "NatGatewayId": nat})

    def route():
        r = c("DescribeRouteTables", {"RouteTableId.1": rtb})
        return [(x.findtext("natGatewayId"), x.findtext("state"))
                for x in r.findall(".//routeSet/item") if x.findtext("natGatewayId")]
    t.eq(c.error("ReleaseAddress", {"AllocationId": eip}), (400, "InvalidIPAddress.InUse"),
         "the NAT gateway's Elastic IP cannot be released")
    t.eq(c.error("DetachInternetGateway", {"InternetGatewayId": net["igw"],
                                           "VpcId": net["vpc"]}),
         (400, "DependencyViolation"), "the internet gateway cannot be detached under it")

    def state(n):
        r = c("DescribeNatGateways", {"NatGatewayId.1": n})
        return r.findtext(".//state")
    emu.control("POST", "/_emu/advance", {"seconds": 30})
    t.eq(state(nat), "pending", "still pending half-way")
    emu.control("POST", "/_emu/advance", {"seconds": 31})
    t.eq(state(nat), "available", "available after 60 simulated seconds")
    t.eq(route(), [(nat, "active")], "the route to it is active")
    r = c("DescribeNatGateways", {"Filter.1.Name": "vpc-id", "Filter.1.Value.1": net["vpc"],
                                  "Filter.2.Name": "state", "Filter.2.Value.1": "available",
                                  "Filter.3.Name": "tag:Name", "Filter.3.Value.1": "nat-*"})
    t.eq(texts(r, ".//natGatewayId"), [nat], "DescribeNatGateways with vpc, state and tag "
         "filters")
    a = c("DescribeAddresses", {"AllocationId.1": eip})
    t.ok(a.findtext(".//associationId") and a.findtext(".//networkInterfaceId"),
         "the Elastic IP shows the NAT gateway's association")
    other = c("CreateRouteTable", {"VpcId": net["vpc"]}).findtext(".//routeTableId")
    c("CreateRoute", {"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0",
                      "GatewayId": net["igw"]})
    c("ReplaceRoute", {"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0",
                       "NatGatewayId": nat})
    r = c("DescribeRouteTables", {"Filter.1.Name": "route.nat-gateway-id",
                                  "Filter.1.Value.1": nat})
    t.eq(sorted(texts(r, ".//routeTableId")), sorted([rtb, other]),
         "ReplaceRoute to the NAT gateway; route.nat-gateway-id filter")
    c("DeleteRoute", {"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0"})
    t.eq(c.error("DeleteRoute", {"RouteTableId": other, "DestinationCidrBlock": "0.0.0.0/0"}),
         (400, "InvalidRoute.NotFound"), "DeleteRoute twice")

    c("DeleteNatGateway", {"NatGatewayId": nat})
    t.eq(state(nat), "deleting", "DeleteNatGateway: deleting")
    t.eq(c.error("ReleaseAddress", {"AllocationId": eip}), (400, "InvalidIPAddress.InUse"),
         "the Elastic IP is still held while deleting")
    emu.control("POST", "/_emu/advance", {"seconds": 31})
    t.eq(state(nat), "deleted", "then deleted (and still listed, as AWS does for an hour)")
    t.eq(route(), [(nat, "blackhole")], "the route to a deleted NAT gateway is a blackhole")
    t.eq(c.error("DeleteNatGateway", {"NatGatewayId": nat}), (400, "NatGatewayNotFound"),
         "deleting a deleted NAT gateway")
    t.eq(c.error("ReleaseAddress", {"AllocationId": eip}), (200, None),
         "the Elastic IP is free again")

    vpc = c("CreateVpc", {"CidrBlock": "10.60.0.0/16"}).findtext(".//vpcId")
    sub = c("CreateSubnet", {"VpcId": vpc, "CidrBlock": "10.60.1.0/24"}).findtext(".//subnetId")
    eip2 = c("AllocateAddress", {"Domain": "vpc"}).findtext("allocationId")
    lonely = c("CreateNatGateway", {"SubnetId": sub, "AllocationId": eip2}).findtext(
        ".//natGatewayId")
    emu.control("POST", "/_emu/advance", {"seconds": 61})
    r = c("DescribeNatGateways", {"NatGatewayId.1": lonely})
    t.eq((r.findtext(".//state"), r.findtext(".//failureCode")),
         ("failed", "Gateway.NotAttached"), "a NAT gateway in a VPC without an internet "
         "gateway fails, as in AWS")
    r = c("CreateNatGateway", {"SubnetId": sub, "ConnectivityType": "private"})
    t.eq(r.findtext(".//connectivityType"), "private", "a private NAT gateway needs no EIP")
    t.eq(c.error("DescribeNatGateways", {"NatGatewayId.1": "nat-0123456789abcdef0"}),
         (400, "NatGatewayNotFound"), "an unknown NAT gateway")


def rules(t, c, net):
    sg = net["sg"]
    r = c("DescribeSecurityGroupRules", {"Filter.1.Name": "group-id", "Filter.1.Value.1": sg})
    have = [(x.findtext("isEgress"), x.findtext("ipProtocol"), x.findtext("fromPort"),
             x.findtext("cidrIpv4")) for x in r.findall("securityGroupRuleSet/item")]
    t.eq(sorted(have), [("false", "tcp", "80", "0.0.0.0/0"), ("true", "-1", "-1", "0.0.0.0/0")],
         "DescribeSecurityGroupRules: one rule each, all-traffic as -1")
    r = c("AuthorizeSecurityGroupIngress", {
        "GroupId": sg, "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "22",
        "IpPermissions.1.ToPort": "22", "IpPermissions.1.IpRanges.1.CidrIp": "10.0.0.0/8",
        "IpPermissions.1.IpRanges.2.CidrIp": "192.168.0.0/16",
        "TagSpecification.1.ResourceType": "security-group-rule",
        "TagSpecification.1.Tag.1.Key": "Name", "TagSpecification.1.Tag.1.Value": "ssh"})
    ids = texts(r, "securityGroupRuleSet/item/securityGroupRuleId")
    t.ok(len(ids) == 2 and all(i.startswith("sgr-") for i in ids),
         "Authorize answers one rule id per CIDR", ids)
    t.eq(texts(r, "securityGroupRuleSet/item/tagSet/item/value"), ["ssh", "ssh"],
         "rule tags from TagSpecification")
    r = c("DescribeSecurityGroupRules", {"SecurityGroupRuleId.1": ids[0]})
    t.eq(r.findtext(".//cidrIpv4"), "10.0.0.0/8", "DescribeSecurityGroupRules by id")
    c("ModifySecurityGroupRules", {
        "GroupId": sg, "SecurityGroupRule.1.SecurityGroupRuleId": ids[0],
        "SecurityGroupRule.1.SecurityGroupRule.IpProtocol": "tcp",
        "SecurityGroupRule.1.SecurityGroupRule.FromPort": "2222",
        "SecurityGroupRule.1.SecurityGroupRule.ToPort": "2222",
        "SecurityGroupRule.1.SecurityGroupRule.CidrIpv4": "10.0.0.0/8",
        "SecurityGroupRule.1.SecurityGroupRule.Description": "moved"})
    r = c("DescribeSecurityGroupRules", {"SecurityGroupRuleId.1": ids[0]})
    t.eq((r.findtext(".//fromPort"), r.findtext(".//description")), ("2222", "moved"),
         "ModifySecurityGroupRules changes the rule in place, same id")
    g = c("DescribeSecurityGroups", {"GroupId.1": sg})
    t.ok("2222" in texts(g, ".//ipPermissions/item/fromPort"),
         "the group's IpPermissions show the modified rule")
    t.eq(c.error("ModifySecurityGroupRules", {
        "GroupId": sg, "SecurityGroupRule.1.SecurityGroupRuleId": ids[1],
        "SecurityGroupRule.1.SecurityGroupRule.IpProtocol": "tcp",
        "SecurityGroupRule.1.SecurityGroupRule.FromPort": "2222",
        "SecurityGroupRule.1.SecurityGroupRule.ToPort": "2222",
        "SecurityGroupRule.1.SecurityGroupRule.CidrIpv4": "10.0.0.0/8"}),
        (400, "InvalidPermission.Duplicate"), "modifying into a duplicate")
    egress = c("AuthorizeSecurityGroupEgress", {
        "GroupId": sg, "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "443",
        "IpPermissions.1.ToPort": "443", "IpPermissions.1.Groups.1.GroupId": sg})
    eid = egress.findtext(".//securityGroupRuleId")
    t.eq((egress.findtext(".//isEgress"), egress.findtext(".//referencedGroupInfo/groupId")),
         ("true", sg), "an egress rule to a group")
    t.eq(c.error("RevokeSecurityGroupIngress", {"GroupId": sg, "SecurityGroupRuleId.1": eid}),
         (400, "InvalidSecurityGroupRuleId.NotFound"), "an egress rule id is not revoked as "
         "ingress")
    c("RevokeSecurityGroupEgress", {"GroupId": sg, "SecurityGroupRuleId.1": eid})
    c("RevokeSecurityGroupIngress", {"GroupId": sg, "SecurityGroupRuleId.1": ids[0]})
    t.eq(c.error("DescribeSecurityGroupRules", {"SecurityGroupRuleId.1": ids[0]}),
         (400, "InvalidSecurityGroupRuleId.NotFound"), "a revoked rule is gone")
    t.eq(c.error("DescribeSecurityGroupRules", {"SecurityGroupRuleId.1": "rule-1"}),
         (400, "InvalidSecurityGroupRuleId.Malformed"), "a malformed rule id")
    c("UpdateSecurityGroupRuleDescriptionsIngress", {
        "GroupId": sg, "SecurityGroupRuleDescription.1.SecurityGroupRuleId": ids[1],
        "SecurityGroupRuleDescription.1.Description": "office"})
    c("UpdateSecurityGroupRuleDescriptionsIngress", {
        "GroupId": sg, "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "80",
        "IpPermissions.1.ToPort": "80", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0",
        "IpPermissions.1.IpRanges.1.Description": "web"})
    r = c("DescribeSecurityGroupRules", {"Filter.1.Name": "group-id", "Filter.1.Value.1": sg})
    t.eq(sorted(x.findtext("description") or "" for x in r.findall(".//item")
                if x.findtext("isEgress") == "false"), ["office", "web"],
         "UpdateSecurityGroupRuleDescriptionsIngress by rule id and by permission")
    t.eq(c.error("UpdateSecurityGroupRuleDescriptionsEgress", {
        "GroupId": sg, "SecurityGroupRuleDescription.1.SecurityGroupRuleId": ids[1],
        "SecurityGroupRuleDescription.1.Description": "x"}),
        (400, "InvalidSecurityGroupRuleId.NotFound"), "an ingress rule's description is not "
        "updated as egress")
    c("CreateTags", {"ResourceId.1": ids[1], "Tag.1.Key": "owner", "Tag.1.Value": "me"})
    r = c("DescribeSecurityGroupRules", {"Filter.1.Name": "tag:owner",
                                         "Filter.1.Value.1": "me"})
    t.eq(texts(r, ".//securityGroupRuleId"), [ids[1]], "CreateTags on a rule; tag filter")


def data_source_filters(t, c, net):
    c("CreateTags", {"ResourceId.1": net["vpc"], "Tag.1.Key": "Name", "Tag.1.Value": "main"})
    r = c("DescribeVpcs", {"Filter.1.Name": "isDefault", "Filter.1.Value.1": "false",
                           "Filter.2.Name": "tag:Name", "Filter.2.Value.1": "main",
                           "Filter.3.Name": "cidr", "Filter.3.Value.1": "10.50.0.0/16"})
    t.eq(texts(r, ".//vpcId"), [net["vpc"]], "DescribeVpcs with the aws_vpc data source's "
         "filters (isDefault, tag:, cidr)")
    r = c("DescribeSubnets", {"Filter.1.Name": "vpc-id", "Filter.1.Value.1": net["vpc"],
                              "Filter.2.Name": "availabilityZone",
                              "Filter.2.Value.1": "us-east-1b",
                              "Filter.3.Name": "defaultForAz", "Filter.3.Value.1": "false"})
    t.eq(sorted(texts(r, ".//subnetId")), sorted([net["public"][1], net["private"][1]]),
         "DescribeSubnets with camelCase filters (aws_subnet data source)")
    r = c("DescribeSubnets", {"Filter.1.Name": "availability-zone-id",
                              "Filter.1.Value.1": "use1-az1"})
    t.eq(len(texts(r, ".//subnetId")), 2, "availability-zone-id filter")
    t.eq(c.error("DescribeSubnets", {"Filter.1.Name": "colour", "Filter.1.Value.1": "x"}),
         (400, "InvalidParameterValue"), "an unknown filter name")


def faults(t, c, emu):
    emu.control("POST", "/_emu/faults", {"errors": [{"action": "CreateLaunchTemplate",
                                                     "code": "InternalError", "status": 500}]})
    t.eq(c.error("CreateLaunchTemplate", dict(lt_data(ImageId=AMI1),
                                              LaunchTemplateName="faulty")),
         (500, "InternalError"), "scripted faults reach the new actions")
    emu.control("POST", "/_emu/faults", {})
    r = c("CreateLaunchTemplate", dict(lt_data(ImageId=AMI1), LaunchTemplateName="faulty"))
    t.ok(r.findtext(".//launchTemplateId"), "and the next call succeeds")
    st = emu.control("GET", "/_emu/state")
    t.ok(any(x["launchTemplateName"] == "faulty" and len(x["versions"]) == 1
             for x in st["ec2"]["launch_templates"]), "/_emu/state lists launch templates")


def main():
    t = Tap()
    with Emu(time_factor=0.01) as emu:
        c = emu.client("ec2")
        net, st = make_network(c), {}
        t.run(templates, c, net, st)
        if "lt" in st:
            t.run(run_from_template, c, net, st)
        t.run(nat_gateways, c, net, emu)
        t.run(rules, c, net)
        t.run(data_source_filters, c, net)
        t.run(faults, c, emu)
        finish(t, emu, c)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
