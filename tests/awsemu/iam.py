"""IAM in the emulator (query protocol, API 2010-05-08, one global endpoint signed for
us-east-1): roles with their trust policy, instance profiles (one role each), inline role
policies, managed policies (AWS's own by ARN, and CreatePolicy) attached to roles, tags, with
AWS's errors: NoSuchEntity, EntityAlreadyExists, DeleteConflict, MalformedPolicyDocument,
LimitExceeded. Policy documents come back URL-encoded, as IAM sends them. No HTTP here."""

import json
import re
from urllib.parse import quote, unquote

from protocol import AwsError, paginate
from world import ACCOUNT, iso_now

ACTIONS = {}
NAME_RE = re.compile(r"[\w+=,.@-]+")
AWS_MANAGED = ("AdministratorAccess", "ReadOnlyAccess", "AmazonSSMManagedInstanceCore",
               "CloudWatchAgentServerPolicy", "AmazonEC2ReadOnlyAccess",
               "AmazonS3ReadOnlyAccess", "AmazonEC2ContainerRegistryReadOnly",
               "ElasticLoadBalancingReadOnly", "AutoScalingReadOnlyAccess")


def action(name):
    """Register an IAM action; IAM's one endpoint only takes requests signed for us-east-1."""
    def reg(fn):
        def checked(w, p, ctx):
            if ctx.region != "us-east-1":
                raise AwsError("SignatureDoesNotMatch", "Credential should be scoped to a "
                               f"valid region, not '{ctx.region}'.", 403)
            return fn(w, p, ctx)
        ACTIONS[name] = checked
        return fn
    return reg


def no_such(kind, name):
    return AwsError("NoSuchEntity", f"The {kind} with name {name} cannot be found.", 404)


def new_id(w, prefix):
    return prefix + "".join(w.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17))


def check_name(value, what="name", most=64):
    if len(value or "") > most:
        raise AwsError("ValidationError", f"1 validation error detected: Value '{value}' at "
                       f"'{what}' failed to satisfy constraint: Member must have length less "
                       f"than or equal to {most}")
    if not NAME_RE.fullmatch(value or ""):
        raise AwsError("ValidationError", f"1 validation error detected: Value '{value}' at "
                       f"'{what}' failed to satisfy constraint: Member must satisfy regular "
                       "expression pattern: [\\w+=,.@-]+")
    return value


def check_path(p):
    path = p.str("Path", "/")
    if not re.fullmatch(r"/([\x21-\x7e]*/)?", path) or len(path) > 512:
        raise AwsError("ValidationError", f"The specified value for path '{path}' is invalid. "
                       "It must begin and end with / and contain only alphanumeric characters "
                       "and/or / characters.")
    return path


def policy_document(p, name):
    """A policy as given (raw JSON or URL-encoded), checked as a JSON policy."""
    raw = p.str(name, required=True)
    text = unquote(raw) if raw.lstrip().startswith("%7B") else raw
    try:
        doc = json.loads(text)
    except ValueError:
        raise AwsError("MalformedPolicyDocument", "This policy contains invalid Json") \
            from None
    if not isinstance(doc, dict) or "Statement" not in doc:
        raise AwsError("MalformedPolicyDocument", "Syntax errors in policy.")
    stmts = doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]]
    for s in stmts:
        if not isinstance(s, dict) or s.get("Effect") not in ("Allow", "Deny"):
            raise AwsError("MalformedPolicyDocument", "Policy statement must contain an "
                           "Effect of Allow or Deny.")
        if not any(k in s for k in ("Action", "NotAction")):
            raise AwsError("MalformedPolicyDocument", "Policy statement must contain actions.")
    return text


def parse_tags(p):
    tags = {}
    for t in p.structs("Tags", member=True):
        tags[t.str("Key", required=True)] = t.str("Value", required=True)
    if len(tags) > 50:
        raise AwsError("LimitExceeded", "Cannot exceed quota for TagsPerRole: 50.", 409)
    return tags


