#!/usr/bin/python3
"""test_moto_iam_alarms.py: issue 18's IAM, CloudWatch and scaling types
(aws_iam_role, aws_iam_instance_profile, aws_iam_role_policy,
aws_iam_role_policy_attachment, aws_cloudwatch_metric_alarm,
aws_autoscaling_policy simple/step/target tracking, aws_autoscaling_schedule)
against moto, one configuration (iam_alarms/main.cl): apply (what moto
holds asked with botocore), no changes, a reformatted policy is no change,
updates in place, import of each resource after state rm with no changes
after, destroy leaving what moto held before, destroy again sending
nothing.  IAM is signed for us-east-1 whatever the provider's region
(iam_region/main.cl).  Prints TAP."""
import json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import Cl, main, mutations, no_changes  # noqa: E402
from lostproxy import LostProxy  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = os.path.join(HERE, "iam_alarms")


def held(moto):
    """What moto holds of these types, by kind (asked with botocore)."""
    iam, cw, asg = moto.client("iam"), moto.client("cloudwatch"), moto.client("autoscaling")
    roles = [r["RoleName"] for r in iam.list_roles()["Roles"]]
    return {
        "role": sorted(roles),
        "profile": sorted(p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]),
        "inline": sorted("%s:%s" % (r, n) for r in roles for n in iam.list_role_policies(RoleName=r)["PolicyNames"]),
        "attached": sorted("%s:%s" % (r, p["PolicyArn"]) for r in roles
                           for p in iam.list_attached_role_policies(RoleName=r)["AttachedPolicies"]),
        "alarm": sorted(a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]),
        "policy": sorted(p["PolicyName"] for p in asg.describe_policies()["ScalingPolicies"]),
        "schedule": sorted(a["ScheduledActionName"]
                           for a in asg.describe_scheduled_actions()["ScheduledUpdateGroupActions"]),
        "asg": sorted(g["AutoScalingGroupName"] for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]),
    }


def state_of(cl):
    """Address -> attributes of every resource in state (state pull)."""
    st = json.loads(cl("state", "pull").stdout)
    return {"%s.%s" % (r["type"], r["name"]): r["instances"][0]["attributes"] for r in st["resources"]
            if r["mode"] == "managed"}


def import_id(addr, a):
    """The id import takes for each type, as Terraform's provider takes it."""
    kind = addr.split(".")[0]
    if kind == "aws_iam_role_policy_attachment":
        return "%s/%s" % (a["role"], a["policy_arn"])
    if kind in ("aws_autoscaling_policy", "aws_autoscaling_schedule"):
        return "%s/%s" % (a["autoscaling_group_name"], a["id"])
    return a["id"]


def check_made(t, moto, arn):
    iam, cw, asg = moto.client("iam"), moto.client("cloudwatch"), moto.client("autoscaling")
    role = iam.get_role(RoleName="web-role")["Role"]
    t.ok(role["Description"] == "web servers (web)" and {"Key": "Team", "Value": "web"} in role.get("Tags", [])
         and any(x["Key"] == "clicamosc:address" and x["Value"] == "aws_iam_role.web" for x in role.get("Tags", [])),
         "role: description, tags and the identity tags", str(role))
    prof = iam.list_instance_profiles()["InstanceProfiles"]
    t.ok(len(prof) == 1 and prof[0]["InstanceProfileName"].startswith("web-")
         and [r["RoleName"] for r in prof[0]["Roles"]] == ["web-role"],
         "instance profile: named from its prefix, holding the role", str(prof))
    doc = iam.get_role_policy(RoleName="web-role", PolicyName="logs")["PolicyDocument"]
    t.ok(doc["Statement"][0]["Action"] in (["logs:PutLogEvents"], "logs:PutLogEvents"),
         "inline policy: put on the role", str(doc))
    t.ok([p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName="web-role")["AttachedPolicies"]] == [arn],
         "policy attachment: the managed policy is attached to the role")
    pol = {p["PolicyName"]: p for p in asg.describe_policies(AutoScalingGroupName="web")["ScalingPolicies"]}
    t.ok(pol.get("up", {}).get("ScalingAdjustment") == 1 and pol["up"].get("Cooldown") == 300
         and len(pol.get("steps", {}).get("StepAdjustments", [])) == 2
         and pol.get("track", {}).get("TargetTrackingConfiguration", {}).get("TargetValue") == 50.0,
         "scaling policies: simple, step (2 steps) and target tracking (50)", str(pol))
    sa = asg.describe_scheduled_actions(AutoScalingGroupName="web")["ScheduledUpdateGroupActions"]
    t.ok(len(sa) == 1 and sa[0]["Recurrence"] == "0 22 * * *" and sa[0]["MaxSize"] == 1,
         "schedule: recurrence and sizes", str(sa))
    al = cw.describe_alarms(AlarmNames=["web-cpu-high"])["MetricAlarms"]
    t.ok(len(al) == 1 and al[0]["Threshold"] == 70.0 and al[0]["AlarmActions"] == [pol["up"]["PolicyARN"]]
         and al[0]["Dimensions"] == [{"Name": "AutoScalingGroupName", "Value": "web"}],
         "alarm: threshold, dimension, and the simple policy as its action", str(al))


