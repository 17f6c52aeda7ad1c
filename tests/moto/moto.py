"""moto.py: what the tests against moto (the AWS emulator the Python/AWS
community maintains, which nobody here wrote) share: moto started on a free
127.0.0.1 port and always stopped, its request log, botocore clients for it,
and an inventory of what it holds, read with botocore and never with
clicamosc.  Not a test itself; the emulator of our own is tests/awsemu."""
import base64, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, traceback
import urllib.request

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
sys.path.insert(0, os.path.join(TOP, "tests", "e2e"))
from e2e import Cl, Tap, begin  # noqa: E402,F401 (re-exported)

EXAMPLES = os.path.join(TOP, "examples")
REGION = "us-east-1"
# moto launches any image id; two distinct ones make a rollout.
AMI1, AMI2 = "ami-0moto000000000001", "ami-0moto000000000002"


def moto_python():
    """A python that can import moto: $MOTO_PYTHON, python3 on PATH, then
    pyenv's shim (tests/run runs us with /usr/bin/python3, which has none).
    None when there is no such python."""
    for py in [os.environ.get("MOTO_PYTHON"), shutil.which("python3"), "/root/.pyenv/shims/python3"]:
        if py and os.access(py, os.X_OK):
            r = subprocess.run([py, "-c", "import moto.server"], capture_output=True)
            if r.returncode == 0:
                return py
    return None


