#!/usr/bin/python3
"""test_init.py: `clicamosc init` installing remote modules, on this machine
only: a git repository made here, served as file://, by `git daemon` on
127.0.0.1, over "ssh" (GIT_SSH_COMMAND runs git-upload-pack here) and as
github.com/ (git's insteadOf points it here); a module registry on
127.0.0.1 (registry.py), found through TF_CLI_CONFIG_FILE's host block as
Terraform finds it.  Then the bad cases, each with its precise error and
nothing written outside the module directory; and, when terraform is on
PATH, a .terraform/modules that terraform init filled from the same
registry and repository, used as it is.  Prints TAP."""
import json, os, shutil, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from registry import Registry  # noqa: E402

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
HOST = "registry.clicamosc.test"
n = 0


def tap(ok, name, detail=""):
    global n
    n += 1
    print("%sok %d - %s" % ("" if ok else "not ", n, name), flush=True)
    if not ok and detail:
        for line in str(detail).rstrip().splitlines()[-30:]:
            print("#   " + line)
    return ok


def skip(name, why):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, name, why), flush=True)


def git(*args, cwd=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def module_text(version):
    return 'variable "cidr" {}\noutput "v" { value = "%s ${var.cidr}" }\n' % version


def make_repo(path):
    """A module repository: the module at modules/net, tags v1 and v2, and a
    branch "escape" whose module links to /etc/passwd."""
    os.makedirs(path)
    git("init", "-q", "-b", "main", cwd=path)
    write(os.path.join(path, "modules/net/main.tf"), module_text("v1"))
    git("add", "-A", cwd=path)
    git("commit", "-qm", "v1", cwd=path)
    git("tag", "v1", cwd=path)
    write(os.path.join(path, "modules/net/main.tf"), module_text("v2"))
    git("commit", "-qam", "v2", cwd=path)
    git("tag", "v2", cwd=path)
    git("checkout", "-qb", "escape", cwd=path)
    os.symlink("/etc/passwd", os.path.join(path, "modules/net/passwd"))
    git("add", "-A", cwd=path)
    git("commit", "-qm", "escape", cwd=path)
    git("checkout", "-q", "main", cwd=path)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Root:
    """A root module calling one module, in a fresh directory."""

    def __init__(self, base, name, env):
        self.dir = os.path.join(base, name)
        self.env = env
        os.makedirs(self.dir)

    def call(self, source, version=None, extra=""):
        v = '  version = "%s"\n' % version if version else ""
        write(os.path.join(self.dir, "main.tf"), 'module "net" {\n  source = "%s"\n%s  cidr = "10.0.0.0/16"\n}\n%s'
              % (source, v, extra))
        return self

    def run(self, *args, stdin=""):
        r = subprocess.run([BIN, *args], cwd=self.dir, env=self.env, input=stdin, capture_output=True, text=True,
                           timeout=120)
        r.out = r.stdout + r.stderr
        return r

    def value(self):
        r = self.run("console", stdin="module.net.v\n")
        return r.stdout.strip() if r.returncode == 0 else r.out


def snapshot(path):
    """Every path under path, to show nothing else was written."""
    out = set()
    for dp, dns, fns in os.walk(path):
        for f in dns + fns:
            out.add(os.path.relpath(os.path.join(dp, f), path))
    return out


def run(base):
    repos = os.path.join(base, "repos")
    repo = os.path.join(repos, "org", "net.git")
    make_repo(repo)
    work = os.path.join(base, "work")
    os.makedirs(work)
    # github.com/ goes to this machine through git's own URL rewriting.
    gitconfig = os.path.join(base, "gitconfig")
    write(gitconfig, '[url "file://%s/"]\n\tinsteadOf = https://github.com/\n' % repos)
    port = free_port()
    daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--export-all", "--base-path=" + repos,
                               "--listen=127.0.0.1", "--port=%d" % port, repos],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    modules = {
        "corp/net/aws": {v: {"main.tf": module_text(v)} for v in ("1.0.0", "1.2.0", "1.2.5", "2.0.0", "2.1.0-beta")},
        "corp/sub/aws": {"1.0.0": {"main.tf": "", "inner/main.tf": module_text("inner")}},
        "corp/evil/aws": {"1.0.0": {"main.tf": module_text("evil"), "../../../escaped.tf": "x"}},
        "corp/link/aws": {"1.0.0": {"main.tf": module_text("link"), "passwd": ("symlink", "../../../../etc/passwd")}},
        "corp/modes/aws": {"1.0.0": {"main.tf": module_text("modes"), "run.sh": ("file", 0o6755, "#!/bin/sh\n")}},
        "corp/gitpkg/aws": {"1.0.0": "git::file://%s//modules?ref=v1" % repo},
        "corp/outer/aws": {"1.0.0": {"main.tf": 'variable "cidr" {}\nmodule "inner" {\n  source = '
                                                '"git::file://%s//modules/net?ref=v2"\n  cidr = var.cidr\n}\n'
                                                'output "v" { value = "outer ${module.inner.v}" }\n' % repo}},
    }
    reg = Registry(modules)
    cliconf = os.path.join(base, "cli.tfrc")
    write(cliconf, 'host "%s" {\n  services = {\n    "modules.v1" = "%s/v1/modules/"\n  }\n}\n' % (HOST, reg.url))
    fake_ssh = os.path.join(base, "ssh")
    # ssh HOST git-upload-pack 'PATH': run the command here, as sshd would.
    write(fake_ssh, '#!/bin/sh\nshift\nexec sh -c "$*"\n')
    os.chmod(fake_ssh, 0o755)
    env = dict(os.environ, NO_COLOR="1", TF_CLI_CONFIG_FILE=cliconf, GIT_CONFIG_GLOBAL=gitconfig,
               GIT_CONFIG_NOSYSTEM="1", GIT_SSH_COMMAND=fake_ssh, GIT_SSH_VARIANT="simple", AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y",
               AWS_REGION="us-east-1")
    env.pop("TF_DATA_DIR", None)
    try:
        for _ in range(50):   # git daemon takes a moment to listen
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        cases(work, repo, port, reg, env)
    finally:
        daemon.terminate()
        daemon.wait()
        reg.stop()
        shutil.rmtree(base, ignore_errors=True)
    print("1..%d" % n)


