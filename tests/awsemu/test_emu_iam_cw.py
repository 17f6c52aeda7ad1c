#!/usr/bin/python3
"""IAM, CloudWatch and STS in the emulator: roles and their URL-encoded trust policy,
instance profiles (one role, used by RunInstances and launch templates), inline and managed
policies with AWS's errors (NoSuchEntity, EntityAlreadyExists, DeleteConflict,
MalformedPolicyDocument), IAM's us-east-1-only signing, metric alarms with their checks and
tags, GetCallerIdentity. Every response is shape-checked against the botocore models."""

import json
import os
import sys
from urllib.parse import unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Emu, finish, make_network, members, texts  # noqa: E402
from tap import Tap  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
READ_S3 = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]})
SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"


def roles(t, iam):
    r = iam("CreateRole", {"RoleName": "web", "AssumeRolePolicyDocument": TRUST,
                           "Description": "web servers", "Tags.member.1.Key": "team",
                           "Tags.member.1.Value": "ops"})
    role = r.find(".//Role")
    t.eq((role.findtext("Arn"), role.findtext("Path"), role.findtext("RoleId")[:4]),
         ("arn:aws:iam::123456789012:role/web", "/", "AROA"), "CreateRole: ARN, path, id")
    t.eq(json.loads(unquote(role.findtext("AssumeRolePolicyDocument"))), json.loads(TRUST),
         "the trust policy comes back URL-encoded, as IAM sends it")
    t.eq(iam.error("CreateRole", {"RoleName": "web", "AssumeRolePolicyDocument": TRUST}),
         (409, "EntityAlreadyExists"), "a taken role name")
    t.eq(iam.error("CreateRole", {"RoleName": "bad", "AssumeRolePolicyDocument": "{nope"}),
         (400, "MalformedPolicyDocument"), "a trust policy that is not JSON")
    t.eq(iam.error("CreateRole", {"RoleName": "bad/name", "AssumeRolePolicyDocument": TRUST}),
         (400, "ValidationError"), "a role name with a slash")
    t.eq(iam.error("GetRole", {"RoleName": "nope"}), (404, "NoSuchEntity"),
         "GetRole of an unknown role: NoSuchEntity, 404")
    r = iam("GetRole", {"RoleName": "web"})
    t.eq((r.findtext(".//Description"), texts(r, ".//Tags/member/Key")), ("web servers",
                                                                        ["team"]),
         "GetRole: description and tags")
    iam("PutRolePolicy", {"RoleName": "web", "PolicyName": "read-s3",
                          "PolicyDocument": READ_S3})
    r = iam("GetRolePolicy", {"RoleName": "web", "PolicyName": "read-s3"})
    t.eq(json.loads(unquote(r.findtext(".//PolicyDocument"))), json.loads(READ_S3),
         "inline policy round-trips (URL-encoded)")
    t.eq(texts(iam("ListRolePolicies", {"RoleName": "web"}), ".//PolicyNames/member"),
         ["read-s3"], "ListRolePolicies")
    t.eq(iam.error("PutRolePolicy", {"RoleName": "web", "PolicyName": "x", "PolicyDocument":
                                     json.dumps({"Statement": [{"Effect": "Maybe",
                                                                "Action": "*"}]})}),
         (400, "MalformedPolicyDocument"), "a statement whose Effect is not Allow/Deny")
    iam("AttachRolePolicy", {"RoleName": "web", "PolicyArn": SSM})
    iam("AttachRolePolicy", {"RoleName": "web", "PolicyArn": SSM})
    r = iam("ListAttachedRolePolicies", {"RoleName": "web"})
    t.eq([(m.findtext("PolicyName"), m.findtext("PolicyArn"))
          for m in r.findall(".//AttachedPolicies/member")],
         [("AmazonSSMManagedInstanceCore", SSM)], "AttachRolePolicy (twice is once)")
    t.eq(iam.error("AttachRolePolicy", {"RoleName": "web", "PolicyArn":
                                        "arn:aws:iam::aws:policy/NoSuchPolicy"}),
         (404, "NoSuchEntity"), "an AWS managed policy that does not exist")
    t.eq(iam.error("AttachRolePolicy", {"RoleName": "web", "PolicyArn": "policy"}),
         (400, "InvalidInput"), "a malformed policy ARN")
    mine = iam("CreatePolicy", {"PolicyName": "mine", "PolicyDocument": READ_S3}) \
        .findtext(".//Arn")
    iam("AttachRolePolicy", {"RoleName": "web", "PolicyArn": mine})
    t.eq(iam.error("DeletePolicy", {"PolicyArn": mine}), (409, "DeleteConflict"),
         "a customer policy attached to a role cannot be deleted")
    t.eq(iam.error("DeleteRole", {"RoleName": "web"}), (409, "DeleteConflict"),
         "a role with attached policies cannot be deleted")
    other = iam.__class__(iam.port, "iam", region="eu-west-1")
    t.eq(other.error("GetRole", {"RoleName": "web"}), (403, "SignatureDoesNotMatch"),
         "IAM refuses a request signed for another region than us-east-1")


