"""tfenv.py: what the tests/terraform suite shares: finding the oracles
(terraform, the hashicorp/aws 5.100.0 filesystem mirror, a python with
moto), starting moto on a free loopback port, and Terraform working
directories that install the provider offline and talk only to moto.
Not a test of its own."""
import glob, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
PROVIDER_VERSION = "5.100.0"


class TAP:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name), flush=True)
        if not cond:
            self.failed += 1
            for line in str(detail).rstrip().splitlines()[-60:]:
                print("#   " + line)
        return cond

    def skip(self, name, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, why), flush=True)

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def terraform():
    return shutil.which("terraform")


def mirror():
    """The filesystem mirror holding terraform-provider-aws 5.100.0, or None
    ($CL_TF_MIRROR overrides /opt/tf-plugins)."""
    for root in (os.environ.get("CL_TF_MIRROR"), "/opt/tf-plugins"):
        if root and glob.glob(os.path.join(root, "registry.terraform.io/hashicorp/aws", PROVIDER_VERSION,
                                           "*", "terraform-provider-aws_*")):
            return root
    return None


def moto_python():
    """A python that can import moto: python3 on PATH, then pyenv's."""
    for py in (shutil.which("python3"), "/root/.pyenv/shims/python3"):
        if py and os.path.exists(py) and subprocess.run([py, "-c", "import moto.server"], stdout=subprocess.DEVNULL,
                                                         stderr=subprocess.DEVNULL).returncode == 0:
            return py
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Moto:
    """moto.server on 127.0.0.1, stopped by stop() (also at exit)."""

    def __init__(self, python, logdir):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log = open(os.path.join(logdir, "moto-%d.log" % self.port), "w")
        self.proc = subprocess.Popen([python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).read()
                return
            except Exception:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("moto did not start on port %d" % self.port)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def client(self, service):
        """A botocore client for this moto (for what a configuration needs
        that no type of ours makes)."""
        import botocore.session
        return botocore.session.get_session().create_client(
            service, region_name="us-east-1", endpoint_url=self.url, aws_access_key_id="testing",
            aws_secret_access_key="testing")

    def env(self):
        """What clicamosc needs to talk to this moto."""
        e = dict(os.environ)
        for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
            e.pop(k, None)
        e.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1",
                 AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=self.url,
                 AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        return e


PROVIDER_BLOCK = """
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true

  endpoints {
%s  }

  # clicamosc's identity tags (it finds what a crash left behind by them)
  ignore_tags {
    key_prefixes = ["clicamosc:"]
  }
}
"""


def provider_tf(url):
    """The provider block pointing every service we use at url (moto)."""
    return PROVIDER_BLOCK % "".join("    %s = \"%s\"\n" % (s, url)
                                    for s in ("ec2", "elb", "autoscaling", "s3", "dynamodb", "sts", "iam", "cloudwatch"))


def tf_env(workdir, mirror_root):
    """Environment for terraform in workdir: the provider from the mirror
    only (offline), no checkpoint calls, no prompts."""
    cfg = os.path.join(workdir, ".terraformrc")
    with open(cfg, "w") as f:
        f.write('provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' % mirror_root)
    e = dict(os.environ)
    e.update(TF_CLI_CONFIG_FILE=cfg, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_INPUT="0")
    for k in ("TF_LOG", "TF_DATA_DIR", "TF_WORKSPACE"):
        e.pop(k, None)
    return e


def run(argv, cwd, env, timeout=600):
    p = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout


def scratch(prefix):
    return tempfile.mkdtemp(prefix=prefix)


def strip_schema(block):
    """A provider schema block without its prose: what a comparison needs."""
    out = {}
    for name, a in block.get("attributes", {}).items():
        out.setdefault("attributes", {})[name] = {k: v for k, v in a.items()
                                                  if k in ("type", "required", "optional", "computed", "sensitive")}
    for name, b in block.get("block_types", {}).items():
        nb = {k: v for k, v in b.items() if k in ("nesting_mode", "min_items", "max_items")}
        nb["block"] = strip_schema(b["block"])
        out.setdefault("block_types", {})[name] = nb
    return out


SCHEMA_DATA = os.path.join(TOP, "tests", "terraform", "data", "aws-%s-schema.json" % PROVIDER_VERSION)


def provider_schema(workdir, mirror_root, resources, data_sources):
    """`terraform providers schema -json` of the real provider, cut down to
    the given types and stripped of prose: what SCHEMA_DATA holds.  Raises
    RuntimeError with terraform's output when a step fails."""
    env = tf_env(workdir, mirror_root)
    with open(os.path.join(workdir, "main.tf"), "w") as f:
        f.write('terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
                '      version = "%s"\n    }\n  }\n}\n' % PROVIDER_VERSION)
    for argv in (["terraform", "init", "-input=false", "-no-color"],):
        rc, out = run(argv, workdir, env)
        if rc:
            raise RuntimeError(out)
    p = subprocess.run(["terraform", "providers", "schema", "-json"], cwd=workdir, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode:
        raise RuntimeError(p.stderr)
    aws = json.loads(p.stdout)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    rc, version = run(["terraform", "version", "-json"], workdir, env)
    return {
        "provider": "registry.terraform.io/hashicorp/aws", "version": PROVIDER_VERSION,
        "terraform": json.loads(version)["terraform_version"],
        "resource_schemas": {t: {"version": aws["resource_schemas"][t]["version"],
                                 "block": strip_schema(aws["resource_schemas"][t]["block"])} for t in resources},
        "data_source_schemas": {t: {"version": aws["data_source_schemas"][t]["version"],
                                    "block": strip_schema(aws["data_source_schemas"][t]["block"])}
                                for t in data_sources},
    }
