"""EC2 actions of the emulator: VPCs, subnets, gateways, route tables, security groups,
instances, Elastic IPs, key pairs, tags, images and zones, with AWS's errors. Also the
instance helpers that Auto Scaling and ELB use (launch, terminate, state). No HTTP here."""

import base64
import binascii
import hashlib
import ipaddress
import re

from protocol import AwsError, apply_filters, paginate
from world import ACCOUNT, iso_now

ACTIONS = {}
STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48,
               "stopping": 64, "stopped": 80}
PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp",
             "-1": "-1", "all": "-1", "icmpv6": "icmpv6", "58": "icmpv6"}
DEFAULT_IMAGES = [
    # id, name, healthy
    ("ami-0healthy00000001", "clicamos-app-v1", True),
    ("ami-0healthy00000002", "clicamos-app-v2", True),
    ("ami-0healthy00000003", "clicamos-app-v3", True),
    ("ami-0unhealthy000001", "clicamos-app-broken", False),
    ("ami-0nat0000000000001", "amzn-ami-vpc-nat-2018.03.0.x86_64-ebs", True),
    ("ami-0debian000000001", "debian-12-amd64-20240101", True),
]


def action(name):
    def reg(fn):
        ACTIONS[name] = fn
        return fn
    return reg


def ok():
    return {"return": True}


# ---------------------------------------------------------------- lookups

KINDS = {
    # kind: (table, id prefix, NotFound code, message, Malformed code)
    "vpc": ("vpcs", "vpc", "InvalidVpcID.NotFound", "The vpc ID '{}' does not exist",
            "InvalidVpcID.Malformed"),
    "subnet": ("subnets", "subnet", "InvalidSubnetID.NotFound",
               "The subnet ID '{}' does not exist", "InvalidSubnetID.Malformed"),
    "igw": ("igws", "igw", "InvalidInternetGatewayID.NotFound",
            "The internetGateway ID '{}' does not exist", "InvalidInternetGatewayID.Malformed"),
    "rtb": ("rtbs", "rtb", "InvalidRouteTableID.NotFound",
            "The routeTable ID '{}' does not exist", "InvalidRouteTableID.Malformed"),
    "sg": ("sgs", "sg", "InvalidGroup.NotFound", "The security group '{}' does not exist",
           "InvalidGroupId.Malformed"),
    "instance": ("instances", "i", "InvalidInstanceID.NotFound",
                 "The instance ID '{}' does not exist", "InvalidInstanceID.Malformed"),
    "eip": ("addresses", "eipalloc", "InvalidAllocationID.NotFound",
            "The allocation ID '{}' does not exist", "InvalidAllocationID.Malformed"),
    "image": ("images", "ami", "InvalidAMIID.NotFound", "The image id '[{}]' does not exist",
              "InvalidAMIID.Malformed"),
    "nat": ("nat_gateways", "nat", "NatGatewayNotFound", "The Nat Gateway {} was not found",
            "InvalidParameterValue"),
    "lt": ("launch_templates", "lt", "InvalidLaunchTemplateId.NotFound",
           "The specified launch template, with template ID {}, does not exist.",
           "InvalidLaunchTemplateId.Malformed"),
}


def get(w, kind, rid, client=True):
    """The record, or AWS's Malformed / NotFound error. `client` lookups honour the
    eventual-consistency window; the emulator's own lookups never do."""
    table, prefix, nf_code, nf_msg, bad_code = KINDS[kind]
    if not re.fullmatch(prefix + r"-[0-9a-z]+", rid or ""):
        raise AwsError(bad_code, f'Invalid id: "{rid}" (expecting "{prefix}-...")')
    rec = getattr(w, table).get(rid)
    if rec is None or (client and w.fresh(rid)):
        raise AwsError(nf_code, nf_msg.format(rid) + (image_hint(w) if kind == "image" else ""))
    return rec


def visible(w, table):
    return [r for r in getattr(w, table).values() if not w.fresh(r["id"])]


def describe(w, p, kind, id_param, set_name, render, fields, max_lo=5):
    """The shared shape of every Describe*: explicit ids or all, filters, MaxResults/NextToken."""
    table = KINDS[kind][0]
    ids = p.list(id_param)
    items = [get(w, kind, i) for i in ids] if ids else visible(w, table)
    items = apply_filters(items, p.filters(), lambda r: fields(w, r),
                          lambda r: w.tags_of(r["id"]))
    limit = p.int("MaxResults", lo=max_lo, hi=1000)
    if limit and ids:
        raise AwsError("InvalidParameterCombination",
                       "The parameter ids cannot be used with the parameter maxResults")
    page, token = paginate(items, limit, p.str("NextToken"))
    return {set_name: [render(w, r) for r in page], "nextToken": token}


def parse_cidr(value, param="cidrBlock"):
    try:
        net = ipaddress.ip_network(value, strict=False)
        if net.version != 4 or "/" not in value:
            raise ValueError
        return net
    except ValueError:
        raise AwsError("InvalidParameterValue", f"Value ({value}) for parameter {param} is "
                       "invalid. This is not a valid CIDR block.") from None


def apply_tag_specs(w, p, resource_type, rid):
    for spec in p.structs("TagSpecification"):
        if spec.str("ResourceType") == resource_type:
            for t in spec.structs("Tag"):
                set_tag(w, rid, t.str("Key", required=True), t.str("Value", ""))


def set_tag(w, rid, key, value, internal=False):
    if not internal and key.lower().startswith("aws:"):
        raise AwsError("InvalidParameterValue",
                       "Tag keys starting with 'aws:' are reserved for internal use")
    if len(key) > 128 or len(value) > 256:
        raise AwsError("InvalidParameterValue", f"Tag key or value too long: '{key}'")
    tags = w.tags.setdefault(rid, {})
    if key not in tags and len(tags) >= 50:
        raise AwsError("TagLimitExceeded", "The maximum number of Tags for a resource has "
                       "been reached.")
    tags[key] = value


def drop(w, table, rid):
    getattr(w, table).pop(rid, None)
    w.tags.pop(rid, None)


def zones(region):
    parts = region.split("-")
    short = parts[0] + "".join(x[0] for x in parts[1:-1]) + parts[-1]
    n = 6 if region == "us-east-1" else 3
    return [(region + c, f"{short}-az{i + 1}") for i, c in enumerate("abcdef"[:n])]


# ---------------------------------------------------------------- VPC

def render_vpc(w, v):
    return {"vpcId": v["id"], "ownerId": ACCOUNT, "state": "available",
            "cidrBlock": v["cidr"], "dhcpOptionsId": v["dhcp"],
            "cidrBlockAssociationSet": [{"cidrBlock": v["cidr"], "associationId": v["assoc"],
                                         "cidrBlockState": {"state": "associated"}}],
            "ipv6CidrBlockAssociationSet": [],
            "tagSet": w.tag_list(v["id"]), "instanceTenancy": v["tenancy"],
            "isDefault": False}


@action("CreateVpc")
def create_vpc(w, p, ctx):
    net = parse_cidr(p.str("CidrBlock", required=True))
    if not 16 <= net.prefixlen <= 28:
        raise AwsError("InvalidVpc.Range", f"The CIDR '{p.str('CidrBlock')}' is invalid.")
    vid = w.new_id("vpc")
    v = w.vpcs[vid] = {"id": vid, "cidr": str(net), "tenancy": p.str("InstanceTenancy",
                                                                      "default"),
                       "dhcp": w.new_id("dopt"), "assoc": w.new_id("vpc-cidr-assoc"),
                       "dns_support": True, "dns_hostnames": False, "region": ctx.region}
    rtb = new_route_table(w, vid)
    rtb["assocs"].append({"id": w.new_id("rtbassoc"), "subnet": None, "main": True})
    sg = new_group(w, vid, "default", "default VPC security group")
    sg["ingress"].append(("-1", None, None, "group", sg["id"], None, w.new_id("sgr")))
    v["main_rtb"], v["default_sg"] = rtb["id"], sg["id"]
    apply_tag_specs(w, p, "vpc", vid)
    w.created(vid)
    return {"vpc": dict(render_vpc(w, v), state="pending")}


@action("DescribeVpcs")
def describe_vpcs(w, p, ctx):
    return describe(w, p, "vpc", "VpcId", "vpcSet", render_vpc, lambda w, v: {
        "vpc-id": v["id"], "cidr": v["cidr"], "cidr-block": v["cidr"],
        "cidr-block-association.cidr-block": v["cidr"],
        "cidr-block-association.association-id": v["assoc"],
        "cidr-block-association.state": "associated", "state": "available",
        # isDefault: the old spelling, which Terraform's aws_vpc data source still sends
        "is-default": "false", "isDefault": "false", "owner-id": ACCOUNT,
        "dhcp-options-id": v["dhcp"], "instance-tenancy": v["tenancy"]})


