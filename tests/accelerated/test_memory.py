"""Importing kerasedu keeps freed memory for reuse (kerasedu/accelerated/memory.py): a loop that
allocates and frees the same large arrays stops page-faulting, unless the environment opts out."""

import os
import subprocess
import sys

import pytest

from kerasedu.accelerated import memory

pytestmark = pytest.mark.skipif(memory._glibc() is None, reason="glibc's malloc only")

# Rounds of four 8 MB arrays made and freed, as a training step does; prints the page faults of
# the last six rounds.
LOOP = """
import resource, numpy as np, kerasedu
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
counts = []
for _ in range(8):
    start = faults()
    arrays = [np.ones(2**21, np.float32) for _ in range(4)]
    del arrays
    counts.append(faults() - start)
print(sum(counts[2:]))
"""


def _faults(**settings):
    env = {k: v for k, v in os.environ.items()
           if k not in memory._USER_SETTINGS + ("KERASEDU_KEEP_FREED_MEMORY",)}
    result = subprocess.run([sys.executable, "-c", LOOP], capture_output=True, text=True,
                            env={**env, **settings}, check=True)
    assert result.stderr == ""
    return int(result.stdout)


def test_freed_memory_is_reused_without_page_faults():
    kept = _faults()
    given_back = _faults(KERASEDU_KEEP_FREED_MEMORY="0")
    assert kept < 200 < given_back          # 48 MB of fresh pages: ~12,000 faults here


def test_the_environment_can_opt_out_or_tune_malloc_itself(monkeypatch):
    monkeypatch.setenv("KERASEDU_KEEP_FREED_MEMORY", "0")
    assert memory.apply_default() is False
    monkeypatch.delenv("KERASEDU_KEEP_FREED_MEMORY")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1000000")
    assert memory.apply_default() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    assert memory.apply_default() is True
