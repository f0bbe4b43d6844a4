"""Helpers for the grading tests."""

import contextlib
import re

import pytest


def flat(text):
    """``text`` with every run of white space made one space (messages are wrapped)."""
    return " ".join(str(text).split())


def assert_fails_teaching(call, fragments):
    """``call()`` fails with an AssertionError whose message contains every one of
    ``fragments`` (a grading check's message must say what is wrong and how to fix it)."""
    with pytest.raises(AssertionError) as info:
        call()
    for fragment in fragments:
        assert flat(fragment) in flat(info.value), str(info.value)


@contextlib.contextmanager
def raises_teaching(pattern):
    """Like pytest.raises(AssertionError, match=pattern), on the message with its white space
    made single spaces (messages are wrapped)."""
    with pytest.raises(AssertionError) as info:
        yield info
    assert re.search(pattern, flat(info.value)), str(info.value)
