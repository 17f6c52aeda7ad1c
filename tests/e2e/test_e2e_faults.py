#!/usr/bin/python3
"""test_e2e_faults.py: apply examples/clicamos while the emulator throttles
20 % of the calls, fails 5 % with a 5xx and answers every call 200 ms late.
The apply succeeds, the state records exactly what the emulator holds, and a
plan (under the same faults) has no changes.  Prints TAP."""
import os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, CLICAMOS, apply_args, current, ids, instances, load_state, main, mismatch  # noqa: E402

FAULTS = {"throttle_rate": 0.2, "error_5xx_rate": 0.05, "latency_ms": {"*": 200}}


def body(t, emu, cl, work):
    emu.control("/_emu/faults", FAULTS)
    start = time.time()
    r = cl(*apply_args(AMI1))
    took = time.time() - start
    t.ok(r.returncode == 0 and "Apply complete! Resources: 25 added" in r.stdout,
         "apply succeeds under 20%% throttling, 5%% 5xx and 200 ms latency (%.0f s)" % took, r.out)
    stats = emu.control("/_emu/stats")
    errors = stats.get("errors", {})
    t.ok(stats["throttles"] > 0 and errors.get("InternalError", 0) + errors.get("InternalFailure", 0) > 0,
         "the emulator did throttle (%d) and fail (%d) calls of the %d" %
         (stats["throttles"], errors.get("InternalError", 0) + errors.get("InternalFailure", 0), stats["requests"]),
         str(stats))

    s = emu.control("/_emu/state")
    st = load_state(work)
    t.eq(mismatch(s, st), {}, "every resource in the emulator is in the state, and every one in the state is in the emulator")
    cur = current(st)
    t.ok(len(cur) == 25 and all(a.get("id") for a in cur.values()) and
         not [a for a, dep, status, attrs in instances(st) if dep or status],
         "the state holds the 25 resources, each with an id, none tainted or deposed", str(sorted(cur)))
    t.eq({k: len(v) for k, v in ids(s).items() if v}, {"vpc": 1, "subnet": 6, "igw": 1, "rtb": 2, "rtbassoc": 6,
                                                       "sg": 4, "instance": 1, "eip": 1, "elb": 1, "lc": 1, "asg": 1},
         "and nothing was created twice by a retried call")
    t.ok(st["outputs"].get("asg_name", {}).get("value") in ids(s)["asg"], "the outputs were recorded")

    start = time.time()
    r = cl("plan", "-detailed-exitcode", "-var", "ami=" + AMI1, CLICAMOS)
    t.ok(r.returncode == 0 and "No changes." in r.stdout,
         "a plan under the same faults says no changes (%.0f s)" % (time.time() - start), r.out)


main(body, "apply under throttling, 5xx errors and latency")
