"""JupyterLab, as students open the book: `make lab` starts, as root and as any other user, and
the chapters look in JupyterLab as they do in the book.

The chapters are written in MyST Markdown (admonitions for the learning objectives, dropdowns
for the answers, dollar math), which plain JupyterLab shows as raw text. jupyterlab-myst, in
the [book] extra, renders it. Each chapter and problem set is opened in a JupyterLab of its own
(on a copy, on a loopback port, with its own settings and no network) in headless Chromium,
and every Markdown cell must be rendered by jupyterlab-myst, with no directive left as text
(`:::{admonition}`, `{dropdown}`), every admonition and dropdown of the notebook drawn as one,
and every formula typeset without error.

A Chinese chapter is opened too, in a JupyterLab with the settings `make lab` adds
(classroom/jupyter/lab): every Chinese character it shows must be drawn with Noto Sans SC, the
font the server itself serves (classroom/jupyter/chinese_font.py), whatever fonts the machine
has. One is enough: the other Chinese pages are, cell for cell, the English ones in their MyST
directives, fences and formulas (tests/book/test_translations.py), so they render as the
English ones do, and the font comes from the same server and settings.

`make lab` is started for real: as root it must pass --allow-root (JupyterLab refuses root
otherwise), as another user it must not. Without Chromium, the rendering tests are skipped
except in CI, as in tests/test_book_browser.py, whose browser they share.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_book_browser import CJK_FONT, TEX_SOURCE, browser, cjk_fonts  # noqa: F401
from test_book_build import ROOT, is_chinese

# Of the Chinese pages, one chapter shows the font (see above).
FONT_CHAPTER = ROOT / "zh" / "chapters" / "03_models.ipynb"
NOTEBOOKS = (sorted((ROOT / "chapters").glob("*.ipynb")) + [FONT_CHAPTER]
             + sorted(p for p in (ROOT / "exercises").glob("*/*.ipynb") if not is_chinese(p)))
# The settings folder `make lab` adds, and the font files it serves (make setup writes them).
LAB_SETTINGS = ROOT / "classroom" / "jupyter" / "lab"
LAB_FONT = ROOT / "classroom" / "jupyter" / "custom" / "fonts" / "noto-sans-sc" / "400.css"
START_TIMEOUT = 90  # seconds for JupyterLab to answer
RENDER_TIMEOUT = 180  # seconds for a notebook's cells to render (15 s alone; more beside other tests)
TOKEN = "kerasedu-test-token"
# JupyterLab asks the network for news and updates unless told not to.
QUIET = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
         "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
UNPRIVILEGED = ("nobody", 65534, 65534)

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_serving(process, base, log):
    deadline = time.monotonic() + START_TIMEOUT
    while not answers(f"{base}/api/status?token={TOKEN}"):
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)


def stop(process):
    """End the process group that start_new_session gave the process (make and JupyterLab)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def jupyter_dirs(home):
    """Environment variables that keep Jupyter's own files in `home`, away from the user's."""
    folders = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data",
               "JUPYTER_RUNTIME_DIR": "runtime", "IPYTHONDIR": "ipython"}
    for folder in folders.values():
        (home / folder).mkdir(parents=True, exist_ok=True)
    return {name: str(home / folder) for name, folder in folders.items()}


# ---------------------------------------------------------------------------- make lab

