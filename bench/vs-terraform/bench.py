#!/usr/bin/python3
"""bench.py (bench/vs-terraform/run): the same steps through Terraform 1.x
with the real hashicorp/aws provider and through clicamosc, one after the
other against the same moto: apply, no-op plan, new-AMI plan, rollout apply,
no-op plan, destroy.  Both run examples/terraform-style after `clicamosc fmt
-upgrade` (Terraform cannot read the 0.11 spellings) and with the NAT route
naming the instance's network interface (provider 5 has no route
instance_id): the same files for both.  Prints wall time and
requests per step (moto's recorder counts them) and whether the two plans
agree; the time ratios count only when they agree at every step.
Measures only; not part of make check.

  bench/vs-terraform/run [--keep=DIR]

Needs terraform on PATH, the provider as a filesystem mirror (/opt/tf-plugins
or $TF_PLUGIN_MIRROR) and a python with moto ($MOTO_PYTHON or as the tests
find it); says which is missing and exits 0 without them."""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "moto"))
import moto  # noqa: E402  (tests/moto/moto.py: moto on a free port, its recorder)

CL = moto.BIN
EXAMPLE = os.path.join(TOP, "examples", "terraform-style")
MIRROR = os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins")
STEPS = [("apply", 0), ("no-op plan", 0), ("new-AMI plan", 1), ("rollout", 1), ("no-op plan", 1), ("destroy", 1)]

PROVIDER_OVERRIDE = """# Written by bench/vs-terraform: the provider pointed at moto.
provider "aws" {
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
%s
  }
}
"""


def missing():
    if not shutil.which("terraform"):
        return "terraform is not on PATH"
    if not glob.glob(os.path.join(MIRROR, "registry.terraform.io", "hashicorp", "aws", "*", "*",
                                  "terraform-provider-aws_*")):
        return "no hashicorp/aws provider under %s (set TF_PLUGIN_MIRROR)" % MIRROR
    return moto.why_skip()


def changed(out):
    """The addresses a plan would change, and its summary line."""
    addrs = sorted(set(re.findall(r"^  # (\S+) (?:will be|must be)", out, re.M)))
    m = re.search(r"^(Plan: .*|No changes\..*)$", out, re.M)
    return addrs, (m.group(1) if m else "")


class Tool:
    def __init__(self, name, argv0, cwd, env):
        self.name, self.argv0, self.cwd, self.env = name, argv0, cwd, env

    def step(self, m, step, ami):   # ami: an image moto holds (the provider reads it)
        verb = {"apply": "apply", "rollout": "apply", "destroy": "destroy"}.get(step, "plan")
        argv = [self.argv0, verb, "-no-color", "-input=false", "-var", "ami=" + ami]
        argv += ["-auto-approve"] if verb != "plan" else ["-detailed-exitcode"]
        if self.name == "clicamosc":
            argv.remove("-input=false")
        m.reset_recording()
        start = time.monotonic()
        r = subprocess.run(argv, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=900)
        secs = time.monotonic() - start
        return {"secs": secs, "requests": len(m.requests()), "rc": r.returncode, "out": r.stdout + r.stderr,
                "plan": changed(r.stdout) if verb == "plan" else None}


