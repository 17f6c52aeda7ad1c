#!/usr/bin/python3
"""test_e2e_json.py: apply -json and destroy -json print only JSON lines
(Terraform's machine-readable UI messages): the plan, apply_start and
apply_complete per resource, a change_summary, and for a rollout of the
asg kind a rollout_summary with the mixed-version window.  Prints TAP."""
import json, os, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emu import TOP, Emulator, run  # noqa: E402

CONFIG = os.path.join(TOP, "examples", "clicamos")
n = 0


def ok(cond, name, detail=""):
    global n
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond and detail:
        for line in str(detail).splitlines()[-20:]:
            print("#   " + line)
    return cond


def messages(out):
    try:
        return [json.loads(line) for line in out.splitlines() if line.strip()]
    except ValueError as e:
        return e


def main():
    emu = Emulator(time_factor=0.01)
    work = tempfile.mkdtemp(prefix="cljson")
    try:
        r = run(["apply", "-json", "-var", "ami=ami-0healthy00000001", CONFIG], work, emu.env)
        ok(r.returncode == 1 and "-json needs -auto-approve" in r.stderr, "apply -json without -auto-approve is refused",
           r.stdout + r.stderr)
        r = run(["apply", "-json", "-auto-approve", "-var", "ami=ami-0healthy00000001", CONFIG], work, emu.env)
        ok(r.returncode == 0, "apply -json succeeds", r.stderr)
        msgs = messages(r.stdout)
        ok(isinstance(msgs, list), "every line of stdout is a JSON object", r.stdout[:2000])
        msgs = msgs if isinstance(msgs, list) else []
        types = [m.get("type") for m in msgs]
        ok(types and types[0] == "version", "the first message gives the version")
        ok(types.count("planned_change") == 25, "25 planned changes", types)
        ok(types.count("apply_start") == 25 and types.count("apply_complete") == 25,
           "an apply_start and an apply_complete per resource", types)
        done = [m for m in msgs if m.get("type") == "apply_complete"]
        ok(all(m["hook"]["resource"]["addr"] and "elapsed_seconds" in m["hook"] for m in done),
           "apply_complete names the resource and the time it took")
        summary = [m for m in msgs if m.get("type") == "change_summary"]
        ok(summary and summary[-1]["changes"] == {"add": 25, "change": 0, "remove": 0, "operation": "apply"},
           "the change summary counts 25 added", summary)
        r = run(["apply", "-json", "-auto-approve", "-var", "ami=ami-0healthy00000002", CONFIG], work, emu.env)
        msgs = messages(r.stdout)
        ok(r.returncode == 0 and isinstance(msgs, list), "a rollout with -json succeeds, all JSON", r.stdout[-2000:])
        roll = [m for m in msgs if m.get("type") == "rollout_summary"] if isinstance(msgs, list) else []
        ok(len(roll) == 1, "one rollout_summary message", [m.get("type") for m in msgs] if isinstance(msgs, list) else "")
        if roll:
            s = roll[0]["rollout_summary"]
            ok(s["instances_replaced"] >= 1 and s["new_group"] != s["old_group"],
               "it names the groups and counts the instances replaced", s)
            ok(0 <= s["mixed_version_window_seconds"] <= s["total_seconds"] and s["time_to_healthy_seconds"] > 0,
               "it gives the mixed-version window, the time to healthy and the total", s)
        r = run(["destroy", "-json", "-auto-approve", "-var", "ami=ami-0healthy00000002", CONFIG], work, emu.env)
        msgs = messages(r.stdout)
        summary = [m for m in msgs if m.get("type") == "change_summary"] if isinstance(msgs, list) else []
        ok(r.returncode == 0 and summary and summary[-1]["changes"]["remove"] == 25 and
           summary[-1]["changes"]["operation"] == "destroy", "destroy -json: 25 removed", r.stdout[-1500:])
    finally:
        emu.stop()
    print("1..%d" % n)


main()
