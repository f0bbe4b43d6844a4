"""nbgrader's pipeline grades with a numba cache of its own.

Grading compiles every kerasedu kernel into a cache before the first student's kernel starts
(classroom/kernel_cache.py). The tests of tests/classroom grade at the same time in another
worker process (`make test` runs the suite on every core), and two warm-ups filling one cache
at once could each drop the other's entries; so these tests warm, and then read, their own.
"""

import pytest


@pytest.fixture(autouse=True, scope="module")
def grading_cache_of_its_own(tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "nbgrader-grading-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KERASEDU_GRADING_CACHE", str(folder))
        yield folder
