#!/usr/bin/python3
"""EC2 side of the emulator: network resources and their dependency errors, security group
rules, instances through their life cycle, Elastic IPs, key pairs, tags and filters,
pagination, the consistency window, faults and stats. Every response is shape-checked."""

import base64
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, texts, wait_for  # noqa: E402
from tap import Tap  # noqa: E402

AMI = "ami-0healthy00000001"
SSH_KEY = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDD2FEcVjHY7mR8ZLnxFz0s3v0u+Vn1T1aZC6y1w"
           "3AmKt+9mJfhU9Rk3R1n4N8pJ4q0VQ8a0rN3kq7Pq2cwq7qH2mIuYkQ0Qb8yK0u0iQp5vJ1m2T8xS9uQ"
           "Xl6V7vM0k5lQ== test@emu")


def network(t, c, st):
    vpc = c("CreateVpc", {"CidrBlock": "10.1.0.0/16", "TagSpecification.1.ResourceType": "vpc",
                          "TagSpecification.1.Tag.1.Key": "Name",
                          "TagSpecification.1.Tag.1.Value": "main"})
    vid = vpc.findtext("vpc/vpcId")
    st["vpc"] = vid
    t.ok(len(vid) == 21 and vid.startswith("vpc-"), "vpc id looks real (vpc- + 17 hex)")
    t.eq(vpc.findtext("vpc/tagSet/item/value"), "main", "CreateVpc applies TagSpecification")
    t.eq(c.error("CreateVpc", {"CidrBlock": "10.0.0.0/8"}), (400, "InvalidVpc.Range"),
         "a /8 VPC is InvalidVpc.Range")
    t.eq(c.error("CreateVpc", {"CidrBlock": "banana"}), (400, "InvalidParameterValue"),
         "a bad CIDR is InvalidParameterValue")
    c("ModifyVpcAttribute", {"VpcId": vid, "EnableDnsHostnames.Value": "true"})
    a = c("DescribeVpcAttribute", {"VpcId": vid, "Attribute": "enableDnsHostnames"})
    t.eq(a.findtext("enableDnsHostnames/value"), "true", "enableDnsHostnames round-trips")
    rt = c("DescribeRouteTables", {"Filter.1.Name": "vpc-id", "Filter.1.Value.1": vid,
                                   "Filter.2.Name": "association.main",
                                   "Filter.2.Value.1": "true"})
    t.eq(texts(rt, ".//routeSet/item/gatewayId"), ["local"],
         "the VPC's main route table has the local route")
    st["main_rtb"] = rt.findtext(".//routeTableId")
    sg = c("DescribeSecurityGroups", {"Filter.1.Name": "vpc-id", "Filter.1.Value.1": vid,
                                      "Filter.2.Name": "group-name",
                                      "Filter.2.Value.1": "default"})
    t.eq(len(sg.findall("securityGroupInfo/item")), 1, "the VPC has its default group")

    subnets = []
    for n, az in enumerate(["us-east-1a", "us-east-1b"]):
        s = c("CreateSubnet", {"VpcId": vid, "CidrBlock": f"10.1.{n}.0/24",
                               "AvailabilityZone": az})
        subnets.append(s.findtext("subnet/subnetId"))
    st["subnets"] = subnets
    t.eq(c.error("CreateSubnet", {"VpcId": vid, "CidrBlock": "10.1.0.128/25"}),
         (400, "InvalidSubnet.Conflict"), "overlapping subnet is InvalidSubnet.Conflict")
    t.eq(c.error("CreateSubnet", {"VpcId": vid, "CidrBlock": "10.2.0.0/24"}),
         (400, "InvalidSubnet.Range"), "subnet outside the VPC is InvalidSubnet.Range")
    t.eq(c.error("CreateSubnet", {"VpcId": "vpc-0123456789abcdef0", "CidrBlock":
                                  "10.2.0.0/24"}), (400, "InvalidVpcID.NotFound"),
         "unknown VPC is InvalidVpcID.NotFound")
    t.eq(c.error("CreateSubnet", {"VpcId": vid, "CidrBlock": "10.1.9.0/24",
                                  "AvailabilityZone": "us-east-1z"}),
         (400, "InvalidParameterValue"), "unknown zone is rejected")
    c("ModifySubnetAttribute", {"SubnetId": subnets[0], "MapPublicIpOnLaunch.Value": "true"})
    d = c("DescribeSubnets", {"Filter.1.Name": "availability-zone",
                              "Filter.1.Value.1": "us-east-1a"})
    t.eq(texts(d, "subnetSet/item/subnetId"), [subnets[0]], "filter by availability-zone")
    t.eq(d.findtext("subnetSet/item/mapPublicIpOnLaunch"), "true", "MapPublicIpOnLaunch set")
    t.eq(d.findtext("subnetSet/item/availableIpAddressCount"), "251",
         "a /24 has 251 usable addresses")

    igw = c("CreateInternetGateway").findtext("internetGateway/internetGatewayId")
    st["igw"] = igw
    c("AttachInternetGateway", {"InternetGatewayId": igw, "VpcId": vid})
    t.eq(c.error("AttachInternetGateway", {"InternetGatewayId": igw, "VpcId": vid}),
         (400, "Resource.AlreadyAssociated"), "attaching twice is Resource.AlreadyAssociated")
    g = c("DescribeInternetGateways", {"Filter.1.Name": "attachment.vpc-id",
                                       "Filter.1.Value.1": vid})
    t.eq(texts(g, ".//internetGatewayId"), [igw], "filter attachment.vpc-id")
    t.eq(c.error("DeleteVpc", {"VpcId": vid}), (400, "DependencyViolation"),
         "deleting a VPC with subnets is DependencyViolation")
    t.eq(c.error("DeleteInternetGateway", {"InternetGatewayId": igw}),
         (400, "DependencyViolation"), "deleting an attached IGW is DependencyViolation")

    rtb = c("CreateRouteTable", {"VpcId": vid}).findtext("routeTable/routeTableId")
    st["rtb"] = rtb
    c("CreateRoute", {"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0",
                      "GatewayId": igw})
    t.eq(c.error("CreateRoute", {"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0",
                                 "GatewayId": igw}), (400, "RouteAlreadyExists"),
         "a second default route is RouteAlreadyExists")
    assoc = c("AssociateRouteTable", {"RouteTableId": rtb, "SubnetId": subnets[0]})
    aid = assoc.findtext("associationId")
    t.ok(aid.startswith("rtbassoc-"), "AssociateRouteTable returns rtbassoc- id")
    t.eq(c.error("AssociateRouteTable", {"RouteTableId": rtb, "SubnetId": subnets[0]}),
         (400, "Resource.AlreadyAssociated"), "a subnet has one route table")
    t.eq(c.error("DeleteRouteTable", {"RouteTableId": rtb}), (400, "DependencyViolation"),
         "deleting an associated route table is DependencyViolation")
    r = c("DescribeRouteTables", {"RouteTableId.1": rtb})
    t.eq(texts(r, ".//routeSet/item/state"), ["active", "active"], "routes are active")
    t.eq(c.error("DeleteRoute", {"RouteTableId": rtb, "DestinationCidrBlock": "1.2.3.0/24"}),
         (400, "InvalidRoute.NotFound"), "deleting a missing route is InvalidRoute.NotFound")


