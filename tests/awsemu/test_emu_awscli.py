#!/usr/bin/python3
""""Proven honest": drive the emulator with Debian's real `aws` CLI (its own SigV4 signer and
XML parser) for a few calls of each service and check what it parsed. Skipped when
/usr/bin/aws is absent. Talks only to 127.0.0.1."""

import base64
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import KEY, SECRET, Emu, wait_for  # noqa: E402
from tap import Tap  # noqa: E402

AWS = "/usr/bin/aws"
AMI = "ami-0healthy00000001"


class Cli:
    def __init__(self, emu):
        self.endpoint = emu.endpoint
        home = tempfile.mkdtemp(prefix="awsemu-cli-")
        self.env = {"PATH": "/usr/bin:/bin", "HOME": home, "AWS_ACCESS_KEY_ID": KEY,
                    "AWS_SECRET_ACCESS_KEY": SECRET, "AWS_DEFAULT_REGION": "us-east-1",
                    "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                    "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
                    "AWS_PAGER": ""}

    def run(self, *args):
        """(exit code, parsed JSON or None, stderr)"""
        p = subprocess.run([AWS, "--endpoint-url", self.endpoint, "--no-cli-pager",
                            "--output", "json", *args], env=self.env, capture_output=True,
                           text=True, timeout=60)
        out = json.loads(p.stdout) if p.stdout.strip() else None
        return p.returncode, out, p.stderr

    def __call__(self, *args):
        rc, out, err = self.run(*args)
        if rc != 0:
            raise RuntimeError(f"aws {' '.join(args)}: rc={rc}: {err}")
        return out


def ec2(t, cli, st):
    vpc = cli("ec2", "create-vpc", "--cidr-block", "10.7.0.0/16")["Vpc"]
    t.ok(vpc["VpcId"].startswith("vpc-") and vpc["CidrBlock"] == "10.7.0.0/16",
         "ec2 create-vpc parsed")
    d = cli("ec2", "describe-vpcs", "--vpc-ids", vpc["VpcId"])
    t.eq([v["State"] for v in d["Vpcs"]], ["available"], "ec2 describe-vpcs parsed")
    st["vpc"] = vpc["VpcId"]
    st["subnets"] = []
    for n, az in enumerate(("us-east-1a", "us-east-1b")):
        s = cli("ec2", "create-subnet", "--vpc-id", vpc["VpcId"], "--cidr-block",
                f"10.7.{n}.0/24", "--availability-zone", az)["Subnet"]
        st["subnets"].append(s["SubnetId"])
    t.eq(s["AvailabilityZone"], "us-east-1b", "ec2 create-subnet parsed")
    sg = cli("ec2", "create-security-group", "--group-name", "web", "--description", "web",
             "--vpc-id", vpc["VpcId"])
    st["sg"] = sg["GroupId"]
    t.ok(sg["GroupId"].startswith("sg-"), "ec2 create-security-group parsed")
    r = cli("ec2", "run-instances", "--image-id", AMI, "--instance-type", "t2.micro",
            "--subnet-id", st["subnets"][0], "--security-group-ids", st["sg"],
            "--user-data", "#!/bin/sh\necho hello\n", "--tag-specifications",
            "ResourceType=instance,Tags=[{Key=role,Value=cli}]")
    inst = r["Instances"][0]
    st["instance"] = inst["InstanceId"]
    t.eq((inst["State"]["Name"], inst["Tags"]), ("pending", [{"Key": "role", "Value": "cli"}]),
         "ec2 run-instances parsed (state, tags)")
    d = cli("ec2", "describe-instances", "--filters", "Name=tag:role,Values=cli")
    got = d["Reservations"][0]["Instances"][0]
    t.eq((got["InstanceId"], got["PrivateIpAddress"], got["Placement"]["AvailabilityZone"]),
         (inst["InstanceId"], "10.7.0.4", "us-east-1a"), "ec2 describe-instances parsed")
    a = cli("ec2", "describe-instance-attribute", "--instance-id", inst["InstanceId"],
            "--attribute", "userData")
    t.eq(base64.b64decode(a["UserData"]["Value"]), b"#!/bin/sh\necho hello\n",
         "user data base64-encoded by the CLI arrives intact")
    rc, _, err = cli.run("ec2", "describe-vpcs", "--vpc-ids", "vpc-00000000000000000")
    t.ok(rc != 0 and "InvalidVpcID.NotFound" in err, "CLI sees EC2 error code", err)


