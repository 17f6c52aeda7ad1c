#!/usr/bin/python3
"""test_moto_lost_answers.py: issue 20's table against moto, through
lostproxy.py (a loopback proxy that lets each create reach moto and then
drops the connection, or answers 500).  One resource of every supported
type (lost_answers/main.cl), every first create's answer lost, in both
modes: the apply adopts what each lost create made, moto holds each object
once, state records exactly those, the next apply and a plan have nothing
to do, destroy leaves what moto held before.  Skips visibly without moto
or botocore.  Prints TAP."""
import os, shutil, signal, socket, subprocess, sys, tempfile, time, traceback, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
sys.path.insert(0, HERE)
from lostproxy import LostProxy  # noqa: E402

CREATES = ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "CreateRouteTable", "AssociateRouteTable",
           "CreateSecurityGroup", "ImportKeyPair", "RunInstances", "AllocateAddress", "CreateLoadBalancer",
           "CreateLaunchConfiguration", "CreateAutoScalingGroup", "CreateLaunchTemplate",
           "CreateNatGateway", "AuthorizeSecurityGroupEgress"]
# AllocateAddress is lost once (the first address); the NAT gateway's is the second.
# What the configuration makes, by kind (the group's own instance apart).
WANT = {"vpc": 1, "subnet": 1, "igw": 1, "rtb": 1, "rtbassoc": 1, "sg": 1, "key": 1, "instance": 1,
        "eip": 2, "elb": 1, "lc": 1, "asg": 1, "lt": 1,
        "nat": 1, "sgr": 1}


def moto_python():
    for py in [os.environ.get("MOTO_PYTHON"), shutil.which("python3"), "/root/.pyenv/shims/python3"]:
        if py and os.access(py, os.X_OK) and \
                subprocess.run([py, "-c", "import moto.server"], capture_output=True).returncode == 0:
            return py
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(work):
    """moto on a free port; another port when one is taken in the meantime
    (another test's server may answer there: ours must be the one alive)."""
    for attempt in range(3):
        port = free_port()
        url = "http://127.0.0.1:%d" % port
        log = open(os.path.join(work, "moto-%d.log" % attempt), "w")
        proc = subprocess.Popen([moto_python(), "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = time.time() + 60
        while proc.poll() is None and time.time() < deadline:
            try:
                urllib.request.urlopen(url + "/moto-api/data.json", timeout=2).close()
                if proc.poll() is None:
                    return proc, url
            except OSError:
                time.sleep(0.1)
        stop(proc)
    raise RuntimeError("moto did not start (three tries)")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def inventory(url):
    """Kind -> ids of what moto holds, asked with botocore (never clicamosc)."""
    import botocore.session
    s = botocore.session.Session()
    c = {n: s.create_client(n, region_name="us-east-1", endpoint_url=url, aws_access_key_id="testing",
                            aws_secret_access_key="testing") for n in ("ec2", "elb", "autoscaling")}
    ec2 = c["ec2"]
    rtbs = ec2.describe_route_tables()["RouteTables"]
    grouped = lambda i: any(t["Key"] == "aws:autoscaling:groupName" for t in i.get("Tags", []))  # noqa: E731
    return {
        "vpc": {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]},
        "subnet": {v["SubnetId"] for v in ec2.describe_subnets()["Subnets"]},
        "igw": {v["InternetGatewayId"] for v in ec2.describe_internet_gateways()["InternetGateways"]},
        "rtb": {v["RouteTableId"] for v in rtbs if not any(a.get("Main") for a in v.get("Associations", []))},
        "rtbassoc": {a["RouteTableAssociationId"] for v in rtbs for a in v.get("Associations", [])
                     if not a.get("Main")},
        "sg": {v["GroupId"] for v in ec2.describe_security_groups()["SecurityGroups"] if v["GroupName"] != "default"},
        "key": {v["KeyName"] for v in ec2.describe_key_pairs()["KeyPairs"]},
        "instance": {i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
                     if i["State"]["Name"] not in ("terminated", "shutting-down") and not grouped(i)},
        "eip": {v.get("AllocationId") for v in ec2.describe_addresses()["Addresses"]},
        "elb": {v["LoadBalancerName"] for v in c["elb"].describe_load_balancers()["LoadBalancerDescriptions"]},
        "lc": {v["LaunchConfigurationName"]
               for v in c["autoscaling"].describe_launch_configurations()["LaunchConfigurations"]},
        "asg": {v["AutoScalingGroupName"]
                for v in c["autoscaling"].describe_auto_scaling_groups()["AutoScalingGroups"]},
        "lt": {v["LaunchTemplateId"] for v in ec2.describe_launch_templates()["LaunchTemplates"]},
        "nat": {v["NatGatewayId"] for v in ec2.describe_nat_gateways()["NatGateways"]
                if v["State"] not in ("deleted", "deleting")},
        "sgr": {v["SecurityGroupRuleId"] for v in ec2.describe_security_group_rules()["SecurityGroupRules"]
                if v.get("IsEgress") and v.get("FromPort") == 443},
    }


def added(before, after):
    return {k: sorted(after[k] - before[k]) for k in after if after[k] - before[k]}


class Tap:
    n = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name), flush=True)
        if not cond and detail:
            for line in str(detail).rstrip().splitlines()[-25:]:
                print("#   " + line)
        return bool(cond)