def security_groups(t, c, st):
    vid = st["vpc"]
    web = c("CreateSecurityGroup", {"GroupName": "web", "GroupDescription": "web",
                                    "VpcId": vid}).findtext("groupId")
    app = c("CreateSecurityGroup", {"GroupName": "app", "GroupDescription": "app",
                                    "VpcId": vid}).findtext("groupId")
    st["web"], st["app"] = web, app
    t.eq(c.error("CreateSecurityGroup", {"GroupName": "web", "GroupDescription": "x",
                                         "VpcId": vid}), (400, "InvalidGroup.Duplicate"),
         "duplicate group name is InvalidGroup.Duplicate")
    rule = {"GroupId": web, "IpPermissions.1.IpProtocol": "tcp",
            "IpPermissions.1.FromPort": "80", "IpPermissions.1.ToPort": "80",
            "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"}
    c("AuthorizeSecurityGroupIngress", rule)
    t.eq(c.error("AuthorizeSecurityGroupIngress", rule), (400, "InvalidPermission.Duplicate"),
         "the same rule twice is InvalidPermission.Duplicate")
    c("AuthorizeSecurityGroupIngress", {"GroupId": app, "IpPermissions.1.IpProtocol": "tcp",
                                        "IpPermissions.1.FromPort": "80",
                                        "IpPermissions.1.ToPort": "80",
                                        "IpPermissions.1.Groups.1.GroupId": web})
    d = c("DescribeSecurityGroups", {"GroupId.1": web})
    t.eq(texts(d, ".//ipPermissions/item/ipRanges/item/cidrIp"), ["0.0.0.0/0"],
         "ingress rule visible")
    t.eq(texts(d, ".//ipPermissionsEgress/item/ipProtocol"), ["-1"],
         "a new group has the allow-all egress rule")
    t.eq(c.error("DeleteSecurityGroup", {"GroupId": web}), (400, "InvalidGroup.InUse"),
         "deleting a group referenced by another is InvalidGroup.InUse")
    t.eq(c.error("DescribeSecurityGroups", {"GroupId.1": "sg-00000000000000000"}),
         (400, "InvalidGroup.NotFound"), "unknown group is InvalidGroup.NotFound")
    c("RevokeSecurityGroupIngress", rule)
    t.eq(c.error("RevokeSecurityGroupIngress", rule), (400, "InvalidPermission.NotFound"),
         "revoking a missing rule is InvalidPermission.NotFound")
    t.eq(c.error("AuthorizeSecurityGroupIngress", dict(rule, **{
        "IpPermissions.1.IpProtocol": "bogus"})), (400, "InvalidParameterValue"),
        "unknown protocol is InvalidParameterValue")


