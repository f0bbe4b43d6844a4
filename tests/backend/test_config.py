"""floatx, epsilon and image_data_format: defaults, setters, config file and environment."""

import json
import os
import subprocess
import sys

import pytest

from kerasedu import backend as K


def test_defaults_and_setters_restore():
    assert (K.floatx(), K.epsilon(), K.image_data_format()) == ("float32", 1e-7, "channels_last")
    K.set_floatx("float64")
    try:
        assert K.variable([1.0]).dtype == "float64"
    finally:
        K.set_floatx("float32")
    with pytest.raises(ValueError, match="Unknown floatx type"):
        K.set_floatx("float8")
    with pytest.raises(ValueError, match="channels_last"):
        K.set_image_data_format("channels_middle")


def _settings_in_subprocess(env):
    code = ("from kerasedu import backend as K; "
            "print(K.floatx(), K.epsilon(), K.image_data_format())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, **env}, check=True)
    assert result.stderr == ""
    return result.stdout.split()


def test_config_file_then_environment_override(tmp_path):
    (tmp_path / "kerasedu.json").write_text(json.dumps(
        {"floatx": "float64", "epsilon": 1e-5, "image_data_format": "channels_first"}))
    env = {"KERASEDU_HOME": str(tmp_path)}
    assert _settings_in_subprocess(env) == ["float64", "1e-05", "channels_first"]
    env["KERASEDU_FLOATX"] = "float16"
    assert _settings_in_subprocess(env) == ["float16", "1e-05", "channels_first"]


def test_layer_name_counters():
    K.clear_session()
    assert [K.get_uid("dense") for _ in range(3)] == [1, 2, 3]
    K.reset_uids()
    assert K.get_uid("dense") == 1


def test_blas_uses_one_thread_unless_the_environment_says_otherwise():
    code = ("import kerasedu, threadpoolctl; "
            "print(sorted({p['num_threads'] for p in threadpoolctl.threadpool_info() "
            "if p['user_api'] == 'blas'}))")
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                        "KERASEDU_BLAS_THREADS")}
    one = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    assert one.stdout.strip() == "[1]" and one.stderr == ""
    two = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**env, "KERASEDU_BLAS_THREADS": "2"}, check=True)
    assert two.stdout.strip() == "[2]"
