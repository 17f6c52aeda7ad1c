#!/usr/bin/python3
"""test_moto_sigv4.py: clicamosc's SigV4 signatures against moto's verifier,
which nobody here wrote.  moto checks signatures once its first
INITIAL_NO_AUTH_ACTION_COUNT actions are done: those create an IAM user, its
policy and its access key, and from then on everything is verified.  The
verifier parses a form body and encodes it again as botocore does (a space is
'+'), so a body sent with %20 fails there: the remote-state example (EC2,
ELB, Auto Scaling, security group descriptions with spaces, and S3) applies
and is destroyed with the user's key, and a wrong secret is refused.  Prints TAP."""
import json, os, shutil, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import AMI1, EXAMPLES, main  # noqa: E402

NO_AUTH = 3   # CreateUser, PutUserPolicy, CreateAccessKey: everything after is verified

ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def body(t, moto, cl, work):
    iam = moto.client("iam")
    iam.create_user(UserName="deployer")
    iam.put_user_policy(UserName="deployer", PolicyName="all", PolicyDocument=ALLOW_ALL)
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    moto.client("s3", key["AccessKeyId"], key["SecretAccessKey"]).create_bucket(Bucket="clicamos-state")

    # The verifier is on: botocore itself with a wrong secret is refused.
    ec2 = moto.client("ec2", key["AccessKeyId"], "not-the-secret")
    try:
        ec2.describe_vpcs()
        refused = ""
    except Exception as e:   # botocore's ClientError: the code is what counts
        refused = str(e)
    t.ok("AuthFailure" in refused or "SignatureDoesNotMatch" in refused,
         "moto verifies signatures now: botocore with a wrong secret is refused", refused or "it was accepted")

    env = dict(moto.env, AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    d = os.path.join(work, "remote-state")
    shutil.copytree(os.path.join(EXAMPLES, "remote-state"), d)
    net, app = cl.at(os.path.join(d, "network")), cl.at(os.path.join(d, "app"))
    net.env = app.env = dict(env, NO_COLOR="1")
    endpoint = "-backend-config=endpoints.s3=" + moto.url
    ok = True
    for part, c in (("network", net), ("app", app)):
        r = c("init", endpoint)
        ok &= t.ok(r.returncode == 0, "init the %s: its S3 backend, signed with the IAM user's key" % part, r.out)
    r = net("apply", "-auto-approve")
    ok &= t.ok(r.returncode == 0, "apply the network: every EC2 request and the S3 state pass the verifier", r.out)
    r = app("apply", "-auto-approve", "-var", "ami=" + AMI1)
    ok &= t.ok(r.returncode == 0, "apply the app: security groups (descriptions with spaces), ELB, Auto Scaling", r.out)
    forms = [e["body"] for e in moto.requests() if "x-www-form-urlencoded" in
             (e["headers"].get("Content-Type") or e["headers"].get("content-type") or "")]
    t.ok(any("GroupDescription=" in b and "+" in b.split("GroupDescription=")[1].split("&")[0] for b in forms)
         and not any("%20" in b for b in forms),
         "form bodies encode a space as '+', never %20, as botocore and the Go SDK do",
         "\n".join(b for b in forms if "%20" in b)[:2000])

    r = app("destroy", "-auto-approve", "-var", "ami=" + AMI1)
    t.ok(r.returncode == 0, "destroy the app with the same key", r.out)
    r = net("destroy", "-auto-approve")
    t.ok(r.returncode == 0, "destroy the network with the same key", r.out)

    bad = cl.at(os.path.join(d, "network"))
    bad.env = dict(env, AWS_SECRET_ACCESS_KEY="not-the-secret", NO_COLOR="1")
    r = bad("plan", "-refresh=true")
    t.ok(r.returncode == 1 and ("SignatureDoesNotMatch" in r.out or "AuthFailure" in r.out
                                or "InvalidAccessKeyId" in r.out or "AccessDenied" in r.out),
         "clicamosc with a wrong secret is refused, and says so with AWS's code", r.out)


main(body, "SigV4 against moto's verifier (an IAM user's key)",
     moto_env={"INITIAL_NO_AUTH_ACTION_COUNT": str(NO_AUTH)})
