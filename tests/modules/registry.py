"""registry.py: a Terraform module registry on 127.0.0.1 for the tests, in
the standard library only: service discovery, the versions list, the
download answer (204 with X-Terraform-Get) and the packages as .tar.gz.
Modules are given as {"ns/name/system": {"1.0.0": files}}, files being
{path: text} (a value ("symlink", target) makes a link, ("file", mode,
text) a file of that mode, a path with "../" climbs out), or a string: the package's address itself (git::...).  Errors a namespace can ask for: a module named
"status500" answers 500, "garbage" answers text that is not JSON.  Every
request is logged in .requests.  Not a test itself."""
import http.server, io, json, tarfile, threading


def tarball(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, text in files.items():
            info = tarfile.TarInfo(path)
            if isinstance(text, tuple) and text[0] == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, text[1]
                tar.addfile(info)
            elif isinstance(text, tuple):
                data = text[2].encode()
                info.mode, info.size = text[1], len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                data = text.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


class Registry:
    def __init__(self, modules):
        self.modules, self.requests = modules, []
        reg = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def send(self, code, body=b"", headers=()):
                self.send_response(code)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                reg.requests.append(self.path)
                p = self.path.split("?")[0].strip("/").split("/")
                if p == [".well-known", "terraform.json"]:
                    return self.send(200, json.dumps({"modules.v1": "/v1/modules/"}).encode())
                if p[:2] == ["v1", "modules"] and len(p) >= 6:
                    mod, rest = "/".join(p[2:5]), p[5:]
                    if p[3] == "status500":
                        return self.send(500, b"internal error")
                    if p[3] == "garbage":
                        return self.send(200, b"<html>not json</html>")
                    if mod not in reg.modules:
                        return self.send(404, b'{"errors":["Not Found"]}')
                    if rest == ["versions"]:
                        vs = [{"version": v} for v in reg.modules[mod]]
                        return self.send(200, json.dumps({"modules": [{"versions": vs}]}).encode())
                    if len(rest) == 2 and rest[1] == "download" and rest[0] in reg.modules[mod]:
                        pkg = reg.modules[mod][rest[0]]
                        get = pkg if isinstance(pkg, str) else "/archive/%s/%s.tar.gz" % (mod, rest[0])
                        return self.send(204, headers=[("X-Terraform-Get", get)])
                if p[:1] == ["archive"] and len(p) == 5:
                    mod, ver = "/".join(p[1:4]), p[4][:-len(".tar.gz")]
                    if ver in reg.modules.get(mod, {}):
                        return self.send(200, tarball(reg.modules[mod][ver]))
                self.send(404, b"no such thing")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