def prepare(work, m):
    """Two copies of the upgraded example: one for each tool."""
    dirs = {}
    for name in ("clicamosc", "terraform"):
        d = os.path.join(work, name)
        shutil.copytree(EXAMPLE, d)
        r = subprocess.run([CL, "fmt", "-upgrade", ".", "modules/network"], cwd=d, capture_output=True, text=True)
        if r.returncode:
            sys.exit("clicamosc fmt -upgrade failed:\n" + r.stdout + r.stderr)
        nat = os.path.join(d, "modules", "network", "main.tf")
        with open(nat) as f:
            text = f.read()
        with open(nat, "w") as f:
            f.write(text.replace("instance_id = aws_instance.nat.id",
                                 "network_interface_id = aws_instance.nat.primary_network_interface_id"))
        dirs[name] = d
    services = ["ec2", "elb", "autoscaling", "s3", "dynamodb", "sts", "iam"]
    with open(os.path.join(dirs["terraform"], "bench_override.tf"), "w") as f:
        f.write(PROVIDER_OVERRIDE % "\n".join('    %s = "%s"' % (s, m.url) for s in services))
    cli = os.path.join(work, "terraformrc")
    with open(cli, "w") as f:
        f.write('provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' % MIRROR)
    tfenv = dict(m.env, TF_CLI_CONFIG_FILE=cli, TF_IN_AUTOMATION="1", TF_INPUT="0",
                 CHECKPOINT_DISABLE="1", TF_DATA_DIR=os.path.join(dirs["terraform"], ".terraform"))
    r = subprocess.run(["terraform", "init", "-no-color", "-input=false"], cwd=dirs["terraform"], env=tfenv,
                       capture_output=True, text=True, timeout=300)
    if r.returncode:
        sys.exit("terraform init failed:\n" + r.stdout + r.stderr)
    return [Tool("clicamosc", CL, dirs["clicamosc"], m.env), Tool("terraform", "terraform", dirs["terraform"], tfenv)]


def main():
    why = missing()
    if why:
        print("vs-terraform: skipped: " + why)
        return 0
    keep = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--keep=")), None)
    work = keep or tempfile.mkdtemp(prefix="clvstf")
    os.makedirs(work, exist_ok=True)
    m = moto.Moto(work)
    failed = False
    try:
        tools = prepare(work, m)
        # The provider reads the image before it creates a launch configuration.
        images = sorted(i["ImageId"] for i in m.client("ec2").describe_images(Owners=["amazon"])["Images"])[:2]
        results = {}
        for tool in tools:
            results[tool.name] = []
            for step, n in STEPS:
                res = tool.step(m, step, images[n])
                ok = res["rc"] in ((0, 2) if res["plan"] else (0,))
                results[tool.name].append(res)
                if not ok:
                    failed = True
                    print("%s %s failed (exit %d):\n%s" % (tool.name, step, res["rc"], res["out"][-3000:]))
                    break
        report(results)
    finally:
        m.stop()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def plan_text(r):
    addrs = r["plan"][0]
    return "changes " + ", ".join(addrs) if addrs else "no changes" if r["rc"] == 0 else "exit %d" % r["rc"]


def report(results):
    cl, tf = results["clicamosc"], results["terraform"]
    rows, agree_all = [], True
    for i, (step, _) in enumerate(STEPS):
        a = cl[i] if i < len(cl) else None
        b = tf[i] if i < len(tf) else None
        if not (a and b):
            agree_all = False
            rows.append((step, a, b, "not run", None))
            continue
        if a["plan"] is not None:
            same = a["rc"] == b["rc"] and a["plan"][0] == b["plan"][0]
            why = "yes" if same else "NO: clicamosc %s; Terraform %s" % (plan_text(a), plan_text(b))
        else:
            same = a["rc"] == 0 and b["rc"] == 0
            why = "-" if same else "NO: exit %d vs %d" % (a["rc"], b["rc"])
        agree_all &= same
        rows.append((step, a, b, why, b["secs"] / a["secs"] if a["secs"] > 0 else None))
    print("examples/terraform-style (after fmt -upgrade) against moto; Terraform with hashicorp/aws 5.100")
    print()
    print("| step | clicamosc | Terraform | plans agree | Terraform / clicamosc |")
    print("| --- | --- | --- | --- | --- |")
    cell = lambda r: "not run" if not r else "%.2f s, %d requests%s" % (  # noqa: E731
        r["secs"], r["requests"], "" if r["plan"] is None else ", exit %d" % r["rc"])
    for step, a, b, why, ratio in rows:
        shown = "-" if ratio is None else ("%.0fx" % ratio if agree_all else "(%.0fx)" % ratio)
        print("| %s | %s | %s | %s | %s |" % (step, cell(a), cell(b), why, shown))
    print()
    if agree_all:
        print("Both tools planned alike at every step: the ratios count.")
    else:
        print("The plans disagree at some step: the ratios in parentheses do not count until they agree.")


if __name__ == "__main__":
    sys.exit(main())
