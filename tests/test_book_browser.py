"""The built book, both editions, opened in a real browser with no network: every page loads
everything it needs from the book's own files, typesets every formula, draws Chinese text, and
shows its figures.

The HTML comes from the same build as tests/test_book_build.py (one build per pytest run). It
is served on a loopback address by a thread running `http.server`, and opened in headless
Chromium (Debian's package, /usr/bin/chromium; `make test` installs it when run as root),
driven through the DevTools protocol over a websocket. Chromium resolves only loopback names
(--host-resolver-rules), so nothing leaves the machine, and a page that asks for anything
elsewhere fails the test: that is what a reader on a train or behind a classroom firewall
would meet. On every page of the book (every page of the toc, the search page and the index):

- the page loads; no script error, no uncaught exception, no error in the browser's log;
- every request goes to the book itself, and none fails (a missing stylesheet, script, font);
- MathJax, served from the book's _static folder, has typeset every formula, without a TeX
  error, and no TeX source is left in the text;
- every Chinese character (the sidebar's "Glossary: English–中文" on every page, the glossary's
  table) is drawn with Noto Sans SC, the web font the book serves, whatever fonts the machine
  has (Chromium reports the fonts it used per element: CSS.getPlatformFontsForNode);
- every <img> has loaded and has a width; every chapter shows at least one figure;
- no line of a chapter's code or output runs past the edge of its box, where a reader would
  miss its end (outputs wrap, as in JupyterLab; code is written to fit);
- no MyST syntax is left as text (a directive or role that did not parse, a colon fence);
- the language switch leads to the same page in the other edition (English chapter to its
  Chinese chapter and back, problem set to its _zh problem set), by a relative link, and
  following it from the files themselves (file://) lands there too.

The Chinese edition's pages (book/_toc_zh.yml, built into the zh folder) are every page of its
toc, its search page and index, checked as the English ones are: on them nearly all the text is
Chinese, and every character of it must be drawn by the web font, not by a fallback that the
reader's machine may not have (where it has none, the reader sees empty boxes).

Without Chromium the tests are skipped, except in CI (CI=true), where they fail. The helpers
that start Chromium and talk to it are shared with tests/test_book_lab.py.
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from book_editions import toc_files
from test_book_build import ROOT, build_book, notebook_title, one_line

CHROMIUM = os.environ.get("KERASEDU_CHROMIUM", "/usr/bin/chromium")
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PAGE_TIMEOUT = 30  # seconds for one page to load and typeset
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Known errors of the theme's own scripts, not of the book. sphinx-thebe (loaded by Jupyter
# Book 1.x even with thebe launch buttons off) adds its inline `const THEBE_JS_URL = ...`
# script to every page twice, so the second copy throws; thebe is not used by this book.
KNOWN_THEME_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
CJK_FONT = "Noto Sans SC"

pytestmark = pytest.mark.slow


def toc_pages(toc_name, folder=""):
    """The HTML path of every page a toc lists, plus Sphinx's search and index, in the
    edition's folder of the HTML."""
    files = toc_files(ROOT / "book" / toc_name) + ["search", "genindex"]
    return [f"{folder}{file}.html" for file in files]


ENGLISH_PAGES = toc_pages("_toc.yml")
CHINESE_PAGES = toc_pages("_toc_zh.yml", "zh/")
PAGES = ENGLISH_PAGES + CHINESE_PAGES


def counterpart(page):
    """The HTML path of a page's translation (or original) in the other edition."""
    if page.startswith("zh/"):
        page = page[len("zh/"):]
        for english, chinese in zip(ENGLISH_PAGES, [p[len("zh/"):] for p in CHINESE_PAGES]):
            if page == chinese:
                return english
    else:
        for english, chinese in zip(ENGLISH_PAGES, CHINESE_PAGES):
            if page == english:
                return chinese
    raise AssertionError(f"{page} has no counterpart in the other toc")


def source_notebook(page):
    """The notebook a chapter's page is built from (zh/zh/chapters/x.html: zh/chapters/x)."""
    return ROOT / Path(page[len("zh/"):] if page.startswith("zh/") else page).with_suffix(".ipynb")


# ---------------------------------------------------------------------------- the browser

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

    def wait_until(self, expression, timeout=PAGE_TIMEOUT, what=None):
        """Evaluate expression until it is true; fail with `what` after timeout seconds."""
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                pytest.fail(f"{what or expression} did not happen within {timeout} s")
            time.sleep(0.2)

    def close(self):
        self.ws.close()


