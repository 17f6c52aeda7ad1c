#!/usr/bin/python3
"""test_e2e_serial.py: issue 20, finding 4.  A state's serial at 2^63-1
(the largest that a state file can hold and be read back) cannot go up:
an apply that would change the state refuses before calling AWS, leaving
the file as it was; one at 2^63-2 goes up once to 2^63-1, and the file it
writes reads back.  Prints TAP."""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import ids, load_state, main  # noqa: E402

MAX = 2 ** 63 - 1
LINEAGE = "5c0ffee0-0000-4000-8000-000000000063"


def vpcs(n):
    return "".join('resource "aws_vpc" "v%d" {\n  cidr_block = "10.%d.0.0/16"\n}\n' % (i, i) for i in range(n))


def state(serial):
    return json.dumps({"version": 4, "terraform_version": "1.11.4", "serial": serial, "lineage": LINEAGE,
                       "outputs": {}, "resources": [], "check_results": None}, indent=2) + "\n"


def body(t, emu, cl, work):
    path = os.path.join(work, "clicamosc.tfstate")
    cfg = os.path.join(work, "main.cl")
    with open(cfg, "w") as f:
        f.write(vpcs(1))

    with open(path, "w") as f:
        f.write(state(MAX))
    before = open(path).read()
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 1 and "serial is %d" % MAX in r.out and "Apply complete!" not in r.out,
         "at 2^63-1 an apply that would change the state is refused, saying why", r.out)
    t.eq(len(ids(emu.control("/_emu/state"))["vpc"]), 0, "and nothing was created in AWS")
    t.ok(open(path).read() == before, "the state file is as it was")
    r = cl("plan")
    t.ok(r.returncode == 0 and "1 to add" in r.out, "plan still reads it", r.out)

    with open(path, "w") as f:
        f.write(state(MAX - 1))
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0 and "Apply complete! Resources: 1 added" in r.stdout, "at 2^63-2 one create applies", r.out)
    st = load_state(work)
    t.eq(st["serial"], MAX, "the serial went up once, to 2^63-1")
    r = cl("plan", "-detailed-exitcode")
    t.ok(r.returncode == 0 and "No changes." in r.stdout, "the file written reads back: no changes", r.out)

    with open(cfg, "w") as f:
        f.write(vpcs(2))
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 1 and "serial is %d" % MAX in r.out, "one more create is refused", r.out)
    t.eq(len(ids(emu.control("/_emu/state"))["vpc"]), 1, "before anything was created")
    r = cl("destroy", "-auto-approve")
    t.ok(r.returncode == 1 and "serial is %d" % MAX in r.out and
         len(ids(emu.control("/_emu/state"))["vpc"]) == 1,
         "and so is a destroy: its change could not be recorded either", r.out)


main(body, "the state serial at its largest")
