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
        s = self.control("/_emu/state")
        ec2, asg = s["ec2"], s["autoscaling"]
        ids = {
            "vpc": {v["vpcId"] for v in ec2["vpcs"]},
            "subnet": {v["subnetId"] for v in ec2["subnets"]},
            "igw": {v["internetGatewayId"] for v in ec2["internet_gateways"]},
            "rtb": {v["routeTableId"] for v in ec2["route_tables"]
                    if not any(a.get("main") for a in v.get("associationSet", []))},
            "rtbassoc": {a["routeTableAssociationId"] for v in ec2["route_tables"]
                         for a in v.get("associationSet", []) if not a.get("main")},
            "sg": {v["groupId"] for v in ec2["security_groups"] if v["groupName"] != "default"},
            "instance": {v["instanceId"] for v in ec2["instances"]
                         if v["instanceState"]["name"] not in ("terminated", "shutting-down")
                         and not any(t["key"] == "aws:autoscaling:groupName" for t in v.get("tagSet", []))},
            "eip": {v["allocationId"] for v in ec2["addresses"]},
            "elb": {v["LoadBalancerName"] for v in s["elb"]},
            "lc": {v["LaunchConfigurationName"] for v in asg["launch_configurations"]},
            "asg": {v["AutoScalingGroupName"] for v in asg["groups"]},
        }
        return ids


def state_ids(path):
    """Every id recorded in a state file (current and deposed objects)."""
    if not os.path.exists(path):
        return set()
    with open(path) as f:
        st = json.load(f)
    out = set()
    for r in st.get("resources", []):
        for inst in r.get("instances", []):
            a = inst.get("attributes") or {}
            for k in ("id", "name"):
                if isinstance(a.get(k), str):
                    out.add(a[k])
    return out


def leaks(emu, state_path):
    recorded = state_ids(state_path)
    return sorted(i for ids in emu.resources().values() for i in ids if i not in recorded)


def run(args, cwd, env, timeout=300):
    return subprocess.run([BIN] + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
