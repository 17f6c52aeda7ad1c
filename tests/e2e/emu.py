"""emu.py: what the end-to-end tests written in Python share: an emulator
started with emuctl.sh (its environment for clicamosc), runs of the
binary, and the emulator's resources by kind for leak checks."""
import json, os, subprocess, tempfile, urllib.request

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
EMUCTL = os.path.join(TOP, "tests", "awsemu", "emuctl.sh")


class Emulator:
    def __init__(self, time_factor=0.01):
        self.dir = tempfile.mkdtemp(prefix="clemu")
        out = subprocess.run(["sh", EMUCTL, "start", self.dir, "--time-factor", str(time_factor)],
                             capture_output=True, text=True, check=True).stdout
        self.env = dict(os.environ)
        for line in out.splitlines():
            if line.startswith("export "):
                k, _, v = line[7:].partition("=")
                self.env[k] = v.strip("'\"")
            elif line.startswith("unset "):
                for k in line[6:].split():
                    self.env.pop(k, None)
        self.url = self.env["AWS_ENDPOINT_URL"]

    def stop(self):
        subprocess.run(["sh", EMUCTL, "stop", self.dir], capture_output=True)

    def control(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method="POST" if data is not None else "GET")
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"null")

    def resources(self):
        """The ids of everything a configuration can have created, by kind."""
        return ids(self.control("/_emu/state"))


# How each resource type shows in the emulator: its kind in ids() below.
KIND = {"aws_vpc": "vpc", "aws_subnet": "subnet", "aws_internet_gateway": "igw",
        "aws_route_table": "rtb", "aws_route_table_association": "rtbassoc",
        "aws_security_group": "sg", "aws_instance": "instance", "aws_eip": "eip",
        "aws_key_pair": "key", "aws_elb": "elb", "aws_launch_configuration": "lc",
        "aws_autoscaling_group": "asg", "aws_lb": "lb", "aws_lb_target_group": "tg",
        "aws_lb_listener": "listener", "aws_lb_listener_rule": "rule"}


def state_ids(st):
    """Kind -> the ids of every object (deposed ones too) the state records
    (not of types that are no object of their own, as a target group
    attachment)."""
    out = {k: set() for k in KIND.values()}
    for r in st.get("resources", []):
        if r.get("mode", "managed") == "managed" and r["type"] in KIND:
            for i in r.get("instances", []):
                out[KIND[r["type"]]].add((i.get("attributes") or {}).get("id"))
    return out


def ids(s, with_asg_instances=False):
    """Kind -> ids of every resource in an /_emu/state dump that a
    configuration can have made: not the VPCs' own default security groups
    and main route tables, not terminated instances, not (unless asked) the
    instances an Auto Scaling group launched."""
    ec2 = s["ec2"]
    def live(i):
        return i["instanceState"]["name"] not in ("terminated", "shutting-down")
    def by_group(i):
        return any(t["key"] == "aws:autoscaling:groupName" for t in i.get("tagSet") or [])
    return {
        "vpc": {v["vpcId"] for v in ec2["vpcs"]},
        "subnet": {v["subnetId"] for v in ec2["subnets"]},
        "igw": {v["internetGatewayId"] for v in ec2["internet_gateways"]},
        "rtb": {v["routeTableId"] for v in ec2["route_tables"]
                if not any(a.get("main") for a in v.get("associationSet", []))},
        "rtbassoc": {a["routeTableAssociationId"] for v in ec2["route_tables"]
                     for a in v.get("associationSet", []) if not a.get("main")},
        "sg": {v["groupId"] for v in ec2["security_groups"] if v["groupName"] != "default"},
        "instance": {i["instanceId"] for i in ec2["instances"]
                     if live(i) and (with_asg_instances or not by_group(i))},
        "eip": {v["allocationId"] for v in ec2["addresses"]},
        "key": {v["keyName"] for v in ec2["key_pairs"]},
        "elb": {v["LoadBalancerName"] for v in s["elb"]},
        "lc": {v["LaunchConfigurationName"] for v in s["autoscaling"]["launch_configurations"]},
        "asg": {v["AutoScalingGroupName"] for v in s["autoscaling"]["groups"]},
    }


def mismatch(s, st):
    """What the emulator holds that the state does not record, and the
    reverse, by kind; empty when they agree."""
    emu, rec = ids(s), state_ids(st)
    out = {}
    for k in emu:
        extra, missing = sorted(emu[k] - rec[k]), sorted(rec[k] - emu[k])
        if extra or missing:
            out[k] = {"not in state": extra, "not in the emulator": missing}
    return out


def leaks(emu, state_path):
    """The ids the emulator holds that the state file does not record."""
    if not os.path.exists(state_path):
        return sorted(i for v in emu.resources().values() for i in v)
    with open(state_path) as f:
        diff = mismatch(emu.control("/_emu/state"), json.load(f))
    return sorted(i for d in diff.values() for i in d["not in state"])


def run(args, cwd, env, timeout=300):
    return subprocess.run([BIN] + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
