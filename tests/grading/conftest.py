"""Shared pieces of the grading tests.

The ``grading`` fixture is kerasedu.grading itself. After every test the record that
kerasedu.grading keeps of what it relies on (kerasedu.grading.integrity) must still match: a
test that leaves something replaced, or a check that changes what it relies on, fails here.
Tests that tamper on purpose run in a process of their own (see test_integrity.py). Every
test starts with the feedback in English, whatever the test before it chose.
"""

import pytest

import kerasedu.grading


@pytest.fixture
def grading():
    return kerasedu.grading


@pytest.fixture(autouse=True)
def nothing_replaced():
    yield
    kerasedu.grading.integrity.verify()


@pytest.fixture(autouse=True)
def english_feedback(monkeypatch):
    """The feedback language is kept in the environment (kerasedu.grading.language): each test
    starts in English, and the environment is put back as it was after it."""
    monkeypatch.setenv("KERASEDU_FEEDBACK_LANGUAGE", "en")
