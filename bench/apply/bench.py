#!/usr/bin/python3
"""bench.py (bench/apply/run): `clicamosc apply` of 200 generated resources
(bench/plan/gen.py, 10 units) against tests/awsemu with 300 ms added to every
mutating call, compared with the lower bound no scheduler can beat:

  critical path  the longest dependency chain of the apply graph (from
                 `clicamosc graph -type=apply`), each resource weighted by
                 its mutating calls x 300 ms (+ the simulated instance boot);
  work / N       the sum of those weights over N workers (-parallelism=N).

Calls per resource type are counted by the emulator during the run
(/_emu/stats), not assumed.  Measures only; not part of make check.

  bench/apply/run [--units=10] [--latency-ms=300] [--parallelism=10,50] [--keep=DIR]

With $BENCH_RESULTS set, the key rows also go to $BENCH_RESULTS/apply.json."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "bench", "plan"))
import gen  # noqa: E402

CL = os.environ.get("CLICAMOSC", os.path.join(TOP, "clicamosc"))
EMUCTL = os.path.join(TOP, "tests", "awsemu", "emuctl.sh")
TIME_FACTOR = 0.001          # simulated waits (instance boot) x this
BOOT_S = 20                  # the emulator's default instance boot, simulated seconds
TARGET = 1.15

# Which resource type makes each mutating call (the emulator's notion:
# anything but Describe*/List*/Get*).  An action missing here stops the run.
ACTION_TYPE = {
    "CreateVpc": "aws_vpc", "ModifyVpcAttribute": "aws_vpc",
    "CreateSubnet": "aws_subnet", "ModifySubnetAttribute": "aws_subnet",
    "CreateSecurityGroup": "aws_security_group",
    "AuthorizeSecurityGroupIngress": "aws_security_group",
    "AuthorizeSecurityGroupEgress": "aws_security_group",
    "RevokeSecurityGroupIngress": "aws_security_group",
    "RevokeSecurityGroupEgress": "aws_security_group",
    "RunInstances": "aws_instance", "ModifyInstanceAttribute": "aws_instance",
    "CreateLoadBalancer": "aws_elb", "ConfigureHealthCheck": "aws_elb",
    "ModifyLoadBalancerAttributes": "aws_elb", "RegisterInstancesWithLoadBalancer": "aws_elb",
    "AddTags": "aws_elb",
}


def mutating(action):
    return not re.match(r"(Describe|List|Get)", action)


class Emulator:
    def __init__(self, d):
        self.dir = d
        out = subprocess.run([EMUCTL, "start", d, "--time-factor", str(TIME_FACTOR),
                              "--boot-seconds", str(BOOT_S)],
                             check=True, capture_output=True, text=True).stdout
        self.env = dict(os.environ)
        for line in out.splitlines():
            m = re.match(r"export (\w+)=(.*)", line)
            if m:
                self.env[m.group(1)] = m.group(2).strip("'")
            m = re.match(r"unset (.*)", line)
            if m:
                for k in m.group(1).split():
                    self.env.pop(k, None)
        self.url = self.env["AWSEMU_URL"]

    def call(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            return json.load(r)

    def stop(self):
        subprocess.run([EMUCTL, "stop", self.dir], capture_output=True)


def apply_graph(d, env):
    """The apply DAG as {node: [nodes it depends on]}, from clicamosc graph."""
    dot = subprocess.run([CL, "graph", "-type=apply", "-lock=false", "-state=" +
                          os.path.join(d, "none.tfstate"), d],
                         check=True, capture_output=True, text=True, env=env).stdout
    deps = {}
    for a, b in re.findall(r'^\s*"([^"]+)" -> "([^"]+)"', dot, re.M):
        deps.setdefault(a, []).append(b)
        deps.setdefault(b, [])
    for n in re.findall(r'^\s*"([^"]+)"\s*\[', dot, re.M):
        if not n.startswith("legend"):
            deps.setdefault(n, [])
    return deps


def rtype(node):
    """aws_instance for module.x.aws_instance.y[3]; None for outputs and such."""
    m = re.search(r"(?:^|\.)(aws_[a-z0-9_]+)\.[^.]+$", node)
    return m.group(1) if m else None


def critical_path(deps, weight):
    memo = {}

    def longest(n):   # finish time of n if everything ran as early as possible
        if n not in memo:
            memo[n] = (max((longest(x) for x in deps[n]), default=0.0) + weight(n))
        return memo[n]
    sys.setrecursionlimit(10000)
    end = max(deps, key=longest)
    chain = [end]
    while deps[chain[-1]]:
        chain.append(max(deps[chain[-1]], key=longest))
    return longest(end), list(reversed(chain))


def run_apply(emu, d, parallelism, latency_ms):
    """Applies with a fresh emulator and state; returns the wall time, the
    emulator's stats and, per resource, when it started and finished
    (progress lines, timestamped as they arrive)."""
    state = os.path.join(d, f"p{parallelism}.tfstate")
    emu.call("/_emu/reset", {})
    emu.call("/_emu/faults", {"latency_mutating_ms": latency_ms})
    emu.call("/_emu/stats/reset", {})
    spans, tail = {}, []
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.monotonic()
        p = subprocess.Popen([CL, "apply", "-auto-approve", "-no-color", "-lock=false",
                              f"-parallelism={parallelism}", "-state=" + state, d],
                             stdout=subprocess.PIPE, stderr=err, text=True, env=emu.env)
        for line in p.stdout:
            now = time.monotonic() - t0
            m = re.match(r"(\S+): (Creating\.\.\.|Creation complete)", line)
            if m:
                spans.setdefault(m.group(1), [now, now])[1] = now
            tail = (tail + [line])[-20:]
        p.wait()
        wall = time.monotonic() - t0
        err.seek(0)
        if p.returncode != 0:
            sys.exit(f"bench/apply: apply failed ({p.returncode}):\n{''.join(tail)}{err.read()}")
    stats = emu.call("/_emu/stats")
    emu.call("/_emu/faults", {})
    return wall, stats, state, spans


def ideal_schedule(deps, weight, workers):
    """Makespan of a greedy list schedule, longest remaining path first, with
    exact weights and no overhead at all: what a perfect walker achieves on
    this graph.  Not a lower bound, but max(critical path, work/N) can be
    unreachable when a wide layer outnumbers the workers."""
    below = {}

    def rest(n):   # longest path from n to the end of the apply
        if n not in below:
            below[n] = weight(n) + max((rest(x) for x in users[n]), default=0.0)
        return below[n]
    users = {n: [] for n in deps}
    for n, ds in deps.items():
        for x in ds:
            users[x].append(n)
    left = {n: len(ds) for n, ds in deps.items()}
    ready = [n for n in deps if not left[n]]
    running, now = [], 0.0       # (finish, node)
    while ready or running:
        ready.sort(key=rest)
        while ready and len(running) < workers:
            n = ready.pop()
            running.append((now + weight(n), n))
        running.sort()
        now, n = running.pop(0)
        for u in users[n]:
            left[u] -= 1
            if not left[u]:
                ready.append(u)
    return now


def main(argv):
    opts = dict(a.lstrip("-").split("=", 1) for a in argv[1:] if "=" in a)
    units = int(opts.get("units", "10"))
    latency = float(opts.get("latency-ms", "300"))
    pars = [int(x) for x in opts.get("parallelism", "10,50").split(",")]
    work = opts.get("keep") or tempfile.mkdtemp(prefix="bench-apply-")
    emu = None
    try:
        d = os.path.join(work, "cfg")
        gen.write(d, units)
        emu = Emulator(os.path.join(work, "emu"))
        deps = apply_graph(d, emu.env)
        runs = [(par,) + run_apply(emu, d, par, latency) for par in pars]
        with open(runs[0][3]) as f:
            diffs = gen.compare(json.load(f), units)
    finally:
        if emu:
            emu.stop()
        if "keep" not in opts:
            shutil.rmtree(work, ignore_errors=True)
    report(units, latency, deps, runs, diffs)


def per_resource_calls(deps, stats):
    """Mutating calls per resource of each type, as the emulator counted them.
    Each run makes the same calls; the graph has resources of a type all alike."""
    count, calls = {}, {}
    for n in deps:
        if rtype(n):
            count[rtype(n)] = count.get(rtype(n), 0) + 1
    for action, k in stats["calls"].items():
        if not mutating(action):
            continue
        if action not in ACTION_TYPE:
            sys.exit(f"bench/apply: mutating call {action} has no resource type; add it to ACTION_TYPE")
        calls[ACTION_TYPE[action]] = calls.get(ACTION_TYPE[action], 0) + k
    return count, {t: calls.get(t, 0) / count[t] for t in count}


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else float("nan")


def report(units, latency, deps, runs, diffs):
    count, per = per_resource_calls(deps, runs[0][2])
    boot = BOOT_S * TIME_FACTOR
    secs = {t: per[t] * latency / 1e3 + (boot if t == "aws_instance" else 0) for t in per}
    weight = lambda n: secs[rtype(n)] if rtype(n) else 0.0
    cp, chain = critical_path(deps, weight)
    total = sum(weight(n) for n in deps)
    n = sum(count.values())
    print(f"clicamosc apply of {n} resources ({units} units of bench/plan/gen.py) against "
          f"tests/awsemu, +{latency:.0f} ms per mutating call, instance boot {boot * 1e3:.0f} ms")
    print()
    head = " | ".join(f"measured s each, median (-parallelism={r[0]})" for r in runs)
    print(f"| type | resources | mutating calls each | bound s each | {head} |")
    print("| --- | ---: | ---: | ---: |" + " ---: |" * len(runs))
    for t in sorted(count):
        meas = " | ".join(f"{median([b - a for k, (a, b) in r[4].items() if rtype(k) == t]):.2f}"
                          for r in runs)
        print(f"| {t} | {count[t]} | {per[t]:.2f} | {secs[t]:.2f} | {meas} |")
    print()
    print(f"critical path {cp:.2f} s: " + " → ".join(c for c in chain if rtype(c)))
    print(f"total work {total:.1f} s")
    print()
    print("| -parallelism | wall s | critical path s | work/N s | lower bound s | binds "
          "| wall ÷ bound | ideal schedule s | wall ÷ ideal | requests | req/s | max concurrent |")
    print("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    key = []
    for par, wall, stats, _, _ in runs:
        wn = total / par
        bound, binds = max((cp, "critical path"), (wn, f"work/{par}"))
        ideal = ideal_schedule(deps, weight, par)
        ratio = wall / bound
        print(f"| {par} | {wall:.2f} | {cp:.2f} | {wn:.2f} | {bound:.2f} | {binds} | "
              f"{ratio:.2f} | {ideal:.2f} | {wall / ideal:.2f} | {stats['requests']} | "
              f"{stats['requests'] / wall:.0f} | {stats['max_concurrent']} |")
        key.append({"metric": f"apply {n} resources, -parallelism={par}: wall ÷ lower bound",
                    "value": f"{wall:.2f} s", "bound": f"{bound:.2f} s ({binds})",
                    "ratio": round(ratio, 2), "target": f"≤ {TARGET}", "ok": ratio <= TARGET})
    print()
    print(f"target: wall ÷ lower bound ≤ {TARGET}.  lower bound = max(critical path, work/N); "
          "ideal schedule = longest-path-first on N workers with no overhead (max concurrent: "
          "as the emulator saw it)")
    print("the state this apply wrote vs bench/plan/gen.py's made-up no-op state: " +
          ("identical, ids aside" if not diffs else f"{len(diffs)} differences, e.g. {diffs[0]}"))
    out = os.environ.get("BENCH_RESULTS")
    if out:
        with open(os.path.join(out, "apply.json"), "w") as f:
            json.dump({"benchmark": "apply", "rows": key,
                       "detail": [{"parallelism": r[0], "wall": r[1], "stats": r[2]} for r in runs]},
                      f, indent=1)


if __name__ == "__main__":
    main(sys.argv)