def body(t, moto_url, proxy, work):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ENDPOINT_URL=proxy.url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               NO_COLOR="1")
    cfg = os.path.join(work, "cfg")
    shutil.copytree(os.path.join(HERE, "lost_answers"), cfg)

    def cl(*args):
        r = subprocess.run([BIN] + list(args), cwd=work, env=env, capture_output=True, text=True, timeout=600)
        r.out = r.stdout + r.stderr
        return r

    before = inventory(moto_url)
    for mode in ("drop", "500"):
        proxy.lose([{"action": a, "mode": mode} for a in CREATES])
        lost0 = proxy.lost
        r = cl("apply", "-auto-approve", cfg)
        t.ok(r.returncode == 0 and "Apply complete! Resources: %d added" % sum(WANT.values()) in r.stdout,
             "%s: the apply whose every create loses its answer succeeds" % mode, r.out)
        t.ok(proxy.lost - lost0 == len(CREATES), "%s: each of the %d creates reached moto and lost its answer (%d)"
             % (mode, len(CREATES), proxy.lost - lost0), ",".join(proxy.seen))
        adopted = [a for a in CREATES if a + " lost its answer" in r.out]
        t.ok(sorted(adopted) == sorted(CREATES), "%s: each lost create was adopted, and the output says so" % mode,
             "%s\nmissing: %s" % (r.out, sorted(set(CREATES) - set(adopted))))
        made = added(before, inventory(moto_url))
        t.ok({k: len(v) for k, v in made.items()} == WANT, "%s: moto holds each object once" % mode, str(made))
        r = cl("state", "list")
        t.ok(r.returncode == 0 and len(r.stdout.split()) == sum(WANT.values()), "%s: state records the %d objects"
             % (mode, sum(WANT.values())), r.out)
        proxy.lose([])
        r = cl("apply", "-auto-approve", cfg)
        t.ok(r.returncode == 0 and "No changes." in r.stdout, "%s: the next apply has nothing to do" % mode, r.out)
        r = cl("plan", "-detailed-exitcode", cfg)
        t.ok(r.returncode == 0 and "No changes." in r.stdout, "%s: plan shows no changes" % mode, r.out)
        r = cl("destroy", "-auto-approve", cfg)
        left = added(before, inventory(moto_url))
        t.ok(r.returncode == 0 and not left, "%s: destroy leaves nothing (%s)" % (mode, left), r.out)


def main():
    title = "creates whose answers are lost, against moto through a proxy"
    print("# " + title, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    reason = None
    try:
        import botocore.session  # noqa: F401
    except ImportError:
        reason = "botocore is not installed for %s (Debian: python3-botocore)" % sys.executable
    if not reason and not moto_python():
        reason = "no python with moto (tried $MOTO_PYTHON, python3 on PATH, /root/.pyenv/shims/python3)"
    if reason:
        print("ok 1 - %s # SKIP %s\n1..1" % (title, reason))
        return
    t = Tap()
    work = tempfile.mkdtemp(prefix="clmotolost")
    proc = proxy = None
    try:
        proc, url = start_moto(work)
        proxy = LostProxy(url)
        body(t, url, proxy, work)
    except BaseException:
        t.ok(False, "the script ran to its end", traceback.format_exc())
    finally:
        if proxy:
            proxy.stop()
        if proc:
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % t.n)


main()
