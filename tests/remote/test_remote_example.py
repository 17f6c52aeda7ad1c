#!/usr/bin/python3
"""test_remote_example.py: examples/remote-state against tests/awsemu (which serves S3 too):
the network applied with its state in s3://clicamos-state/network/…, then the app, which reads
the network's outputs from there through data "terraform_remote_state"; the ELB lands in the
network's public subnets, the group in its private ones; second plans have no changes; both
are destroyed, app first, leaving nothing behind.  Prints TAP."""
import json, os, shutil, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from remote import TOP, main_with_emulator, run  # noqa: E402

EXAMPLE = os.path.join(TOP, "examples", "remote-state")
BUCKET = "clicamos-state"
AMI = "ami-0healthy00000001"


def body(t, emu):
    work = tempfile.mkdtemp(prefix="clremote")
    net, app = os.path.join(work, "network"), os.path.join(work, "app")
    shutil.copytree(os.path.join(EXAMPLE, "network"), net)
    shutil.copytree(os.path.join(EXAMPLE, "app"), app)
    env = emu.env
    endpoint = "-backend-config=endpoints.s3=" + env["AWS_ENDPOINT_URL"]
    objects = lambda: emu.control("/_emu/state")["s3"]  # noqa: E731

    r = run(env, net, "init", endpoint)
    t.ok(r.returncode == 0 and "s3://%s/network/terraform.tfstate" % BUCKET in r.stdout,
         "init the network with its S3 backend", r.out)
    r = run(env, net, "apply", "-auto-approve", timeout=300)
    t.ok(r.returncode == 0, "apply the network", r.out)
    st = json.loads(objects().get(BUCKET + "/network/terraform.tfstate", "{}"))
    outs = {k: v["value"] for k, v in st.get("outputs", {}).items()}
    t.ok(outs.get("vpc_id", "").startswith("vpc-") and len(outs.get("public_subnet_ids", [])) == 3 and
         len(outs.get("private_subnet_ids", [])) == 3 and outs.get("cidr_block") == "172.31.0.0/16",
         "its state in S3 holds vpc_id, 3 public and 3 private subnet ids and the cidr", str(outs))

    r = run(env, app, "init", endpoint)
    t.ok(r.returncode == 0 and "s3://%s/app/terraform.tfstate" % BUCKET in r.stdout,
         "init the app with another key of the bucket", r.out)
    r = run(env, app, "apply", "-auto-approve", "-var", "ami=" + AMI, timeout=300)
    t.ok(r.returncode == 0, "apply the app: it reads the network's outputs from S3", r.out)
    s = emu.control("/_emu/state")
    elb = s["elb"][0] if s["elb"] else {}
    t.eq(sorted(elb.get("Subnets", [])), sorted(outs.get("public_subnet_ids", [])),
         "the ELB is in the network's public subnets")
    t.eq(elb.get("VPCId"), outs.get("vpc_id"), "the ELB is in the network's VPC")
    groups = s["autoscaling"]["groups"]
    zones = set((groups[0].get("VPCZoneIdentifier") or "").split(",")) if groups else set()
    t.eq(zones, set(outs.get("private_subnet_ids", [])), "the group is in the network's private subnets")
    sgs = {g["groupName"]: g["vpcId"] for g in s["ec2"]["security_groups"]}
    t.ok(sgs.get("elb") == outs.get("vpc_id") and sgs.get("app") == outs.get("vpc_id"),
         "the app's security groups are in the network's VPC", str(sgs))
    t.ok(BUCKET + "/app/terraform.tfstate" in objects(), "the app's state is s3://%s/app/terraform.tfstate" % BUCKET)

    r = run(env, net, "plan", "-detailed-exitcode")
    t.ok(r.returncode == 0 and "No changes" in r.stdout, "a second plan of the network: no changes", r.out)
    r = run(env, app, "plan", "-detailed-exitcode", "-var", "ami=" + AMI)
    t.ok(r.returncode == 0 and "No changes" in r.stdout, "a second plan of the app: no changes", r.out)

    r = run(env, app, "destroy", "-auto-approve", "-var", "ami=" + AMI, timeout=300)
    t.ok(r.returncode == 0, "destroy the app first", r.out)
    r = run(env, net, "destroy", "-auto-approve", timeout=300)
    t.ok(r.returncode == 0, "then the network", r.out)
    left = {k: v for k, v in emu.resources().items() if v}
    t.eq(left, {}, "nothing is left in the emulator")
    st = json.loads(objects().get(BUCKET + "/network/terraform.tfstate", "{}"))
    t.ok(not st.get("resources") and not st.get("outputs"), "the network's state in S3 is empty", str(st))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main_with_emulator(body))