def why_skip():
    """The reason the moto tests cannot run here, or None."""
    try:
        import botocore.session  # noqa: F401
    except ImportError:
        return "botocore is not installed for %s (Debian: python3-botocore)" % sys.executable
    if not moto_python():
        return "no python with moto (tried $MOTO_PYTHON, python3 on PATH, /root/.pyenv/shims/python3)"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto's server on a free loopback port, recording every request it
    gets into a file (its recorder), so a test can count requests and see
    what AWS would have been sent.  extra_env reaches moto's process
    (INITIAL_NO_AUTH_ACTION_COUNT turns its signature checks on)."""

    def __init__(self, work, extra_env=None):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.recording = os.path.join(work, "moto-recording.jsonl")
        env = dict(os.environ, MOTO_ENABLE_RECORDING="1", MOTO_RECORDER_FILEPATH=self.recording,
                   **(extra_env or {}))
        self.log = open(os.path.join(work, "moto.log"), "w+")
        self.proc = subprocess.Popen([moto_python(), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/moto-api/data.json", timeout=2).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.stop()
                    raise RuntimeError("moto did not start:\n" + self.output())
                time.sleep(0.1)
        # The readiness probe is not an AWS request: start the count at zero.
        self.reset_recording()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("AWS_") and k not in ("NO_COLOR",)}
        self.env.update(AWS_ENDPOINT_URL=self.url, AWS_ACCESS_KEY_ID="testing",
                        AWS_SECRET_ACCESS_KEY="testing", AWS_REGION=REGION,
                        AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE=os.devnull,
                        AWS_SHARED_CREDENTIALS_FILE=os.devnull, NO_COLOR="1")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def reset_recording(self):
        open(self.recording, "w").close()

    def requests(self):
        """Every request moto got since the last reset, as its recorder wrote
        them: dicts with method, url, headers, and body (form bodies decoded)."""
        out = []
        if not os.path.exists(self.recording):
            return out
        with open(self.recording) as f:
            for line in f:
                e = json.loads(line)
                if e.get("body_encoded") and e.get("body"):
                    e["body"] = base64.b64decode(e["body"]).decode("utf-8", "replace")
                out.append(e)
        return out

    def client(self, service, key="testing", secret="testing"):
        import botocore.session
        from botocore.config import Config
        s = botocore.session.Session()
        return s.create_client(service, region_name=REGION, endpoint_url=self.url,
                               aws_access_key_id=key, aws_secret_access_key=secret,
                               config=Config(retries={"max_attempts": 2}))

    def inventory(self, group_instances=True):
        """Kind -> sorted ids of everything moto holds that a configuration
        can make (moto's default VPC and what comes with it included: a test
        compares against the inventory taken before it started), leaving out
        each VPC's main route table and default security group, which come
        and go with the VPC.  Instances
        count until terminated; an Auto Scaling group's instances too unless
        group_instances is False (a state records the group, not them)."""
        def mine(i):
            return group_instances or not any(t["Key"] == "aws:autoscaling:groupName" for t in i.get("Tags", []))
        ec2, elb, asg = self.client("ec2"), self.client("elb"), self.client("autoscaling")
        elbv2 = self.client("elbv2")
        lbs = [v["LoadBalancerArn"] for v in elbv2.describe_load_balancers()["LoadBalancers"]]
        listeners = [v["ListenerArn"] for a in lbs for v in elbv2.describe_listeners(LoadBalancerArn=a)["Listeners"]]
        rtbs = ec2.describe_route_tables()["RouteTables"]
        inv = {
            "vpc": [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]],
            "subnet": [v["SubnetId"] for v in ec2.describe_subnets()["Subnets"]],
            "igw": [v["InternetGatewayId"] for v in ec2.describe_internet_gateways()["InternetGateways"]],
            "rtb": [v["RouteTableId"] for v in rtbs if not any(a.get("Main") for a in v.get("Associations", []))],
            "rtbassoc": [a["RouteTableAssociationId"] for v in rtbs for a in v.get("Associations", [])
                         if not a.get("Main")],
            "sg": [v["GroupId"] for v in ec2.describe_security_groups()["SecurityGroups"] if v["GroupName"] != "default"],
            "instance": [i["InstanceId"] for r in ec2.describe_instances()["Reservations"]
                         for i in r["Instances"]
                         if i["State"]["Name"] not in ("terminated", "shutting-down") and mine(i)],
            "eip": [v.get("AllocationId") for v in ec2.describe_addresses()["Addresses"]],
            "key": [v["KeyName"] for v in ec2.describe_key_pairs()["KeyPairs"]],
            "elb": [v["LoadBalancerName"] for v in elb.describe_load_balancers()["LoadBalancerDescriptions"]],
            "lc": [v["LaunchConfigurationName"]
                   for v in asg.describe_launch_configurations()["LaunchConfigurations"]],
            "asg": [v["AutoScalingGroupName"] for v in asg.describe_auto_scaling_groups()["AutoScalingGroups"]],
            "lb": lbs,
            "tg": [v["TargetGroupArn"] for v in elbv2.describe_target_groups()["TargetGroups"]],
            "listener": listeners,
            # a listener's default rule comes and goes with it
            "rule": [v["RuleArn"] for a in listeners for v in elbv2.describe_rules(ListenerArn=a)["Rules"]
                     if not v.get("IsDefault")],
        }
        return {k: sorted(v) for k, v in inv.items()}


def added(before, after):
    """Kind -> the ids in `after` that `before` does not hold; only kinds with any."""
    out = {}
    for k, ids in after.items():
        extra = sorted(set(ids) - set(before.get(k, [])))
        if extra:
            out[k] = extra
    return out


def mutations(moto):
    """The EC2, ELB and Auto Scaling actions moto was sent since the last
    reset that change something (the S3 state and its lock file aside)."""
    out = []
    for e in moto.requests():
        a = re.search(r"(?:^|&)Action=([A-Za-z]+)", e.get("body") or "") or re.search(r"[?&]Action=([A-Za-z]+)", e["url"])
        if a and not a.group(1).startswith(("Describe", "Get", "List")):
            out.append(a.group(1))
    return out


def unrecorded(moto, before, state_path):
    """What moto holds, beyond what it held before, that the state does not record."""
    from emu import state_ids
    made = added(before, moto.inventory(group_instances=False))
    rec = {}
    if os.path.exists(state_path):
        with open(state_path) as f:
            rec = state_ids(json.load(f))
    out = {}
    for k, ids in made.items():
        extra = sorted(set(ids) - rec.get(k, set()))
        if extra:
            out[k] = extra
    return out


def no_changes(t, r, name):
    """plan -detailed-exitcode said there is nothing to do."""
    return t.ok(r.returncode == 0 and "No changes" in r.stdout, name, r.stdout[-3000:] + r.stderr[-1000:])


def main(body, title, moto_env=None):
    """Runs body(t, moto, cl, work) with a fresh moto and working directory,
    stopping and removing both whatever happened; or one visible skip when
    moto or botocore is missing."""
    begin(title)
    reason = why_skip()
    if reason:
        print("ok 1 - %s # SKIP %s" % (title, reason))
        print("1..1")
        sys.exit(0)
    t = Tap()
    work = tempfile.mkdtemp(prefix="clmoto")
    moto = None
    cl = None
    try:
        moto = Moto(work, moto_env)
        cl = Cl(work, moto.env)
        body(t, moto, cl, work)
    except BaseException:
        t.ok(False, "the script ran to its end",
             traceback.format_exc() + ("\nmoto's log:\n" + moto.output() if moto else ""))
    finally:
        for p in (cl.started if cl else []):
            if p.poll() is None:
                p.kill()
                p.wait()
        if moto:
            moto.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % t.n)
    sys.exit(0)