def profiles(t, iam, ec2, net):
    r = iam("CreateInstanceProfile", {"InstanceProfileName": "web"})
    t.eq((r.findtext(".//Arn"), texts(r, ".//Roles/member")),
         ("arn:aws:iam::123456789012:instance-profile/web", []), "CreateInstanceProfile")
    iam("AddRoleToInstanceProfile", {"InstanceProfileName": "web", "RoleName": "web"})
    iam("CreateRole", {"RoleName": "spare", "AssumeRolePolicyDocument": TRUST})
    t.eq(iam.error("AddRoleToInstanceProfile", {"InstanceProfileName": "web",
                                                "RoleName": "spare"}),
         (409, "LimitExceeded"), "an instance profile holds one role")
    r = iam("GetInstanceProfile", {"InstanceProfileName": "web"})
    t.eq(texts(r, ".//Roles/member/RoleName"), ["web"], "GetInstanceProfile shows its role")
    t.eq(texts(iam("ListInstanceProfilesForRole", {"RoleName": "web"}),
               ".//InstanceProfileName"), ["web"], "ListInstanceProfilesForRole")
    t.eq(iam.error("DeleteInstanceProfile", {"InstanceProfileName": "web"}),
         (409, "DeleteConflict"), "a profile with a role cannot be deleted")
    t.eq(iam.error("GetInstanceProfile", {"InstanceProfileName": "nope"}),
         (404, "NoSuchEntity"), "an unknown instance profile")
    r = ec2("RunInstances", {"MinCount": "1", "MaxCount": "1", "ImageId":
                             "ami-0healthy00000001", "SubnetId": net["private"][0],
                             "IamInstanceProfile.Name": "web"})
    t.eq(r.findtext(".//iamInstanceProfile/arn"),
         "arn:aws:iam::123456789012:instance-profile/web",
         "RunInstances with the profile: the instance shows its ARN")
    t.eq(ec2.error("RunInstances", {"MinCount": "1", "MaxCount": "1", "ImageId":
                                    "ami-0healthy00000001", "SubnetId": net["private"][0],
                                    "IamInstanceProfile.Name": "spare"}),
         (400, "InvalidParameterValue"), "a profile that does not exist")
    iam("RemoveRoleFromInstanceProfile", {"InstanceProfileName": "web", "RoleName": "web"})
    iam("DeleteInstanceProfile", {"InstanceProfileName": "web"})
    for arn in texts(iam("ListAttachedRolePolicies", {"RoleName": "web"}), ".//PolicyArn"):
        iam("DetachRolePolicy", {"RoleName": "web", "PolicyArn": arn})
    t.eq(iam.error("DetachRolePolicy", {"RoleName": "web", "PolicyArn": SSM}),
         (404, "NoSuchEntity"), "detaching a policy that is not attached")
    t.eq(iam.error("DeleteRole", {"RoleName": "web"}), (409, "DeleteConflict"),
         "a role with an inline policy cannot be deleted")
    iam("DeleteRolePolicy", {"RoleName": "web", "PolicyName": "read-s3"})
    iam("DeleteRole", {"RoleName": "web"})
    t.eq(iam.error("GetRole", {"RoleName": "web"}), (404, "NoSuchEntity"), "deleted")