def updates(t, moto, cl, v):
    r = cl("plan", "-detailed-exitcode", *v, "-var", "reformat=true", CFG)
    t.ok(r.returncode == 0 and "No changes" in r.stdout,
         "a reformatted inline policy (a lone value for a list, keys reordered, heredoc) is no change", r.out)
    w = v + ["-var", "threshold=80", "-var", "team=api"]
    r = cl("plan", "-detailed-exitcode", *w, CFG)
    t.ok(r.returncode == 2 and "0 to add, 3 to change, 0 to destroy" in r.stdout
         and all(a + " will be updated in-place" in r.stdout for a in
                 ("aws_iam_role.web", "aws_iam_instance_profile.web", "aws_cloudwatch_metric_alarm.cpu")),
         "threshold and tags plan updates in place of the role, profile and alarm", r.out)
    r = cl("apply", "-auto-approve", *w, CFG)
    t.ok(r.returncode == 0, "the update applies", r.out)
    iam, cw = moto.client("iam"), moto.client("cloudwatch")
    role = iam.get_role(RoleName="web-role")["Role"]
    al = cw.describe_alarms(AlarmNames=["web-cpu-high"])["MetricAlarms"][0]
    tags = cw.list_tags_for_resource(ResourceARN=al["AlarmArn"])["Tags"]
    prof = iam.list_instance_profiles()["InstanceProfiles"][0]
    t.ok(role["Description"] == "web servers (api)" and {"Key": "Team", "Value": "api"} in role["Tags"]
         and al["Threshold"] == 80.0 and {"Key": "Team", "Value": "api"} in tags
         and {"Key": "Team", "Value": "api"} in prof.get("Tags", []),
         "moto holds the new description, threshold and tags", str(role) + str(al) + str(tags) + str(prof))
    no_changes(t, cl("plan", "-detailed-exitcode", *w, CFG), "no changes after the update")
    return w


def imports(t, moto, cl, v):
    for addr, a in sorted(state_of(cl).items()):
        if addr.startswith(("aws_launch_configuration", "aws_autoscaling_group")):
            continue
        r = cl("state", "rm", addr)
        r = cl("import", *v, addr, import_id(addr, a), CFG) if r.returncode == 0 else r
        t.ok(r.returncode == 0, "%s: import %s" % (addr, import_id(addr, a)), r.out)
    moto.reset_recording()
    no_changes(t, cl("plan", "-detailed-exitcode", *v, CFG), "after state rm and import of each, no changes")


def other_region(t, moto, cl):
    moto.reset_recording()
    d = os.path.join(HERE, "iam_region")
    r = cl("apply", "-auto-approve", "-state=global.tfstate", d)
    scopes = set(re.findall(r"Credential=[^/]+/\d+/([a-z0-9-]+)/iam/", " ".join(
        e["headers"].get("Authorization", "") for e in moto.requests())))
    t.ok(r.returncode == 0 and scopes == {"us-east-1"},
         "a provider in eu-west-1 signs IAM for us-east-1 (the global endpoint's region)", r.out + str(scopes))
    r = cl("destroy", "-auto-approve", "-state=global.tfstate", d)
    t.ok(r.returncode == 0 and "global-role" not in held(moto)["role"], "and destroys the role", r.out)


def lost_answers(t, moto, cl, work):
    """Creates whose answers are lost: each object is made once, adopted
    by its identity tags (role, instance profile) or put again by name
    (alarm), and recorded."""
    before = held(moto)
    proxy = LostProxy(moto.url)
    try:
        lost = Cl(work, dict(cl.env, AWS_ENDPOINT_URL=proxy.url), cl.started)
        proxy.lose([{"action": "CreateRole", "mode": "drop", "count": 1},
                    {"action": "CreateInstanceProfile", "mode": "500", "count": 1},
                    {"action": "PutMetricAlarm", "mode": "drop", "count": 1}])
        d = os.path.join(HERE, "iam_lost")
        r = lost("apply", "-auto-approve", "-state=lost.tfstate", d)
        now = held(moto)
        made = {k: sorted(set(now[k]) - set(before[k])) for k in ("role", "profile", "alarm")}
        t.ok(r.returncode == 0 and proxy.lost == 3 and len(made["role"]) == 1 and made["role"][0].startswith("lost-")
             and made["profile"] == ["lost-profile"] and made["alarm"] == ["lost-alarm"],
             "three lost answers (CreateRole dropped, CreateInstanceProfile 500, PutMetricAlarm dropped): "
             "each object made once", r.out + str(made) + " lost %d" % proxy.lost)
        r = lost("plan", "-detailed-exitcode", "-state=lost.tfstate", d)
        t.ok(r.returncode == 0 and "No changes" in r.stdout, "the state records each: no changes after", r.out)
        r = lost("destroy", "-auto-approve", "-state=lost.tfstate", d)
        t.ok(r.returncode == 0 and held(moto) == before, "destroy leaves what moto held before", r.out)
    finally:
        proxy.stop()


def body(t, moto, cl, work):
    iam = moto.client("iam")
    arn = iam.create_policy(PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}))[
        "Policy"]["Arn"]
    before = held(moto)
    v = ["-var", "policy_arn=" + arn]
    r = cl("apply", "-auto-approve", *v, CFG)
    t.ok(r.returncode == 0, "apply", r.out)
    check_made(t, moto, arn)
    no_changes(t, cl("plan", "-detailed-exitcode", *v, CFG), "the plan after apply has no changes")
    v = updates(t, moto, cl, v)
    imports(t, moto, cl, v)

    r = cl("destroy", "-auto-approve", *v, CFG)
    t.ok(r.returncode == 0 and held(moto) == before, "destroy leaves what moto held before",
         r.out + str(held(moto)))
    moto.reset_recording()
    r = cl("destroy", "-auto-approve", *v, CFG)
    t.ok(r.returncode == 0 and mutations(moto) == [], "destroy again succeeds and sends moto nothing that changes "
         "anything", r.out + str(mutations(moto)))
    other_region(t, moto, cl)
    lost_answers(t, moto, cl, work)


main(body, "issue 18's IAM, CloudWatch and scaling types against moto")
