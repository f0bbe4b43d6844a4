"""The keras.io developer guides, snippet by snippet, on kerasedu (``import kerasedu as keras``).

Each test module transliterates one guide: the guide's code with its data shrunk, TensorFlow-only
lines in their backend-neutral form (``ops.concatenate`` for ``tf.concat``) and kerasedu's
``GradientTape`` where a guide uses a backend's. Each test asserts what the guide shows
(shapes, parameter counts, summaries, weight names, History keys, printed values); where the
guide prints nothing to compare with, the same snippet runs on real Keras 3 (``keras`` fixture,
JAX backend) and the two must agree.

Summaries are compared line by line with Keras's, at the width Keras uses when it prints to
a notebook (COLUMNS=80, so a 76-character table).
"""

import os

import pytest

import kerasedu


@pytest.fixture(autouse=True)
def fresh_names(monkeypatch):
    """Layer names count from zero in every test (``dense``, ``dense_1``, ...), in kerasedu and
    in Keras, and summaries are drawn 76 characters wide."""
    monkeypatch.setenv("COLUMNS", "80")
    kerasedu.utils.clear_session()
    if "keras" in __import__("sys").modules:
        __import__("keras").utils.clear_session()
    yield