def alarm_args(**kw):
    base = {"AlarmName": "cpu-high", "MetricName": "CPUUtilization", "Namespace": "AWS/EC2",
            "Statistic": "Average", "Period": "120", "EvaluationPeriods": "2",
            "Threshold": "80", "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Dimensions.member.1.Name": "AutoScalingGroupName",
            "Dimensions.member.1.Value": "app",
            "AlarmActions.member.1": "arn:aws:autoscaling:us-east-1:123456789012:"
                                     "scalingPolicy:1:autoScalingGroupName/app:policyName/up",
            "Tags.member.1.Key": "team", "Tags.member.1.Value": "ops"}
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def alarms(t, cw):
    cw("PutMetricAlarm", alarm_args())
    r = cw("DescribeAlarms", members("AlarmNames", ["cpu-high"]))
    a = r.find(".//MetricAlarms/member")
    t.eq((a.findtext("AlarmArn"), a.findtext("StateValue"), a.findtext("Threshold"),
          a.findtext("Dimensions/member/Value"), a.findtext("Period")),
         ("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high", "INSUFFICIENT_DATA",
          "80.0", "app", "120"), "PutMetricAlarm / DescribeAlarms")
    cw("PutMetricAlarm", alarm_args(Threshold="90"))
    t.eq(cw("DescribeAlarms", {"AlarmNamePrefix": "cpu"}).findtext(".//Threshold"), "90.0",
         "putting it again updates it")
    t.eq(cw.error("PutMetricAlarm", alarm_args(Period="45")), (400, "InvalidParameterValue"),
         "a period that is not 10, 30 or a multiple of 60")
    t.eq(cw.error("PutMetricAlarm", alarm_args(ComparisonOperator="Bigger")),
         (400, "InvalidParameterValue"), "an unknown comparison operator")
    t.eq(cw.error("PutMetricAlarm", alarm_args(ExtendedStatistic="p99")),
         (400, "InvalidParameterCombination"), "Statistic and ExtendedStatistic together")
    t.eq(cw.error("PutMetricAlarm", alarm_args(EvaluationPeriods=None)),
         (400, "ValidationError"), "EvaluationPeriods is required (botocore model)")
    t.eq(cw.error("PutMetricAlarm", alarm_args(**{"AlarmActions.member.1": "not-an-arn"})),
         (400, "ValidationError"), "an alarm action that is not an ARN")
    cw("PutMetricAlarm", {
        "AlarmName": "errors", "EvaluationPeriods": "1", "Threshold": "5",
        "ComparisonOperator": "GreaterThanThreshold",
        "Metrics.member.1.Id": "e1", "Metrics.member.1.Expression": "m1 * 100",
        "Metrics.member.1.ReturnData": "true",
        "Metrics.member.2.Id": "m1", "Metrics.member.2.ReturnData": "false",
        "Metrics.member.2.MetricStat.Metric.Namespace": "AWS/ApplicationELB",
        "Metrics.member.2.MetricStat.Metric.MetricName": "HTTPCode_Target_5XX_Count",
        "Metrics.member.2.MetricStat.Period": "60",
        "Metrics.member.2.MetricStat.Stat": "Sum"})
    r = cw("DescribeAlarms", members("AlarmNames", ["errors"]))
    t.eq(texts(r, ".//Metrics/member/Id"), ["e1", "m1"], "a metric math alarm")
    r = cw("ListTagsForResource", {"ResourceARN": a.findtext("AlarmArn")})
    t.eq(texts(r, ".//Tags/member/Key"), ["team"], "tags given at creation")
    cw("TagResource", {"ResourceARN": a.findtext("AlarmArn"), "Tags.member.1.Key": "env",
                       "Tags.member.1.Value": "prod"})
    cw("UntagResource", {"ResourceARN": a.findtext("AlarmArn"), "TagKeys.member.1": "team"})
    r = cw("ListTagsForResource", {"ResourceARN": a.findtext("AlarmArn")})
    t.eq(texts(r, ".//Tags/member/Key"), ["env"], "TagResource / UntagResource")
    t.eq(cw.error("DeleteAlarms", members("AlarmNames", ["cpu-high", "nope"])),
         (404, "ResourceNotFound"), "deleting an unknown alarm")
    t.eq(len(cw("DescribeAlarms").findall(".//MetricAlarms/member")), 2,
         "and then nothing was deleted, as in AWS")
    cw("DeleteAlarms", members("AlarmNames", ["cpu-high", "errors"]))
    t.eq(len(cw("DescribeAlarms").findall(".//MetricAlarms/member")), 0, "DeleteAlarms")


def caller(t, sts, emu):
    r = sts("GetCallerIdentity")
    t.eq((r.findtext(".//Account"), r.findtext(".//Arn")),
         ("123456789012", "arn:aws:iam::123456789012:user/awsemu"), "GetCallerIdentity")
    emu.control("POST", "/_emu/faults", {"errors": [{"action": "GetCallerIdentity",
                                                     "code": "Throttling", "count": 1}]})
    t.eq(sts.error("GetCallerIdentity"), (400, "Throttling"), "scripted faults reach STS")
    st = emu.control("GET", "/_emu/state")
    t.ok("iam" in st and "cloudwatch" in st, "/_emu/state has iam and cloudwatch")


def main():
    t = Tap()
    with Emu(time_factor=0.01) as emu:
        iam, cw, sts, ec2 = (emu.client("iam"), emu.client("monitoring"), emu.client("sts"),
                             emu.client("ec2"))
        net = make_network(ec2)
        t.run(roles, iam)
        t.run(profiles, iam, ec2, net)
        t.run(alarms, cw)
        t.run(caller, sts, emu)
        finish(t, emu, iam, cw, sts, ec2)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
