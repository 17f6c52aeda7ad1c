#!/usr/bin/python3
"""test_e2e_failed_create.py: issue 20, finding 1.  A create whose first
call made the object but whose later step failed (ModifyVpcAttribute,
ModifySubnetAttribute, AuthorizeSecurityGroupIngress refused) records the
object as tainted instead of leaking it; the next apply replaces each, a
plan then has nothing to do and destroy leaves nothing.  Prints TAP."""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import ids, instances, load_state, main, mismatch  # noqa: E402

CONFIG = '''
resource "aws_vpc" "dns" {
  cidr_block           = "10.1.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_vpc" "net" {
  cidr_block = "10.2.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.net.id
  cidr_block              = "10.2.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_security_group" "web" {
  name   = "failed-create-web"
  vpc_id = aws_vpc.net.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
'''
STEPS = ["ModifyVpcAttribute", "ModifySubnetAttribute", "AuthorizeSecurityGroupIngress"]
TAINTED = {"aws_vpc.dns", "aws_subnet.public", "aws_security_group.web"}


def body(t, emu, cl, work):
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(CONFIG)
    emu.control("/_emu/faults", {"errors": [
        {"action": a, "code": "InvalidParameterValue", "message": "refused by the test", "status": 400}
        for a in STEPS]})
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode != 0 and "Apply complete!" not in r.out and "refused by the test" in r.out,
         "the apply fails, saying why", r.out)
    st = load_state(work)
    tainted = {a for a, dep, status, _ in instances(st) if status == "tainted"}
    t.eq(tainted, TAINTED, "the VPC, subnet and security group whose later step failed are recorded tainted")
    t.eq(mismatch(emu.control("/_emu/state"), st), {}, "nothing exists that state does not record")

    emu.control("/_emu/faults", {})
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0 and "3 added, 0 changed, 3 destroyed" in r.stdout,
         "the next apply replaces the three tainted objects", r.out)
    st = load_state(work)
    t.eq(mismatch(emu.control("/_emu/state"), st), {}, "and state again records exactly what exists")
    t.eq({k: len(v) for k, v in ids(emu.control("/_emu/state")).items() if v},
         {"vpc": 2, "subnet": 1, "sg": 1}, "with no duplicate (the group's name was free again)")
    r = cl("plan", "-detailed-exitcode")
    t.ok(r.returncode == 0 and "No changes." in r.stdout, "plan shows no changes", r.out)
    r = cl("destroy", "-auto-approve")
    left = {k: sorted(v) for k, v in ids(emu.control("/_emu/state")).items() if v}
    t.ok(r.returncode == 0 and not left, "destroy leaves nothing (%s)" % left, r.out)


main(body, "a create that fails after its first call records the object tainted")
