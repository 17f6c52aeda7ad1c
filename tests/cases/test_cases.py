#!/usr/bin/python3
"""Golden tests of the command line: every tests/cases/*/*.t file is one case.

A case file holds the command, the files it runs on, and what it must print:

    # what this case is about
    args: validate
    exit: 1
    --- main.cl
    resource "aws_vpc" "x" {}
    --- stderr
    main.cl:1:1: error: ...

Sections: "--- NAME" (a file written into a fresh directory, which is the
working directory), "--- stdin", "--- stdout", "--- stderr".  A header
"links: NAME=TARGET ..." makes symbolic links there too.  stdout/stderr
are compared exactly when present (NAME "stdout*" or "stderr*" with a star
compares only that the text is contained).  Set UPDATE=1 to rewrite the
expected sections from the actual output.  Prints TAP."""
import difflib, os, subprocess, sys, tempfile

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")


def parse(path):
    head, sections, order, cur = {}, {}, [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("--- "):
                cur = line[4:].rstrip("\n")
                sections[cur] = ""
                order.append(cur)
            elif cur is not None:
                sections[cur] += line
            elif line.strip() and not line.startswith("#"):
                k, _, v = line.partition(":")
                head[k.strip()] = v.strip()
    return head, sections, order


def run(path):
    head, sections, _ = parse(path)
    with tempfile.TemporaryDirectory() as d:
        for name, text in sections.items():
            if name in ("stdin",) or name.startswith("stdout") or name.startswith("stderr"):
                continue
            p = os.path.join(d, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        for kv in head.get("links", "").split():
            name, _, target = kv.partition("=")
            os.symlink(target, os.path.join(d, name))
        env = dict(os.environ, NO_COLOR="1", TOP=TOP)
        for kv in head.get("env", "").split():
            k, _, v = kv.partition("=")
            env[k] = v
        args = head.get("args", "").split()
        try:
            r = subprocess.run([BIN] + args, cwd=d, input=sections.get("stdin", "").encode(), env=env,
                               capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return ["timed out after 60 s"], None
        out, err = r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    problems = []
    want_exit = int(head.get("exit", "0"))
    if r.returncode != want_exit:
        problems.append("exit status %d, expected %d" % (r.returncode, want_exit))
    actual = {"stdout": out, "stderr": err}
    for name, text in sections.items():
        base = name.rstrip("*")
        if base not in actual:
            continue
        if name.endswith("*"):
            if text.strip() not in actual[base]:
                problems.append("%s does not contain:\n%s\n--- %s was:\n%s" % (base, text, base, actual[base]))
        elif text != actual[base]:
            diff = difflib.unified_diff(text.splitlines(True), actual[base].splitlines(True),
                                        "expected " + base, "actual " + base)
            problems.append("".join(diff))
    if r.returncode < 0 or "AddressSanitizer" in err or "runtime error:" in err:
        problems.append("crashed or sanitizer report:\n" + err[-3000:])
    return problems, actual


def update(path, actual):
    head, sections, order = parse(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n--- ")[0]
    out = [lines.rstrip("\n") + "\n"]
    for name in order:
        text = actual.get(name, sections[name]) if name in ("stdout", "stderr") else sections[name]
        out.append("--- %s\n%s" % (name, text))
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cases = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(here) for f in fs if f.endswith(".t"))
    n = 0
    for c in cases:
        n += 1
        problems, actual = run(c)
        name = os.path.relpath(c, here)
        if problems and os.environ.get("UPDATE") and actual:
            update(c, actual)
        print("%sok %d - %s" % ("not " if problems else "", n, name))
        for p in problems:
            for line in p.splitlines():
                print("#   " + line)
    print("1..%d" % n)


main()
