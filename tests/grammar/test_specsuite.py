#!/usr/bin/python3
"""test_specsuite.py: HCL's own specification tests (Debian package
golang-github-hashicorp-hcl-v2-dev, specsuite/tests), checked as HashiCorp's
hclspecsuite checks them, with this file in the place of hcldec.

Each NAME.hcl comes with NAME.hcldec (how to decode it) and NAME.t (what
must come out: a result value, a result_type, diagnostics, traversals).
build/tools/specdecode parses and evaluates any of the three files and
prints its body as JSON; this runner implements the hcldec specs the suite
uses (literal, object, attr, block, block_list, block_map) on top of that.

  diagnostics  from parsing (parsedump --diags), as severity and byte range;
               our "unclosed" errors point at the end of the file and name
               the opener in a note, where HCL points at the opener, so a
               note's range counts too.  Without parse errors: those of
               decoding against the spec, which must match exactly.
  result       the decoded value must equal NAME.t's result converted to its
               result_type, type included (cty's RawEquals); numbers compare
               as doubles, which is what clicamosc's numbers are.
  result_type  the decoded type must conform to it (any matches anything).
  traversals   the variables the decoded expressions refer to.
A case or part that cannot run is a SKIP that says why."""
import glob, json, os, subprocess, sys

SUITE = "/usr/share/gocode/src/github.com/hashicorp/hcl/v2/specsuite/tests"
TOP = os.environ.get("TOP", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
PARSEDUMP = os.path.join(TOP, "build/tools/parsedump")
SPECDECODE = os.path.join(TOP, "build/tools/specdecode")

# Where clicamosc differs from HCL on purpose or by a known bug, keyed by
# case and what: "result_type", or "result.PATH" for a part of the result.
# Each is (why, whether our evaluator can read the expected part at all).
# They are reported as skips; a skipped part is left out of the comparison
# of the rest, a skipped result_type leaves the result unconverted (as
# hclspecsuite does when a case gives none).
KNOWN = {
    ("expressions/primitive_literals", "result.string_unicode_nonnorm"): (
        "strings are not NFC-normalized: cty.StringVal normalizes every string to NFC "
        "(\"an\\u0303os\" becomes \"a\\u00f1os\"), compiler/value.c cl_value_string keeps the bytes", True),
    ("expressions/primitive_literals", "result_type"): (
        "the bare object keys true, false and null are read as the keywords, where HCL takes them "
        "as names (hclsyntax LiteralValueExpr.AsTraversal): compiler/types.c cl_type_parse refuses "
        "object({true = bool}) (\"an attribute name must be a name or a quoted string\"), and "
        "{null = 1} fails with \"an object key must not be null\" because grammar/ast.c "
        "ast_objitem sets key_is_name for CL_E_VAR keys only, a bug", False),
}

def known(name, prefix):
    """The KNOWN entries of a case whose key starts with prefix."""
    return [(what, why, readable) for (case, what), (why, readable) in KNOWN.items()
            if case == name and what.startswith(prefix)]

n = 0
def tap(ok, name, skip=None):
    global n
    n += 1
    if skip:
        print(f"ok {n} - {name} # SKIP {skip}")
    else:
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
    return ok

def comment(label, text):
    for line in str(text).splitlines() or [""]:
        print(f"# {label}{line}")
        label = " " * len(label)

def specdecode(path, *opts):
    p = subprocess.run([SPECDECODE, *opts, path], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"specdecode {path}: {p.stderr.strip()}")
    return json.loads(p.stdout)

class Unsupported(Exception):
    pass

# ---------------------------------------------------------------- the .t file

def range_of(block):
    """A from/to pair of blocks as a byte range."""
    ends = {b["type"]: b for b in block["body"]["blocks"]}
    return tuple(attrs(ends[k])["byte"]["value"] for k in ("from", "to"))

def attrs(block_or_body):
    body = block_or_body.get("body", block_or_body)
    return {a["name"]: a for a in body["attributes"]}

def read_t(name, path, text):
    """What NAME.t expects; None when it does not parse."""
    t = specdecode(path, "-constraint", "result_type")
    if t["diagnostics"]:
        return None
    top = attrs(t["body"])
    want = {"diags": [], "traversals": None}
    for what, why, _ in known(name, "result_type"):
        tap(True, f"{name}: {what}", why)
        if "type" in top.pop("result_type", {}):
            print(f"# {name}: {what} reads now: take it out of KNOWN")
    if "result_type" in top:
        rt = top["result_type"]
        want["result_type"] = rt["type"]
        want["result_type_text"] = text[rt["range"][0]:rt["range"][1]].decode()
    want["result"] = "result" in top
    for b in t["body"]["blocks"]:
        if b["type"] == "diagnostics":
            want["diags"] = [(d["type"], *range_of(d)) for d in b["body"]["blocks"]]
        elif b["type"] == "traversals":
            want["traversals"] = []
            for e in b["body"]["blocks"]:
                ref = attrs(e)["ref"]["traversals"][0]
                rng = range_of(next(r for r in e["body"]["blocks"] if r["type"] == "range"))
                want["traversals"].append((ref["root"], ref["steps"], rng))
    return want

def expected_result(name, path, want):
    """NAME.t's result converted to its result_type, by our own converter."""
    opts = ["-type", "result=" + want["result_type_text"]] if "result_type" in want else []
    for what, _, readable in known(name, "result."):
        if not readable:
            opts += ["-null", what]
    a = attrs(specdecode(path, *opts)["body"])["result"]
    if "errors" in a:
        return None, None, a["errors"][0]["message"]
    return a["value"], a["type"], None

# ---------------------------------------------------------------- hcldec specs

def read_spec(block, text):
    """One spec block of a .hcldec file as a dict (its kind, its name, its
    nested spec); raises Unsupported for the kinds this runner lacks."""
    kind, a = block["type"], attrs(block)
    label = block["labels"][0] if block["labels"] else None
    nested = [read_spec(b, text) for b in block["body"]["blocks"]]
    val = lambda k, d=None: a[k]["value"] if k in a else d
    if kind == "literal":
        return {"kind": kind, "value": a["value"]["value"], "type": a["value"]["type"]}
    if kind == "object":
        return {"kind": kind, "children": nested, "names": [b["labels"][0] for b in block["body"]["blocks"]]}
    if kind == "attr":
        t = a["type"]
        return {"kind": kind, "name": val("name", label), "type": t["type"],
                "type_text": text[t["range"][0]:t["range"][1]].decode(), "required": val("required", False)}
    if kind in ("block", "block_list", "block_map"):
        if len(nested) != 1:
            raise Unsupported(f"a {kind} spec without exactly one nested spec, which hcldec refuses too")
        return {"kind": kind, "block_type": val("block_type", label), "nested": nested[0],
                "required": val("required", False), "min": val("min_items", 0), "max": val("max_items", 0),
                "labels": val("labels", [])}
    raise Unsupported(f"hcldec's {kind} spec, which this runner does not implement")

def read_hcldec(path, text):
    spec = specdecode(path, "-constraint", "type")
    roots = [b for b in spec["body"]["blocks"] if b["type"] not in ("variables", "function")]
    if any(b["type"] == "function" for b in spec["body"]["blocks"]):
        raise Unsupported("hcldec's user-defined functions, which this runner does not implement")
    if len(roots) != 1:
        raise Unsupported(f"{len(roots)} root specs, where hcldec wants one")
    return read_spec(roots[0], text)

def implied_type(s):
    k = s["kind"]
    if k in ("literal", "attr"):
        return s["type"]
    if k == "object":
        return ["object", {name: implied_type(c) for name, c in zip(s["names"], s["children"])}]
    inner = implied_type(s["nested"])
    return {"block": inner, "block_list": ["list", inner], "block_map": ["map", inner]}[k]

def same_body(s):
    """The specs that read the same body as s (hcldec's visitSameBodyChildren)."""
    if s["kind"] == "object":
        for c in s["children"]:
            yield from same_body(c)
    else:
        yield s

def conversions(s, prefix=""):
    """-type options for specdecode: every attr spec's path and type."""
    for c in same_body(s):
        if c["kind"] == "attr":
            yield f"{prefix}{c['name']}={c['type_text']}"
        elif c["kind"] != "literal":
            yield from conversions(c["nested"], f"{prefix}{c['block_type']}.")

class Decoder:
    """hcldec.Decode over a specdecode body: values, types, diagnostics."""
    def __init__(self):
        self.diags = []      # (severity, start, end, message)
        self.traversals = []

    def error(self, rng, msg):
        self.diags.append(("error", rng[0], rng[1], msg))

    def content(self, body, spec, missing):
        """hcl's Body.Content: what the specs of this body accept."""
        names = {c["name"]: c for c in same_body(spec) if c["kind"] == "attr"}
        blocks = {c["block_type"]: c for c in same_body(spec) if c["kind"].startswith("block")}
        for a in body["attributes"]:
            if a["name"] not in names:
                self.error(a["name_range"], f"Unsupported argument: an argument named \"{a['name']}\" is not expected here")
        for name, c in names.items():
            if c["required"] and not any(a["name"] == name for a in body["attributes"]):
                self.error(missing, f"Missing required argument \"{name}\"")
        for b in body["blocks"]:
            c = blocks.get(b["type"])
            want = len(c["labels"]) if c else 0
            if not c:
                self.error(b["type_range"], f"Unsupported block type \"{b['type']}\"")
            elif len(b["labels"]) > want:
                self.error(b["label_ranges"][want], f"Extraneous label for {b['type']}")
            elif len(b["labels"]) < want:
                self.error(b["open_range"], f"Missing {c['labels'][len(b['labels'])]} for {b['type']}")

    def body(self, body, spec, missing):
        self.content(body, spec, missing)
        return self.decode(body, spec, missing)

    def decode(self, body, s, missing):
        k = s["kind"]
        if k == "literal":
            return s["value"], s["type"]
        if k == "object":
            vals = [self.decode(body, c, missing) for c in s["children"]]
            return ({name: v for name, (v, _) in zip(s["names"], vals)},
                    ["object", {name: t for name, (_, t) in zip(s["names"], vals)}])
        if k == "attr":
            a = next((a for a in body["attributes"] if a["name"] == s["name"]), None)
            if a is None:
                return None, s["type"]
            self.traversals += a["traversals"]
            for d in a.get("errors", []):
                self.diags.append((d["severity"], *d["range"], d["message"]))
            return (a["value"], a["type"]) if "value" in a else (None, s["type"])
        blocks = [b for b in body["blocks"] if b["type"] == s["block_type"]
                  and len(b["labels"]) == len(s["labels"])]
        inner = lambda b: self.body(b["body"], s["nested"], (b["open_range"][0],) * 2)
        if k == "block":
            for dup in blocks[1:2]:
                self.error(def_range(dup), f"Duplicate {s['block_type']} block")
            if not blocks:
                if s["required"]:
                    self.error(missing, f"Missing {s['block_type']} block")
                return None, implied_type(s["nested"])
            return inner(blocks[0])
        if k == "block_list":
            vals = [inner(b) for b in blocks]
            if len(vals) < s["min"]:
                self.error(missing, f"Insufficient {s['block_type']} blocks")
            elif s["max"] and len(vals) > s["max"]:
                self.error(def_range(blocks[s["max"]]), f"Too many {s['block_type']} blocks")
            types = {json.dumps(t, sort_keys=True) for _, t in vals}
            if len(types) > 1:
                raise Unsupported("block_list elements of different types unified (cty's UnifyUnsafe), which this runner does not implement")
            return [v for v, _ in vals], ["list", vals[0][1] if vals else implied_type(s["nested"])]
        if len(s["labels"]) != 1:
            raise Unsupported("a block_map with more than one label, which this runner does not implement")
        out, elem = {}, implied_type(s["nested"])
        for b in blocks:
            v, elem = inner(b)
            if b["labels"][0] in out:
                self.error(def_range(b), f"Duplicate {s['block_type']} block")
            else:
                out[b["labels"][0]] = v
        return out, ["map", elem]

def def_range(block):
    """hcl's Block.DefRange: the type through the last label."""
    last = block["label_ranges"][-1] if block["label_ranges"] else block["type_range"]
    return (block["type_range"][0], last[1])

# ---------------------------------------------------------------- comparing

def conforms(t, want):
    """cty's Type.TestConformance: t fits want, where want may hold any."""
    if want == "dynamic":
        return True
    if isinstance(t, str) or isinstance(want, str):
        return t == want
    if t[0] != want[0]:
        return False
    if t[0] == "object":
        return t[1].keys() == want[1].keys() and all(conforms(t[1][k], want[1][k]) for k in t[1])
    if t[0] == "tuple":
        return len(t[1]) == len(want[1]) and all(conforms(a, b) for a, b in zip(t[1], want[1]))
    return conforms(t[1], want[1])

def difference(a, b, path="result"):
    """Where two JSON values first differ, as (path, a there, b there), or
    None; numbers compare as doubles, and a bool is not a number."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return path + " (keys)", sorted(a), sorted(b)
        return next(filter(None, (difference(a[k], b[k], f"{path}.{k}") for k in sorted(a))), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return path + " (length)", len(a), len(b)
        return next(filter(None, (difference(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b)))), None)
    number = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    same = float(a) == float(b) if number(a) and number(b) else type(a) is type(b) and a == b
    return None if same else (path, a, b)

def part(value, path):
    for key in path.split("."):
        value = value[key]
    return value

def drop(value, typ, path):
    """value and typ without the attribute at path (dotted)."""
    head, _, rest = path.partition(".")
    value = dict(value)
    fields = dict(typ[1]) if isinstance(typ, list) and typ[0] == "object" else None
    if rest:
        sub_t = fields[head] if fields is not None else typ[1]
        value[head], sub_t = drop(value[head], sub_t, rest)
        if fields is not None:
            fields[head] = sub_t
        else:
            typ = [typ[0], sub_t]
    else:
        value.pop(head)
        if fields is not None:
            fields.pop(head)
    return value, (["object", fields] if fields is not None else typ)

# ---------------------------------------------------------------- one case

def parse_diags(hcl):
    """Our parse diagnostics: (severity, [ranges of it and its notes])."""
    p = subprocess.run([PARSEDUMP, "--diags", hcl], capture_output=True, text=True)
    got = []
    for line in p.stdout.splitlines():
        sev, rng = line.split(" ")[:2]
        a, b = (int(x) for x in rng.split("-"))
        if sev == "note" and got:
            got[-1][1].append((a, b))
        else:
            got.append((sev, [(a, b)]))
    return got, p.stdout

def check_diags(name, want, got, shown):
    ok = len([g for g in got if g[0] == "error"]) == len([w for w in want if w[0] == "error"])
    for sev, a, b in want:
        ok = ok and any(s == sev and (a, b) in rs for s, rs in got)
    if not tap(ok, f"{name}: diagnostics ({len(want)} expected)"):
        comment("expected: ", ", ".join(f"{s} {a}-{b}" for s, a, b in want) or "none")
        comment("got:      ", shown or "none")

def check_traversals(name, want, got):
    key = lambda root, steps, rng: (root, json.dumps(steps), tuple(rng))
    w = sorted(key(*t) for t in want)
    g = sorted(key(t["root"], t["steps"], t["range"]) for t in got)
    if not tap(w == g, f"{name}: traversals ({len(want)} expected)"):
        comment("expected: ", w)
        comment("got:      ", g)

def check_result(name, t, want, got_value, got_type):
    if "result_type" in want and not conforms(got_type, want["result_type"]):
        tap(False, f"{name}: result_type")
        comment("expected: ", json.dumps(want["result_type"]))
        comment("got:      ", json.dumps(got_type))
        return
    if not want["result"]:
        tap(True, f"{name}: result_type")
        return
    value, typ, err = expected_result(name, t, want)
    if err:
        tap(False, f"{name}: result (we cannot read the expected value: {err})")
        return
    for what, why, readable in known(name, "result."):
        tap(True, f"{name}: {what}", why)
        path = what[len("result."):]
        if readable and not difference(part(value, path), part(got_value, path)):
            print(f"# {name}: {what} matches now: take it out of KNOWN")
        value, typ = drop(value, typ, path)
        got_value, got_type = drop(got_value, got_type, path)
    diff = difference(typ, got_type, "type of result") or difference(value, got_value)
    if not tap(not diff, f"{name}: result"):
        comment(f"{diff[0]}: expected ", json.dumps(diff[1], ensure_ascii=False))
        comment(f"{diff[0]}: got      ", json.dumps(diff[2], ensure_ascii=False))

def block_options(s, prefix=""):
    """-block options for specdecode reading a .hcl.json input: which
    properties are blocks, and with how many labels (the spec says)."""
    for c in same_body(s):
        if c["kind"].startswith("block"):
            yield f"{prefix}{c['block_type']}={len(c['labels'])}"
            yield from block_options(c["nested"], f"{prefix}{c['block_type']}.")

def run_input(name, t, want, path, base, read):
    """One input of a case (NAME.hcl, or NAME.hcl.json in HCL's JSON
    syntax) against NAME.t."""
    got, shown = parse_diags(path)
    checks_result = want["result"] or "result_type" in want
    if any(s == "error" for s, _ in got):
        # hcldec stops at parse errors: only those are compared.
        check_diags(name, want["diags"], got, shown)
        if checks_result:
            tap(False, f"{name}: result (the file did not parse)")
        return
    dec = Decoder()
    try:
        spec = read_hcldec(base + ".hcldec", read(base + ".hcldec"))
        opts = ["-vars", base + ".hcldec"]
        for c in conversions(spec):
            opts += ["-type", c]
        if path.endswith(".json"):
            for b in block_options(spec):
                opts += ["-block", b]
        value, typ = dec.body(specdecode(path, *opts)["body"], spec, (0, 0))
    except Unsupported as e:
        tap(True, f"{name}: decoding", f"it needs {e}")
        return
    got = [(s, [(a, b)]) for s, a, b, _ in dec.diags]
    check_diags(name, want["diags"], got, "\n".join(f"{s} {a}-{b} {m}" for s, a, b, m in dec.diags))
    if want["traversals"] is not None:
        check_traversals(name, want["traversals"], dec.traversals)
    if checks_result and not want["diags"]:
        check_result(name, t, want, value, typ)

def run_case(t):
    name = os.path.relpath(t, SUITE)[:-2]
    base = t[:-2]
    read = lambda p: open(p, "rb").read()   # ranges are byte offsets
    want = read_t(name, t, read(t))
    if want is None:
        tap(False, f"{name}: reading {name}.t")
        return
    # A case gives NAME.hcl, NAME.hcl.json (HCL's JSON syntax), or both.
    for path, label in ((base + ".hcl", name), (base + ".hcl.json", name + " (JSON)")):
        if os.path.exists(path):
            run_input(label, t, want, path, base, read)

def main():
    if not os.path.isdir(SUITE):
        print("ok 1 # SKIP HCL spec suite not installed (apt-get install golang-github-hashicorp-hcl-v2-dev)")
        print("1..1")
        return
    for tool in (PARSEDUMP, SPECDECODE):
        if not os.access(tool, os.X_OK):
            print(f"not ok 1 - {tool} is missing (make)\n1..1")
            sys.exit(1)
    for t in sorted(glob.glob(SUITE + "/**/*.t", recursive=True)):
        run_case(t)
    print(f"1..{n}")

main()
