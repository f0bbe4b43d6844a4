"""Shared pieces of the grading tests: a fresh copy of the grading functions for each test."""

import importlib

import pytest

import kerasedu.grading


@pytest.fixture
def grading():
    """kerasedu.grading reloaded, with fresh private reference copies (see ``fresh()``)."""
    return importlib.reload(kerasedu.grading).fresh()
