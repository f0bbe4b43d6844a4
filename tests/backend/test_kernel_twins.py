"""Every registered kernel: the numba version equals its numpy twin; the backend works without
numba; importing kerasedu compiles nothing."""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kerasedu.backend.kernels import registered_kernels
from kerasedu.backend.kernels.gather import gather_rows, scatter_add_rows


def _copies(args):
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


@pytest.mark.parametrize("name", sorted(registered_kernels()))
def test_twins_agree_on_examples(name):
    k = registered_kernels()[name]
    assert k.numpy is not None and k.example_arguments is not None, name
    for args in k.example_arguments():
        numba_args, numpy_args = _copies(args), _copies(args)
        numba_result = k.numba(*numba_args)
        numpy_result = k.numpy(*numpy_args)
        for a, b in zip(numba_args + [numba_result], numpy_args + [numpy_result]):
            if isinstance(a, np.ndarray):
                np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(1, 6), width=st.integers(1, 4), n=st.integers(0, 12),
       seed=st.integers(0, 999))
def test_gather_scatter_twins_on_random_shapes(rows, width, n, seed):
    rng = np.random.default_rng(seed)
    table = rng.normal(size=(rows, width)).astype(np.float32)
    indices = rng.integers(0, rows, size=n).astype(np.int64)
    a, b = np.empty((n, width), np.float32), np.empty((n, width), np.float32)
    gather_rows.numba(a, table, indices)
    gather_rows.numpy(b, table, indices)
    assert np.array_equal(a, b) and np.array_equal(a, table[indices])
    updates = rng.normal(size=(n, width))
    a, b = np.zeros((rows, width)), np.zeros((rows, width))
    scatter_add_rows.numba(a, indices, updates)
    scatter_add_rows.numpy(b, indices, updates)
    assert np.allclose(a, b)


def _run(code, **env):
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.strip()


def test_importing_kerasedu_compiles_nothing_and_skips_numba():
    out = _run("import sys, kerasedu; print('numba' in sys.modules)")
    assert out == "False"


def test_library_works_without_numba():
    code = ("import sys; sys.modules['numba'] = None\n"
            "import numpy as np, kerasedu\n"
            "from kerasedu import ops\n"
            "from kerasedu.backend.kernels import active_implementation\n"
            "print(active_implementation(), round(float(ops.erf(np.array([0.5])).numpy()[0]), 6))")
    assert _run(code) == "numpy 0.5205"


def test_environment_variable_selects_the_twins():
    code = ("from kerasedu.backend.kernels import active_implementation; "
            "print(active_implementation())")
    assert _run(code, KERASEDU_KERNELS="numpy") == "numpy"
    assert _run(code, KERASEDU_KERNELS="numba") == "numba"


def test_the_setting_is_read_at_every_call(monkeypatch):
    from kerasedu.backend.kernels import active_implementation
    monkeypatch.delenv("KERASEDU_KERNELS", raising=False)
    assert active_implementation() == "numba"
    for value, expected in (("numpy", "numpy"), (" NumPy ", "numpy"), ("numba", "numba")):
        monkeypatch.setenv("KERASEDU_KERNELS", value)
        assert active_implementation() == expected
    monkeypatch.setenv("KERASEDU_KERNELS", "fortran")
    with pytest.raises(ValueError, match="KERASEDU_KERNELS must be 'numba' or 'numpy', "
                                         "received 'fortran'"):
        active_implementation()


def test_float64_calls_run_the_twin_and_compile_nothing(monkeypatch):
    """float64 is the dtype of checking: a kernel given float64 arrays runs its twin (the
    reference), so no float64 signature is ever compiled; float32 arrays run numba."""
    from kerasedu.backend.kernels import compiling
    sent_to_numba = []
    monkeypatch.setattr(compiling, "call", lambda k, args: sent_to_numba.append(k.name))
    table = np.arange(12.0).reshape(4, 3)
    indices = np.array([3, 0, 3])
    out = np.zeros((3, 3))
    monkeypatch.setenv("KERASEDU_KERNELS", "numba")
    gather_rows(out, table, indices)
    np.testing.assert_array_equal(out, table[indices])
    assert sent_to_numba == []
    gather_rows(out.astype(np.float32), table.astype(np.float32), indices)
    assert sent_to_numba == ["gather_rows"]
    k = registered_kernels()["gather_rows"]
    assert all(a.dtype != np.float64 for args in k.compiled_examples() for a in args
               if isinstance(a, np.ndarray))
