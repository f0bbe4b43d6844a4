"""Helpers for the grading tests."""

import pytest


def assert_fails_teaching(call, fragments):
    """``call()`` fails with an AssertionError whose message contains every one of
    ``fragments`` (a grading check's message must say what is wrong and how to fix it)."""
    with pytest.raises(AssertionError) as info:
        call()
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)