@action("DeleteVpc")
def delete_vpc(w, p, ctx):
    v = get(w, "vpc", p.str("VpcId", required=True))
    vid = v["id"]
    deps = [s for s in w.subnets.values() if s["vpc"] == vid] + \
        [g for g in w.igws.values() if g["vpc"] == vid] + \
        [r for r in w.rtbs.values() if r["vpc"] == vid and r["id"] != v["main_rtb"]] + \
        [g for g in w.sgs.values() if g["vpc"] == vid and g["id"] != v["default_sg"]] + \
        [i for i in w.instances.values() if i["vpc"] == vid and i["state"] != "terminated"] + \
        [lb for lb in w.lbs.values() if lb["vpc"] == vid]
    if deps:
        raise AwsError("DependencyViolation",
                       f"The vpc '{vid}' has dependencies and cannot be deleted.")
    drop(w, "rtbs", v["main_rtb"])
    drop(w, "sgs", v["default_sg"])
    drop(w, "vpcs", vid)
    return ok()


VPC_ATTRS = {"EnableDnsSupport": ("dns_support", "enableDnsSupport"),
             "EnableDnsHostnames": ("dns_hostnames", "enableDnsHostnames")}


@action("ModifyVpcAttribute")
def modify_vpc_attribute(w, p, ctx):
    v = get(w, "vpc", p.str("VpcId", required=True))
    given = [a for a in VPC_ATTRS if p.has_prefix(a)]
    if len(given) != 1:
        raise AwsError("InvalidParameterCombination",
                       "Fields for multiple attribute types specified: "
                       + ", ".join(given) if given else "No attribute specified.")
    key = VPC_ATTRS[given[0]][0]
    val = p.bool(given[0] + ".Value", required=True)
    if key == "dns_hostnames" and val and not v["dns_support"]:
        raise AwsError("InvalidParameterValue", "Cannot enable DNS hostnames while DNS "
                       "support is disabled.")
    v[key] = val
    return ok()


@action("DescribeVpcAttribute")
def describe_vpc_attribute(w, p, ctx):
    v = get(w, "vpc", p.str("VpcId", required=True))
    attr = p.str("Attribute", required=True)
    for key, xml_name in VPC_ATTRS.values():
        if xml_name == attr:
            return {"vpcId": v["id"], xml_name: {"value": v[key]}}
    raise AwsError("InvalidParameterValue", f"Value ({attr}) for parameter attribute is "
                   "invalid. Unknown attribute.")


# ---------------------------------------------------------------- subnets

def subnet_free(s):
    return ipaddress.ip_network(s["cidr"]).num_addresses - 5 - len(s["used"])


def render_subnet(w, s):
    zone_id = dict(zones(s["region"])).get(s["az"], "")
    return {"subnetId": s["id"], "subnetArn": f"arn:aws:ec2:{s['region']}:{ACCOUNT}:subnet/"
            f"{s['id']}", "state": "available", "vpcId": s["vpc"], "cidrBlock": s["cidr"],
            "ipv6CidrBlockAssociationSet": [], "availableIpAddressCount": subnet_free(s),
            "availabilityZone": s["az"], "availabilityZoneId": zone_id,
            "defaultForAz": False, "mapPublicIpOnLaunch": s["map_public"],
            "assignIpv6AddressOnCreation": False, "ownerId": ACCOUNT,
            "tagSet": w.tag_list(s["id"])}


@action("CreateSubnet")
def create_subnet(w, p, ctx):
    v = get(w, "vpc", p.str("VpcId", required=True))
    cidr = p.str("CidrBlock", required=True)
    net = parse_cidr(cidr)
    if not net.subnet_of(ipaddress.ip_network(v["cidr"])) or not 16 <= net.prefixlen <= 28:
        raise AwsError("InvalidSubnet.Range", f"The CIDR '{cidr}' is invalid.")
    for s in w.subnets.values():
        if s["vpc"] == v["id"] and net.overlaps(ipaddress.ip_network(s["cidr"])):
            raise AwsError("InvalidSubnet.Conflict",
                           f"The CIDR '{cidr}' conflicts with another subnet")
    names = [z for z, _ in zones(ctx.region)]
    az = p.str("AvailabilityZone")
    if az is None and p.str("AvailabilityZoneId"):
        az = {i: z for z, i in zones(ctx.region)}.get(p.str("AvailabilityZoneId"), "?")
    if az is None:
        az = names[w.rng.randrange(len(names))]
    if az not in names:
        raise AwsError("InvalidParameterValue", f"Value ({az}) for parameter availabilityZone "
                       "is invalid. Subnets can currently only be created in the following "
                       "availability zones: " + ", ".join(names) + ".")
    sid = w.new_id("subnet")
    s = w.subnets[sid] = {"id": sid, "vpc": v["id"], "cidr": str(net), "az": az,
                          "region": ctx.region, "map_public": False, "used": set()}
    apply_tag_specs(w, p, "subnet", sid)
    w.created(sid)
    return {"subnet": dict(render_subnet(w, s), state="pending")}


@action("DescribeSubnets")
def describe_subnets(w, p, ctx):
    return describe(w, p, "subnet", "SubnetId", "subnetSet", render_subnet, lambda w, s: {
        "subnet-id": s["id"], "vpc-id": s["vpc"], "cidr-block": s["cidr"], "cidr": s["cidr"],
        "availability-zone": s["az"], "state": "available", "default-for-az": "false",
        "map-public-ip-on-launch": str(s["map_public"]).lower(), "owner-id": ACCOUNT,
        "available-ip-address-count": str(subnet_free(s)),
        "availability-zone-id": dict(zones(s["region"])).get(s["az"]),
        "subnet-arn": render_subnet(w, s)["subnetArn"],
        # the camelCase spellings AWS also accepts (Terraform's aws_subnet data source)
        "availabilityZone": s["az"], "availabilityZoneId": dict(zones(s["region"])).get(s["az"]),
        "cidrBlock": s["cidr"], "defaultForAz": "false",
        "availableIpAddressCount": str(subnet_free(s))})


@action("ModifySubnetAttribute")
def modify_subnet_attribute(w, p, ctx):
    s = get(w, "subnet", p.str("SubnetId", required=True))
    if p.has_prefix("MapPublicIpOnLaunch"):
        s["map_public"] = p.bool("MapPublicIpOnLaunch.Value", required=True)
    elif p.has_prefix("AssignIpv6AddressOnCreation"):
        raise AwsError("InvalidParameterValue", "The subnet has no IPv6 CIDR block.")
    else:
        raise AwsError("InvalidParameterCombination", "No attribute specified.")
    return ok()


@action("DeleteSubnet")
def delete_subnet(w, p, ctx):
    s = get(w, "subnet", p.str("SubnetId", required=True))
    busy = [i for i in w.instances.values() if i["subnet"] == s["id"] and
            i["state"] != "terminated"] + \
        [lb for lb in w.lbs.values() if s["id"] in lb["subnets"]] + \
        [n for n in w.nat_gateways.values() if n["subnet"] == s["id"] and
         n["state"] != "deleted"]
    if busy:
        raise AwsError("DependencyViolation",
                       f"The subnet '{s['id']}' has dependencies and cannot be deleted.")
    for r in w.rtbs.values():
        r["assocs"] = [a for a in r["assocs"] if a["subnet"] != s["id"]]
    drop(w, "subnets", s["id"])
    return ok()


# ---------------------------------------------------------------- internet gateways

def render_igw(w, g):
    att = [{"vpcId": g["vpc"], "state": "available"}] if g["vpc"] else []
    return {"attachmentSet": att, "internetGatewayId": g["id"], "ownerId": ACCOUNT,
            "tagSet": w.tag_list(g["id"])}


@action("CreateInternetGateway")
def create_internet_gateway(w, p, ctx):
    gid = w.new_id("igw")
    g = w.igws[gid] = {"id": gid, "vpc": None}
    apply_tag_specs(w, p, "internet-gateway", gid)
    w.created(gid)
    return {"internetGateway": render_igw(w, g)}


@action("DescribeInternetGateways")
def describe_internet_gateways(w, p, ctx):
    return describe(w, p, "igw", "InternetGatewayId", "internetGatewaySet", render_igw,
                    lambda w, g: {"internet-gateway-id": g["id"], "owner-id": ACCOUNT,
                                  "attachment.vpc-id": g["vpc"],
                                  "attachment.state": "available" if g["vpc"] else None})


@action("AttachInternetGateway")
def attach_internet_gateway(w, p, ctx):
    g = get(w, "igw", p.str("InternetGatewayId", required=True))
    v = get(w, "vpc", p.str("VpcId", required=True))
    if g["vpc"]:
        raise AwsError("Resource.AlreadyAssociated",
                       f"resource {g['id']} is already attached to network {g['vpc']}")
    other = [x for x in w.igws.values() if x["vpc"] == v["id"]]
    if other:
        raise AwsError("Resource.AlreadyAssociated", f"network {v['id']} already has an "
                       f"internet gateway attached ({other[0]['id']})")
    g["vpc"] = v["id"]
    return ok()


@action("DetachInternetGateway")
def detach_internet_gateway(w, p, ctx):
    g = get(w, "igw", p.str("InternetGatewayId", required=True))
    vid = p.str("VpcId", required=True)
    if g["vpc"] != vid:
        raise AwsError("Gateway.NotAttached", f"resource {g['id']} is not attached to "
                       f"network {vid}")
    mapped = [a for a in w.addresses.values() if a["instance"] and
              w.instances[a["instance"]]["vpc"] == vid] + \
        [n for n in w.nat_gateways.values() if n["vpc"] == vid and n["alloc"] and
         n["state"] in ("pending", "available", "deleting")]
    if mapped:
        raise AwsError("DependencyViolation", f"Network {vid} has some mapped public "
                       "address(es). Please unmap those public address(es) before detaching "
                       "the gateway.")
    g["vpc"] = None
    return ok()