def page(p, rows):
    """IAM's Marker / MaxItems paging: (rows, IsTruncated, Marker)."""
    got, marker = paginate(rows, p.int("MaxItems", lo=1, hi=1000), p.str("Marker"))
    return got, marker is not None, marker


# ---------------------------------------------------------------- roles

def get_role(w, name):
    r = w.iam["roles"].get(name)
    if r is None:
        raise no_such("role", name)
    return r


def render_role(w, r, full=True):
    out = {"Path": r["path"], "RoleName": r["name"], "RoleId": r["id"], "Arn": r["arn"],
           "CreateDate": r["created"],
           "AssumeRolePolicyDocument": quote(r["trust"], safe=""),
           "Description": r["description"], "MaxSessionDuration": r["max_session"]}
    if full:
        out["Tags"] = [{"Key": k, "Value": v} for k, v in r["tags"].items()] or None
        out["RoleLastUsed"] = {}
    return out


@action("CreateRole")
def create_role(w, p, ctx):
    name = check_name(p.str("RoleName", required=True), "roleName")
    path = check_path(p)
    trust = policy_document(p, "AssumeRolePolicyDocument")
    duration = p.int("MaxSessionDuration", 3600)
    if not 3600 <= duration <= 43200:
        raise AwsError("ValidationError", "The requested MaxSessionDuration is outside the "
                       "allowed range 3600-43200 seconds.")
    if name.lower() in (n.lower() for n in w.iam["roles"]):
        raise AwsError("EntityAlreadyExists", f"Role with name {name} already exists.", 409)
    r = w.iam["roles"][name] = {
        "name": name, "path": path, "id": new_id(w, "AROA"),
        "arn": f"arn:aws:iam::{ACCOUNT}:role{path}{name}", "created": iso_now(),
        "trust": trust, "description": p.str("Description"), "max_session": duration,
        "tags": parse_tags(p), "inline": {}, "attached": []}
    return {"Role": render_role(w, r)}


@action("GetRole")
def get_role_action(w, p, ctx):
    return {"Role": render_role(w, get_role(w, p.str("RoleName", required=True)))}


@action("ListRoles")
def list_roles(w, p, ctx):
    prefix = p.str("PathPrefix", "/")
    rows = [render_role(w, r, full=False) for r in w.iam["roles"].values()
            if r["path"].startswith(prefix)]
    got, more, marker = page(p, rows)
    return {"Roles": got, "IsTruncated": more, "Marker": marker}