def make_lab_command(uid):
    """The `jupyter lab` line `make -n lab` prints when `id -u` says uid."""
    shims = Path(os.environ.get("TMPDIR", "/tmp")) / f"kerasedu-id-{uid}-{os.getpid()}"
    shims.mkdir(exist_ok=True)
    (shims / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (shims / "id").chmod(0o755)
    env = {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["make", "-n", "lab"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    shutil.rmtree(shims)
    assert result.returncode == 0, result.stderr
    commands = result.stdout.replace("\\\n", " ").splitlines()
    lines = [line for line in commands if "jupyter lab " in line]
    assert lines, result.stdout
    return lines[-1]


def test_make_lab_passes_allow_root_only_as_root():
    assert "--allow-root" in make_lab_command(0)
    assert "--allow-root" not in make_lab_command(1000)
    assert "--LabApp.default_url=/lab/tree/chapters" in make_lab_command(1000)


def unprivileged_prefix(home):
    """setpriv's command to run as nobody, or a reason why that cannot be tried here."""
    if os.geteuid() != 0:
        return None, "only root can start a command as another user"
    if shutil.which("setpriv") is None:
        return None, "setpriv (util-linux) is not installed"
    name, uid, gid = UNPRIVILEGED
    prefix = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
              "--inh-caps=-all", "--bounding-set=-all"]  # and no root powers left
    python = ROOT / ".venv" / "bin" / "python"
    # Through a shell, as make starts it (setpriv's own exec can reach a file the user cannot).
    probe = subprocess.run(prefix + ["sh", "-c", f"exec {python} -c pass"], capture_output=True,
                           text=True, env={"HOME": str(home), "PATH": os.environ["PATH"]})
    if probe.returncode != 0:
        return None, (f"{name} cannot run {python} here ({probe.stderr.strip()[-200:]}): "
                      "the Python it links to is in a folder only root can read")
    return prefix, None


@pytest.fixture
def home():
    """An empty home folder that any user can reach (pytest's own tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="kerasedu-lab-home-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("who", ["this user", "an unprivileged user"])
def test_make_lab_starts_jupyterlab_on_the_chapters(tmp_path, home, who):
    env = {**os.environ, "HOME": str(home), **jupyter_dirs(home)}
    prefix = []
    if who == "an unprivileged user":
        prefix, reason = unprivileged_prefix(home)
        if prefix is None:
            pytest.skip(reason)
        for path in [home, *home.rglob("*")]:
            os.chown(path, UNPRIVILEGED[1], UNPRIVILEGED[2])
    port = free_port()
    log = tmp_path / "lab.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            prefix + ["make", "lab", f"LAB_ARGS={' '.join(QUIET)} --port={port}"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base, log)
        # The chapters are where `make lab` opens, and the first one is there.
        with urllib.request.urlopen(f"{base}/api/contents/chapters?token={TOKEN}") as reply:
            names = [item["name"] for item in json.load(reply)["content"]]
        assert "01_layers.ipynb" in names
        assert answers(f"{base}/lab/tree/chapters?token={TOKEN}")
    finally:
        stop(process)
    text = log.read_text()
    assert "Running as root is not recommended" not in text


@pytest.mark.parametrize("settings", ["lab", "students", "instructors"])
def test_jupyterlab_serves_the_font_for_chinese_text(tmp_path, settings):
    """`make lab` (classroom/jupyter/lab) and a class's servers (students, instructors) serve
    custom.css, which names Noto Sans SC, and the font's files beside it."""
    if not LAB_FONT.is_file():
        pytest.fail(f"{LAB_FONT.relative_to(ROOT)} is missing: run `make setup`")
    port = free_port()
    command = [sys.executable, "-m", "jupyterlab", *QUIET, f"--port={port}",
               f"--ServerApp.root_dir={tmp_path}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = {**os.environ, **jupyter_dirs(tmp_path / "home"),
           "JUPYTER_CONFIG_PATH": str(ROOT / "classroom" / "jupyter" / settings)}
    log = tmp_path / "lab.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base, log)
        with urllib.request.urlopen(f"{base}/lab?token={TOKEN}") as reply:
            assert "custom/custom.css" in reply.read().decode()
        with urllib.request.urlopen(f"{base}/custom/custom.css?token={TOKEN}") as reply:
            assert "noto-sans-sc/400.css" in reply.read().decode()
        first = re.search(r"url\(\./(files/[^)]+\.woff2)\)", LAB_FONT.read_text()).group(1)
        with urllib.request.urlopen(f"{base}/custom/fonts/noto-sans-sc/{first}?token={TOKEN}") as reply:
            assert reply.read() == (LAB_FONT.parent / first).read_bytes()
    finally:
        stop(process)


# ---------------------------------------------------------------------------- MyST in JupyterLab

@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab on copies of the notebooks; yields its base URL and the copies' folder."""
    if not LAB_FONT.is_file():
        pytest.fail(f"{LAB_FONT.relative_to(ROOT)} is missing: run `make setup`")
    top = tmp_path_factory.mktemp("lab")
    notebooks = top / "notebooks"
    for path in filter(Path.is_file, NOTEBOOKS):
        copy = notebooks / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    # Render every cell at once: JupyterLab otherwise only renders the cells in view.
    settings = top / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port = free_port()
    # expose_app_in_browser lets the test open each notebook as a reader would, through
    # JupyterLab's own commands, in one page (window.jupyterapp).
    command = [sys.executable, "-m", "jupyterlab", *QUIET, f"--port={port}",
               f"--ServerApp.root_dir={notebooks}", f"--LabApp.user_settings_dir={top / 'settings'}",
               f"--LabApp.workspaces_dir={top / 'workspaces'}", "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = top / "lab.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env={**os.environ, **jupyter_dirs(top),
                                                 "JUPYTER_CONFIG_PATH": str(LAB_SETTINGS)},
                                   stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base, log)
        yield base, notebooks
    finally:
        stop(process)


@pytest.fixture(scope="module")
def lab_page(browser, lab):  # noqa: F811
    """The browser's page, with JupyterLab loaded and started."""
    base, _ = lab
    browser.call("Page.navigate", url=f"{base}/lab?reset&token={TOKEN}")
    browser.wait_until("!!(window.jupyterapp && jupyterapp.shell)", timeout=START_TIMEOUT,
                       what="JupyterLab's page starting")
    browser.evaluate("jupyterapp.restored.then(() => true)")
    return browser


# Opens a notebook with JupyterLab's "Open" command, as the file browser does (without starting
# a kernel: nothing runs), and keeps it; closes it afterwards.
OPEN = """(async () => {
    const widget = await jupyterapp.commands.execute('docmanager:open',
        {path: %s, kernelPreference: {shouldStart: false, canStart: false}});
    await widget.context.ready;
    window.keraseduNotebook = widget;
    return widget.id;
})()"""
CLOSE = "window.keraseduNotebook.dispose()"
CELLS_RENDERED = """(() => {
    const cells = window.keraseduNotebook.node.querySelectorAll('.jp-MarkdownCell');
    return cells.length === %d
        && Array.from(cells).every(cell => cell.querySelector('.jp-Cell-inputArea .myst'));
})()"""

# For each Markdown cell: its rendered text outside code and formulas, and what it drew.
CELL_REPORT = """Array.from(window.keraseduNotebook.node.querySelectorAll('.jp-MarkdownCell')).map(cell => {
    const rendered = cell.querySelector('.jp-Cell-inputArea .myst');
    const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node; (node = walker.nextNode());) {
        if (node.parentElement.closest('code, pre, .katex')) continue;
        texts.push(node.textContent);
    }
    return {
        text: texts.join(' '),
        admonitions: Array.from(rendered.querySelectorAll('.myst-admonition-header-text'))
            .map(title => title.textContent.trim()),
        dropdowns: rendered.querySelectorAll('.myst-dropdown').length,
        formulas: rendered.querySelectorAll('.katex').length,
        math_errors: Array.from(rendered.querySelectorAll('.katex-error'))
            .map(error => error.textContent.slice(0, 80)),
    };
})"""
# MyST syntax a reader should never see: a fence of colons, a directive or role name.
DIRECTIVE = re.compile(r":::|```|\{[a-z][a-z-]*\}")
ADMONITION = re.compile(r"^(?::::+|```+)\{admonition\}\s*(.*)$", re.MULTILINE)
DROPDOWN = re.compile(r"^(?::::+|```+)\{dropdown\}", re.MULTILINE)
DOLLAR_MATH = re.compile(r"\$[^$\s][^$]*\$")


def markdown_sources(path):
    return ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]
            if cell["cell_type"] == "markdown"]


