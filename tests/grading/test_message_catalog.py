"""Every message kerasedu.grading can show a student has its Chinese translation.

The messages are found in the source, as gettext's extraction does: every call of ``tr`` or
``deferred`` in kerasedu/grading gives an English template (it must be a string literal, or
it could not be looked up). Each must have an entry in the zh_CN catalog with the same
placeholders, every entry must be used, and Chinese sentences take full-width punctuation.
A string written for the student without ``tr`` would stay English in a Chinese problem set,
so English prose anywhere else in the checks (docstrings and the ValueErrors that tell an
instructor a check was called wrongly aside) fails too, naming file and line.
"""

import ast
import re
import string
from pathlib import Path

import pytest

import kerasedu.grading
from kerasedu.grading import zh_CN

PACKAGE = Path(kerasedu.grading.__file__).parent
# The lookup itself, and nbgrader's side (feedback pages, configuration), which no student reads
# as a message of a check.
NOT_CHECKS = {"language.py", "feedback.py", "nbgrader_fixes.py"}
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name not in NOT_CHECKS)
# English strings that are not messages: the marker line ``make grade`` searches for, and
# labels compared in code.
NOT_MESSAGES = {"kerasedu.grading: tampering detected", "the notebook", "no wrapper"}
ENGLISH = re.compile(r"\b[A-Za-z]{2,}\b[ ,;:]+\b[A-Za-z]{2,}\b")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")   # with full-width punctuation


def _templates():
    """[(file:line, template)] of every tr(...) and deferred(...) in the checks, and the
    places where the first argument is not a string literal."""
    found, not_literal = [], []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr",
                                                                                  "deferred"):
                where = f"{path.name}:{node.lineno}"
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((where, first.value))
                else:
                    not_literal.append(where)
    return found, not_literal


TEMPLATES, NOT_LITERAL = _templates()


def _fields(template):
    """The placeholders of a str.format template: {(name, conversion, format spec)}."""
    return {(name, conversion, spec) for _, name, spec, conversion
            in string.Formatter().parse(template) if name is not None}


def test_the_checks_write_many_messages_through_the_catalog():
    assert len({t for _, t in TEMPLATES}) > 300
    assert {p.name for p in MODULES} >= {"common.py", "layer_checks.py", "im2col_checks.py"}


def test_every_template_is_a_string_literal():
    assert not NOT_LITERAL, f"tr/deferred called with a computed template at {NOT_LITERAL}"


def test_every_message_has_a_chinese_translation():
    missing = sorted({f"{where}: {template!r}" for where, template in TEMPLATES
                      if template not in zh_CN.CATALOG})
    assert not missing, "no zh_CN entry for:\n" + "\n".join(missing)


@pytest.mark.parametrize("module", zh_CN.MODULES, ids=lambda m: m.__name__.rsplit(".")[-1])
def test_each_translation_has_the_placeholders_of_its_template(module):
    wrong = [(english, sorted(_fields(english) ^ _fields(chinese)))
             for english, chinese in module.MESSAGES.items()
             if _fields(english) != _fields(chinese)]
    assert not wrong, wrong


def test_every_catalog_entry_is_used_and_translated_once():
    used = {template for _, template in TEMPLATES}
    entries = [key for module in zh_CN.MODULES for key in module.MESSAGES]
    assert sorted(set(entries) - used) == []
    assert sorted(k for k in set(entries) if entries.count(k) > 1) == []


@pytest.mark.parametrize("english", sorted(zh_CN.CATALOG), ids=lambda t: t[:50])
def test_chinese_sentences_take_full_width_punctuation(english):
    chinese = zh_CN.CATALOG[english]
    if not CJK.search(chinese):
        # Code with no words, written the same in both editions.
        assert not ENGLISH.search(re.sub(r"\{[^{}]*\}|\w+=|[\w.]+\(", "", english)), chinese
        return
    prose = re.sub(r"\{[^{}]*\}", "X", chinese)
    assert not re.search(r"[\u3400-\u9fff][,.;:!?]|[,;:!?][\u3400-\u9fff]", prose), chinese
    assert not re.search(r"[\u3400-\u9fff][()]|[()][\u3400-\u9fff]", prose), chinese


def _english_outside_the_catalog(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                body[0].value, ast.Constant):
            skip.add(id(body[0].value))                      # docstrings
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "deferred"):
            skip.update(id(a) for a in node.args[:1])
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and getattr(
                node.exc.func, "id", None) == "ValueError":  # a check called wrongly
            skip.update(id(n) for n in ast.walk(node.exc))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if text not in NOT_MESSAGES and ENGLISH.search(re.sub(r"\{[^{}]*\}", " ", text)) \
                and not _is_python(text):
            found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def _is_python(text):
    """Whether ``text`` is Python source (a model's code shown to the student), not prose."""
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_english_message_bypasses_the_catalog(path):
    assert _english_outside_the_catalog(path) == []


def test_an_english_message_outside_the_catalog_is_found(tmp_path):
    module = tmp_path / "new_checks.py"
    module.write_text('"""Docstring, fine."""\n'
                      'def check(x):\n'
                      '    """Also fine."""\n'
                      '    if x:\n'
                      '        raise ValueError(f"reference must be one of {x}")\n'
                      '    raise GradingError(f"{x} returned the wrong values")\n')
    assert _english_outside_the_catalog(module) == [
        "new_checks.py:6: '{} returned the wrong values'"]
