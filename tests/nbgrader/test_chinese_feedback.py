"""End to end in Chinese: a student of the Chinese problem set 1 (ps01_layers_zh) hands in a
Dense that forgets its bias; nbgrader's own autograde and generate_feedback grade it, and the
student reads why in Chinese.

The Chinese problem set's imports cell calls ``grading.use_language("zh_CN")``, so each check
that fails says what went wrong in Chinese. A temporary course (nbgrader_config.py and the
Chinese set's source, its own gradebook) releases the set, receives the submission (the English
set's simulated student "no_bias_added", classroom/students/ps01_layers.py: the same program),
and grades it. The failed test cells and the points are the English student's; the message of
each failed check (the exception's own text, not the traceback, which quotes the test cell) has
Chinese in it, and so does the feedback page, where the student reads it.
"""

import html
import os
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from classroom import simulate

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
ENGLISH = "ps01_layers"
PS = "ps01_layers_zh"
STUDENT = "no_bias_added"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not (ROOT / "solutions" / PS).is_dir():
        pytest.fail(f"solutions/{PS} is missing: the Chinese problem set 1 is not translated yet")
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / PS, course / "solutions" / PS)
    db = f"sqlite:///{course / 'gradebook.db'}"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def nbgrader(*args):
        result = subprocess.run([str(BIN / "nbgrader"), *args, f"--db={db}"], cwd=course,
                                env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"nbgrader {args[0]}:\n{result.stdout}{result.stderr}"

    nbgrader("generate_assignment", PS)
    kind = simulate.kinds(ENGLISH)[STUDENT]
    notebook = simulate.submission(kind, PS)
    path = course / "submitted" / STUDENT / PS / f"{PS}.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(notebook, path)
    nbgrader("autograde", PS, "--force")
    nbgrader("generate_feedback", PS, "--force")
    autograded = nbformat.read(course / "autograded" / STUDENT / PS / f"{PS}.ipynb", as_version=4)
    page = course / "feedback" / STUDENT / PS / f"{PS}.html"
    return {"notebook": autograded, "feedback": page.read_text(encoding="utf-8"),
            "failing": set(kind[1])}


def failed_checks(notebook):
    """{grade_id: the message of the exception the test cell raised}."""
    found = {}
    for cell in notebook.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if cell.metadata.get("nbgrader", {}).get("grade") and errors:
            found[cell.metadata["nbgrader"]["grade_id"]] = errors[0].evalue
    return found


def test_the_student_fails_the_tests_the_english_student_fails(graded):
    assert set(failed_checks(graded["notebook"])) == graded["failing"] != set()


def test_each_failed_check_says_why_in_chinese(graded):
    for grade_id, message in failed_checks(graded["notebook"]).items():
        assert CJK.search(message), f"{grade_id}: the check's message is not in Chinese:\n{message}"


def test_the_feedback_page_shows_the_chinese_message(graded):
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", graded["feedback"])).split())
    for grade_id, message in failed_checks(graded["notebook"]).items():
        chinese = [line.strip() for line in message.splitlines() if CJK.search(line)]
        assert chinese, grade_id
        assert " ".join(chinese[0].split()) in text, f"{grade_id}: {chinese[0]!r} not in feedback"