@pytest.mark.parametrize("notebook", NOTEBOOKS,
                         ids=[p.relative_to(ROOT).with_suffix("").as_posix() for p in NOTEBOOKS])
def test_notebook_renders_its_myst_in_jupyterlab(lab_page, notebook):
    if not notebook.is_file():
        pytest.fail(f"{notebook.relative_to(ROOT)} is missing (tests/book/test_translations.py)")
    sources = markdown_sources(notebook)
    relative = notebook.relative_to(ROOT).as_posix()
    lab_page.evaluate(OPEN % json.dumps(relative))
    try:
        lab_page.wait_until(CELLS_RENDERED % len(sources), timeout=RENDER_TIMEOUT,
                            what=f"jupyterlab-myst rendering the {len(sources)} Markdown cells of "
                                 f"{relative} (is it installed? pip install -e '.[book]')")
        cells = lab_page.evaluate(CELL_REPORT)
        if is_chinese(notebook):
            lab_page.evaluate("document.fonts.ready.then(() => true)")
            drawn = cjk_fonts(lab_page)
    finally:
        lab_page.evaluate(CLOSE)

    if is_chinese(notebook):
        # Code cells' lines outside the view are not laid out (CodeMirror draws what is in
        # view), so no font is reported for them; every line that is drawn is checked.
        drawn = [element for element in drawn if element[3]]
        characters = sum(count for _, count, _, _ in drawn)
        assert characters >= 20, f"{relative}: {characters} Chinese characters shown"
        wrong = [(text, count, glyphs, fonts) for text, count, glyphs, fonts in drawn
                 if glyphs < count]
        assert wrong == [], f"{relative}: Chinese characters not drawn with {CJK_FONT}: {wrong}"

    raw = [(index, sorted(set(DIRECTIVE.findall(cell["text"])))) for index, cell in enumerate(cells)
           if DIRECTIVE.search(cell["text"])]
    assert raw == [], f"{relative}: MyST syntax shown as text in Markdown cells {raw}"
    tex = [(index, sorted({m.group(0) for m in TEX_SOURCE.finditer(cell["text"])}))
           for index, cell in enumerate(cells) if TEX_SOURCE.search(cell["text"])]
    assert tex == [], f"{relative}: TeX shown as text in Markdown cells {tex}"
    errors = [(index, cell["math_errors"]) for index, cell in enumerate(cells) if cell["math_errors"]]
    assert errors == [], f"{relative}: formulas that did not typeset {errors}"

    wanted = [title.strip() for source in sources for title in ADMONITION.findall(source)]
    drawn = [title for cell in cells for title in cell["admonitions"]]
    assert drawn == wanted, f"{relative}: admonitions drawn {drawn}, written {wanted}"
    dropdowns = sum(len(DROPDOWN.findall(source)) for source in sources)
    assert sum(cell["dropdowns"] for cell in cells) == dropdowns
    with_math = [index for index, source in enumerate(sources) if DOLLAR_MATH.search(source)]
    untypeset = [index for index in with_math if cells[index]["formulas"] == 0]
    assert untypeset == [], f"{relative}: Markdown cells {untypeset} have math but no formula drawn"
    if notebook.parent.name == "chapters":
        assert wanted and dropdowns, f"{relative}: expected learning objectives and answers"
