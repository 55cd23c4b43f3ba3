"""A reverse proxy on loopback that can lose replies after the server has committed.

The phone's worst case: its batch reached the server and was stored, but the reply never
came back (a tunnel, a train leaving the station). The proxy forwards every request to the
real server; while `drop_replies` is positive it swallows that many /api/sync replies and
closes the connection instead, and while `offline` is set it refuses everything. While
`hang` is set it answers nothing at all and holds every connection open (the "lie-fi" of a
platform: the phone thinks it is online) until `release()` drops them.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class LossyProxy:
    def __init__(self, upstream: str):
        target = urlsplit(upstream)
        self.upstream_host, self.upstream_port = target.hostname, target.port
        self.drop_replies = 0
        self.dropped = 0
        self.forwarded_syncs = 0
        self.offline = False
        self.refused = 0
        self.hang = False
        self.held = 0
        self._released = threading.Event()
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output readable
                pass

            def _forward(self):
                if proxy.hang:
                    with proxy._lock:
                        proxy.held += 1
                    proxy._released.wait(120)
                    self.close_connection = True
                    self.connection.close()
                    return
                if proxy.offline:
                    with proxy._lock:
                        proxy.refused += 1
                    self.close_connection = True
                    self.connection.close()
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                upstream = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                upstream.request(self.command, self.path, body=body, headers=headers)
                reply = upstream.getresponse()
                payload = reply.read()
                upstream.close()
                if self.command == "POST" and self.path.startswith("/api/sync"):
                    with proxy._lock:
                        proxy.forwarded_syncs += 1
                        lose = proxy.drop_replies > 0
                        if lose:
                            proxy.drop_replies -= 1
                            proxy.dropped += 1
                    if lose:
                        # The server has committed; the phone only sees the connection die.
                        self.close_connection = True
                        self.connection.close()
                        return
                self.send_response(reply.status, reply.reason)
                for key, value in reply.getheaders():
                    if key.lower() not in _HOP_BY_HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def release(self) -> None:
        """End the hang: the held connections die, as when the train leaves the tunnel."""
        self.hang = False
        self._released.set()

    def __enter__(self) -> LossyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
