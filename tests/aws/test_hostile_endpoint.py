#!/usr/bin/python3
"""test_hostile_endpoint.py: an endpoint on 127.0.0.1 that means harm (issue
20, findings 5, 6, 11 and the core-dump part of 7).  An endless chunked body
(from EC2, and as the S3 state object) is refused at the cap with bounded
memory; a list call that never stops paging is cut off; control characters
in an AWS error reach the output escaped; two Ctrl-C during a call the
server never answers end the apply within 2 s; an abort leaves no core
file.  Prints TAP."""
import http.server, os, resource, shutil, signal, socketserver, subprocess, sys, tempfile, threading, time

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("CLICAMOSC") or os.path.join(TOP, "clicamosc")
AWSCALL = os.path.join(TOP, "build", "tools", "awscall")

sys.path.insert(0, os.path.join(TOP, "tests", "awsemu"))
from tap import Tap  # noqa: E402

t = Tap()


def ok(cond, name, detail=""):
    return t.ok(cond, name, str(detail)[-2000:] if detail else None)


def skip(name, why):
    t.skip(name, why)


class Hostile(http.server.BaseHTTPRequestHandler):
    """The endpoint's path chooses the harm: /endless, /hang, /pages, /controls."""
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # else each of the 1000 pages waits for a delayed ACK
    stop = threading.Event()
    page = 0

    def log_message(self, *a):
        pass

    def endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<a>" + b"x" * 65536 + b"</a>"
        try:
            head = b"<DescribeVpcsResponse>"
            self.wfile.write(b"%x\r\n%s\r\n" % (len(head), head))
            while not Hostile.stop.is_set():
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass          # the client hung up: what we want
        self.close_connection = True

    # S3 (the state backend): objects are stored, but every read is endless.
    def do_GET(self):
        self.endless()

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_DELETE(self):
        self.send_response(204)
        self.end_headers()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/endless"):
            self.endless()
        elif self.path.startswith("/controls"):
            body = ("<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>" + CONTROLS +
                    "</Message></Error></Errors><RequestID>r-1</RequestID></Response>").encode()
            self.send_response(400)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/hang"):
            Hostile.stop.wait(120)
            self.close_connection = True
        else:                 # /pages: always one more page, each with a new token
            Hostile.page += 1
            body = ("<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-%d</vpcId></item></vpcSet>"
                    "<nextToken>t%d</nextToken></DescribeVpcsResponse>" % (Hostile.page, Hostile.page)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


# An error message with an escape sequence (it would turn the terminal red
# and retitle it), a C1 control, a right-to-left override and a bell.
CONTROLS = "bad \x1b[31mred\x1b]0;owned\x07 \u0085next \u202eevil\u202c end"
RAW = ["\x1b", "\x07", "\u0085", "\u202e", "\u202c"]


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def env_for(url, home):
    e = dict(os.environ)
    for k in list(e):
        if k.startswith("AWS_"):
            del e[k]
    e.update(AWS_ACCESS_KEY_ID="AKIDHOSTILE", AWS_SECRET_ACCESS_KEY="hostile-secret", AWS_REGION="us-east-1",
             AWS_ENDPOINT_URL=url, AWS_MAX_ATTEMPTS="3", HOME=home, NO_COLOR="1")
    return e


def run_measured(argv, env, cwd, timeout=60):
    """Runs argv; its exit status, output, seconds and peak RSS in MB."""
    start = time.time()
    p = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    out = p.stdout.read().decode(errors="replace")
    _, status, ru = os.wait4(p.pid, 0)
    timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, out, time.time() - start, ru.ru_maxrss / 1024.0


S3_BACKEND = """terraform {
  backend "s3" {
    bucket         = "tfstate"
    key            = "k/terraform.tfstate"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
    endpoints {
      s3 = "%s"
    }
  }
}
output "x" { value = 1 }
"""
VPC = 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'


def hung_apply(url, work, limits=None):
    """An apply whose CreateVpc the server never answers, started."""
    with open(os.path.join(work, "main.cl"), "w") as f:
        f.write(VPC)
    return subprocess.Popen([BIN, "apply", "-auto-approve", "-no-color"], cwd=work, env=env_for(url, work),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=limits)


def core_files(d):
    return [f for f in os.listdir(d) if f.startswith("core")]


def unlimited_core():
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def main():
    top = tempfile.mkdtemp(prefix="clhostile")
    srv = Server(("127.0.0.1", 0), Hostile)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    try:
        # 5: an endless chunked body is cut at the 32 MB cap, without holding more.
        rc, out, secs, rss = run_measured([AWSCALL, "ec2", "DescribeVpcs"], env_for(base + "/endless", top), top)
        ok(rc != 0 and "larger than 32 MB" in out, "an endless body is refused at the cap", out)
        ok("ResponseTooLarge" in out, "the error names the cause (ResponseTooLarge)", out)
        ok(rss < 120, "with bounded memory (peak RSS %.0f MB, limit 120)" % rss)
        ok(secs < 30, "and promptly, without retrying (%.1fs)" % secs)

        # 5: a list call that always has one more page stops at the page cap.
        rc, out, secs, rss = run_measured([AWSCALL, "--all", "ec2", "DescribeVpcs"], env_for(base + "/pages", top),
                                          top, timeout=120)
        ok(rc != 0 and "PaginationLoop" in out and "1000 pages" in out, "endless pages stop at 1000 pages", out)
        ok(rss < 120, "with bounded memory (peak RSS %.0f MB)" % rss)

        # 5: S3 too: a state read that never ends is cut at its cap (256 MB).
        work = os.path.join(top, "s3")
        os.mkdir(work)
        with open(os.path.join(work, "main.cl"), "w") as f:
            f.write(S3_BACKEND % base)
        env = env_for(base, work)
        r = subprocess.run([BIN, "init", "-no-color"], cwd=work, env=env, capture_output=True, timeout=60)
        rc, out, secs, rss = run_measured([BIN, "plan", "-no-color"], env, work, timeout=120)
        ok(rc == 1 and "cannot read the state" in out and "ResponseTooLarge" in out and "larger than 256 MB" in out,
           "S3: an endless state object is refused at the cap", r.stdout.decode() + r.stderr.decode() + out)
        ok(rss < 600, "S3: with bounded memory (peak RSS %.0f MB, limit 600)" % rss)

        # 11: control characters from AWS are escaped before a terminal sees them.
        for flags in ([], ["-json"]):
            work = os.path.join(top, "controls" + "".join(flags))
            os.mkdir(work)
            with open(os.path.join(work, "main.cl"), "w") as f:
                f.write(VPC)
            r = subprocess.run([BIN, "apply", "-auto-approve", "-no-color"] + flags, cwd=work,
                               env=env_for(base + "/controls", work), capture_output=True, timeout=60)
            out = (r.stdout + r.stderr).decode("utf-8", errors="replace")
            what = "apply -json" if flags else "apply"
            ok(r.returncode == 1 and "InvalidParameterValue" in out and "red" in out,
               "%s: the error from AWS is shown" % what, out)
            raw = [repr(c) for c in RAW if c in out]
            ok(not raw, "%s: with no raw control character in it (found %s)" % (what, ", ".join(raw) or "none"), out)
            if not flags:
                ok("\\x1b[31mred" in out and "\\u202e" in out and "\\u0085" in out,
                   "apply: they are shown escaped (\\x1b, \\u0085, \\u202e)", out)

        # 6: two Ctrl-C during a call that hangs: out within 2 s of the second.
        work = os.path.join(top, "hang")
        os.mkdir(work)
        p = hung_apply(base + "/hang", work)
        time.sleep(1.5)
        p.send_signal(signal.SIGINT)
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        t0 = time.time()
        try:
            out = p.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            p.kill()
            out = p.communicate()[0].decode(errors="replace")
        secs = time.time() - t0
        ok(secs < 2, "two Ctrl-C during a hung CreateVpc: the apply exits within 2 s (%.1fs)" % secs, out)
        ok(p.returncode == 1 and "interrupted" in out, "it exits 1 and says the call was interrupted", out)

        # 7: no core file after an abort, even with core dumps allowed.
        work = os.path.join(top, "core")
        os.mkdir(work)
        subprocess.run(["sh", "-c", "kill -ABRT $$"], cwd=work, preexec_fn=unlimited_core)
        control = core_files(work)
        for f in control:
            os.unlink(os.path.join(work, f))
        p = hung_apply(base + "/hang", work, limits=unlimited_core)
        time.sleep(1.5)
        with open("/proc/%d/limits" % p.pid) as f:
            core_limit = [l for l in f if l.startswith("Max core file size")]
        p.send_signal(signal.SIGABRT)
        out = p.communicate(timeout=30)[0].decode(errors="replace")
        ok(p.returncode == -signal.SIGABRT, "the apply was aborted (SIGABRT)", out)
        ok(core_limit and core_limit[0].split()[4] == "0", "its core size limit is 0", core_limit)
        if not control:
            skip("no core file after an abort", "this machine writes no core file for an aborted "
                 "shell either (core_pattern %s)" % open("/proc/sys/kernel/core_pattern").read().strip())
        else:
            ok(not core_files(work), "no core file after an abort (an aborted shell here leaves %s)" % control[0],
               core_files(work))
    finally:
        Hostile.stop.set()
        srv.shutdown()
        shutil.rmtree(top, ignore_errors=True)
    print("1..%d" % t.n)
    return 1 if t.failed else 0


sys.exit(main())