def start_chromium():
    """A headless Chromium that resolves only loopback names; returns (process, profile, client)."""
    chromium = require_chromium()
    profile = Path(tempfile.mkdtemp(prefix="kerasedu-chromium-"))
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
        "--disable-dev-shm-usage", "--mute-audio", "--window-size=1400,1000",
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
        for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
            client.call(f"{domain}.enable")
    except BaseException:
        stop_chromium(process, profile)
        raise
    return process, profile, client


def stop_chromium(process, profile):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium with its DevTools port on loopback; yields the page's client."""
    process, profile, client = start_chromium()
    yield client
    client.close()
    stop_chromium(process, profile)


def is_loopback(url):
    if not url.startswith(("http:", "https:", "ws:", "wss:")):
        return True  # data:, blob:, about: and the like come from the page itself
    return urlsplit(url).hostname in LOOPBACK


def problems_in(events):
    """What went wrong, as lines, in the DevTools events of one page visit."""
    problems, urls = [], {}
    for event in events:
        method, params = event["method"], event["params"]
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            urls[params["requestId"]] = url
            if not is_loopback(url):
                problems.append(f"asked the network for {url}")
        elif method == "Network.loadingFailed":
            failed = urls.get(params["requestId"], "?")
            if failed.endswith("/favicon.ico"):
                continue  # asked for by the browser, not by the page; the book has none
            if is_loopback(failed):
                problems.append(f"failed to load {failed}: {params.get('errorText')}")
        elif method == "Network.responseReceived":
            response = params["response"]
            if response["status"] >= 400 and not response["url"].endswith("/favicon.ico"):
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
            if entry.get("url", "").endswith("/favicon.ico"):
                continue
            problems.append(f"log error ({entry.get('source')}): {entry['text']} {entry.get('url', '')}")
    return problems


# ---------------------------------------------------------------------------- the book's pages

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The book's root URL, served from a thread on 127.0.0.1, and its HTML folder."""
    html, _ = build_book(tmp_path_factory)
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", html
    server.shutdown()
    server.server_close()


# MathJax is loaded on pages that have formulas; its startup promise resolves once it has
# typeset the page. On a page without it there is nothing to wait for.
MATHJAX_DONE = """(async () => {
    if (!document.querySelector('script[src*="mathjax/tex-mml-chtml.js"]')) return 'absent';
    for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
        await new Promise(resolve => setTimeout(resolve, 50));
    if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) return 'not loaded';
    await MathJax.startup.promise;
    return 'typeset';
})()"""

# Every formula Sphinx wrote (class "math") must now hold MathJax's output and no error; the
# text outside code must hold no TeX: a formula that MyST did not recognize stays as source.
MATH_REPORT = r"""(() => {
    const formulas = Array.from(document.querySelectorAll('.math'));
    const untypeset = formulas.filter(f => !f.querySelector('mjx-container'))
        .map(f => f.textContent.trim().slice(0, 80));
    const errors = Array.from(document.querySelectorAll('mjx-merror'))
        .map(e => e.textContent.slice(0, 80));
    const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                             NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node; (node = walker.nextNode());) {
        if (node.parentElement.closest('pre, code, script, style, .math, mjx-container')) continue;
        texts.push(node.textContent);
    }
    return {count: formulas.length, untypeset, errors, text: texts.join(' ')};
})()"""
TEX_SOURCE = re.compile(r"\\[(\[]|\$\$|\\(begin|frac|text|sum|sqrt|mathrm|operatorname)\b"
                        r"|\$[^$\n]*\\[A-Za-z]+[^$\n]*\$")

# Marks each element whose own text has Chinese characters, and returns how many each has.
MARK_CJK = r"""(() => {
    document.querySelectorAll('[data-cjk]').forEach(e => e.removeAttribute('data-cjk'));
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const count = (node.textContent.match(/[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/g) || []).length;
        const element = node.parentElement;
        if (!count || element.closest('script, style')) continue;
        if (!element.hasAttribute('data-cjk')) {
            element.setAttribute('data-cjk', found.length);
            found.push({text: element.textContent.trim().slice(0, 60), count: 0,
                        shown: element.getClientRects().length > 0});
        }
        found[+element.getAttribute('data-cjk')].count += count;
    }
    return found;
})()"""

# The code and output boxes whose text is wider than the box (a reader must scroll to see it).
OVERFLOWING = """Array.from(document.querySelectorAll('main pre'))
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => pre.textContent.split('\\n').reduce((a, b) => b.length > a.length ? b : a, ''))"""

# MyST syntax that did not parse stays as text: a colon or backtick fence with a directive, a
# role, a directive's name in braces.
MYST_LEFT = re.compile(r":::|```|\{(?:dropdown|admonition|note|tip|warning|math|eval-rst|code-cell|"
                       r"figure|image|toctree|glue|ref|doc|numref|term|download)\}")