@action("DeleteInternetGateway")
def delete_internet_gateway(w, p, ctx):
    g = get(w, "igw", p.str("InternetGatewayId", required=True))
    if g["vpc"]:
        raise AwsError("DependencyViolation",
                       f"The internetGateway '{g['id']}' has dependencies and cannot be "
                       "deleted.")
    drop(w, "igws", g["id"])
    return ok()


# ---------------------------------------------------------------- route tables

def new_route_table(w, vid):
    rid = w.new_id("rtb")
    v = w.vpcs[vid]
    r = w.rtbs[rid] = {"id": rid, "vpc": vid, "assocs": [],
                       "routes": [{"dest": v["cidr"], "gateway": "local",
                                   "origin": "CreateRouteTable"}]}
    return r


def route_state(w, rt):
    if rt.get("gateway") and rt["gateway"] != "local":
        g = w.igws.get(rt["gateway"])
        return "active" if g and g["vpc"] else "blackhole"
    if rt.get("instance"):
        i = w.instances.get(rt["instance"])
        return "active" if i and i["state"] in ("pending", "running") else "blackhole"
    if rt.get("nat"):
        n = w.nat_gateways.get(rt["nat"])
        return "active" if n and n["state"] == "available" else "blackhole"
    return "active"


def render_route(w, rt):
    out = {"destinationCidrBlock": rt["dest"]}
    if rt.get("gateway"):
        out["gatewayId"] = rt["gateway"]
    if rt.get("instance"):
        i = w.instances.get(rt["instance"])
        out.update(instanceId=rt["instance"], instanceOwnerId=ACCOUNT,
                   networkInterfaceId=i["eni"] if i else None)
    if rt.get("nat"):
        out["natGatewayId"] = rt["nat"]
    out.update(state=route_state(w, rt), origin=rt["origin"])
    return out


def render_rtb(w, r):
    return {"routeTableId": r["id"], "vpcId": r["vpc"], "ownerId": ACCOUNT,
            "routeSet": [render_route(w, rt) for rt in r["routes"]],
            "associationSet": [dict({"main": a["main"], "routeTableAssociationId": a["id"],
                                     "routeTableId": r["id"]},
                                    **({"subnetId": a["subnet"]} if a["subnet"] else {}),
                                    associationState={"state": "associated"})
                               for a in r["assocs"]],
            "propagatingVgwSet": [], "tagSet": w.tag_list(r["id"])}


@action("CreateRouteTable")
def create_route_table(w, p, ctx):
    v = get(w, "vpc", p.str("VpcId", required=True))
    r = new_route_table(w, v["id"])
    apply_tag_specs(w, p, "route-table", r["id"])
    w.created(r["id"])
    return {"routeTable": render_rtb(w, r)}


@action("DescribeRouteTables")
def describe_route_tables(w, p, ctx):
    return describe(w, p, "rtb", "RouteTableId", "routeTableSet", render_rtb, lambda w, r: {
        "route-table-id": r["id"], "vpc-id": r["vpc"], "owner-id": ACCOUNT,
        "association.subnet-id": [a["subnet"] for a in r["assocs"] if a["subnet"]],
        "association.route-table-association-id": [a["id"] for a in r["assocs"]],
        "association.route-table-id": r["id"] if r["assocs"] else None,
        "association.main": ["true" if a["main"] else "false" for a in r["assocs"]],
        "route.destination-cidr-block": [x["dest"] for x in r["routes"]],
        "route.gateway-id": [x.get("gateway") for x in r["routes"]],
        "route.instance-id": [x.get("instance") for x in r["routes"]],
        "route.nat-gateway-id": [x.get("nat") for x in r["routes"]]})


def route_target(w, p, r):
    targets = {k: p.str(k) for k in ("GatewayId", "InstanceId", "NatGatewayId") if p.str(k)}
    unsupported = [k for k in ("NetworkInterfaceId", "VpcPeeringConnectionId",
                               "TransitGatewayId", "EgressOnlyInternetGatewayId") if p.str(k)]
    if unsupported:
        raise AwsError("InvalidParameterValue", f"{unsupported[0]} is not supported by the "
                       "emulator")
    if len(targets) != 1:
        raise AwsError("InvalidParameterCombination",
                       "The request must contain exactly one of gatewayId, natGatewayId, "
                       "networkInterfaceId, vpcPeeringConnectionId or instanceId")
    (kind, value), = targets.items()
    if kind == "GatewayId":
        g = get(w, "igw", value)
        if g["vpc"] != r["vpc"]:
            raise AwsError("InvalidParameterValue", f"route table {r['id']} and network "
                           f"gateway {value} belong to different networks")
        return {"gateway": value}
    if kind == "InstanceId":
        i = get(w, "instance", value)
        if i["vpc"] != r["vpc"]:
            raise AwsError("InvalidParameterValue", f"route table {r['id']} and instance "
                           f"{value} belong to different networks")
        if i["state"] not in ("pending", "running", "stopped"):
            raise AwsError("IncorrectInstanceState", f"The instance '{value}' is not in a "
                           "valid state for this operation.")
        return {"instance": value}
    n = get(w, "nat", value)
    if n["vpc"] != r["vpc"]:
        raise AwsError("InvalidParameterValue", f"route table {r['id']} and NAT gateway "
                       f"{value} belong to different networks")
    return {"nat": value}


def find_route(r, dest):
    return next((x for x in r["routes"] if x["dest"] == dest), None)


@action("CreateRoute")
def create_route(w, p, ctx):
    r = get(w, "rtb", p.str("RouteTableId", required=True))
    dest = str(parse_cidr(p.str("DestinationCidrBlock", required=True),
                          "destinationCidrBlock"))
    target = route_target(w, p, r)
    if find_route(r, dest):
        raise AwsError("RouteAlreadyExists",
                       f"The route identified by {dest} already exists.")
    r["routes"].append(dict(target, dest=dest, origin="CreateRoute"))
    return ok()


@action("ReplaceRoute")
def replace_route(w, p, ctx):
    r = get(w, "rtb", p.str("RouteTableId", required=True))
    dest = str(parse_cidr(p.str("DestinationCidrBlock", required=True),
                          "destinationCidrBlock"))
    rt = find_route(r, dest)
    if rt is None:
        raise AwsError("InvalidParameterValue", f"There is no route defined for '{dest}' in "
                       "the route table. Use CreateRoute instead.")
    if rt.get("gateway") == "local":
        raise AwsError("InvalidParameterValue", "cannot replace the local route")
    target = route_target(w, p, r)
    r["routes"][r["routes"].index(rt)] = dict(target, dest=dest, origin="CreateRoute")
    return ok()


@action("DeleteRoute")
def delete_route(w, p, ctx):
    r = get(w, "rtb", p.str("RouteTableId", required=True))
    dest = p.str("DestinationCidrBlock", required=True)
    rt = find_route(r, dest)
    if rt is None:
        raise AwsError("InvalidRoute.NotFound", f"no route with destination-cidr-block {dest} "
                       f"in route table {r['id']}")
    if rt.get("gateway") == "local":
        raise AwsError("InvalidParameterValue", "cannot remove local route "
                       f"{dest} in route table {r['id']}")
    r["routes"].remove(rt)
    return ok()


def find_assoc(w, assoc_id):
    for r in w.rtbs.values():
        for a in r["assocs"]:
            if a["id"] == assoc_id:
                return r, a
    raise AwsError("InvalidAssociationID.NotFound",
                   f"The association ID '{assoc_id}' does not exist")


@action("AssociateRouteTable")
def associate_route_table(w, p, ctx):
    r = get(w, "rtb", p.str("RouteTableId", required=True))
    s = get(w, "subnet", p.str("SubnetId", required=True))
    if s["vpc"] != r["vpc"]:
        raise AwsError("InvalidParameterValue", f"Route table {r['id']} and subnet {s['id']} "
                       "belong to different networks")
    for other in w.rtbs.values():
        for a in other["assocs"]:
            if a["subnet"] == s["id"]:
                raise AwsError("Resource.AlreadyAssociated", f"the specified association for "
                               f"route table {other['id']} conflicts with an existing "
                               "association")
    aid = w.new_id("rtbassoc")
    r["assocs"].append({"id": aid, "subnet": s["id"], "main": False})
    return {"associationId": aid, "associationState": {"state": "associated"}}


@action("DisassociateRouteTable")
def disassociate_route_table(w, p, ctx):
    r, a = find_assoc(w, p.str("AssociationId", required=True))
    if a["main"]:
        raise AwsError("InvalidParameterValue",
                       "cannot disassociate the main route table association " + a["id"])
    r["assocs"].remove(a)
    return ok()


@action("ReplaceRouteTableAssociation")
def replace_route_table_association(w, p, ctx):
    old, a = find_assoc(w, p.str("AssociationId", required=True))
    r = get(w, "rtb", p.str("RouteTableId", required=True))
    if r["vpc"] != old["vpc"]:
        raise AwsError("InvalidParameterValue", "route tables belong to different networks")
    old["assocs"].remove(a)
    new = dict(a, id=w.new_id("rtbassoc"))
    r["assocs"].append(new)
    if a["main"]:
        w.vpcs[r["vpc"]]["main_rtb"] = r["id"]
    return {"newAssociationId": new["id"], "associationState": {"state": "associated"}}


