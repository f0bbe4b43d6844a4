"""Which English page each page of the Chinese edition translates, and whether it still does.

Every Chinese page records the English page it translates and a hash of that page's source at
the time it was translated (or last brought in step):

* a notebook, in its metadata::

      "kerasedu": {"translation": {"source": "chapters/01_layers.ipynb",
                                   "source_sha256": "<hex>"}}

* a Markdown page, in a MyST comment on its first line (never rendered)::

      % translation of book/preface.md, English sha256 <hex>

The hash covers what a reader reads: a notebook's cell types and sources (not outputs, ids or
metadata), a Markdown page's whole text. When an English page changes, its hash changes and the
Chinese page that records the old hash is stale; ``status`` lists it and the test suite fails
naming it. After carrying the change into the Chinese page, ``stamp`` records the new hash.

Paths are relative to the repository root. Run from there::

    python book/translation.py status                 # every Chinese page: fresh or stale
    python book/translation.py stamp zh/chapters/01_layers.ipynb
"""

import hashlib
import json
import os
import re
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKDOWN_RECORD = re.compile(r"^% translation of (\S+), English sha256 ([0-9a-f]{64})\n")


def source_hash(english_path):
    """sha256 of what a reader reads in the English page ``english_path``."""
    with open(os.path.join(ROOT, english_path), encoding="utf-8") as f:
        text = f.read()
    if english_path.endswith(".ipynb"):
        cells = json.loads(text)["cells"]
        text = json.dumps([[c["cell_type"], _joined(c["source"])] for c in cells],
                          ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _joined(source):
    return "".join(source) if isinstance(source, list) else source


def record(translated_path):
    """(English path, recorded hash) of the Chinese page ``translated_path``, or None."""
    with open(os.path.join(ROOT, translated_path), encoding="utf-8") as f:
        text = f.read()
    if translated_path.endswith(".ipynb"):
        found = json.loads(text)["metadata"].get("kerasedu", {}).get("translation")
        return (found["source"], found["source_sha256"]) if found else None
    match = MARKDOWN_RECORD.match(text)
    return match.groups() if match else None


def stamp(translated_path, english_path=None):
    """Record in ``translated_path`` the current hash of its English page (``english_path``,
    or the page it already names)."""
    english_path = english_path or record(translated_path)[0]
    digest = source_hash(english_path)
    full = os.path.join(ROOT, translated_path)
    with open(full, encoding="utf-8") as f:
        text = f.read()
    if translated_path.endswith(".ipynb"):
        notebook = json.loads(text)
        notebook["metadata"].setdefault("kerasedu", {})["translation"] = {
            "source": english_path, "source_sha256": digest}
        text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    else:
        line = f"% translation of {english_path}, English sha256 {digest}\n"
        text = line + MARKDOWN_RECORD.sub("", text, count=1)
    _write_atomically(full, text)


def _write_atomically(path, text):
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".translation-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def translated_pages():
    """Every page of the Chinese edition: zh/ (chapters, preface, glossary, instructor guide)
    and the Chinese problem sets' sources (solutions/*_zh/)."""
    pages = []
    for top in ("zh", "solutions"):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            relative = os.path.relpath(folder, ROOT)
            if top == "solutions" and not relative.endswith("_zh"):
                continue
            if ".ipynb_checkpoints" in relative:
                continue
            pages += [os.path.join(relative, name) for name in sorted(files)
                      if name.endswith((".ipynb", ".md"))]
    return sorted(pages)


def stale_pages():
    """{Chinese page: why it is out of step} for every page whose record is missing or old."""
    stale = {}
    for page in translated_pages():
        found = record(page)
        if found is None:
            stale[page] = "records no English source (run: python book/translation.py stamp "
            stale[page] += f"{page} <English page>)"
        elif not os.path.exists(os.path.join(ROOT, found[0])):
            stale[page] = f"translates {found[0]}, which no longer exists"
        elif source_hash(found[0]) != found[1]:
            stale[page] = (f"translates {found[0]}, which has changed since; carry the change "
                           f"into {page}, then run: python book/translation.py stamp {page}")
    return stale


def main(argv):
    if argv[:1] == ["stamp"] and len(argv) in (2, 3):
        stamp(*argv[1:])
        return 0
    if argv == ["status"]:
        stale = stale_pages()
        for page in translated_pages():
            print(f"{'STALE' if page in stale else 'fresh'}  {page}  {stale.get(page, '')}")
        return 1 if stale else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
