#!/usr/bin/python3
"""The same calls against the emulator and against moto (the community's AWS emulator, which
nobody here wrote) for issue 18's services: launch templates, NAT gateways, security group
rules, ELBv2, Auto Scaling with a launch template and target group, CloudWatch alarms, IAM.
Both answers must fit the botocore output shapes, and what each says is compared. Where moto
differs from AWS the difference is named below, and the emulator is held to what AWS says.
Skipped visibly when no python has moto."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
from client import ApiError, Client, Emu, members  # noqa: E402
from tap import Tap  # noqa: E402

# label -> why moto's answer is not AWS's (moto 5.2.1); the emulator must give AWS's
MOTO_DIFFERS = {
    "nat state after create": "moto makes a NAT gateway available at once; AWS answers "
                              "pending and takes a minute or more",
    "target health after register": "moto reports a registered target healthy at once; AWS "
                                    "starts at initial (Elb.RegistrationInProgress)",
    "deleted alarm error": "moto's DeleteAlarms ignores unknown names; AWS answers "
                           "ResourceNotFound and deletes nothing",
    "$Latest after a version from 1": "moto's CreateLaunchTemplateVersion ignores "
                                      "SourceVersion; AWS starts from the source's data",
    "unknown template id": "moto lists nothing for an unknown id; AWS answers "
                           "InvalidLaunchTemplateId.NotFound",
    "duplicate listener": "moto accepts a second listener on the same port; AWS answers "
                          "DuplicateListener",
    "alarm after put": "moto starts an alarm OK; AWS starts it INSUFFICIENT_DATA until it "
                       "has evaluated data",
}
# what AWS says, for the labels above
AWS_SAYS = {"nat state after create": "pending",
            "target health after register": ("initial", "Elb.RegistrationInProgress"),
            "deleted alarm error": "ResourceNotFound",
            "$Latest after a version from 1": ("2", "t3.small", "ami-0healthy00000001"),
            "unknown template id": "InvalidLaunchTemplateId.NotFound",
            "duplicate listener": "DuplicateListener",
            "alarm after put": ("INSUFFICIENT_DATA", "50.0")}


def moto_python():
    for py in [os.environ.get("MOTO_PYTHON"), shutil.which("python3"),
               "/root/.pyenv/shims/python3"]:
        if py and os.access(py, os.X_OK) and subprocess.run(
                [py, "-c", "import moto.server"], capture_output=True).returncode == 0:
            return py
    return None


class Moto:
    def __init__(self, py):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([py, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                                      str(self.port)], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/moto-api/data.json",
                                       timeout=2).close()
                return
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.stop()
                    raise RuntimeError("moto did not start")
                time.sleep(0.1)

    def client(self, service, **kw):
        return Client(self.port, service, **kw)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def code(c, action, params):
    try:
        c(action, params)
        return None
    except ApiError as e:
        return e.code


def scenario(backend):
    """Run the calls on one backend; (observations {label: value}, shape problems)."""
    ec2, v2, asg = backend.client("ec2"), backend.client("elbv2"), backend.client("autoscaling")
    cw, iam = backend.client("monitoring"), backend.client("iam")
    seen = {}
    vpc = ec2("CreateVpc", {"CidrBlock": "10.9.0.0/16"}).findtext(".//vpcId")
    igw = ec2("CreateInternetGateway").findtext(".//internetGatewayId")
    ec2("AttachInternetGateway", {"InternetGatewayId": igw, "VpcId": vpc})
    subnets = [ec2("CreateSubnet", {"VpcId": vpc, "CidrBlock": f"10.9.{n}.0/24",
                                    "AvailabilityZone": az}).findtext(".//subnetId")
               for n, az in enumerate(("us-east-1a", "us-east-1b"))]
    sg = ec2("CreateSecurityGroup", {"GroupName": "web", "GroupDescription": "web",
                                     "VpcId": vpc}).findtext(".//groupId")
    r = ec2("AuthorizeSecurityGroupIngress", {
        "GroupId": sg, "IpPermissions.1.IpProtocol": "tcp", "IpPermissions.1.FromPort": "80",
        "IpPermissions.1.ToPort": "80", "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"})
    seen["authorize answers rule ids"] = bool(r.findtext(".//securityGroupRuleId"))
    lt = ec2("CreateLaunchTemplate", {"LaunchTemplateName": "cmp",
                                      "LaunchTemplateData.ImageId": "ami-0healthy00000001",
                                      "LaunchTemplateData.InstanceType": "t3.micro"})
    lt_id = lt.findtext(".//launchTemplateId")
    seen["lt versions after create"] = (lt.findtext(".//defaultVersionNumber"),
                                        lt.findtext(".//latestVersionNumber"))
    ec2("CreateLaunchTemplateVersion", {"LaunchTemplateId": lt_id, "SourceVersion": "1",
                                        "LaunchTemplateData.InstanceType": "t3.small"})
    r = ec2("DescribeLaunchTemplateVersions", {"LaunchTemplateId": lt_id,
                                               "LaunchTemplateVersion.1": "$Latest"})
    seen["$Latest after a version from 1"] = (r.findtext(".//versionNumber"),
                                              r.findtext(".//launchTemplateData/instanceType"),
                                              r.findtext(".//launchTemplateData/imageId"))
    seen["unknown template id"] = code(ec2, "DescribeLaunchTemplates",
                                       {"LaunchTemplateId.1": "lt-0123456789abcdef0"})
    seen["template name taken"] = code(ec2, "CreateLaunchTemplate", {
        "LaunchTemplateName": "cmp", "LaunchTemplateData.ImageId": "ami-0healthy00000001"})
    eip = ec2("AllocateAddress", {"Domain": "vpc"}).findtext(".//allocationId")
    nat = ec2("CreateNatGateway", {"SubnetId": subnets[0], "AllocationId": eip})
    seen["nat state after create"] = nat.findtext(".//state")
    lb = v2("CreateLoadBalancer", {"Name": "cmp", **members("Subnets", subnets),
                                   **members("SecurityGroups", [sg])})
    seen["lb state after create"] = lb.findtext(".//State/Code")
    lb_arn = lb.findtext(".//LoadBalancerArn")
    tg = v2("CreateTargetGroup", {"Name": "cmp", "Protocol": "HTTP", "Port": "80",
                                  "VpcId": vpc}).find(".//TargetGroups/member")
    seen["target group defaults"] = tuple(tg.findtext(k) for k in (
        "HealthCheckProtocol", "HealthCheckPort", "HealthCheckPath",
        "HealthCheckIntervalSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount",
        "Matcher/HttpCode"))
    tg_arn = tg.findtext("TargetGroupArn")
    v2("CreateListener", {"LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": "80",
                          "DefaultActions.member.1.Type": "forward",
                          "DefaultActions.member.1.TargetGroupArn": tg_arn})
    r = v2("DescribeTargetGroupAttributes", {"TargetGroupArn": tg_arn})
    seen["deregistration delay default"] = next(
        m.findtext("Value") for m in r.findall(".//Attributes/member")
        if m.findtext("Key") == "deregistration_delay.timeout_seconds")
    inst = ec2("RunInstances", {"MinCount": "1", "MaxCount": "1", "SubnetId": subnets[0],
                                "LaunchTemplate.LaunchTemplateId": lt_id})
    seen["RunInstances from the default version"] = inst.findtext(".//instanceType")
    iid = inst.findtext(".//instanceId")
    v2("RegisterTargets", {"TargetGroupArn": tg_arn, "Targets.member.1.Id": iid})
    h = v2("DescribeTargetHealth", {"TargetGroupArn": tg_arn})
    seen["target health after register"] = (h.findtext(".//TargetHealth/State"),
                                             h.findtext(".//TargetHealth/Reason"))
    seen["unknown target group"] = code(v2, "DescribeTargetGroups", {
        "Names.member.1": "nope"})
    seen["duplicate listener"] = code(v2, "CreateListener", {
        "LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": "80",
        "DefaultActions.member.1.Type": "forward",
        "DefaultActions.member.1.TargetGroupArn": tg_arn})
    asg("CreateAutoScalingGroup", {"AutoScalingGroupName": "cmp", "MinSize": "1",
                                   "MaxSize": "2", "VPCZoneIdentifier": ",".join(subnets),
                                   "LaunchTemplate.LaunchTemplateId": lt_id,
                                   "LaunchTemplate.Version": "$Latest",
                                   **members("TargetGroupARNs", [tg_arn])})
    g = asg("DescribeAutoScalingGroups", members("AutoScalingGroupNames", ["cmp"]))
    seen["group launch template and target groups"] = (
        g.findtext(".//LaunchTemplate/LaunchTemplateName"),
        g.findtext(".//LaunchTemplate/Version"),
        g.findtext(".//TargetGroupARNs/member") == tg_arn)
    cw("PutMetricAlarm", {"AlarmName": "cmp", "MetricName": "CPUUtilization",
                          "Namespace": "AWS/EC2", "Statistic": "Average", "Period": "60",
                          "EvaluationPeriods": "1", "Threshold": "50",
                          "ComparisonOperator": "GreaterThanThreshold"})
    a = cw("DescribeAlarms", members("AlarmNames", ["cmp"]))
    seen["alarm after put"] = (a.findtext(".//StateValue"), a.findtext(".//Threshold"))
    seen["deleted alarm error"] = code(cw, "DeleteAlarms", members("AlarmNames", ["nope"]))
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
             '{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}')
    role = iam("CreateRole", {"RoleName": "cmp", "AssumeRolePolicyDocument": trust})
    seen["role arn"] = role.findtext(".//Arn")
    seen["unknown role"] = code(iam, "GetRole", {"RoleName": "nope"})
    iam("CreateInstanceProfile", {"InstanceProfileName": "cmp"})
    iam("AddRoleToInstanceProfile", {"InstanceProfileName": "cmp", "RoleName": "cmp"})
    seen["second role in a profile"] = code(iam, "AddRoleToInstanceProfile", {
        "InstanceProfileName": "cmp", "RoleName": "cmp"})
    seen["delete a role in a profile"] = code(iam, "DeleteRole", {"RoleName": "cmp"})
    problems = [p for c in (ec2, v2, asg, cw, iam) for p in c.shape_problems]
    return seen, problems


def main():
    t = Tap()
    py = moto_python()
    if not py:
        t.skip("the emulator and moto answer alike", "no python with moto (tried "
               "$MOTO_PYTHON, python3 on PATH, /root/.pyenv/shims/python3)")
        return t.done()
    if not models.load("elbv2"):
        t.skip("the emulator and moto answer alike", "no botocore models (python3-botocore)")
        return t.done()
    moto = Moto(py)
    try:
        with Emu(time_factor=1.0) as emu:
            mine, mine_problems = scenario(emu)
            t.eq(emu.stop(), 0, "emulator exits cleanly")
        theirs, moto_problems = scenario(moto)
    finally:
        moto.stop()
    t.ok(not mine_problems, "the emulator's answers fit the botocore shapes",
         "\n".join(mine_problems))
    # moto's answers are looked at, not judged: a moto shape problem is only reported
    t.diag("moto shape problems: " + ("; ".join(moto_problems[:5]) or "none"))
    for label in mine:
        if label in MOTO_DIFFERS:
            t.eq(mine[label], AWS_SAYS[label], f"{label}: AWS's answer (moto differs: "
                 f"{MOTO_DIFFERS[label]}; moto said {theirs.get(label)!r})")
        else:
            t.eq(mine[label], theirs.get(label), f"{label}: same as moto")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
