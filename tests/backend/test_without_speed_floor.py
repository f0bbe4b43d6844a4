"""kerasedu is complete without its speed floor: with kerasedu.accelerated hidden by an import
hook, a slice of the suite (layers, recurrent layers, training, optimizers, Keras parity) passes
on the teaching floor alone, in a subprocess."""

import os
import subprocess
import sys
import textwrap

import pytest

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A pytest plugin, loaded before anything imports kerasedu: importing kerasedu.accelerated
# fails as if the package had been deleted.
HIDE = textwrap.dedent("""
    import sys

    class HideSpeedFloor:
        def find_spec(self, name, path=None, target=None):
            if name == "kerasedu.accelerated" or name.startswith("kerasedu.accelerated."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, HideSpeedFloor())
""")

SLICE = ["layers/test_recurrent.py", "layers/test_convolutional.py", "layers/test_pooling.py",
         "layers/test_embedding.py", "trainers/test_fit_semantics.py", "test_optimizers.py",
         "parity/test_parity_recurrent.py", "parity/test_parity_fit.py",
         "backend/test_conv_ops.py"]


@pytest.mark.slow
def test_the_suite_passes_with_the_speed_floor_hidden(tmp_path):
    (tmp_path / "hide_speed_floor.py").write_text(HIDE)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(tmp_path), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    probe = subprocess.run(
        [sys.executable, "-c", "import hide_speed_floor, sys, kerasedu\n"
         "from kerasedu.backend import faster\n"
         "print('kerasedu.accelerated' in sys.modules, faster.registered())"],
        capture_output=True, text=True, env=env)
    assert probe.returncode == 0 and probe.stdout.strip() == "False {}", probe.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "hide_speed_floor",
         "-p", "no:cacheprovider", *SLICE],
        cwd=TESTS, capture_output=True, text=True, env=env)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary, summary
