"""Test-side helpers: start/stop an emulator process on a free 127.0.0.1 port, a minimal
SigV4-signing query client for EC2 / ELB / Auto Scaling, and the control API. Written
independently of the server's sigv4.py so that the two check each other."""

import datetime
import hashlib
import hmac
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "AKIAEMULATORTEST0001"
SECRET = "emulator/Secret/Key+do-not-use/00000000"
VERSIONS = {"ec2": "2016-11-15", "elasticloadbalancing": "2012-06-01",
            "autoscaling": "2011-01-01", "elbv2": "2015-12-01", "monitoring": "2010-08-01",
            "iam": "2010-05-08", "sts": "2011-06-15"}
SCOPES = {"elbv2": "elasticloadbalancing"}   # signed under another service's name


class ApiError(Exception):
    def __init__(self, status, code, message, action):
        super().__init__(f"{action}: HTTP {status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


def _strip_ns(el):
    for e in el.iter():
        e.tag = e.tag.split("}", 1)[-1]
    return el


def _enc(s):
    return quote(str(s), safe="-_.~")


class Emu:
    """An emulator process for one test file. Always stopped, even on failure."""

    def __init__(self, *args, time_factor=0.01, seed=1):
        self.dir = tempfile.mkdtemp(prefix="awsemu-test-")
        pf = os.path.join(self.dir, "port")
        self.log = open(os.path.join(self.dir, "log"), "w+")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(HERE, "awsemu.py"), "--port", "0",
             "--port-file", pf, "--time-factor", str(time_factor), "--seed", str(seed),
             *args], stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.banner = self.proc.stdout.readline().strip()
        deadline = time.time() + 10
        while not os.path.exists(pf):
            if time.time() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("emulator did not start: " + self.stderr())
            time.sleep(0.02)
        self.port = int(open(pf).read())
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def stderr(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def control(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        out = json.loads(r.read() or b"null")
        conn.close()
        if r.status != 200:
            raise RuntimeError(f"{method} {path}: {r.status} {out}")
        return out

    def client(self, service, **kw):
        return Client(self.port, service, **kw)


class Client:
    def __init__(self, port, service, region="us-east-1", key=KEY, secret=SECRET,
                 token=None, check_shapes=True):
        self.port, self.service, self.region = port, service, region
        self.key, self.secret, self.token = key, secret, token
        self.check_shapes = check_shapes
        self.shape_problems = []

    def sign(self, body, when=None, tamper=False):
        when = when or datetime.datetime.now(datetime.timezone.utc)
        amz = when.strftime("%Y%m%dT%H%M%SZ")
        day = amz[:8]
        host = f"127.0.0.1:{self.port}"
        headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8",
                   "host": host, "x-amz-date": amz}
        if self.token:
            headers["x-amz-security-token"] = self.token
        names = sorted(headers)
        creq = "\n".join(["POST", "/", "", "".join(f"{h}:{headers[h]}\n" for h in names),
                          ";".join(names), hashlib.sha256(body).hexdigest()])
        signing = SCOPES.get(self.service, self.service)
        scope = f"{day}/{self.region}/{signing}/aws4_request"
        sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope,
                         hashlib.sha256(creq.encode()).hexdigest()])
        k = ("AWS4" + self.secret).encode()
        for part in (day, self.region, signing, "aws4_request"):
            k = hmac.new(k, part.encode(), hashlib.sha256).digest()
        sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
        if tamper:
            sig = ("0" if sig[0] != "0" else "1") + sig[1:]
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.key}/{scope}, "
                                    f"SignedHeaders={';'.join(names)}, Signature={sig}")
        return headers

    def raw(self, action, params=None, when=None, tamper=False, version=None):
        """(status, root element) without raising on AWS errors."""
        params = dict(params or {})
        params.update(Action=action, Version=version or VERSIONS[self.service])
        body = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(params.items())).encode()
        headers = self.sign(body, when, tamper)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("POST", "/", body=body, headers=headers)
        r = conn.getresponse()
        text = r.read()
        conn.close()
        return r.status, _strip_ns(ET.fromstring(text))

    def __call__(self, action, params=None, **kw):
        status, root = self.raw(action, params, **kw)
        if status != 200:
            code = root.findtext(".//Code")
            raise ApiError(status, code, root.findtext(".//Message"), action)
        if self.check_shapes:
            sys.path.insert(0, HERE)
            import models
            self.shape_problems += [f"{action}: {p}" for p in
                                    models.check_response(self.service, action, root)]
        return root

    def error(self, action, params=None, **kw):
        """(status, code) of a call expected to fail; (200, None) if it succeeded."""
        status, root = self.raw(action, params, **kw)
        return status, root.findtext(".//Code")


def texts(root, path):
    return [e.text for e in root.findall(path)]


def wait_for(pred, timeout=10.0, step=0.05):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v or time.time() > deadline:
            return v
        time.sleep(step)


def make_network(ec2, cidr="10.50.0.0/16", zones=("us-east-1a", "us-east-1b")):
    """A VPC with an internet gateway, one public and one private subnet per zone and a
    security group open on 80/tcp: the usual fixture for ELB and Auto Scaling tests."""
    base = cidr.split(".")[0] + "." + cidr.split(".")[1]
    vpc = ec2("CreateVpc", {"CidrBlock": cidr}).findtext("vpc/vpcId")
    igw = ec2("CreateInternetGateway").findtext("internetGateway/internetGatewayId")
    ec2("AttachInternetGateway", {"InternetGatewayId": igw, "VpcId": vpc})
    net = {"vpc": vpc, "igw": igw, "public": [], "private": []}
    for n, az in enumerate(zones):
        for kind, off in (("public", 0), ("private", 100)):
            s = ec2("CreateSubnet", {"VpcId": vpc, "CidrBlock": f"{base}.{n + off}.0/24",
                                     "AvailabilityZone": az}).findtext("subnet/subnetId")
            net[kind].append(s)
    net["sg"] = ec2("CreateSecurityGroup", {"GroupName": "web", "GroupDescription": "web",
                                            "VpcId": vpc}).findtext("groupId")
    ec2("AuthorizeSecurityGroupIngress", {
        "GroupId": net["sg"], "IpPermissions.1.IpProtocol": "tcp",
        "IpPermissions.1.FromPort": "80", "IpPermissions.1.ToPort": "80",
        "IpPermissions.1.IpRanges.1.CidrIp": "0.0.0.0/0"})
    return net


def listener(n, proto="HTTP", port=80, iport=80):
    p = f"Listeners.member.{n}."
    return {p + "Protocol": proto, p + "LoadBalancerPort": str(port),
            p + "InstancePort": str(iport)}


def members(name, values, field=None):
    """{'Name.member.1': v1, ...} or with a field: {'Name.member.1.Field': v1, ...}"""
    suffix = f".{field}" if field else ""
    return {f"{name}.member.{i + 1}{suffix}": v for i, v in enumerate(values)}


def finish(t, emu, *clients):
    """The closing checks of every emulator test: all responses fit the botocore shapes,
    the emulator stops cleanly on SIGTERM, and it printed no traceback."""
    problems = [p for c in clients for p in c.shape_problems]
    t.ok(not problems, "every response matches the botocore output shapes",
         "\n".join(problems))
    t.eq(emu.stop(), 0, "emulator exits cleanly on SIGTERM")
    err = emu.stderr()
    t.ok("Traceback" not in err, "no emulator tracebacks", err)
