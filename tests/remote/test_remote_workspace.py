#!/usr/bin/python3
"""test_remote_workspace.py: workspaces (issue 16) in Terraform's layouts:
locally terraform.tfstate.d/NAME/ beside the default state, in S3 (tests/awsemu)
env:/NAME/KEY, or PREFIX/NAME/KEY with workspace_key_prefix; terraform.workspace
in expressions; new, select, list, show, delete and their mistakes.  Prints TAP."""
import json, os, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from remote import main_with_emulator, run, write  # noqa: E402

CONFIG = 'resource "aws_vpc" "v" {\n  cidr_block = "10.7.0.0/16"\n  tags = {\n    ws = terraform.workspace\n  }\n}\n' \
         'output "ws" {\n  value = terraform.workspace\n}\n'
BACKEND = 'terraform {\n  backend "s3" {\n    bucket = "tfstate"\n    key = "app/terraform.tfstate"\n' \
          '    region = "us-east-1"\n    use_path_style = true\n%s  }\n}\n'


def body(t, emu):
    env = dict(emu.env, NO_COLOR="1")
    env.pop("TF_WORKSPACE", None)

    # Local
    work = tempfile.mkdtemp(prefix="clws")
    cl = lambda *a: run(env, work, *a)  # noqa: E731
    write(os.path.join(work, "main.tf"), CONFIG)
    r = cl("workspace", "show")
    t.ok(r.returncode == 0 and r.stdout == "default\n", "the workspace is default at first", r.out)
    r = cl("apply", "-auto-approve")
    t.ok(r.returncode == 0 and 'ws = "default"' in r.stdout, "apply in default: terraform.workspace is default", r.out)
    r = cl("workspace", "new", "staging")
    t.ok(r.returncode == 0 and 'Created and switched to workspace "staging"' in r.stdout, "workspace new staging", r.out)
    r = cl("plan", "-no-color")
    t.ok(r.returncode == 0 and "Plan: 1 to add" in r.stdout, "staging has a state of its own: the VPC is to create",
         r.out)
    r = cl("apply", "-auto-approve")
    path = os.path.join(work, "terraform.tfstate.d", "staging", "clicamosc.tfstate")
    ok = r.returncode == 0 and os.path.exists(path) and json.load(open(path))["outputs"]["ws"]["value"] == "staging"
    t.ok(ok, "its state is terraform.tfstate.d/staging/clicamosc.tfstate, with terraform.workspace = staging", r.out)
    vpcs = [v for v in emu.control("/_emu/state")["ec2"]["vpcs"] if v.get("cidrBlock") == "10.7.0.0/16"]
    t.ok(len(vpcs) == 2, "two VPCs, one per workspace", vpcs)
    r = cl("workspace", "list")
    t.ok(r.returncode == 0 and r.stdout == "  default\n* staging\n\n", "workspace list marks the current one", r.out)
    r = cl("state", "list")
    t.ok(r.stdout == "aws_vpc.v\n", "state list reads the current workspace's state", r.out)
    r = cl("workspace", "delete", "staging")
    t.ok(r.returncode == 1 and "current one" in r.stderr, "the current workspace cannot be deleted", r.out)
    r = cl("workspace", "select", "default")
    t.ok(r.returncode == 0 and cl("output", "ws").stdout == '"default"\n', "select default: its outputs again", r.out)
    r = cl("workspace", "delete", "staging")
    t.ok(r.returncode == 1 and "still manages resources" in r.stderr, "a workspace with resources is kept", r.out)
    r = cl("workspace", "select", "nope")
    t.ok(r.returncode == 1 and "doesn't exist" in r.stderr and "workspace new nope" in r.stderr,
         "select of a workspace that does not exist says how to create it", r.out)
    r = cl("workspace", "new", "a/b")
    t.ok(r.returncode == 1 and "not a workspace name" in r.stderr, "a name with a slash is refused", r.out)
    r = run(dict(env, TF_WORKSPACE="staging"), work, "output", "ws")
    t.ok(r.stdout == '"staging"\n', "TF_WORKSPACE selects too", r.out)
    r = run(dict(env, TF_WORKSPACE="staging"), work, "destroy", "-auto-approve")
    r2 = cl("workspace", "delete", "staging")
    t.ok(r.returncode == 0 and r2.returncode == 0 and not os.path.exists(os.path.dirname(path)),
         "once destroyed, delete removes it", r.out + r2.out)

    # S3: env:/NAME/KEY, and workspace_key_prefix
    for prefix, want in (("", "env:/qa/app/terraform.tfstate"), ('    workspace_key_prefix = "ws"\n',
                                                                   "ws/qa/app/terraform.tfstate")):
        work = tempfile.mkdtemp(prefix="clws3")
        cl = lambda *a: run(env, work, *a)  # noqa: E731
        write(os.path.join(work, "main.tf"), BACKEND % prefix + 'output "ws" {\n  value = terraform.workspace\n}\n')
        r = cl("init")
        t.ok(r.returncode == 0, "init with the s3 backend", r.out)
        r = cl("workspace", "new", "qa")
        r2 = cl("apply", "-auto-approve")
        objs = emu.control("/_emu/state")["s3"]
        st = json.loads(objs.get("tfstate/" + want, "{}"))
        t.ok(r.returncode == 0 and r2.returncode == 0 and st.get("outputs", {}).get("ws", {}).get("value") == "qa",
             "S3: workspace qa's state is %s" % want, r.out + r2.out + json.dumps(sorted(objs)))
        r = cl("workspace", "select", "default")
        r2 = cl("apply", "-auto-approve")
        objs = emu.control("/_emu/state")["s3"]
        st = json.loads(objs.get("tfstate/app/terraform.tfstate", "{}"))
        t.ok(r2.returncode == 0 and st.get("outputs", {}).get("ws", {}).get("value") == "default",
             "S3: the default workspace's state is the key itself", r.out + r2.out)
        r = cl("workspace", "select", "qa")
        t.ok(r.returncode == 0, "S3: select finds qa's state object", r.out)
        r = cl("workspace", "select", "missing")
        t.ok(r.returncode == 1 and "doesn't exist" in r.stderr, "S3: select of a workspace with no state object", r.out)


sys.exit(main_with_emulator(body))