@action("UpdateRole")
def update_role(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    if p.str("Description") is not None:
        r["description"] = p.str("Description")
    if p.str("MaxSessionDuration") is not None:
        r["max_session"] = p.int("MaxSessionDuration", lo=3600, hi=43200)
    return {}


@action("UpdateAssumeRolePolicy")
def update_assume_role_policy(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    r["trust"] = policy_document(p, "PolicyDocument")
    return None


@action("DeleteRole")
def delete_role(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    if any(r["name"] in prof["roles"] for prof in w.iam["profiles"].values()):
        raise AwsError("DeleteConflict", "Cannot delete entity, must remove roles from "
                       "instance profile first.", 409)
    if r["attached"]:
        raise AwsError("DeleteConflict", "Cannot delete entity, must detach all policies "
                       "first.", 409)
    if r["inline"]:
        raise AwsError("DeleteConflict", "Cannot delete entity, must delete policies first.",
                       409)
    del w.iam["roles"][r["name"]]
    return None


@action("TagRole")
def tag_role(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    merged = dict(r["tags"], **parse_tags(p))
    if len(merged) > 50:
        raise AwsError("LimitExceeded", "Cannot exceed quota for TagsPerRole: 50.", 409)
    r["tags"] = merged
    return None


@action("UntagRole")
def untag_role(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    for k in p.members("TagKeys"):
        r["tags"].pop(k, None)
    return None


@action("ListRoleTags")
def list_role_tags(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    got, more, marker = page(p, [{"Key": k, "Value": v} for k, v in r["tags"].items()])
    return {"Tags": got, "IsTruncated": more, "Marker": marker}


# ---------------------------------------------------------------- inline policies

@action("PutRolePolicy")
def put_role_policy(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    name = check_name(p.str("PolicyName", required=True), "policyName", 128)
    r["inline"][name] = policy_document(p, "PolicyDocument")
    return None


@action("GetRolePolicy")
def get_role_policy(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    name = p.str("PolicyName", required=True)
    if name not in r["inline"]:
        raise AwsError("NoSuchEntity", f"The role policy with name {name} cannot be found.",
                       404)
    return {"RoleName": r["name"], "PolicyName": name,
            "PolicyDocument": quote(r["inline"][name], safe="")}


@action("ListRolePolicies")
def list_role_policies(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    got, more, marker = page(p, sorted(r["inline"]))
    return {"PolicyNames": got, "IsTruncated": more, "Marker": marker}


@action("DeleteRolePolicy")
def delete_role_policy(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    name = p.str("PolicyName", required=True)
    if r["inline"].pop(name, None) is None:
        raise AwsError("NoSuchEntity", f"The role policy with name {name} cannot be found.",
                       404)
    return None


# ---------------------------------------------------------------- managed policies

def find_policy(w, arn):
    m = re.fullmatch(r"arn:aws:iam::(aws|\d{12}):policy(/(?:[\x21-\x7e]*/)?)?([\w+=,.@-]+)",
                     arn or "")
    if not m:
        raise AwsError("InvalidInput", f"ARN {arn} is not valid.")
    if m.group(1) == "aws":
        if m.group(3) in AWS_MANAGED:
            return {"arn": arn, "name": m.group(3)}
    elif arn in w.iam["policies"]:
        return w.iam["policies"][arn]
    raise AwsError("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.", 404)


@action("CreatePolicy")
def create_policy(w, p, ctx):
    name = check_name(p.str("PolicyName", required=True), "policyName", 128)
    path = check_path(p)
    doc = policy_document(p, "PolicyDocument")
    arn = f"arn:aws:iam::{ACCOUNT}:policy{path}{name}"
    if arn in w.iam["policies"]:
        raise AwsError("EntityAlreadyExists", f"A policy called {name} already exists. "
                       "Duplicate names are not allowed.", 409)
    pol = w.iam["policies"][arn] = {"arn": arn, "name": name, "path": path, "doc": doc,
                                    "id": new_id(w, "ANPA"), "created": iso_now(),
                                    "description": p.str("Description")}
    return {"Policy": render_policy(w, pol)}


def render_policy(w, pol):
    users = sum(1 for r in w.iam["roles"].values() if pol["arn"] in r["attached"])
    return {"PolicyName": pol["name"], "PolicyId": pol["id"], "Arn": pol["arn"],
            "Path": pol["path"], "DefaultVersionId": "v1", "AttachmentCount": users,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
            "Description": pol["description"], "CreateDate": pol["created"],
            "UpdateDate": pol["created"]}


@action("GetPolicy")
def get_policy(w, p, ctx):
    arn = p.str("PolicyArn", required=True)
    pol = find_policy(w, arn)
    if "id" not in pol:
        pol = {"arn": arn, "name": pol["name"], "path": "/", "id": "ANPA" + "AWSMANAGED"
               + pol["name"].upper()[:7], "created": "2015-02-06T18:40:00Z",
               "description": None}
    return {"Policy": render_policy(w, pol)}


@action("DeletePolicy")
def delete_policy(w, p, ctx):
    arn = p.str("PolicyArn", required=True)
    find_policy(w, arn)
    if arn not in w.iam["policies"]:
        raise AwsError("AccessDenied", "An AWS managed policy cannot be deleted.", 403)
    if any(arn in r["attached"] for r in w.iam["roles"].values()):
        raise AwsError("DeleteConflict", "Cannot delete a policy attached to entities.", 409)
    del w.iam["policies"][arn]
    return None


@action("AttachRolePolicy")
def attach_role_policy(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    pol = find_policy(w, p.str("PolicyArn", required=True))
    if pol["arn"] not in r["attached"]:
        if len(r["attached"]) >= 10:
            raise AwsError("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10.", 409)
        r["attached"].append(pol["arn"])
    return None


@action("DetachRolePolicy")
def detach_role_policy(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    arn = p.str("PolicyArn", required=True)
    if arn not in r["attached"]:
        raise AwsError("NoSuchEntity", f"Policy {arn} was not found.", 404)
    r["attached"].remove(arn)
    return None


@action("ListAttachedRolePolicies")
def list_attached_role_policies(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    rows = [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in r["attached"]]
    got, more, marker = page(p, rows)
    return {"AttachedPolicies": got, "IsTruncated": more, "Marker": marker}


# ---------------------------------------------------------------- instance profiles

def get_profile(w, name):
    prof = w.iam["profiles"].get(name)
    if prof is None:
        raise no_such("instance profile", name)
    return prof


def render_profile(w, prof):
    return {"Path": prof["path"], "InstanceProfileName": prof["name"],
            "InstanceProfileId": prof["id"], "Arn": prof["arn"], "CreateDate": prof["created"],
            "Roles": [render_role(w, w.iam["roles"][n], full=False) for n in prof["roles"]
                      if n in w.iam["roles"]],
            "Tags": [{"Key": k, "Value": v} for k, v in prof["tags"].items()] or None}


@action("CreateInstanceProfile")
def create_instance_profile(w, p, ctx):
    name = check_name(p.str("InstanceProfileName", required=True), "instanceProfileName",
                      128)
    path = check_path(p)
    if name in w.iam["profiles"]:
        raise AwsError("EntityAlreadyExists", f"Instance Profile {name} already exists.", 409)
    prof = w.iam["profiles"][name] = {
        "name": name, "path": path, "id": new_id(w, "AIPA"),
        "arn": f"arn:aws:iam::{ACCOUNT}:instance-profile{path}{name}", "created": iso_now(),
        "roles": [], "tags": parse_tags(p)}
    return {"InstanceProfile": render_profile(w, prof)}


@action("GetInstanceProfile")
def get_instance_profile(w, p, ctx):
    return {"InstanceProfile": render_profile(w, get_profile(
        w, p.str("InstanceProfileName", required=True)))}


@action("AddRoleToInstanceProfile")
def add_role_to_instance_profile(w, p, ctx):
    prof = get_profile(w, p.str("InstanceProfileName", required=True))
    r = get_role(w, p.str("RoleName", required=True))
    if prof["roles"]:
        raise AwsError("LimitExceeded", "Cannot exceed quota for "
                       "InstanceSessionsPerInstanceProfile: 1", 409)
    prof["roles"].append(r["name"])
    return None


@action("RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(w, p, ctx):
    prof = get_profile(w, p.str("InstanceProfileName", required=True))
    name = p.str("RoleName", required=True)
    if name not in prof["roles"]:
        raise no_such("role", name)
    prof["roles"].remove(name)
    return None


@action("DeleteInstanceProfile")
def delete_instance_profile(w, p, ctx):
    prof = get_profile(w, p.str("InstanceProfileName", required=True))
    if prof["roles"]:
        raise AwsError("DeleteConflict", "Cannot delete entity, must remove roles from "
                       "instance profile first.", 409)
    del w.iam["profiles"][prof["name"]]
    return None


@action("ListInstanceProfilesForRole")
def list_instance_profiles_for_role(w, p, ctx):
    r = get_role(w, p.str("RoleName", required=True))
    rows = [render_profile(w, x) for x in w.iam["profiles"].values() if r["name"] in x["roles"]]
    got, more, marker = page(p, rows)
    return {"InstanceProfiles": got, "IsTruncated": more, "Marker": marker}


def dump(w):
    return {"roles": [dict(render_role(w, r), InlinePolicies=sorted(r["inline"]),
                           AttachedPolicies=r["attached"]) for r in w.iam["roles"].values()],
            "instance_profiles": [render_profile(w, x) for x in w.iam["profiles"].values()],
            "policies": [render_policy(w, x) for x in w.iam["policies"].values()]}
