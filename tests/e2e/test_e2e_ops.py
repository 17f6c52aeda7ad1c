#!/usr/bin/python3
"""test_e2e_ops.py: examples/clicamos-ops, the seed's upstream layout, end
to end against the emulator.  Its network module is the seed's
github.com/fonsecas72/mod-network?ref=v1.0.0: this script makes that
repository here from examples/clicamos-ops/mod-network (tag v1.0.0) and
points git's github.com URLs at it (insteadOf), so nothing leaves the
machine.  Then: plan before init fails naming init; init installs it; plan;
apply; a new AMI rolls out (+/-, the group replaced); destroy leaves nothing.
Prints TAP."""
import os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, AMI2, EXAMPLES, all_ids, apply_args, load_state, main, plan_summary  # noqa: E402

OPS = os.path.join(EXAMPLES, "clicamos-ops")


def git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def body(t, emu, cl, work):
    repos = os.path.join(work, "repos")
    repo = os.path.join(repos, "fonsecas72", "mod-network.git")   # github.com/ORG/REPO is REPO.git
    os.makedirs(repo)
    git("init", "-q", "-b", "main", cwd=repo)
    subprocess.run(["cp", "-R", os.path.join(OPS, "mod-network") + "/.", repo], check=True)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "mod-network", cwd=repo)
    git("tag", "v1.0.0", cwd=repo)
    gitconfig = os.path.join(work, "gitconfig")
    with open(gitconfig, "w") as f:
        f.write('[url "file://%s/"]\n\tinsteadOf = https://github.com/\n' % repos)
    cl.env.update(GIT_CONFIG_GLOBAL=gitconfig, GIT_CONFIG_NOSYSTEM="1")

    r = cl("plan", "-var", "ami=" + AMI1, OPS)
    t.ok(r.returncode == 1 and 'module "network" is not installed' in r.out and "clicamosc init" in r.out,
         "before init: plan fails, naming init", r.out)
    r = cl("init", OPS)
    t.ok(r.returncode == 0 and "- network in .clicamosc/modules/network" in r.out,
         "init installs github.com/fonsecas72/mod-network?ref=v1.0.0 (from the repository made here)", r.out)
    r = cl("plan", "-var", "ami=" + AMI1, OPS)
    t.eq(plan_summary(r.stdout), "Plan: 25 to add, 0 to change, 0 to destroy.", "plan: 25 to add", r.out)
    empty = all_ids(emu.control("/_emu/state"))
    r = cl(*apply_args(AMI1, OPS))
    if not t.ok(r.returncode == 0 and "Apply complete! Resources: 25 added" in r.stdout, "apply %s" % AMI1, r.out):
        return
    st = load_state(work)
    t.ok(any(res.get("module") == "module.network" for res in st["resources"]),
         "the state holds the installed module's resources under module.network")
    t.ok(st["outputs"].get("elb_dns_name", {}).get("value"), "the JSON outputs file's output is recorded",
         str(st["outputs"]))
    r = cl("plan", "-var", "ami=" + AMI2, OPS)
    t.ok(r.stdout.count("\n+/- resource ") == 2 and
         plan_summary(r.stdout) == "Plan: 2 to add, 0 to change, 2 to destroy.",
         "the plan for %s replaces the launch configuration and the group, creating first (+/-)" % AMI2, r.out)
    r = cl(*apply_args(AMI2, OPS))
    t.ok(r.returncode == 0 and "Apply complete! Resources: 2 added, 0 changed, 2 destroyed." in r.stdout,
         "the rollout applies", r.out)
    r = cl("destroy", "-auto-approve", "-var", "ami=" + AMI2, OPS)
    t.ok(r.returncode == 0 and "Resources: 25 destroyed." in r.stdout, "destroy: 25 destroyed", r.out)
    t.eq(sorted(all_ids(emu.control("/_emu/state")) - empty), [], "the emulator holds nothing of what was made")


main(body, "examples/clicamos-ops: a module from git through init, plan, apply, rollout, destroy")
