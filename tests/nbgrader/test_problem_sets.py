"""The problem sets: committed student copies are current, solutions pass, releases leak nothing.

nbgrader runs from the repository root (nbgrader_config.py: solutions/ is the source directory,
exercises/ the release directory). Each check starts nbgrader or a kernel, so they are slow.

The Chinese problem sets (psNN_name_zh, translating psNN_name) are assignments of their own and
get the same checks, except two runs their code makes redundant: it is the English set's
(tests/book checks it cell for cell) plus the line that switches feedback to Chinese, which
changes what a failing check says and nothing else. So a Chinese release is run to fail every
test (every check's message, in Chinese), but its solution, which passes and says nothing, and
the separate run for stderr are the English set's. Their released versions carry the English
set's grade ids and points.
"""

import filecmp
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest

from book_editions import chinese_problem_set, english_problem_sets

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROBLEM_SETS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
ENGLISH_PROBLEM_SETS = english_problem_sets()
BIN = pathlib.Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _nbgrader(*args, cwd=ROOT):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _validate(path, invert=False):
    from traitlets.config import Config
    from nbgrader.validator import Validator
    config = Config()
    config.Validator.invert = invert
    return Validator(config=config).validate(str(path))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """{problem set: its release folder, or nbgrader's error}, generated as `make exercises`
    does, by nbgrader's API in this process (one start of nbgrader for every set), into a
    temporary release directory with a gradebook of its own."""
    from classroom.worker import nbgrader_api

    out = tmp_path_factory.mktemp("release")
    api = nbgrader_api(ROOT)
    api.coursedir.release_directory = str(out)
    api.coursedir.db_url = f"sqlite:///{out / 'gradebook.db'}"
    found = {}
    for ps in PROBLEM_SETS:
        result = api.generate_assignment(ps, force=True)
        found[ps] = out / ps if result["success"] else result.get("error", "") + result["log"]
    return found


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_committed_exercises_are_what_nbgrader_generates(ps, generated):
    assert isinstance(generated[ps], pathlib.Path), generated[ps]
    generated, committed = generated[ps], ROOT / "exercises" / ps
    assert committed.is_dir(), f"exercises/{ps} is missing: run `make exercises` and commit it."
    names = sorted(p.name for p in generated.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    for name in names:
        assert filecmp.cmp(generated / name, committed / name, shallow=False), (
            f"exercises/{ps}/{name} is out of date: run `make exercises` and commit the result.")


@pytest.mark.parametrize("ps", ENGLISH_PROBLEM_SETS)
def test_solution_passes_every_test_including_hidden_ones(ps):
    assert _validate(ROOT / "solutions" / ps / f"{ps}.ipynb") == {}


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_released_notebook_fails_every_test(ps):
    assert _validate(ROOT / "exercises" / ps / f"{ps}.ipynb", invert=True) == {}


@pytest.mark.parametrize("ps", ENGLISH_PROBLEM_SETS)
def test_test_cells_print_nothing_to_stderr_when_correct(ps):
    from nbclient import NotebookClient
    notebook = nbformat.read(ROOT / "solutions" / ps / f"{ps}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "solutions" / ps)}}).execute()
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            streams = [o for o in cell.get("outputs", []) if o.get("name") == "stderr"]
            assert not streams, f"{cell.metadata['nbgrader']['grade_id']}: {streams}"


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_every_grade_id_is_unique_and_cells_have_ids(ps):
    notebook = nbformat.read(ROOT / "solutions" / ps / f"{ps}.ipynb", as_version=4)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells
           if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))
    assert all("id" in c for c in notebook.cells)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code")


@pytest.mark.parametrize("ps", PROBLEM_SETS)
def test_released_code_cells_are_python_and_test_cells_import_grading_first(ps):
    import ast
    header = "from kerasedu import grading\n"
    for folder in ("solutions", "exercises"):
        notebook = nbformat.read(ROOT / folder / ps / f"{ps}.ipynb", as_version=4)
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code":
                continue
            ast.parse(cell.source)
            if meta.get("grade"):
                assert cell.source.startswith(header), meta["grade_id"]
                assert meta.get("points", 0) > 0, meta["grade_id"]


def _graded_cells(folder, ps):
    notebook = nbformat.read(ROOT / folder / ps / f"{ps}.ipynb", as_version=4)
    return [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"].get("points"))
            for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("ps", ENGLISH_PROBLEM_SETS)
def test_chinese_release_has_the_english_grade_ids_and_points(ps):
    chinese = chinese_problem_set(ps)
    assert (ROOT / "exercises" / chinese).is_dir(), (
        f"exercises/{chinese} is missing: translate solutions/{ps} into solutions/{chinese}, "
        "then run `make exercises`")
    assert _graded_cells("exercises", chinese) == _graded_cells("exercises", ps) != []


DENSE_WITHOUT_BIAS = '''
class Dense(Layer):
    """A Dense whose call forgets to add the bias it creates."""

    def __init__(self, units, activation=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(ops.matmul(inputs, self.kernel))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias}
'''


def test_nbgrader_validate_shows_the_whole_teaching_message(tmp_path):
    """nbgrader validate cuts every line longer than 87 characters; the checks' messages are
    wrapped, so a student reads all of it."""
    notebook = nbformat.read(ROOT / "exercises" / "ps01_layers" / "ps01_layers.ipynb",
                             as_version=4)
    source = DENSE_WITHOUT_BIAS
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "dense_impl":
            cell.source = source
    path = tmp_path / "ps01_layers.ipynb"
    nbformat.write(notebook, path)
    result = _nbgrader("validate", str(path), cwd=tmp_path)
    namespace = {}
    exec("from kerasedu import activations, ops\nfrom kerasedu.layers import Layer\n" + source,
         namespace)
    import kerasedu.grading
    with pytest.raises(AssertionError) as info:
        kerasedu.grading.check_call(namespace["Dense"], "Dense", input_shape=(None, 3),
                                    args=(4,), kwargs={"activation": "relu"})
    message = info.value.message
    assert "VALIDATION FAILED" in result.stdout, result.stdout + result.stderr
    assert " ".join(message.split()) in " ".join(result.stdout.split()), result.stdout
