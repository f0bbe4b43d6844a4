"""The built book, opened in a real browser: every chapter loads, runs no failing script, and
shows its figures.

The HTML comes from the same build as tests/test_book_build.py (one build per pytest run). It
is served on a loopback address by a thread running `http.server`, and opened in headless
Chromium (Debian's package, /usr/bin/chromium; `make test` installs it when run as root),
driven through the DevTools protocol over a websocket:

- the page loads and its <h1> is the chapter's title;
- no script error: nothing from `console.error`, no uncaught exception, no error in the
  browser's log, except failed requests for resources on other hosts;
- nothing the book serves itself fails to load (a missing stylesheet, script or image);
- every <img> has loaded and has a width (`complete && naturalWidth > 0`).

Chromium resolves only loopback names here (--host-resolver-rules), so the test never goes
out to the network: the theme's MathJax comes from a CDN and simply fails to load, offline
and in CI alike, and such failures are tolerated as long as they are for other hosts.

Without Chromium the test is skipped, except in CI (CI=true), where it fails.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from test_book_build import ROOT, build_book, notebook_title

CHROMIUM = os.environ.get("KERASEDU_CHROMIUM", "/usr/bin/chromium")
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PAGE_TIMEOUT = 20  # seconds for one page to load
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Known errors of the theme's own scripts, not of the book. sphinx-thebe (loaded by Jupyter
# Book 1.x even with thebe launch buttons off) adds its inline `const THEBE_JS_URL = ...`
# script to every page twice, so the second copy throws; thebe is not used by this book.
KNOWN_THEME_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",)

pytestmark = pytest.mark.slow


def require_chromium():
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"{CHROMIUM} not found (Debian: apt-get install chromium; `make test` does it as root)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI installs it, so this is a broken environment")
    pytest.skip(message)


def require_websocket():
    try:
        import websocket  # websocket-client, in the [dev] extra
    except ImportError:
        message = "websocket-client is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return websocket


# ---------------------------------------------------------------------------- the web server

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The book's root URL, served from a thread on 127.0.0.1."""
    html, _ = build_book(tmp_path_factory)
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------------------- the browser

class DevTools:
    """A minimal DevTools-protocol client for one page: commands, and the events they cause."""

    def __init__(self, websocket_url):
        websocket = require_websocket()
        self.ws = websocket.create_connection(websocket_url, timeout=PAGE_TIMEOUT,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []

    def _receive(self):
        message = json.loads(self.ws.recv())
        if "method" in message:
            self.events.append(message)
        return message

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, method, timeout=PAGE_TIMEOUT):
        deadline = time.monotonic() + timeout
        start = len(self.events)
        while time.monotonic() < deadline:
            if any(event["method"] == method for event in self.events[start:]):
                return
            self._receive()
        raise TimeoutError(f"no {method} within {timeout} s")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        self.ws.close()


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium with its DevTools port on loopback; yields the page's client."""
    chromium = require_chromium()
    profile = Path(tempfile.mkdtemp(prefix="kerasedu-chromium-"))
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
        "--disable-dev-shm-usage", "--mute-audio",
        # Only loopback: every other host name fails at once, so nothing leaves the machine.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        f"--user-data-dir={profile}", "about:blank",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if process.poll() is not None:
                pytest.fail(f"chromium exited: {process.stderr.read().decode()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail("chromium did not open its DevTools port within 30 s")
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            targets = json.load(reply)
        page = next(t for t in targets if t["type"] == "page")
        client = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log", "Network"):
            client.call(f"{domain}.enable")
        yield client
        client.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def is_loopback(url):
    if not url.startswith(("http:", "https:", "ws:", "wss:")):
        return True  # data:, blob:, about: and the like come from the page itself
    return urlsplit(url).hostname in LOOPBACK


def visit(client, url):
    """Open url; return (problems, external) after it has loaded and settled."""
    client.events.clear()
    client.call("Page.navigate", url=url)
    client.wait_for("Page.loadEventFired")
    # Let late scripts (the theme's, MathJax's failed load) run and report.
    client.evaluate("new Promise(resolve => setTimeout(resolve, 300))")

    problems, external, urls = [], set(), {}
    for event in client.events:
        method, params = event["method"], event["params"]
        if method == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif method == "Network.loadingFailed":
            failed = urls.get(params["requestId"], "?")
            if failed.endswith("/favicon.ico"):
                continue  # asked for by the browser, not by the page; the book has none
            if is_loopback(failed):
                problems.append(f"failed to load {failed}: {params.get('errorText')}")
            else:
                external.add(urlsplit(failed).hostname)
        elif method == "Network.responseReceived":
            response = params["response"]
            if (response["status"] >= 400 and is_loopback(response["url"])
                    and not response["url"].endswith("/favicon.ico")):
                problems.append(f"HTTP {response['status']} for {response['url']}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            if not any(known in str(text) for known in KNOWN_THEME_ERRORS):
                problems.append(f"uncaught exception: {text}")
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            text = " ".join(str(arg.get("value", arg.get("description", "")))
                            for arg in params["args"])
            problems.append(f"console.{params['type']}: {text}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            # A resource from another host that could not be fetched (offline, blocked here).
            if entry.get("url", "").endswith("/favicon.ico"):
                continue
            if entry.get("source") == "network" and not is_loopback(entry.get("url", "")):
                external.add(urlsplit(entry["url"]).hostname)
                continue
            problems.append(f"log error ({entry.get('source')}): {entry['text']} {entry.get('url', '')}")
    return problems, external


IMAGES = """Array.from(document.images).map(i => ({
    src: i.currentSrc || i.src, complete: i.complete, width: i.naturalWidth}))"""


def test_chromium_runs_on_loopback_only(browser, site):
    problems, _ = visit(browser, site + "/book/preface.html")
    assert problems == []
    assert "kerasedu" in browser.evaluate("document.title")
    assert browser.evaluate("location.hostname") == "127.0.0.1"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_loads_without_errors_and_shows_its_figures(browser, site, notebook):
    url = f"{site}/chapters/{notebook.stem}.html"
    problems, external = visit(browser, url)
    heading = browser.evaluate("document.querySelector('h1') && document.querySelector('h1').innerText")
    assert heading is not None, f"{url} has no <h1>"
    assert notebook_title(notebook) in heading.replace("\n", " ")
    assert problems == [], f"{url}:\n" + "\n".join(problems)
    # Only the CDN of the theme's math renderer, if anything, is reached for.
    assert external <= {"cdn.jsdelivr.net"}, f"{url} asks other hosts for: {sorted(external)}"
    images = browser.evaluate(IMAGES)
    figures = [image for image in images if "/_images/" in image["src"]
               or image["src"].startswith("data:image/png")]
    assert figures, f"{url} shows no figure"
    broken = [image["src"][:120] for image in images
              if not (image["complete"] and image["width"] > 0)]
    assert broken == [], f"{url}: images that did not render: {broken}"
