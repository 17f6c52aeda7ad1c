#!/usr/bin/python3
"""The differential suite: clicamosc against Terraform 1.11.4's own answers.

expressions/*.txt hold one console expression a line (evaluated in console/,
whose main.tf gives variables and locals); configs/*.tf are small root
modules, each planned on its own.  recorded/ holds what terraform printed
(`terraform console`; `terraform plan -out` + `terraform show -json`: the
planned outputs, or that it failed), so the suite runs without terraform.

  test_lang.py            compare clicamosc with the recorded answers (make check)
  test_lang.py --live     also run terraform now and check the recording is current
  test_lang.py --record   run terraform and rewrite recorded/ (review the diff)
  test_lang.py --record-missing   record only the cases that have no answer yet

Where terraform failed, clicamosc must fail too (the messages differ by
design: ours carry file:line:col and a caret).  known_differences.txt lists
the few expressions or configurations allowed to differ, each with its reason.
Prints TAP."""
import glob, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
SEP = '"@@clicamosc-lang-separator@@"'
REC_EXPR = os.path.join(HERE, "recorded", "expressions.json")
REC_CONF = os.path.join(HERE, "recorded", "configs.json")


def expressions():
    out = []
    for f in sorted(glob.glob(os.path.join(HERE, "expressions", "*.txt"))):
        for line in open(f, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                out.append(line)
    return out


def configs():
    return sorted(glob.glob(os.path.join(HERE, "configs", "*.tf")))


def known():
    """known_differences.txt: NAME-OR-EXPRESSION <TAB> reason."""
    k = {}
    p = os.path.join(HERE, "known_differences.txt")
    if os.path.exists(p):
        for line in open(p, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                key, _, why = line.rstrip("\n").partition("\t")
                k[key] = why.strip()
    return k


# --- terraform ------------------------------------------------------------

def tf_env(tmp):
    rc = os.path.join(tmp, "cli.tfrc")
    open(rc, "w").close()
    return dict(os.environ, TF_CLI_CONFIG_FILE=rc, TF_IN_AUTOMATION="1",
                CHECKPOINT_DISABLE="1", TF_INPUT="0")


def tf_console(expr, env):
    p = subprocess.run(["terraform", "console", "-no-color"], input=expr + "\n",
                       cwd=os.path.join(HERE, "console"), env=env,
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        return {"error": error_summary(p.stderr)}
    return {"out": p.stdout}


def error_summary(text):
    for line in text.splitlines():
        line = line.strip("│╷╵ ")
        if line.startswith("Error: "):
            return line[7:]
    return text.strip().splitlines()[-1] if text.strip() else "failed"


def tf_plan(path, env, tmp):
    d = os.path.join(tmp, os.path.basename(path)[:-3])
    os.makedirs(d)
    shutil.copy(path, os.path.join(d, "main.tf"))
    run = lambda *a: subprocess.run(["terraform"] + list(a), cwd=d, env=env,
                                    capture_output=True, text=True, timeout=120)
    p = run("init", "-no-color", "-input=false")
    if p.returncode == 0:
        p = run("plan", "-no-color", "-input=false", "-out=tf.plan")
    if p.returncode != 0:
        return {"error": error_summary(p.stderr)}
    p = run("show", "-json", "tf.plan")
    plan = json.loads(p.stdout)
    outs = {}
    for name, c in plan.get("output_changes", {}).items():
        outs[name] = {"value": c.get("after"), "unknown": bool(c.get("after_unknown")),
                      "sensitive": bool(c.get("after_sensitive"))}
    return {"outputs": outs}


# --- clicamosc ------------------------------------------------------------

def cl_console(exprs):
    """All expressions through one clicamosc console, a separator between
    them; an expression that fails prints nothing on stdout and names its
    line (<console:N>) on stderr."""
    text = "".join(e + "\n" + SEP + "\n" for e in exprs)
    p = subprocess.run([BIN, "console"], input=text, cwd=os.path.join(HERE, "console"),
                       capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, NO_COLOR="1"))
    chunks = p.stdout.split(SEP + "\n")
    failed = set()
    for line in p.stderr.splitlines():
        if line.startswith("<console:"):
            failed.add(int(line[9:line.index(">")]))
    res = []
    for i, e in enumerate(exprs):
        n = 2 * i + 1
        out = chunks[i] if i < len(chunks) else ""
        if n in failed:
            msg = [l for l in p.stderr.splitlines() if l.startswith("<console:%d>" % n)]
            res.append({"error": msg[0] if msg else "failed"})
        else:
            res.append({"out": out})
    return res


def cl_plan(path, tmp):
    """Plan and apply in a scratch directory (these configurations create
    nothing outside state), then read the outputs: the values terraform's plan
    knows.  An output terraform knows only after apply is compared by name."""
    d = os.path.join(tmp, "cl-" + os.path.basename(path)[:-3])
    os.makedirs(d)
    shutil.copy(path, os.path.join(d, "main.tf"))
    env = dict(os.environ, NO_COLOR="1")
    run = lambda *a: subprocess.run([BIN] + list(a), cwd=d, env=env,
                                    capture_output=True, text=True, timeout=60)
    p = run("apply", "-auto-approve", "main.tf")
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["failed"])[0]}
    p = run("output", "-json")
    if p.returncode != 0:
        return {"error": "output -json: " + (p.stderr.strip().splitlines() or ["failed"])[0]}
    outs = {}
    for name, o in json.loads(p.stdout or "{}").items():
        outs[name] = {"value": o.get("value"), "unknown": False,
                      "sensitive": bool(o.get("sensitive"))}
    return {"outputs": outs}