def instances(t, c, st, emu):
    sid = st["subnets"][0]
    c("ImportKeyPair", {"KeyName": "ops",
                        "PublicKeyMaterial": base64.b64encode(SSH_KEY.encode()).decode()})
    k = c("DescribeKeyPairs", {"KeyName.1": "ops"})
    fp = k.findtext("keySet/item/keyFingerprint")
    t.ok(fp and fp.count(":") == 15, "imported key has an MD5 fingerprint")
    t.ok(k.findtext("keySet/item/keyPairId").startswith("key-"), "key pair id is key-…")
    t.eq(c.error("ImportKeyPair", {"KeyName": "ops", "PublicKeyMaterial":
                                   base64.b64encode(SSH_KEY.encode()).decode()}),
         (400, "InvalidKeyPair.Duplicate"), "importing twice is InvalidKeyPair.Duplicate")
    t.eq(c.error("DescribeKeyPairs", {"KeyName.1": "nope"}), (400, "InvalidKeyPair.NotFound"),
         "unknown key is InvalidKeyPair.NotFound")

    r = c("RunInstances", {"ImageId": AMI, "InstanceType": "t2.micro", "MinCount": "2",
                           "MaxCount": "2", "SubnetId": sid, "SecurityGroupId.1": st["app"],
                           "KeyName": "ops", "UserData": base64.b64encode(b"#!/bin/sh\n")
                           .decode(), "TagSpecification.1.ResourceType": "instance",
                           "TagSpecification.1.Tag.1.Key": "role",
                           "TagSpecification.1.Tag.1.Value": "app"})
    ids = texts(r, "instancesSet/item/instanceId")
    st["instances"] = ids
    t.eq(texts(r, "instancesSet/item/instanceState/name"), ["pending", "pending"],
         "instances start pending")
    ips = texts(r, "instancesSet/item/privateIpAddress")
    t.eq(ips, ["10.1.0.4", "10.1.0.5"], "private IPs come from the subnet (after .0-.3)")
    t.ok(all(texts(r, "instancesSet/item/ipAddress")), "public IP when subnet maps it")
    t.eq(c.error("RunInstances", {"ImageId": "ami-0000000000000dead", "MinCount": "1",
                                  "MaxCount": "1", "SubnetId": sid}),
         (400, "InvalidAMIID.NotFound"), "unknown AMI is InvalidAMIID.NotFound")
    t.eq(c.error("RunInstances", {"ImageId": AMI, "MinCount": "1", "MaxCount": "1",
                                  "SubnetId": sid, "UserData": "%%%"}),
         (400, "InvalidParameterValue"), "bad base64 user data is rejected")
    t.eq(c.error("RunInstances", {"ImageId": AMI, "MinCount": "1"}),
         (400, "MissingParameter"), "missing MaxCount is MissingParameter (model)")

    running = wait_for(lambda: texts(c("DescribeInstances", {
        "Filter.1.Name": "instance-state-name", "Filter.1.Value.1": "running",
        "Filter.2.Name": "tag:role", "Filter.2.Value.1": "app"}), ".//instanceId"), 5)
    t.eq(sorted(running), sorted(ids), "instances become running after boot × factor")
    a = c("DescribeInstanceAttribute", {"InstanceId": ids[0], "Attribute": "sourceDestCheck"})
    t.eq(a.findtext("sourceDestCheck/value"), "true", "sourceDestCheck defaults to true")
    c("ModifyInstanceAttribute", {"InstanceId": ids[0], "SourceDestCheck.Value": "false"})
    a = c("DescribeInstanceAttribute", {"InstanceId": ids[0], "Attribute": "sourceDestCheck"})
    t.eq(a.findtext("sourceDestCheck/value"), "false", "ModifyInstanceAttribute SourceDestCheck")
    ud = c("DescribeInstanceAttribute", {"InstanceId": ids[0], "Attribute": "userData"})
    t.eq(base64.b64decode(ud.findtext("userData/value")), b"#!/bin/sh\n", "user data kept")

    c("CreateRoute", {"RouteTableId": st["main_rtb"], "DestinationCidrBlock": "0.0.0.0/0",
                      "InstanceId": ids[0]})
    rt = c("DescribeRouteTables", {"RouteTableId.1": st["main_rtb"]})
    t.eq(rt.findtext(".//routeSet/item[2]/instanceId"), ids[0], "route to a NAT instance")
    t.ok(rt.findtext(".//routeSet/item[2]/networkInterfaceId", "").startswith("eni-"),
         "instance route shows its ENI")

    alloc = c("AllocateAddress", {"Domain": "vpc"})
    aid, pub = alloc.findtext("allocationId"), alloc.findtext("publicIp")
    assoc = c("AssociateAddress", {"AllocationId": aid, "InstanceId": ids[0]})
    t.ok(assoc.findtext("associationId").startswith("eipassoc-"), "AssociateAddress")
    d = c("DescribeInstances", {"InstanceId.1": ids[0]})
    t.eq(d.findtext(".//ipAddress"), pub, "EIP replaces the instance's public IP")
    t.eq(c.error("AssociateAddress", {"AllocationId": aid, "InstanceId": ids[1]}),
         (400, "Resource.AlreadyAssociated"), "re-associating without AllowReassociation")
    t.eq(c.error("ReleaseAddress", {"AllocationId": aid}), (400, "InvalidIPAddress.InUse"),
         "releasing an associated address fails")
    t.eq(c.error("DetachInternetGateway", {"InternetGatewayId": st["igw"], "VpcId":
                                           st["vpc"]}), (400, "DependencyViolation"),
         "detaching an IGW with mapped EIPs is DependencyViolation")
    addr = c("DescribeAddresses", {"Filter.1.Name": "instance-id",
                                   "Filter.1.Value.1": ids[0]})
    t.eq(addr.findtext(".//associationId"), assoc.findtext("associationId"),
         "DescribeAddresses by instance-id")
    c("DisassociateAddress", {"AssociationId": assoc.findtext("associationId")})
    c("ReleaseAddress", {"AllocationId": aid})

    t.eq(c.error("DeleteSecurityGroup", {"GroupId": st["app"]}), (400, "DependencyViolation"),
         "deleting a group used by instances is DependencyViolation")
    term = c("TerminateInstances", {"InstanceId.1": ids[1]})
    t.eq((term.findtext(".//previousState/name"), term.findtext(".//currentState/name")),
         ("running", "shutting-down"), "TerminateInstances: running -> shutting-down")
    gone = wait_for(lambda: c("DescribeInstances", {"InstanceId.1": ids[1]}).findtext(
        ".//instanceState/name") == "terminated", 3)
    t.ok(gone, "then terminated, still visible")
    t.eq(c.error("DescribeInstances", {"InstanceId.1": "i-0000000000000beef"}),
         (400, "InvalidInstanceID.NotFound"), "unknown instance is InvalidInstanceID.NotFound")
    t.eq(c.error("DescribeInstances", {"InstanceId.1": "bogus"}),
         (400, "InvalidInstanceID.Malformed"), "malformed id is InvalidInstanceID.Malformed")


