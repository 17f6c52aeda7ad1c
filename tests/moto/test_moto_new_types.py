#!/usr/bin/python3
"""test_moto_new_types.py: the resource types and data sources of issue 18
(provider side) against moto, one configuration (new_types/main.cl): apply,
a plan with no changes, an update in place (a launch template's new
version), no changes, import of each resource after state rm with no
changes after, destroy leaving what moto held before (asked with
botocore), destroy again.  Bad input fails with the reason.  Prints TAP."""
import os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import AMI1, AMI2, main, mutations, no_changes  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = os.path.join(HERE, "new_types")


def held(moto):
    """What moto holds of the new types, by kind (asked with botocore)."""
    ec2 = moto.client("ec2")
    return {
        "lt": sorted(v["LaunchTemplateId"] for v in ec2.describe_launch_templates()["LaunchTemplates"]),
    }


def ids(cl):
    """Address -> id of every resource in state."""
    out = {}
    for addr in cl("state", "list").stdout.split():
        m = re.search(r'^\s+id\s+=\s+"([^"]+)"', cl("state", "show", addr).stdout, re.M)
        if m:
            out[addr] = m.group(1)
    return out


def launch_template(t, moto, cl):
    ec2 = moto.client("ec2")
    lt = ec2.describe_launch_templates()["LaunchTemplates"]
    t.ok(len(lt) == 1 and lt[0]["LatestVersionNumber"] == 1 and lt[0]["LaunchTemplateName"].startswith("web-"),
         "launch template: one template, version 1, named from its name_prefix", str(lt))
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CFG)
    t.ok(r.returncode == 2 and "aws_launch_template.web will be updated in-place" in r.stdout
         and re.search(r"latest_version\s+= 1 -> \(known after apply\)", r.stdout)
         and re.search(r"default_version\s+= 1 -> \(known after apply\)", r.stdout)
         and "0 to add, 1 to change, 0 to destroy" in r.stdout,
         "launch template: a new AMI plans a new version in place, latest and default versions unknown", r.out)
    r = cl("apply", "-auto-approve", "-var", "ami=" + AMI2, CFG)
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
    no_changes(t, cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CFG),
               "launch template: no changes after the new version")


def body(t, moto, cl, work):
    before = held(moto)
    r = cl("apply", "-auto-approve", "-var", "ami=" + AMI1, CFG)
    t.ok(r.returncode == 0, "apply", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI1, CFG), "the plan after apply has no changes")
    launch_template(t, moto, cl)

    recorded = ids(cl)
    for addr, rid in sorted(recorded.items()):
        r = cl("state", "rm", addr)
        r = cl("import", "-var", "ami=" + AMI2, addr, rid, CFG) if r.returncode == 0 else r
        t.ok(r.returncode == 0, "%s: import %s" % (addr, rid), r.out)
    # update_default_version is the provider's own, never read from AWS:
    # after an import Terraform plans it into state in place, and so do we.
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CFG)
    t.ok(r.returncode == 2 and re.findall(r"^\s+([-+~]) (\w+)\s+=", r.stdout, re.M) ==
         [("+", "update_default_version")] and "0 to add, 1 to change, 0 to destroy" in r.stdout,
         "after import, the only change planned is the launch template's update_default_version, as Terraform's",
         r.out)
    moto.reset_recording()
    r = cl("apply", "-auto-approve", "-var", "ami=" + AMI2, CFG)
    t.ok(r.returncode == 0 and mutations(moto) == [], "that apply only records it: it sends moto nothing that changes "
         "anything", r.out + str(mutations(moto)))
    no_changes(t, cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI2, CFG),
               "after state rm and import of each resource, and that apply, the plan has no changes")

    r = cl("destroy", "-auto-approve", "-var", "ami=" + AMI2, CFG)
    t.ok(r.returncode == 0 and held(moto) == before, "destroy leaves what moto held before", r.out)
    moto.reset_recording()
    r = cl("destroy", "-auto-approve", "-var", "ami=" + AMI2, CFG)
    t.ok(r.returncode == 0 and mutations(moto) == [], "destroy again succeeds and sends moto nothing that changes "
         "anything", r.out)

    r = cl("apply", "-auto-approve", os.path.join(HERE, "new_types_bad"))
    t.ok(r.returncode == 1 and "aws_launch_template.bad" in r.stderr and "user_data must be base64-encoded" in r.stderr
         and held(moto) == before, "a launch template's user_data that is not base64 is refused, nothing made", r.out)


main(body, "issue 18's new types against moto")
