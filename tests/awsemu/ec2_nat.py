"""NAT gateways of the emulator: pending -> available (or failed, as AWS does when the VPC has
no internet gateway or the Elastic IP is taken) after a delay, deleting -> deleted, the
Elastic IP they hold, and DescribeNatGateways with its filters. No HTTP here."""

from ec2 import action, alloc_private_ip, apply_tag_specs, describe, get
from protocol import AwsError
from world import iso_now

READY_SECONDS = 60.0      # pending -> available (AWS: one to a few minutes)
DELETE_SECONDS = 30.0     # deleting -> deleted
DELETED_VISIBLE = 3600.0  # AWS lists a deleted NAT gateway for about an hour


def holder(w, alloc_id, but=None):
    """What already holds an Elastic IP: an instance id, a NAT gateway id, or None."""
    a = w.addresses.get(alloc_id)
    if a and a["instance"]:
        return a["instance"]
    for n in w.nat_gateways.values():
        if n is not but and n["alloc"] == alloc_id and n["state"] in ("pending", "available"):
            return n["id"]
    return None


def release_ip(w, n):
    a = w.addresses.get(n["alloc"]) if n["alloc"] else None
    if a and a.get("nat") == n["id"]:
        a.update(nat=None, assoc=None, private_ip=None, eni=None)
    s = w.subnets.get(n["subnet"])
    if s:
        s["used"].discard(n["private_ip"])


def tick(w):
    now = w.now()
    for n in list(w.nat_gateways.values()):
        if n["state"] == "pending" and now >= n["ready_at"]:
            fail = None
            if n["public"] and not any(g["vpc"] == n["vpc"] for g in w.igws.values()):
                fail = ("Gateway.NotAttached", f"Network {n['vpc']} has no Internet gateway "
                        "attached")
            elif n["public"] and holder(w, n["alloc"], but=n) not in (None, n["id"]):
                fail = ("Resource.AlreadyAssociated", f"Elastic IP address [{n['alloc']}] "
                        "is already associated")
            if fail:
                n.update(state="failed", failure=fail, deleted_at=now)
                release_ip(w, n)
            else:
                n["state"] = "available"
        elif n["state"] == "deleting" and now >= n["deleted_at"]:
            n["state"] = "deleted"
            release_ip(w, n)
        elif n["state"] in ("deleted", "failed") and now >= n["deleted_at"] + DELETED_VISIBLE:
            w.nat_gateways.pop(n["id"], None)
            w.tags.pop(n["id"], None)


def render_nat(w, n):
    a = w.addresses.get(n["alloc"]) if n["alloc"] else None
    addr = {"allocationId": n["alloc"], "publicIp": a["ip"] if a else None,
            "privateIp": n["private_ip"], "networkInterfaceId": n["eni"]}
    out = {"createTime": n["created"], "deleteTime": n.get("delete_time"),
           "natGatewayId": n["id"], "state": n["state"], "subnetId": n["subnet"],
           "vpcId": n["vpc"], "connectivityType": "public" if n["public"] else "private",
           "natGatewayAddressSet": [addr], "tagSet": w.tag_list(n["id"])}
    if n.get("failure"):
        out["failureCode"], out["failureMessage"] = n["failure"]
    return out


@action("CreateNatGateway")
def create_nat_gateway(w, p, ctx):
    s = get(w, "subnet", p.str("SubnetId", required=True))
    kind = p.str("ConnectivityType", "public")
    if kind not in ("public", "private"):
        raise AwsError("InvalidParameterValue", f"Value ({kind}) for parameter "
                       "ConnectivityType is invalid. Valid values: public, private")
    alloc = p.str("AllocationId")
    if kind == "public" and not alloc:
        raise AwsError("MissingParameter", "The request must contain the parameter "
                       "AllocationId for a public NAT gateway")
    if kind == "private" and alloc:
        raise AwsError("InvalidParameterCombination", "A private NAT gateway cannot have an "
                       "Elastic IP address (AllocationId)")
    token = p.str("ClientToken")
    for n in w.nat_gateways.values():
        if token and n["token"] == token:
            return {"natGateway": render_nat(w, n), "clientToken": token}
    a = get(w, "eip", alloc) if alloc else None
    nid = w.new_id("nat")
    n = w.nat_gateways[nid] = {
        "id": nid, "subnet": s["id"], "vpc": s["vpc"], "alloc": alloc, "public": bool(alloc),
        "state": "pending", "ready_at": w.now() + READY_SECONDS, "created": iso_now(),
        "eni": w.new_id("eni"), "private_ip": alloc_private_ip(s, p.str("PrivateIpAddress")),
        "token": token}
    if a and holder(w, alloc, but=n) is None:
        a.update(nat=nid, assoc=w.new_id("eipassoc"), private_ip=n["private_ip"], eni=n["eni"])
    apply_tag_specs(w, p, "natgateway", nid)
    w.created(nid)
    return {"natGateway": render_nat(w, n), "clientToken": token}


@action("DescribeNatGateways")
def describe_nat_gateways(w, p, ctx):
    return describe(w, p, "nat", "NatGatewayId", "natGatewaySet", render_nat, lambda w, n: {
        "nat-gateway-id": n["id"], "state": n["state"], "subnet-id": n["subnet"],
        "vpc-id": n["vpc"]})


@action("DeleteNatGateway")
def delete_nat_gateway(w, p, ctx):
    n = get(w, "nat", p.str("NatGatewayId", required=True))
    if n["state"] in ("deleted", "failed"):
        raise AwsError("NatGatewayNotFound", f"The Nat Gateway {n['id']} was not found")
    if n["state"] != "deleting":
        n.update(state="deleting", deleted_at=w.now() + DELETE_SECONDS,
                 delete_time=iso_now())
    return {"natGatewayId": n["id"]}
