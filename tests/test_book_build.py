"""The book builds, both editions with no Sphinx warning, into HTML that holds the pages of
the tocs.

This runs the same commands as `make book` (the English edition, then the Chinese one moved into
its zh folder), but writes into a temporary directory so that it never disturbs a book you have
built. Every notebook in the tocs is executed, so a chapter that raises fails here too.
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


_BUILT = {}


def build_book(tmp_path_factory):
    """Build the book once per test session; return (html directory, build log).

    The browser test (tests/test_book_browser.py) imports this, so that one `pytest` run
    builds the book once for both modules.
    """
    if "book" not in _BUILT:
        try:
            _BUILT["book"] = _build(tmp_path_factory.mktemp("book"))
        except AssertionError as failure:  # fail every test that needs it, build once
            _BUILT["book"] = failure
    if isinstance(_BUILT["book"], AssertionError):
        raise _BUILT["book"]
    return _BUILT["book"]


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    return build_book(tmp_path_factory)


# (configuration, table of contents, folder of the HTML inside the English edition's), as in
# the Makefile's book-en and book-zh.
EDITIONS = {"English": ("_config.yml", "_toc.yml", ""),
            "Chinese": ("_config_zh.yml", "_toc_zh.yml", "zh")}


def _build(out):
    html, log = out / "_build" / "html", ""
    for edition, (config, toc, folder) in EDITIONS.items():
        path_output = out / "_build" / folder if folder else out
        command = [
            jupyter_book_command(), "build", str(ROOT),
            "--config", str(ROOT / "book" / config),
            "--toc", str(ROOT / "book" / toc),
            "--path-output", str(path_output),
            "-W",
        ]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1200)
        log += result.stdout + result.stderr
        assert result.returncode == 0, (
            f"jupyter-book build of the {edition} edition failed:\n{log[-6000:]}")
        if folder:
            shutil.copytree(path_output / "_build" / "html", html / folder)
    return html, log


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
def test_the_chinese_edition_is_in_its_own_folder(built_book):
    html, _ = built_book
    assert "zh/book/preface.html" in (html / "zh" / "index.html").read_text()
    preface = (html / "zh" / "zh" / "book" / "preface.html").read_text()
    assert '<html lang="zh-CN"' in preface
    assert '<html lang="en"' in (html / "book" / "preface.html").read_text()
    # Its own copy of what the pages load: MathJax and the font for Chinese text.
    assert (html / "zh" / "_static" / "fonts" / "noto-sans-sc" / "400.css").is_file()
    assert (html / "zh" / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()


@pytest.mark.slow
def test_instructor_guide_is_built_and_linked(built_book):
    html, _ = built_book
    guide = page_text(html / "book" / "instructor_guide.html")
    assert "nbgrader generate_assignment ps01_layers --force" in guide
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


# ------------------------------------------------------------------- chapters, problem sets, glossary

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PROBLEM_SETS = sorted(p for p in (ROOT / "exercises").glob("*/*.ipynb")
                      if not p.parent.name.endswith("_zh"))
# The Chinese edition's: one per English page (tests/book names the missing ones).
ZH_CHAPTERS = [ROOT / "zh" / "chapters" / p.name for p in CHAPTERS]
ZH_PROBLEM_SETS = [ROOT / "exercises" / f"{p.parent.name}_zh" / f"{p.stem}_zh.ipynb"
                   for p in PROBLEM_SETS]


def is_chinese(page):
    """Whether a source page (a Path under ROOT) belongs to the Chinese edition."""
    relative = page.relative_to(ROOT)
    return relative.parts[0] == "zh" or relative.parent.name.endswith("_zh")


def html_page(html, page):
    """Where the built book has the page of a source notebook or Markdown file."""
    edition = html / "zh" if is_chinese(page) else html
    return edition / page.relative_to(ROOT).with_suffix(".html")


def require(page):
    if not page.is_file():
        pytest.fail(f"{page.relative_to(ROOT)} is missing (tests/book/test_translations.py)")


def notebook_title(path):
    """The text of the notebook's first '# ' heading, e.g. 'Chapter 1: Layers'."""
    import json

    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{path} has no '# ' title")


def one_line(text):
    """text with each run of white space (the ideographic space of a Chinese title included)
    made one space."""
    return re.sub(r"\s+", " ", text).strip()


def h1_texts(page):
    """The visible text of every <h1> of an HTML page (Sphinx appends a '#' headerlink)."""
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    texts = [html_module.unescape(re.sub(r"<[^>]+>", "", h)) for h in found]
    return [one_line(t).rstrip("#").strip() for t in texts]


def img_sources(page):
    return re.findall(r"<img\b[^>]*\bsrc=\"([^\"]+)\"", page)


