#!/usr/bin/python3
"""test_e2e_json.py: apply -json and destroy -json print only JSON lines
(Terraform's machine-readable UI messages): the plan, apply_start and
apply_complete per resource, a change_summary, and for a rollout of the
asg kind a rollout_summary with the mixed-version window.  Prints TAP."""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, AMI2, CLICAMOS, main  # noqa: E402
from emu import run  # noqa: E402


def messages(out):
    try:
        return [json.loads(line) for line in out.splitlines() if line.strip()]
    except ValueError as e:
        return e


def body(t, emu, cl, work):
    r = run(["apply", "-json", "-var", "ami=" + AMI1, CLICAMOS], work, emu.env)
    msgs = messages(r.stdout)
    diags = [m["diagnostic"] for m in msgs if m.get("type") == "diagnostic"] if isinstance(msgs, list) else []
    # Issue 16: with -json, diagnostics are "diagnostic" messages on stdout, as Terraform's.
    t.ok(r.returncode == 1 and r.stderr == "" and len(diags) == 1 and diags[0]["severity"] == "error"
         and "-json needs -auto-approve" in diags[0]["summary"],
         "apply -json without -auto-approve is refused, in a diagnostic message", r.stdout + r.stderr)
    r = run(["plan", "-json", "-var", "ami=ami-0x", "-var", "nope=1", CLICAMOS], work, emu.env)
    msgs = messages(r.stdout)
    diags = [m for m in msgs if m.get("type") == "diagnostic"] if isinstance(msgs, list) else []
    t.ok(r.returncode == 1 and r.stderr == "" and diags and diags[0]["@level"] == "error"
         and diags[0]["diagnostic"]["summary"].startswith('-var sets "nope"'),
         "plan -json: a configuration error is a diagnostic message too", r.stdout + r.stderr)
    r = run(["apply", "-json", "-auto-approve", "-var", "ami=" + AMI1, CLICAMOS], work, emu.env)
    t.ok(r.returncode == 0, "apply -json succeeds", r.stderr)
    msgs = messages(r.stdout)
    t.ok(isinstance(msgs, list), "every line of stdout is a JSON object", r.stdout[:2000])
    msgs = msgs if isinstance(msgs, list) else []
    types = [m.get("type") for m in msgs]
    t.ok(types and types[0] == "version", "the first message gives the version")
    t.ok(types.count("planned_change") == 25, "25 planned changes", types)
    t.ok(types.count("apply_start") == 25 and types.count("apply_complete") == 25,
         "an apply_start and an apply_complete per resource", types)
    done = [m for m in msgs if m.get("type") == "apply_complete"]
    t.ok(all(m["hook"]["resource"]["addr"] and "elapsed_seconds" in m["hook"] for m in done),
         "apply_complete names the resource and the time it took")
    summary = [m for m in msgs if m.get("type") == "change_summary"]
    t.ok(summary and summary[-1]["changes"] == {"add": 25, "change": 0, "remove": 0, "operation": "apply"},
         "the change summary counts 25 added", summary)
    r = run(["apply", "-json", "-auto-approve", "-var", "ami=" + AMI2, CLICAMOS], work, emu.env)
    msgs = messages(r.stdout)
    t.ok(r.returncode == 0 and isinstance(msgs, list), "a rollout with -json succeeds, all JSON", r.stdout[-2000:])
    roll = [m for m in msgs if m.get("type") == "rollout_summary"] if isinstance(msgs, list) else []
    t.ok(len(roll) == 1, "one rollout_summary message", [m.get("type") for m in msgs] if isinstance(msgs, list) else "")
    if roll:
        s = roll[0]["rollout_summary"]
        t.ok(s["instances_replaced"] >= 1 and s["new_group"] != s["old_group"],
             "it names the groups and counts the instances replaced", s)
        t.ok(0 <= s["mixed_version_window_seconds"] <= s["total_seconds"] and s["time_to_healthy_seconds"] > 0,
             "it gives the mixed-version window, the time to healthy and the total", s)
    r = run(["destroy", "-json", "-auto-approve", "-var", "ami=" + AMI2, CLICAMOS], work, emu.env)
    msgs = messages(r.stdout)
    summary = [m for m in msgs if m.get("type") == "change_summary"] if isinstance(msgs, list) else []
    t.ok(r.returncode == 0 and summary and summary[-1]["changes"]["remove"] == 25 and
         summary[-1]["changes"]["operation"] == "destroy", "destroy -json: 25 removed", r.stdout[-1500:])


main(body, "apply -json and destroy -json print machine-readable UI messages")
