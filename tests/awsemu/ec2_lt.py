"""EC2 launch templates of the emulator: templates and their numbered versions ($Latest,
$Default), the launch data they hold (block devices, network interfaces, instance profile,
metadata options, tag specifications, base64 user data), and how RunInstances and Auto
Scaling turn a template version into instances. No HTTP here."""

import base64
import binascii
import re

import ec2
from ec2 import action
from protocol import AwsError, apply_filters, paginate
from world import ACCOUNT, iso_now

CREATED_BY = f"arn:aws:iam::{ACCOUNT}:root"

# The launch data the emulator keeps: request wire name -> (kind, response name[, fields]).
# Kinds: str, int, bool, strs (EC2 list Name.N), struct, structs. A field not listed here
# is refused by name rather than dropped, so a test never believes it was kept.
EBS = {"Encrypted": ("bool", "encrypted"), "DeleteOnTermination": ("bool", "deleteOnTermination"),
       "Iops": ("int", "iops"), "KmsKeyId": ("str", "kmsKeyId"),
       "SnapshotId": ("str", "snapshotId"), "VolumeSize": ("int", "volumeSize"),
       "VolumeType": ("str", "volumeType"), "Throughput": ("int", "throughput")}
NIC = {"AssociatePublicIpAddress": ("bool", "associatePublicIpAddress"),
       "DeleteOnTermination": ("bool", "deleteOnTermination"),
       "Description": ("str", "description"), "DeviceIndex": ("int", "deviceIndex"),
       "SecurityGroupId": ("strs", "groupSet"), "InterfaceType": ("str", "interfaceType"),
       "Ipv6AddressCount": ("int", "ipv6AddressCount"),
       "NetworkInterfaceId": ("str", "networkInterfaceId"),
       "PrivateIpAddress": ("str", "privateIpAddress"),
       "SecondaryPrivateIpAddressCount": ("int", "secondaryPrivateIpAddressCount"),
       "SubnetId": ("str", "subnetId"), "NetworkCardIndex": ("int", "networkCardIndex")}
TAG = {"Key": ("str", "key"), "Value": ("str", "value")}
DATA = {
    "KernelId": ("str", "kernelId"), "EbsOptimized": ("bool", "ebsOptimized"),
    "IamInstanceProfile": ("struct", "iamInstanceProfile",
                           {"Arn": ("str", "arn"), "Name": ("str", "name")}),
    "BlockDeviceMapping": ("structs", "blockDeviceMappingSet", {
        "DeviceName": ("str", "deviceName"), "VirtualName": ("str", "virtualName"),
        "Ebs": ("struct", "ebs", EBS), "NoDevice": ("str", "noDevice")}),
    "NetworkInterface": ("structs", "networkInterfaceSet", NIC),
    "ImageId": ("str", "imageId"), "InstanceType": ("str", "instanceType"),
    "KeyName": ("str", "keyName"),
    "Monitoring": ("struct", "monitoring", {"Enabled": ("bool", "enabled")}),
    "Placement": ("struct", "placement", {"AvailabilityZone": ("str", "availabilityZone"),
                                          "GroupName": ("str", "groupName"),
                                          "Tenancy": ("str", "tenancy")}),
    "RamDiskId": ("str", "ramDiskId"),
    "DisableApiTermination": ("bool", "disableApiTermination"),
    "InstanceInitiatedShutdownBehavior": ("str", "instanceInitiatedShutdownBehavior"),
    "UserData": ("str", "userData"),
    "TagSpecification": ("structs", "tagSpecificationSet", {
        "ResourceType": ("str", "resourceType"), "Tag": ("structs", "tagSet", TAG)}),
    "SecurityGroupId": ("strs", "securityGroupIdSet"),
    "SecurityGroup": ("strs", "securityGroupSet"),
    "CreditSpecification": ("struct", "creditSpecification", {"CpuCredits": ("str", "cpuCredits")}),
    "CpuOptions": ("struct", "cpuOptions", {"CoreCount": ("int", "coreCount"),
                                            "ThreadsPerCore": ("int", "threadsPerCore")}),
    "MetadataOptions": ("struct", "metadataOptions", {
        "HttpTokens": ("str", "httpTokens"),
        "HttpPutResponseHopLimit": ("int", "httpPutResponseHopLimit"),
        "HttpEndpoint": ("str", "httpEndpoint"), "HttpProtocolIpv6": ("str", "httpProtocolIpv6"),
        "InstanceMetadataTags": ("str", "instanceMetadataTags")}),
    "HibernationOptions": ("struct", "hibernationOptions", {"Configured": ("bool", "configured")}),
    "EnclaveOptions": ("struct", "enclaveOptions", {"Enabled": ("bool", "enabled")}),
    "DisableApiStop": ("bool", "disableApiStop"),
}
METADATA_VALUES = {"httpTokens": ("optional", "required"), "httpEndpoint": ("enabled", "disabled"),
                   "httpProtocolIpv6": ("enabled", "disabled"),
                   "instanceMetadataTags": ("enabled", "disabled")}
