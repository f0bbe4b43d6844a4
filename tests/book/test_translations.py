"""The Chinese edition keeps in step with the English one, page for page (fast: no build).

For every English page (each page of book/_toc.yml and each problem set in solutions/):

- its Chinese page exists (zh/book/, zh/chapters/, solutions/psNN_name_zh/), and the Chinese
  table of contents (book/_toc_zh.yml) lists it where the English one lists the English page;
- the Chinese page is fresh: it records (book/translation.py) the hash of the English page as it
  is now, so an English change not carried into the Chinese page fails here, naming both;
- a Chinese notebook is the English one cell for cell: the same cell types, ids and metadata
  (nbgrader's included), and code cells that are the same program: equal Python ASTs once
  comments and docstrings are dropped, the arguments of print() exempt (they may be
  translated); a problem set's hidden tests and its solution and test delimiters are kept
  exactly, and its imports cell ends with the two lines that switch grading's feedback to
  Chinese, the only code the English version does not have;
- the Chinese page's links lead to Chinese pages, and to files that exist.

Until a page is translated its tests fail, each naming the page and what to do.
"""

import ast
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from book_editions import (ROOT, chinese_problem_set, chinese_toc_entry, english_problem_sets,
                           notebook_pairs, pairs, toc_files)

sys.path.insert(0, str(ROOT / "book"))
import translation  # noqa: E402  (book/translation.py)

PAIRS = pairs()
NOTEBOOK_PAIRS = notebook_pairs()
PROBLEM_SET_PAIRS = [pair for pair in NOTEBOOK_PAIRS if pair[0].startswith("solutions/")]
GRADING_LINES = ["from kerasedu import grading", 'grading.use_language("zh_CN")']
DELIMITER = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$", re.MULTILINE)
HIDDEN_TESTS = re.compile(r"^\s*### BEGIN HIDDEN TESTS\s*$.*?^\s*### END HIDDEN TESTS\s*$",
                          re.MULTILINE | re.DOTALL)
MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+\.(?:ipynb|md))(?:#[^)]*)?\)")
STAMP = "python book/translation.py stamp"


def ids(pair_list):
    return [chinese for _, chinese in pair_list]


def translate_hint(english, chinese):
    return (f"{chinese} is missing: translate {english} into it (README.md, The Chinese "
            f"edition), then run `{STAMP} {chinese} {english}`")


def require(english, chinese):
    if not (ROOT / chinese).is_file():
        pytest.fail(translate_hint(english, chinese))


def read(path):
    return nbformat.read(ROOT / path, as_version=4)


# ---------------------------------------------------------------------------- every page is there

def test_the_english_edition_has_pages_to_translate():
    assert len(PAIRS) >= 3 + 10 + 9


@pytest.mark.parametrize("english,chinese", PAIRS, ids=ids(PAIRS))
def test_every_english_page_has_its_chinese_page(english, chinese):
    assert (ROOT / chinese).is_file(), translate_hint(english, chinese)


@pytest.mark.parametrize("name", english_problem_sets())
def test_a_chinese_problem_set_has_the_english_ones_data_files(name):
    english, chinese = ROOT / "solutions" / name, ROOT / "solutions" / chinese_problem_set(name)
    require(f"solutions/{name}/{name}.ipynb", f"solutions/{chinese.name}/{chinese.name}.ipynb")
    for data in sorted(p for p in english.rglob("*") if p.is_file() and p.suffix != ".ipynb"
                       and ".ipynb_checkpoints" not in p.parts):
        copy = chinese / data.relative_to(english)
        assert copy.is_file() and copy.read_bytes() == data.read_bytes(), (
            f"copy {data.relative_to(ROOT)} to {copy.relative_to(ROOT)}")


ENGLISH_TOC = toc_files(ROOT / "book" / "_toc.yml")
CHINESE_TOC = toc_files(ROOT / "book" / "_toc_zh.yml")


@pytest.mark.parametrize("position,english", list(enumerate(ENGLISH_TOC)), ids=ENGLISH_TOC)
def test_the_chinese_toc_lists_each_page_where_the_english_one_does(position, english):
    expected = chinese_toc_entry(english)
    assert expected in CHINESE_TOC, f"book/_toc_zh.yml does not list {expected} ({english})"
    assert CHINESE_TOC.index(expected) == position, (
        f"book/_toc_zh.yml lists {expected} at place {CHINESE_TOC.index(expected) + 1}; "
        f"book/_toc.yml lists {english} at place {position + 1}")


def test_the_chinese_toc_lists_nothing_else():
    extra = sorted(set(CHINESE_TOC) - {chinese_toc_entry(page) for page in ENGLISH_TOC})
    assert extra == [], f"book/_toc_zh.yml lists pages with no English page: {extra}"


def test_the_two_configurations_differ_only_in_title_language_and_switch():
    import yaml

    def settings(name):
        config = yaml.safe_load((ROOT / "book" / name).read_text(encoding="utf-8"))
        sphinx_config = config["sphinx"]["config"]
        for key in ("language", "kerasedu_other_edition"):
            sphinx_config.pop(key, None)
        config.pop("title")
        return config

    assert settings("_config_zh.yml") == settings("_config.yml")
    chinese = yaml.safe_load((ROOT / "book" / "_config_zh.yml").read_text(encoding="utf-8"))
    assert chinese["sphinx"]["config"]["language"] == "zh_CN"
    assert chinese["sphinx"]["config"]["kerasedu_other_edition"] == "../"


# ---------------------------------------------------------------------------- freshness

@pytest.mark.parametrize("english,chinese", PAIRS, ids=ids(PAIRS))
def test_chinese_page_translates_the_english_page_as_it_is_now(english, chinese):
    require(english, chinese)
    found = translation.record(chinese)
    assert found is not None, (f"{chinese} records no English source: when it is final, run "
                               f"`{STAMP} {chinese} {english}`")
    assert found[0] == english, (f"{chinese} records that it translates {found[0]}, but it is "
                                 f"the Chinese page of {english}")
    assert translation.source_hash(english) == found[1], (
        f"{english} has changed since {chinese} was translated: carry the change into "
        f"{chinese} (git log -p {english} shows it), then run `{STAMP} {chinese}`")


def test_no_chinese_page_is_stale_by_the_record():
    """The same verdict as `python book/translation.py status`, over every Chinese page that
    exists, including any page no English page accounts for."""
    expected = {chinese for _, chinese in PAIRS}
    orphans = [page for page in translation.translated_pages() if page not in expected]
    assert orphans == [], f"Chinese pages with no English page in the book: {orphans}"
    assert translation.stale_pages() == {}


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A copy of an English chapter and of the preface in a scratch repository, each with a
    Chinese page stamped from it; book/translation.py works on the copy."""
    for english in ("chapters/01_layers.ipynb", "book/preface.md"):
        (tmp_path / english).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / english, tmp_path / english)
    (tmp_path / "zh" / "chapters").mkdir(parents=True)
    (tmp_path / "zh" / "book").mkdir(parents=True)
    notebook = nbformat.read(tmp_path / "chapters" / "01_layers.ipynb", as_version=4)
    notebook.cells[0].source = "# 第 1 章　层"
    nbformat.write(notebook, tmp_path / "zh" / "chapters" / "01_layers.ipynb")
    (tmp_path / "zh" / "book" / "preface.md").write_text("# 前言\n", encoding="utf-8")
    monkeypatch.setattr(translation, "ROOT", str(tmp_path))
    translation.stamp("zh/chapters/01_layers.ipynb", "chapters/01_layers.ipynb")
    translation.stamp("zh/book/preface.md", "book/preface.md")
    return tmp_path


def test_changing_an_english_page_makes_its_chinese_page_stale(scratch):
    assert translation.stale_pages() == {}
    english = scratch / "chapters" / "01_layers.ipynb"
    notebook = nbformat.read(english, as_version=4)
    markdown = next(cell for cell in notebook.cells[1:] if cell.cell_type == "markdown")
    markdown.source += "\n\nA sentence the Chinese page does not have yet."
    nbformat.write(notebook, english)
    preface = scratch / "book" / "preface.md"
    preface.write_text(preface.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")

    stale = translation.stale_pages()
    assert sorted(stale) == ["zh/book/preface.md", "zh/chapters/01_layers.ipynb"]
    assert "chapters/01_layers.ipynb, which has changed" in stale["zh/chapters/01_layers.ipynb"]
    assert "stamp zh/chapters/01_layers.ipynb" in stale["zh/chapters/01_layers.ipynb"]
    assert translation.main(["status"]) == 1

    translation.stamp("zh/chapters/01_layers.ipynb")
    translation.stamp("zh/book/preface.md")
    assert translation.stale_pages() == {}


def test_a_code_change_is_a_change_and_outputs_are_not(scratch):
    english = scratch / "chapters" / "01_layers.ipynb"
    notebook = nbformat.read(english, as_version=4)
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="run once\n")]
    code.execution_count = 1
    nbformat.write(notebook, english)
    assert translation.stale_pages() == {}
    code.source += "\nx = 1"
    nbformat.write(notebook, english)
    assert list(translation.stale_pages()) == ["zh/chapters/01_layers.ipynb"]


# ---------------------------------------------------------------------------- cell for cell

class DropTranslatable(ast.NodeTransformer):
    """Remove what a translation may change: docstrings, and the arguments of print()
    (comments are not in the AST)."""

    def _drop_docstring(self, node):
        self.generic_visit(node)
        body = node.body
        if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
        return node

    visit_Module = visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _drop_docstring

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            node.args = []
        return node


def program(source, where):
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        pytest.fail(f"{where} is not Python: {error}")
    return ast.dump(DropTranslatable().visit(tree), include_attributes=False)


def imports_cell_without_grading_lines(source):
    """The imports cell of a Chinese problem set without its two last lines, the ones that
    switch grading's feedback to Chinese; None when it does not end with them."""
    lines = source.rstrip("\n").split("\n")
    if [line.strip() for line in lines[-2:]] != GRADING_LINES:
        return None
    return "\n".join(lines[:-2])


MYST_LINE = re.compile(r"^(:::+|```+)(\{[a-z-]+\})?", re.MULTILINE)


def myst_structure(markdown):
    """The directive and fence lines of a Markdown cell, in order (``:::{dropdown}``,
    ``:::``, ...): what MyST builds from, which a translation keeps as it is."""
    return [m.group(0) for m in MYST_LINE.finditer(markdown)]


FORMULA = re.compile(r"\$\$.+?\$\$|\$[^$\s][^$]*\$", re.DOTALL)


def formulas(markdown):
    """The cell's formulas ($...$ and $$...$$), sorted: a translation keeps every one, in the
    order its own sentences need."""
    return sorted(FORMULA.findall(markdown))


def differences(english_path, chinese_path):
    """What differs, other than translatable text, between the two notebooks (a list)."""
    english, chinese = read(english_path), read(chinese_path)
    problem_set = english_path.startswith("solutions/")
    found = []
    if len(english.cells) != len(chinese.cells):
        found.append(f"{len(chinese.cells)} cells, the English page has {len(english.cells)}")
    if chinese.metadata.get("kernelspec") != english.metadata.get("kernelspec"):
        found.append("the notebook's kernelspec differs")
    first_code = next((i for i, c in enumerate(english.cells) if c.cell_type == "code"), None)
    for index, (en, zh) in enumerate(zip(english.cells, chinese.cells)):
        where = f"cell {index} (id {en.get('id')})"
        if zh.cell_type != en.cell_type:
            found.append(f"{where}: a {zh.cell_type} cell, the English one is {en.cell_type}")
            continue
        if zh.get("id") != en.get("id"):
            found.append(f"{where}: id {zh.get('id')!r}")
        if zh.metadata != en.metadata:
            found.append(f"{where}: metadata {dict(zh.metadata)} != {dict(en.metadata)}")
        if zh.cell_type == "code" and (zh.get("outputs") or zh.get("execution_count")):
            found.append(f"{where}: committed with outputs")
        if zh.cell_type == "markdown":
            if myst_structure(zh.source) != myst_structure(en.source):
                found.append(f"{where}: its MyST directives and fences differ from the English "
                             f"cell's: {myst_structure(zh.source)} != "
                             f"{myst_structure(en.source)}")
            if formulas(zh.source) != formulas(en.source):
                found.append(f"{where}: its formulas differ from the English cell's: "
                             f"{formulas(zh.source)} != {formulas(en.source)}")
            continue
        if zh.cell_type != "code":
            continue
        zh_source = zh.source
        if problem_set and index == first_code:
            zh_source = imports_cell_without_grading_lines(zh_source)
            if zh_source is None:
                found.append(f"{where}: the imports cell of a Chinese problem set ends with "
                             f"the two lines {GRADING_LINES}")
                continue
        elif "use_language" in zh.source:
            found.append(f"{where}: only the imports cell switches grading's language")
        if program(zh_source, f"{chinese_path} {where}") != program(en.source, where):
            found.append(f"{where}: the code differs from the English cell's (only comments, "
                         f"docstrings and print()'s arguments may be translated)")
        if DELIMITER.findall(zh.source) != DELIMITER.findall(en.source):
            found.append(f"{where}: its ### BEGIN/END SOLUTION / HIDDEN TESTS lines differ")
        if HIDDEN_TESTS.findall(zh.source) != HIDDEN_TESTS.findall(en.source):
            found.append(f"{where}: its hidden tests are not the English ones, exactly")
    return found


@pytest.mark.parametrize("english,chinese", NOTEBOOK_PAIRS, ids=ids(NOTEBOOK_PAIRS))
def test_chinese_notebook_is_the_english_one_cell_for_cell(english, chinese):
    require(english, chinese)
    found = differences(english, chinese)
    assert found == [], f"{chinese} is not {english} cell for cell:\n" + "\n".join(found)


@pytest.mark.parametrize("english,chinese", PROBLEM_SET_PAIRS, ids=ids(PROBLEM_SET_PAIRS))
def test_chinese_problem_set_has_the_english_points_and_grade_ids(english, chinese):
    require(english, chinese)

    def graded(path):
        return [(c.metadata["nbgrader"].get("grade_id"), c.metadata["nbgrader"].get("points"))
                for c in read(path).cells if c.metadata.get("nbgrader", {}).get("grade")]

    assert graded(chinese) == graded(english) != []


# ---------------------------------------------------------------------------- links

def page_texts(path):
    if path.endswith(".md"):
        return [(ROOT / path).read_text(encoding="utf-8")]
    return [cell.source for cell in read(path).cells if cell.cell_type == "markdown"]


ENGLISH_PAGES = {english for english, _ in PAIRS} | {
    f"exercises/{name}/{name}.ipynb" for name in english_problem_sets()}


@pytest.mark.parametrize("english,chinese", PAIRS, ids=ids(PAIRS))
def test_chinese_page_links_chinese_pages_that_exist(english, chinese):
    require(english, chinese)
    folder = (ROOT / chinese).parent
    wrong = []
    for text in page_texts(chinese):
        for link in MARKDOWN_LINK.findall(text):
            target = (folder / link).resolve()
            relative = target.relative_to(ROOT).as_posix() if target.is_relative_to(ROOT) else link
            if relative in ENGLISH_PAGES:
                wrong.append(f"{link} is an English page")
            elif not target.is_file() and not relative.startswith("exercises/"):
                wrong.append(f"{link} does not exist")
    assert wrong == [], f"{chinese}: " + "; ".join(wrong)


# ---------------------------------------------------------------------------- the checks can fail

def test_cell_for_cell_finds_a_changed_program(tmp_path, monkeypatch):
    english = "solutions/ps01_layers/ps01_layers.ipynb"
    notebook = read(english)
    first = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells[first].source += "\n" + "\n".join(GRADING_LINES)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = "中文：" + cell.source
        elif cell.cell_type == "code":
            cell.source = re.sub(r"(?m)^(\s*)# ", r"\1# 注释 ", cell.source)
    copy = tmp_path / "ps01_layers_zh.ipynb"
    nbformat.write(notebook, copy)
    assert differences(english, copy) == []

    code = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and i != first]
    changed = read(copy)
    changed.cells[code[0]].source += "\nunits = 3"
    changed.cells[code[1]].metadata["nbgrader"] = {"grade": True, "points": 99}
    changed.cells[first].source = changed.cells[first].source.replace(
        GRADING_LINES[1], "")
    nbformat.write(changed, copy)
    found = differences(english, copy)
    assert any(f"cell {code[0]} " in line and "code differs" in line for line in found), found
    assert any(f"cell {code[1]} " in line and "metadata" in line for line in found), found
    assert any(f"cell {first} " in line and "ends with the two lines" in line
               for line in found), found