@action("DeleteRouteTable")
def delete_route_table(w, p, ctx):
    r = get(w, "rtb", p.str("RouteTableId", required=True))
    if r["assocs"]:
        raise AwsError("DependencyViolation",
                       f"The routeTable '{r['id']}' has dependencies and cannot be deleted.")
    drop(w, "rtbs", r["id"])
    return ok()


# ---------------------------------------------------------------- security groups

def new_group(w, vid, name, desc):
    gid = w.new_id("sg")
    g = w.sgs[gid] = {"id": gid, "name": name, "desc": desc, "vpc": vid, "ingress": [],
                      "egress": [("-1", None, None, "cidr", "0.0.0.0/0", None,
                                  w.new_id("sgr"))]}
    return g


def render_perms(rules):
    """Group atomic rules (proto, from, to, kind, target, description, rule id) into
    IpPermission items the way AWS presents them: one item per (protocol, port range)."""
    grouped = {}
    for proto, lo, hi, kind, target, desc, _ in rules:
        item = grouped.setdefault((proto, lo, hi), {"ipProtocol": proto, "fromPort": lo,
                                                    "toPort": hi, "groups": [], "ipRanges": [],
                                                    "ipv6Ranges": [], "prefixListIds": []})
        if kind == "cidr":
            item["ipRanges"].append({"cidrIp": target, "description": desc})
        elif kind == "cidr6":
            item["ipv6Ranges"].append({"cidrIpv6": target, "description": desc})
        else:
            item["groups"].append({"description": desc, "groupId": target, "userId": ACCOUNT})
    return list(grouped.values())


def render_sg(w, g):
    return {"ownerId": ACCOUNT, "groupId": g["id"], "groupName": g["name"],
            "groupDescription": g["desc"], "ipPermissions": render_perms(g["ingress"]),
            "ipPermissionsEgress": render_perms(g["egress"]), "vpcId": g["vpc"],
            "tagSet": w.tag_list(g["id"])}


@action("CreateSecurityGroup")
def create_security_group(w, p, ctx):
    name = p.str("GroupName", required=True)
    desc = p.str("GroupDescription", required=True)
    vid = p.str("VpcId")
    if not vid:
        raise AwsError("VPCIdNotSpecified", "No default VPC for this user")
    v = get(w, "vpc", vid)
    if name.startswith("sg-"):
        raise AwsError("InvalidParameterValue",
                       "Group names may not be in the format sg-*.")
    if name == "default":
        raise AwsError("InvalidGroup.Reserved", "The security group 'default' is reserved")
    if len(name) > 255 or len(desc) > 255:
        raise AwsError("InvalidParameterValue", "Value for GroupName or GroupDescription is "
                       "too long (maximum 255 characters).")
    if any(g["vpc"] == v["id"] and g["name"] == name for g in w.sgs.values()):
        raise AwsError("InvalidGroup.Duplicate",
                       f"The security group '{name}' already exists for VPC '{v['id']}'")
    g = new_group(w, v["id"], name, desc)
    apply_tag_specs(w, p, "security-group", g["id"])
    w.created(g["id"])
    return {"return": True, "groupId": g["id"], "tagSet": w.tag_list(g["id"]) or None}


def find_group(w, p):
    gid, name = p.str("GroupId"), p.str("GroupName")
    if gid:
        return get(w, "sg", gid)
    if name:
        for g in w.sgs.values():
            if g["name"] == name and not w.fresh(g["id"]):
                return g
        raise AwsError("InvalidGroup.NotFound",
                       f"The security group '{name}' does not exist in default VPC 'none'")
    raise AwsError("MissingParameter", "The request must contain the parameter groupId")


@action("DescribeSecurityGroups")
def describe_security_groups(w, p, ctx):
    names = p.list("GroupName")
    if names:
        out = []
        for n in names:
            out.append(find_group(w, type(p)({"GroupName": n})))
        return {"securityGroupInfo": [render_sg(w, g) for g in out]}
    out = describe(w, p, "sg", "GroupId", "securityGroupInfo", render_sg, lambda w, g: {
        "group-id": g["id"], "group-name": g["name"], "vpc-id": g["vpc"],
        "description": g["desc"], "owner-id": ACCOUNT,
        "ip-permission.cidr": [r[4] for r in g["ingress"] if r[3] == "cidr"],
        "ip-permission.group-id": [r[4] for r in g["ingress"] if r[3] == "group"],
        "ip-permission.from-port": [str(r[1]) for r in g["ingress"]],
        "ip-permission.to-port": [str(r[2]) for r in g["ingress"]],
        "ip-permission.protocol": [r[0] for r in g["ingress"]],
        "egress.ip-permission.cidr": [r[4] for r in g["egress"] if r[3] == "cidr"]})
    return out


@action("DeleteSecurityGroup")
def delete_security_group(w, p, ctx):
    g = find_group(w, p)
    if g["name"] == "default":
        raise AwsError("CannotDelete", f'the specified group: "{g["id"]}" name: "default" '
                       "cannot be deleted by a user")
    users = [i for i in w.instances.values() if g["id"] in i["sgs"] and
             i["state"] != "terminated"] + \
        [lb for lb in w.lbs.values() if g["id"] in lb["sgs"]]
    if users:
        raise AwsError("DependencyViolation", f"resource {g['id']} has a dependent object")
    refs = [o["id"] for o in w.sgs.values() if o is not g and
            any(r[3] == "group" and r[4] == g["id"] for r in o["ingress"] + o["egress"])]
    if refs:
        raise AwsError("InvalidGroup.InUse", f"Group {g['id']} is used by groups: "
                       + " ".join(refs))
    drop(w, "sgs", g["id"])
    return ok()


# ---------------------------------------------------------------- instances

def alloc_private_ip(s, wanted):
    net = ipaddress.ip_network(s["cidr"])
    if wanted:
        ip = ipaddress.ip_address(wanted)
        hosts = list(net)
        if ip not in net or ip in hosts[:4] or ip == hosts[-1]:
            raise AwsError("InvalidParameterValue", f"Address {wanted} does not fall within "
                           f"the subnet's address range")
        if wanted in s["used"]:
            raise AwsError("InvalidIPAddress.InUse", f"Address {wanted} is in use.")
        s["used"].add(wanted)
        return wanted
    for n in range(4, net.num_addresses - 1):
        ip = str(net.network_address + n)
        if ip not in s["used"]:
            s["used"].add(ip)
            return ip
    raise AwsError("InsufficientFreeAddressesInSubnet", f"There are not enough free "
                   f"addresses in subnet '{s['id']}' to satisfy the requested number of "
                   "instances.")


def new_public_ip(w):
    taken = {i.get("public_ip") for i in w.instances.values()} | \
        {a["ip"] for a in w.addresses.values()}
    while True:
        ip = f"54.{w.rng.randrange(64, 250)}.{w.rng.randrange(256)}.{w.rng.randrange(1, 255)}"
        if ip not in taken:
            return ip


def public_ip(w, i):
    if i.get("eip"):
        return w.addresses[i["eip"]]["ip"]
    return i.get("public_ip")


def render_instance(w, i):
    pub = public_ip(w, i)
    region = w.subnets[i["subnet"]]["region"] if i["subnet"] in w.subnets else "us-east-1"
    dom = "ec2.internal" if region == "us-east-1" else f"{region}.compute.internal"
    priv_dns = f"ip-{i['private_ip'].replace('.', '-')}.{dom}" if i["private_ip"] else ""
    pub_dns = (f"ec2-{pub.replace('.', '-')}.compute-1.amazonaws.com" if pub else "")
    groups = [{"groupId": s, "groupName": w.sgs[s]["name"] if s in w.sgs else ""}
              for s in i["sgs"]]
    alive = i["state"] != "terminated"
    eni = None
    if alive:
        eni = [{"networkInterfaceId": i["eni"], "subnetId": i["subnet"], "vpcId": i["vpc"],
                "description": "", "ownerId": ACCOUNT, "status": "in-use",
                "macAddress": i["mac"], "privateIpAddress": i["private_ip"],
                "privateDnsName": priv_dns, "sourceDestCheck": i["src_dst"],
                "groupSet": groups,
                "attachment": {"attachmentId": i["eni_attach"], "deviceIndex": 0,
                               "status": "attached", "attachTime": i["launch_time"],
                               "deleteOnTermination": True},
                "association": {"publicIp": pub, "publicDnsName": pub_dns,
                                "ipOwnerId": ACCOUNT if i.get("eip") else "amazon"}
                if pub else None,
                "privateIpAddressesSet": [{"privateIpAddress": i["private_ip"],
                                           "privateDnsName": priv_dns, "primary": True}],
                "ipv6AddressesSet": [], "interfaceType": "interface"}]
    reason = None
    if i["state"] in ("shutting-down", "terminated"):
        reason = {"code": "Client.UserInitiatedShutdown",
                  "message": "Client.UserInitiatedShutdown: User initiated shutdown"}
    elif i["state"] == "pending":
        reason = {"code": "pending", "message": "pending"}
    return {"instanceId": i["id"], "imageId": i["image"],
            "instanceState": {"code": STATE_CODES[i["state"]], "name": i["state"]},
            "privateDnsName": priv_dns if alive else "", "dnsName": pub_dns if alive else "",
            "reason": "User initiated" if not alive else "", "keyName": i["key"],
            "amiLaunchIndex": i["launch_index"], "productCodes": [],
            "instanceType": i["type"], "launchTime": i["launch_time"],
            "placement": {"availabilityZone": i["az"], "groupName": "", "tenancy": "default"},
            "monitoring": {"state": "enabled" if i["monitoring"] else "disabled"},
            "subnetId": i["subnet"] if alive else None, "vpcId": i["vpc"] if alive else None,
            "privateIpAddress": i["private_ip"] if alive else None,
            "ipAddress": pub if alive else None, "sourceDestCheck": i["src_dst"],
            "groupSet": groups, "stateReason": reason, "architecture": "x86_64",
            "rootDeviceType": "ebs", "rootDeviceName": ROOT_DEVICE,
            "blockDeviceMapping": [{"deviceName": ROOT_DEVICE,
                                    "ebs": {"volumeId": i["volume"], "status": "attached",
                                            "attachTime": i["launch_time"],
                                            "deleteOnTermination": root_of(i)["delete"]}}]
            if alive else [],
            "virtualizationType": "hvm", "clientToken": i["client_token"],
            "tagSet": w.tag_list(i["id"]), "hypervisor": "xen",
            "networkInterfaceSet": eni, "ebsOptimized": False, "enaSupport": True,
            "cpuOptions": {"coreCount": 1, "threadsPerCore": 1},
            "capacityReservationSpecification": {"capacityReservationPreference": "open"},
            "hibernationOptions": {"configured": False},
            "metadataOptions": i["metadata"], "iamInstanceProfile": i["profile"],
            "enclaveOptions": {"enabled": False},
            "platformDetails": "Linux/UNIX", "usageOperation": "RunInstances"}