NAME_RE = re.compile(r"[a-zA-Z0-9().\-/_]{3,128}")


def parse_data(p, schema, path="LaunchTemplateData"):
    """The request's launch data (Params below LaunchTemplateData) as a response-shaped dict
    in schema order; an unknown field is an error naming it."""
    out = {}
    for key in p.flat:
        head = key.split(".", 1)[0]
        if head not in schema:
            raise AwsError("InvalidParameterValue", f"{path}.{head} is not emulated by awsemu "
                           "(it keeps: " + ", ".join(schema) + ")")
    for wire, (kind, name, *sub) in schema.items():
        if not p.has_prefix(wire):
            continue
        if kind == "str":
            out[name] = p.str(wire)
        elif kind == "int":
            out[name] = p.int(wire)
        elif kind == "bool":
            out[name] = p.bool(wire)
        elif kind == "strs":
            out[name] = p.list(wire)
        elif kind == "struct":
            out[name] = parse_data(p.struct(wire), sub[0], f"{path}.{wire}")
        else:
            out[name] = [parse_data(x, sub[0], f"{path}.{wire}.N") for x in p.structs(wire)]
    return out


def check_data(w, data):
    """AWS's hard errors on launch data (bad base64, bad metadata values, a bad hop limit)."""
    if data.get("userData") is not None:
        try:
            base64.b64decode(data["userData"], validate=True)
        except (binascii.Error, ValueError):
            raise AwsError("InvalidUserData.Malformed",
                           "Invalid BASE64 encoding of user data.") from None
    md = data.get("metadataOptions") or {}
    for k, allowed in METADATA_VALUES.items():
        if k in md and md[k] not in allowed:
            raise AwsError("InvalidParameterValue", f"Value ({md[k]}) for parameter "
                           f"MetadataOptions.{k[0].upper() + k[1:]} is invalid. Valid values: "
                           + ", ".join(allowed))
    hop = md.get("httpPutResponseHopLimit")
    if hop is not None and not 1 <= hop <= 64:
        raise AwsError("InvalidParameterValue", f"Value ({hop}) for parameter "
                       "HttpPutResponseHopLimit is invalid. Valid range: 1-64")
    for spec in data.get("tagSpecificationSet", []):
        if spec.get("resourceType") not in ("instance", "volume", "network-interface",
                                            "spot-instances-request", "elastic-gpu"):
            raise AwsError("InvalidParameterValue", "'" + str(spec.get("resourceType")) +
                           "' is not a valid taggable resource type for this operation.")