def test_docstrings_comments_and_print_arguments_may_be_translated():
    english = ('def f(x):\n    """Add one."""\n    print("sum:", x + 1)  # show it\n'
               '    return x + 1\n')
    chinese = 'def f(x):\n    """加一。"""\n    print("和：", x + 1)  # 显示\n    return x + 1\n'
    assert program(chinese, "zh") == program(english, "en")
    for other in ('def f(x):\n    return x + 2\n', 'def f(y):\n    return y + 1\n',
                  'def f(x):\n    g("和：")\n    return x + 1\n'):
        assert program(other, "zh") != program(english, "en")


def test_myst_structure_sees_a_fence_the_translation_lost():
    english = ":::{admonition} Learning objectives\n1. one\n:::\n\n:::{dropdown} Answer\nx\n:::"
    chinese = ":::{admonition} 学习目标\n1. 一\n:::\n\n:::{dropdown} 答案\nx\n::"
    assert myst_structure(english) == [":::{admonition}", ":::", ":::{dropdown}", ":::"]
    assert myst_structure(chinese) != myst_structure(english)


def test_formulas_see_a_formula_the_translation_changed_or_added():
    english = "The loss $L = (y - \\hat y)^2$ of one sample $x_i$."
    assert formulas("样本 $x_i$ 的损失 $L = (y - \\hat y)^2$。") == formulas(english)
    assert formulas("样本 $x_i$ 的损失 $L = (y - \\hat y)^{2}$。") != formulas(english)
    assert formulas("价格 $5，样本 $x_i$ 的损失 $L = (y - \\hat y)^2$。") != formulas(english)
