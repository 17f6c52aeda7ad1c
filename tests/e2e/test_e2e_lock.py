#!/usr/bin/python3
"""test_e2e_lock.py: two commands on one state.  While an apply runs, a
second apply (and a plan) fails at once on the lock, naming its holder (Who,
operation, lock ID); one given -lock-timeout waits, then plans against what
the first one made, and nothing is lost.  A lock whose holder is stopped
can be removed with force-unlock ID; one left by a killed command is no
lock at all.  Prints TAP."""
import json, os, signal, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import (AMI1, AMI2, AMI3, CLICAMOS, apply_args, current, ids, load_state, main,  # noqa: E402
                 mismatch, output_of)


def wait_lock(path, p, timeout=20):
    """The lock info of the running command p, once it has taken the lock."""
    deadline = time.time() + timeout
    while time.time() < deadline and p.poll() is None:
        try:
            with open(path) as f:
                info = json.load(f)
            if info.get("ID"):
                return info
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    return None


def body(t, emu, cl, work):
    lock = os.path.join(work, "clicamosc.tfstate.lock.info")
    r = cl(*apply_args(AMI1))
    if not t.ok(r.returncode == 0 and not os.path.exists(lock), "a first apply, which leaves no lock behind", r.out):
        return
    st0 = load_state(work)

    a = cl.start(*apply_args(AMI2))
    info = wait_lock(lock, a)
    info = info or {}
    t.ok(info.get("Operation") == "OperationTypeApply" and info.get("Who"),
         "while an apply runs, its lock info names it (%s, %s)" % (info.get("Who"), info.get("Operation")), str(info))
    r = cl(*apply_args(AMI2))
    held = a.poll() is None
    t.ok(held and r.returncode == 1 and info.get("Who", "?") in r.stderr and "apply" in r.stderr
         and info.get("ID", "?") in r.stderr,
         "a second apply fails at once on the lock, naming Who, the operation and the lock ID", r.out)
    r = cl("plan", "-var", "ami=" + AMI2, CLICAMOS)
    t.ok(r.returncode == 1 and "locked" in r.stderr, "so does a plan", r.out)
    c = cl.start(*apply_args(AMI3, CLICAMOS, "-lock-timeout=60s"))
    time.sleep(0.3)
    t.ok(c.poll() is None and a.poll() is None, "an apply with -lock-timeout=60s waits for the lock")
    rc_a, out_a = output_of(a)
    t.eq(rc_a, 0, "the first apply completes", out_a)
    group_a = next((l.split('"')[1] for l in out_a.splitlines() if l.startswith("asg_name = ")), "?")
    rc_c, out_c = output_of(c)
    t.eq(rc_c, 0, "then the waiting one runs and completes", out_c)
    t.ok("Destroying... [id=%s]" % group_a in out_c,
         "it planned against the first apply's result: it replaced that apply's group %s" % group_a, out_c)

    s = emu.control("/_emu/state")
    st = load_state(work)
    t.eq(mismatch(s, st), {}, "nothing lost: the state records exactly what the emulator holds")
    t.ok(len(current(st)) == 25 and st["lineage"] == st0["lineage"] and st["serial"] > st0["serial"],
         "the state has its 25 resources, the same lineage, a higher serial (%d -> %d)" % (st0["serial"], st["serial"]))
    lcs = s["autoscaling"]["launch_configurations"]
    t.eq([x["ImageId"] for x in lcs], [AMI3], "the last apply's AMI is the one deployed")
    t.ok(not os.path.exists(lock), "no lock is left behind")

    # A holder that stops responding: slow calls keep a plan on the lock, SIGSTOP keeps it there.
    emu.control("/_emu/faults", {"latency_ms": {"*": 300}})
    p = cl.start("plan", "-var", "ami=" + AMI3, CLICAMOS)
    info = wait_lock(lock, p) or {}
    if p.poll() is None:
        p.send_signal(signal.SIGSTOP)
    start = time.time()
    r = cl("plan", "-lock-timeout=1s", "-var", "ami=" + AMI3, CLICAMOS)
    waited = time.time() - start
    t.ok(r.returncode == 1 and waited >= 0.9 and info.get("ID", "?") in r.stderr,
         "a plan with -lock-timeout=1s gives up after %.1f s, naming the lock" % waited, r.out)
    r = cl("force-unlock", "0000-not-the-id", stdin="yes\n")
    t.ok(r.returncode == 1 and os.path.exists(lock), "force-unlock with a wrong ID fails and removes nothing", r.out)
    r = cl("force-unlock", "-force", info.get("ID", "?"))
    t.ok(r.returncode == 0 and not os.path.exists(lock), "force-unlock -force with the lock ID removes the lock", r.out)
    emu.control("/_emu/faults", {})
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI3, CLICAMOS)
    t.eq(r.returncode, 0, "after it, a plan runs (no changes) though the stopped holder is still there", r.out)
    p.kill()
    output_of(p)

    # A holder killed with SIGKILL leaves its lock info file, but no lock.
    emu.control("/_emu/faults", {"latency_ms": {"*": 300}})
    p = cl.start("plan", "-var", "ami=" + AMI3, CLICAMOS)
    wait_lock(lock, p)
    p.kill()
    output_of(p)
    emu.control("/_emu/faults", {})
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI3, CLICAMOS)
    t.eq(r.returncode, 0, "the lock of a command killed with SIGKILL does not block the next one", r.out)
    t.eq(ids(emu.control("/_emu/state"))["asg"], {current(load_state(work))["asg.app.aws_autoscaling_group.this"]["id"]},
         "and the state still records the one group")


main(body, "state locking between concurrent commands")