def warnings(w, data):
    """What AWS reports (but accepts) at template creation: ids that do not resolve. They
    only fail at launch."""
    out = []
    if data.get("imageId") and data["imageId"] not in w.images:
        out.append({"code": "InvalidAMIID.NotFound", "message": f"The image id "
                    f"'[{data['imageId']}]' does not exist"})
    for gid in data.get("securityGroupIdSet", []):
        if gid not in w.sgs:
            out.append({"code": "InvalidGroupId.NotFound",
                        "message": f"The security group '{gid}' does not exist"})
    if data.get("keyName") and data["keyName"] not in w.keypairs:
        out.append({"code": "InvalidKeyPair.NotFound",
                    "message": f"The key pair '{data['keyName']}' does not exist"})
    return {"errorSet": out} if out else None


# ---------------------------------------------------------------- lookups

def find(w, lt_id=None, name=None, client=True):
    """The template named by id or name, with AWS's errors for each way of naming it."""
    if lt_id and name:
        raise AwsError("InvalidParameterCombination", "Both LaunchTemplateId and "
                       "LaunchTemplateName were specified; specify only one")
    if lt_id:
        if not re.fullmatch(r"lt-[0-9a-f]{17}", lt_id):
            raise AwsError("InvalidLaunchTemplateId.Malformed", f"The specified ID for the "
                           f"launch template ({lt_id}) is not valid.")
        t = w.launch_templates.get(lt_id)
        if t is None or (client and w.fresh(lt_id)):
            raise AwsError("InvalidLaunchTemplateId.NotFound", f"The specified launch "
                           f"template, with template ID {lt_id}, does not exist.")
        return t
    if name:
        for t in w.launch_templates.values():
            if t["name"] == name and not (client and w.fresh(t["id"])):
                return t
        raise AwsError("InvalidLaunchTemplateName.NotFoundException", "At least one of the "
                       "launch templates specified in the request does not exist.")
    raise AwsError("MissingParameter", "The request must contain the parameter "
                   "LaunchTemplateName or LaunchTemplateId")


def version_number(t, version):
    """$Latest, $Default or a number (None means $Default) -> an existing version number."""
    if version in (None, "", "$Default"):
        return t["default"]
    if version == "$Latest":
        return t["latest"]
    if not version.isdigit():
        raise AwsError("InvalidLaunchTemplateId.VersionNotFound", f"Could not find launch "
                       f"template version {version} for launch template ID {t['id']}.")
    n = int(version)
    if n not in t["versions"]:
        raise AwsError("InvalidLaunchTemplateId.VersionNotFound", f"Could not find launch "
                       f"template version {n} for launch template ID {t['id']}.")
    return n


def resolve(w, lt_id=None, name=None, version=None, client=True):
    """(template, version number, launch data) for a LaunchTemplate specification."""
    t = find(w, lt_id, name, client)
    n = version_number(t, version)
    return t, n, t["versions"][n]["data"]


# ---------------------------------------------------------------- rendering

def render_template(w, t):
    return {"launchTemplateId": t["id"], "launchTemplateName": t["name"],
            "createTime": t["created"], "createdBy": CREATED_BY,
            "defaultVersionNumber": t["default"], "latestVersionNumber": t["latest"],
            "tagSet": w.tag_list(t["id"])}


def render_version(w, t, n):
    v = t["versions"][n]
    return {"launchTemplateId": t["id"], "launchTemplateName": t["name"], "versionNumber": n,
            "versionDescription": v["description"], "createTime": v["created"],
            "createdBy": CREATED_BY, "defaultVersion": n == t["default"],
            "launchTemplateData": v["data"]}


def new_version(w, t, p, base=None):
    data = dict(base or {})
    data.update(parse_data(p.struct("LaunchTemplateData"), DATA))
    check_data(w, data)
    n = t["latest"] + 1
    t["versions"][n] = {"data": data, "description": p.str("VersionDescription"),
                        "created": iso_now()}
    t["latest"] = n
    return n, data


# ---------------------------------------------------------------- actions

