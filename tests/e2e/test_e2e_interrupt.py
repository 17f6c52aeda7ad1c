#!/usr/bin/python3
"""test_e2e_interrupt.py: Ctrl-C during an apply.  The first SIGINT lets
the operations in flight finish, saves state and exits 1; the next apply
completes what is left; nothing leaks.  A second SIGINT stops the waits too
and still leaves a consistent state.  Prints TAP."""
import json, os, signal, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, BIN, CLICAMOS, main  # noqa: E402
from emu import leaks, run  # noqa: E402


def interrupted_apply(emu, work, signals):
    p = subprocess.Popen([BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=" + AMI1, CLICAMOS],
                         cwd=work, env=emu.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(1.5)
    for _ in range(signals):
        p.send_signal(signal.SIGINT)
        time.sleep(0.2)
    start = time.time()
    out, _ = p.communicate(timeout=120)
    return p.returncode, out, time.time() - start


def body(t, emu, cl, top):
    for signals in (1, 2):
        work = os.path.join(top, str(signals))   # a fresh state for each
        os.mkdir(work)
        emu.control("/_emu/reset", {})
        emu.control("/_emu/faults", {"latency_mutating_ms": 300})
        rc, out, secs = interrupted_apply(emu, work, signals)
        what = "one SIGINT" if signals == 1 else "two SIGINTs"
        t.ok(rc == 1, "%s: the apply exits 1" % what, out)
        t.ok("Interrupt received" in out, "%s: it says it is finishing what is in flight" % what, out)
        t.ok(secs < 30, "%s: it stops promptly (%.1fs)" % (what, secs))
        with open(os.path.join(work, "clicamosc.tfstate")) as f:
            st = json.load(f)
        t.ok(st.get("version") == 4 and st.get("resources"), "%s: the state is saved and readable" % what)
        emu.control("/_emu/faults", {})
        r = run(["apply", "-auto-approve", "-no-color", "-var", "ami=" + AMI1, CLICAMOS], work, emu.env)
        t.ok(r.returncode == 0, "%s: the next apply completes the rest" % what, r.stdout + r.stderr)
        left = leaks(emu, os.path.join(work, "clicamosc.tfstate"))
        t.ok(not left, "%s: nothing leaked" % what, "leaked: %s" % left)
        r = run(["destroy", "-auto-approve", "-no-color", "-var", "ami=" + AMI1, CLICAMOS], work, emu.env)
        t.ok(r.returncode == 0, "%s: destroy cleans up" % what, r.stdout + r.stderr)


main(body, "Ctrl-C during apply: in-flight work finishes, state is saved, nothing leaks")
