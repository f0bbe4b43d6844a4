"""kerasedu.grading.nbgrader_fixes.DeduplicateIds: a duplicated cell no longer trips nbgrader's
metadata check (which, in nbgrader 0.9.6, stops autograde for the whole class)."""

import copy
import pathlib

import nbformat
import pytest

pytest.importorskip("nbgrader")

from nbgrader.nbgraderformat import SchemaTooOldError  # noqa: E402
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3 as ValidatorV3  # noqa: E402
from nbgrader.preprocessors import DeduplicateIds as NbgraderDeduplicateIds  # noqa: E402

from kerasedu.grading.nbgrader_fixes import DeduplicateIds  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _with_a_duplicated_test_cell():
    notebook = nbformat.read(ROOT / "exercises" / "ps01_layers" / "ps01_layers.ipynb",
                             as_version=4)
    index = next(i for i, c in enumerate(notebook.cells)
                 if c.metadata.get("nbgrader", {}).get("grade_id") == "test_dense_call")
    twin = copy.deepcopy(notebook.cells[index])
    twin.id = "twin"
    notebook.cells.insert(index, twin)
    return notebook, index


def test_nbgraders_own_deduplication_leaves_metadata_its_validator_rejects():
    notebook, _ = _with_a_duplicated_test_cell()
    notebook, _ = NbgraderDeduplicateIds().preprocess(notebook, {})
    with pytest.raises(SchemaTooOldError):
        ValidatorV3().validate_nb(notebook)


def test_the_fix_keeps_the_last_copy_graded_and_turns_the_others_into_plain_cells():
    notebook, index = _with_a_duplicated_test_cell()
    notebook, _ = DeduplicateIds().preprocess(notebook, {})
    ValidatorV3().validate_nb(notebook)
    assert "nbgrader" not in notebook.cells[index].metadata
    assert notebook.cells[index + 1].metadata.nbgrader["grade_id"] == "test_dense_call"
    ids = [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))


def test_the_course_configuration_uses_the_fix():
    from traitlets.config import Config
    config = Config()
    namespace = {"get_config": lambda: config, "__file__": str(ROOT / "nbgrader_config.py")}
    exec((ROOT / "nbgrader_config.py").read_text(), namespace)
    assert "kerasedu.grading.nbgrader_fixes.DeduplicateIds" in \
        config.Autograde.sanitize_preprocessors
    assert "nbgrader.preprocessors.DeduplicateIds" not in config.Autograde.sanitize_preprocessors
