#!/usr/bin/python3
"""test_moto_crash.py: kill -9 applies of examples/clicamos against moto at
seeded random instants, alternating two AMIs (creations, then rollouts that
depose and destroy), then apply again: it adopts what the killed runs made,
the plan has no changes, moto holds nothing the state does not record, and
destroy leaves nothing (all asked of moto with botocore).  Prints TAP."""
import json, os, random, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto import AMI1, AMI2, BIN, EXAMPLES, added, main, no_changes, unrecorded  # noqa: E402 (puts tests/e2e on the path)
from e2e import kill_after  # noqa: E402

CLICAMOS = os.path.join(EXAMPLES, "clicamos")
KILLS, MAX_TRIALS = 6, 20


def body(t, moto, cl, work):
    rng = random.Random(20261207)
    state = os.path.join(work, "clicamosc.tfstate")
    before = moto.inventory()
    kills = trials = 0
    # Some applies end before their instant (a rollout on moto takes a
    # second or two): trials go on until KILLS were killed, MAX_TRIALS at most.
    while kills < KILLS and trials < MAX_TRIALS:
        ami = (AMI1, AMI2)[trials % 2]   # alternate: creates, and rollouts that depose and destroy
        trials += 1
        killed, out = kill_after([BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=" + ami, CLICAMOS],
                                 work, cl.env, rng.uniform(0.05, 1.2))
        kills += killed
        print("# trial %d (%s): %s" % (trials, ami, "killed" if killed else "ended: " + (out.strip().splitlines() or [""])[-1]))
    t.ok(kills >= 6, "at least 6 applies were killed mid-way (%d of %d)" % (kills, trials))
    r = cl("apply", "-auto-approve", "-var", "ami=" + AMI1, CLICAMOS)
    t.ok(r.returncode == 0, "an apply after the kills completes, adopting what they made", r.out)
    no_changes(t, cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI1, CLICAMOS), "then the plan has no changes")
    t.eq(unrecorded(moto, before, state), {}, "moto holds nothing the state does not record (asked with botocore)")
    r = cl("destroy", "-auto-approve", "-var", "ami=" + AMI1, CLICAMOS)
    t.ok(r.returncode == 0, "destroy", r.out)
    t.eq(added(before, moto.inventory()), {}, "and nothing is left in moto")


main(body, "kill -9 during applies against moto: adopted, nothing leaked")
