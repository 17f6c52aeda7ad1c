#!/usr/bin/python3
"""test_e2e_lost_answers.py: issue 20's table.  The emulator does every
create (one of each action a supported type makes: VPC, subnet, internet
gateway, route table and association, security group, instance, EIP, key
pair, ELB, launch configuration, Auto Scaling group) and then loses its
answer: the connection dropped, or a 500 sent after acting.  The apply
adopts what each lost create made, so nothing exists twice; state records
exactly what the emulator holds; the next apply and a plan have nothing to
do; destroy leaves nothing.  Prints TAP."""
import os, shutil, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, CLICAMOS, ids, load_state, main, mismatch  # noqa: E402

CREATES = ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "CreateRouteTable",
           "AssociateRouteTable", "CreateSecurityGroup", "RunInstances", "AllocateAddress",
           "ImportKeyPair", "CreateLoadBalancer", "CreateLaunchConfiguration",
           "CreateAutoScalingGroup"]

# The reference system plus the one supported type it lacks.  A named key
# pair: a resend after a lost answer meets InvalidKeyPair.Duplicate.
KEY_PAIR = '''
resource "aws_key_pair" "deploy" {
  key_name   = "lost-answers-deploy"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDhiMWJzDw6dEotc7WdJriuqiJSOiDHWyOA287lOOcku lost-answers"
}
'''
WANT = {"vpc": 1, "subnet": 6, "igw": 1, "rtb": 2, "rtbassoc": 6, "sg": 4, "instance": 1, "eip": 1,
        "key": 1, "elb": 1, "lc": 1, "asg": 1}


def body(t, emu, cl, work):
    cfg = os.path.join(work, "cfg")
    shutil.copytree(CLICAMOS, cfg)
    with open(os.path.join(cfg, "key.cl"), "w") as f:
        f.write(KEY_PAIR)
    for mode in ("drop", "500"):
        emu.control("/_emu/stats/reset", {})
        emu.control("/_emu/faults", {"lost_answers": [{"action": a, "mode": mode} for a in CREATES]})
        start = time.time()
        r = cl("apply", "-auto-approve", "-var", "ami=" + AMI1, cfg)
        t.ok(r.returncode == 0 and "Apply complete! Resources: 26 added" in r.stdout,
             "%s: the apply whose every first create loses its answer succeeds (%.1f s)" %
             (mode, time.time() - start), r.out)
        stats = emu.control("/_emu/stats")
        lost = stats["errors"].get("LostAnswer", 0) if mode == "drop" else \
            stats["errors"].get("InternalError", 0) + stats["errors"].get("InternalFailure", 0)
        t.eq(lost, len(CREATES), "%s: every one of the %d create actions lost an answer" % (mode, len(CREATES)),
             str(stats["errors"]))
        adopted = [a for a in CREATES if a + " lost its answer" in r.out]
        t.eq(len(adopted), len(CREATES),
             "%s: each lost create was adopted, and the output says so" % mode, r.out)
        s = emu.control("/_emu/state")
        t.eq({k: len(v) for k, v in ids(s).items() if v}, WANT,
             "%s: nothing was created twice" % mode)
        t.eq(mismatch(s, load_state(work)), {},
             "%s: state records exactly what the emulator holds" % mode)

        emu.control("/_emu/faults", {})
        r = cl("apply", "-auto-approve", "-var", "ami=" + AMI1, cfg)
        t.ok(r.returncode == 0 and "No changes." in r.stdout and "Creating" not in r.stdout,
             "%s: the next apply has nothing to do" % mode, r.out)
        r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI1, cfg)
        t.ok(r.returncode == 0 and "No changes." in r.stdout, "%s: plan shows no changes" % mode, r.out)
        r = cl("destroy", "-auto-approve", "-var", "ami=" + AMI1, cfg)
        left = {k: sorted(v) for k, v in ids(emu.control("/_emu/state")).items() if v}
        t.ok(r.returncode == 0 and not left, "%s: destroy leaves nothing (%s)" % (mode, left), r.out)


main(body, "creates whose answers are lost: adopted, never made twice")
