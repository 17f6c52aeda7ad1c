#!/usr/bin/python3
"""test_moto_examples.py: examples/clicamos, examples/terraform-style and
examples/remote-state against moto: apply, a plan with no changes, refresh,
no changes again, a new AMI plans exactly the two replacements, the rollout
(in the order a zero-downtime rollout needs, read from moto's request log),
no changes, destroy, nothing left (asked of moto with botocore), destroy
again.  Prints TAP."""
import json, os, re, shutil, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import AMI1, AMI2, EXAMPLES, added, main, mutations, no_changes  # noqa: E402

REPLACED = {"asg.app.aws_autoscaling_group.this", "asg.app.aws_launch_configuration.this"}
TF_REPLACED = {"aws_autoscaling_group.app", "aws_launch_configuration.app"}


def replaced(out):
    return set(re.findall(r"^  # (\S+) must be replaced", out, re.M))


def actions(moto):
    """The Auto Scaling actions moto was sent since the last reset, in order,
    with the group each names."""
    out = []
    for e in moto.requests():
        form = dict(p.split("=", 1) for p in (e.get("body") or "").split("&") if "=" in p)
        if form.get("Action") in ("CreateAutoScalingGroup", "DetachLoadBalancers", "DeleteAutoScalingGroup"):
            out.append((form["Action"], form.get("AutoScalingGroupName")))
    return out


def cycle(t, moto, cl, name, path, replaced_addrs, extra=()):
    """The whole life of one configuration in the working directory of cl."""
    var = lambda ami: ["-var", "ami=" + ami] + list(extra)  # noqa: E731
    r = cl("apply", "-auto-approve", *var(AMI1), path)
    t.ok(r.returncode == 0, name + ": apply", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", *var(AMI1), path), name + ": the plan after apply has no changes")
    r = cl("refresh", *var(AMI1), path)
    t.ok(r.returncode == 0, name + ": refresh", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", *var(AMI1), path), name + ": the plan after refresh has no changes")

    r = cl("plan", "-detailed-exitcode", *var(AMI2), path)
    t.ok(r.returncode == 2 and replaced(r.stdout) == replaced_addrs
         and "Plan: 2 to add, 0 to change, 2 to destroy." in r.stdout,
         name + ": a new AMI plans exactly the two replacements", r.out)
    asg = moto.client("autoscaling")
    old = [g["AutoScalingGroupName"] for g in asg.describe_auto_scaling_groups()["AutoScalingGroups"]]
    moto.reset_recording()
    r = cl("apply", "-auto-approve", *var(AMI2), path)
    t.ok(r.returncode == 0, name + ": the rollout applies", r.out)
    groups = asg.describe_auto_scaling_groups()["AutoScalingGroups"]
    lcs = asg.describe_launch_configurations()["LaunchConfigurations"]
    t.ok(len(groups) == 1 and groups[0]["AutoScalingGroupName"] not in old and len(lcs) == 1
         and lcs[0]["ImageId"] == AMI2 and groups[0]["LaunchConfigurationName"] == lcs[0]["LaunchConfigurationName"],
         name + ": moto holds one new group, on a launch configuration with the new AMI",
         json.dumps([groups, lcs], default=str)[:3000])
    # moto keeps only one group's instances in a classic ELB and answers
    # at once, so the zero downtime itself cannot be seen there; what AWS
    # would be sent can: the new group first, the old one leaves the ELB
    # before it is deleted.
    new = groups[0]["AutoScalingGroupName"] if groups else None
    want = [("CreateAutoScalingGroup", new)] + [(a, g) for g in old
                                                 for a in ("DetachLoadBalancers", "DeleteAutoScalingGroup")]
    t.eq(actions(moto), want, name + ": the rollout's order in moto's request log: create, detach the old, delete it")
    no_changes(t, cl("plan", "-detailed-exitcode", *var(AMI2), path), name + ": the plan after the rollout has no changes")
    return var


def destroy_twice(t, moto, cl, name, path, var, before):
    r = cl("destroy", "-auto-approve", *var(AMI2), path)
    t.ok(r.returncode == 0, name + ": destroy", r.out)
    t.eq(added(before, moto.inventory()), {}, name + ": nothing is left in moto (asked with botocore)")
    moto.reset_recording()
    r = cl("destroy", "-auto-approve", *var(AMI2), path)
    t.ok(r.returncode == 0, name + ": destroy again succeeds", r.out)
    t.eq(mutations(moto), [], name + ": and sends moto nothing that changes anything")


def example(t, moto, cl, work, name):
    d = os.path.join(work, name)
    shutil.copytree(os.path.join(EXAMPLES, name), d)
    before = moto.inventory()
    c = cl.at(d)
    var = cycle(t, moto, c, name, ".", TF_REPLACED if name == "terraform-style" else REPLACED)
    destroy_twice(t, moto, c, name, ".", var, before)


def remote_state(t, moto, cl, work):
    """The network first, its state in S3 (moto's), then the app that reads
    its outputs; destroyed app first."""
    name = "remote-state"
    shutil.copytree(os.path.join(EXAMPLES, name), os.path.join(work, name))
    net, app = cl.at(os.path.join(work, name, "network")), cl.at(os.path.join(work, name, "app"))
    moto.client("s3").create_bucket(Bucket="clicamos-state")
    before = moto.inventory()
    endpoint = "-backend-config=endpoints.s3=" + moto.url
    for part, c in (("network", net), ("app", app)):
        r = c("init", endpoint)
        t.ok(r.returncode == 0, "%s: init the %s with its S3 backend" % (name, part), r.out)
    r = net("apply", "-auto-approve")
    t.ok(r.returncode == 0, name + ": apply the network", r.out)
    no_changes(t, net("plan", "-detailed-exitcode"), name + ": the network's plan after apply has no changes")
    var = cycle(t, moto, app, name + "/app", ".", REPLACED)
    r = app("destroy", "-auto-approve", *var(AMI2))
    t.ok(r.returncode == 0, name + ": destroy the app", r.out)
    destroy_twice(t, moto, net, name + "/network", ".", lambda ami: [], before)
    obj = moto.client("s3").get_object(Bucket="clicamos-state", Key="network/terraform.tfstate")
    st = json.loads(obj["Body"].read())
    t.ok(not st.get("resources"), name + ": the network's state in S3 records nothing", json.dumps(st)[:2000])


def body(t, moto, cl, work):
    example(t, moto, cl, work, "clicamos")
    example(t, moto, cl, work, "terraform-style")
    remote_state(t, moto, cl, work)


main(body, "the examples against moto: apply, no-op plans, a rollout, destroy, nothing left")
