#!/usr/bin/python3
"""test_e2e_crash.py: kill -9 an apply at 20 random (seeded) instants, then
apply again: the final state matches the configuration and the emulator
holds no resource that the state does not (nothing leaks).  Then a kill
while the group waits for its health gate: the apply that adopts it waits
for the gate too, so it returns with the ELB serving.  Prints TAP."""
import os, random, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, AMI2, BIN, CLICAMOS, elb_health, kill_after, main  # noqa: E402
from emu import leaks, run  # noqa: E402

AMIS = [AMI1, AMI2]


def body(t, emu, cl, work):
    rng = random.Random(20261126)
    state = os.path.join(work, "clicamosc.tfstate")
    kills = 0
    for trial in range(20):
        ami = AMIS[trial % 2]   # alternate: creates, and rollouts that depose and destroy
        killed, _ = kill_after([BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=" + ami, CLICAMOS],
                               work, emu.env, rng.uniform(0.05, 1.2))
        kills += killed
    t.ok(kills >= 10, "most trials were killed mid-apply (%d of 20)" % kills)
    r = run(["apply", "-auto-approve", "-no-color", "-var", "ami=" + AMIS[0], CLICAMOS], work, emu.env)
    t.ok(r.returncode == 0, "an apply after the kills completes", r.stdout + r.stderr)
    r = run(["plan", "-no-color", "-detailed-exitcode", "-var", "ami=" + AMIS[0], CLICAMOS], work, emu.env)
    t.ok(r.returncode == 0, "then the plan has no changes", r.stdout + r.stderr)
    left = leaks(emu, state)
    t.ok(not left, "the emulator holds nothing the state does not record", "leaked: %s" % left)
    r = run(["destroy", "-auto-approve", "-no-color", "-var", "ami=" + AMIS[0], CLICAMOS], work, emu.env)
    t.ok(r.returncode == 0, "destroy succeeds", r.stdout + r.stderr)
    remaining = sorted(i for ids in emu.resources().values() for i in ids)
    t.ok(not remaining, "and leaves the emulator empty", "remaining: %s" % remaining)
    killed_at_the_gate(t, emu, work)


def killed_at_the_gate(t, emu, work):
    p = subprocess.Popen([BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=" + AMI1, CLICAMOS],
                         cwd=work, env=emu.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while p.poll() is None and time.time() < deadline and not emu.resources()["asg"]:
        time.sleep(0.01)
    p.kill()
    p.wait()
    s = emu.control("/_emu/state")
    elb = s["elb"][0]["LoadBalancerName"] if s["elb"] else None
    serving = [i for i, h in elb_health(s, elb).items() if h == "InService"] if elb else []
    if not t.ok(s["autoscaling"]["groups"] and not serving,
                "an apply killed just after creating its group, before the group served"):
        return
    r = run(["apply", "-auto-approve", "-no-color", "-var", "ami=" + AMI1, CLICAMOS], work, emu.env)
    serving = [i for i, h in elb_health(emu.control("/_emu/state"), elb).items() if h == "InService"]
    t.ok(r.returncode == 0 and "aws_autoscaling_group.this: adopted" in r.stdout,
         "the next apply adopts the group", r.stdout + r.stderr)
    t.ok(len(serving) == 2, "and returns only once the adopted group's instances are InService (%d of 2)"
         % len(serving), r.stdout)
    r = run(["destroy", "-auto-approve", "-no-color", "-var", "ami=" + AMI1, CLICAMOS], work, emu.env)
    t.ok(r.returncode == 0, "destroy", r.stdout + r.stderr)


main(body, "kill -9 during apply, apply again: nothing lost, nothing leaked")