def cases(work, repo, port, reg, env):
    root = lambda name: Root(work, name, env)

    # Without init: one clear error that names init.
    r = root("uninstalled").call("git::file://%s//modules/net?ref=v1" % repo)
    p = r.run("validate")
    tap(p.returncode == 1 and 'module "net" is not installed' in p.out and "run clicamosc init" in p.out,
        "a remote module not installed: an error naming init", p.out)

    # git::file:// with ?ref= and //subdir.
    r = root("file").call("git::file://%s//modules/net?ref=v1" % repo)
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"v1 10.0.0.0/16"', "git::file:// ?ref=v1 //modules/net", i.out + r.value())
    man = json.load(open(os.path.join(r.dir, ".clicamosc/modules/modules.json")))
    entry = [m for m in man["Modules"] if m["Key"] == "net"]
    tap(entry and entry[0]["Dir"] == ".clicamosc/modules/net/modules/net" and
        entry[0]["Source"] == "git::file://%s//modules/net?ref=v1" % repo, "the manifest records key, source, dir",
        json.dumps(man))
    # A changed ref: the module must be installed again.
    r.call("git::file://%s//modules/net?ref=v2" % repo)
    p = r.run("validate")
    tap(p.returncode == 1 and "was installed from" in p.out and "clicamosc init" in p.out,
        "a changed source asks for init", p.out)
    tap(r.run("init").returncode == 0 and r.value() == '"v2 10.0.0.0/16"', "init installs the new ref")

    # init keeps what is installed; -upgrade fetches again.
    r = root("upgrade").call("git::file://%s//modules/net" % repo)
    r.run("init")
    before = r.value()
    git("checkout", "-q", "main", cwd=repo)
    write(os.path.join(repo, "modules/net/main.tf"), module_text("v3"))
    git("commit", "-qam", "v3", cwd=repo)
    r.run("init")
    kept = r.value()
    u = r.run("init", "-upgrade")
    tap((before, kept, r.value()) == ('"v2 10.0.0.0/16"', '"v2 10.0.0.0/16"', '"v3 10.0.0.0/16"'),
        "init keeps an installed module; init -upgrade fetches the branch's new commit", (before, kept, u.out))

    # git daemon on 127.0.0.1, the ssh form, the github.com/ shorthand.
    r = root("daemon").call("git::git://127.0.0.1:%d/org/net.git//modules/net?ref=v1" % port)
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"v1 10.0.0.0/16"', "git::git:// from git daemon on 127.0.0.1", i.out)
    r = root("ssh").call("git::ssh://git@127.0.0.1%s//modules/net?ref=v2" % repo)
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"v2 10.0.0.0/16"', "git::ssh:// (through GIT_SSH_COMMAND)", i.out)
    r = root("github").call("github.com/org/net//modules/net?ref=v1")
    i = r.run("init")
    man = open(os.path.join(r.dir, ".clicamosc/modules/modules.json")).read()
    tap(i.returncode == 0 and r.value() == '"v1 10.0.0.0/16"' and
        "git::https://github.com/org/net.git//modules/net?ref=v1" in man,
        "github.com/ORG/REPO is git::https://github.com/ORG/REPO.git (reached here through insteadOf)", i.out + man)

    # The registry: version constraints.
    for constraint, want in (("~> 1.2", "1.2.5"), ("1.0.0", "1.0.0"), (">= 1.1, < 1.2.5", "1.2.0"), (None, "2.0.0"),
                             ("2.1.0-beta", "2.1.0-beta")):
        r = root("reg-%s" % (constraint or "any").translate(str.maketrans(" ~>=<,.", "_______"))).call(
            "%s/corp/net/aws" % HOST, constraint)
        i = r.run("init")
        man = json.load(open(os.path.join(r.dir, ".clicamosc/modules/modules.json"))) if i.returncode == 0 else {}
        got = [m.get("Version") for m in man.get("Modules", []) if m["Key"] == "net"]
        tap(i.returncode == 0 and got == [want] and r.value() == '"%s 10.0.0.0/16"' % want,
            "registry: version %s picks %s" % (constraint or "(none)", want), i.out + json.dumps(man))
    # A changed constraint the installed version does not meet: init again.
    r = root("reg-change").call("%s/corp/net/aws" % HOST, "~> 1.2")
    r.run("init")
    r.call("%s/corp/net/aws" % HOST, "~> 2.0")
    p = r.run("validate")
    tap(p.returncode == 1 and 'installed at version 1.2.5, which does not satisfy version = "~> 2.0"' in p.out and
        "clicamosc init" in p.out, "registry: a constraint the installed version fails asks for init", p.out)
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"2.0.0 10.0.0.0/16"', "and init installs one that meets it", i.out)
    r = root("reg-git").call("%s/corp/gitpkg/aws//net" % HOST)
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"v1 10.0.0.0/16"',
        "registry: a package that is a git address (X-Terraform-Get: git::...//modules?ref=v1), plus //net", i.out)
    r = root("reg-nested").call("%s/corp/outer/aws" % HOST)
    i = r.run("init")
    keys = [m["Key"] for m in json.load(open(os.path.join(r.dir, ".clicamosc/modules/modules.json")))["Modules"]] \
        if i.returncode == 0 else []
    tap(i.returncode == 0 and r.value() == '"outer v2 10.0.0.0/16"' and keys == ["", "net", "net.inner"],
        "a remote module calling a remote module: both installed (keys net, net.inner)", i.out + str(keys))
    r = root("local-only")
    write(os.path.join(r.dir, "main.tf"), 'module "net" {\n  source = "./net"\n  cidr = "10.0.0.0/16"\n}\n')
    write(os.path.join(r.dir, "net/main.tf"), module_text("local"))
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"local 10.0.0.0/16"' and
        not os.path.exists(os.path.join(r.dir, ".clicamosc/modules")),
        "local modules only: init installs nothing and leaves no modules directory", i.out)
    r = root("reg-modes").call("%s/corp/modes/aws" % HOST)
    i = r.run("init")
    mode = os.stat(os.path.join(r.dir, ".clicamosc/modules/net/run.sh")).st_mode if i.returncode == 0 else 0
    tap(i.returncode == 0 and mode & 0o100 and not mode & 0o7000,
        "an archive's setuid/setgid file is unpacked executable, without those bits (init may run as root)",
        i.out + oct(mode))
    r = root("reg-subdir").call("%s/corp/sub/aws//inner" % HOST)
    i = r.run("init")
    tap(i.returncode == 0 and r.value() == '"inner 10.0.0.0/16"', "registry: //subdir of a registry package", i.out)
    r = root("reg-none").call("%s/corp/net/aws" % HOST, ">= 3.0")
    i = r.run("init")
    tap(i.returncode == 1 and 'has no version that satisfies ">= 3.0" (5 versions offered)' in i.out,
        "registry: no version satisfies the constraint", i.out)
    r = root("reg-badc").call("%s/corp/net/aws" % HOST, "about 1")
    i = r.run("init")
    tap(i.returncode == 1 and 'is not a version constraint' in i.out, "registry: a constraint that does not parse",
        i.out)

    # Bad input: each with its error; nothing outside the module directory.
    bad = [
        ("missing repository", "git::file://%s/nope.git" % os.path.dirname(repo), "cannot clone"),
        ("missing ref", "git::file://%s?ref=v9" % repo, 'no ref "v9" in file://'),
        ("registry 404", "%s/corp/absent/aws" % HOST, "not found (404 from"),
        ("registry 500", "%s/corp/status500/aws" % HOST, "the registry answered 500"),
        ("registry garbage", "%s/corp/garbage/aws" % HOST, "is not the registry protocol's JSON"),
        ("path-traversing archive", "%s/corp/evil/aws" % HOST, 'holds "../../../escaped.tf", refused: its path leads '
                                                                  "outside the module directory"),
        ("symlink out of an archive", "%s/corp/link/aws" % HOST, "refused: it is a symbolic link to outside"),
        ("symlink out of a repository", "git::file://%s//modules/net?ref=escape" % repo,
         "holds a symbolic link that leads outside it"),
        ("unsupported source type", "hg::https://example.com/x", "the hg:: source type is not supported"),
        ("version on a git source", "git::file://%s?ref=v1" % repo, "version is for registry modules"),
    ]
    for name, source, want in bad:
        r = root("bad-" + name.replace(" ", "-"))
        r.call(source, "1.0.0" if name == "version on a git source" else None)
        outside = snapshot(work)
        i = r.run("init")
        installed = os.path.join(r.dir, ".clicamosc/modules/net")
        new = snapshot(work) - outside
        stray = [p for p in new if not p.startswith(os.path.relpath(r.dir, work) + "/.clicamosc")]
        tap(i.returncode == 1 and want in i.out and "main.tf:2:" in i.out and not os.path.exists(installed)
            and not stray, "bad input: %s" % name, "%s\nstray: %s" % (i.out, stray))

    terraform(work, repo, reg, env)


