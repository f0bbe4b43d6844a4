"""The two editions of the book, page for page: which Chinese page translates which English one.

The English edition's pages are those of book/_toc.yml and the problem sets' sources in
solutions/; each has its Chinese page at a fixed place (book/ -> zh/book/, chapters/ ->
zh/chapters/, solutions/psNN_name/ -> solutions/psNN_name_zh/). tests/book and tests/nbgrader
iterate over these pairs, so that a new English page without its translation fails, by name.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ZH_SUFFIX = "_zh"


def toc_files(toc_path):
    """The pages a Jupyter Book table of contents lists, in order (paths without suffix)."""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def source_of(stem):
    """The file of a toc entry: its .ipynb or .md, whichever exists (.ipynb when neither)."""
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{stem}{suffix}").is_file():
            return f"{stem}{suffix}"
    return f"{stem}.ipynb"


def chinese_toc_entry(english):
    """The Chinese edition's toc entry for the English edition's toc entry ``english``."""
    parts = english.split("/")
    if parts[0] == "exercises":
        name = parts[1] + ZH_SUFFIX
        return f"exercises/{name}/{name}"
    return f"zh/{english}"


def is_english_problem_set(folder):
    return folder.is_dir() and not folder.name.endswith(ZH_SUFFIX)


def english_problem_sets():
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if is_english_problem_set(p))


def chinese_problem_set(name):
    return name + ZH_SUFFIX


def problem_set_source(name):
    return f"solutions/{name}/{name}.ipynb"


def pairs():
    """[(English page, Chinese page)]: every page of book/_toc.yml except the student versions
    of the problem sets (generated from solutions/), and every problem set's source."""
    found = []
    for english in toc_files(ROOT / "book" / "_toc.yml"):
        if english.startswith("exercises/"):
            continue
        source = source_of(english)
        found.append((source, f"zh/{source}"))
    for name in english_problem_sets():
        found.append((problem_set_source(name), problem_set_source(chinese_problem_set(name))))
    return found


def notebook_pairs():
    return [(english, chinese) for english, chinese in pairs() if english.endswith(".ipynb")]
