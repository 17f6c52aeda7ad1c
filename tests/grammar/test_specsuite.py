#!/usr/bin/python3
"""test_specsuite.py: HCL's own specification tests (Debian package
golang-github-hashicorp-hcl-v2-dev, specsuite/tests).  Each NAME.hcl comes
with NAME.t, itself HCL, which we read with our own parser (--json).  Where
NAME.t expects diagnostics from parsing, ours must match them: the same
number of errors, and for each expected one an error of ours whose range,
or the range of one of its notes, is the expected from/to (our "unclosed"
errors point at the end of the file and name the opener in a note, where
HCL points at the opener).  Expected results need evaluation: skipped until
the evaluator exists (issue 3), as are diagnostics that come from decoding
against a schema rather than from parsing."""
import glob, json, os, subprocess, sys

SUITE = "/usr/share/gocode/src/github.com/hashicorp/hcl/v2/specsuite/tests"
TOP = os.environ.get("TOP", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
TOOL = os.path.join(TOP, "build/tools/parsedump")
# Diagnostics that hcldec gives when decoding against NAME.hcldec, not parse errors.
DECODING = {"structure/attributes/unexpected": "an attribute the schema does not allow"}

n = 0
def tap(ok, name, skip=None):
    global n
    n += 1
    if skip:
        print(f"ok {n} - {name} # SKIP {skip}")
    else:
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")

def run(mode, path):
    p = subprocess.run([TOOL, mode, path], capture_output=True, text=True)
    return p.returncode, p.stdout

if not os.path.isdir(SUITE):
    print("ok 1 # SKIP HCL spec suite not installed (apt-get install golang-github-hashicorp-hcl-v2-dev)")
    print("1..1")
    sys.exit(0)

for t in sorted(glob.glob(SUITE + "/**/*.t", recursive=True)):
    name = os.path.relpath(t, SUITE)[:-2]
    hcl = t[:-2] + ".hcl"
    rc, out = run("--json", t)
    if rc != 0:
        tap(False, f"{name}: reading {name}.t")
        continue
    spec = json.loads(out)
    want = []
    for d in spec.get("diagnostics", []):
        for sev in ("error", "warning"):
            for e in d.get(sev, []):
                want.append((sev, e["from"][0]["byte"], e["to"][0]["byte"]))
    _, diags = run("--diags", hcl)
    got = []   # (severity, [ranges of the diagnostic and its notes])
    for line in diags.splitlines():
        sev, rng = line.split(" ")[:2]
        a, b = (int(x) for x in rng.split("-"))
        if sev == "note" and got:
            got[-1][1].append((a, b))
        else:
            got.append((sev, [(a, b)]))
    if name in DECODING:
        tap(True, f"{name}: diagnostics", f"needs the evaluator (issue 3): {DECODING[name]}")
        tap(not any(s == "error" for s, _ in got), f"{name}: parses without errors")
    else:
        ok = len([g for g in got if g[0] == "error"]) == len([w for w in want if w[0] == "error"])
        for sev, a, b in want:
            ok = ok and any(s == sev and (a, b) in rs for s, rs in got)
        tap(ok, f"{name}: diagnostics ({len(want)} expected)")
        if not ok:
            print("# expected: " + ", ".join(f"{s} {a}-{b}" for s, a, b in want))
            for line in diags.splitlines():
                print("# got:      " + line)
    if "result" in spec or "result_type" in spec:
        tap(True, f"{name}: result", "needs the evaluator (issue 3)")
print(f"1..{n}")
