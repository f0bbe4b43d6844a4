"""Feedback without the hidden tests (named in nbgrader_config.py; needs nbgrader installed).

nbgrader writes a student's feedback from their autograded notebook, in which autograde has put
the hidden tests back: by default a student reads every hidden check in the feedback, in the
test cells' code and again in the tracebacks of the checks that failed. Hidden tests exist so
that a student's code has to be right for inputs they have not seen, so they must stay hidden
after grading too, and from one problem set to the next year's class.

:class:`HideHiddenTests` takes them out: it removes the ``### BEGIN HIDDEN TESTS`` ...
``### END HIDDEN TESTS`` region from each test cell, as nbgrader does when it makes the student
version, and shortens the error output of such a cell to its last line, the error and the
message that kerasedu.grading wrote for the student. A student's own cells are left as they
wrote them, even if they contain those delimiters. The code a test cell runs reaches the
student's kernel, and a student's code could print it: any line of a hidden test (one that no
visible test also has) that appears in any output is replaced by ``[hidden test]``, or
``[隐藏的测试]`` in a notebook whose imports cell calls ``grading.use_language("zh_CN")`` (the
Chinese edition's). Scores are not affected: feedback is made from the gradebook after
grading. The course's nbgrader_config.py puts it into nbgrader's feedback step
(:data:`FEEDBACK_PREPROCESSORS`), for ``nbgrader generate_feedback``, the formgrader's button
and ``make grade`` alike.
"""

import re

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests

REDACTED = "[hidden test]"
# What replaces a hidden test's line in the language a notebook chose for its feedback.
REDACTED_IN = {"en": REDACTED, "zh_CN": "[隐藏的测试]"}
_CHOOSES_LANGUAGE = re.compile(r"""use_language\(\s*["']([\w]+)["']\s*\)""")
# Lines shorter than this (a bracket, "else:") say nothing of a hidden test.
_SHORTEST_SECRET = 8


class HideHiddenTests(ClearHiddenTests):
    """nbgrader's ClearHiddenTests for test cells only, which also leaves only the error line
    of a hidden test's traceback and redacts hidden tests printed into any output."""

    def preprocess(self, nb, resources):
        hidden = {line.strip() for cell in nb.cells if self._is_test(cell)
                  for line in self._hidden_lines(cell.source)}
        shown = {line.strip() for cell in nb.cells
                 for line in self._shown_lines(cell.source if self._is_test(cell) else "")}
        self._secrets = sorted((line for line in hidden - shown
                                if len(line) >= _SHORTEST_SECRET), key=len, reverse=True)
        self._replacement = REDACTED_IN.get(_language(nb), REDACTED)
        nb, resources = super().preprocess(nb, resources)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                self._redact(output)
        return nb, resources

    @staticmethod
    def _is_test(cell):
        return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)

    def _hidden_lines(self, source, hidden_part=True):
        hidden, lines = False, []
        for line in source.splitlines():
            if self.begin_test_delimeter in line:
                hidden = True
            elif self.end_test_delimeter in line:
                hidden = False
            elif hidden == hidden_part:
                lines.append(line)
        return lines

    def _shown_lines(self, source):
        return self._hidden_lines(source, hidden_part=False)

    def preprocess_cell(self, cell, resources, cell_index):
        if not self._is_test(cell):
            return cell, resources
        had_hidden_tests = self.begin_test_delimeter in cell.source
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if had_hidden_tests:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources

    def _redact(self, output):
        if output.get("output_type") == "stream":
            output["text"] = self._redacted(output["text"])
        elif output.get("output_type") == "error":
            output["evalue"] = self._redacted(output["evalue"])
            output["traceback"] = [self._redacted(line) for line in output["traceback"]]
        for mime, value in output.get("data", {}).items():
            if isinstance(value, str) and (mime.startswith("text/") or mime.endswith("json")):
                output["data"][mime] = self._redacted(value)

    def _redacted(self, text):
        if not any(secret in text for secret in self._secrets):
            return text
        return "\n".join(self._replacement if any(secret in line for secret in self._secrets)
                         else line for line in text.split("\n"))


def _language(nb):
    """The feedback language a notebook's code chooses with grading.use_language ("en" when
    none)."""
    for cell in nb.cells:
        found = _CHOOSES_LANGUAGE.search(cell.source) if cell.cell_type == "code" else None
        if found:
            return found.group(1)
    return "en"


# nbgrader's GenerateFeedback.preprocessors with HideHiddenTests added after GetGrades.
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "kerasedu.grading.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
