"""Keras's layer tests: the skip list and the known failures are applied as they are
collected (see skips.py)."""

import pytest

from keras_layer_tests.skips import known_failure, reason_to_skip


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "requires_trainable_backend: a Keras test that trains (all of them run "
        "here: kerasedu trains)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is None or not cls.__module__.startswith("keras_wheel_tests."):
            continue
        reason = reason_to_skip(cls.__module__, cls.__name__, item.name)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
            continue
        failure = known_failure(cls.__module__, cls.__name__, item.name)
        if failure:
            item.add_marker(pytest.mark.xfail(reason=failure, strict=True))
