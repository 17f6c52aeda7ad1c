#!/usr/bin/python3
"""soak.py: `make soak`: repeated apply / AMI rollout / destroy cycles of
examples/clicamos against the emulator for SOAK_SECONDS (default 1800),
with random faults (throttling, 5xx, latency spikes, a hung call) and
kill -9 of random applies.  After every cycle: the state matches the
emulator (nothing leaked, nothing lost) and, during rollouts, the ELB never
had 0 InService instances.  Prints a table; exits 1 if any count that must
be 0 is not.  Seeded (SOAK_SEED) so a failure can be replayed."""
import os, random, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from emu import BIN, TOP, Emulator, leaks, run  # noqa: E402

CONFIG = os.path.join(TOP, "examples", "clicamos")
SAMPLER = os.path.join(TOP, "tests", "awsemu", "sampler.py")
AMIS = ["ami-0healthy00000001", "ami-0healthy00000002", "ami-0healthy00000003"]


def apply(emu, work, ami, kill_after=None):
    args = [BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=" + ami, CONFIG]
    p = subprocess.Popen(args, cwd=work, env=emu.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return p.wait(timeout=600) == 0
    time.sleep(kill_after)
    if p.poll() is None:
        p.kill()
        p.wait()
        return None
    return p.returncode == 0


def main():
    seconds = float(os.environ.get("SOAK_SECONDS", "1800"))
    rng = random.Random(int(os.environ.get("SOAK_SEED", "1")))
    emu = Emulator(time_factor=0.01)
    work = tempfile.mkdtemp(prefix="clsoak")
    count = {"cycles": 0, "throttling": 0, "5xx": 0, "latency spikes": 0, "hung calls": 0, "kills": 0,
             "leaks": 0, "lost state": 0, "downtime samples": 0, "failed applies": 0}
    start = time.time()
    ami = 0
    try:
        while time.time() - start < seconds:
            faults = {}
            if rng.random() < 0.5:
                faults["throttle_rate"] = 0.15
                count["throttling"] += 1
            if rng.random() < 0.4:
                faults["error_5xx_rate"] = 0.05
                count["5xx"] += 1
            if rng.random() < 0.3:
                faults["latency_ms"] = {"*": rng.choice([50, 200, 500])}
                count["latency spikes"] += 1
            if rng.random() < 0.2:
                faults["hang"] = {"action": rng.choice(["CreateSubnet", "RunInstances", "CreateLaunchConfiguration"]),
                                  "count": 1, "seconds": 5}
                count["hung calls"] += 1
            emu.control("/_emu/faults", faults)
            # First deployment, perhaps killed, then completed.
            if rng.random() < 0.5:
                count["kills"] += 1
                apply(emu, work, AMIS[ami], kill_after=rng.uniform(0.1, 2.0))
            if not apply(emu, work, AMIS[ami]) and not apply(emu, work, AMIS[ami]):
                count["failed applies"] += 1
            # A rollout, watched.
            ami = (ami + 1) % len(AMIS)
            sampler = subprocess.Popen(["/usr/bin/python3", SAMPLER, "app"], env=emu.env, stdout=subprocess.PIPE,
                                       text=True)
            ok = apply(emu, work, AMIS[ami]) or apply(emu, work, AMIS[ami])
            sampler.send_signal(signal.SIGTERM)
            line = sampler.communicate(timeout=30)[0]
            zero = int(line.split("zero=")[1].split()[0]) if "zero=" in line else 0
            count["downtime samples"] += zero
            if not ok:
                count["failed applies"] += 1
            emu.control("/_emu/faults", {})
            left = leaks(emu, os.path.join(work, "clicamosc.tfstate"))
            count["leaks"] += len(left)
            r = run(["plan", "-no-color", "-detailed-exitcode", "-var", "ami=" + AMIS[ami], CONFIG], work, emu.env)
            if r.returncode != 0:
                count["lost state"] += 1
            r = run(["destroy", "-auto-approve", "-no-color", "-var", "ami=" + AMIS[ami], CONFIG], work, emu.env)
            remaining = sum(len(v) for v in emu.resources().values())
            if r.returncode != 0 or remaining:
                count["leaks"] += remaining
            count["cycles"] += 1
    finally:
        emu.stop()
    print("| %-18s | %8s |" % ("what", "count"))
    print("| %s | %s |" % ("-" * 18, "-" * 8))
    for k, v in count.items():
        print("| %-18s | %8d |" % (k, v))
    must_be_zero = ("leaks", "lost state", "downtime samples")
    bad = [k for k in must_be_zero if count[k]]
    print("soak: %d cycles in %.0f s; %s" % (count["cycles"], time.time() - start,
                                             "FAILED: " + ", ".join(bad) if bad else "leaks, lost state and downtime all 0"))
    sys.exit(1 if bad else 0)


main()
