"""Every chapter notebook is a complete, runnable lesson.

Static checks (fast): the notebook is committed as nbformat 4.5 with cell ids and without
outputs, uses the python3 kernel, and has the parts every chapter promises its reader:
learning objectives at the top, at least one figure, a "Check your understanding" section whose
answers are hidden in a MyST dropdown (``:::{dropdown} Answer`` ... ``:::``, or the same with
backtick fences), and, in its last cell, a link to its problem set's page: the problem set's own
title, linking to its student notebook, for example
``[Problem set 1: Layers](../exercises/ps01_layers/ps01_layers.ipynb)``. The book turns the
link into one to the problem set's page, and JupyterLab opens the notebook from it.

Execution checks (marked slow): each chapter as `make book` runs it, top to bottom in a fresh
kernel: these tests read the notebooks the book build executed (tests/test_book_build.py builds
the book once per test session). Any error fails the test, and so does any output on stderr
(the build itself already refuses both): a warning printed in a chapter is a warning every
reader sees, and nbgrader scores a test cell that writes to stderr 0, so the library must never
write there.
"""

import re
from pathlib import Path

import pytest

from test_book_build import build_book

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

PROBLEM_SET_LINK = re.compile(r"\[([^\]]+)\]\(\.\./(exercises/(ps\d\d_\w+)/\3\.ipynb)\)")
PATH_AS_CODE = re.compile(r"`exercises/[^`]*\.ipynb`")
DROPDOWN = re.compile(r"^(```+|:::+)\{dropdown\}", re.MULTILINE)
FIGURE_CALL = re.compile(r"\bplt\.show\(\)|\bplot_model\(|\bplot_history\(")


def chapter_ids():
    return [path.stem for path in CHAPTERS]


def read(path):
    return nbformat.read(path, as_version=4)


def markdown(nb):
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def headings(nb):
    """The text of every markdown heading line, e.g. '## 1.2 Dense: the formula'."""
    found = []
    for source in markdown(nb):
        in_fence = False
        for line in source.splitlines():
            if line.lstrip().startswith(("```", ":::")):
                in_fence = not in_fence
            elif not in_fence and re.match(r"#{1,6} ", line):
                found.append(line)
    return found


def test_there_are_chapters():
    assert len(CHAPTERS) >= 4, f"expected the chapter notebooks in {ROOT / 'chapters'}"


# ---------------------------------------------------------------------------- static checks

@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_committed_format(path):
    nb = read(path)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), "write notebooks as nbformat 4.5"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    ids = [cell.get("id") for cell in nb.cells]
    assert all(ids), "every cell needs an id (nbformat 4.5)"
    assert len(set(ids)) == len(ids), "cell ids must be unique"
    with_outputs = [cell.id for cell in nb.cells
                    if cell.cell_type == "code" and (cell.outputs or cell.execution_count)]
    assert with_outputs == [], f"commit chapters without outputs; cells {with_outputs} have some"


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_starts_with_title_and_learning_objectives(path):
    nb = read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), \
        "the first cell is the chapter title, '# Chapter N: ...'"
    opening = "\n".join(cell.source for cell in nb.cells[:2] if cell.cell_type == "markdown")
    assert "Learning objectives" in opening, "learning objectives belong at the top"
    objectives = re.findall(r"^\s*\d+\. ", opening, re.MULTILINE)
    assert len(objectives) >= 3, "list the learning objectives as a numbered list"


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_has_a_figure_cell(path):
    nb = read(path)
    figures = [cell.id for cell in nb.cells
               if cell.cell_type == "code" and FIGURE_CALL.search(cell.source)]
    assert figures, "a chapter needs at least one matplotlib figure (plt.show() or plot_model)"


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_check_your_understanding_with_dropdown_answers(path):
    nb = read(path)
    assert "## Check your understanding" in headings(nb)
    sources = markdown(nb)
    start = next(i for i, s in enumerate(sources) if "## Check your understanding" in s)
    after = "\n".join(sources[start:])
    questions = re.findall(r"^\d+\. ", sources[start], re.MULTILINE)
    assert len(questions) >= 3, "ask at least three questions"
    assert DROPDOWN.search(after), "hide the answers in a :::{dropdown} Answer block"
    fence = DROPDOWN.search(after).group(1)
    body = after[DROPDOWN.search(after).end():]
    assert fence in body, "close the dropdown fence"
    answers = re.findall(r"^\d+\. ", body.split(fence)[0], re.MULTILINE)
    assert len(answers) == len(questions), "one answer per question"


def title_of(path):
    """The text of a notebook's first '# ' heading."""
    for source in markdown(read(path)):
        for line in source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    raise AssertionError(f"{path} has no '# ' title")


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_links_its_problem_set(path):
    nb = read(path)
    last = nb.cells[-1]
    example = "[Problem set 1: Layers](../exercises/ps01_layers/ps01_layers.ipynb)"
    assert last.cell_type == "markdown", "the chapter's last cell links its problem set"
    links = PROBLEM_SET_LINK.findall(last.source)
    assert links, f"end with a link to the problem set, written like {example}"
    for text, target, _ in links:
        notebook = ROOT / target
        assert notebook.is_file(), f"{target} does not exist"
        assert text == title_of(notebook), \
            f"name the link after the problem set, [{title_of(notebook)}](../{target})"
    printed = PATH_AS_CODE.findall("\n".join(markdown(nb)))
    assert printed == [], f"link the problem set instead of printing its path: {printed}"


def test_book_toc_lists_every_chapter():
    toc = (ROOT / "book" / "_toc.yml").read_text()
    missing = [path.stem for path in CHAPTERS if f"file: chapters/{path.stem}" not in toc]
    assert missing == [], f"add these chapters to book/_toc.yml: {missing}"


# ---------------------------------------------------------------------------- execution

@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The chapters as the book build executed them (outputs included), by file name."""
    html, _ = build_book(tmp_path_factory)
    folder = html.parent / "jupyter_execute" / "chapters"
    return lambda path: read(folder / path.name)


@pytest.mark.slow
@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_runs_without_errors_or_stderr(path, executed):
    nb = executed(path)
    stderr = [(cell.id, output.get("text", ""))
              for cell in nb.cells if cell.cell_type == "code"
              for output in cell.outputs
              if output.output_type == "stream" and output.name == "stderr"]
    assert stderr == [], f"cells wrote to stderr: {stderr}"
    errors = [cell.id for cell in nb.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert errors == []


@pytest.mark.slow
@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_ids())
def test_figures_are_drawn(path, executed):
    nb = executed(path)
    images = [cell.id for cell in nb.cells if cell.cell_type == "code"
              for output in cell.outputs if "image/png" in output.get("data", {})]
    assert images, "no cell displayed a figure"