def instance_profile(w, spec):
    """The IAM instance profile an instance is launched with ({arn, id}), from {arn|name}."""
    if not spec:
        return None
    name = spec.get("name") or (spec.get("arn") or "").rsplit("/", 1)[-1]
    prof = w.iam["profiles"].get(name)
    if prof is None or (spec.get("arn") and spec["arn"] != prof["arn"]):
        which = "name" if spec.get("name") else "arn"
        raise AwsError("InvalidParameterValue", f"Value ({spec.get(which)}) for parameter "
                       f"iamInstanceProfile.{which} is invalid. Invalid IAM Instance Profile "
                       f"{which}")
    return {"arn": prof["arn"], "id": prof["id"]}


ROOT_DEVICE = "/dev/xvda"


def root_of(i):
    """An instance's root volume as launched (RunInstances BlockDeviceMapping)."""
    return i.get("root") or {"size": 8, "type": "gp2", "encrypted": False, "delete": True}


@action("DescribeVolumes")
def describe_volumes(w, p, ctx):
    """The root volumes of instances that are not terminated: the only
    volumes the emulator has."""
    ids = p.list("VolumeId")
    vols = {i["volume"]: i for i in w.instances.values() if i["state"] != "terminated"}
    for v in ids:
        if v not in vols:
            raise AwsError("InvalidVolume.NotFound", f"The volume '{v}' does not exist.")
    out = []
    for vid in ids or sorted(vols):
        i, r = vols[vid], root_of(vols[vid])
        out.append({"volumeId": vid, "size": r["size"], "volumeType": r["type"],
                    "encrypted": r["encrypted"], "availabilityZone": i["az"], "status": "in-use",
                    "createTime": i["launch_time"], "multiAttachEnabled": False,
                    "attachmentSet": [{"volumeId": vid, "instanceId": i["id"],
                                       "device": ROOT_DEVICE, "status": "attached",
                                       "attachTime": i["launch_time"],
                                       "deleteOnTermination": r["delete"]}]})
    return {"volumeSet": out}


def launch(w, region, image_id, itype, subnet_id, sg_ids, key=None, user_data=None,
           public=None, tags=None, count=1, private_ip=None, monitoring=False,
           client_token=None, client=True, profile=None, metadata=None):
    """Start `count` instances (the RunInstances core, shared with Auto Scaling).
    `profile` is {arn|name}; `metadata` the launch data's metadata options."""
    if not image_id:
        raise AwsError("MissingParameter", "The request must contain the parameter ImageId")
    image = get(w, "image", image_id, client)
    if image["state"] != "available":
        raise AwsError("InvalidAMIID.Unavailable", f"The image id '[{image_id}]' is not "
                       "available")
    if not subnet_id:
        raise AwsError("VPCIdNotSpecified", "No default VPC for this user. GroupName is only "
                       "supported for EC2-Classic and default VPC.")
    s = get(w, "subnet", subnet_id, client)
    groups = [get(w, "sg", g, client) for g in sg_ids] or [w.sgs[w.vpcs[s["vpc"]]
                                                                   ["default_sg"]]]
    for g in groups:
        if g["vpc"] != s["vpc"]:
            raise AwsError("InvalidParameter", f"Security group {g['id']} and subnet "
                           f"{s['id']} belong to different networks.")
    if key and key not in w.keypairs:
        raise AwsError("InvalidKeyPair.NotFound", f"The key pair '{key}' does not exist")
    if user_data is not None:
        try:
            raw = base64.b64decode(user_data, validate=True)
        except (binascii.Error, ValueError):
            raise AwsError("InvalidParameterValue",
                           "Invalid BASE64 encoding of user data.") from None
        if len(raw) > 16384:
            raise AwsError("InvalidParameterValue", "User data is limited to 16384 bytes")
    if subnet_free(s) < count:
        raise AwsError("InsufficientFreeAddressesInSubnet", f"There are not enough free "
                       f"addresses in subnet '{s['id']}' to satisfy the requested number of "
                       "instances.")
    if public is None:
        public = s["map_public"]
    profile = instance_profile(w, profile)
    md = {"state": "applied", "httpTokens": "optional", "httpPutResponseHopLimit": 1,
          "httpEndpoint": "enabled", "httpProtocolIpv6": "disabled",
          "instanceMetadataTags": "disabled"}
    md.update(metadata or {})
    rid = w.new_id("r")
    now, stamp = w.now(), iso_now()
    out = []
    for n in range(count):
        iid = w.new_id("i")
        mac = "0e:" + ":".join(f"{w.rng.randrange(256):02x}" for _ in range(5))
        i = w.instances[iid] = {
            "id": iid, "image": image_id, "type": itype, "subnet": s["id"], "vpc": s["vpc"],
            "az": s["az"], "sgs": [g["id"] for g in groups], "key": key,
            "user_data": user_data, "private_ip": alloc_private_ip(s, private_ip if n == 0
                                                                    else None),
            "public_ip": (getattr(w, "instance_address", None) or new_public_ip(w)) if public else None, "eip": None,
            "state": "pending", "launched_at": now, "ready_at": now + w.boot_seconds,
            "running_at": None, "term_at": None, "gone_at": None, "launch_time": stamp,
            "src_dst": True, "reservation": rid, "eni": w.new_id("eni"),
            "eni_attach": w.new_id("eni-attach"), "volume": w.new_id("vol"), "mac": mac,
            "launch_index": n, "monitoring": monitoring, "client_token": client_token or "",
            "disable_api_termination": False, "profile": profile, "metadata": md}
        for k, v in (tags or {}).items():
            set_tag(w, iid, k, v, internal=True)
        w.created(iid)
        out.append(i)
    w.reservations[rid] = [i["id"] for i in out]
    return rid, out


def terminate(w, i):
    """Begin termination; returns the previous state name."""
    prev = i["state"]
    if prev in ("pending", "running", "stopping", "stopped"):
        i["state"] = "shutting-down"
        i["term_at"] = w.now()
        i["gone_at"] = w.now() + w.SHUTDOWN_SECONDS
        if i.get("eip"):
            a = w.addresses[i["eip"]]
            a.update(instance=None, assoc=None, private_ip=None)
            i["eip"] = None
    return prev


def tick(w):
    """Advance instance state machines to the current simulated time."""
    now = w.now()
    for i in list(w.instances.values()):
        if i["state"] == "pending" and now >= i["ready_at"]:
            i["state"], i["running_at"] = "running", i["ready_at"]
        elif i["state"] == "shutting-down" and now >= i["gone_at"]:
            i["state"] = "terminated"
            s = w.subnets.get(i["subnet"])
            if s:
                s["used"].discard(i["private_ip"])
        elif i["state"] == "terminated" and now >= i["gone_at"] + w.TERMINATED_VISIBLE:
            drop(w, "instances", i["id"])


