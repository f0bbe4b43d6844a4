"""Copy what the rendered book loads into its own HTML, so that it reads the same offline.

Two npm packages, pinned in book/package.json and installed by `make setup`
(`npm ci --prefix book`), are served from the book's `_static` folder:

- **MathJax 3** typesets every formula. book/_config.yml points Sphinx's `mathjax_path` at
  `_static/mathjax/tex-mml-chtml.js`; the folders beside it hold what that script loads on
  demand (TeX extensions, fonts, the accessibility and SVG options of its menu).
- **Noto Sans SC** draws Chinese text (the glossary now, a Chinese edition later). Its
  stylesheets split the font into many small files by Unicode range, so a browser fetches only
  the pieces for the characters on a page. The copies keep only the Chinese ranges (ideographs,
  their punctuation, full-width forms): book/_static/kerasedu.css puts the font first in the
  theme's font stacks, so it draws every Chinese character, on every machine, and nothing else
  (English text keeps the system's interface font).

Without book/node_modules the build stops with an error that says how to install it.

JupyterLab serves the same narrowed font to the chapters it opens (classroom/jupyter/
chinese_font.py); run as a program, this writes it into a folder::

    python book/_ext/offline_assets.py classroom/jupyter/custom/fonts/noto-sans-sc
"""

import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

BOOK = Path(__file__).resolve().parent.parent
NODE_MODULES = BOOK / "node_modules"
MATHJAX = NODE_MODULES / "mathjax" / "es5"
# The combined component the book loads, and the folders it loads more from.
MATHJAX_PARTS = ("tex-mml-chtml.js", "a11y", "adaptors", "input", "output", "sre", "ui")
NOTO_SANS_SC = NODE_MODULES / "@fontsource" / "noto-sans-sc"
FONT_WEIGHTS = ("400", "700")
# The Unicode blocks of Chinese text: CJK radicals, Kangxi radicals, ideographic description;
# CJK symbols and punctuation, Bopomofo; enclosed letters and compatibility; ideographs
# (extension A, the main block); compatibility ideographs; vertical and small forms;
# full-width forms; ideographs of extensions B and later.
CJK_RANGES = ((0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3100, 0x312F), (0x31A0, 0x31FF),
              (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
              (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))
FONT_FACE = re.compile(r"(?:/\*[^*]*\*/\s*)?@font-face\s*\{[^}]*\}\s*")
UNICODE_RANGE = re.compile(r"unicode-range:\s*([^;]+);")
# Each @font-face lists a woff2 file and a woff fallback that no current browser needs.
WOFF_FALLBACK = re.compile(r",\s*url\([^)]*\.woff\) format\('woff'\)")
WOFF2_FILE = re.compile(r"url\(\./files/([^)]+\.woff2)\)")


def check_installed(app, config):
    required = [MATHJAX / "tex-mml-chtml.js"]
    required += [NOTO_SANS_SC / f"{weight}.css" for weight in FONT_WEIGHTS]
    missing = [str(path.relative_to(BOOK.parent)) for path in required if not path.is_file()]
    if missing:
        raise ExtensionError(
            "the book serves MathJax and its Chinese font from book/node_modules, and "
            f"{', '.join(missing)} is missing: run `make setup` (or `npm ci --prefix book`)")


def copy_mathjax(static):
    target = static / "mathjax"
    for part in MATHJAX_PARTS:
        source = MATHJAX / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)


def parse_unicode_range(text):
    """'U+4e00-4e2f,U+4e31' -> [(0x4e00, 0x4e2f), (0x4e31, 0x4e31)]."""
    spans = []
    for part in text.split(","):
        first, _, last = part.strip()[2:].partition("-")
        spans.append((int(first, 16), int(last or first, 16)))
    return spans


def chinese_part(spans):
    """The pieces of spans that lie in CJK_RANGES, as a unicode-range value ('' if none)."""
    kept = [(max(first, low), min(last, high)) for first, last in spans
            for low, high in CJK_RANGES if first <= high and low <= last]
    return ",".join(f"U+{first:x}" if first == last else f"U+{first:x}-{last:x}"
                    for first, last in kept)


def chinese_faces(css):
    """The @font-face rules of css narrowed to the Chinese ranges, woff2 only."""
    faces = []
    for face in FONT_FACE.findall(css):
        spans = parse_unicode_range(UNICODE_RANGE.search(face).group(1))
        narrowed = chinese_part(spans)
        if narrowed:
            face = UNICODE_RANGE.sub(f"unicode-range: {narrowed};", face)
            faces.append(WOFF_FALLBACK.sub("", face))
    return "".join(faces)


def copy_font(static):
    write_font(static / "fonts" / "noto-sans-sc")


def write_font(target):
    """Noto Sans SC's stylesheets, narrowed to Chinese text, and their files, into target."""
    (target / "files").mkdir(parents=True, exist_ok=True)
    for weight in FONT_WEIGHTS:
        css = chinese_faces((NOTO_SANS_SC / f"{weight}.css").read_text())
        for name in WOFF2_FILE.findall(css):
            shutil.copy2(NOTO_SANS_SC / "files" / name, target / "files" / name)
        (target / f"{weight}.css").write_text(css)


def copy_assets(app, exception):
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        copy_mathjax(static)
        copy_font(static)


def setup(app):
    app.connect("config-inited", check_installed)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    import sys

    check_installed(None, None)
    write_font(Path(sys.argv[1]))