def tags_and_paging(t, c, st):
    c("CreateTags", {"ResourceId.1": st["subnets"][0], "ResourceId.2": st["subnets"][1],
                     "Tag.1.Key": "tier", "Tag.1.Value": "public"})
    d = c("DescribeTags", {"Filter.1.Name": "key", "Filter.1.Value.1": "tier"})
    t.eq(sorted(texts(d, "tagSet/item/resourceId")), sorted(st["subnets"]), "DescribeTags")
    t.eq(set(texts(d, "tagSet/item/resourceType")), {"subnet"}, "resourceType is subnet")
    c("DeleteTags", {"ResourceId.1": st["subnets"][1], "Tag.1.Key": "tier"})
    s = c("DescribeSubnets", {"Filter.1.Name": "tag-key", "Filter.1.Value.1": "tier"})
    t.eq(texts(s, ".//subnetId"), [st["subnets"][0]], "DeleteTags and tag-key filter")
    t.eq(c.error("CreateTags", {"ResourceId.1": "vpc-00000000000000000", "Tag.1.Key": "a",
                                "Tag.1.Value": "b"}), (400, "InvalidVpcID.NotFound"),
         "tagging a missing resource is its NotFound")
    t.eq(c.error("DescribeVpcs", {"Filter.1.Name": "no-such-filter", "Filter.1.Value.1":
                                  "x"}), (400, "InvalidParameterValue"),
         "unknown filter name is rejected")
    for n in range(6):
        c("CreateSecurityGroup", {"GroupName": f"g{n}", "GroupDescription": "x",
                                  "VpcId": st["vpc"]})
    seen, token, pages = [], None, 0
    while True:
        args = {"MaxResults": "5", "Filter.1.Name": "vpc-id", "Filter.1.Value.1": st["vpc"]}
        if token:
            args["NextToken"] = token
        r = c("DescribeSecurityGroups", args)
        seen += texts(r, ".//securityGroupInfo/item/groupId")
        token, pages = r.findtext("nextToken"), pages + 1
        if not token:
            break
    t.ok(pages >= 2 and len(seen) == len(set(seen)) == 9, "MaxResults/NextToken pagination",
         f"pages={pages} seen={len(seen)}")
    z = c("DescribeAvailabilityZones")
    t.eq(texts(z, ".//zoneName"), [f"us-east-1{x}" for x in "abcdef"], "six zones in us-east-1")
    img = c("DescribeImages", {"Filter.1.Name": "name", "Filter.1.Value.1": "clicamos-app-v*"})
    t.ok(AMI in texts(img, ".//imageId"), "DescribeImages name filter with wildcard")
    acct = c("DescribeAccountAttributes", {"AttributeName.1": "supported-platforms"})
    t.eq(texts(acct, ".//attributeValue"), ["VPC"], "supported-platforms is VPC")


