"""A link on every page of either edition to the same page in the other one.

The book has two editions, built from the repository root by `make book`: the English one
(book/_config.yml, book/_toc.yml) into book/_build/html, and the Chinese one
(book/_config_zh.yml, book/_toc_zh.yml) into book/_build/html/zh. A page and its translation
are named alike:

    book/preface                  <->  zh/book/preface           (and glossary, instructor_guide)
    chapters/01_layers            <->  zh/chapters/01_layers
    exercises/ps01_layers/ps01_layers  <->  exercises/ps01_layers_zh/ps01_layers_zh
    search, genindex              <->  search, genindex

The link is relative (the other edition's folder is `zh/` below the English one's root, and
`../` above the Chinese one's), so it works from a web server and from files opened directly,
with no network. It sits in the article's header, before the theme's buttons. A page whose
counterpart has no source file links to the other edition's front page instead.

Each configuration names the other edition's folder, relative to its own root::

    sphinx:
      config:
        kerasedu_other_edition: zh/      # in book/_config.yml
        kerasedu_other_edition: ../      # in book/_config_zh.yml
"""

import posixpath
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "kerasedu-language-switch.html"
# What the link says and the language of the page it leads to, by this page's language.
LINKS = {
    "en": {"text": "中文", "title": "阅读本页的中文版", "hreflang": "zh-CN"},
    "zh_CN": {"text": "English", "title": "Read this page in English", "hreflang": "en"},
}
PROBLEM_SET = re.compile(r"^exercises/(ps\d\d_\w+?)(_zh)?/\1(?:_zh)?$")
SOURCE_SUFFIXES = (".ipynb", ".md")


def is_chinese(language):
    return (language or "en").replace("-", "_").lower().startswith("zh")


def counterpart(docname, chinese):
    """The docname, in the other edition, of the page ``docname`` of this edition."""
    if docname in ("search", "genindex"):
        return docname
    problem_set = PROBLEM_SET.match(docname)
    if problem_set:
        name = problem_set.group(1)
        return f"exercises/{name}/{name}" if chinese else f"exercises/{name}_zh/{name}_zh"
    if chinese:
        return docname[len("zh/"):] if docname.startswith("zh/") else None
    return f"zh/{docname}" if docname.startswith(("book/", "chapters/")) else None


def has_source(srcdir, docname):
    if docname in ("search", "genindex"):
        return True
    return any((Path(srcdir) / f"{docname}{suffix}").is_file() for suffix in SOURCE_SUFFIXES)


def switch_link(pagename, chinese, other_edition, srcdir):
    """The relative URL, from page ``pagename``, of its counterpart in the other edition."""
    target = counterpart(pagename, chinese)
    if target is None or not has_source(srcdir, target):
        target = "index"
    to_root = "../" * pagename.count("/")
    return posixpath.normpath(posixpath.join(to_root or ".", other_edition, f"{target}.html"))


def add_to_header(app, config):
    """Put the switch in the article header, before the theme's buttons."""
    config.templates_path.append(str(TEMPLATES))
    options = config.html_theme_options
    end = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(end, str):
        end = [item.strip() for item in end.split(",") if item.strip()]
    if TEMPLATE not in end:
        options["article_header_end"] = [TEMPLATE, *end]


def add_link(app, pagename, templatename, context, doctree):
    chinese = is_chinese(app.config.language)
    link = dict(LINKS["zh_CN" if chinese else "en"])
    link["href"] = switch_link(pagename, chinese, app.config.kerasedu_other_edition, app.srcdir)
    context["kerasedu_language_switch"] = link


def setup(app):
    app.add_config_value("kerasedu_other_edition", "zh/", "html")
    app.connect("config-inited", add_to_header)
    app.connect("html-page-context", add_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