def ec2_modern(t, cli, st, emu):
    """Issue 18's EC2 calls as the CLI makes them: launch templates, NAT gateways, rules.
    (Few calls: each CLI run costs a second or more; the unit tests cover the rest.)"""
    data = json.dumps({"ImageId": AMI, "InstanceType": "t3.micro",
                       "UserData": base64.b64encode(b"#!/bin/sh\necho lt\n").decode(),
                       "MetadataOptions": {"HttpTokens": "required"},
                       "SecurityGroupIds": [st["sg"]],
                       "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                                "Ebs": {"VolumeSize": 16}}]})
    lt = cli("ec2", "create-launch-template", "--launch-template-name", "cli-lt",
             "--launch-template-data", data)["LaunchTemplate"]
    t.eq((lt["LatestVersionNumber"], lt["DefaultVersionNumber"]), (1, 1),
         "ec2 create-launch-template parsed")
    st["lt"] = lt["LaunchTemplateId"]
    vs = cli("ec2", "describe-launch-template-versions", "--launch-template-id",
             lt["LaunchTemplateId"], "--versions", "$Latest")["LaunchTemplateVersions"]
    t.eq([(v["VersionNumber"], v["DefaultVersion"],
           v["LaunchTemplateData"]["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"],
           v["LaunchTemplateData"]["MetadataOptions"]["HttpTokens"]) for v in vs],
         [(1, True, 16, "required")], "ec2 describe-launch-template-versions parsed")
    eip = emu.client("ec2")("AllocateAddress", {"Domain": "vpc"}).findtext("allocationId")
    nat = cli("ec2", "create-nat-gateway", "--subnet-id", st["subnets"][0],
              "--allocation-id", eip)["NatGateway"]
    t.eq((nat["State"], nat["NatGatewayAddresses"][0]["AllocationId"]), ("pending", eip),
         "ec2 create-nat-gateway parsed")
    r = cli("ec2", "authorize-security-group-ingress", "--group-id", st["sg"], "--protocol",
            "tcp", "--port", "443", "--cidr", "10.0.0.0/8")
    g = r["SecurityGroupRules"][0]
    t.ok(g["SecurityGroupRuleId"].startswith("sgr-") and r["Return"] is True and
         (g["FromPort"], g["CidrIpv4"], g["IsEgress"]) == (443, "10.0.0.0/8", False),
         "ec2 authorize-security-group-ingress parsed (rule id, rule)", r)


def elb(t, cli, st):
    r = cli("elb", "create-load-balancer", "--load-balancer-name", "cli-web", "--listeners",
            "Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80",
            "--subnets", *st["subnets"], "--security-groups", st["sg"])
    t.ok(r["DNSName"].startswith("cli-web-"), "elb create-load-balancer parsed")
    d = cli("elb", "describe-load-balancers", "--load-balancer-names", "cli-web")
    lb = d["LoadBalancerDescriptions"][0]
    t.eq((lb["AvailabilityZones"], lb["ListenerDescriptions"][0]["Listener"]["InstancePort"],
          lb["VPCId"]), (["us-east-1a", "us-east-1b"], 80, st["vpc"]),
         "elb describe-load-balancers parsed")
    # The slowest health check AWS allows (10 checks 300 s apart: 30 wall seconds at the
    # time factor 0.01), so the instance is still OutOfService when the next call looks,
    # however slowly a loaded machine runs the CLI.
    hc = cli("elb", "configure-health-check", "--load-balancer-name", "cli-web",
             "--health-check", "Target=HTTP:80/,Interval=300,Timeout=60,"
             "UnhealthyThreshold=10,HealthyThreshold=10")["HealthCheck"]
    t.eq((hc["Interval"], hc["HealthyThreshold"]), (300, 10), "elb configure-health-check parsed")
    cli("elb", "register-instances-with-load-balancer", "--load-balancer-name", "cli-web",
        "--instances", st["instance"])
    h = cli("elb", "describe-instance-health", "--load-balancer-name", "cli-web")
    t.eq([(s["InstanceId"], s["State"]) for s in h["InstanceStates"]],
         [(st["instance"], "OutOfService")], "elb describe-instance-health parsed")
    rc, _, err = cli.run("elb", "describe-load-balancers", "--load-balancer-names", "nope")
    t.ok(rc != 0 and "LoadBalancerNotFound" in err, "CLI sees ELB error code", err)


def elbv2(t, cli, st):
    """Elastic Load Balancing v2 as the CLI speaks it (same signing name as the classic ELB,
    API version 2015-12-01)."""
    lb = cli("elbv2", "create-load-balancer", "--name", "cli-alb", "--scheme", "internal",
             "--subnets", *st["subnets"], "--security-groups", st["sg"])["LoadBalancers"][0]
    t.eq((lb["Type"], lb["State"]["Code"], len(lb["AvailabilityZones"])),
         ("application", "provisioning", 2), "elbv2 create-load-balancer parsed")
    tg = cli("elbv2", "create-target-group", "--name", "cli-tg", "--protocol", "HTTP",
             "--port", "80", "--vpc-id", st["vpc"])["TargetGroups"][0]
    st["tg"] = tg["TargetGroupArn"]
    t.eq((tg["HealthCheckIntervalSeconds"], tg["HealthCheckEnabled"], tg["Matcher"]),
         (30, True, {"HttpCode": "200"}), "elbv2 create-target-group parsed")
    cli("elbv2", "register-targets", "--target-group-arn", tg["TargetGroupArn"], "--targets",
        f"Id={st['instance']}")
    h = cli("elbv2", "describe-target-health", "--target-group-arn",
            tg["TargetGroupArn"])["TargetHealthDescriptions"]
    # no listener forwards to the group yet: AWS says unused, Target.NotInUse
    t.eq([(d["Target"]["Id"], d["TargetHealth"]["State"], d["TargetHealth"]["Reason"])
          for d in h], [(st["instance"], "unused", "Target.NotInUse")],
         "elbv2 describe-target-health parsed")
    rc, _, err = cli.run("elbv2", "describe-target-groups", "--names", "nope")
    t.ok(rc != 0 and "TargetGroupNotFound" in err, "CLI sees ELBv2 error code", err)


def autoscaling(t, cli, st, emu):
    cli("autoscaling", "create-launch-configuration", "--launch-configuration-name", "cli-lc",
        "--image-id", AMI, "--instance-type", "t2.micro", "--security-groups", st["sg"],
        "--user-data", "#!/bin/sh\necho asg\n")
    cli("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "cli-asg",
        "--launch-configuration-name", "cli-lc", "--min-size", "1", "--max-size", "2",
        "--desired-capacity", "2", "--vpc-zone-identifier", ",".join(st["subnets"]),
        "--load-balancer-names", "cli-web", "--tags",
        "Key=Name,Value=cli,PropagateAtLaunch=true")
    asg = emu.client("autoscaling")
    wait_for(lambda: len([m for m in asg("DescribeAutoScalingGroups").findall(
        ".//Instances/member") if m.findtext("LifecycleState") == "InService"]) == 2, 10)
    d = cli("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
            "cli-asg")
    g = d["AutoScalingGroups"][0]
    t.eq((g["MinSize"], g["MaxSize"], g["DesiredCapacity"], g["LoadBalancerNames"]),
         (1, 2, 2, ["cli-web"]), "autoscaling describe-auto-scaling-groups parsed")
    t.eq(sorted(i["LifecycleState"] for i in g["Instances"]), ["InService", "InService"],
         "group instances parsed")
    t.eq(g["Tags"][0]["PropagateAtLaunch"], True, "tag booleans parsed")
    lcs = cli("autoscaling", "describe-launch-configurations")["LaunchConfigurations"]
    t.eq(base64.b64decode(lcs[0]["UserData"]), b"#!/bin/sh\necho asg\n",
         "launch configuration user data round-trips through the CLI")
    rc, _, err = cli.run("autoscaling", "create-launch-configuration",
                         "--launch-configuration-name", "cli-lc", "--image-id", AMI,
                         "--instance-type", "t2.micro")
    t.ok(rc != 0 and "AlreadyExists" in err, "CLI sees Auto Scaling error code", err)


def autoscaling_modern(t, cli, st):
    """A group from a launch template with a target group, and an instance refresh."""
    cli("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "cli-lt",
        "--launch-template", f"LaunchTemplateId={st['lt']},Version=$Latest",
        "--min-size", "1", "--max-size", "1", "--vpc-zone-identifier", st["subnets"][0],
        "--target-group-arns", st["tg"])
    g = cli("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
            "cli-lt")["AutoScalingGroups"][0]
    t.eq((g["LaunchTemplate"]["LaunchTemplateName"], g["LaunchTemplate"]["Version"],
          g["TargetGroupARNs"]), ("cli-lt", "$Latest", [st["tg"]]),
         "autoscaling group from a launch template parsed")
    rid = cli("autoscaling", "start-instance-refresh", "--auto-scaling-group-name", "cli-lt",
              "--preferences", "MinHealthyPercentage=50")["InstanceRefreshId"]
    r = cli("autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name",
            "cli-lt")["InstanceRefreshes"][0]
    t.ok(r["InstanceRefreshId"] == rid and r["Status"] in ("Pending", "InProgress",
                                                           "Successful") and
         r["Preferences"]["MinHealthyPercentage"] == 50 and
         isinstance(r["PercentageComplete"], int),
         "autoscaling describe-instance-refreshes parsed", r)


def iam_cloudwatch_sts(t, cli):
    """IAM (global, us-east-1), CloudWatch and STS as the CLI speaks them."""
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    role = cli("iam", "create-role", "--role-name", "cli-role",
               "--assume-role-policy-document", trust)["Role"]
    # botocore decodes IAM's URL-encoded policy documents back into JSON
    t.eq((role["Arn"], role["AssumeRolePolicyDocument"]),
         ("arn:aws:iam::123456789012:role/cli-role", json.loads(trust)),
         "iam create-role parsed (policy document decoded)")
    rc, _, err = cli.run("iam", "get-role", "--role-name", "nope")
    t.ok(rc != 0 and "NoSuchEntity" in err, "CLI sees IAM error code", err)
    cli("cloudwatch", "put-metric-alarm", "--alarm-name", "cli-cpu", "--metric-name",
        "CPUUtilization", "--namespace", "AWS/EC2", "--statistic", "Average", "--period",
        "60", "--evaluation-periods", "2", "--threshold", "70", "--comparison-operator",
        "GreaterThanThreshold", "--dimensions", "Name=AutoScalingGroupName,Value=cli-asg")
    a = cli("cloudwatch", "describe-alarms", "--alarm-names", "cli-cpu")["MetricAlarms"][0]
    t.eq((a["Threshold"], a["StateValue"], a["Dimensions"][0]["Value"]),
         (70.0, "INSUFFICIENT_DATA", "cli-asg"), "cloudwatch describe-alarms parsed")
    who = cli("sts", "get-caller-identity")
    t.eq(who["Account"], "123456789012", "sts get-caller-identity parsed")


def s3(t, cli, st):
    """The emulator's S3 (remote state) as the real CLI speaks it: path-style
    object writes, reads, heads and deletes, and a conditional write."""
    body = os.path.join(cli.env["HOME"], "state.json")
    with open(body, "w") as f:
        f.write('{"version": 4, "serial": 1}')
    put = cli("s3api", "put-object", "--bucket", "clicamos-state", "--key", "app/terraform.tfstate",
              "--body", body)
    t.ok(put.get("ETag"), "s3api put-object parsed (ETag)")
    head = cli("s3api", "head-object", "--bucket", "clicamos-state", "--key", "app/terraform.tfstate")
    t.eq(head.get("ContentLength"), 27, "s3api head-object parsed (ContentLength)")
    out = os.path.join(cli.env["HOME"], "got.json")
    cli("s3api", "get-object", "--bucket", "clicamos-state", "--key", "app/terraform.tfstate", out)
    with open(out) as f:
        t.eq(f.read(), '{"version": 4, "serial": 1}', "s3api get-object returns the bytes written")
    cli("s3api", "delete-object", "--bucket", "clicamos-state", "--key", "app/terraform.tfstate")
    rc, _, err = cli.run("s3api", "head-object", "--bucket", "clicamos-state", "--key", "app/terraform.tfstate")
    t.ok(rc != 0 and ("404" in err or "Not Found" in err), "s3api head-object after delete: 404", err)


def main():
    t = Tap()
    if not os.access(AWS, os.X_OK):
        t.skip("aws CLI drives the emulator", f"{AWS} not installed")
        return t.done()
    with Emu(time_factor=0.01) as emu:
        cli, st = Cli(emu), {}
        t.run(ec2, cli, st)
        if "sg" in st:
            t.run(ec2_modern, cli, st, emu)
        t.run(s3, cli, st)
        t.run(iam_cloudwatch_sts, cli)
        if "instance" in st:
            t.run(elb, cli, st)
            t.run(elbv2, cli, st)
            t.run(autoscaling, cli, st, emu)
        if "lt" in st and "tg" in st:
            t.run(autoscaling_modern, cli, st)
        t.eq(emu.stop(), 0, "emulator exits cleanly")
        t.ok("Traceback" not in emu.stderr(), "no emulator tracebacks", emu.stderr())
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