# The language switch of the page, as the browser resolved its link.
SWITCH = """(() => {
    const links = document.querySelectorAll('a.kerasedu-language-switch');
    return Array.from(links).map(a => ({href: a.href, text: a.textContent.trim(),
                                         shown: a.getClientRects().length > 0}));
})()"""

IMAGES = """Array.from(document.images).map(i => ({
    src: i.currentSrc || i.src, complete: i.complete, width: i.naturalWidth}))"""


def visit(client, url):
    """Open url and let it load, typeset and draw its fonts; return what went wrong."""
    client.events.clear()
    client.call("Page.navigate", url=url)
    client.wait_for("Page.loadEventFired")
    mathjax = client.evaluate(MATHJAX_DONE)
    client.evaluate("document.fonts.ready.then(() => true)")
    # Let late scripts (the theme's) run and report.
    client.evaluate("new Promise(resolve => setTimeout(resolve, 300))")
    problems = problems_in(client.events)
    if mathjax == "not loaded":
        problems.append("the page loads MathJax, but MathJax did not start")
    return problems


def cjk_fonts(client):
    """For each element with Chinese text: (text, characters, glyphs drawn by the web font,
    the fonts drawing it)."""
    # Open every dropdown (the chapters' answers): a reader opens them, and the text of a
    # closed one is not laid out, so no font would be reported for it.
    client.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    client.evaluate("document.fonts.ready.then(() => true)")
    marked = client.evaluate(MARK_CJK)
    root = client.call("DOM.getDocument", depth=-1)["root"]["nodeId"]
    drawn = []
    for index, element in enumerate(marked):
        if not element["shown"]:
            continue
        node = client.call("DOM.querySelector", nodeId=root, selector=f'[data-cjk="{index}"]')
        fonts = client.call("CSS.getPlatformFontsForNode", nodeId=node["nodeId"])["fonts"]
        # The font's files name it "Noto Sans SC Thin" inside (the weight is the stylesheet's).
        by_web_font = sum(font["glyphCount"] for font in fonts
                          if font["familyName"].startswith(CJK_FONT) and font["isCustomFont"])
        names = sorted({font["familyName"] for font in fonts})
        drawn.append((element["text"], element["count"], by_web_font, names))
    return drawn


def test_every_built_page_is_checked(site):
    _, html = site
    built = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if p.name != "index.html" and "_static" not in p.parts)
    assert sorted(PAGES) == built
    assert (html / "index.html").is_file() and (html / "zh" / "index.html").is_file()


