"""lostproxy.py: a loopback HTTP proxy (Python standard library only) in
front of an AWS emulator that lets chosen calls reach it and then loses
their answers: the connection is dropped with nothing said ("drop") or a
500 InternalError is sent instead of the real answer ("500").  AWS has
acted either way, as after a network fault or a failing front end.  The
tests use it in front of moto, which has no such fault of its own.

    p = LostProxy("http://127.0.0.1:MOTO_PORT")     # listens on a free port
    p.url                                           # point AWS_ENDPOINT_URL here
    p.lose([{"action": "CreateVpc", "mode": "drop", "count": 1}])
    p.lost                                          # answers lost so far
    p.stop()
"""
import http.client, http.server, re, threading, urllib.parse

EC2_500 = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>InternalError</Code>"
           "<Message>An internal error has occurred</Message></Error></Errors>"
           "<RequestID>lostproxy</RequestID></Response>")
QUERY_500 = ("<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
             "<Message>The request processing has failed because of an unknown error</Message>"
             "</Error><RequestId>lostproxy</RequestId></ErrorResponse>")
# The service from the SigV4 credential scope: .../REGION/SERVICE/aws4_request
SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")


class LostProxy:
    def __init__(self, upstream):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.lock = threading.Lock()
        self.faults, self.lost, self.seen = [], 0, []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):
                pass

            def serve(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
                action = (form.get("Action") or [None])[0]
                conn = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=120)
                try:
                    conn.request(self.command, self.path, body, {k: v for k, v in self.headers.items()})
                    r = conn.getresponse()
                    data, status = r.read(), r.status
                    headers = [(k, v) for k, v in r.getheaders()
                               if k.lower() not in ("content-length", "transfer-encoding", "connection")]
                finally:
                    conn.close()
                mode = proxy.take(action)
                if mode == "drop":        # acted on, and the caller never hears of it
                    self.close_connection = True
                    return
                if mode == "500":
                    m = SCOPE.search(self.headers.get("Authorization") or "")
                    ec2 = not m or m.group(1) == "ec2"
                    data, status = (EC2_500 if ec2 else QUERY_500).encode(), 500
                    headers = [("Content-Type", "text/xml")]
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = serve

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def lose(self, faults):
        """[{"action", "mode": "drop" | "500", "count" (1)}]: replaces the set."""
        with self.lock:
            self.faults = [dict(f, count=f.get("count", 1)) for f in faults]

    def take(self, action):
        with self.lock:
            for f in self.faults:
                if f["action"] in (action, "*") and f["count"] > 0:
                    f["count"] -= 1
                    self.lost += 1
                    self.seen.append(action)
                    return f["mode"]
        return None

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
