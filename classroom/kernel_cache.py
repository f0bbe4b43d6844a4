"""The numba cache students' kernels load while they are graded, compiled before any of them runs.

kerasedu compiles each numba kernel the first time it is called, which takes seconds, and
minutes for the recurrent ones: inside a student's cell that would use up the cell's time limit
and cost points, more on a fresh install than on a warm one. So grading uses a cache of its own
(:func:`cache_folder`, outside the course), filled by ``python -m kerasedu warmup`` before the
first student: warm, that takes a few seconds, since warmup then only loads what is cached.
Each sandbox reads the cache and starts from a private copy of it (classroom/sandbox.py), so no
student can change what the next one loads.
"""

import os
import subprocess
import time
from pathlib import Path


def cache_folder():
    """``$KERASEDU_GRADING_CACHE``, else ``$XDG_CACHE_HOME/kerasedu/grading-numba`` (by default
    ``~/.cache/kerasedu/grading-numba``)."""
    chosen = os.environ.get("KERASEDU_GRADING_CACHE")
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return Path(base).expanduser() / "kerasedu" / "grading-numba"


def warm_up(python, folder=None, timeout=1800):
    """Compile every kerasedu kernel into ``folder`` (default :func:`cache_folder`) with the
    Python that runs the kernels; returns (seconds, output). Raises RuntimeError, with
    kerasedu's output, if warmup fails."""
    folder = Path(folder or cache_folder())
    folder.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    done = subprocess.run([python, "-m", "kerasedu", "warmup"], capture_output=True, text=True,
                          env={**os.environ, "NUMBA_CACHE_DIR": str(folder)}, cwd=folder,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"python -m kerasedu warmup failed:\n{done.stdout}{done.stderr}")
    return time.monotonic() - start, done.stdout