def test_the_book_serves_mathjax_and_its_font_itself(site):
    _, html = site
    assert (html / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    fonts = html / "_static" / "fonts" / "noto-sans-sc"
    for weight in ("400", "700"):
        css = (fonts / f"{weight}.css").read_text()
        files = re.findall(r"url\(\./([^)]+)\)", css)
        assert len(files) > 50 and all(f.endswith(".woff2") for f in files)
        assert all((fonts / f).is_file() for f in files)
    # The chapters' formulas name MathJax from the book's own files, not from a CDN.
    page = (html / "chapters" / "01_layers.html").read_text()
    assert '<script defer="defer" src="../_static/mathjax/tex-mml-chtml.js">' in page
    assert "cdn.jsdelivr.net" not in page


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_the_same_offline(browser, site, page):
    root, _ = site
    url = f"{root}/{page}"
    problems = visit(browser, url)
    assert problems == [], f"{url}:\n" + "\n".join(problems)

    math = browser.evaluate(MATH_REPORT)
    assert math["untypeset"] == [], f"{url}: formulas left as TeX: {math['untypeset']}"
    assert math["errors"] == [], f"{url}: MathJax errors: {math['errors']}"
    left = sorted(set(m.group(0) for m in TEX_SOURCE.finditer(math["text"])))
    assert left == [], f"{url}: TeX source in the text: {left}"

    drawn = cjk_fonts(browser)
    assert drawn, f"{url}: no Chinese text shown (the sidebar links the glossary on every page)"
    wrong = [(text, count, glyphs, fonts) for text, count, glyphs, fonts in drawn
             if glyphs < count]
    assert wrong == [], f"{url}: Chinese characters not drawn with {CJK_FONT}: {wrong}"

    images = browser.evaluate(IMAGES)
    broken = [image["src"][:120] for image in images
              if not (image["complete"] and image["width"] > 0)]
    assert broken == [], f"{url}: images that did not render: {broken}"

    left = sorted(set(MYST_LEFT.findall(math["text"])))
    assert left == [], f"{url}: MyST syntax shown as text: {left}"

    switch = browser.evaluate(SWITCH)
    assert len(switch) == 1 and switch[0]["shown"], f"{url}: no language switch shown: {switch}"
    assert switch[0]["text"] == ("English" if page.startswith("zh/") else "中文")
    assert switch[0]["href"] == f"{root}/{counterpart(page)}", (
        f"{url}: the language switch leads to {switch[0]['href']}, not to the same page in the "
        f"other edition ({counterpart(page)})")

    notebook = source_notebook(page)
    if page.startswith(("chapters/", "zh/zh/chapters/")):
        heading = browser.evaluate("document.querySelector('h1') && document.querySelector('h1').innerText")
        assert heading is not None, f"{url} has no <h1>"
        assert one_line(notebook_title(notebook)) in one_line(heading)
        figures = [image for image in images if "/_images/" in image["src"]
                   or image["src"].startswith("data:image/png")]
        assert figures, f"{url} shows no figure"
        cut = browser.evaluate(OVERFLOWING)
        assert cut == [], f"{url}: lines wider than their box: {cut}"


def test_every_chapter_is_a_page_of_the_book():
    assert {f"chapters/{notebook.stem}.html" for notebook in CHAPTERS} <= set(PAGES)
    assert {f"zh/zh/chapters/{notebook.stem}.html" for notebook in CHAPTERS} <= set(PAGES)


def test_every_page_has_its_counterpart():
    assert counterpart("chapters/01_layers.html") == "zh/zh/chapters/01_layers.html"
    assert counterpart("zh/zh/chapters/01_layers.html") == "chapters/01_layers.html"
    assert counterpart("exercises/ps01_layers/ps01_layers.html") == \
        "zh/exercises/ps01_layers_zh/ps01_layers_zh.html"
    assert counterpart("zh/search.html") == "search.html"
    assert {counterpart(counterpart(page)) for page in PAGES} == set(PAGES)


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_following_the_language_switch_lands_on_the_other_edition(browser, site, scheme):
    """Clicked, as a reader would, from the files themselves and from a server."""
    root, html = site
    base = html.resolve().as_uri() if scheme == "file" else root
    for start, heading in [("chapters/01_layers.html", "zh/chapters/01_layers.ipynb"),
                           ("zh/zh/chapters/01_layers.html", "chapters/01_layers.ipynb")]:
        browser.call("Page.navigate", url=f"{base}/{start}")
        browser.wait_for("Page.loadEventFired")
        browser.events.clear()
        browser.evaluate("document.querySelector('a.kerasedu-language-switch').click()")
        browser.wait_for("Page.loadEventFired")
        landed = browser.evaluate("location.href")
        assert landed == f"{base}/{counterpart(start)}"
        title = browser.evaluate("document.querySelector('h1').innerText")
        assert one_line(notebook_title(ROOT / heading)) in one_line(title)


def test_formulas_and_chinese_text_are_where_expected(browser, site):
    """The checks above find what they look for: a chapter with formulas typesets them, and
    the glossary's table draws its Chinese column with the web font."""
    root, _ = site
    assert visit(browser, f"{root}/chapters/01_layers.html") == []
    math = browser.evaluate(MATH_REPORT)
    assert math["count"] >= 5 and math["untypeset"] == []
    assert browser.evaluate("document.querySelectorAll('mjx-container').length") >= 5

    assert visit(browser, f"{root}/book/glossary.html") == []
    drawn = cjk_fonts(browser)
    characters = sum(count for _, count, _, _ in drawn)
    by_web_font = sum(glyphs for _, _, glyphs, _ in drawn)
    assert characters >= 100 and by_web_font >= characters


def test_a_request_to_another_host_is_reported():
    events = [
        {"method": "Network.requestWillBeSent",
         "params": {"requestId": "1", "request": {"url": "https://cdn.jsdelivr.net/x.js"}}},
        {"method": "Network.requestWillBeSent",
         "params": {"requestId": "2", "request": {"url": "http://127.0.0.1:8000/_static/a.css"}}},
        {"method": "Network.loadingFailed", "params": {"requestId": "2", "errorText": "404"}},
        {"method": "Network.requestWillBeSent",
         "params": {"requestId": "3", "request": {"url": "data:image/png;base64,AAAA"}}},
    ]
    assert problems_in(events) == [
        "asked the network for https://cdn.jsdelivr.net/x.js",
        "failed to load http://127.0.0.1:8000/_static/a.css: 404",
    ]


def test_tex_source_is_recognized():
    found = [m.group(0) for m in TEX_SOURCE.finditer(
        r"a \[ x \] b $$ y $$ c $\frac{1}{2}$ costs $5 and $6, \(z\) \begin{aligned}")]
    assert found == ["\\[", "$$", "$$", "$\\frac{1}{2}$", "\\(", "\\begin"]
