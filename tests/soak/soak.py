#!/usr/bin/python3
"""soak.py: `make soak`: repeated apply / AMI rollout / destroy cycles of
examples/clicamos against the emulator for SOAK_SECONDS (default 1800),
with random faults (throttling, 5xx, latency spikes, a hung call, creates
whose answers are lost after AWS acted) and kill -9 of random applies.  After every cycle: the state matches the
emulator (nothing leaked, nothing lost) and, during rollouts, the ELB never
had 0 InService instances.  Prints a table; exits 1 if any count that must
be 0 is not.  Every run's output is kept (cycle-N-what.log in the working
directory, named on the last line) with the emulator's log, and runs slower
than a minute are listed: a failure can be read, and replayed (SOAK_SEED)."""
import json, os, random, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from emu import BIN, TOP, Emulator, mismatch  # noqa: E402

CONFIG = os.path.join(TOP, "examples", "clicamos")
SAMPLER = os.path.join(TOP, "tests", "awsemu", "sampler.py")
AMIS = ["ami-0healthy00000001", "ami-0healthy00000002", "ami-0healthy00000003"]
# Every create the configuration makes: each may act and then lose its answer.
CREATES = ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "CreateRouteTable", "AssociateRouteTable",
           "CreateSecurityGroup", "RunInstances", "AllocateAddress", "CreateLoadBalancer",
           "CreateLaunchConfiguration", "CreateAutoScalingGroup"]


class Runs:
    """clicamosc runs of one soak, each logged to its own file; the slow ones noted."""

    def __init__(self, emu, work):
        self.emu, self.work, self.n, self.slow = emu, work, 0, []

    def __call__(self, what, ami, kill_after=None, *more):
        self.n += 1
        name = os.path.join(self.work, "run-%03d-%s.log" % (self.n, what))
        args = [BIN, what, "-auto-approve", "-no-color"] + list(more) + ["-var", "ami=" + ami, CONFIG]
        if what == "plan":
            args.remove("-auto-approve")
        t0 = time.time()
        with open(name, "w") as log:
            p = subprocess.Popen(args, cwd=self.work, env=self.emu.env, stdout=log, stderr=subprocess.STDOUT)
            if kill_after is not None:
                time.sleep(kill_after)
                if p.poll() is None:
                    p.kill()
                    p.wait()
                    return None
            rc = p.wait(timeout=900)
        if time.time() - t0 > 60:
            self.slow.append("%s (%.0f s)" % (os.path.basename(name), time.time() - t0))
        return rc


def apply(run, ami, kill_after=None):
    rc = run("apply", ami, kill_after)
    return None if rc is None else rc == 0


def state_mismatch(emu, work):
    """(leaked, lost): ids the emulator holds that the state does not record, and the reverse."""
    path = os.path.join(work, "clicamosc.tfstate")
    st = json.load(open(path)) if os.path.exists(path) else {}
    diff = mismatch(emu.control("/_emu/state"), st)
    leaked = [i for d in diff.values() for i in d["not in state"]]
    lost = [i for d in diff.values() for i in d["not in the emulator"]]
    return leaked, lost


def main():
    seconds = float(os.environ.get("SOAK_SECONDS", "1800"))
    rng = random.Random(int(os.environ.get("SOAK_SEED", "1")))
    emu = Emulator(time_factor=0.01)
    work = tempfile.mkdtemp(prefix="clsoak")
    run = Runs(emu, work)
    count = {"cycles": 0, "throttling": 0, "5xx": 0, "latency spikes": 0, "hung calls": 0, "lost answers": 0,
             "kills": 0,
             "leaks": 0, "lost state": 0, "downtime samples": 0, "failed applies": 0,
             "plans not empty": 0}
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
            if rng.random() < 0.5:
                lose = rng.sample(CREATES, rng.randint(1, 4))
                faults["lost_answers"] = [{"action": a, "mode": rng.choice(["drop", "500"])} for a in lose]
            emu.control("/_emu/faults", faults)
            # First deployment, perhaps killed, then completed.
            if rng.random() < 0.5:
                count["kills"] += 1
                apply(run, AMIS[ami], kill_after=rng.uniform(0.1, 2.0))
            if not apply(run, AMIS[ami]) and not apply(run, AMIS[ami]):
                count["failed applies"] += 1
            # A rollout, watched.
            ami = (ami + 1) % len(AMIS)
            samples = os.path.join(work, "cycle-%03d-elb.log" % (count["cycles"] + 1))
            sampler = subprocess.Popen(["/usr/bin/python3", SAMPLER, "app", "--log", samples], env=emu.env,
                                       stdout=subprocess.PIPE, text=True)
            ok = apply(run, AMIS[ami]) or apply(run, AMIS[ami])
            sampler.send_signal(signal.SIGTERM)
            line = sampler.communicate(timeout=30)[0]
            zero = int(line.split("zero=")[1].split()[0]) if "zero=" in line else 0
            count["downtime samples"] += zero
            if zero:
                print("cycle %d: %d samples without an InService instance (%s)" % (count["cycles"] + 1, zero, samples),
                      flush=True)
            if not ok:
                count["failed applies"] += 1
            # the lost answers that happened: their count is spent
            count["lost answers"] += sum(1 for x in emu.control("/_emu/faults")["lost_answers"] if not x["count"])
            emu.control("/_emu/faults", {})
            leaked, lost = state_mismatch(emu, work)
            count["leaks"] += len(leaked)
            count["lost state"] += len(lost)
            if leaked or lost:
                print("cycle %d: leaked %s, lost %s" % (count["cycles"] + 1, leaked, lost), flush=True)
            if run("plan", AMIS[ami], None, "-detailed-exitcode") != 0:
                count["plans not empty"] += 1
            rc = run("destroy", AMIS[ami])
            remaining = sorted(i for v in emu.resources().values() for i in v)
            if rc != 0 or remaining:
                count["leaks"] += len(remaining)
                print("cycle %d: destroy exit %s, left %s" % (count["cycles"] + 1, rc, remaining), flush=True)
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
    if run.slow:
        print("runs slower than a minute: " + ", ".join(run.slow))
    print("logs: %s (emulator: %s)" % (work, emu.dir))
    sys.exit(1 if bad else 0)


main()