@action("CreateLaunchTemplate")
def create_launch_template(w, p, ctx):
    name = p.str("LaunchTemplateName", required=True)
    if not NAME_RE.fullmatch(name):
        raise AwsError("InvalidLaunchTemplateName.MalformedException", "A launch template "
                       "name must be between 3 and 128 characters, and may contain letters, "
                       "numbers, and the following characters: - ( ) . / _.'")
    token = p.str("ClientToken")
    for t in w.launch_templates.values():
        if token and t["token"] == token:   # AWS: the same token answers the first result
            return {"launchTemplate": render_template(w, t)}
        if t["name"] == name:
            raise AwsError("InvalidLaunchTemplateName.AlreadyExistsException",
                           f"Launch template name already in use.")
    tid = w.new_id("lt")
    t = {"id": tid, "name": name, "created": iso_now(), "default": 1, "latest": 0,
         "versions": {}, "token": token}
    _, data = new_version(w, t, p)
    w.launch_templates[tid] = t
    ec2.apply_tag_specs(w, p, "launch-template", tid)
    w.created(tid)
    return {"launchTemplate": render_template(w, t), "warning": warnings(w, data)}


@action("CreateLaunchTemplateVersion")
def create_launch_template_version(w, p, ctx):
    t = find(w, p.str("LaunchTemplateId"), p.str("LaunchTemplateName"))
    base = None
    if p.str("SourceVersion") is not None:
        # AWS: the new version starts from the source's data; what is given replaces it
        base = t["versions"][version_number(t, p.str("SourceVersion"))]["data"]
    if len(t["versions"]) >= 10000:
        raise AwsError("VersionLimitExceeded", "You've reached the limit of 10000 versions "
                       "for this launch template.")
    n, data = new_version(w, t, p, base)
    return {"launchTemplateVersion": render_version(w, t, n), "warning": warnings(w, data)}


@action("ModifyLaunchTemplate")
def modify_launch_template(w, p, ctx):
    t = find(w, p.str("LaunchTemplateId"), p.str("LaunchTemplateName"))
    if p.str("SetDefaultVersion") is not None:
        want = p.str("SetDefaultVersion")
        if want == "$Default":
            raise AwsError("InvalidLaunchTemplateId.VersionNotFound", "$Default cannot be "
                           "the new default version")
        t["default"] = version_number(t, want)
    return {"launchTemplate": render_template(w, t)}


@action("DescribeLaunchTemplates")
def describe_launch_templates(w, p, ctx):
    ids, names = p.list("LaunchTemplateId"), p.list("LaunchTemplateName")
    items = [find(w, lt_id=i) for i in ids] + [find(w, name=n) for n in names]
    if not ids and not names:
        items = [t for t in w.launch_templates.values() if not w.fresh(t["id"])]
    items = apply_filters(items, p.filters(), lambda t: {
        "launch-template-name": t["name"], "create-time": t["created"]},
        lambda t: w.tags_of(t["id"]))
    limit = p.int("MaxResults", lo=1, hi=200)
    page, token = paginate(items, limit, p.str("NextToken"))
    return {"launchTemplates": [render_template(w, t) for t in page], "nextToken": token}


@action("DescribeLaunchTemplateVersions")
def describe_launch_template_versions(w, p, ctx):
    t = find(w, p.str("LaunchTemplateId"), p.str("LaunchTemplateName"))
    wanted = p.list("LaunchTemplateVersion")
    if wanted:
        numbers = list(dict.fromkeys(version_number(t, v) for v in wanted))
    else:
        lo = int(p.str("MinVersion") or 1) if (p.str("MinVersion") or "1").isdigit() else 1
        hi = p.str("MaxVersion")
        hi = int(hi) if hi and hi.isdigit() else t["latest"]
        numbers = [n for n in t["versions"] if lo <= n <= hi]
    # AWS lists a template's versions newest first
    numbers.sort(reverse=True)
    rows = [render_version(w, t, n) for n in numbers]
    rows = apply_filters(rows, p.filters(), lambda r: {
        "is-default-version": str(r["defaultVersion"]).lower(),
        "image-id": r["launchTemplateData"].get("imageId"),
        "instance-type": r["launchTemplateData"].get("instanceType")}, lambda r: {})
    page, token = paginate(rows, p.int("MaxResults", lo=1, hi=200), p.str("NextToken"))
    return {"launchTemplateVersionSet": page, "nextToken": token}