def terraform(work, repo, reg, env):
    """terraform init fills .terraform/modules; clicamosc plans from it."""
    if not shutil.which("terraform"):
        skip("terraform init's .terraform/modules used as is", "terraform is not on PATH")
        return
    r = Root(work, "terraform", env)
    write(os.path.join(r.dir, "main.tf"),
          'module "net" {\n  source  = "%s/corp/net/aws"\n  version = "~> 1.0"\n  cidr = "10.0.0.0/16"\n}\n'
          'module "git" {\n  source = "git::file://%s//modules/net?ref=v1"\n  cidr = "10.9.0.0/16"\n}\n'
          'output "both" { value = [module.net.v, module.git.v] }\n' % (HOST, repo))
    tenv = dict(env, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
    t = subprocess.run(["terraform", "init", "-input=false", "-no-color"], cwd=r.dir, env=tenv, capture_output=True,
                       text=True, timeout=120)
    man = os.path.join(r.dir, ".terraform/modules/modules.json")
    if not tap(t.returncode == 0 and os.path.exists(man), "terraform init against the test registry and repository",
               t.stdout + t.stderr):
        return
    p = r.run("plan", "-refresh=false", "-no-color")
    tap(p.returncode == 0 and '"1.2.5 10.0.0.0/16"' in p.out and '"v1 10.9.0.0/16"' in p.out
        and not os.path.exists(os.path.join(r.dir, ".clicamosc/modules")),
        "clicamosc plans from terraform's .terraform/modules as it is", p.out + open(man).read())


if __name__ == "__main__":
    run(tempfile.mkdtemp(prefix="cl-modules-"))