@action("RunInstances")
def run_instances(w, p, ctx):
    import ec2_lt   # here, not at the top: ec2_lt registers its actions through this module
    lo = p.int("MinCount", required=True)
    hi = p.int("MaxCount", required=True)
    if lo < 1 or hi < lo:
        raise AwsError("InvalidParameterValue", f"Invalid value '{lo}' for minCount. "
                       "Must be between 1 and maxCount.")
    if hi > 20:
        raise AwsError("InstanceLimitExceeded", "You have requested more instances "
                       f"({hi}) than your current instance limit of 20 allows.")
    token = p.str("ClientToken")
    again = [i for i in w.instances.values() if token and i["client_token"] == token]
    if again:   # AWS: a repeated token answers with what the first request launched
        return {"reservationId": again[0]["reservation"], "ownerId": ACCOUNT, "groupSet": [],
                "instancesSet": [render_instance(w, i) for i in again]}
    # A launch template gives the defaults; what the request says overrides them.
    args = {"tags": {}, "sg_ids": [], "sg_names": []}
    if p.has_prefix("LaunchTemplate"):
        _, _, args = ec2_lt.template_launch_args(w, p.struct("LaunchTemplate"))
    if not p.str("ImageId") and not args.get("image_id"):
        raise AwsError("MissingParameter", "The request must contain the parameter ImageId")
    nics = p.structs("NetworkInterface")
    subnet = p.str("SubnetId") or args.get("subnet_id")
    sgs = p.list("SecurityGroupId") or args["sg_ids"]
    public = args.get("public")
    if nics:
        nic = nics[0]
        subnet = nic.str("SubnetId") or subnet
        sgs = nic.list("SecurityGroupId") or sgs
        public = nic.bool("AssociatePublicIpAddress")
    sgs = list(sgs) + ec2_lt.names_to_ids(w, p.list("SecurityGroup") or args["sg_names"],
                                          subnet)
    tags = dict(args["tags"])
    for spec in p.structs("TagSpecification"):
        if spec.str("ResourceType") == "instance":
            for t in spec.structs("Tag"):
                key = t.str("Key", required=True)
                if key.lower().startswith("aws:"):
                    raise AwsError("InvalidParameterValue", "Tag keys starting with 'aws:' "
                                   "are reserved for internal use")
                tags[key] = t.str("Value", "")
    profile = args.get("profile")
    if p.has_prefix("IamInstanceProfile"):
        profile = {"arn": p.str("IamInstanceProfile.Arn"), "name": p.str("IamInstanceProfile.Name")}
    metadata = dict(args.get("metadata") or {})
    for k in ("HttpTokens", "HttpPutResponseHopLimit", "HttpEndpoint"):
        if p.str("MetadataOptions." + k) is not None:
            v = p.str("MetadataOptions." + k)
            metadata[k[0].lower() + k[1:]] = int(v) if v.isdigit() else v
    monitoring = p.bool("Monitoring.Enabled")
    rid, insts = launch(w, ctx.region, p.str("ImageId") or args.get("image_id"),
                        p.str("InstanceType") or args.get("itype") or "m1.small", subnet, sgs,
                        key=p.str("KeyName") or args.get("key"),
                        user_data=p.str("UserData") or args.get("user_data"), public=public,
                        tags=tags, count=hi, private_ip=p.str("PrivateIpAddress"),
                        monitoring=args.get("monitoring", False) if monitoring is None
                        else monitoring, client_token=p.str("ClientToken"),
                        profile=profile, metadata=metadata)
    if p.bool("DisableApiTermination", args.get("disable_api_termination", False)):
        for i in insts:
            i["disable_api_termination"] = True
    for m in p.structs("BlockDeviceMapping"):
        if m.str("DeviceName") != ROOT_DEVICE:
            raise AwsError("InvalidBlockDeviceMapping", "The emulator models only the root "
                           f"device {ROOT_DEVICE}, not {m.str('DeviceName')}")
        for i in insts:
            i["root"] = {"size": m.int("Ebs.VolumeSize", 8, lo=1, hi=16384),
                         "type": m.str("Ebs.VolumeType", "gp2"),
                         "encrypted": bool(m.bool("Ebs.Encrypted")),
                         "delete": m.bool("Ebs.DeleteOnTermination", True)}
    return {"reservationId": rid, "ownerId": ACCOUNT, "groupSet": [],
            "instancesSet": [render_instance(w, i) for i in insts]}


def instance_fields(w, i):
    return {"instance-id": i["id"], "instance-state-name": i["state"],
            "instance-state-code": str(STATE_CODES[i["state"]]), "vpc-id": i["vpc"],
            "subnet-id": i["subnet"], "image-id": i["image"], "instance-type": i["type"],
            "availability-zone": i["az"], "private-ip-address": i["private_ip"],
            "ip-address": public_ip(w, i), "key-name": i["key"],
            "instance.group-id": i["sgs"], "group-id": i["sgs"],
            "instance.group-name": [w.sgs[g]["name"] for g in i["sgs"] if g in w.sgs],
            "reservation-id": i["reservation"], "network-interface.network-interface-id":
            i["eni"], "source-dest-check": str(i["src_dst"]).lower(),
            "owner-id": ACCOUNT, "launch-index": str(i["launch_index"])}


@action("DescribeInstances")
def describe_instances(w, p, ctx):
    page = describe(w, p, "instance", "InstanceId", "items", lambda w, i: i, instance_fields)
    by_res = {}
    for i in page["items"]:
        by_res.setdefault(i["reservation"], []).append(i)
    return {"reservationSet": [{"reservationId": rid, "ownerId": ACCOUNT, "groupSet": [],
                                "instancesSet": [render_instance(w, i) for i in insts]}
                               for rid, insts in by_res.items()],
            "nextToken": page["nextToken"]}


@action("DescribeInstanceStatus")
def describe_instance_status(w, p, ctx):
    page = describe(w, p, "instance", "InstanceId", "items", lambda w, i: i, instance_fields)
    every = p.bool("IncludeAllInstances", False)
    out = []
    for i in page["items"]:
        if i["state"] != "running" and not every:
            continue
        st = "ok" if i["state"] == "running" else "not-applicable"
        out.append({"instanceId": i["id"], "availabilityZone": i["az"],
                    "instanceState": {"code": STATE_CODES[i["state"]], "name": i["state"]},
                    "systemStatus": {"status": st, "details": [{"name": "reachability",
                                                                "status": "passed"}]},
                    "instanceStatus": {"status": st, "details": [{"name": "reachability",
                                                                  "status": "passed"}]}})
    return {"instanceStatusSet": out, "nextToken": page["nextToken"]}


@action("TerminateInstances")
def terminate_instances(w, p, ctx):
    ids = p.list("InstanceId")
    if not ids:
        raise AwsError("MissingParameter", "The request must contain the parameter InstanceId")
    insts = [get(w, "instance", i) for i in ids]
    for i in insts:
        if i["disable_api_termination"]:
            raise AwsError("OperationNotPermitted", f"The instance '{i['id']}' may not be "
                           "terminated. Modify its 'disableApiTermination' instance attribute "
                           "and try again.")
    out = []
    for i in insts:
        prev = terminate(w, i)
        out.append({"instanceId": i["id"],
                    "currentState": {"code": STATE_CODES[i["state"]], "name": i["state"]},
                    "previousState": {"code": STATE_CODES[prev], "name": prev}})
    return {"instancesSet": out}


INSTANCE_ATTRS = {
    # API attribute name: (record key, how to render)
    "sourceDestCheck": ("src_dst", lambda w, i: {"value": i["src_dst"]}),
    "instanceType": ("type", lambda w, i: {"value": i["type"]}),
    "userData": ("user_data", lambda w, i: {"value": i["user_data"]} if i["user_data"]
                 else {}),
    "disableApiTermination": ("disable_api_termination",
                              lambda w, i: {"value": i["disable_api_termination"]}),
    "groupSet": ("sgs", lambda w, i: [{"groupId": g} for g in i["sgs"]]),
}


@action("DescribeInstanceAttribute")
def describe_instance_attribute(w, p, ctx):
    i = get(w, "instance", p.str("InstanceId", required=True))
    attr = p.str("Attribute", required=True)
    if attr not in INSTANCE_ATTRS:
        raise AwsError("InvalidParameterValue", f"Value ({attr}) for parameter attribute is "
                       "invalid. Unknown attribute.")
    return {"instanceId": i["id"], attr: INSTANCE_ATTRS[attr][1](w, i)}


@action("ModifyInstanceAttribute")
def modify_instance_attribute(w, p, ctx):
    i = get(w, "instance", p.str("InstanceId", required=True))
    if i["state"] in ("shutting-down", "terminated"):
        raise AwsError("IncorrectInstanceState", f"The instance '{i['id']}' is not in a "
                       "valid state for this operation.")
    changes = {}
    attr, value = p.str("Attribute"), p.str("Value")
    if attr:
        if attr not in ("sourceDestCheck", "instanceType", "disableApiTermination"):
            raise AwsError("InvalidParameterValue", f"Value ({attr}) for parameter attribute "
                           "is invalid.")
        changes[attr] = value
    for name in ("SourceDestCheck", "InstanceType", "DisableApiTermination", "UserData"):
        if p.str(name + ".Value") is not None:
            changes[name[0].lower() + name[1:]] = p.str(name + ".Value")
    groups = p.list("GroupId")
    if groups:
        for g in groups:
            if get(w, "sg", g)["vpc"] != i["vpc"]:
                raise AwsError("InvalidGroup.NotFound", f"The security group '{g}' does not "
                               "exist in this VPC")
        i["sgs"] = groups
    elif not changes:
        raise AwsError("MissingParameter", "The request must contain the parameter "
                       "attribute")
    for name, raw in changes.items():
        if name in ("sourceDestCheck", "disableApiTermination"):
            if raw is None or raw.lower() not in ("true", "false"):
                raise AwsError("InvalidParameterValue", f"Value ({raw}) for parameter "
                               f"{name} is invalid.")
            i[INSTANCE_ATTRS[name][0]] = raw.lower() == "true"
        else:
            if i["state"] != "stopped":
                raise AwsError("IncorrectInstanceState", f"The instance '{i['id']}' is not "
                               "in the 'stopped' state.")
            i[INSTANCE_ATTRS[name][0]] = raw
    return ok()


