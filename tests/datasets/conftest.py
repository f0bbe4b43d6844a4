"""Fixtures for the dataset tests: a private cache directory and an HTTP server on 127.0.0.1."""

import http.server
import socket
import threading

import pytest

from kerasedu.datasets import download


@pytest.fixture(autouse=True)
def kerasedu_home(tmp_path, monkeypatch):
    """Every test gets its own empty cache and bypasses any proxy for the loopback server."""
    home = tmp_path / "kerasedu_home"
    monkeypatch.setenv("KERASEDU_HOME", str(home))
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setattr(download, "TIMEOUT_SECONDS", 5.0)
    return home


class LoopbackServer:
    """Serves ``files[path]``; records every request path in ``requests``.

    A path in ``truncated`` announces its full length but sends only half of the bytes and then
    closes the connection; a path in ``stalled`` sends nothing until the server stops.
    """

    def __init__(self):
        self.files = {}
        self.truncated = set()
        self.stalled = set()
        self.requests = []
        self.stopping = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if self.path in server.stalled:
                    server.stopping.wait(timeout=10)
                    return
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.path in server.truncated:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def requests_for(self, path):
        return self.requests.count(path)


@pytest.fixture
def server():
    loopback = LoopbackServer()
    loopback.thread.start()
    yield loopback
    loopback.stopping.set()
    loopback.httpd.shutdown()
    loopback.httpd.server_close()
    loopback.thread.join(timeout=5)


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens, so connecting is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist.npz"