def consistency_and_faults(t, c, emu):
    emu.control("POST", "/_emu/faults", {"consistency_window_ms": 400})
    vid = c("CreateVpc", {"CidrBlock": "10.9.0.0/16"}).findtext("vpc/vpcId")
    t.eq(c.error("DescribeVpcs", {"VpcId.1": vid}), (400, "InvalidVpcID.NotFound"),
         "just-created VPC is NotFound inside the consistency window")
    time.sleep(0.5)
    t.eq(c.error("DescribeVpcs", {"VpcId.1": vid}), (200, None), "and visible after it")
    emu.control("POST", "/_emu/faults", {"throttle_rate": 1.0})
    t.eq(c.error("DescribeVpcs"), (503, "RequestLimitExceeded"),
         "EC2 throttling is 503 RequestLimitExceeded")
    emu.control("POST", "/_emu/faults", {"error_5xx_rate": 1.0})
    t.eq(c.error("DescribeVpcs"), (500, "InternalError"), "EC2 5xx is InternalError")
    emu.control("POST", "/_emu/faults", {"errors": [{"action": "CreateVpc", "code":
                                                     "VpcLimitExceeded", "count": 1}]})
    t.eq(c.error("CreateVpc", {"CidrBlock": "10.8.0.0/16"}), (400, "VpcLimitExceeded"),
         "scripted error once")
    t.eq(c.error("CreateVpc", {"CidrBlock": "10.8.0.0/16"})[0], 200, "then normal again")
    emu.control("POST", "/_emu/faults", {"latency_ms": {"DescribeVpcs": 300}})
    t0 = time.time()
    c("DescribeVpcs")
    t.ok(time.time() - t0 >= 0.29, "per-action latency")
    emu.control("POST", "/_emu/faults", {})
    s = emu.control("GET", "/_emu/stats")
    t.ok(s["throttles"] >= 1 and s["errors_5xx"] >= 1 and s["calls"]["DescribeVpcs"] >= 4,
         "stats count throttles, 5xx and calls per action", s)


def state_dump(t, emu, st):
    s = emu.control("GET", "/_emu/state")
    vpcs = {v["vpcId"]: v for v in s["ec2"]["vpcs"]}
    t.ok(st["vpc"] in vpcs and vpcs[st["vpc"]]["enableDnsHostnames"] is True,
         "/_emu/state dumps VPCs with attributes")
    t.ok(any(i["instanceId"] == st["instances"][0] for i in s["ec2"]["instances"]),
         "/_emu/state dumps instances")


def main():
    t = Tap()
    with Emu(time_factor=0.005) as emu:
        c = emu.client("ec2")
        st = {}
        for scenario in (network, security_groups):
            t.run(scenario, c, st)
        t.run(instances, c, st, emu)
        t.run(tags_and_paging, c, st)
        t.run(consistency_and_faults, c, emu)
        t.run(state_dump, emu, st)
        t.ok(not c.shape_problems, "every response matches the botocore output shapes",
             "\n".join(c.shape_problems))
        t.eq(emu.stop(), 0, "emulator exits cleanly on SIGTERM")
        err = emu.stderr()
        t.ok("Traceback" not in err, "no emulator tracebacks", err)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