# ---------------------------------------------------------------- Elastic IPs

def render_address(w, a):
    i = w.instances.get(a["instance"]) if a["instance"] else None
    return {"publicIp": a["ip"], "allocationId": a["id"], "domain": "vpc",
            "instanceId": a["instance"], "associationId": a["assoc"],
            "networkInterfaceId": i["eni"] if i else a.get("eni"),
            "networkInterfaceOwnerId": ACCOUNT if i or a.get("eni") else None,
            "privateIpAddress": a["private_ip"], "tagSet": w.tag_list(a["id"]),
            "publicIpv4Pool": "amazon", "networkBorderGroup": a["region"]}


@action("AllocateAddress")
def allocate_address(w, p, ctx):
    if p.str("Domain", "vpc") != "vpc":
        raise AwsError("InvalidParameterValue", "Only Domain=vpc is supported (no EC2-Classic)")
    if len(w.addresses) >= 5:
        raise AwsError("AddressLimitExceeded",
                       "The maximum number of addresses has been reached.")
    aid = w.new_id("eipalloc")
    a = w.addresses[aid] = {"id": aid, "ip": new_public_ip(w), "instance": None, "assoc": None,
                            "private_ip": None, "region": ctx.region}
    apply_tag_specs(w, p, "elastic-ip", aid)
    w.created(aid)
    return {"publicIp": a["ip"], "domain": "vpc", "allocationId": aid,
            "publicIpv4Pool": "amazon", "networkBorderGroup": ctx.region}


def find_address(w, p):
    if p.str("AllocationId"):
        return get(w, "eip", p.str("AllocationId"))
    ip = p.str("PublicIp")
    for a in w.addresses.values():
        if a["ip"] == ip:
            return a
    if ip:
        raise AwsError("InvalidAddress.NotFound", f"Address '{ip}' not found.")
    raise AwsError("MissingParameter", "The request must contain the parameter AllocationId")


@action("AssociateAddress")
def associate_address(w, p, ctx):
    a = find_address(w, p)
    iid = p.str("InstanceId")
    if not iid and p.str("NetworkInterfaceId"):
        iid = next((i["id"] for i in w.instances.values()
                    if i["eni"] == p.str("NetworkInterfaceId")), None)
        if not iid:
            raise AwsError("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID "
                           f"'{p.str('NetworkInterfaceId')}' does not exist")
    if not iid:
        raise AwsError("MissingParameter", "Either instance ID or network interface id must "
                       "be specified")
    i = get(w, "instance", iid)
    if i["state"] != "running":
        raise AwsError("IncorrectInstanceState", f"The {i['state']} instance '{i['id']}' is "
                       "not in a valid state for this operation.")
    if not any(g["vpc"] == i["vpc"] for g in w.igws.values()):
        raise AwsError("Gateway.NotAttached", f"Network {i['vpc']} is not attached to any "
                       "internet gateway")
    if a["instance"] and a["instance"] != i["id"] and not p.bool("AllowReassociation", False):
        raise AwsError("Resource.AlreadyAssociated", f"resource {a['id']} is already "
                       f"associated with associate-id {a['assoc']}")
    if a["instance"]:
        w.instances[a["instance"]]["eip"] = None
    if i.get("eip") and i["eip"] != a["id"]:
        w.addresses[i["eip"]].update(instance=None, assoc=None, private_ip=None)
    i["eip"], i["public_ip"] = a["id"], None
    a.update(instance=i["id"], assoc=w.new_id("eipassoc"), private_ip=i["private_ip"])
    return {"return": True, "associationId": a["assoc"]}


@action("DisassociateAddress")
def disassociate_address(w, p, ctx):
    assoc = p.str("AssociationId")
    if assoc:
        a = next((x for x in w.addresses.values() if x["assoc"] == assoc), None)
        if a is None:
            raise AwsError("InvalidAssociationID.NotFound",
                           f"The association ID '{assoc}' does not exist")
    else:
        a = find_address(w, p)
    if a["instance"]:
        w.instances[a["instance"]]["eip"] = None
    a.update(instance=None, assoc=None, private_ip=None)
    return ok()


@action("ReleaseAddress")
def release_address(w, p, ctx):
    a = find_address(w, p)
    if a["instance"] or a.get("nat"):   # a NAT gateway holds it until it is deleted
        raise AwsError("InvalidIPAddress.InUse", f"Address {a['ip']} is in use.")
    drop(w, "addresses", a["id"])
    return ok()


@action("DescribeAddresses")
def describe_addresses(w, p, ctx):
    ips = p.list("PublicIp")
    if ips:
        found = []
        for ip in ips:
            found.append(find_address(w, type(p)({"PublicIp": ip})))
        return {"addressesSet": [render_address(w, a) for a in found]}
    out = describe(w, p, "eip", "AllocationId", "addressesSet", render_address, lambda w, a: {
        "allocation-id": a["id"], "association-id": a["assoc"], "instance-id": a["instance"],
        "public-ip": a["ip"], "domain": "vpc", "private-ip-address": a["private_ip"]})
    out.pop("nextToken")
    return out


# ---------------------------------------------------------------- key pairs

def fingerprint(material):
    """(fingerprint, type) of an OpenSSH public key line as AWS reports imported keys."""
    parts = material.strip().split()
    if len(parts) < 2 or parts[0] not in ("ssh-rsa", "ssh-ed25519"):
        raise AwsError("InvalidKey.Format", "Key is not in valid OpenSSH public key format")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise AwsError("InvalidKey.Format",
                       "Key is not in valid OpenSSH public key format") from None
    if parts[0] == "ssh-ed25519":
        return base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("="), "ed25519"
    digest = hashlib.md5(blob).hexdigest()
    return ":".join(digest[n:n + 2] for n in range(0, 32, 2)), "rsa"


def render_key(w, k):
    return {"keyPairId": k["id"], "keyFingerprint": k["fingerprint"], "keyName": k["name"],
            "keyType": k["type"], "tagSet": w.tag_list(k["id"]), "createTime": k["created"]}


@action("ImportKeyPair")
def import_key_pair(w, p, ctx):
    name = p.str("KeyName", required=True)
    raw = p.str("PublicKeyMaterial", required=True)
    try:
        material = base64.b64decode(raw, validate=True).decode()
    except (binascii.Error, ValueError, UnicodeDecodeError):
        material = raw
    fp, ktype = fingerprint(material)
    if name in w.keypairs:
        raise AwsError("InvalidKeyPair.Duplicate", f"The keypair '{name}' already exists.")
    kid = w.new_id("key")
    k = w.keypairs[name] = {"id": kid, "name": name, "fingerprint": fp, "type": ktype,
                            "created": iso_now()}
    apply_tag_specs(w, p, "key-pair", kid)
    return {"keyFingerprint": k["fingerprint"], "keyName": name, "keyPairId": kid,
            "tagSet": w.tag_list(kid) or None}


@action("DescribeKeyPairs")
def describe_key_pairs(w, p, ctx):
    keys = list(w.keypairs.values())
    names, ids = p.list("KeyName"), p.list("KeyPairId")
    for n in names:
        if n not in w.keypairs:
            raise AwsError("InvalidKeyPair.NotFound", f"The key pair '{n}' does not exist")
    for kid in ids:
        if not any(k["id"] == kid for k in keys):
            raise AwsError("InvalidKeyPair.NotFound", f"The key pair '{kid}' does not exist")
    if names or ids:
        keys = [k for k in keys if k["name"] in names or k["id"] in ids]
    keys = apply_filters(keys, p.filters(), lambda k: {
        "key-name": k["name"], "key-pair-id": k["id"], "fingerprint": k["fingerprint"],
        "key-type": k["type"]}, lambda k: w.tags_of(k["id"]))
    return {"keySet": [render_key(w, k) for k in keys]}


@action("DeleteKeyPair")
def delete_key_pair(w, p, ctx):
    name, kid = p.str("KeyName"), p.str("KeyPairId")
    if not name and not kid:
        raise AwsError("MissingParameter", "The request must contain the parameter KeyName")
    for k in list(w.keypairs.values()):
        if k["name"] == name or k["id"] == kid:
            w.keypairs.pop(k["name"])
            w.tags.pop(k["id"], None)
            kid = k["id"]
    return {"return": True, "keyPairId": kid}


# ---------------------------------------------------------------- tags

RESOURCE_TYPES = [("vpc", "vpc", "vpc"), ("subnet", "subnet", "subnet"),
                  ("igw", "igw", "internet-gateway"), ("rtb", "rtb", "route-table"),
                  ("sg", "sg", "security-group"), ("i", "instance", "instance"),
                  ("eipalloc", "eip", "elastic-ip"), ("ami", "image", "image"),
                  ("nat", "nat", "natgateway"), ("lt", "lt", "launch-template")]


