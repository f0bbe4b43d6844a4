"""Shared test set-up.

Real Keras 3 is the specification for kerasedu's behaviour, so parity tests compare the
two. Keras needs a backend chosen before it is first imported; the tests use JAX, which
the ``dev`` extra installs. Use the ``keras`` fixture (or ``require_keras()``) to get the
module: the test is skipped when Keras is not installed, except in CI, where a missing
Keras means a broken install and fails the test instead.
"""

import importlib.util
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
# Kernels compile at their first call in tests (not on a background thread while the twins
# serve), so that a test that selects numba runs numba; tests/accelerated tests the background.
os.environ.setdefault("KERASEDU_BACKGROUND_COMPILE", "0")

# Programs that tests start, and the programs those start in turn (nbgrader runs alembic,
# notebooks start kernels), come from the environment running the tests.
_bin = os.path.dirname(sys.executable)
if os.environ.get("PATH", "").split(os.pathsep)[0] != _bin:
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

import pytest  # noqa: E402  (the environment must be set before anything imports keras)


def keras_available():
    """Whether Keras can be imported, found without importing it (that takes seconds)."""
    return importlib.util.find_spec("keras") is not None


def require_keras():
    """Return the ``keras`` module, or skip the calling test when it is not installed."""
    if not keras_available():
        message = "keras is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI installs it, so this is a broken environment")
        pytest.skip(message)
    import keras

    return keras


@pytest.fixture(autouse=True)
def same_random_start():
    """Every test starts from the same global random state (Python's, numpy's and kerasedu's),
    whatever ran before it in its worker: pytest-xdist hands test modules to the workers in no
    fixed order, and unseeded initial weights must not change from run to run."""
    import random

    import numpy as np

    from kerasedu.backend.ops import random as kerasedu_random
    random.seed(0)
    np.random.seed(0)
    kerasedu_random.set_seed(0)


@pytest.fixture(scope="session")
def keras():
    """The real Keras 3 module, with the JAX backend."""
    return require_keras()


# `make test` runs the suite on every core with pytest-xdist (``-n logical --dist loadscope``):
# each worker process takes one group of tests at a time and runs it whole (the scheduler
# below). A group is one test module, except for the end-to-end tests that share a session's
# work, a numba cache or the machine's ports and users, which form one group each and start
# first, longest first: a class graded in the sandbox and on JupyterHub, nbgrader's own
# pipeline, and the book (the builds, the browser and JupyterLab tests, the chapters one by one).
LONG_GROUPS = {
    "classroom": ("tests/classroom/",),
    "nbgrader": ("tests/nbgrader/",),
    "book": ("tests/book/", "tests/test_book_build.py", "tests/test_book_browser.py",
             "tests/test_book_lab.py"),
}


def group_of(nodeid):
    """The group a test runs in: a long group's name, or its module's path."""
    path = nodeid.split("::")[0]
    return next((name for name, places in LONG_GROUPS.items()
                 if path.startswith(places)), path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduler by scope, with :func:`group_of` as the scope."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return group_of(nodeid)
    return GroupScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """The long groups first; and skip every test marked ``parity`` when Keras is missing,
    outside CI."""
    order = list(LONG_GROUPS)
    items.sort(key=lambda item: order.index(group_of(item.nodeid))
               if group_of(item.nodeid) in order else len(order))
    if keras_available() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="parity test needs keras (pip install -e '.[dev]')")
    for item in items:
        if "parity" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(params=["numba", "numpy"])
def implementation(request, monkeypatch):
    """Run the test once with the numba kernels and once with their numpy twins."""
    monkeypatch.setenv("KERASEDU_KERNELS", request.param)
    return request.param
