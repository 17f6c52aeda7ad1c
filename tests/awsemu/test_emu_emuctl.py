#!/usr/bin/python3
"""emuctl.sh, the shell tests' way to run the emulator: start writes an eval-able env file
pointing at a live emulator, stop ends that process and nothing else."""

import os
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from tap import Tap  # noqa: E402


def main():
    t = Tap()
    d = tempfile.mkdtemp(prefix="awsemu-ctl-")
    ctl = os.path.join(HERE, "emuctl.sh")
    try:
        p = subprocess.run(["/bin/sh", ctl, "start", d, "--time-factor", "0.01"],
                           capture_output=True, text=True, timeout=30)
        t.eq(p.returncode, 0, "emuctl.sh start succeeds")
        env = dict(line[len("export "):].split("=", 1) for line in p.stdout.splitlines()
                   if line.startswith("export "))
        url = env.get("AWS_ENDPOINT_URL", "")
        t.ok(url.startswith("http://127.0.0.1:"), "prints AWS_ENDPOINT_URL", p.stdout)
        t.eq(env.get("AWS_ACCESS_KEY_ID"), "AKIAEMULATORTEST0001", "prints the test key")
        with urllib.request.urlopen(url + "/_emu/health", timeout=5) as r:
            t.eq(r.status, 200, "the emulator answers at that URL")
        again = subprocess.run(["/bin/sh", ctl, "start", d], capture_output=True, text=True,
                               timeout=30)
        t.ok(again.returncode != 0, "a second start on the same DIR is refused")
        shell = subprocess.run(["/bin/sh", "-c", f'eval "$(cat {d}/env)"; '
                                'echo "$AWSEMU_URL"'], capture_output=True, text=True)
        t.eq(shell.stdout.strip(), url, "env file is eval-able by sh")
        pid = int(open(os.path.join(d, "pid")).read())
    finally:
        stop = subprocess.run(["/bin/sh", ctl, "stop", d], capture_output=True, text=True,
                              timeout=30)
    t.eq(stop.returncode, 0, "emuctl.sh stop succeeds")
    alive = True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        alive = False
    t.ok(not alive, "the emulator process is gone")
    t.ok(not os.path.exists(os.path.join(d, "pid")), "pid file removed")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
