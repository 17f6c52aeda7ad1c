#!/usr/bin/python3
"""test_interop.py: state interop both ways with Terraform 1.x and the real
provider (hashicorp/aws 5.100.0), against moto.  For the reference system
(examples/terraform-style, brought to provider 5.x in a scratch copy) and
the configurations under configs/:
  - Terraform applies against one moto, then `clicamosc plan` on Terraform's
    state says No changes (migration from Terraform);
  - clicamosc applies against another moto, its state has the provider's
    schema_version and attribute layout, and `terraform plan` on that state
    (the provider ignoring clicamosc's identity tags) says No changes.
Skips visibly without terraform, the provider mirror or moto; a configuration
with a file one_way is planned one way only, for the reason it gives.  All
configurations run at once (terraform applies are slow)."""
import concurrent.futures, importlib.util, json, os, re, shutil, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tfenv

HERE = os.path.dirname(os.path.abspath(__file__))
# moto's own image catalogue has this one (DescribeImages answers it).
AMI = "ami-1e749f67"


def reference(dest):
    """examples/terraform-style as a Terraform 1.x user with provider 5.x
    runs it: `clicamosc fmt -upgrade` for the 0.11 forms, and the two
    arguments provider 5.x removed (a route's instance_id, an EIP's
    vpc = true) written as their replacements."""
    shutil.copytree(os.path.join(tfenv.TOP, "examples", "terraform-style"), dest)
    out = subprocess.run([tfenv.BIN, "fmt", "-upgrade", "-no-color", ".", "modules/network"], cwd=dest,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if out.returncode:
        raise RuntimeError("clicamosc fmt -upgrade: " + out.stdout)
    net = os.path.join(dest, "modules", "network", "main.tf")
    with open(net) as f:
        text = f.read()
    fixed = text.replace("  vpc      = true\n", '  domain   = "vpc"\n').replace(
        "    instance_id = aws_instance.nat.id\n",
        "    network_interface_id = aws_instance.nat.primary_network_interface_id\n")
    if fixed.count("domain") != 1 or "network_interface_id" not in fixed:
        raise RuntimeError("examples/terraform-style changed: the provider 5.x edits no longer apply")
    with open(net, "w") as f:
        f.write(fixed)
    main = os.path.join(dest, "main.tf")
    with open(main) as f:
        text = f.read()
    # the provider block is the test's (endpoints: moto)
    text, n = re.subn(r'provider "aws" \{[^}]*\}\n', "", text)
    with open(main, "w") as f:
        f.write(text)
    with open(os.path.join(dest, "terraform.tfvars"), "w") as f:
        f.write('ami = "%s"\n' % AMI)


def configs():
    """The reference system and configs/*; $CL_INTEROP_ONLY (names separated
    by commas) narrows them while working on one."""
    names = ["reference"] + sorted(d for d in os.listdir(os.path.join(HERE, "configs"))
                                   if os.path.isdir(os.path.join(HERE, "configs", d)))
    only = os.environ.get("CL_INTEROP_ONLY")
    return [n for n in names if n in only.split(",")] if only else names


def prepare(name, dest, moto):
    if name == "reference":
        reference(dest)
    else:
        shutil.copytree(os.path.join(HERE, "configs", name), dest,
                        ignore=shutil.ignore_patterns("prerequisites.py", "__pycache__"))
        pre = os.path.join(HERE, "configs", name, "prerequisites.py")
        if os.path.exists(pre):   # what no type of ours makes, made with botocore
            spec = importlib.util.spec_from_file_location("prerequisites_" + name, pre)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            with open(os.path.join(dest, "terraform.tfvars.json"), "w") as f:
                json.dump(mod.make(moto.client), f)
    with open(os.path.join(dest, "provider.tf"), "w") as f:
        f.write(tfenv.provider_tf(moto.url))


def tail(text, n=60):
    return "\n".join(text.rstrip().splitlines()[-n:])


def gist(plan):
    """What a plan that is not empty changes, short enough to read in a
    failure: each resource's header, the attributes that change (not the
    merely computed ones), Plan: and errors."""
    keep = [l for l in plan.splitlines()
            if re.match(r"\s*# \S+ (will|must)|Plan:|Error|\s*[-+~].*(->|forces replacement)", l)
            and "(known after apply)" not in l]
    return "\n".join(keep[:55]) if keep else tail(plan)


def from_terraform(name, work, moto, mirror):
    """Terraform applies; clicamosc plans on its state.  [(ok, what, detail)]"""
    d = os.path.join(work, "tf-" + name)
    prepare(name, d, moto)
    env = tfenv.tf_env(d, mirror)
    rc, out = tfenv.run(["terraform", "init", "-input=false", "-no-color"], d, env)
    if rc:
        return [(False, "%s: terraform init" % name, tail(out))]
    t = time.time()
    rc, out = tfenv.run(["terraform", "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20"], d, env)
    res = [(rc == 0, "%s: terraform apply against moto (%.0f s)" % (name, time.time() - t), tail(out))]
    if rc:
        return res
    before = open(os.path.join(d, "terraform.tfstate")).read()
    rc, out = tfenv.run([tfenv.BIN, "plan", "-no-color", "-detailed-exitcode", "-lock=false",
                         "-state=terraform.tfstate", "."], d, moto.env())
    res.append((rc == 0 and "No changes." in out, "%s: clicamosc plan on Terraform's state says No changes" % name,
                "exit %d\n%s" % (rc, gist(out))))
    res.append((open(os.path.join(d, "terraform.tfstate")).read() == before,
                "%s: the plan leaves Terraform's state as it was" % name, ""))
    return res


def state_shape(state, schema):
    """How clicamosc's state differs from what the provider records:
    schema_version, and attributes the provider does not have or records
    in another shape (blocks: arrays of objects)."""
    bad = []
    for r in state["resources"]:
        kind = "resource_schemas" if r["mode"] == "managed" else "data_source_schemas"
        s = schema[kind].get(r["type"])
        if s is None:
            bad.append("%s: no provider schema" % r["type"])
            continue
        for i in r["instances"]:
            where = "%s.%s" % (r["type"], r["name"])
            if i.get("schema_version") != s["version"]:
                bad.append("%s: schema_version %s, the provider's %s" % (where, i.get("schema_version"), s["version"]))
            bad += attrs_shape(where, i["attributes"], s["block"])
    return bad


def shape_of(t):
    if isinstance(t, str):
        return {"string": str, "number": (int, float), "bool": bool, "dynamic": object}[t]
    return {"list": list, "set": list, "map": dict, "object": dict}[t[0]]


# Attributes our state keeps that provider 5.100 does not have (see
# test_schema.py's KEPT: Terraform drops them when it reads the state).
OURS_ONLY = {"aws_autoscaling_group.drain_seconds", "aws_route_table.route.instance_id"}


def unsupported(path):
    """What test_schema.py names as not implemented at path ("aws_route_table",
    "aws_instance.root_block_device"): absent from our state, as from our
    tables; Terraform reads them as null."""
    import test_schema
    return set(test_schema.NOT_SUPPORTED.get(path, ("", ""))[1].split())


def attrs_shape(where, attrs, block):
    bad = []
    typ = where.split(".")[0]
    for k, v in attrs.items():
        a = block.get("attributes", {}).get(k)
        b = block.get("block_types", {}).get(k)
        if "%s.%s" % (typ, k) in OURS_ONLY or v is None:
            continue
        if a:
            if not isinstance(v, shape_of(a["type"])):
                bad.append("%s.%s: %s, the provider's type %s" % (where, k, json.dumps(v), json.dumps(a["type"])))
            elif isinstance(a["type"], list) and a["type"][0] in ("list", "set") and \
                    isinstance(a["type"][1], list) and a["type"][1][0] == "object":
                for e in v:
                    missing = set(a["type"][1][1]) - set(e) - {x.split(".", 1)[1] for x in unsupported(typ)
                                                               if x.startswith(k + ".")}
                    if missing:
                        bad.append("%s.%s: an element lacks %s" % (where, k, " ".join(sorted(missing))))
        elif b:
            if not isinstance(v, list) or not all(isinstance(e, dict) for e in v):
                bad.append("%s.%s: %s, the provider's %s block" % (where, k, json.dumps(v), b["nesting_mode"]))
            else:
                for e in v:
                    bad += attrs_shape(where + "." + k, e, b["block"])
        else:
            bad.append("%s.%s: not an attribute of the provider's" % (where, k))
    return bad


def to_terraform(name, work, moto, mirror, schema):
    """clicamosc applies; terraform plans on its state.  A configuration
    with a file one_way is planned from Terraform only, for the reason the
    file gives (a skip, visible)."""
    one_way = os.path.join(HERE, "configs", name, "one_way")
    if os.path.exists(one_way):
        with open(one_way) as f:
            return [(None, "%s: terraform plan on clicamosc's state" % name, f.read().strip())]
    d = os.path.join(work, "cl-" + name)
    prepare(name, d, moto)
    t = time.time()
    rc, out = tfenv.run([tfenv.BIN, "apply", "-auto-approve", "-no-color", "."], d, moto.env())
    res = [(rc == 0, "%s: clicamosc apply against moto (%.1f s)" % (name, time.time() - t), tail(out))]
    if rc:
        return res
    with open(os.path.join(d, "clicamosc.tfstate")) as f:
        state = json.load(f)
    bad = state_shape(state, schema)
    res.append((not bad, "%s: clicamosc's state has the provider's schema_version and attribute layout" % name,
                "\n".join(bad)))
    shutil.copy(os.path.join(d, "clicamosc.tfstate"), os.path.join(d, "terraform.tfstate"))
    env = tfenv.tf_env(d, mirror)
    rc, out = tfenv.run(["terraform", "init", "-input=false", "-no-color"], d, env)
    if rc:
        return res + [(False, "%s: terraform init" % name, tail(out))]
    rc, out = tfenv.run(["terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false",
                         "-parallelism=20"], d, env)
    res.append((rc == 0 and "No changes." in out, "%s: terraform plan on clicamosc's state says No changes" % name,
                "exit %d\n%s" % (rc, gist(out))))
    return res


def main():
    t = tfenv.TAP()
    names = configs()
    mirror = tfenv.mirror()
    why = None
    if not tfenv.terraform():
        why = "terraform is not on PATH"
    elif not mirror:
        why = "no hashicorp/aws %s mirror (/opt/tf-plugins, or set CL_TF_MIRROR)" % tfenv.PROVIDER_VERSION
    elif not tfenv.moto_python():
        why = "no python with moto (python3 on PATH, /root/.pyenv/shims/python3)"
    elif not importlib.util.find_spec("botocore"):
        why = "botocore is not installed for %s (Debian: python3-botocore)" % sys.executable
    if why:
        for n in names:
            t.skip("%s: state interop with Terraform both ways" % n, why)
        t.done()
    with open(tfenv.SCHEMA_DATA) as f:
        schema = json.load(f)
    work = tfenv.scratch("cl-tfinterop.")
    motos = []
    try:
        py = tfenv.moto_python()
        motos = [tfenv.Moto(py, work), tfenv.Moto(py, work)]   # one per direction: the names would collide
        with concurrent.futures.ThreadPoolExecutor(max_workers=2 * len(names)) as pool:
            jobs = []
            for n in names:
                jobs.append(pool.submit(from_terraform, n, work, motos[0], mirror))
                jobs.append(pool.submit(to_terraform, n, work, motos[1], mirror, schema))
            for j in jobs:
                try:
                    for ok, what, detail in j.result():
                        if ok is None:
                            t.skip(what, detail)
                        else:
                            t.ok(ok, what, detail)
                except Exception as e:
                    t.ok(False, "a step raised", repr(e))
    finally:
        for m in motos:
            m.stop()
        if t.failed and os.environ.get("CL_KEEP"):
            print("# kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    t.done()


if __name__ == "__main__":
    main()
