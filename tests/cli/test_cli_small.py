#!/usr/bin/python3
"""test_cli_small.py: the small things of Terraform's CLI that need no AWS
(issue 16): -input=false and TF_INPUT=0 are accepted; a required variable is
asked for on a terminal (and not otherwise); a bad -var value names the -var;
a mistyped command gets "did you mean"; validate -json; console anywhere and
about unset variables; fmt's file names; destroy -help; a no-op saved plan.
Prints TAP."""
import json, os, pty, select, shutil, subprocess, sys, tempfile, time

TOP = os.environ.get("TOP", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CL = os.environ.get("CLICAMOSC", os.path.join(TOP, "clicamosc"))
n = 0


def ok(cond, what, detail=""):
    global n
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))
    if not cond:
        for line in str(detail).splitlines()[-20:]:
            print("#   " + line)


def run(*args, env=None, cwd=None):
    e = dict(os.environ, NO_COLOR="1")
    e.pop("TF_INPUT", None)
    e.update(env or {})
    return subprocess.run([CL] + list(args), cwd=cwd, env=e, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)


def on_tty(args, cwd, answer):
    """Runs clicamosc on a pseudo-terminal, answering the first prompt."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.environ["NO_COLOR"] = "1"
        os.environ.pop("TF_INPUT", None)
        os.execv(CL, [CL] + args)
    out, answered, deadline = b"", False, time.time() + 30
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 1)
        if not r:
            continue
        try:
            d = os.read(fd, 4096)
        except OSError:
            break
        if not d:
            break
        out += d
        if not answered and b"Enter a value:" in out:
            os.write(fd, answer)
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace").replace("\r\n", "\n")


work = tempfile.mkdtemp(prefix="clinput")
try:
    with open(os.path.join(work, "main.tf"), "w") as f:
        f.write('variable "n" {\n  type        = number\n  description = "How many to make"\n}\n'
                'output "next" {\n  value = var.n + 1\n}\n')
    for how, args, env in (("-input=false", ["plan", "-input=false"], None),
                           ("TF_INPUT=0", ["plan"], {"TF_INPUT": "0"}),
                           ("apply -input=false", ["apply", "-input=false", "-auto-approve"], None),
                           ("destroy -input=false", ["destroy", "-input=false", "-auto-approve"], None)):
        r = run(*args, env=env, cwd=work)
        if how.startswith("destroy"):
            ok(r.returncode == 0 and "unknown option" not in r.stderr, how + " is accepted (destroy needs no n)",
               r.stdout + r.stderr)
        else:
            ok(r.returncode == 1 and "unknown option" not in r.stderr and 'required variable "n"' in r.stderr,
               how + " is accepted: no prompt, the missing variable is the error", r.stderr)
    r = run("plan", "-var", "n=abc", cwd=work)
    ok(r.returncode == 1 and r.stderr.startswith("-var n:1:1: error: invalid value for variable \"n\"")
       and "\n 1 | abc\n" in r.stderr, "-var n=abc names the -var as the source of the bad value", r.stderr)
    r = run("plan", env={"TF_VAR_n": "x1"}, cwd=work)
    ok(r.returncode == 1 and r.stderr.startswith("TF_VAR_n:1:1: error:"), "so does TF_VAR_n=x1", r.stderr)

    rc, out = on_tty(["plan", "-no-color"], work, b"41\n")
    ok(rc == 0 and "var.n\n  How many to make\n\n  Enter a value:" in out and "+ next = 42" in out,
       "on a terminal the required variable is asked for, with its description, and used", out)
    rc, out = on_tty(["plan", "-no-color", "-input=false"], work, b"41\n")
    ok(rc == 1 and "Enter a value" not in out and 'required variable "n"' in out,
       "on a terminal with -input=false nothing is asked", out)
    rc, out = on_tty(["plan", "-no-color"], work, b"many\n")
    ok(rc == 1 and 'var.n (typed):1:1: error: invalid value for variable "n"' in out,
       "a bad typed answer is an error naming the prompt", out)

    # validate -json: Terraform's document (keys as terraform 1.11.4 prints them for the same mistake)
    bad = os.path.join(work, "bad")
    os.mkdir(bad)
    with open(os.path.join(bad, "main.tf"), "w") as f:
        f.write('resource "aws_vpc" "x" {\n  cidr_blok = "a"\n}\n')
    r = run("validate", "-json", bad)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        doc = {}
    d = (doc.get("diagnostics") or [{}])[0]
    # What terraform 1.11.4 printed for this very file (terraform validate -json, run once; checked in).
    with open(os.path.join(TOP, "tests", "cli", "data", "validate-terraform.json")) as f:
        tf = json.load(f)
    tfd = tf["diagnostics"][0]
    ok(r.returncode == 1 and r.stderr == "" and sorted(doc) == sorted(tf)
       and [doc.get(k) for k in ("format_version", "valid", "error_count", "warning_count")]
       == [tf[k] for k in ("format_version", "valid", "error_count", "warning_count")],
       "validate -json: Terraform's document, valid false, one error", r.stdout + r.stderr)
    ok(sorted(d) == sorted(tfd) and d["severity"] == tfd["severity"]
       and {k: v for k, v in d.get("range", {}).items() if k != "filename"}
       == {k: v for k, v in tfd["range"].items() if k != "filename"}
       and d["range"]["filename"].endswith("/" + tfd["range"]["filename"]) and sorted(d["snippet"]) == sorted(tfd["snippet"])
       and all(d["snippet"][k] == tfd["snippet"][k] for k in ("code", "start_line", "highlight_start_offset",
                                                              "highlight_end_offset", "values")),
       "validate -json: the diagnostic's keys, range and snippet as Terraform's (summary and detail in our words)",
       json.dumps(d))
    r = run("validate", "-json", work)
    ok(r.returncode == 0 and json.loads(r.stdout or "{}").get("valid") is True, "validate -json of a valid one",
       r.stdout + r.stderr)

    # console
    empty = os.path.join(work, "empty")
    os.mkdir(empty)
    r = subprocess.run([CL, "console"], cwd=empty, input='upper("ok")\n', capture_output=True, text=True, timeout=60)
    ok(r.returncode == 0 and r.stdout == '"OK"\n', "console runs in a directory with no configuration", r.stderr)
    r = subprocess.run([CL, "console"], cwd=work, input='var.n\n1 + 1\n', capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, NO_COLOR="1"))
    ok(r.returncode == 1 and r.stdout == "2\n" and "var.n is not set: it is required" in r.stderr
       and "(known after apply)" not in r.stdout, "console says a required variable is unset", r.stdout + r.stderr)

    # fmt names the files as terraform fmt does
    with open(os.path.join(empty, "app.cl"), "w") as f:
        f.write("a   = 1\n")
    r = run("fmt", cwd=empty)
    ok(r.returncode == 0 and r.stdout == "app.cl\n", "fmt prints app.cl, not ./app.cl", r.stdout + r.stderr)

    # destroy -help: only what destroy takes
    r = run("destroy", "-help")
    ok(r.returncode == 0 and "-auto-approve" in r.stdout and "-replace" not in r.stdout and "-keep-failed" not in r.stdout,
       "destroy -help lists only what destroy takes", r.stdout)

    # a saved plan with nothing to do says so
    noop = os.path.join(work, "noop")
    os.mkdir(noop)
    with open(os.path.join(noop, "main.tf"), "w") as f:
        f.write("locals {\n  a = 1\n}\n")
    r = run("plan", "-out=p.plan", cwd=noop)
    r2 = run("apply", "p.plan", cwd=noop)
    ok(r.returncode == 0 and r2.returncode == 0 and "No changes." in r2.stdout, "a no-op saved plan prints No changes.",
       r.stdout + r2.stdout + r2.stderr)

    # -state-out, -backup (a configuration of outputs only: no AWS)
    so = os.path.join(work, "so")
    os.mkdir(so)
    with open(os.path.join(so, "main.tf"), "w") as f:
        f.write('output "a" {\n  value = 1\n}\n')
    r = run("apply", "-auto-approve", cwd=so)
    with open(os.path.join(so, "main.tf"), "w") as f:
        f.write('output "a" {\n  value = 2\n}\n')
    r2 = run("apply", "-auto-approve", "-state-out=out.tfstate", "-backup=-", cwd=so)
    def value(name):
        with open(os.path.join(so, name)) as f:
            return json.load(f)["outputs"]["a"]["value"]
    ok(r.returncode == 0 and r2.returncode == 0 and value("out.tfstate") == 2 and value("clicamosc.tfstate") == 1
       and not os.path.exists(os.path.join(so, "clicamosc.tfstate.backup")),
       "apply -state-out writes there, the state read stays as it was; -backup=- writes no backup",
       r.stdout + r2.stdout + r2.stderr)
    r = run("apply", "-auto-approve", "-backup=before.tfstate", cwd=so)
    ok(r.returncode == 0 and value("before.tfstate") == 1 and value("clicamosc.tfstate") == 2,
       "apply -backup=FILE keeps the state as it was in FILE", r.stdout + r.stderr)

    # -compact-warnings: one line per warning, with its place
    warn = os.path.join(work, "warn")
    os.mkdir(warn)
    with open(os.path.join(warn, "main.tf"), "w") as f:
        f.write('resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  tags {\n    a = "b"\n  }\n}\n')
    r = run("plan", "-refresh=false", "-compact-warnings", cwd=warn)   # no state: no AWS call
    r2 = run("plan", "-refresh=false", cwd=warn)
    ok(r.returncode == 0 and '\nWarnings:\n\n- "tags" written as a block is deprecated\n  on main.tf line 3\n' in r.stderr
       and " | " not in r.stderr and " | " in r2.stderr, "plan -compact-warnings: one line each, with file and line",
       r.stderr + "\n---\n" + r2.stderr)

    r = run("plna")
    ok(r.returncode == 1 and 'did you mean "plan"?' in r.stderr, "a mistyped command: did you mean", r.stderr)
    r = run("xyzzy")
    ok(r.returncode == 1 and "did you mean" not in r.stderr and "clicamosc help" in r.stderr,
       "a command nothing like one: the list is pointed to", r.stderr)
finally:
    shutil.rmtree(work, ignore_errors=True)
print("1..%d" % n)