def test_the_book_has_chapters_and_problem_sets():
    assert len(CHAPTERS) >= 4 and len(PROBLEM_SETS) >= 1


def ids(paths):
    return [p.relative_to(ROOT).with_suffix("").as_posix() for p in paths]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", CHAPTERS + ZH_CHAPTERS, ids=ids(CHAPTERS + ZH_CHAPTERS))
def test_chapter_page_has_title_and_figure(built_book, notebook):
    html, _ = built_book
    require(notebook)
    page_path = html_page(html, notebook)
    assert page_path.exists(), f"{notebook.name} has no page in the book; is it in the toc?"
    page = page_path.read_text()
    assert one_line(notebook_title(notebook)) in h1_texts(page)
    figures = []
    for src in img_sources(page):
        if src.startswith("data:image/png;base64,"):
            figures.append(src)
        elif "_images/" in src and src.endswith(".png"):
            image = (page_path.parent / src).resolve()
            assert image.is_file(), f"{page_path.name} shows {src}, which was not copied"
            assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{src} is not a PNG"
            figures.append(src)
    assert figures, f"{page_path.name} shows no figure: did its plotting cells run?"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", PROBLEM_SETS + ZH_PROBLEM_SETS,
                         ids=ids(PROBLEM_SETS + ZH_PROBLEM_SETS))
def test_problem_set_page_is_the_student_version(built_book, notebook):
    html, _ = built_book
    require(notebook)
    page_path = html_page(html, notebook)
    assert page_path.exists(), f"{notebook.name} has no page in the book; is it in the toc?"
    page = page_path.read_text()
    assert one_line(notebook_title(notebook)) in h1_texts(page)
    text = page_text(page_path)
    assert "YOUR CODE HERE" in text
    assert "NotImplementedError" in text
    # Shown as handed out: not executed, so no cell has an output (or a traceback).
    assert '<div class="cell_output' not in page
    assert "Traceback" not in text


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["English", "Chinese"])
def test_problem_sets_are_a_part_of_the_navigation(built_book, edition):
    html, _ = built_book
    chinese = edition == "Chinese"
    preface = html_page(html, ROOT / "zh" / "book" / "preface.md" if chinese
                        else ROOT / "book" / "preface.md")
    page = preface.read_text()
    assert ("习题" if chinese else "Problem sets") in page
    for notebook in ZH_PROBLEM_SETS if chinese else PROBLEM_SETS:
        link = f'href="../{"../" if chinese else ""}' \
               f'{notebook.relative_to(ROOT).with_suffix(".html").as_posix()}"'
        assert link in page, f"the navigation has no link to {notebook.name}"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", CHAPTERS + ZH_CHAPTERS, ids=ids(CHAPTERS + ZH_CHAPTERS))
def test_chapter_links_the_page_of_its_problem_set(built_book, notebook):
    html, _ = built_book
    require(notebook)
    page_path = html_page(html, notebook)
    links = set(re.findall(r'href="((?:\.\./)+exercises/[^"#]+\.html)"', page_path.read_text()))
    assert links, f"{page_path.name} links no problem set"
    for link in links:
        assert (page_path.parent / link).resolve().is_file(), f"broken link {link}"
        assert link.split("/")[-2].endswith("_zh") == is_chinese(notebook), (
            f"{page_path.name} links the other edition's problem set {link}")


@pytest.mark.slow
def test_glossary_page_has_its_table(built_book):
    html, _ = built_book
    page_path = html / "book" / "glossary.html"
    assert page_path.exists(), "book/glossary.md is not in book/_toc.yml"
    page = page_path.read_text()
    tables = re.findall(r"<table\b.*?</table>", page, re.DOTALL)
    assert len(tables) == 1
    rows = re.findall(r"<tr\b.*?</tr>", tables[0], re.DOTALL)
    assert len(rows) >= 50 + 1, f"expected about 60 terms, found {len(rows) - 1}"
    text = html_module.unescape(re.sub(r"<[^>]+>", "", tables[0]))
    for english, chinese in [("layer", "层"), ("tensor", "张量"), ("convolution", "卷积"),
                             ("optimizer", "优化器"), ("sequential model", "序贯模型")]:
        assert english in text and chinese in text
    # Every row links to the chapter that introduces the term, and every link works.
    links = set(re.findall(r'href="(\.\./chapters/[^"#]+\.html)', tables[0]))
    assert len(links) >= 8
    for link in links:
        assert (page_path.parent / link).resolve().is_file(), f"broken link {link}"
    for row in rows[1:]:
        assert 'href="../chapters/' in row, f"a term without its chapter: {row[:200]}"
