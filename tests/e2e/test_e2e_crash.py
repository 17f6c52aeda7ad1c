#!/usr/bin/python3
"""test_e2e_crash.py: kill -9 an apply at 20 random (seeded) instants, then
apply again: the final state matches the configuration and the emulator
holds no resource that the state does not (nothing leaks).  Prints TAP."""
import os, random, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emu import BIN, TOP, Emulator, leaks, run  # noqa: E402

CONFIG = os.path.join(TOP, "examples", "clicamos")
AMIS = ["ami-0healthy00000001", "ami-0healthy00000002"]
n = 0


def ok(cond, name, detail=""):
    global n
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond and detail:
        for line in str(detail).splitlines()[-30:]:
            print("#   " + line)
    return cond


def main():
    rng = random.Random(20261126)
    emu = Emulator(time_factor=0.01)
    work = tempfile.mkdtemp(prefix="clcrash")
    state = os.path.join(work, "clicamosc.tfstate")
    try:
        kills = 0
        for trial in range(20):
            ami = AMIS[trial % 2]   # alternate: creates, and rollouts that depose and destroy
            p = subprocess.Popen([BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=" + ami, CONFIG],
                                 cwd=work, env=emu.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            time.sleep(rng.uniform(0.05, 1.2))
            if p.poll() is None:
                p.kill()
                kills += 1
            p.wait()
            p.stdout.close()
        ok(kills >= 10, "most trials were killed mid-apply (%d of 20)" % kills)
        r = run(["apply", "-auto-approve", "-no-color", "-var", "ami=" + AMIS[0], CONFIG], work, emu.env)
        ok(r.returncode == 0, "an apply after the kills completes", r.stdout + r.stderr)
        r = run(["plan", "-no-color", "-detailed-exitcode", "-var", "ami=" + AMIS[0], CONFIG], work, emu.env)
        ok(r.returncode == 0, "then the plan has no changes", r.stdout + r.stderr)
        left = leaks(emu, state)
        ok(not left, "the emulator holds nothing the state does not record", "leaked: %s" % left)
        r = run(["destroy", "-auto-approve", "-no-color", "-var", "ami=" + AMIS[0], CONFIG], work, emu.env)
        ok(r.returncode == 0, "destroy succeeds", r.stdout + r.stderr)
        remaining = sorted(i for ids in emu.resources().values() for i in ids)
        ok(not remaining, "and leaves the emulator empty", "remaining: %s" % remaining)
    finally:
        emu.stop()
    print("1..%d" % n)


main()