@action("DeleteLaunchTemplateVersions")
def delete_launch_template_versions(w, p, ctx):
    t = find(w, p.str("LaunchTemplateId"), p.str("LaunchTemplateName"))
    done, failed = [], []
    for v in p.list("LaunchTemplateVersion"):
        row = {"launchTemplateId": t["id"], "launchTemplateName": t["name"]}
        n = int(v) if v.isdigit() else None
        if n == t["default"]:
            failed.append(dict(row, versionNumber=n, responseError={
                "code": "launchTemplateVersionIsDefaultVersion", "message": "Cannot delete "
                "the default version of a launch template; delete the template instead"}))
        elif n not in t["versions"]:
            failed.append(dict(row, versionNumber=n, responseError={
                "code": "launchTemplateVersionDoesNotExist",
                "message": f"The specified version {v} does not exist"}))
        else:
            del t["versions"][n]
            done.append(dict(row, versionNumber=n))
    return {"successfullyDeletedLaunchTemplateVersionSet": done or None,
            "unsuccessfullyDeletedLaunchTemplateVersionSet": failed or None}


@action("DeleteLaunchTemplate")
def delete_launch_template(w, p, ctx):
    t = find(w, p.str("LaunchTemplateId"), p.str("LaunchTemplateName"))
    out = render_template(w, t)
    ec2.drop(w, "launch_templates", t["id"])
    return {"launchTemplate": out}


# ---------------------------------------------------------------- launching

def launch_args(w, data, version_tags):
    """ec2.launch keyword arguments from launch data; the caller's own parameters (the
    RunInstances request, the Auto Scaling group) then override them."""
    nics = data.get("networkInterfaceSet") or []
    nic = next((n for n in nics if n.get("deviceIndex", 0) == 0), nics[0] if nics else {})
    tags = dict(version_tags)
    for spec in data.get("tagSpecificationSet", []):
        if spec.get("resourceType") == "instance":
            tags.update({t["key"]: t.get("value") or "" for t in spec.get("tagSet", [])})
    sgs = list(data.get("securityGroupIdSet") or nic.get("groupSet") or [])
    return {"image_id": data.get("imageId"), "itype": data.get("instanceType"),
            "subnet_id": nic.get("subnetId"), "sg_ids": sgs,
            "sg_names": list(data.get("securityGroupSet") or []),
            "key": data.get("keyName"), "user_data": data.get("userData"),
            "public": nic.get("associatePublicIpAddress"), "tags": tags,
            "monitoring": bool((data.get("monitoring") or {}).get("enabled")),
            "profile": data.get("iamInstanceProfile"),
            "metadata": data.get("metadataOptions"),
            "disable_api_termination": bool(data.get("disableApiTermination"))}


def template_launch_args(w, spec, client=True):
    """launch_args for a LaunchTemplate specification (Params with LaunchTemplateId or
    LaunchTemplateName, and Version), with the tags AWS adds to what it launches."""
    t, n, data = resolve(w, spec.str("LaunchTemplateId"), spec.str("LaunchTemplateName"),
                         spec.str("Version"), client)
    return t, n, launch_args(w, data, {"aws:ec2launchtemplate:id": t["id"],
                                       "aws:ec2launchtemplate:version": str(n)})


def names_to_ids(w, names, subnet_id):
    """Security group names (as a template or RunInstances gives them) -> ids in the
    subnet's VPC."""
    out = []
    vpc = w.subnets[subnet_id]["vpc"] if subnet_id in w.subnets else None
    for name in names:
        match = [g["id"] for g in w.sgs.values() if g["name"] == name and
                 (vpc is None or g["vpc"] == vpc)]
        if not match:
            raise AwsError("InvalidGroup.NotFound",
                           f"The security group '{name}' does not exist in VPC '{vpc}'")
        out.append(match[0])
    return out
