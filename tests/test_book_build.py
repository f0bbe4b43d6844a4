"""The book builds, with no Sphinx warning, into HTML that holds the pages of the toc.

This runs the same command as `make book`, but writes into a temporary directory so that
it never disturbs a book you have built. Every notebook in the toc is executed, so a
chapter that raises fails here too.
"""

import html as html_module
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TITLE = "kerasedu: Keras layers, from use to rebuild"


def jupyter_book_command():
    """The jupyter-book script installed beside this Python, or the one on PATH."""
    beside = Path(sys.executable).with_name("jupyter-book")
    if beside.exists():
        return str(beside)
    found = shutil.which("jupyter-book")
    if found is None:
        pytest.skip("jupyter-book is not installed (pip install -e '.[book]')")
    return found


def page_text(path):
    """The visible text of an HTML page: tags removed (code is highlighted span by span)."""
    return html_module.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


@pytest.fixture(scope="module")
def built_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    command = [
        jupyter_book_command(), "build", str(ROOT),
        "--config", str(ROOT / "book" / "_config.yml"),
        "--toc", str(ROOT / "book" / "_toc.yml"),
        "--path-output", str(out),
        "-W",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    return out / "_build" / "html", log


@pytest.mark.slow
def test_book_builds_without_warnings(built_book):
    _, log = built_book
    # Sphinx prints "WARNING: ..." (and -W would have stopped the build at the first).
    warnings = [line for line in log.splitlines() if "WARNING:" in line]
    assert warnings == []
    assert "build succeeded" in log


@pytest.mark.slow
def test_preface_is_the_front_page(built_book):
    html, _ = built_book
    index = (html / "index.html").read_text()
    assert "book/preface.html" in index  # index.html redirects to the root page
    preface = page_text(html / "book" / "preface.html")
    assert TITLE in preface
    assert "Who this book is for" in preface
    assert "make book" in preface and "make test" in preface and "make lab" in preface


@pytest.mark.slow
def test_instructor_guide_is_built_and_linked(built_book):
    html, _ = built_book
    guide = page_text(html / "book" / "instructor_guide.html")
    assert "nbgrader generate_assignment ps01 --force" in guide
    assert "make grade" in guide
    preface = (html / "book" / "preface.html").read_text()
    assert 'href="instructor_guide.html"' in preface


@pytest.mark.slow
def test_only_toc_pages_are_built(built_book):
    html, _ = built_book
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
    assert "README.html" not in pages
    assert not any(page.startswith((".venv", "tests/", "kerasedu/")) for page in pages)
    assert {"book/preface.html", "book/instructor_guide.html"} <= set(pages)