def resource_kind(rid):
    prefix = rid.rsplit("-", 1)[0] if rid else ""
    for pre, kind, rtype in RESOURCE_TYPES:
        if pre == prefix:
            return kind, rtype
    if prefix == "key":
        return "key", "key-pair"
    if prefix == "sgr":
        return "sgr", "security-group-rule"
    raise AwsError("InvalidID", f"The ID '{rid}' is not valid")


def check_resource(w, rid):
    kind, rtype = resource_kind(rid)
    if kind == "key":
        if not any(k["id"] == rid for k in w.keypairs.values()):
            raise AwsError("InvalidKeyPair.NotFound", f"The key pair '{rid}' does not exist")
    elif kind == "sgr":
        import ec2_sgrules   # here: that module registers its actions through this one
        ec2_sgrules.find_rule(w, rid)
    else:
        get(w, kind, rid)
    return rtype


@action("CreateTags")
def create_tags(w, p, ctx):
    ids = p.list("ResourceId")
    tags = p.structs("Tag")
    if not ids:
        raise AwsError("MissingParameter", "The request must contain the parameter resourceIdSet")
    if not tags:
        raise AwsError("MissingParameter", "The request must contain the parameter tagSet")
    for rid in ids:
        check_resource(w, rid)
    for rid in ids:
        for t in tags:
            set_tag(w, rid, t.str("Key", required=True), t.str("Value", ""))
    return ok()


@action("DeleteTags")
def delete_tags(w, p, ctx):
    ids = p.list("ResourceId")
    if not ids:
        raise AwsError("MissingParameter", "The request must contain the parameter resourceIdSet")
    for rid in ids:
        check_resource(w, rid)
    tags = p.structs("Tag")
    for rid in ids:
        have = w.tags.get(rid, {})
        if not tags:
            have.clear()
        for t in tags:
            key = t.str("Key", required=True)
            if key.lower().startswith("aws:"):
                raise AwsError("InvalidParameterValue", "Tag keys starting with 'aws:' are "
                               "reserved for internal use")
            if key in have and ("Value" not in t or t.str("Value") == have[key]):
                del have[key]
    return ok()


@action("DescribeTags")
def describe_tags(w, p, ctx):
    rows = []
    for rid, tags in w.tags.items():
        try:
            _, rtype = resource_kind(rid)
        except AwsError:
            continue
        rows += [{"resourceId": rid, "resourceType": rtype, "key": k, "value": v}
                 for k, v in sorted(tags.items())]
    rows = apply_filters(rows, p.filters(), lambda r: {
        "resource-id": r["resourceId"], "resource-type": r["resourceType"], "key": r["key"],
        "value": r["value"]}, lambda r: w.tags_of(r["resourceId"]))
    page, token = paginate(rows, p.int("MaxResults", lo=5, hi=1000), p.str("NextToken"))
    return {"tagSet": page, "nextToken": token}


# ---------------------------------------------------------------- zones, images, account

@action("DescribeAvailabilityZones")
def describe_availability_zones(w, p, ctx):
    rows = [{"zoneState": "available", "optInStatus": "opt-in-not-required", "messageSet": [],
             "regionName": ctx.region, "zoneName": z, "zoneId": zid, "groupName": ctx.region,
             "networkBorderGroup": ctx.region, "zoneType": "availability-zone"}
            for z, zid in zones(ctx.region)]
    names, ids = p.list("ZoneName"), p.list("ZoneId")
    for n in names:
        if n not in [r["zoneName"] for r in rows]:
            raise AwsError("InvalidParameterValue", f"The zone '{n}' does not exist.")
    rows = [r for r in rows if (not names or r["zoneName"] in names) and
            (not ids or r["zoneId"] in ids)]
    rows = apply_filters(rows, p.filters(), lambda r: {
        "zone-name": r["zoneName"], "zone-id": r["zoneId"], "state": r["zoneState"],
        "region-name": r["regionName"], "zone-type": r["zoneType"],
        "opt-in-status": r["optInStatus"], "group-name": r["groupName"]}, lambda r: {})
    return {"availabilityZoneInfo": rows}


def add_image(w, image_id=None, name=None, healthy=True, owner=ACCOUNT):
    image_id = image_id or w.new_id("ami")
    w.images[image_id] = {"id": image_id, "name": name or image_id, "healthy": healthy,
                          "state": "available", "owner": owner,
                          "created": "2024-01-01T00:00:00.000Z"}
    return w.images[image_id]


def seed_images(w):
    for iid, name, healthy in DEFAULT_IMAGES:
        add_image(w, iid, name, healthy, owner="137112412989")


def image_hint(w):
    """For a person (--hints): which AMIs there are, and how to add one."""
    if not getattr(w, "hints", False):
        return ""
    known = ", ".join(sorted(i for i, m in w.images.items() if m["healthy"]))
    return (f" (awsemu has {known}; use one of them, or restart it with --ami ID to add yours)")


def image_healthy(w, image_id):
    img = w.images.get(image_id)
    return bool(img and img["healthy"]) and image_id not in w.unhealthy_amis


def render_image(w, m):
    return {"imageId": m["id"], "imageLocation": f"{m['owner']}/{m['name']}",
            "imageState": m["state"], "imageOwnerId": m["owner"],
            "creationDate": m["created"], "isPublic": m["owner"] != ACCOUNT,
            "architecture": "x86_64", "imageType": "machine", "name": m["name"],
            "description": m["name"], "rootDeviceType": "ebs", "rootDeviceName": "/dev/xvda",
            "blockDeviceMapping": [{"deviceName": "/dev/xvda",
                                    "ebs": {"snapshotId": "snap-0" + m["id"][-16:],
                                            "volumeSize": 8, "deleteOnTermination": True,
                                            "volumeType": "gp2", "encrypted": False}}],
            "virtualizationType": "hvm", "hypervisor": "xen", "enaSupport": True,
            "sriovNetSupport": "simple", "platformDetails": "Linux/UNIX",
            "usageOperation": "RunInstances", "tagSet": w.tag_list(m["id"])}


@action("DescribeImages")
def describe_images(w, p, ctx):
    ids = p.list("ImageId")
    images = [get(w, "image", i) for i in ids] if ids else list(w.images.values())
    owners = p.list("Owner")
    if owners:
        alias = {"self": ACCOUNT, "amazon": "137112412989"}
        want = {alias.get(o, o) for o in owners}
        images = [m for m in images if m["owner"] in want]
    images = apply_filters(images, p.filters(), lambda m: {
        "image-id": m["id"], "name": m["name"], "state": m["state"], "owner-id": m["owner"],
        "architecture": "x86_64", "image-type": "machine", "is-public":
        str(m["owner"] != ACCOUNT).lower(), "root-device-type": "ebs",
        "virtualization-type": "hvm", "description": m["name"]},
        lambda m: w.tags_of(m["id"]))
    return {"imagesSet": [render_image(w, m) for m in images]}


@action("DescribeAccountAttributes")
def describe_account_attributes(w, p, ctx):
    attrs = {"supported-platforms": ["VPC"], "default-vpc": ["none"], "max-instances": ["20"],
             "vpc-max-security-groups-per-interface": ["5"], "max-elastic-ips": ["5"],
             "vpc-max-elastic-ips": ["5"]}
    names = p.list("AttributeName") or list(attrs)
    for n in names:
        if n not in attrs:
            raise AwsError("InvalidParameterValue", f"Value ({n}) for parameter attributeName "
                           "is invalid.")
    return {"accountAttributeSet": [{"attributeName": n, "attributeValueSet":
                                     [{"attributeValue": v} for v in attrs[n]]}
                                    for n in names]}


@action("DescribeRegions")
def describe_regions(w, p, ctx):
    regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1"]
    return {"regionInfo": [{"regionName": r, "regionEndpoint": f"ec2.{r}.amazonaws.com",
                            "optInStatus": "opt-in-not-required"} for r in regions]}


# ---------------------------------------------------------------- state dump

def dump(w):
    import ec2_lt   # here, not at the top: these modules register through this one
    import ec2_nat
    return {"vpcs": [dict(render_vpc(w, v), region=v.get("region"), enableDnsSupport=v["dns_support"],
                          enableDnsHostnames=v["dns_hostnames"],
                          mainRouteTableId=v["main_rtb"], defaultSecurityGroupId=v["default_sg"])
                     for v in w.vpcs.values()],
            "subnets": [render_subnet(w, s) for s in w.subnets.values()],
            "internet_gateways": [render_igw(w, g) for g in w.igws.values()],
            "route_tables": [render_rtb(w, r) for r in w.rtbs.values()],
            "security_groups": [render_sg(w, g) for g in w.sgs.values()],
            "instances": [dict(render_instance(w, i), userData=i["user_data"])
                          for i in w.instances.values()],
            "addresses": [render_address(w, a) for a in w.addresses.values()],
            "key_pairs": [render_key(w, k) for k in w.keypairs.values()],
            "nat_gateways": [ec2_nat.render_nat(w, n) for n in w.nat_gateways.values()],
            "launch_templates": [dict(ec2_lt.render_template(w, t), versions=[
                ec2_lt.render_version(w, t, n) for n in sorted(t["versions"])])
                for t in w.launch_templates.values()],
            "images": [dict(render_image(w, m), healthy=image_healthy(w, m["id"]))
                       for m in w.images.values()]}
