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
