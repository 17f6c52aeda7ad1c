#!/usr/bin/python3
"""SigV4 verification of the emulator: good requests pass for all three services (POST form,
GET query string, presigned, non-normalised path); tampered, unknown-key, expired, unsigned
and token-mismatched requests get the code and HTTP status each real service answers."""

import datetime
import hashlib
import hmac
import http.client
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import KEY, SECRET, VERSIONS, Emu, _enc  # noqa: E402
from tap import Tap  # noqa: E402

SERVICES = {"ec2": "DescribeVpcs", "elasticloadbalancing": "DescribeLoadBalancers",
            "autoscaling": "DescribeAutoScalingGroups"}


def send(emu, method, path, body=b"", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=30)
    conn.request(method, path, body=body or None, headers=headers or {})
    r = conn.getresponse()
    text = r.read().decode()
    conn.close()
    code = text.split("<Code>", 1)[1].split("<", 1)[0] if "<Code>" in text else None
    return r.status, code


def key_for(day, region, service, secret=SECRET):
    k = ("AWS4" + secret).encode()
    for part in (day, region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def presigned_get(emu, service, action, path="/"):
    """A query-string (presigned) GET request, the other way SigV4 can travel."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    scope = f"{day}/us-east-1/{service}/aws4_request"
    q = {"Action": action, "Version": VERSIONS[service], "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
         "X-Amz-Credential": f"{KEY}/{scope}", "X-Amz-Date": amz, "X-Amz-Expires": "300",
         "X-Amz-SignedHeaders": "host"}
    cq = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(q.items()))
    creq = "\n".join(["GET", "/", cq, f"host:127.0.0.1:{emu.port}\n", "host",
                      hashlib.sha256(b"").hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(creq.encode()).hexdigest()])
    sig = hmac.new(key_for(day, "us-east-1", service), sts.encode(), hashlib.sha256).hexdigest()
    return send(emu, "GET", f"{path}?{cq}&X-Amz-Signature={sig}")


def main():
    t = Tap()
    creds = os.path.join(tempfile.mkdtemp(prefix="awsemu-creds-"), "creds")
    with open(creds, "w") as fh:
        fh.write("# extra keys\nAKIAEXTRAKEY00000002 extra/secret TOKEN123\n")
    with Emu("--credentials", creds) as emu:
        old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
        expect = {
            # service: (tampered, unknown key, expired, unsigned)
            "ec2": ((401, "AuthFailure"), (401, "AuthFailure"), (400, "RequestExpired"),
                    (401, "AuthFailure")),
            "elasticloadbalancing": ((403, "SignatureDoesNotMatch"),
                                     (403, "InvalidClientTokenId"),
                                     (403, "SignatureDoesNotMatch"),
                                     (403, "MissingAuthenticationToken")),
        }
        expect["autoscaling"] = expect["elasticloadbalancing"]
        for service, action in SERVICES.items():
            c = emu.client(service)
            t.eq(c.error(action), (200, None), f"{service}: a correctly signed request passes")
            bad, unknown, expired, unsigned = expect[service]
            t.eq(c.error(action, tamper=True), bad, f"{service}: bad signature")
            t.eq(emu.client(service, key="AKIAUNKNOWNKEY000000").error(action), unknown,
                 f"{service}: unknown access key")
            t.eq(emu.client(service, secret="wrong").error(action), bad,
                 f"{service}: wrong secret")
            t.eq(c.error(action, when=old), expired, f"{service}: request dated 20 min ago")
            body = f"Action={action}&Version={VERSIONS[service]}".encode()
            t.eq(send(emu, "POST", "/", body, {"Content-Type":
                                              "application/x-www-form-urlencoded"}),
                 unsigned, f"{service}: unsigned request")
            t.eq(presigned_get(emu, service, action), (200, None),
                 f"{service}: presigned GET query request passes")

        c = emu.client("ec2")
        body = f"Action=DescribeVpcs&Version={VERSIONS['ec2']}".encode()
        h = c.sign(body)
        t.eq(send(emu, "POST", "/", body + b"&VpcId.1=vpc-1", h), (401, "AuthFailure"),
             "a body changed after signing is rejected")
        t.eq(send(emu, "POST", "/./", body, h), (200, None),
             "path is normalised before verification (/./ == /)")
        h2 = dict(h, host="evil.example")
        t.eq(send(emu, "POST", "/", body, h2), (401, "AuthFailure"),
             "a changed signed header (host) is rejected")
        extra = emu.client("ec2", key="AKIAEXTRAKEY00000002", secret="extra/secret",
                           token="TOKEN123")
        t.eq(extra.error("DescribeVpcs"), (200, None),
             "--credentials key with its session token passes")
        extra.token = "WRONG"
        t.eq(extra.error("DescribeVpcs"), (401, "AuthFailure"), "wrong session token fails")
        sqs = emu.client("sqs")
        sqs.service = "sqs"
        t.eq(sqs.error("ListQueues", version="2012-11-05"), (400, "UnrecognizedService"),
             "a scope for an unemulated service is refused")
        t.eq(c.error("DescribeVpcs", version="2015-10-01"), (400, "NoSuchVersion"),
             "a wrong API Version is NoSuchVersion")
        t.eq(c.error("FlyToTheMoon"), (400, "InvalidAction"), "unknown action is InvalidAction")
        t.eq(send(emu, "GET", "/_emu/health"), (200, None), "control API needs no signature")
        stats = emu.control("GET", "/_emu/stats")
        t.ok(stats["auth_failures"] >= 15, "stats count auth failures", stats["auth_failures"])
        t.eq(emu.stop(), 0, "emulator exits cleanly")
        t.ok("Traceback" not in emu.stderr(), "no emulator tracebacks", emu.stderr())
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
