#!/usr/bin/python3
"""test_e2e_interrupt.py: Ctrl-C during an apply.  The first SIGINT lets
the operations in flight finish, saves state and exits 1; the next apply
completes what is left; nothing leaks.  A second SIGINT stops the waits too
and still leaves a consistent state.  Prints TAP."""
import json, os, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emu import BIN, TOP, Emulator, leaks, run  # noqa: E402

CONFIG = os.path.join(TOP, "examples", "clicamos")
n = 0


def ok(cond, name, detail=""):
    global n
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond and detail:
        for line in str(detail).splitlines()[-30:]:
            print("#   " + line)
    return cond


def interrupted_apply(emu, work, signals):
    p = subprocess.Popen([BIN, "apply", "-auto-approve", "-no-color", "-var", "ami=ami-0healthy00000001", CONFIG],
                         cwd=work, env=emu.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(1.5)
    for _ in range(signals):
        p.send_signal(signal.SIGINT)
        time.sleep(0.2)
    start = time.time()
    out, _ = p.communicate(timeout=120)
    return p.returncode, out, time.time() - start


def main():
    emu = Emulator(time_factor=0.01)
    try:
        for signals in (1, 2):
            work = tempfile.mkdtemp(prefix="clint")
            emu.control("/_emu/reset", {})
            emu.control("/_emu/faults", {"latency_mutating_ms": 300})
            rc, out, secs = interrupted_apply(emu, work, signals)
            what = "one SIGINT" if signals == 1 else "two SIGINTs"
            ok(rc == 1, "%s: the apply exits 1" % what, out)
            ok("Interrupt received" in out, "%s: it says it is finishing what is in flight" % what, out)
            ok(secs < 30, "%s: it stops promptly (%.1fs)" % (what, secs))
            with open(os.path.join(work, "clicamosc.tfstate")) as f:
                st = json.load(f)
            ok(st.get("version") == 4 and st.get("resources"), "%s: the state is saved and readable" % what)
            emu.control("/_emu/faults", {})
            r = run(["apply", "-auto-approve", "-no-color", "-var", "ami=ami-0healthy00000001", CONFIG], work, emu.env)
            ok(r.returncode == 0, "%s: the next apply completes the rest" % what, r.stdout + r.stderr)
            left = leaks(emu, os.path.join(work, "clicamosc.tfstate"))
            ok(not left, "%s: nothing leaked" % what, "leaked: %s" % left)
            r = run(["destroy", "-auto-approve", "-no-color", "-var", "ami=ami-0healthy00000001", CONFIG], work, emu.env)
            ok(r.returncode == 0, "%s: destroy cleans up" % what, r.stdout + r.stderr)
    finally:
        emu.stop()
    print("1..%d" % n)


main()