# --- comparison -----------------------------------------------------------

def same(want, got):
    if "error" in want:
        return "error" in got
    if "outputs" in want and "outputs" in got:
        # State keeps no null outputs (terraform's apply drops them too).
        w = {k: o for k, o in want["outputs"].items() if o["unknown"] or o["value"] is not None}
        g = got["outputs"]
        if set(w) != set(g):
            return False
        for k in w:
            if w[k]["sensitive"] != g[k]["sensitive"]:
                return False
            if not w[k]["unknown"] and w[k]["value"] != g[k]["value"]:
                return False
        return True
    return want == got


def show(r):
    return json.dumps(r, ensure_ascii=False)[:600]


def report(n, kind, name, want, got, kd):
    """One TAP line; False when it is a failure (a known difference that
    agrees now is one too: the list must stay short and true)."""
    if same(want, got) and name in kd:
        print("not ok %d - %s %s agrees now: remove it from known_differences.txt" % (n, kind, name))
        return False
    if same(want, got):
        print("ok %d - %s %s" % (n, kind, name))
    elif name in kd:
        print("ok %d - %s %s # known difference: %s" % (n, kind, name, kd[name]))
    else:
        print("not ok %d - %s %s\n#   terraform: %s\n#   clicamosc: %s" % (n, kind, name, show(want), show(got)))
        return False
    return True


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    exprs, confs, kd = expressions(), configs(), known()
    tmp = tempfile.mkdtemp(prefix="lang-")
    try:
        rec_e = json.load(open(REC_EXPR)) if os.path.exists(REC_EXPR) else {}
        rec_c = json.load(open(REC_CONF)) if os.path.exists(REC_CONF) else {}
        if mode in ("--live", "--record", "--record-missing"):
            if not shutil.which("terraform"):
                print("1..0 # SKIP terraform is not on PATH")
                return 0
            env = tf_env(tmp)
            if mode == "--record-missing":
                live_e = {e: rec_e[e] if e in rec_e else tf_console(e, env) for e in exprs}
                live_c = {os.path.basename(c)[:-3]: rec_c[os.path.basename(c)[:-3]] if os.path.basename(c)[:-3] in rec_c
                          else tf_plan(c, env, tmp) for c in confs}
            else:
                live_e = {e: tf_console(e, env) for e in exprs}
                live_c = {os.path.basename(c)[:-3]: tf_plan(c, env, tmp) for c in confs}
            if mode != "--live":
                with open(REC_EXPR, "w") as f:
                    json.dump(live_e, f, indent=1, ensure_ascii=False, sort_keys=True)
                    f.write("\n")
                with open(REC_CONF, "w") as f:
                    json.dump(live_c, f, indent=1, ensure_ascii=False, sort_keys=True)
                    f.write("\n")
                print("# recorded %d expressions, %d configurations" % (len(live_e), len(live_c)))
                rec_e, rec_c = live_e, live_c
            else:
                stale = [e for e in exprs if live_e[e] != rec_e.get(e)]
                stale += [c for c in live_c if live_c[c] != rec_c.get(c)]
                for s in stale[:20]:
                    print("# recording differs from live terraform: %s" % s)
                if stale:
                    print("1..1\nnot ok 1 - recorded answers are current (%d differ)" % len(stale))
                    return 1
        total = len(exprs) + len(confs) + 2
        print("1..%d" % total)
        n, bad = 0, 0
        n += 1
        missing = [e for e in exprs if e not in rec_e] + \
                  [c for c in confs if os.path.basename(c)[:-3] not in rec_c]
        print("%s %d - every case has a recorded answer%s" % (
            "not ok" if missing else "ok", n, (" (missing: %s)" % missing[:5]) if missing else ""))
        bad += bool(missing)
        got = cl_console(exprs)
        for e, g in zip(exprs, got):
            n += 1
            bad += not report(n, "console", e, rec_e.get(e, {"error": "not recorded"}), g, kd)
        for c in confs:
            n += 1
            name = os.path.basename(c)[:-3]
            bad += not report(n, "plan", name, rec_c.get(name, {"error": "not recorded"}), cl_plan(c, tmp), kd)
        n += 1
        unused = [k for k in kd if k not in exprs and k not in [os.path.basename(c)[:-3] for c in confs]]
        print("%s %d - known_differences.txt names only existing cases%s" % (
            "not ok" if unused else "ok", n, (" (stale: %s)" % unused) if unused else ""))
        bad += bool(unused)
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
