"""remote.py: what the remote-state tests share: s3rver and dynalite (npm packages installed
once into a cache directory) on free 127.0.0.1 ports, always stopped; a DynamoDB lock table;
clicamosc runs in a work directory. Nothing here talks to anything but 127.0.0.1."""
import json, os, shutil, socket, subprocess, sys, time, urllib.request

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "clicamosc")
sys.path.insert(0, os.path.join(TOP, "tests", "e2e"))
sys.path.insert(0, os.path.join(TOP, "tests", "awsemu"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def npm_package(name):
    """The installed package's directory, installing it on first use; None without npm."""
    if not shutil.which("npm") or not shutil.which("node"):
        return None
    d = os.path.join(CACHE, "npm-" + name)
    if not os.path.isdir(os.path.join(d, "node_modules", name)):
        os.makedirs(d, exist_ok=True)
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", name], cwd=d,
                           capture_output=True, text=True, timeout=300)
        if r.returncode:
            return None
    return d


def wait_port(port, p, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline and p.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Servers:
    """s3rver (bucket "tfstate") and dynalite (table "locks"); stop() always."""

    def __init__(self, work):
        self.procs = []
        s3d, dyd = npm_package("s3rver"), npm_package("dynalite")
        if not s3d or not dyd:
            raise RuntimeError("npm unavailable")
        self.s3_port, self.db_port = free_port(), free_port()
        data = os.path.join(work, "s3rver")
        os.makedirs(data, exist_ok=True)
        self.start([os.path.join(s3d, "node_modules", ".bin", "s3rver"), "-d", data, "-a", "127.0.0.1",
                    "-p", str(self.s3_port), "--silent", "--configure-bucket", "tfstate"], self.s3_port)
        self.start([os.path.join(dyd, "node_modules", ".bin", "dynalite"), "--host", "127.0.0.1",
                    "--port", str(self.db_port), "--createTableMs", "0"], self.db_port)
        self.s3 = "http://127.0.0.1:%d" % self.s3_port
        self.db = "http://127.0.0.1:%d" % self.db_port
        self.dynamodb("CreateTable", {"TableName": "locks",
                                      "AttributeDefinitions": [{"AttributeName": "LockID", "AttributeType": "S"}],
                                      "KeySchema": [{"AttributeName": "LockID", "KeyType": "HASH"}],
                                      "BillingMode": "PAY_PER_REQUEST"})

    def start(self, argv, port):
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(p)
        if not wait_port(port, p):
            self.stop()
            raise RuntimeError("%s did not start" % argv[0])

    def dynamodb(self, op, body):
        """dynalite checks that a request is signed in form, not the signature itself."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        req = urllib.request.Request(self.db, data=json.dumps(body).encode(), method="POST", headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + op,
            "X-Amz-Date": stamp, "Authorization": "AWS4-HMAC-SHA256 Credential=S3RVER/%s/us-east-1/dynamodb/"
            "aws4_request, SignedHeaders=host;x-amz-date, Signature=00" % stamp[:8]})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []


class Result:
    def __init__(self, p, out, err):
        self.returncode, self.stdout, self.stderr = p, out, err
        self.out = "stdout:\n%s\nstderr:\n%s" % (out, err)


def run(env, cwd, *args, timeout=120):
    p = subprocess.run([BIN] + list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return Result(p.returncode, p.stdout, p.stderr)


def start(env, cwd, *args):
    return subprocess.Popen([BIN] + list(args), cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main_with_emulator(body):
    """Runs body(t, emu) against a fresh tests/awsemu emulator, always
    stopped, printing TAP; the exit status for the runner."""
    from emu import Emulator
    from tap import Tap
    t = Tap()
    emu = Emulator()
    try:
        t.run(body, emu)
    finally:
        emu.stop()
    return t.done()
